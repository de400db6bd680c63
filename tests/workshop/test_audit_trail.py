"""The audit trail: each service that changes a decision, an assignment, a deadline, a
routing or a release writes who did it and when; a refused change writes nothing; and an
organizer reads only their own workshops' entries in the admin."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from reviews.services import assignment as assignment_services
from reviews.services import decisions, pool
from schedule import services as schedule_services
from submissions import services as submission_services
from workshop import audit
from workshop.enums import AuditAction, RoleKind
from workshop.models import AuditEntry

from ..factories import (
    AuthorFactory,
    RoleFactory,
    SeriesFactory,
    SubmissionFactory,
    UserFactory,
)
from ..schedule.conftest import item, utc

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper(workshop):
    return SubmissionFactory(workshop=workshop, number=7, title="Learned caches")


def only_entry(**filters) -> AuditEntry:
    entries = list(AuditEntry.objects.filter(**filters))
    assert len(entries) == 1, entries
    return entries[0]


def test_a_decision_is_recorded_with_who_and_when(paper, organizer, outsider):
    before = timezone.now()
    decisions.decide(submission=paper, outcome="accepted_poster", by=organizer)
    entry = only_entry(action=AuditAction.DECISION)
    assert (entry.workshop, entry.actor) == (paper.workshop, organizer)
    assert entry.actor_name == "Olga Organizer <organizer@mlsys.example.org>"
    assert entry.subject == "Paper #7 “Learned caches”"
    assert entry.change == "Submitted → Accepted as a poster"
    assert before <= entry.at <= timezone.now() and entry.related == paper
    # Deciding the same again changes nothing and records nothing; undoing is recorded.
    decisions.decide(submission=paper, outcome="accepted_poster", by=organizer)
    decisions.decide(submission=paper, outcome="submitted", by=organizer)
    assert list(AuditEntry.objects.values_list("change", flat=True)) == [
        "Accepted as a poster → Submitted",
        "Submitted → Accepted as a poster",
    ]
    # A refused decision leaves no entry.
    with pytest.raises(PermissionDenied):
        decisions.decide(submission=paper, outcome="rejected", by=outsider)
    assert AuditEntry.objects.count() == 2

    # Sending the decisions to the authors is recorded once.
    AuthorFactory(submission=paper, name="Ada", email="ada@uni.example.edu")
    decisions.decide(submission=paper, outcome="rejected", by=organizer)
    decisions.send_decision_mails(workshop=paper.workshop, by=organizer)
    sent = only_entry(action=AuditAction.DECISIONS_SENT)
    assert sent.change == "1 mail(s) to the authors of paper(s) #7" and sent.actor == organizer


def test_assignments_added_removed_and_confirmed_are_recorded(workshop, paper, organizer, reviewer):
    added = assignment_services.add_assignment(submission=paper, reviewer=reviewer, by=organizer)
    assignment_services.remove_assignment(assignment=added, by=organizer)
    assignment_services.add_assignment(submission=paper, reviewer=reviewer, by=organizer)
    assignment_services.confirm_assignment(workshop=workshop, by=organizer, notify=False)
    entries = list(AuditEntry.objects.order_by("id").values_list("action", "change", "actor"))
    rita = "Rita Reviewer <rita@reviewers.example.org>"
    assert entries == [
        (AuditAction.ASSIGNMENT_ADDED, f"{rita} assigned (proposed)", organizer.pk),
        (AuditAction.ASSIGNMENT_REMOVED, f"{rita} taken off", organizer.pk),
        (AuditAction.ASSIGNMENT_ADDED, f"{rita} assigned (proposed)", organizer.pk),
        (
            AuditAction.ASSIGNMENT_CONFIRMED,
            "1 proposed assignment(s) of 1 reviewer(s) to 1 paper(s) confirmed; no mails sent",
            organizer.pk,
        ),
    ]
    # A refused change (nothing left to confirm) writes nothing.
    with pytest.raises(ValidationError):
        assignment_services.confirm_assignment(workshop=workshop, by=organizer, notify=False)
    assert AuditEntry.objects.count() == 4

    pool.remove_from_pool(workshop=workshop, reviewer=reviewer, by=organizer)
    entry = AuditEntry.objects.first()
    assert entry.action == AuditAction.REVIEWER_REMOVED
    assert entry.change == "unreviewed papers freed: #7; submitted reviews kept: 0"


def test_an_extension_and_a_routing_are_recorded_on_both_sides(
    workshop, paper, organizer, other_workshop
):
    until = timezone.now() + timedelta(days=7)
    submission_services.extend_deadline(
        submission=paper, by=organizer, until=until, reason="A family emergency."
    )
    entry = only_entry(action=AuditAction.DEADLINE_EXTENDED)
    assert entry.change.startswith("until ") and entry.change.endswith(": A family emergency.")
    assert "AoE (UTC−12)" in entry.change

    workshop.series = other_workshop.series = SeriesFactory()
    workshop.save()
    other_workshop.save()
    submission_services.route_to_sibling(
        submission=paper, to=other_workshop, by=organizer, reason="It is about systems."
    )
    routed = AuditEntry.objects.filter(action=AuditAction.ROUTED)
    assert {e.workshop for e in routed} == {workshop, other_workshop}
    assert {e.change for e in routed} == {
        "from Machine Learning for Systems (#7) to Another Workshop (#1): It is about systems."
    }


def test_a_release_is_recorded(workshop, organizer):
    with pytest.raises(ValidationError):  # an empty program is refused, and not recorded
        schedule_services.release_schedule(workshop=workshop, by=organizer)
    assert not AuditEntry.objects.exists()
    item(workshop, utc(14), utc(15))
    release = schedule_services.release_schedule(
        workshop=workshop, by=organizer, comment="First program."
    )
    entry = only_entry(action=AuditAction.PROGRAM_RELEASED)
    assert (entry.subject, entry.change, entry.related) == (
        "Program version 1",
        "First program.",
        release,
    )


def _entries(workshop, other_workshop, organizer, count):
    for n in range(count):
        for place in (workshop, other_workshop):
            audit.record(
                workshop=place,
                by=organizer,
                action=AuditAction.DECISION,
                subject=f"Paper #{n} of {place.slug}",
                change="Submitted → Rejected",
            )


# Workshop-scoped admins run no full-result COUNT (a conference has 15,000 rows).
@pytest.mark.parametrize(("count", "queries"), [(1, 10), (3, 10)])
def test_organizers_read_only_their_workshops_trail(
    client, workshop, other_workshop, organizer, count, queries, django_assert_num_queries
):
    _entries(workshop, other_workshop, organizer, count)
    client.force_login(organizer)
    url = reverse("admin:workshop_auditentry_changelist")
    with django_assert_num_queries(queries):
        html = client.get(url).content.decode()
    assert html.count("of ml-for-systems") == count and "of other-workshop" not in html
    assert "Olga Organizer &lt;organizer@mlsys.example.org&gt;" in html

    own = AuditEntry.objects.filter(workshop=workshop).first()
    foreign = AuditEntry.objects.filter(workshop=other_workshop).first()
    assert client.get(reverse("admin:workshop_auditentry_change", args=[own.pk])).status_code == 200
    for page in ("change", "history", "delete"):
        response = client.get(reverse(f"admin:workshop_auditentry_{page}", args=[foreign.pk]))
        assert response.status_code in {302, 403}, page
    # Nobody writes the trail by hand.
    assert client.get(reverse("admin:workshop_auditentry_add")).status_code == 403
    response = client.post(
        reverse("admin:workshop_auditentry_change", args=[own.pk]), {"change": "rewritten"}
    )
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.change == "Submitted → Rejected"


def test_a_reviewer_without_staff_sees_no_trail(client, workshop, other_workshop, organizer):
    _entries(workshop, other_workshop, organizer, 1)
    reviewer = UserFactory(is_staff=True)
    RoleFactory(workshop=workshop, user=reviewer, kind=RoleKind.REVIEWER)
    client.force_login(reviewer)
    assert client.get(reverse("admin:workshop_auditentry_changelist")).status_code == 403
