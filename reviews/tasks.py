"""Celery tasks of reviewing: thin wrappers that take ids and call a service."""

from celery import shared_task

from .services import assignment, conflicts, decisions, discussion_digest, jobs, reminders


@shared_task(name="reviews.run_review_job", soft_time_limit=1800, time_limit=1860)
def run_review_job(job_id: int) -> str | None:
    """Affinity or automatic assignment; progress and outcome go to the ReviewJob row."""
    return jobs.run_job(job_id)


@shared_task(name="reviews.send_review_reminders", soft_time_limit=300, time_limit=330)
def send_review_reminders() -> int:
    """Hourly (workshop/settings.py CELERY_BEAT_SCHEDULE); each mail is sent at most once."""
    return reminders.send_review_reminders()


@shared_task(name="reviews.mail_assignments", soft_time_limit=600, time_limit=660)
def mail_assignments(workshop_id: int, new_by_reviewer: dict[str, list[int]]) -> int:
    """After an organizer confirmed the assignment: one email per reviewer, into the outbox."""
    from workshop.models import Workshop

    workshop = Workshop.objects.filter(pk=workshop_id).first()
    if workshop is None:
        return 0
    return assignment.mail_assignments(
        workshop=workshop, new_by_reviewer={int(k): v for k, v in new_by_reviewer.items()}
    )


@shared_task(name="reviews.refresh_paper_conflicts", soft_time_limit=120, time_limit=150)
def refresh_paper_conflicts(submission_id: int) -> None:
    """A paper was saved: detect its conflicts with the pool again (reviews/signals.py)."""
    conflicts.refresh_for_submission(submission_id)


@shared_task(name="reviews.queue_decision_mails", soft_time_limit=1800, time_limit=1860)
def queue_decision_mails(workshop_id: int, sent_at: str) -> int:
    """After an organizer sent the decisions: one mail per author of every paper told at
    `sent_at`, into the outbox (reviews/services/decisions.py)."""
    return decisions.queue_decision_mails(workshop_id=workshop_id, sent_at=sent_at)


@shared_task(name="reviews.send_discussion_digests", soft_time_limit=600, time_limit=660)
def send_discussion_digests() -> int:
    """Every ten minutes (workshop/settings.py CELERY_BEAT_SCHEDULE): one mail per
    participant with the discussion comments since their last one."""
    return discussion_digest.send_discussion_digests()
