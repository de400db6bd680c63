"""The same code on several machines: two web processes (gunicorn) and two Celery workers
share one PostgreSQL and one Redis. A schedule release made through one web process is
served by the other within the documented bound (schedule/published.py LOCAL_SECONDS), a
login on one is a login on the other, and two workers racing for the same mail send it once.
"""

import email
import re
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime

import pytest
import requests
from django.db import connection
from django.urls import reverse

from schedule import published
from schedule.models import ScheduleItem
from schedule.services import release_schedule
from workshop.enums import EmailState
from workshop.mail import dispatch_many
from workshop.models import OutgoingEmail

from .factories import PASSWORD
from .services import REPO, CeleryWorker, free_port, postgres_url, wait_for

pytestmark = pytest.mark.integration


class Web:
    """`gunicorn` (one worker, two threads) in a child process on a port of its own."""

    def __init__(self, env: dict, log_path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = log_path.open("w")
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "workshop.wsgi:application"),
                *("--bind", f"127.0.0.1:{self.port}", "--workers", "1", "--threads", "2"),
            ],
            cwd=REPO,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def ready(self) -> bool:
        try:
            return requests.get(f"{self.url}/healthz", timeout=5).status_code == 200
        except requests.RequestException:  # not up yet, or too busy starting to answer
            return False

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self._log.close()


@pytest.fixture
def two_of_each(real_worker, redis_url, tmp_path, settings):
    """Two web processes and two workers (the fixture's and one more on the same queues),
    one database and one Redis (cache included) for all."""
    worker, sink = real_worker
    env = {
        **worker.env,
        "SECRET_KEY": "one-secret-for-every-process-" + "k" * 30,
        "CACHE_PREFIX": f"{worker.queue}-cache",
        "LOG_LEVEL": "WARNING",
    }
    second = CeleryWorker(
        database_url=postgres_url(connection.settings_dict),
        redis_url=redis_url,
        extra_env={key: env[key] for key in ("EMAIL_URL", "MEDIA_ROOT")},
        log_dir=tmp_path,
        queue=worker.queue,
        name="-second",
    )
    webs = [Web(env, tmp_path / f"web-{n}.log") for n in range(2)]
    with second:
        try:
            for web in webs:
                assert wait_for(web.ready, timeout=180), web.log_path.read_text()
            yield webs, (worker, second), sink
        finally:
            for web in webs:
                web.stop()


def log_in(session: requests.Session, web: Web, user) -> None:
    page = session.get(f"{web.url}/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    response = session.post(
        f"{web.url}/accounts/login/",
        data={"login": user.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{web.url}/accounts/login/"},
        timeout=30,
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]


def test_a_login_on_one_web_process_holds_on_the_other(two_of_each, outsider):
    (a, b), _, _ = two_of_each
    browser = requests.Session()
    log_in(browser, a, outsider)
    page = browser.get(f"{b.url}/me/submissions/", timeout=30, allow_redirects=False)
    assert page.status_code == 200, page.status_code
    assert 'name="password"' not in page.text  # the page itself, not a login form
    stranger = requests.get(f"{b.url}/me/submissions/", timeout=30, allow_redirects=False)
    assert stranger.status_code == 302 and "/accounts/login/" in stranger.headers["Location"]


def test_a_release_through_one_web_process_is_served_by_the_other_in_time(
    two_of_each, workshop, organizer
):
    (a, b), _, _ = two_of_each
    ScheduleItem.objects.create(
        workshop=workshop,
        title="Opening remarks",
        start_at=datetime(2018, 12, 8, 14, tzinfo=UTC),
        end_at=datetime(2018, 12, 8, 14, 15, tzinfo=UTC),
    )
    release_schedule(workshop=workshop, by=organizer, comment="First program.")
    api = f"/api/v1/workshops/{workshop.slug}/schedule/"
    for web in (a, b, a, b):  # both processes now hold version 1 in their local caches
        assert requests.get(web.url + api, timeout=30).json()["version"] == 1
    ScheduleItem.objects.create(
        workshop=workshop,
        title="Keynote",
        start_at=datetime(2018, 12, 8, 14, 15, tzinfo=UTC),
        end_at=datetime(2018, 12, 8, 15, tzinfo=UTC),
    )
    organizer_browser = requests.Session()
    log_in(organizer_browser, a, organizer)
    release_page = a.url + reverse("admin:schedule_program_release", args=[workshop.pk])
    form = organizer_browser.get(release_page, timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)[1]
    done = organizer_browser.post(
        release_page,
        data={"comment": "The keynote.", "csrfmiddlewaretoken": token},
        headers={"Referer": release_page},
        timeout=30,
        allow_redirects=False,
    )
    released = time.monotonic()
    assert done.status_code == 302, done.text[:500]
    assert requests.get(a.url + api, timeout=30).json()["version"] == 2  # at once on A

    def b_serves_version_2():
        return requests.get(b.url + api, timeout=30).json()["version"] == 2

    assert wait_for(b_serves_version_2, timeout=30, interval=0.05)
    # The documented bound, plus what one HTTP round trip may take on a busy machine.
    assert time.monotonic() - released <= published.LOCAL_SECONDS + 1.0


def test_two_workers_racing_for_the_same_mails_send_each_once(two_of_each):
    _, (first, second), sink = two_of_each
    rows = OutgoingEmail.objects.bulk_create(
        [
            OutgoingEmail(
                to=f"racer{n}@example.org",
                subject=f"Race {n}",
                text_body="Once only.",
                template_key="test_notice",
                idempotency_key=f"race:{n}",
            )
            for n in range(20)
        ]
    )
    ids = [row.pk for row in OutgoingEmail.objects.filter(template_key="test_notice")]
    assert len(ids) == len(rows)
    dispatch_many(ids * 3)  # every row handed out three times, to whichever worker is free
    assert wait_for(
        lambda: OutgoingEmail.objects.filter(state=EmailState.SENT).count() == len(ids),
        timeout=90,
    ), first.log() + second.log()
    time.sleep(2)  # a duplicate would arrive now
    at_sink = Counter(email.message_from_bytes(m.content)["X-Outbox-Id"] for m in sink.messages)
    assert at_sink == Counter({str(pk): 1 for pk in ids})
    done = re.compile(r"Task workshop\.deliver_email\[[^]]+\] succeeded")
    ran = [len(done.findall(log)) for log in (first.log(), second.log())]
    assert all(ran) and sum(ran) == 3 * len(ids), ran  # both raced; the losers sent nothing
