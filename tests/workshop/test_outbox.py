from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from workshop import mail
from workshop.celery import app as celery_app
from workshop.models import OutgoingEmail
from workshop.tasks import deliver_email

from ..services import SmtpSink, wait_for


def queue(key="k1", to="author@uni.example.edu", workshop=None):
    return mail.queue_email(
        to=to,
        subject="Your paper was received",
        text_body="Thank you.",
        template_key="test",
        idempotency_key=key,
        workshop=workshop,
    )


@pytest.mark.django_db
def test_queueing_twice_with_one_key_sends_once(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue()
        second = queue()
    assert first.pk == second.pk
    assert OutgoingEmail.objects.count() == 1
    assert len(mailoutbox) == 1
    first.refresh_from_db()
    assert (first.state, first.attempts) == ("sent", 1) and first.sent_at is not None


@pytest.mark.django_db
def test_delivering_a_sent_row_again_sends_nothing(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        row = queue()
    assert deliver_email.delay(row.pk).get() is False
    assert mail.deliver(row.pk) is False
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_templated_email_renders_subject_and_bodies(
    django_capture_on_commit_callbacks, mailoutbox, workshop
):
    with django_capture_on_commit_callbacks(execute=True):
        row = mail.queue_templated_email(
            template_key="test_notice",
            to="a@uni.example.edu",
            workshop=workshop,
            context={"name": "Ada"},
            idempotency_key="tpl-1",
        )
    assert row.subject == f"[{workshop.name}] A notice for Ada"
    assert "Hello Ada," in row.text_body and "<p>Hello Ada,</p>" in row.html_body
    assert mailoutbox[0].alternatives[0][1] == "text/html"


@pytest.fixture
def smtp_sink(settings):
    with SmtpSink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        yield sink


@pytest.mark.django_db
def test_smtp_refusal_leaves_the_row_queued_with_a_backoff(
    smtp_sink, django_capture_on_commit_callbacks, settings
):
    """Eager tasks cannot wait for a retry: the row waits, with its next attempt set by the
    exponential backoff, for the sweep (the real-worker test below covers real retries)."""
    settings.MAIL_RETRY_BASE_SECONDS = 60  # so that "the next attempt is later" holds under load
    smtp_sink.handler.refuse = 1
    with django_capture_on_commit_callbacks(execute=True):
        row = queue("retry-later")
    row.refresh_from_db()
    assert (row.state, row.attempts) == ("queued", 1)
    assert "451" in row.last_error and row.next_attempt_at > timezone.now()
    assert smtp_sink.messages == []

    assert mail.requeue_stale(now=timezone.now() + timedelta(minutes=3)) == 1
    row.refresh_from_db()
    assert (row.state, row.attempts) == ("sent", 2) and len(smtp_sink.messages) == 1


@pytest.mark.django_db
def test_the_last_retry_gives_up_and_marks_the_row_failed(smtp_sink):
    smtp_sink.handler.refuse = 100
    row = queue("retry-never")
    result = deliver_email.apply(args=[row.pk], retries=deliver_email.max_retries)
    assert result.get() is False
    row.refresh_from_db()
    assert row.state == "failed"
    assert row.last_error.startswith("Gave up after 7 attempts") and "451" in row.last_error


@pytest.fixture
def broker_down():
    """Point the producer at a closed port. Celery caches its connection pool, so drop it
    before and after (there is no public API to switch brokers at runtime)."""
    saved = celery_app.conf.broker_url
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
    celery_app._pool = None
    yield
    celery_app.conf.broker_url = saved
    celery_app._pool = None


@pytest.mark.django_db
def test_broker_down_the_request_succeeds_and_the_row_waits(
    client, broker_down, django_capture_on_commit_callbacks, mailoutbox
):
    from ..factories import UserFactory

    UserFactory(email="forgetful@uni.example.edu")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": "forgetful@uni.example.edu"})
    assert response.status_code == 302
    row = OutgoingEmail.objects.get(to="forgetful@uni.example.edu")
    assert row.state == "queued" and row.attempts == 0

    # Later the broker is back and the periodic sweep picks the row up.
    celery_app.conf.task_always_eager = True
    assert mail.requeue_stale(now=timezone.now() + timedelta(minutes=3)) == 1
    row.refresh_from_db()
    assert row.state == "sent" and len(mailoutbox) == 1


@pytest.mark.django_db
def test_sweep_frees_rows_stuck_in_sending():
    row = queue("stuck")
    OutgoingEmail.objects.filter(pk=row.pk).update(
        state="sending", updated_at=timezone.now() - timedelta(minutes=11)
    )
    assert mail.requeue_stale() == 1
    row.refresh_from_db()
    assert row.state == "sent"


@pytest.mark.integration
def test_real_worker_delivers_retries_and_never_sends_twice(real_worker):
    worker, sink = real_worker
    sink.handler.refuse = 1  # the first attempt meets a 451, the retry goes through
    with transaction.atomic():
        row = queue("integration-1")
    sent = wait_for(lambda: OutgoingEmail.objects.get(pk=row.pk).state == "sent", timeout=30)
    assert sent, worker.log()
    row.refresh_from_db()
    assert row.attempts == 2 and row.last_error == ""
    assert len(sink.messages) == 1
    assert sink.messages[0].rcpt_tos == ["author@uni.example.edu"]
    assert b"Your paper was received" in sink.messages[0].content

    # Delivering the sent row again sends nothing.
    again = deliver_email.apply_async((row.pk,), ignore_result=False)  # results are off
    assert again.get(timeout=20) is False
    assert len(sink.messages) == 1
