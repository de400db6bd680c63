"""A server stopped under a running site, with servers of the test's own (the shared ones are
never touched): Redis (broker and cache) stopped while authors use the site, PostgreSQL
restarted while a request is in flight."""

import threading
import time
from datetime import timedelta

import psycopg2
import pytest
import requests
from django.db import connection
from django.utils import timezone

from submissions.models import PaperVersion, Submission
from workshop import mail
from workshop.enums import EmailState
from workshop.models import OutgoingEmail

from ..conftest import publishing_to
from ..services import CeleryWorker, SmtpSink, postgres_url
from ..submissions.pdfs import make_paper
from .browser import logged_in, submit_paper
from .servers import PrivatePostgres, PrivateRedis, Web, until, web_env
from .test_mail_faults import outbox_ids

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("postgres_required")]


def timed_get(session, url: str) -> requests.Response:
    started = time.monotonic()
    response = session.get(url, timeout=30, allow_redirects=False)
    assert time.monotonic() - started < 10, f"{url} took {time.monotonic() - started:.1f} s"
    return response


def test_redis_down_pages_and_uploads_succeed_and_mail_waits(open_call, tmp_path):
    """Redis (the Celery broker and the cache) is stopped: pages answer, a log-in works, an
    upload is saved and its mails wait in the outbox; Redis comes back (empty, as after a
    crash) and the sweep hands the waiting rows to the worker: each mail arrives once."""
    workshop, author = open_call
    with PrivateRedis() as broker, SmtpSink() as sink:
        worker = CeleryWorker(
            database_url=postgres_url(connection.settings_dict),
            redis_url=broker.url,
            extra_env={
                "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}",
                "MEDIA_ROOT": str(tmp_path / "media"),
                "MAIL_RETRY_BASE_SECONDS": "0.5",
            },
            log_dir=tmp_path,
        )
        env = {
            **worker.env,
            "SECRET_KEY": "fault-tests-secret-" + "k" * 40,
            "CACHE_PREFIX": "outage",
            "LOG_LEVEL": "WARNING",
        }
        with worker, Web(env, tmp_path / "web.log") as web:
            browser = logged_in(web.url, author)
            broker.stop()
            for page in ("/", f"/{workshop.slug}/", "/me/submissions/", "/api/v1/workshops/"):
                assert timed_get(browser, web.url + page).status_code == 200, web.log()[-3000:]
            logged_in(web.url, author)  # the log-in throttle counts in the cache
            started = time.monotonic()
            saved = submit_paper(browser, web.url, workshop.slug, author, make_paper())
            assert saved.status_code == 302, saved.text[-2000:] + web.log()[-3000:]
            assert time.monotonic() - started < 15
            paper = Submission.objects.get()
            assert PaperVersion.objects.filter(submission=paper).count() == 1
            waiting = list(OutgoingEmail.objects.filter(to=author.email))
            assert [row.state for row in waiting] == [EmailState.QUEUED]
            assert waiting[0].attempts == 0

            broker.start()  # back, and empty: the messages of before are gone
            until(lambda: worker.log().count("Connected to redis://") >= 2, timeout=40)
            with publishing_to(worker, broker.url):
                later = timezone.now() + mail.STALE_QUEUED_AFTER + timedelta(seconds=1)
                assert mail.requeue_stale(now=later) == 1
            row_ids = [row.pk for row in waiting]
            until(lambda: not OutgoingEmail.objects.exclude(state=EmailState.SENT).exists())
            assert outbox_ids(sink) == dict.fromkeys(row_ids, 1), worker.log()


def _count(url: str, sql: str) -> int:
    with psycopg2.connect(url) as db, db.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def test_postgres_restart_fails_the_request_in_flight_and_the_next_succeed(
    open_call, tmp_path, collected_static, redis_url
):
    """A paper is being saved (held on the workshop's row lock, which numbers papers) when
    PostgreSQL restarts: that request gets the site's error page and leaves no paper, version
    or file; the next requests succeed."""
    workshop, author = open_call
    media = tmp_path / "media"
    with PrivatePostgres() as server:
        database = server.copy_database(postgres_url(connection.settings_dict), "faults_pg")
        env = web_env(
            database_url=database,
            redis_url=redis_url,
            media_root=media,
            name=f"faults-pg-{server.port}",
            DEBUG="0",
            ALLOWED_HOSTS="127.0.0.1",
            SITE_URL="http://127.0.0.1",
            SECURE_SSL_REDIRECT="0",
            SECURE_COOKIES="0",
            STATIC_ROOT=str(collected_static),
            CELERY_TASK_ALWAYS_EAGER="1",  # mail to the console: no broker in this test
        )
        with Web(env, tmp_path / "web.log") as web:
            browser = logged_in(web.url, author)
            lock = psycopg2.connect(database)
            lock.cursor().execute(
                "SELECT 1 FROM workshop_workshop WHERE slug = %s FOR UPDATE", [workshop.slug]
            )
            in_flight = {}
            upload = threading.Thread(
                target=lambda: in_flight.update(
                    response=submit_paper(browser, web.url, workshop.slug, author, make_paper())
                )
            )
            upload.start()
            until(
                lambda: _count(
                    server.url("postgres"),
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'",
                )
            )
            server.restart()
            upload.join(timeout=60)
            failed = in_flight["response"]
            assert failed.status_code == 500, web.log()[-3000:]
            assert "Something went wrong" in failed.text
            assert "it was not saved: go back and try again" in failed.text

            assert timed_get(browser, f"{web.url}/{workshop.slug}/").status_code == 200
            saved = submit_paper(browser, web.url, workshop.slug, author, make_paper())
            assert saved.status_code == 302, saved.text[-2000:]
        assert _count(database, "SELECT count(*) FROM submissions_submission") == 1
        assert _count(database, "SELECT count(*) FROM submissions_paperversion") == 1
        assert _count(database, "SELECT count(*) FROM submissions_author") == 1
        stored = [p for p in media.rglob("*") if p.is_file()]
        assert len(stored) == 1  # the saved paper's PDF; the failed one's file was deleted
