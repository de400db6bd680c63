"""The review form: drafts, submitting, editing until the deadline; who reads which review
(HotCRP's defaults: others' reviews after submitting one's own, "Reviewer N", confidential
comments to organizers only, comments to authors once the decision is sent)."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from reviews.enums import ReviewState
from reviews.models import Review
from reviews.services.reviewing import ReviewData, save_review

pytestmark = pytest.mark.django_db

COMPLETE = {
    "score": "2",
    "confidence": "2",
    "summary": "Rita's summary.",
    "strengths": "",
    "weaknesses": "Rita's weaknesses.",
    "comments_to_authors": "Rita's comments for the authors.",
    "confidential_comments": "Rita's confidential note.",
}


def review_url(workshop, paper):
    return reverse("reviews:review", args=[workshop.slug, paper.pk])


def paper_url(workshop, paper):
    return reverse("reviews:paper", args=[workshop.slug, paper.pk])


def test_others_reviews_appear_only_after_submitting_ones_own(
    client, workshop, reviewing, reviewer
):
    client.force_login(reviewer)
    before = client.get(paper_url(workshop, reviewing)).content.decode()
    assert "Sam&#x27;s summary" not in before
    assert "shown once you submit yours" in before

    draft = client.post(review_url(workshop, reviewing), {**COMPLETE, "action": "draft"})
    assert draft.status_code == 302
    assert Review.objects.get(assignment__reviewer=reviewer).state == ReviewState.DRAFT
    still = client.get(paper_url(workshop, reviewing)).content.decode()
    assert "Sam&#x27;s summary" not in still

    submitted = client.post(review_url(workshop, reviewing), {**COMPLETE, "action": "submit"})
    assert submitted.status_code == 302
    after = client.get(paper_url(workshop, reviewing)).content.decode()
    assert "Sam&#x27;s summary" in after and "Reviewer 2" in after
    assert "Sam Second" not in after  # reviewers are numbered, never named
    assert "Sam&#x27;s confidential note." not in after  # organizers only
    assert "Rita&#x27;s confidential note." in after  # one's own is shown


def test_submitting_needs_score_confidence_and_summary(client, workshop, reviewing, reviewer):
    client.force_login(reviewer)
    response = client.post(
        review_url(workshop, reviewing),
        {**COMPLETE, "score": "", "summary": "", "action": "submit"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Give an overall score to submit the review." in html
    assert "Summarise the paper to submit the review." in html
    assert not Review.objects.filter(assignment__reviewer=reviewer).exists()


def test_a_score_outside_the_workshops_scale_is_refused(workshop, reviewing, reviewer):
    with pytest.raises(ValidationError) as error:
        save_review(submission=reviewing, by=reviewer, data=ReviewData(score=6), submit=False)
    assert error.value.message_dict["score"] == ["The overall score must be between 1 and 5."]


def test_editing_stops_at_the_review_deadline(client, workshop, reviewing, reviewer):
    workshop.review_deadline = datetime(2018, 11, 10, 11, 59, tzinfo=UTC)
    workshop.save(update_fields=["review_deadline"])
    client.force_login(reviewer)
    with time_machine.travel(datetime(2018, 11, 10, 11, 0, tzinfo=UTC), tick=False):
        assert (
            client.post(
                review_url(workshop, reviewing), {**COMPLETE, "action": "submit"}
            ).status_code
            == 302
        )
    with time_machine.travel(datetime(2018, 11, 10, 12, 0, tzinfo=UTC), tick=False):
        response = client.post(
            review_url(workshop, reviewing), {**COMPLETE, "summary": "Changed", "action": "submit"}
        )
        assert response.status_code == 400
        assert (
            "Reviews were due on Friday 9 November 2018, 23:59 AoE (UTC−12); to change yours "
            "now, ask the organizers for an extension." in response.content.decode()
        )
    assert Review.objects.get(assignment__reviewer=reviewer).summary == "Rita's summary."


def test_only_the_assigned_reviewer_writes_the_review(
    workshop, reviewing, unassigned_reviewer, conflicted_reviewer, organizer
):
    for person in (unassigned_reviewer, conflicted_reviewer, organizer):
        with pytest.raises(PermissionDenied):
            save_review(submission=reviewing, by=person, data=ReviewData(summary="x"))


def test_the_api_saves_a_review_and_lists_what_the_reader_may_see(
    client, workshop, reviewing, reviewer, organizer
):
    client.force_login(reviewer)
    reviews_url = reverse("api-reviewing-reviews", args=[workshop.slug, reviewing.pk])
    assert client.get(reviews_url).json() == []
    url = reverse("api-reviewing-review", args=[workshop.slug, reviewing.pk])
    bad = client.put(url, {"score": 9, "submit": True}, content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["score"] == ["The overall score must be between 1 and 5."]
    ok = client.put(
        url,
        {"score": 3, "confidence": 1, "summary": "Fine.", "submit": True},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["state"] == "submitted"
    listed = client.get(reviews_url).json()
    assert [(r["label"], r["is_own"]) for r in listed] == [
        ("Reviewer 1", True),
        ("Reviewer 2", False),
    ]
    assert listed[1]["confidential_comments"] is None and listed[1]["reviewer_name"] is None

    client.force_login(organizer)
    listed = client.get(reviews_url).json()
    assert listed[1]["confidential_comments"] == "Sam's confidential note."
    assert listed[1]["reviewer_name"] == "Sam Second"


def test_authors_read_comments_to_authors_only_after_the_decision_is_sent(
    client, workshop, reviewing, author, organizer
):
    from reviews.services.decisions import decide, send_decision_mails

    url = reverse("reviews:author_reviews", args=[workshop.slug, reviewing.pk])
    client.force_login(author)
    assert "once the decision on your paper has been sent" in client.get(url).content.decode()
    decide(submission=reviewing, outcome="accepted_poster", by=organizer)
    assert "Sam&#x27;s comments" not in client.get(url).content.decode()
    send_decision_mails(workshop=workshop, by=organizer)
    html = client.get(url).content.decode()
    assert "Sam&#x27;s comments for the authors." in html and "Reviewer 2" in html
    assert "Sam&#x27;s summary" not in html and "confidential" not in html
    assert "Sam Second" not in html


def test_the_authors_paper_page_links_to_the_reviews_and_conflicts(
    client, workshop, reviewing, author
):
    client.force_login(author)
    html = client.get(reviewing.get_absolute_url()).content.decode()
    assert reverse("reviews:author_reviews", args=[workshop.slug, reviewing.pk]) in html
    assert reverse("reviews:pick_conflicts", args=[workshop.slug, reviewing.pk]) in html
