"""Reminders about unfinished reviews, run hourly by Celery beat.

Each reviewer with unfinished reviews gets one mail (listing them all) 3 days before the
review deadline, one 1 day before, and one after it; the organizers get one digest of
missing reviews after the deadline. Each mail has an idempotency key naming the stage and
the deadline, so however often the task runs it is sent once — and again only if the
organizers move the deadline. A stage whose window has passed (the beat was down) is
skipped rather than sent late; the after-deadline mails stop a week after the deadline.
"""

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from workshop.enums import RoleKind
from workshop.mail import queue_templated_email
from workshop.models import Role, Workshop
from workshop.zones import format_in_zone

from ..enums import REVIEWABLE, AssignmentState, ReviewState
from ..models import Assignment

EARLY, LAST_DAY, LATE = "3d", "1d", "late"
LATE_WINDOW = timedelta(days=7)


def stage_at(deadline: datetime, now: datetime) -> str | None:
    if deadline - timedelta(days=3) <= now < deadline - timedelta(days=1):
        return EARLY
    if deadline - timedelta(days=1) <= now < deadline:
        return LAST_DAY
    if deadline <= now < deadline + LATE_WINDOW:
        return LATE
    return None


def send_review_reminders(*, now: datetime | None = None) -> int:
    """Queue the reminders due now; returns how many mails were queued (or found queued)."""
    now = now or timezone.now()
    workshops = Workshop.objects.filter(
        review_deadline__gt=now - LATE_WINDOW, review_deadline__lte=now + timedelta(days=3)
    )
    count = 0
    for workshop in workshops:
        stage = stage_at(workshop.review_deadline, now)
        if stage is not None:
            count += _remind(workshop, stage)
    return count


def _unfinished(workshop: Workshop):
    return (
        Assignment.objects.filter(
            submission__workshop=workshop,
            submission__status__in=REVIEWABLE,
            state=AssignmentState.CONFIRMED,
        )
        .filter(Q(review__isnull=True) | ~Q(review__state=ReviewState.SUBMITTED))
        .select_related("submission", "reviewer", "review")
        .order_by("submission__number", "number")
    )


def _remind(workshop: Workshop, stage: str) -> int:
    deadline = workshop.review_deadline
    stamp = deadline.strftime("%Y%m%d%H%M")
    shown = format_in_zone(deadline, workshop.deadline_timezone)
    missing = list(_unfinished(workshop))
    by_reviewer = defaultdict(list)
    for assignment in missing:
        by_reviewer[assignment.reviewer].append(assignment)
    base = settings.SITE_URL
    count = 0
    for reviewer, assignments in by_reviewer.items():
        queue_templated_email(
            template_key="review_reminder",
            to=reviewer.email,
            workshop=workshop,
            idempotency_key=f"review-reminder:{workshop.pk}:{reviewer.pk}:{stage}:{stamp}",
            context={
                "reviewer": reviewer,
                "stage": stage,
                "deadline": shown,
                "papers": [
                    {
                        "number": a.submission.number,
                        "title": a.submission.title,
                        "url": base
                        + reverse(
                            "reviews:paper",
                            kwargs={"slug": workshop.slug, "pk": a.submission_id},
                        ),
                    }
                    for a in assignments
                ],
            },
        )
        count += 1
    if stage == LATE and missing:
        organizers = Role.objects.filter(workshop=workshop, kind=RoleKind.ORGANIZER).select_related(
            "user"
        )
        for role in organizers:
            queue_templated_email(
                template_key="review_digest",
                to=role.user.email,
                workshop=workshop,
                idempotency_key=f"review-digest:{workshop.pk}:{role.user_id}:{stamp}",
                context={
                    "organizer": role.user,
                    "deadline": shown,
                    "missing": [
                        {
                            "number": a.submission.number,
                            "title": a.submission.title,
                            "reviewer": str(a.reviewer),
                            "label": a.label,
                            "state": "draft" if hasattr(a, "review") else "not started",
                        }
                        for a in missing
                    ],
                    "reviewers": len(by_reviewer),
                },
            )
            count += 1
    return count
