"""A release that moves a talk: a real Celery worker delivers the speaker's email into an
SMTP sink, once, however often the release's mails are queued."""

import os

import pytest
import redis
from django.db import connection

from schedule import services
from workshop.celery import app as celery_app
from workshop.models import OutgoingEmail

from ..conftest import need
from ..services import CeleryWorker, SmtpSink, postgres_url, wait_for
from .conftest import item, speaker, utc


@pytest.fixture
def worker_and_sink(transactional_db, postgres_required, tmp_path):
    url = os.environ.get("REDIS_URL", "")
    try:
        ok = bool(url) and redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        ok = False
    need(ok, "Redis (REDIS_URL)")
    with SmtpSink() as sink:
        worker = CeleryWorker(
            database_url=postgres_url(connection.settings_dict),
            redis_url=url,
            extra_env={"EMAIL_URL": f"smtp://127.0.0.1:{sink.port}"},
            log_dir=tmp_path,
        )
        keys = ("task_always_eager", "broker_url", "result_backend", "task_default_queue")
        saved = {key: celery_app.conf[key] for key in keys}
        celery_app.conf.update(
            task_always_eager=False,
            broker_url=url,
            result_backend=url,
            task_default_queue=worker.queue,
        )
        celery_app._pool = None
        try:
            with worker:
                yield worker, sink
        finally:
            celery_app.conf.update(saved)
            celery_app._pool = None


@pytest.mark.integration
def test_a_moved_speaker_is_told_by_a_real_worker(worker_and_sink, workshop, organizer):
    worker, sink = worker_and_sink
    talk = item(workshop, utc(21, 25), utc(21, 50), title="Invited talk by Jeff Dean")
    speaker(talk, "Jeff Dean", email="jeff@example.org")
    services.release_schedule(workshop=workshop, by=organizer)
    talk.start_at, talk.end_at = utc(22), utc(22, 25)
    services.save_item(item=talk, by=organizer)
    release = services.release_schedule(workshop=workshop, by=organizer)

    sent = wait_for(lambda: OutgoingEmail.objects.filter(state="sent").count() == 1, timeout=30)
    assert sent, worker.log()
    assert len(sink.messages) == 1
    message = sink.messages[0]
    assert message.rcpt_tos == ["jeff@example.org"]
    assert b"Invited talk by Jeff Dean" in message.content
    # 22:00 UTC is 17:00 in Montréal.
    assert b"17:00 America/Toronto" in message.content

    # Queueing the release's mails again (a retry, a double click) sends nothing more.
    services._tell_moved_speakers(release, {talk.pk: talk})
    assert OutgoingEmail.objects.count() == 1
    assert len(sink.messages) == 1
