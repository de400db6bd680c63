"""Mail under faults, with a real Celery worker and an aiosmtpd sink: the mail server down
for a while, the worker killed with SIGKILL in the middle of a delivery. Every queued mail
reaches the sink exactly once (counted by its X-Outbox-Id header)."""

import asyncio
import os
import signal
import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from workshop import mail
from workshop.enums import EmailState
from workshop.models import OutgoingEmail

from ..conftest import publishing_to
from ..services import CeleryWorker, SinkHandler, SmtpSink, free_port, postgres_url
from .servers import until

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("postgres_required")]

RETRY_BASE_SECONDS = 0.5  # retries after 0.5, 1, 2, 4, 8, 16 s (30 s, 1, 2 … min by default)


def worker_for(port: int, tmp_path, redis_url: str, **kwargs) -> CeleryWorker:
    return CeleryWorker(
        database_url=postgres_url(connection.settings_dict),
        redis_url=redis_url,
        extra_env={
            "EMAIL_URL": f"smtp://127.0.0.1:{port}",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "MAIL_RETRY_BASE_SECONDS": str(RETRY_BASE_SECONDS),
            "EMAIL_TIMEOUT": "5",
        },
        log_dir=tmp_path,
        **kwargs,
    )


def queue_mails(n: int, prefix: str) -> list[int]:
    with transaction.atomic():  # dispatched on commit, as from a request
        return [
            mail.queue_email(
                to=f"author{i}@uni.example.edu",
                subject=f"Your paper {i} was received",
                text_body="Thank you for your submission.",
                template_key="submission_received",
                idempotency_key=f"{prefix}:{i}",
            ).pk
            for i in range(n)
        ]


def outbox_ids(sink: SmtpSink) -> Counter:
    """How many times the sink accepted each outbox row."""
    counts = Counter()
    for envelope in sink.messages:
        for line in envelope.content.splitlines():
            if line.startswith(b"X-Outbox-Id:"):
                counts[int(line.split(b":", 1)[1])] += 1
    return counts


def all_sent(ids: list[int]) -> bool:
    return OutgoingEmail.objects.filter(pk__in=ids, state=EmailState.SENT).count() == len(ids)


def test_mail_server_down_then_back_delivers_every_mail_once(transactional_db, redis_url, tmp_path):
    """The SMTP server is down (connection refused) for 5 s — the issue's "a minute", scaled
    to the test's retry base of 0.5 s — while 5 mails are queued; when it is back every mail
    arrives once, none is marked failed."""
    port = free_port()
    worker = worker_for(port, tmp_path, redis_url)
    with publishing_to(worker, redis_url), worker:
        ids = queue_mails(5, "smtp-down")
        until(lambda: OutgoingEmail.objects.filter(pk__in=ids, attempts__gte=2).count() == 5)
        assert not OutgoingEmail.objects.filter(pk__in=ids, state=EmailState.SENT).exists()
        assert "Connection refused" in OutgoingEmail.objects.get(pk=ids[0]).last_error
        with SmtpSink(port=port) as sink:  # about 5 s after the first attempts
            until(lambda: all_sent(ids), timeout=40)
            assert outbox_ids(sink) == dict.fromkeys(ids, 1), worker.log()
    assert not OutgoingEmail.objects.filter(pk__in=ids, state=EmailState.FAILED).exists()


class HoldingHandler(SinkHandler):
    """Holds every message at DATA (the server has not said "250" yet) until released; a
    message whose client went away meanwhile was never accepted, so it is not counted."""

    def __init__(self):
        super().__init__()
        self.holding = True
        self.arrived = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.arrived.set()
        while self.holding:  # aiosmtpd cancels this coroutine when the client disconnects
            await asyncio.sleep(0.05)
        if server.transport is None or server.transport.is_closing():
            return "421 4.4.2 Connection lost before the message was accepted"
        return await super().handle_DATA(server, session, envelope)


def test_worker_killed_mid_delivery_delivers_the_mail_once_after_restart(
    transactional_db, redis_url, tmp_path
):
    """The worker is SIGKILLed while the mail server holds its message at DATA. The row stays
    claimed ("sending"), so nothing sends it twice; a new worker is started, and the periodic
    sweep — run here as if its 10 minutes had passed — hands the row back: one mail."""
    handler = HoldingHandler()
    with SmtpSink(handler) as sink:
        first = worker_for(sink.port, tmp_path, redis_url, name="-first")
        with publishing_to(first, redis_url):
            with first:
                (row_id,) = queue_mails(1, "killed")
                assert handler.arrived.wait(timeout=60), first.log()
                row = OutgoingEmail.objects.get(pk=row_id)
                assert (row.state, row.attempts) == (EmailState.SENDING, 1)
                os.kill(first.process.pid, signal.SIGKILL)
                first.process.wait(timeout=10)
                handler.holding = False
            assert sink.messages == []  # the server never accepted it
            second = worker_for(sink.port, tmp_path, redis_url, queue=first.queue, name="-2")
            with second:
                # The killed task was acknowledged late, so it was never acknowledged; when
                # the broker hands it out again, the claim makes it a no-op.
                assert OutgoingEmail.objects.get(pk=row_id).state == EmailState.SENDING
                later = timezone.now() + mail.STUCK_SENDING_AFTER + timedelta(seconds=1)
                assert mail.requeue_stale(now=later) == 1
                until(lambda: all_sent([row_id]), timeout=30)
                assert outbox_ids(sink) == {row_id: 1}, second.log()
    row = OutgoingEmail.objects.get(pk=row_id)
    assert (row.state, row.attempts) == (EmailState.SENT, 2)
