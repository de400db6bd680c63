"""The decisions dashboard: scores per paper (mean, spread, confidence-weighted mean),
sorting, charts; deciding through submissions' set_decision; decision mails previewed,
then sent once, from editable templates."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from reviews.enums import ReviewState
from reviews.models import DecisionNotice, DecisionTemplate, Review
from reviews.services.decisions import decide, paper_scores, send_decision_mails
from submissions.enums import SubmissionStatus
from workshop.models import OutgoingEmail

from .conftest import confirm, create_paper, pool_member

pytestmark = pytest.mark.django_db


def review(paper, reviewer, number, score, confidence, comments=""):
    Review.objects.create(
        assignment=confirm(paper, reviewer, number),
        score=score,
        confidence=confidence,
        summary="s",
        comments_to_authors=comments,
        state=ReviewState.SUBMITTED,
        submitted_at=timezone.now(),
    )


@pytest.fixture
def scored(workshop, author, reviewer, second_reviewer):
    row = (author.name, author.email, author.affiliation)
    strong = create_paper(workshop, author, title="Strong paper", authors=[row])
    split = create_paper(workshop, author, title="Split paper", authors=[row])
    unreviewed = create_paper(workshop, author, title="Unreviewed paper", authors=[row])
    review(strong, reviewer, 1, 5, 3, "Great work.")
    review(strong, second_reviewer, 2, 4, 1, "Nice.")
    review(split, reviewer, 1, 1, 3, "Not convincing.")
    review(split, second_reviewer, 2, 5, 1)
    return strong, split, unreviewed


def test_scores_per_paper(workshop, scored):
    strong, split, unreviewed = scored
    rows = {r.submission.pk: r for r in paper_scores(workshop)}
    assert rows[strong.pk].mean == 4.5 and rows[strong.pk].spread == 1
    assert rows[strong.pk].weighted_mean == pytest.approx((5 * 3 + 4 * 1) / 4)
    assert rows[split.pk].mean == 3 and rows[split.pk].spread == 4
    assert rows[split.pk].weighted_mean == pytest.approx((1 * 3 + 5 * 1) / 4)
    assert rows[unreviewed.pk].mean is None and rows[unreviewed.pk].done == 0


def test_dashboard_sorts_and_draws_its_charts(client, workshop, organizer, scored):
    client.force_login(organizer)
    url = reverse("admin:reviews_desk_decisions", args=[workshop.pk])
    html = client.get(url, {"o": "spread"}).content.decode()
    assert html.index("Split paper") < html.index("Strong paper") < html.index("Unreviewed paper")
    html = client.get(url, {"o": "weighted"}).content.decode()
    assert html.index("Strong paper") < html.index("Split paper")
    assert "Histogram of overall scores" in html and "<title>Score 5: 2</title>" in html
    assert "Rita Reviewer: 2 of 2" in html


def test_deciding_goes_through_set_decision_and_is_refused_after_the_mail(
    client, workshop, organizer, scored
):
    strong, split, _ = scored
    client.force_login(organizer)
    url = reverse("admin:reviews_desk_decisions", args=[workshop.pk])
    client.post(url, {"submission": strong.pk, "outcome": "accepted_oral"})
    strong.refresh_from_db()
    assert strong.status == SubmissionStatus.ACCEPTED_ORAL and strong.decided_at
    bad = client.post(url, {"submission": split.pk, "outcome": "maybe"}, follow=True)
    assert "“maybe” is not a decision." in bad.content.decode()

    send_decision_mails(workshop=workshop, by=organizer)
    with pytest.raises(ValidationError, match="were already told"):
        decide(submission=strong, outcome="rejected", by=organizer)
    strong.refresh_from_db()
    assert strong.status == SubmissionStatus.ACCEPTED_ORAL


def test_decision_mails_are_previewed_then_sent_once(
    client, workshop, organizer, scored, author, django_capture_on_commit_callbacks
):
    strong, split, _ = scored
    decide(submission=strong, outcome="accepted_poster", by=organizer)
    decide(submission=split, outcome="rejected", by=organizer)
    template = DecisionTemplate.objects.get_or_create(
        workshop=workshop,
        outcome="rejected",
        defaults={"subject": "x", "body": "x"},
    )[0]
    template.subject = "About #{{ number }}"
    template.body = "Dear {{ author }}, sorry about “{{ title }}”.\n{{ reviews }}"
    template.save()
    client.force_login(organizer)
    url = reverse("admin:reviews_desk_decision_mails", args=[workshop.pk])
    preview = client.get(url).content.decode()
    assert "Send 2 decision mails" in preview
    assert "Dear Ada Lovelace, sorry about “Split paper”." in preview
    assert "Reviewer 1:\nNot convincing." in preview
    assert not OutgoingEmail.objects.exists()  # a preview sends nothing

    stale = client.post(url, {"expected": "5"}, follow=True)
    assert "The preview showed 5 mails but there are now 2" in stale.content.decode()
    assert not OutgoingEmail.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):  # the task that queues them
        client.post(url, {"expected": "2"})
    mails = OutgoingEmail.objects.filter(template_key="review_decision").order_by("subject")
    assert [m.subject for m in mails] == [
        f"About #{split.number}",
        f"[{workshop.name}] Paper #{strong.number} accepted as a poster",
    ]
    assert all(m.to == author.email for m in mails)
    assert DecisionNotice.objects.count() == 2
    workshop.refresh_from_db()
    assert workshop.decisions_released_at is not None
    again = client.get(url).content.decode()
    assert "Every decided paper's authors have been told." in again


def test_a_template_that_does_not_parse_is_refused(client, workshop, organizer):
    client.force_login(organizer)
    response = client.post(
        reverse("admin:reviews_decisiontemplate_add"),
        {
            "workshop": workshop.pk,
            "outcome": "rejected",
            "subject": "Hi {% if author %}",
            "body": "ok",
        },
    )
    assert response.status_code == 200
    assert "The template does not parse" in response.content.decode()
    assert not DecisionTemplate.objects.exists()


def test_other_organizers_cannot_see_the_dashboard(client, workshop, other_organizer, scored):
    client.force_login(other_organizer)
    url = reverse("admin:reviews_desk_decisions", args=[workshop.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"submission": scored[0].pk, "outcome": "rejected"}).status_code == 404


def test_the_table_is_paginated_but_the_totals_count_every_paper(
    client, workshop, organizer, scored, monkeypatch
):
    from reviews.admin import desk

    monkeypatch.setattr(desk, "DECISIONS_PER_PAGE", 1)
    monkeypatch.setattr(desk, "PROGRESS_SHOWN", 1)
    client.force_login(organizer)
    url = reverse("admin:reviews_desk_decisions", args=[workshop.pk])
    first = client.get(url + "?o=number").content.decode()
    assert first.count('name="outcome"') == 1
    assert f"of {len(scored)} papers decided" in first
    assert 'href="?o=number&amp;page=2"' in first
    last = client.get(url + f"?o=number&page={len(scored)}").content.decode()
    assert last.count('name="outcome"') == 1 and scored[-1].title in last
    assert ": the 1 furthest behind of " in first
    moved = client.post(
        url, {"submission": scored[-1].pk, "outcome": "rejected", "o": "number", "page": "3"}
    )
    assert moved.url == f"{url}?o=number&page=3#paper-{scored[-1].pk}"


@pytest.mark.parametrize(("count", "queries"), [(1, 19), (3, 19)])
def test_dashboard_queries(
    client, workshop, organizer, author, count, queries, django_assert_num_queries
):
    row = (author.name, author.email, author.affiliation)
    for index in range(count):
        paper = create_paper(workshop, author, title=f"P{index}", authors=[row])
        review(paper, pool_member(workshop, f"r{index}@r.example.net", f"R{index}"), 1, 3, 2)
    client.force_login(organizer)
    url = reverse("admin:reviews_desk_decisions", args=[workshop.pk])
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.content.decode().count('name="outcome"') == count
