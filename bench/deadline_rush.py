"""The last hour before a big deadline: authors upload at once (prints numbers; not a test).

    .venv/bin/python bench/deadline_rush.py [--levels 8,32,64] [--uploads 160]
        [--workers 4] [--threads 2] [--profile DIR]

The site runs under gunicorn on 127.0.0.1 against a PostgreSQL database of its own
(BENCH_RUSH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/bench_rush, dropped and
created anew) and Redis (BENCH_REDIS_URL, default database 12 on 127.0.0.1: cache and broker,
under keys and queues of this run only).
A double-blind workshop with an open call, 64 authors with API tokens. At each level of
concurrent uploaders a fixed number of papers goes through the real submit path: a multipart
POST of a real 4-page PDF (reportlab; every file different) to
/api/v1/workshops/<slug>/submissions/ with `submit=true`, which runs the isolated PDF check,
strips identifying metadata, stores the file and queues the receipts. Printed per level:
uploads per second (acknowledged uploads / wall time), p50/p99 latency, errors. At the end every
acknowledged upload's SHA-256 is looked up in the database (the version's `sha256`) and its
stored file on disk (`stored_sha256`): lost uploads are counted, the goal is none.

One Celery worker (concurrency 1, both queues) runs beside gunicorn on the same cores, as
it would on a one-machine deployment: it refreshes each new paper's conflicts and delivers the
receipts into an aiosmtpd sink on loopback; at the end the bench waits for it to catch up and
prints how long that took. With --profile DIR, py-spy records every gunicorn worker during
the middle level (collapsed stacks in DIR).
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.stack import (  # noqa: E402
    cpu_seconds,
    database_size_mib,
    drop_queues,
    environment,
    free_port,
    memory_by_role,
    profile,
    recreate_database,
    start_gunicorn,
    start_worker,
)
from tests.services import SmtpSink  # noqa: E402

SLUG = "deadline-rush"
AUTHORS = 64


def prepare_site(env: dict) -> list[tuple[str, str, str]]:
    """Migrate, create the workshop and the authors; returns (API token, name, email)."""
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
    from datetime import timedelta

    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from people.models import User
    from workshop.models import Workshop

    now = timezone.now()
    Workshop.objects.create(
        slug=SLUG,
        name="Deadline Rush Workshop",
        timezone="America/Los_Angeles",
        starts_at=now + timedelta(days=60),
        ends_at=now + timedelta(days=60, hours=8),
        submissions_open_at=now - timedelta(days=30),
        submission_deadline=now + timedelta(days=1),
        page_limit=4,
        blind_mode="double",
        anonymity_policy="warn",
    )
    password = make_password(None)
    users = User.objects.bulk_create(
        [
            User(email=f"author{i}@rush.example.org", name=f"Author {i}", password=password)
            for i in range(AUTHORS)
        ]
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users]
    )
    return [(Token.objects.create(user=u).key, u.name, u.email) for u in users]


def papers(count: int, offset: int) -> list[bytes]:
    """`count` different real 4-page papers (plus a page of references)."""
    from tests.submissions.pdfs import make_paper

    return [
        make_paper(content_pages=4, reference_pages=1, metadata={"Title": f"Rush paper {n}"})
        for n in range(offset, offset + count)
    ]


def multipart(fields: dict[str, str], pdf: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    body = (
        "".join(parts).encode()
        + (
            f'--{boundary}\r\nContent-Disposition: form-data; name="pdf"; filename="paper.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
    )
    body += pdf + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)
    acknowledged: list[tuple[int, str]] = field(default_factory=list)  # (submission id, sha256)
    errors: list[str] = field(default_factory=list)


def upload_all(port: int, authors: list, pdfs: list[bytes], concurrency: int) -> Outcome:
    outcome, lock = Outcome(), threading.Lock()
    todo = iter(range(len(pdfs)))

    def uploader(token: str, name: str, email: str) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                n = next(todo, None)
            if n is None:
                break
            fields = {
                "title": f"Rush paper {n}",
                "abstract": "We measure what a deadline does to a conference site.",
                "authors": json.dumps([{"name": name, "email": email}]),
                "submit": "true",
            }
            body, content_type = multipart(fields, pdfs[n])
            headers = {
                "Authorization": f"Token {token}",
                "Content-Type": content_type,
                "Host": "127.0.0.1",
            }
            started = time.perf_counter()
            try:
                connection.request("POST", f"/api/v1/workshops/{SLUG}/submissions/", body, headers)
                response = connection.getresponse()
                answer = response.read()
            except (OSError, http.client.HTTPException) as exc:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                with lock:
                    outcome.errors.append(f"{type(exc).__name__}: {exc}")
                continue
            elapsed = time.perf_counter() - started
            with lock:
                outcome.latencies.append(elapsed)
                if response.status == 201:
                    paper = json.loads(answer)
                    outcome.acknowledged.append((paper["id"], paper["current_pdf"]["sha256"]))
                else:
                    outcome.errors.append(f"HTTP {response.status}: {answer[:200]!r}")
        connection.close()

    threads = [
        threading.Thread(target=uploader, args=authors[i % len(authors)])
        for i in range(concurrency)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome


def lost_uploads(acknowledged: list[tuple[int, str]], sent: set[str], media: Path) -> list[str]:
    """Every acknowledged upload must be in the database, as sent, with its file on disk."""
    from submissions.models import PaperVersion

    rows = {
        v.submission_id: v for v in PaperVersion.objects.filter(submission__workshop__slug=SLUG)
    }
    lost = []
    for submission_id, sha in acknowledged:
        version = rows.get(submission_id)
        if version is None or version.sha256 != sha or sha not in sent:
            lost.append(f"paper {submission_id}: no version with SHA-256 {sha[:12]}")
            continue
        path = media / version.file.name
        if not path.exists() or hashlib.sha256(path.read_bytes()).hexdigest() != (
            version.stored_sha256
        ):
            lost.append(f"paper {submission_id}: stored file missing or changed")
    return lost


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def catch_up(timeout: float = 600) -> tuple[int, int, float]:
    """Wait until every receipt is sent: (sent, queued in all, seconds waited)."""
    from workshop.enums import EmailState
    from workshop.models import OutgoingEmail

    started = time.monotonic()
    while True:
        total = OutgoingEmail.objects.count()
        sent = OutgoingEmail.objects.filter(state=EmailState.SENT).count()
        if sent == total or time.monotonic() - started > timeout:
            return sent, total, time.monotonic() - started
        time.sleep(0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="8,32,64")
    parser.add_argument("--uploads", type=int, default=160, help="uploads per level")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--profile", type=Path, help="py-spy output folder (middle level)")
    args = parser.parse_args()
    levels = [int(level) for level in args.levels.split(",")]
    database_url = os.environ.get(
        "BENCH_RUSH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_rush"
    )
    tmp = Path(tempfile.mkdtemp(prefix="deadline-rush-"))
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
    env = environment(tmp, database_url, redis_url, "rush")
    database = urlparse(database_url).path.lstrip("/")
    recreate_database(database_url)
    authors = prepare_site(env)
    print("== deadline rush: real 4-page PDFs through the submit API under gunicorn")
    print(
        f"   {args.workers} workers × {args.threads} threads, PostgreSQL, Redis; "
        f"{args.uploads} uploads per level; load average {os.getloadavg()[0]:.1f}"
    )
    port = free_port()
    sink = SmtpSink().__enter__()
    worker = start_worker(env, sink.port, tmp / "worker.log")
    server = None
    acknowledged, sent, failures = [], set(), 0
    try:
        server = start_gunicorn(env, port, args.workers, args.threads, tmp / "gunicorn.log")
        # Warm every worker (imports, connections, the checker's pool) outside the clock.
        upload_all(port, authors, papers(args.workers * args.threads * 2, 10**6), 8)
        for index, concurrency in enumerate(levels):
            pdfs = papers(args.uploads, index * args.uploads)
            sent |= {hashlib.sha256(pdf).hexdigest() for pdf in pdfs}
            spy = None
            if args.profile and index == len(levels) // 2:
                args.profile.mkdir(parents=True, exist_ok=True)
                out = args.profile / f"rush-{concurrency}.txt"
                spy = profile(server.pid, args.uploads / 6, out)
            load = os.getloadavg()[0]
            cpu = cpu_seconds([server.pid, worker.pid], database)
            started = time.perf_counter()
            outcome = upload_all(port, authors, pdfs, concurrency)
            wall = time.perf_counter() - started
            cpu = cpu_seconds([server.pid, worker.pid], database) - cpu
            if spy is not None:
                spy.wait()
                print(f"   profile: {out}")
            acknowledged += outcome.acknowledged
            failures += len(outcome.errors)
            rate = len(outcome.acknowledged) / wall
            print(
                f"   {concurrency:3d} uploaders: {rate:5.2f} uploads/s, "
                f"p50 {percentile(outcome.latencies, 0.5):.2f} s, "
                f"p99 {percentile(outcome.latencies, 0.99):.2f} s, "
                f"{len(outcome.errors)} errors ({len(outcome.acknowledged)} acknowledged in "
                f"{wall:.1f} s; {1000 * cpu / len(pdfs):.0f} ms CPU per upload; "
                f"load average {load:.1f} before)"
            )
            for error in outcome.errors[:3]:
                print(f"      {error}")
        memory = memory_by_role({"gunicorn": server.pid, "celery worker": worker.pid})
        print(
            "   memory (RSS): "
            + ", ".join(f"{n} × {role} {mib:.0f} MiB" for role, (n, mib) in memory.items())
        )
        delivered, queued, waited = catch_up()
        messages = len({m.content for m in sink.messages})
        print(
            f"   receipts: {delivered} of {queued} sent ({messages} distinct at the SMTP sink), "
            f"the worker caught up {waited:.1f} s after the last upload"
        )
    finally:
        for process in (server, worker):
            if process is not None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=60)
        sink.__exit__(None, None, None)
        drop_queues(env)
    lost = lost_uploads(acknowledged, sent, Path(env["MEDIA_ROOT"]))
    print(
        f"   database: {database_size_mib(database):.1f} MiB after {len(acknowledged)} papers; "
        f"{len(acknowledged)} stored PDFs of {sum(map(len, pdfs)) / len(pdfs) / 1024:.0f} KiB"
    )
    print(
        f"   lost: {len(lost)} of {len(acknowledged)} acknowledged uploads "
        f"(SHA-256 in the database and on disk); errors in all: {failures}"
    )
    for line in lost[:5]:
        print(f"      {line}")
    shutil.rmtree(tmp, ignore_errors=True)
    if lost or failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
