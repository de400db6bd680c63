"""The fixture workshop the permission matrix walks: one paper under review today, every
persona around it, and one row of every model the admin shows, so that every URL kwarg has a
real value — the map from kwarg name (and, where it differs, from route) to fixture object is
`World.values`, `World.per_route` and `World.admin_objects`.

The dates are relative to today: the call closed ten days ago (the paper has an extension),
reviews are due in twenty days, bidding is open, program version 1 (a keynote) is released.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.core.files.base import ContentFile
from django.test import TestCase
from django.utils import timezone
from rest_framework.authtoken.models import Token

from reviews.enums import AssignmentOrigin, AssignmentState, JobKind, ReviewState
from reviews.models import (
    Assignment,
    Bid,
    Conflict,
    DecisionNotice,
    InstitutionAlias,
    Review,
    ReviewerProfile,
    ReviewJob,
)
from reviews.services.common import settings_for
from reviews.services.conflicts import refresh_conflicts
from reviews.services.decisions import template_for
from reviews.services.pool import Invitee, invitation_token, invite_reviewers, remove_from_pool
from schedule.enums import ItemKind
from schedule.models import Room, ScheduleItem, Speaker
from schedule.services import release_schedule
from submissions import services as submission_services
from submissions.enums import SubmissionStatus
from submissions.models import Submission
from workshop.enums import RoleKind
from workshop.models import AuditEntry, OutgoingEmail, Series

from ..factories import RoleFactory, TopicFactory, UserFactory, WorkshopFactory
from ..submissions.pdfs import make_paper, png_bytes
from .walk import session_for

# The columns of the table, in its order.
PERSONAS = (
    "anon",
    "author",
    "unverified",
    "other-author",
    "assigned",
    "unassigned",
    "conflicted",
    "removed",
    "organizer",
    "other-org",
    "superuser",
)


APP_LABELS = {config.label for config in apps.get_app_configs()}


@dataclass
class World:
    workshop: object
    paper: Submission
    people: dict[str, object]  # persona -> User (None for anonymous)
    sessions: dict[str, str | None]  # persona -> session key (None for anonymous)
    values: dict[str, object]  # URL kwarg -> value
    per_route: dict[str, dict[str, object]]  # route key -> kwargs that differ there
    admin_objects: dict[str, object] = field(default_factory=dict)  # "app.model" -> row

    def kwargs_for(self, route, values: dict | None = None) -> dict[str, object]:
        """The route's kwargs: by name, then the route's own, then an admin page's row."""
        values = {**(values or self.values), **self.per_route.get(route.key, {})}
        parts = route.route.split("/")
        if parts[0] == "admin" and parts[1] in APP_LABELS and "object_id" in route.kwargs:
            # A new model in the admin needs its row in build(): a KeyError says which.
            values["object_id"] = self.admin_objects[f"{parts[1]}.{parts[2]}"].pk
        return values


def _dates(now):
    starts = now + timedelta(days=60)
    return {
        "submissions_open_at": now - timedelta(days=60),
        "submission_deadline": now + timedelta(days=1),  # closed once the papers are in
        "review_deadline": now + timedelta(days=20),
        "notification_at": now + timedelta(days=30),
        "camera_ready_deadline": now + timedelta(days=45),
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=10),
    }


def _person(email, name, affiliation="", **extra):
    return UserFactory(email=email, name=name, affiliation=affiliation, **extra)


def _pool_member(workshop, email, name, affiliation):
    user = _person(email, name, affiliation)
    RoleFactory(workshop=workshop, user=user, kind=RoleKind.REVIEWER)
    return user


def after_commit():
    """Run what waits for a commit (the outbox's mails) now: nothing commits in these tests."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def _paper(workshop, by, title, authors):
    with after_commit():
        return submission_services.create_submission(
            workshop=workshop,
            by=by,
            title=title,
            abstract="We learn an eviction policy that beats LRU on production traces.",
            authors=[submission_services.AuthorData(*a) for a in authors],
            pdf=submission_services.Upload("paper.pdf", make_paper()),
            submit=True,
        )


def _assign(paper, reviewer, number):
    return Assignment.objects.create(
        submission=paper,
        reviewer=reviewer,
        origin=AssignmentOrigin.MANUAL,
        state=AssignmentState.CONFIRMED,
        number=number,
        confirmed_at=timezone.now(),
    )


def _submitted_review(assignment, text):
    return Review.objects.create(
        assignment=assignment,
        score=4,
        confidence=2,
        summary=text,
        comments_to_authors=text,
        state=ReviewState.SUBMITTED,
        submitted_at=timezone.now(),
    )


def _workshops(now) -> dict:
    series = Series.objects.create(name="ML and Systems", slug="ml-and-systems")
    workshop = WorkshopFactory(
        slug="matrix-workshop", name="Matrix Workshop", series=series, **_dates(now)
    )
    TopicFactory(workshop=workshop, name="Caching")
    # Its call stays open: papers are submitted there in the matrix (see per_route).
    other_workshop = WorkshopFactory(slug="other-workshop", name="Other Workshop", **_dates(now))
    organizer = _person("olga@organizers.example.org", "Olga Organizer", is_staff=True)
    RoleFactory(workshop=workshop, user=organizer, kind=RoleKind.ORGANIZER)
    organizer.photo.save("olga.png", ContentFile(png_bytes()))
    other_org = _person("otto@other.example.org", "Otto Other", is_staff=True)
    RoleFactory(workshop=other_workshop, user=other_org, kind=RoleKind.ORGANIZER)
    superuser = _person("root@site.example.org", "Sue Root", is_staff=True, is_superuser=True)
    return locals()


def _papers(workshop, organizer, now, **_) -> dict:
    author = _person("ada@uni.example.edu", "Ada Author", "University of Examples")
    # Logged in with a verified address; the paper lists another one, not verified yet.
    unverified = _person("cy@main.example.net", "Cy Pending")
    listed = EmailAddress.objects.create(user=unverified, email="cy@pending.example.net")
    other_author = _person("bea@elsewhere.example.com", "Bea Elsewhere", "Elsewhere Lab")
    paper = _paper(
        workshop,
        author,
        "Learned caches for key-value stores",
        [(author.name, author.email, author.affiliation), (unverified.name, listed.email, "")],
    )
    other_row = (other_author.name, other_author.email, other_author.affiliation)
    other_paper = _paper(workshop, other_author, "Learned index structures", [other_row])
    submission_services.set_decision(
        submission=other_paper, decision=SubmissionStatus.REJECTED, by=organizer
    )
    notice = DecisionNotice.objects.create(
        submission=other_paper, decision=other_paper.status, sent_by=organizer, sent_at=now
    )
    # Decided, its authors not told yet: the desk has a decision mail to send.
    submission_services.set_decision(
        submission=_paper(workshop, other_author, "Learned schedulers", [other_row]),
        decision=SubmissionStatus.ACCEPTED_POSTER,
        by=organizer,
    )
    # The call closes; this paper may still change, so its edit form is there to be posted.
    type(workshop).objects.filter(pk=workshop.pk).update(
        submission_deadline=now - timedelta(days=10), bidding_open=True
    )
    workshop.refresh_from_db()
    submission_services.extend_deadline(
        submission=paper, by=organizer, until=now + timedelta(days=5), reason="A late figure."
    )
    return locals()


def _reviewing(workshop, organizer, paper, **_) -> dict:
    assigned = _pool_member(workshop, "rita@reviewers.example.org", "Rita Assigned", "Lab R")
    second = _pool_member(workshop, "sam@second.example.net", "Sam Second", "Second Institute")
    unassigned = _pool_member(workshop, "una@free.example.net", "Una Unassigned", "Free Lab")
    # The author's mail domain: detected as a conflict.
    conflicted = _pool_member(workshop, "carl@uni.example.edu", "Carl Colleague", "Other Name")
    removed = _pool_member(workshop, "remy@gone.example.org", "Remy Removed", "Gone Lab")
    refresh_conflicts(workshop=workshop)
    conflict = Conflict.objects.get(reviewer=conflicted, submission=paper)
    assignment = _assign(paper, assigned, 1)
    Review.objects.create(assignment=assignment, summary="Half-way there.")
    second_review = _submitted_review(_assign(paper, second, 2), "Sam's review.")
    _submitted_review(_assign(paper, removed, 3), "Remy's review, kept after he left.")
    remove_from_pool(workshop=workshop, reviewer=removed, by=organizer)
    bid = Bid.objects.create(submission=paper, reviewer=unassigned, preference="eager")
    profile = ReviewerProfile.objects.create(workshop=workshop, user=assigned)
    with after_commit():
        invite_reviewers(
            workshop=workshop, by=organizer, invitees=[Invitee("ivy@invited.example.org", "Ivy")]
        )
    invitation = workshop.invitations.get()
    job = ReviewJob.objects.create(workshop=workshop, kind=JobKind.AFFINITY, started_by=organizer)
    return locals()


def _program(workshop, organizer, **_) -> dict:
    room = Room.objects.create(workshop=workshop, name="510 AC")
    item = ScheduleItem.objects.create(
        workshop=workshop,
        kind=ItemKind.INVITED_TALK,
        title="Opening keynote",
        start_at=workshop.starts_at + timedelta(hours=1),
        end_at=workshop.starts_at + timedelta(hours=2),
        room=room,
    )
    # Her public speaker page is /<slug>/speakers/olga-organizer/.
    Speaker.objects.create(item=item, user=organizer)
    release = release_schedule(workshop=workshop, by=organizer, comment="First program.")
    return locals()


def _admin_rows(r: dict) -> dict:
    """One row per model the admin shows, by "app_label.model_name"."""
    workshop, author = r["workshop"], r["author"]
    Token.objects.create(user=author)
    rows = {
        "auth.group": Group.objects.create(name="Matrix group"),
        "sites.site": Site.objects.get_current(),
        "authtoken.tokenproxy": author,  # the token admin finds a token by its user's id
        "account.emailaddress": EmailAddress.objects.get(user=author),
        "people.user": author,
        "workshop.series": r["series"],
        "workshop.workshop": workshop,
        "workshop.outgoingemail": OutgoingEmail.objects.filter(to=author.email).first(),
        "workshop.auditentry": AuditEntry.objects.filter(workshop=workshop).first(),
        "submissions.submission": r["paper"],
        "reviews.conflict": r["conflict"],
        "reviews.institutionalias": InstitutionAlias.objects.create(
            alias="examples.edu", institution="University of Examples"
        ),
        "reviews.reviewerinvitation": r["invitation"],
        "reviews.reviewerprofile": r["profile"],
        "reviews.reviewjob": r["job"],
        "reviews.assignment": r["assignment"],
        "reviews.review": r["second_review"],
        "reviews.bid": r["bid"],
        "reviews.decisionnotice": r["notice"],
        "reviews.reviewingoverview": workshop,
        "reviews.reviewsettings": settings_for(workshop),
        "reviews.decisiontemplate": template_for(workshop, SubmissionStatus.REJECTED),
        "schedule.program": workshop,
        "schedule.scheduleitem": r["item"],
        "schedule.room": r["room"],
        "schedule.schedulerelease": r["release"],
    }
    assert all(row is not None and apps.get_model(label) for label, row in rows.items())
    return rows


def build() -> World:
    r = _workshops(timezone.now())
    r |= _papers(**r)
    r |= _reviewing(**r)
    r |= _program(**r)
    people = {persona: r.get(persona.replace("-", "_")) for persona in PERSONAS}
    people["anon"] = None
    author, paper = r["author"], r["paper"]
    return World(
        workshop=r["workshop"],
        paper=paper,
        people=people,
        sessions={persona: session_for(user) for persona, user in people.items()},
        values={
            "slug": r["workshop"].slug,
            "pk": paper.pk,
            "version_pk": submission_services.current_version(paper).pk,
            "item_id": r["item"].pk,
            "version": r["release"].number,
            "token": invitation_token(r["invitation"]),
            "workshop_id": r["workshop"].pk,
            "id": author.pk,
            "content_type_id": ContentType.objects.get_for_model(Submission).pk,
            "object_id": paper.pk,
            "app_label": "submissions",
            "url": "no-such-page/",
            "key": EmailConfirmationHMAC(r["listed"]).key,
            "uidb36": user_pk_to_url_str(author),
            # The paper under review has no public page (only papers whose authors were told
            # of their acceptance do): its would-be address answers 404 to everyone.
            "paper": "learned-caches-for-key-value-stores",
            "speaker": "olga-organizer",
        },
        per_route={
            # Papers are submitted where the call is still open.
            "submissions:create": {"slug": r["other_workshop"].slug},
            "api-submissions": {"slug": r["other_workshop"].slug},
            "people:photo": {"pk": r["organizer"].pk},
            "account_reset_password_from_key": {"key": default_token_generator.make_token(author)},
        },
        admin_objects=_admin_rows(r),
    )
