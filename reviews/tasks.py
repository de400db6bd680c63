"""Celery tasks of reviewing: thin wrappers that take ids and call a service."""

from celery import shared_task

from .services import jobs, reminders


@shared_task(name="reviews.run_review_job", soft_time_limit=1800, time_limit=1860)
def run_review_job(job_id: int) -> str | None:
    """Affinity or automatic assignment; progress and outcome go to the ReviewJob row."""
    return jobs.run_job(job_id)


@shared_task(name="reviews.send_review_reminders", soft_time_limit=300, time_limit=330)
def send_review_reminders() -> int:
    """Hourly (workshop/settings.py CELERY_BEAT_SCHEDULE); each mail is sent at most once."""
    return reminders.send_review_reminders()
