"""The workshop at a glance: its phase through the year, who is late, which papers lack
reviews, decisions and mails, the next action with its link, and a constant number of
queries; for the workshop's organizers only."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from reviews.enums import ReviewState
from reviews.glance import glance
from reviews.models import Assignment, DecisionNotice, Review
from workshop.enums import EmailState
from workshop.models import OutgoingEmail

from ..factories import AuthorFactory, SubmissionFactory
from .conftest import confirm, pool_member

pytestmark = pytest.mark.django_db

CALL_OPEN = datetime(2018, 10, 1, 12, 0, tzinfo=UTC)
REVIEWING = datetime(2018, 11, 1, 12, 0, tzinfo=UTC)
REVIEW_DEADLINE = datetime(2018, 11, 10, 12, 0, tzinfo=UTC)
DECIDING = datetime(2018, 11, 12, 12, 0, tzinfo=UTC)
AFTER = datetime(2018, 12, 9, 12, 0, tzinfo=UTC)


def url(workshop) -> str:
    return reverse("admin:reviews_desk_glance", args=[workshop.pk])


def submitted(paper, reviewer, number):
    Review.objects.create(
        assignment=confirm(paper, reviewer, number),
        score=3,
        confidence=2,
        state=ReviewState.SUBMITTED,
        submitted_at=timezone.now(),
    )


@pytest.fixture
def under_review(workshop, reviewer, second_reviewer):
    """Two papers submitted on two days; paper 1 has both reviews, paper 2 only Sam's
    (Rita's is still due); k = 2."""
    workshop.reviews_per_paper = 2
    workshop.review_deadline = REVIEW_DEADLINE
    workshop.save()
    first = SubmissionFactory(workshop=workshop, number=1, title="Caches")
    later = first.submitted_at + timedelta(days=2)
    second = SubmissionFactory(workshop=workshop, number=2, title="Schedulers", submitted_at=later)
    for paper in (first, second):
        AuthorFactory(submission=paper, position=0)
    submitted(first, reviewer, 1)
    submitted(first, second_reviewer, 2)
    confirm(second, reviewer, 1)
    submitted(second, second_reviewer, 2)
    return first, second


def test_the_phase_follows_the_year(workshop, organizer, under_review):
    assert glance(workshop, organizer, CALL_OPEN).phase == "call open"
    assert glance(workshop, organizer, REVIEWING).phase == "reviewing"
    assert glance(workshop, organizer, DECIDING).phase == "deciding"
    for paper in under_review:
        paper.status = "rejected"
        paper.save()
    # Decided, but the authors are not told yet: still deciding.
    assert glance(workshop, organizer, DECIDING).phase == "deciding"
    for paper in under_review:
        DecisionNotice.objects.create(
            submission=paper, decision="rejected", sent_by=organizer, sent_at=DECIDING
        )
    found = glance(workshop, organizer, DECIDING)
    assert found.phase == "program"
    assert [a.text for a in found.actions] == ["Build and release the program"]
    assert glance(workshop, organizer, AFTER).phase == "done"


def test_late_reviewers_short_papers_and_the_next_action(
    client, workshop, organizer, reviewer, under_review
):
    found = glance(workshop, organizer, DECIDING)
    assert [r.email for r in found.late] == [reviewer.email]
    assert (found.reviews_done, found.reviews_due) == (3, 4)
    assert [(p["number"], p["assigned"], p["done"]) for p in found.short] == [(2, 2, 1)]
    assert found.per_day == {
        under_review[0].submitted_at.astimezone(timezone.get_fixed_timezone(-720)).date(): 1,
        under_review[1].submitted_at.astimezone(timezone.get_fixed_timezone(-720)).date(): 1,
    }
    texts = [a.text for a in found.actions]
    assert texts[0] == "1 reviewer late: write to them or reassign their papers"
    assert "Decide on 2 papers" in texts
    client.force_login(organizer)
    with time_machine.travel(DECIDING, tick=False):
        html = client.get(url(workshop)).content.decode()
    assert "Phase: deciding" in html
    assert 'aria-current="step" class="current">deciding' in html
    desk = reverse("admin:reviews_desk_assignment", args=[workshop.pk])
    assert f'<strong>Next:</strong> <a href="{desk}">' in html
    assert '<span class="short">late</span>' in html
    assert "<td>Schedulers</td>" in html and "<td>Caches</td>" not in html


def test_the_late_reviewers_are_listed_first(
    client, monkeypatch, workshop, organizer, reviewer, second_reviewer, under_review
):
    monkeypatch.setattr("reviews.glance.REVIEWERS_LISTED", 1)
    client.force_login(organizer)
    with time_machine.travel(DECIDING, tick=False):
        html = client.get(url(workshop)).content.decode()
    assert "<td>Rita Reviewer</td>" in html and "<td>Sam Second</td>" not in html
    assert "The first 1 of 2 reviewers, the late ones first" in html


def test_failed_mails_come_first_and_link_to_the_outbox(client, workshop, organizer):
    OutgoingEmail.objects.create(
        workshop=workshop, to="a@b.org", subject="s", template_key="t", idempotency_key="k",
        state=EmailState.FAILED,
    )  # fmt: skip
    found = glance(workshop, organizer, CALL_OPEN)
    assert found.failed_mails == 1 and found.phase == "call open"
    assert found.actions[0].text == "1 mail failed: read the errors and send them again"
    assert found.actions[0].url.endswith(f"?workshop__id__exact={workshop.pk}&state__exact=failed")
    assert found.actions[1].text == "Invite reviewers: the pool is empty"


def test_the_organizers_own_paper_is_counted_apart(workshop, organizer, reviewer):
    own = SubmissionFactory(workshop=workshop, number=1)
    AuthorFactory(submission=own, position=0, user=organizer, email=organizer.email)
    confirm(own, reviewer, 1)
    found = glance(workshop, organizer, REVIEWING)
    assert (found.papers, found.hidden, found.undecided, found.short) == (1, 1, 0, [])


def test_the_desk_the_overview_and_the_workshops_page_link_to_the_glance(
    client, workshop, organizer
):
    client.force_login(organizer)
    desk = client.get(reverse("admin:reviews_desk_assignment", args=[workshop.pk]))
    overview = client.get(reverse("admin:reviews_reviewingoverview_changelist"))
    own_page = client.get(reverse("admin:workshop_workshop_change", args=[workshop.pk]))
    for page in (desk, overview, own_page):
        assert f'href="{url(workshop)}"' in page.content.decode()


def test_only_the_workshops_organizers_see_it(client, workshop, other_organizer, reviewer):
    client.force_login(other_organizer)
    assert client.get(url(workshop)).status_code == 404
    client.force_login(reviewer)
    assert client.get(url(workshop)).status_code == 302


@pytest.mark.parametrize(("count", "queries"), [(1, 15), (3, 15)])
def test_glance_queries(
    client, workshop, organizer, reviewer, count, queries, django_assert_num_queries
):
    workshop.review_deadline = REVIEW_DEADLINE
    workshop.save()
    for number in range(1, count + 1):
        paper = SubmissionFactory(workshop=workshop, number=number)
        AuthorFactory(submission=paper, position=0)
        other = pool_member(workshop, f"r{number}@r.example.net", f"R{number}")
        submitted(paper, other, 1)
        confirm(paper, reviewer, 2)
        Assignment.objects.create(submission=paper, reviewer=pool_member(
            workshop, f"p{number}@r.example.net", f"P{number}"))  # fmt: skip
        OutgoingEmail.objects.create(
            workshop=workshop, to="a@b.org", subject="s", template_key="t",
            idempotency_key=f"k{number}", state=EmailState.FAILED,
        )  # fmt: skip
    client.force_login(organizer)
    with time_machine.travel(DECIDING, tick=False), django_assert_num_queries(queries):
        html = client.get(url(workshop)).content.decode()
    assert html.count('<span class="short">late</span>') == 1
    assert f"{count} failed" in html
