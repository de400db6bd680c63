"""Demo papers (run by `manage.py loaddemo` after demo/workshops.py): the papers of ML for
Systems 2018 with generated PDFs, their decisions, released on the notification date, and
the accepted papers' camera-ready versions; and one draft in the open edition.

Idempotent: a paper is looked up by workshop and title and, once there, left alone; decisions
and the release date are written only when they differ. Papers whose authors have no demo
login are entered by the demo organizer, as if brought over from the old system."""

from datetime import timedelta

from django.core.exceptions import ValidationError

from people.models import User
from submissions import services
from submissions.models import Submission
from workshop.models import Topic, Workshop

from .paper_data import NEXT_EDITION_DRAFT, PAPERS_2018, WITHDRAWN, DemoPaper
from .pdf import paper_pdf
from .workshops import DEMO_ORGANIZER


def _authors(paper: DemoPaper) -> list[services.AuthorData]:
    return [
        services.AuthorData(name, email, affiliation) for name, email, affiliation in paper.authors
    ]


def _accounts(paper: DemoPaper) -> list[User]:
    emails = [email for _, email, _ in paper.authors]
    users = {u.email: u for u in User.objects.filter(email__in=emails)}
    return [users[email] for email in emails if email in users]


def _topics(workshop: Workshop, paper: DemoPaper):
    return Topic.objects.filter(workshop=workshop, name=paper.topic)


def _pdf(paper: DemoPaper) -> services.Upload:
    name = f"{paper.key}.pdf"
    return services.Upload(name=name, data=paper_pdf(paper.title, paper.abstract))


def _past_paper(workshop: Workshop, paper: DemoPaper, index: int, organizer: User) -> Submission:
    hours = 1 + (index * 7) % 96  # spread over the last four days of the call, as calls go
    return services.record_past_submission(
        workshop=workshop,
        by=organizer,
        title=paper.title,
        abstract=paper.abstract,
        authors=_authors(paper),
        keywords=paper.keywords,
        topics=_topics(workshop, paper),
        pdf=_pdf(paper),
        submitted_at=workshop.submission_deadline - timedelta(hours=hours, minutes=index),
    )


def _decide(submission: Submission, paper: DemoPaper, organizer: User) -> None:
    if submission.status == paper.decision:
        return
    if paper.decision == WITHDRAWN:
        # Withdrawn by one of its authors when one has a login, else by the organizer.
        by = next(iter(_accounts(paper)), organizer)
        services.withdraw(submission=submission, by=by)
    else:
        services.set_decision(submission=submission, decision=paper.decision, by=organizer)


def _camera_ready(submission: Submission, paper: DemoPaper, organizer: User) -> None:
    """Accepted papers have their camera-ready version, with the authors' names: the PDF
    the public papers page serves."""
    if not submission.is_accepted or submission.versions.filter(kind="camera_ready").exists():
        return
    byline = ", ".join(name for name, _, _ in paper.authors)
    pdf = paper_pdf(paper.title, paper.abstract, byline=byline)
    services.record_past_camera_ready(
        submission=submission,
        by=organizer,
        pdf=services.Upload(name=f"{paper.key}-camera-ready.pdf", data=pdf),
    )


def _next_edition_draft(out) -> None:
    paper = NEXT_EDITION_DRAFT
    nxt = Workshop.objects.get(slug="ml-for-systems-next")
    if Submission.objects.filter(workshop=nxt, title=paper.title).exists():
        return
    owner = _accounts(paper)[0]
    try:
        services.create_submission(
            workshop=nxt,
            by=owner,
            title=paper.title,
            abstract=paper.abstract,
            authors=_authors(paper),
            keywords=paper.keywords,
            topics=_topics(nxt, paper),
            pdf=_pdf(paper),
        )
    except ValidationError as refused:  # e.g. an old demo database whose call has closed
        out.write(f"The next edition's draft was not added: {' '.join(refused.messages)}")


def load(out) -> None:
    mlsys = Workshop.objects.get(slug="ml-for-systems-2018")
    organizer = User.objects.get(email=DEMO_ORGANIZER[0])
    existing = {
        s.title: s
        for s in Submission.objects.filter(workshop=mlsys, title__in=[p.title for p in PAPERS_2018])
    }
    for index, paper in enumerate(PAPERS_2018):
        submission = existing.get(paper.title) or _past_paper(mlsys, paper, index, organizer)
        _decide(submission, paper, organizer)
        _camera_ready(submission, paper, organizer)
    if mlsys.decisions_released_at != mlsys.notification_at:
        Workshop.objects.filter(pk=mlsys.pk).update(decisions_released_at=mlsys.notification_at)
    _next_edition_draft(out)
    out.write(
        f"Demo papers: {len(PAPERS_2018)} in /ml-for-systems-2018/ (decisions released), "
        "a draft in /ml-for-systems-next/ (author1@example.org: /me/submissions/)"
    )
