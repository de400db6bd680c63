"""Mail at volume (prints numbers; not a test).

    .venv/bin/python bench/mail_volume.py [--mails 10000] [--concurrency 4] [--pool prefork]
        [--papers 15000] [--reviewers 10000] [--skip-delivery] [--skip-decisions]

1. Delivery: `--mails` queued outbox rows, each handed to Celery as the site does, go through
   a real mail worker (`-Q mail`) into an aiosmtpd sink on loopback. Printed: mails per
   second from the first hand-off to the last message at the sink, and lost and duplicate
   messages, counted by the X-Outbox-Id header at the sink; the goal is none of either.
2. Fan-outs at conference size: `--papers` decided papers with 4 authors each, and
   `--reviewers` reviewers with 4 proposed assignments per paper. The organizer's two
   requests (send the decision mails; confirm the assignment) go through the admin in this
   process with the test client; printed are each request's time and SQL queries, then how
   long a real compute worker (`-Q compute`) takes to queue the mails (not deliver them).

PostgreSQL database of its own (BENCH_MAIL_DATABASE_URL, default bench_mail, dropped and
created anew) and a Redis database of its own (BENCH_REDIS_URL, default database 13).
"""

from __future__ import annotations

import argparse
import email
import os
import signal
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.stack import (  # noqa: E402
    cpu_seconds,
    database_size_mib,
    drop_queues,
    environment,
    recreate_database,
    start_worker,
)
from tests.services import SmtpSink  # noqa: E402

SLUG = "mail-volume"


def setup_django(env: dict) -> None:
    import subprocess

    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    os.environ.update(env)
    import django

    django.setup()


def wait(predicate, timeout: float, interval: float = 0.25) -> float:
    started = time.monotonic()
    while not predicate() and time.monotonic() - started < timeout:
        time.sleep(interval)
    return time.monotonic() - started


# --- 1. delivery --------------------------------------------------------------------------


def delivery(env: dict, tmp: Path, mails: int, concurrency: int, pool: str) -> None:
    from workshop.enums import EmailState
    from workshop.mail import dispatch_many
    from workshop.models import OutgoingEmail

    OutgoingEmail.objects.bulk_create(
        [
            OutgoingEmail(
                to=f"person{n}@example.org",
                subject=f"Your submission #{n} was received",
                text_body="Dear author,\n\nwe received your paper.\n\nThe organizers\n" * 4,
                template_key="bench",
                idempotency_key=f"bench:{n}",
            )
            for n in range(mails)
        ],
        batch_size=2000,
    )
    ids = list(OutgoingEmail.objects.values_list("pk", flat=True))
    with SmtpSink() as sink:
        worker = start_worker(
            env,
            sink.port,
            tmp / "mail-worker.log",
            queues=("mail",),
            concurrency=concurrency,
            pool=pool,
        )
        time.sleep(8)  # let the worker start before the clock does
        database = env["DATABASE_URL"].rsplit("/", 1)[1]
        cpu = cpu_seconds([worker.pid], database)
        load = os.getloadavg()[0]
        started = time.monotonic()
        dispatch_many(ids)
        handed = time.monotonic() - started
        waited = wait(lambda: len(sink.messages) >= mails, timeout=1800)
        elapsed = handed + waited
        cpu = cpu_seconds([worker.pid], database) - cpu
        time.sleep(3)  # a duplicate would arrive now
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
        ids_at_sink = Counter(
            email.message_from_bytes(m.content)["X-Outbox-Id"] for m in sink.messages
        )
    sent = OutgoingEmail.objects.filter(state=EmailState.SENT).count()
    lost = len({str(i) for i in ids} - set(ids_at_sink))
    duplicates = sum(count - 1 for count in ids_at_sink.values())
    print(f"== 1. delivery: {mails} outbox rows → Celery mail worker → aiosmtpd")
    print(f"   worker: {pool or 'prefork'} pool × {concurrency}; load average {load:.1f}")
    print(
        f"   {mails / elapsed:.0f} mails/s ({elapsed:.1f} s; handing the rows to the broker "
        f"took {handed:.1f} s); {1000 * cpu / mails:.1f} ms CPU per mail (worker + database)"
    )
    print(
        f"   at the sink: {len(ids_at_sink)} distinct, {lost} lost, {duplicates} duplicates; "
        f"{sent} rows marked sent"
    )


# --- 2. fan-outs --------------------------------------------------------------------------


def conference(papers: int, reviewers: int):
    """A workshop with decided papers (4 authors each), a reviewer pool and a proposed
    assignment of 4 reviewers per paper; returns (workshop, organizer)."""
    from django.utils import timezone

    from people.models import User
    from reviews.enums import AssignmentOrigin
    from reviews.models import Assignment
    from submissions.models import Author, Submission
    from workshop.enums import RoleKind
    from workshop.models import Role, Workshop

    now = timezone.now()
    workshop = Workshop.objects.create(
        slug=SLUG,
        name="Mail Volume Conference",
        starts_at=now + timedelta(days=30),
        ends_at=now + timedelta(days=31),
        submissions_open_at=now - timedelta(days=90),
        submission_deadline=now - timedelta(days=60),
    )
    organizer = User.objects.create(email="chair@volume.example.org", name="Chair", is_staff=True)
    Role.objects.create(workshop=workshop, user=organizer, kind=RoleKind.ORGANIZER)
    pool = User.objects.bulk_create(
        [User(email=f"r{n}@rev{n % 500}.example.net", name=f"R {n}") for n in range(reviewers)],
        batch_size=5000,
    )
    Role.objects.bulk_create(
        [Role(workshop=workshop, user=u, kind=RoleKind.REVIEWER) for u in pool], batch_size=5000
    )
    outcomes = ["accepted_oral", "accepted_poster", "rejected", "rejected"]
    submissions = Submission.objects.bulk_create(
        [
            Submission(
                workshop=workshop,
                number=n + 1,
                title=f"Paper {n + 1} on learned systems",
                abstract="We learn.",
                status=outcomes[n % 4],
                submitted_at=now - timedelta(days=61),
                decided_at=now,
                created_by=organizer,
            )
            for n in range(papers)
        ],
        batch_size=5000,
    )
    Author.objects.bulk_create(
        [
            Author(
                submission=s,
                position=k,
                name=f"Author {s.number}.{k}",
                email=f"a{s.number}.{k}@lab{s.number % 900}.example.edu",
            )
            for s in submissions
            for k in range(4)
        ],
        batch_size=5000,
    )
    Assignment.objects.bulk_create(
        [
            Assignment(
                submission=s,
                reviewer=pool[(i * 4 + k * 7) % reviewers],
                origin=AssignmentOrigin.AUTOMATIC,
            )
            for i, s in enumerate(submissions)
            for k in range(4)
        ],
        batch_size=5000,
    )
    return workshop, organizer


def timed_post(client, url: str, data: dict):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started = time.monotonic()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    return time.monotonic() - started, len(queries), response


def fan_outs(env: dict, tmp: Path, papers: int, reviewers: int, skip_decisions: bool) -> None:
    from django.test import Client
    from django.urls import reverse

    from reviews.models import Assignment
    from workshop.models import OutgoingEmail

    started = time.monotonic()
    workshop, organizer = conference(papers, reviewers)
    print(
        f"== 2. fan-outs: {papers} decided papers × 4 authors, {reviewers} reviewers, "
        f"{4 * papers} proposed assignments (made in {time.monotonic() - started:.0f} s)"
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(organizer)
    with SmtpSink() as sink:
        worker = start_worker(env, sink.port, tmp / "compute-worker.log", queues=("compute",))
        try:
            time.sleep(8)
            load = os.getloadavg()[0]
            url = reverse("admin:reviews_desk_decision_mails", args=[workshop.pk])
            before = OutgoingEmail.objects.count()
            if not skip_decisions:
                seconds, queries, response = timed_post(client, url, {"expected": str(4 * papers)})
                assert response.status_code == 302, response.status_code
                waited = wait(
                    lambda: OutgoingEmail.objects.count() - before >= 4 * papers, timeout=1800
                )
                queued = OutgoingEmail.objects.count() - before
                print(
                    f"   send decisions: the request took {seconds:.2f} s and {queries} "
                    f"queries; the worker queued {queued} mails in {waited:.1f} s "
                    f"({queued / waited:.0f}/s; load average {load:.1f})"
                )
            before = OutgoingEmail.objects.count()
            mailed = (
                Assignment.objects.filter(submission__workshop=workshop)
                .values("reviewer")
                .distinct()
                .count()
            )
            url = reverse("admin:reviews_desk_assignment", args=[workshop.pk])
            seconds, queries, response = timed_post(client, url, {"action": "confirm"})
            assert response.status_code == 302, response.status_code
            print(f"   confirm assignment: the request took {seconds:.2f} s and {queries} queries")
            waited = wait(lambda: OutgoingEmail.objects.count() - before >= mailed, timeout=1800)
            queued = OutgoingEmail.objects.count() - before
            print(f"   the worker queued {queued} mails (one per reviewer) in {waited:.1f} s")
            database = env["DATABASE_URL"].rsplit("/", 1)[1]
            print(
                f"   database with this conference and its mails: "
                f"{database_size_mib(database):.0f} MiB"
            )
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mails", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--pool", default="", help="Celery pool (default prefork)")
    parser.add_argument("--papers", type=int, default=15_000)
    parser.add_argument("--reviewers", type=int, default=10_000)
    parser.add_argument("--skip-delivery", action="store_true")
    parser.add_argument("--skip-decisions", action="store_true")
    parser.add_argument("--skip-fan-outs", action="store_true")
    args = parser.parse_args()
    database_url = os.environ.get(
        "BENCH_MAIL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_mail"
    )
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
    tmp = Path(tempfile.mkdtemp(prefix="mail-volume-"))
    env = environment(tmp, database_url, redis_url, "mail")
    recreate_database(database_url)
    setup_django(env)
    try:
        if not args.skip_delivery:
            delivery(env, tmp, args.mails, args.concurrency, args.pool)
        if not args.skip_fan_outs:
            fan_outs(env, tmp, args.papers, args.reviewers, args.skip_decisions)
    finally:
        drop_queues(env)


if __name__ == "__main__":
    main()
