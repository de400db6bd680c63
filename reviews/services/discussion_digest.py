"""New discussion comments, mailed in digests by a periodic task (workshop/settings.py
CELERY_BEAT_SCHEDULE): each participant gets one mail listing the comments posted since
their last digest on the papers they may discuss — never their own comments, never to the
paper's authors or anyone in conflict with it (the same `reviews.discuss_paper` the pages
ask). A cursor per participant and workshop (DiscussionDigest) moves past the comments
mailed, in the same transaction as the mail is put in the outbox, whose idempotency key
names the cursor's new place: a run repeated or retried mails nobody twice."""

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from people.models import User
from workshop.enums import RoleKind
from workshop.mail import queue_templated_email
from workshop.models import Role, Workshop

from ..enums import AssignmentState, ReviewState
from ..models import Assignment, DiscussionComment, DiscussionDigest
from .discussion import Signatures

# A comment is mailed once it is a minute old, so that one committed a moment after a
# later-numbered one is not passed by the cursor; and comments older than the look-back
# (the beat was down for a week) are left to the pages rather than mailed late.
SETTLE = timedelta(minutes=1)
LOOK_BACK = timedelta(days=7)


def send_discussion_digests(*, now: datetime | None = None) -> int:
    """Queue the digests due now, one transaction per workshop; returns how many mails."""
    now = now or timezone.now()
    recent = DiscussionComment.objects.filter(
        submission__workshop=OuterRef("pk"), created_at__gte=now - LOOK_BACK
    )
    count = 0
    for workshop in Workshop.objects.filter(Exists(recent)).order_by("pk"):
        with transaction.atomic():
            count += _digest_workshop(workshop, now)
    return count


def _candidates(workshop: Workshop, submission_ids) -> dict[User, set[int] | None]:
    """The organizers (every paper: None) and the confirmed reviewers with a submitted
    review (their papers): each is asked `reviews.discuss_paper` per paper before anything
    is mailed to them."""
    candidates: dict[User, set[int] | None] = {}
    for role in Role.objects.filter(workshop=workshop, kind=RoleKind.ORGANIZER).select_related(
        "user"
    ):
        candidates[role.user] = None
    for assignment in Assignment.objects.filter(
        submission_id__in=submission_ids,
        state=AssignmentState.CONFIRMED,
        review__state=ReviewState.SUBMITTED,
    ).select_related("reviewer"):
        papers = candidates.setdefault(assignment.reviewer, set())
        if papers is not None:
            papers.add(assignment.submission_id)
    return candidates


def _cursors(workshop: Workshop, users) -> dict[int, DiscussionDigest]:
    DiscussionDigest.objects.bulk_create(
        [DiscussionDigest(workshop=workshop, user=user) for user in users], ignore_conflicts=True
    )
    locked = DiscussionDigest.objects.select_for_update().filter(
        workshop=workshop, user__in=list(users)
    )
    return {cursor.user_id: cursor for cursor in locked.order_by("user_id")}


def _digest_workshop(workshop: Workshop, now: datetime) -> int:
    comments = list(
        DiscussionComment.objects.filter(
            submission__workshop=workshop,
            created_at__gte=now - LOOK_BACK,
            created_at__lte=now - SETTLE,
        )
        .select_related("author", "submission__workshop")
        .order_by("id")
    )
    if not comments:
        return 0
    latest = comments[-1].pk
    papers = {comment.submission_id: comment.submission for comment in comments}
    candidates = _candidates(workshop, list(papers))
    cursors = _cursors(workshop, candidates)
    signatures = Signatures(workshop, list(papers))
    count = 0
    for user, their_papers in sorted(candidates.items(), key=lambda item: item[0].pk):
        cursor = cursors[user.pk]
        if cursor.last_comment_id >= latest:
            continue
        new = [
            c
            for c in comments
            if c.pk > cursor.last_comment_id
            and c.author_id != user.pk
            and (their_papers is None or c.submission_id in their_papers)
        ]
        allowed = {
            pk
            for pk in {c.submission_id for c in new}
            if user.has_perm("reviews.discuss_paper", papers[pk])
        }
        mine = [c for c in new if c.submission_id in allowed]
        if mine:
            key = f"{cursor.last_comment_id}-{latest}"
            _queue_digest(workshop, user, mine, signatures, key=key)
            count += 1
            cursor.sent_at = now
        cursor.last_comment_id = latest
        cursor.save(update_fields=["last_comment_id", "sent_at"])
    return count


def _queue_digest(workshop, user, comments, signatures: Signatures, *, key: str) -> None:
    by_paper = defaultdict(list)
    for comment in comments:
        by_paper[comment.submission].append(signatures.view(comment, user))
    papers = [
        {
            "number": paper.number,
            "title": paper.title,
            "url": settings.SITE_URL
            + reverse("reviews:paper", kwargs={"slug": workshop.slug, "pk": paper.pk})
            + "#discussion",
            "comments": views,
        }
        for paper, views in sorted(by_paper.items(), key=lambda item: item[0].number)
    ]
    queue_templated_email(
        template_key="discussion_digest",
        to=user.email,
        workshop=workshop,
        idempotency_key=f"discussion-digest:{workshop.pk}:{user.pk}:{key}",
        context={"participant": user, "papers": papers, "count": len(comments)},
    )
