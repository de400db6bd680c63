"""A paper's discussion: who reads and posts (organizers, reviewers once their review is
in; never authors, conflicted or removed reviewers), reviewers' names per the workshop's
setting, the digest mails (one per participant, nothing twice), and the meta-review that
goes to the authors with the decision."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from reviews.enums import ReviewState
from reviews.models import DiscussionComment, MetaReview, Review
from reviews.queries import visible_reviews
from reviews.services.decisions import decide, draft_decision_mails, send_decision_mails
from reviews.services.discussion import post_comment, refusal, thread, write_meta_review
from reviews.services.discussion_digest import send_discussion_digests
from reviews.services.pool import remove_from_pool
from reviews.tasks import send_discussion_digests as digest_task
from submissions.enums import SubmissionStatus
from workshop.models import OutgoingEmail

from .conftest import confirm

pytestmark = pytest.mark.django_db


def submit(assignment, text="A review."):
    return Review.objects.create(
        assignment=assignment,
        score=3,
        confidence=2,
        summary=text,
        comments_to_authors=text,
        state=ReviewState.SUBMITTED,
        submitted_at=timezone.now(),
    )


def page(client, user, paper):
    client.force_login(user)
    return client.get(reverse("reviews:paper", args=[paper.workshop.slug, paper.pk]))


def post(client, user, paper, text, name="reviews:comment"):
    client.force_login(user)
    field = "comment-text" if name == "reviews:comment" else "meta-text"
    return client.post(reverse(name, args=[paper.workshop.slug, paper.pk]), {field: text})


def test_who_may_discuss(
    reviewing,
    author,
    organizer,
    reviewer,
    second_reviewer,
    conflicted_reviewer,
    unassigned_reviewer,
):
    assert second_reviewer.has_perm("reviews.discuss_paper", reviewing)
    assert organizer.has_perm("reviews.discuss_paper", reviewing)
    for stranger in (author, reviewer, conflicted_reviewer, unassigned_reviewer):
        assert not stranger.has_perm("reviews.discuss_paper", reviewing)
    assert refusal(reviewer, reviewing) == (
        "The discussion of this paper opens for you once you have submitted your review."
    )
    with pytest.raises(PermissionDenied, match="once you have submitted your review"):
        post_comment(submission=reviewing, by=reviewer, text="Too early.")
    assert not DiscussionComment.objects.exists()


def test_a_reviewer_removed_from_the_pool_leaves_the_discussion(
    reviewing, organizer, second_reviewer
):
    remove_from_pool(workshop=reviewing.workshop, reviewer=second_reviewer, by=organizer)
    assert not second_reviewer.has_perm("reviews.discuss_paper", reviewing)


def test_a_conflicted_organizer_takes_no_part(reviewing, organizer):
    reviewing.authors.create(name=organizer.name, email=organizer.email, position=2)
    assert not organizer.has_perm("reviews.discuss_paper", reviewing)
    assert thread(organizer, reviewing) == []


def test_strangers_get_404_and_the_early_reviewer_is_told_why(
    client, reviewing, author, reviewer, conflicted_reviewer, outsider
):
    for stranger in (author, conflicted_reviewer, outsider):
        assert post(client, stranger, reviewing, "Hello").status_code == 404
        assert post(client, stranger, reviewing, "x", name="reviews:meta_review").status_code == 404
    early = post(client, reviewer, reviewing, "Can I?")
    assert early.status_code == 302
    assert [str(m) for m in get_messages(early.wsgi_request)] == [
        "The discussion of this paper opens for you once you have submitted your review."
    ]
    assert "opens for you once you have submitted" in page(client, reviewer, reviewing).text
    assert not DiscussionComment.objects.exists()


def test_reviewers_and_organizers_discuss(client, reviewing, organizer, second_reviewer):
    assert post(client, second_reviewer, reviewing, "  I liked it.  ").status_code == 302
    assert post(client, organizer, reviewing, "Do you all agree?").status_code == 302
    assert list(DiscussionComment.objects.values_list("text", flat=True)) == [
        "I liked it.",
        "Do you all agree?",
    ]
    text = page(client, second_reviewer, reviewing).text
    assert "I liked it." in text and "Do you all agree?" in text
    assert "Organizer — Olga Organizer" in text


def test_an_empty_comment_is_refused_and_changes_nothing(client, reviewing, second_reviewer):
    response = post(client, second_reviewer, reviewing, "   ")
    assert response.status_code == 400
    assert "This field is required." in response.text
    with pytest.raises(ValidationError, match="Write a comment"):
        post_comment(submission=reviewing, by=second_reviewer, text=" \n ")
    assert not DiscussionComment.objects.exists()


@pytest.mark.parametrize("anonymous", [True, False])
def test_reviewers_names_follow_the_workshop(
    reviewing, organizer, reviewer, second_reviewer, anonymous
):
    workshop = reviewing.workshop
    workshop.reviewers_anonymous = anonymous
    workshop.save(update_fields=["reviewers_anonymous"])
    submit(reviewing.assignments.get(reviewer=reviewer), "Rita's review.")
    post_comment(submission=reviewing, by=reviewer, text="Rita here.")
    seen_by_sam = thread(second_reviewer, reviewing)
    assert [c.label for c in seen_by_sam] == ["Reviewer 1"]
    assert seen_by_sam[0].name == (None if anonymous else "Rita Reviewer")
    assert thread(organizer, reviewing)[0].name == "Rita Reviewer"
    assert thread(reviewer, reviewing)[0].is_own
    others = visible_reviews(second_reviewer, reviewing, labels=([], []))
    rita = next(r for r in others if r.label == "Reviewer 1")
    assert rita.reviewer_name == (None if anonymous else "Rita Reviewer")


@pytest.mark.parametrize(("count", "queries"), [(1, 43), (3, 43)])
def test_thread_page_queries(
    client, reviewing, organizer, second_reviewer, count, queries, django_assert_num_queries
):
    for index in range(count):
        post_comment(submission=reviewing, by=organizer, text=f"Organizer comment {index}")
        post_comment(submission=reviewing, by=second_reviewer, text=f"Sam comment {index}")
    client.force_login(second_reviewer)
    url = reverse("reviews:paper", args=[reviewing.workshop.slug, reviewing.pk])
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.text.count('class="card comment"') == 2 * count


def _age_comments():
    """Comments are mailed once they have settled (a minute old)."""
    DiscussionComment.objects.update(created_at=timezone.now() - timedelta(minutes=5))


def test_digests_batch_comments_one_mail_per_participant(
    reviewing, organizer, reviewer, second_reviewer, conflicted_reviewer, author
):
    submit(reviewing.assignments.get(reviewer=reviewer))
    # Carl reviewed before his conflict was known: he is mailed nothing about the paper.
    submit(confirm(reviewing, conflicted_reviewer, 3))
    for index in range(5):
        post_comment(submission=reviewing, by=second_reviewer, text=f"Sam's point {index}.")
    post_comment(submission=reviewing, by=organizer, text="Thanks, Sam.")
    _age_comments()
    assert send_discussion_digests() == 3
    mails = {m.to: m for m in OutgoingEmail.objects.filter(template_key="discussion_digest")}
    assert set(mails) == {organizer.email, reviewer.email, second_reviewer.email}
    assert "6 new comments" in mails[reviewer.email].subject
    assert all(f"Sam's point {i}." in mails[reviewer.email].text_body for i in range(5))
    assert "Thanks, Sam." not in mails[organizer.email].text_body  # never one's own
    assert "5 new comments" in mails[organizer.email].subject
    assert "1 new comment " in mails[second_reviewer.email].subject
    assert "Sam's point" not in mails[second_reviewer.email].text_body

    assert digest_task() == 0  # nothing twice (the beat's task calls the same service)
    post_comment(submission=reviewing, by=reviewer, text="One more thing.")
    assert send_discussion_digests() == 0  # not yet settled
    _age_comments()
    assert send_discussion_digests() == 2  # Sam and the organizer, not Rita
    later = OutgoingEmail.objects.filter(template_key="discussion_digest").order_by("-id")[:2]
    assert {m.to for m in later} == {organizer.email, second_reviewer.email}
    assert all("Sam's point" not in m.text_body for m in later)
    assert not OutgoingEmail.objects.filter(
        template_key="discussion_digest", to__in=[author.email, conflicted_reviewer.email]
    ).exists()


def test_meta_review_goes_with_the_decision(client, reviewing, author, organizer, second_reviewer):
    with pytest.raises(PermissionDenied):
        write_meta_review(submission=reviewing, by=second_reviewer, text="Accept.")
    with pytest.raises(ValidationError, match="Write the meta-review"):
        write_meta_review(submission=reviewing, by=organizer, text="  ")
    saved = post(client, organizer, reviewing, "A solid paper.", "reviews:meta_review")
    assert saved.status_code == 302
    assert MetaReview.objects.get(submission=reviewing).text == "A solid paper."
    post_comment(submission=reviewing, by=second_reviewer, text="Secret reviewer talk.")
    assert "A solid paper." in page(client, second_reviewer, reviewing).text  # participants

    decide(submission=reviewing, outcome=SubmissionStatus.ACCEPTED_POSTER, by=organizer)
    (mail,) = draft_decision_mails(workshop=reviewing.workshop, by=organizer)
    assert "The organizers' summary:\n\nA solid paper." in mail.body
    assert "Secret reviewer talk." not in mail.body

    client.force_login(author)
    url = reverse("reviews:author_reviews", args=[reviewing.workshop.slug, reviewing.pk])
    assert "A solid paper." not in client.get(url).text  # not before the decision is sent
    send_decision_mails(workshop=reviewing.workshop, by=organizer)
    shown = client.get(url).text
    assert "A solid paper." in shown
    assert "Secret reviewer talk." not in shown
    with pytest.raises(ValidationError, match="can no longer change"):
        write_meta_review(submission=reviewing, by=organizer, text="Changed my mind.")


def test_an_organizer_who_wrote_the_paper_is_mailed_nothing_about_it(
    reviewing, organizer, second_reviewer
):
    reviewing.authors.create(name=organizer.name, email=organizer.email, position=2)
    post_comment(submission=reviewing, by=second_reviewer, text="Between us reviewers.")
    _age_comments()
    assert send_discussion_digests() == 0
    assert not OutgoingEmail.objects.filter(template_key="discussion_digest").exists()
