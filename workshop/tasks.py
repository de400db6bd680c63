from datetime import timedelta

from celery import shared_task
from django.conf import settings

from . import mail


@shared_task(
    name="workshop.deliver_email", bind=True, max_retries=6, soft_time_limit=50, time_limit=60
)
def deliver_email(self, email_id: int) -> bool:
    try:
        return mail.deliver(email_id)
    except mail.DeliveryFailed as exc:
        if self.request.retries >= self.max_retries:
            mail.mark_failed(email_id, f"Gave up after {self.request.retries + 1} attempts: {exc}")
            return False
        # Exponential backoff: base, 2×base, 4×base … (30 s, 1 min, 2 min … by default).
        delay = settings.MAIL_RETRY_BASE_SECONDS * 2**self.request.retries
        mail.schedule_retry(email_id, timedelta(seconds=delay))
        raise self.retry(exc=exc, countdown=delay) from exc


@shared_task(name="workshop.requeue_stale_emails", soft_time_limit=50, time_limit=60)
def requeue_stale_emails() -> int:
    return mail.requeue_stale()
