"""A reviewer drops out: out of the pool, unreviewed papers freed, submitted reviews kept."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from reviews.enums import ReviewState
from reviews.models import Assignment, Review, ReviewerProfile
from reviews.services.pool import remove_from_pool
from workshop.models import Role

from .conftest import confirm, create_paper

pytestmark = pytest.mark.django_db


@pytest.fixture
def papers(workshop, author, reviewer):
    row = (author.name, author.email, author.affiliation)
    done, drafted, untouched = (
        create_paper(workshop, author, title=f"Paper {name}", authors=[row])
        for name in ("done", "drafted", "untouched")
    )
    Review.objects.create(
        assignment=confirm(done, reviewer, 1),
        score=4,
        confidence=2,
        summary="Solid.",
        state=ReviewState.SUBMITTED,
        submitted_at=timezone.now(),
    )
    Review.objects.create(assignment=confirm(drafted, reviewer, 1), summary="Half-way")
    confirm(untouched, reviewer, 1)
    return done, drafted, untouched


def test_removal_keeps_submitted_reviews_and_frees_the_rest(workshop, organizer, reviewer, papers):
    done, drafted, untouched = papers
    result = remove_from_pool(workshop=workshop, reviewer=reviewer, by=organizer)
    assert result.short == (drafted.number, untouched.number) and result.kept == 1
    assert not Role.objects.filter(workshop=workshop, user=reviewer, kind="reviewer").exists()
    assert list(Assignment.objects.filter(reviewer=reviewer)) == [done.assignments.get()]
    assert Review.objects.get(assignment__reviewer=reviewer).summary == "Solid."
    # Out of the pool: no more bidding or reviewing in this workshop.
    assert not reviewer.has_perm("reviews.review_in", workshop)
    with pytest.raises(ValidationError, match="is not in the reviewer pool"):
        remove_from_pool(workshop=workshop, reviewer=reviewer, by=organizer)


def test_only_organizers_remove_reviewers(workshop, reviewer, second_reviewer, papers):
    with pytest.raises(PermissionDenied):
        remove_from_pool(workshop=workshop, reviewer=reviewer, by=second_reviewer)
    assert Role.objects.filter(workshop=workshop, user=reviewer, kind="reviewer").exists()


def test_the_admin_action_says_which_papers_are_short(
    client, workshop, organizer, reviewer, papers
):
    profile = ReviewerProfile.objects.create(workshop=workshop, user=reviewer)
    client.force_login(organizer)
    response = client.post(
        reverse("admin:reviews_reviewerprofile_changelist"),
        {"action": "remove_from_pool", "_selected_action": [profile.pk]},
        follow=True,
    )
    _, drafted, untouched = papers
    text = " ".join(str(m) for m in response.context["messages"])
    assert "1 submitted review(s) stay" in text
    assert f"Papers now short of a reviewer: #{drafted.number}, #{untouched.number}" in text


def test_a_removed_reviewer_is_a_stranger_to_the_papers_they_reviewed(
    client, workshop, organizer, reviewer, papers
):
    done, _, _ = papers
    remove_from_pool(workshop=workshop, reviewer=reviewer, by=organizer)
    assert Review.objects.filter(assignment__reviewer=reviewer).exists()  # kept on record
    client.force_login(reviewer)
    pages = [
        reverse(name, args=[workshop.slug, done.pk])
        for name in ("reviews:paper", "reviews:paper_pdf", "reviews:review", "api-reviewing-paper")
    ]
    pages.append(reverse("api-reviewing-reviews", args=[workshop.slug, done.pk]))
    assert [client.get(url).status_code for url in pages] == [404] * 5
    assert not reviewer.has_perm("reviews.write_review", done)
    assert not reviewer.has_perm("reviews.read_others_reviews", done)
