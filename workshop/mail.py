"""The mail outbox: every email is first a row, then a Celery task delivers it.

A row is claimed before sending (QUEUED → SENDING in one UPDATE), so a row is sent at most
once however often its task runs; a periodic sweep picks up rows whose task never ran
(the broker was down) or whose worker died mid-send.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.db.models import F, Q
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone

from .enums import EmailState
from .models import OutgoingEmail, Workshop
from .queueing import queue_task, queue_tasks

logger = logging.getLogger(__name__)

STALE_QUEUED_AFTER = timedelta(minutes=2)
STUCK_SENDING_AFTER = timedelta(minutes=10)


class DeliveryFailed(Exception):
    """The mail server refused or could not be reached; the row is queued again."""


def queue_email(
    *,
    to: str,
    subject: str,
    text_body: str,
    template_key: str,
    idempotency_key: str,
    html_body: str = "",
    workshop: Workshop | None = None,
    related: models.Model | None = None,
) -> OutgoingEmail:
    """Store one email and deliver it after the current transaction commits.

    The idempotency key makes queueing safe to repeat: a second call with the same key
    returns the existing row and sends nothing more."""
    defaults = {
        "to": to,
        "subject": " ".join(subject.split())[:300],
        "text_body": text_body,
        "html_body": html_body,
        "template_key": template_key,
        "workshop": workshop,
    }
    if related is not None:
        defaults["related"] = related
    email, created = OutgoingEmail.objects.get_or_create(
        idempotency_key=idempotency_key, defaults=defaults
    )
    if created:
        transaction.on_commit(lambda: dispatch(email.pk))
    return email


def queue_emails(emails: list[dict], *, batch_size: int = 1000) -> int:
    """Store many emails at once (a fan-out: decisions for every author, assignments for
    every reviewer) and deliver them after the current transaction commits. Each dict has
    queue_email's arguments (without `related`). Keys already stored are skipped, so a
    retried fan-out mails nobody twice. Returns how many rows were new."""
    created: list[int] = []
    for start in range(0, len(emails), batch_size):
        chunk = emails[start : start + batch_size]
        keys = [email["idempotency_key"] for email in chunk]
        known = set(
            OutgoingEmail.objects.filter(idempotency_key__in=keys).values_list(
                "idempotency_key", flat=True
            )
        )
        new = [email for email in chunk if email["idempotency_key"] not in known]
        OutgoingEmail.objects.bulk_create(
            [
                OutgoingEmail(**{**email, "subject": " ".join(email["subject"].split())[:300]})
                for email in new
            ],
            ignore_conflicts=True,  # a concurrent run may have stored a key meanwhile
        )
        # The ids (bulk_create gives none when it may skip rows); a row a concurrent run
        # stored is dispatched twice, which its claim makes harmless.
        created += OutgoingEmail.objects.filter(
            idempotency_key__in=[email["idempotency_key"] for email in new]
        ).values_list("pk", flat=True)
    transaction.on_commit(lambda: dispatch_many(created))
    return len(created)


def queue_templated_email(
    *,
    template_key: str,
    to: str,
    context: dict,
    idempotency_key: str,
    workshop: Workshop | None = None,
    related: models.Model | None = None,
) -> OutgoingEmail:
    """Render templates/emails/<key>/{subject.txt, body.txt[, body.html]} and queue the result."""
    base = f"emails/{template_key}"
    context = {"site_url": settings.SITE_URL, "workshop": workshop, **context}
    subject = _render_text(f"{base}/subject.txt", context)
    text_body = _render_text(f"{base}/body.txt", context)
    try:
        html_body = render_to_string(f"{base}/body.html", context)
    except TemplateDoesNotExist:
        html_body = ""
    return queue_email(
        to=to,
        subject=subject,
        text_body=text_body,
        html_body=html_body,
        template_key=template_key,
        idempotency_key=idempotency_key,
        workshop=workshop,
        related=related,
    )


def _render_text(name: str, context: dict) -> str:
    """Plain-text templates: nothing HTML-escaped (a title with a quote stays a quote)."""
    return get_template(name).template.render(Context(context, autoescape=False))


def dispatch(email_id: int) -> None:
    """Hand a row to Celery. If the broker is down the row simply waits for the sweep:
    queueing mail never makes the user's request fail."""
    try:
        queue_task("workshop.deliver_email", email_id)
    except Exception:
        logger.warning(
            "Could not hand email %s to Celery; the sweep will retry.", email_id, exc_info=True
        )


def dispatch_many(email_ids: list[int]) -> None:
    """Hand many rows to Celery; at the first failure the rest wait for the sweep too,
    rather than each waiting for the broker's timeout."""
    try:
        queue_tasks("workshop.deliver_email", [(email_id,) for email_id in email_ids])
    except Exception:
        logger.warning(
            "Could not hand %s emails to Celery; the sweep will retry.",
            len(email_ids),
            exc_info=True,
        )


def deliver(email_id: int) -> bool:
    """Send one queued row. Returns False when there was nothing to send (already sent,
    being sent by another worker, or gone)."""
    now = timezone.now()
    claimed = OutgoingEmail.objects.filter(pk=email_id, state=EmailState.QUEUED).update(
        state=EmailState.SENDING, attempts=F("attempts") + 1, updated_at=now
    )
    if not claimed:
        return False
    email = OutgoingEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.text_body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={"X-Outbox-Id": str(email.pk)},
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        OutgoingEmail.objects.filter(pk=email_id).update(
            state=EmailState.QUEUED,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            updated_at=timezone.now(),
        )
        raise DeliveryFailed(str(exc)) from exc
    OutgoingEmail.objects.filter(pk=email_id).update(
        state=EmailState.SENT,
        sent_at=timezone.now(),
        updated_at=timezone.now(),
        last_error="",
        next_attempt_at=None,
    )
    return True


def schedule_retry(email_id: int, delay: timedelta) -> None:
    OutgoingEmail.objects.filter(pk=email_id, state=EmailState.QUEUED).update(
        next_attempt_at=timezone.now() + delay
    )


def mark_failed(email_id: int, error: str) -> None:
    OutgoingEmail.objects.filter(pk=email_id, state=EmailState.QUEUED).update(
        state=EmailState.FAILED,
        last_error=error[:2000],
        next_attempt_at=None,
        updated_at=timezone.now(),
    )


@transaction.atomic
def resend(*, emails) -> int:
    """Queue failed rows again (an organizer's admin action). Sent rows are left alone."""
    ids = list(emails.filter(state=EmailState.FAILED).values_list("pk", flat=True))
    OutgoingEmail.objects.filter(pk__in=ids).update(
        state=EmailState.QUEUED, attempts=0, next_attempt_at=None, updated_at=timezone.now()
    )
    for email_id in ids:
        transaction.on_commit(lambda email_id=email_id: dispatch(email_id))
    return len(ids)


def requeue_stale(now=None) -> int:
    """Dispatch rows whose task never ran, and free rows whose worker died mid-send."""
    now = now or timezone.now()
    stuck = list(
        OutgoingEmail.objects.filter(
            state=EmailState.SENDING, updated_at__lt=now - STUCK_SENDING_AFTER
        ).values_list("pk", flat=True)[:500]
    )
    OutgoingEmail.objects.filter(pk__in=stuck, state=EmailState.SENDING).update(
        state=EmailState.QUEUED, updated_at=now
    )
    stale = list(
        OutgoingEmail.objects.filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
            state=EmailState.QUEUED,
            updated_at__lt=now - STALE_QUEUED_AFTER,
        ).values_list("pk", flat=True)[:500]
    )
    ids = stuck + stale
    for email_id in ids:
        dispatch(email_id)
    return len(ids)
