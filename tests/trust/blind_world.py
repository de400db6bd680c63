"""A workshop driven through its whole reviewing workflow with canaries for people: papers
submitted with the authors' canaries in the PDFs' metadata, reviewers invited, bidding,
assignment confirmed (mails), reviews submitted, reminders, the reviewers' discussion (its
digest mails) and a meta-review, decisions taken, program version 1 released and the
accepted paper drafted into the next version, which stays unreleased.
`release_decisions` then mails the decisions and releases the comments to the authors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify

from reviews.services.assignment import add_assignment, confirm_assignment
from reviews.services.bids import place_bid
from reviews.services.conflicts import refresh_conflicts
from reviews.services.decisions import decide, send_decision_mails
from reviews.services.discussion import post_comment, write_meta_review
from reviews.services.discussion_digest import send_discussion_digests
from reviews.services.pool import Invitee, accept_invitation, invitation_token, invite_reviewers
from reviews.services.reminders import send_review_reminders
from reviews.services.reviewing import ReviewData, save_review
from schedule.drafting import draft_from_decisions
from schedule.enums import ItemKind
from schedule.models import Room, ScheduleItem, Speaker
from schedule.services import release_schedule
from submissions import services as submission_services
from submissions.enums import SubmissionStatus
from workshop.enums import AnonymityPolicy, BlindMode, RoleKind

from ..factories import RoleFactory, UserFactory, WorkshopFactory
from ..submissions.pdfs import make_paper
from .canaries import Canary
from .walk import session_for
from .world import World, after_commit

AUTHORS = {
    "A1": Canary("Zephyrine Quodlibet", "zephyrine@aurochs-canary.example", "Aurochs Institute"),
    "A2": Canary("Thaddeus Wimbrelow", "t.wimbrelow@marmot-canary.example", "Marmot College"),
    "A3": Canary("Ottoline Pflaumbaum", "ottoline@narwhal-canary.example", "Narwhal Lab"),
}
REVIEWERS = {
    "R1": Canary("Ignatius Brackenfold", "ignatius@heron-canary.example", "Heron University"),
    "R2": Canary("Philippa Gorsewhistle", "philippa@osprey-canary.example", "Osprey Centre"),
    "R3": Canary("Barnaby Quillsworth", "barnaby@lynx-canary.example", "Lynx Polytechnic"),
    # The same mail domain as A1: detected as in conflict with the accepted paper.
    "C": Canary("Cornelius Dunnage", "cornelius@aurochs-canary.example", "Dunnage Works"),
}
# What the workflow mails before the decisions (receipts, invitation, assignment, reminder):
# build() checks that each was sent, so the scan reads every kind.
MAILED_WHILE_REVIEWING = (
    "submission_received",
    "version_received",
    "review_invitation",
    "review_assignment",
    "review_reminder",
    "discussion_digest",
)
OUTSIDER = "ivy@invited.example.org"  # invited to review, has not answered: no canary


def canary_pdf(authors: list[Canary], first_page_text: str | None = None) -> bytes:
    """A paper whose document information and XMP name its authors, as LaTeX's hyperref
    and many word processors write them."""
    names = ", ".join(a.name for a in authors)
    creators = "".join(f"<rdf:li>{a.name} ({a.email})</rdf:li>" for a in authors)
    xmp = (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:creator><rdf:Seq>{creators}</rdf:Seq></dc:creator>"
        f"<dc:rights>{authors[0].affiliation}</dc:rights>"
        '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    )
    return make_paper(
        first_page_text=first_page_text,
        metadata={
            "Author": names,
            "Creator": f"LaTeX with hyperref, {authors[0].email}",
            "Producer": authors[0].affiliation,
            "Subject": f"A workshop paper by {names}",
            "Keywords": f"{authors[0].affiliation}; {authors[0].email}",
        },
        xmp=xmp,
    )


@dataclass
class BlindWorld(World):
    papers: dict = field(default_factory=dict)  # "accepted" / "rejected" -> Submission
    organizer: object = None
    sent: list = field(default_factory=list)  # the mails sent while the world was built

    def values_for(self, paper) -> dict:
        version = submission_services.current_version(paper)
        # Its public address once its authors know it is accepted; before, the address its
        # title would get (which must answer 404).
        public = type(paper).objects.filter(pk=paper.pk).values_list("public_slug", flat=True)
        slug = public.get() or slugify(paper.title)
        return {**self.values, "pk": paper.pk, "version_pk": version.pk, "paper": slug}


class AnyRow(dict):
    """Admin pages only redirect these personas to the admin's login: any row will do."""

    def __init__(self, row):
        super().__init__()
        self.row = row

    def __missing__(self, label):
        return self.row


def _account(canary: Canary):
    return UserFactory(email=canary.email, name=canary.name, affiliation=canary.affiliation)


def _submit(workshop, by, title, authors: list[Canary]):
    rows = [submission_services.AuthorData(*a.row) for a in authors]
    with after_commit():
        paper = submission_services.create_submission(
            workshop=workshop,
            by=by,
            title=title,
            abstract="We learn a policy that replaces a hand-written heuristic.",
            authors=rows,
            keywords=["learned systems"],
            pdf=submission_services.Upload(f"{authors[0].name}.pdf", canary_pdf(authors)),
            submit=True,
        )
        # A second version: another receipt to every author.
        submission_services.update_submission(
            submission=paper,
            by=by,
            pdf=submission_services.Upload("camera.pdf", canary_pdf(authors)),
        )
    return paper


def _papers(workshop, people, mode):
    a1 = people["A1"]
    if mode == BlindMode.DOUBLE:
        # Names on the first page are refused: nothing of this upload is stored.
        with pytest.raises(ValidationError, match=r"names an author|first page"):
            submission_services.create_submission(
                workshop=workshop,
                by=a1,
                title="Refused",
                abstract="Refused.",
                authors=[submission_services.AuthorData(*AUTHORS["A1"].row)],
                pdf=submission_services.Upload(
                    "named.pdf", canary_pdf([AUTHORS["A1"]], AUTHORS["A1"].name)
                ),
                submit=True,
            )
    workshop.anonymity_policy = AnonymityPolicy.WARN  # the metadata is warned about, stripped
    workshop.save(update_fields=["anonymity_policy"])
    accepted = _submit(
        workshop, a1, "Learned caches for key-value stores", [AUTHORS["A1"], AUTHORS["A2"]]
    )
    rejected = _submit(workshop, people["A3"], "Learned index structures", [AUTHORS["A3"]])
    return accepted, rejected


def _reviewing(workshop, organizer, people, papers):
    with after_commit():
        invite_reviewers(
            workshop=workshop,
            by=organizer,
            invitees=[Invitee(c.email, c.name) for c in REVIEWERS.values()]
            + [Invitee(OUTSIDER, "Ivy Invited")],  # hers is the invitation link walked
        )
        for key in REVIEWERS:
            invitation = workshop.invitations.get(email=REVIEWERS[key].email)
            accept_invitation(invitation=invitation, user=people[key])
    refresh_conflicts(workshop=workshop)
    type(workshop).objects.filter(pk=workshop.pk).update(bidding_open=True)
    workshop.refresh_from_db()
    for paper in papers:
        place_bid(submission=paper, reviewer=people["R3"], preference="eager")
        for key in ("R1", "R2"):
            add_assignment(submission=paper, reviewer=people[key], by=organizer)
    with after_commit():
        confirm_assignment(workshop=workshop, by=organizer)
    accepted, rejected = papers
    for key, paper in (("R1", accepted), ("R2", accepted), ("R1", rejected)):
        save_review(
            submission=paper,
            by=people[key],
            data=ReviewData(
                score=4,
                confidence=2,
                summary="The paper learns a policy.",
                strengths="Clear.",
                weaknesses="One workload only.",
                comments_to_authors=f"Please add a second workload ({key[-1]}).",
                confidential_comments="Solid, if narrow.",
            ),
            submit=True,
        )
    save_review(submission=rejected, by=people["R2"], data=ReviewData(summary="Half-way."))
    with after_commit():  # R2 has not finished: a reminder, and the organizers' digest
        send_review_reminders(now=workshop.review_deadline - timedelta(days=1))
    _discussion(workshop, organizer, people, accepted)


def _discussion(workshop, organizer, people, paper):
    """R1 and R2 discuss the accepted paper signing with their names, which the workshop
    shows them; the organizer writes a meta-review. None of it may reach an author."""
    type(workshop).objects.filter(pk=workshop.pk).update(reviewers_anonymous=False)
    workshop.refresh_from_db()
    paper.workshop = workshop
    for key in ("R1", "R2"):
        canary = REVIEWERS[key]
        post_comment(
            submission=paper,
            by=people[key],
            text=f"I would accept. {canary.name}, {canary.affiliation}, {canary.email}",
        )
    post_comment(submission=paper, by=organizer, text="Thank you both; accepting it.")
    write_meta_review(submission=paper, by=organizer, text="A clear paper; add a workload.")
    with after_commit():
        assert send_discussion_digests(now=timezone.now() + timedelta(minutes=5)) == 3


def _decisions_and_program(workshop, organizer, accepted, rejected):
    decide(submission=accepted, outcome=SubmissionStatus.ACCEPTED_POSTER, by=organizer)
    decide(submission=rejected, outcome=SubmissionStatus.REJECTED, by=organizer)
    room = Room.objects.create(workshop=workshop, name="Room 220")
    keynote = ScheduleItem.objects.create(
        workshop=workshop,
        kind=ItemKind.INVITED_TALK,
        title="Opening keynote",
        start_at=workshop.starts_at + timedelta(hours=1),
        end_at=workshop.starts_at + timedelta(hours=2),
        room=room,
    )
    Speaker.objects.create(item=keynote, name="Kim Keynote", position=0)
    with after_commit():
        release_schedule(workshop=workshop, by=organizer, comment="Version 1.")
        # The accepted paper goes into the draft: unreleased, so nobody may see it yet.
        draft_from_decisions(workshop=workshop, by=organizer)
    assert accepted.boards.exists()  # a poster board in the draft
    return keynote


def build(mode: str) -> BlindWorld:
    now = timezone.now()
    starts = now + timedelta(days=60)
    workshop = WorkshopFactory(
        slug=f"blind-{mode}",
        name=f"Blind Workshop ({mode})",
        blind_mode=mode,
        anonymity_policy=AnonymityPolicy.REFUSE,
        submissions_open_at=now - timedelta(days=30),
        submission_deadline=now + timedelta(days=1),
        review_deadline=now + timedelta(days=20),
        starts_at=starts,
        ends_at=starts + timedelta(hours=10),
    )
    organizer = UserFactory(email="olga@organizers.example.org", name="Olga", is_staff=True)
    RoleFactory(workshop=workshop, user=organizer, kind=RoleKind.ORGANIZER)
    people = {key: _account(canary) for key, canary in {**AUTHORS, **REVIEWERS}.items()}
    accepted, rejected = _papers(workshop, people, mode)
    type(workshop).objects.filter(pk=workshop.pk).update(submission_deadline=now)
    workshop.refresh_from_db()
    _reviewing(workshop, organizer, people, (accepted, rejected))
    keynote = _decisions_and_program(workshop, organizer, accepted, rejected)
    mailed = set(workshop.emails.values_list("template_key", flat=True))
    assert mailed >= {*MAILED_WHILE_REVIEWING}, mailed
    invitation = workshop.invitations.get(email=OUTSIDER)
    return BlindWorld(
        workshop=workshop,
        paper=accepted,
        people={**people, "organizer": organizer},
        sessions={key: session_for(user) for key, user in people.items()}
        | {"organizer": session_for(organizer)},
        values={
            "slug": workshop.slug,
            "item_id": keynote.pk,
            "version": 1,
            "token": invitation_token(invitation),
            "workshop_id": workshop.pk,
            "id": organizer.pk,
            "content_type_id": 1,
            "object_id": accepted.pk,
            "app_label": "submissions",
            "url": "no-such-page/",
            "key": "not-a-key",
            "uidb36": "1",
            "speaker": "kim-keynote",
        },
        per_route={"people:photo": {"pk": people["A1"].pk}},
        admin_objects=AnyRow(workshop),
        papers={"accepted": accepted, "rejected": rejected},
        organizer=organizer,
    )


def release_decisions(world: BlindWorld) -> int:
    """The decision mails go out; with them the comments to authors are released."""
    with after_commit():
        return send_decision_mails(workshop=world.workshop, by=world.organizer)
