"""The organizer's exports and the glance page at conference size (prints numbers; not a test).

    .venv/bin/python bench/exports.py [--papers 2000] [--reviewers 1000]

`--papers` submitted papers with 3 authors, a topic and 3 confirmed reviewers each (2 of
them with a submitted review), one bid and one conflict per paper, one mail per paper.
The organizer downloads every export (CSV and JSON) and opens the glance page through the
admin with the test client in this process; printed per request: time to the last byte,
size, SQL queries and the growth of the process's peak memory.

PostgreSQL database of its own (BENCH_EXPORTS_DATABASE_URL, default bench_exports, dropped
and created anew).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.stack import environment, recreate_database  # noqa: E402


def setup_django(env: dict) -> None:
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    os.environ.update(env)
    import django

    django.setup()


def build(papers: int, reviewers: int):
    from django.utils import timezone

    from people.models import User
    from reviews.enums import AssignmentState, ConflictSource, ReviewState
    from reviews.models import Assignment, Bid, Conflict, Review
    from submissions.models import Author, Submission
    from workshop.enums import RoleKind
    from workshop.models import OutgoingEmail, Role, Topic, Workshop

    now = timezone.now()
    workshop = Workshop.objects.create(
        slug="bench-exports",
        name="Bench exports",
        starts_at=now + timezone.timedelta(days=30),
        ends_at=now + timezone.timedelta(days=30, hours=8),
        submission_deadline=now - timezone.timedelta(days=30),
        review_deadline=now - timezone.timedelta(days=1),
    )
    organizer = User.objects.create_user(
        email="olga@bench.example.org", password="x", name="Olga", is_staff=True
    )
    Role.objects.create(workshop=workshop, user=organizer, kind=RoleKind.ORGANIZER)
    pool = User.objects.bulk_create(
        [User(email=f"r{i}@bench.example.org", name=f"Reviewer {i}") for i in range(reviewers)]
    )
    Role.objects.bulk_create(
        [Role(workshop=workshop, user=u, kind=RoleKind.REVIEWER) for u in pool]
    )
    topic = Topic.objects.create(workshop=workshop, name="Systems")
    subs = Submission.objects.bulk_create(
        [
            Submission(
                workshop=workshop,
                number=n + 1,
                title=f"=Learned policy number {n} for systems",
                abstract="We learn.",
                keywords=["caching", "learning"],
                status="submitted",
                created_by=organizer,
                submitted_at=now - timezone.timedelta(days=30 + n % 20),
            )
            for n in range(papers)
        ],
        batch_size=2000,
    )
    Author.objects.bulk_create(
        [
            Author(submission=s, position=p, name=f"Author {s.number}.{p}",
                   email=f"a{s.number}.{p}@uni.example.edu", affiliation="Uni")
            for s in subs for p in range(3)
        ],
        batch_size=5000,
    )  # fmt: skip
    Submission.topics.through.objects.bulk_create(
        [Submission.topics.through(submission_id=s.pk, topic_id=topic.pk) for s in subs],
        batch_size=5000,
    )
    assignments = Assignment.objects.bulk_create(
        [
            Assignment(submission=s, reviewer=pool[(s.number * 3 + k) % reviewers],
                       state=AssignmentState.CONFIRMED, origin="automatic", number=k + 1,
                       confirmed_at=now)
            for s in subs for k in range(3)
        ],
        batch_size=5000,
    )  # fmt: skip
    Review.objects.bulk_create(
        [
            Review(assignment=a, score=3, confidence=2, summary="Fine.",
                   state=ReviewState.SUBMITTED, submitted_at=now)
            for a in assignments if a.number < 3
        ],
        batch_size=5000,
    )  # fmt: skip
    Bid.objects.bulk_create(
        [Bid(submission=s, reviewer=pool[s.number % reviewers], preference="eager") for s in subs],
        batch_size=5000,
    )
    Conflict.objects.bulk_create(
        [
            Conflict(submission=s, reviewer=pool[(s.number + 7) % reviewers],
                     source=ConflictSource.EMAIL_DOMAIN, reason="Same domain.")
            for s in subs
        ],
        batch_size=5000,
    )  # fmt: skip
    OutgoingEmail.objects.bulk_create(
        [
            OutgoingEmail(workshop=workshop, to=f"a{s.number}@x.org", subject="Received",
                          text_body="Dear author", template_key="bench",
                          idempotency_key=f"bench-exports:{s.number}")
            for s in subs
        ],
        batch_size=5000,
    )  # fmt: skip
    return workshop, organizer


def measure(client, url: str) -> tuple[float, int, int, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if response.streaming:
            size = sum(len(chunk) for chunk in response.streaming_content)
        else:
            size = len(response.content)
        elapsed = time.perf_counter() - started
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    return elapsed, size, len(queries), grown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=2000)
    parser.add_argument("--reviewers", type=int, default=1000)
    args = parser.parse_args()
    database_url = os.environ.get(
        "BENCH_EXPORTS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_exports"
    )
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
    tmp = Path(tempfile.mkdtemp(prefix="bench-exports-"))
    env = {**environment(tmp, database_url, redis_url, "exports"), "EMAIL_URL": "consolemail://"}
    recreate_database(database_url)
    setup_django(env)

    from django.test import Client
    from django.urls import reverse

    from reviews.exports import EXPORTS, FORMATS

    started = time.perf_counter()
    workshop, organizer = build(args.papers, args.reviewers)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would have by then: plans for real sizes
    print(f"{args.papers} papers, {args.reviewers} reviewers built in "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(organizer)
    urls = [("glance", reverse("admin:reviews_desk_glance", args=[workshop.pk]))]
    urls += [
        (f"{name}.{fmt}", reverse(f"admin:reviews_desk_export_{name}_{fmt}", args=[workshop.pk]))
        for name in EXPORTS
        for fmt in FORMATS
    ]
    print(f"{'page':<18} {'seconds':>8} {'KiB':>9} {'queries':>8} {'peak +MiB':>10}")
    for label, url in urls:
        elapsed, size, queries, grown = measure(client, url)
        print(f"{label:<18} {elapsed:>8.2f} {size / 1024:>9.0f} {queries:>8} {grown:>10.1f}")


if __name__ == "__main__":
    main()
