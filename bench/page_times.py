"""Server time and SQL queries of every list page at conference size (prints numbers; not
a test). Fill the database first, then run against the same DATABASE_URL:

    .venv/bin/python manage.py loadscale --papers 15000 --reviewers 10000
    .venv/bin/python bench/page_times.py [--slug neurips-scale] [--repeats 5]

Each page is asked for with Django's test client (every middleware, the templates
rendered) as the person who opens it: the organizer (desk, decisions, admin
changelists, outbox), a reviewer of the pool (bidding page, reviewing API), the author
with most papers (my submissions, the submissions API) and an anonymous visitor (public
schedule, posters, public API). The first request is printed apart (cold caches), then
the median of the next `--repeats` (wall time, and this process's CPU time: on a shared
machine the wall time also counts waiting for a core); the goal is 300 ms a page.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

GOAL_MS = 300
STATIC = "django.contrib.staticfiles.storage.StaticFilesStorage"


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workshop.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("SECURE_COOKIES", "0")
    os.environ.setdefault("EMAIL_URL", "smtp://127.0.0.1:2525")  # nothing is sent
    os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    # No collectstatic here: plain static storage instead of the hashed manifest.
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": STATIC}}
    override_settings(STORAGES=storages).enable()


def pages(slug: str, workshop_id: int) -> list[tuple[str, str, str]]:
    """(persona, label, path) for every list page."""
    from django.urls import reverse

    desk = reverse("admin:reviews_desk_assignment", args=[workshop_id])
    slugged = {"slug": slug}
    decisions = reverse("admin:reviews_desk_decisions", args=[workshop_id])
    bids = reverse("reviews:bids", kwargs=slugged)
    admin = [
        ("Submission", "admin:submissions_submission_changelist"),
        ("Review", "admin:reviews_review_changelist"),
        ("Assignment", "admin:reviews_assignment_changelist"),
        ("Bid", "admin:reviews_bid_changelist"),
        ("Conflict", "admin:reviews_conflict_changelist"),
        ("ReviewerProfile", "admin:reviews_reviewerprofile_changelist"),
        ("OutgoingEmail (outbox)", "admin:workshop_outgoingemail_changelist"),
    ]
    return [
        ("organizer", "assignment desk, page 1", desk),
        ("organizer", "assignment desk, page 150", desk + "?page=150"),
        ("organizer", "assignment desk, search 'cache'", desk + "?q=cache&o=short"),
        ("organizer", "decisions dashboard", decisions),
        *[("organizer", f"admin: {label}", reverse(name)) for label, name in admin],
        ("reviewer", "bidding page", bids),
        ("reviewer", "bidding page 200", bids + "?page=200"),
        ("reviewer", "bidding, search 'cache'", bids + "?q=cache"),
        ("reviewer", "reviewing home", reverse("reviews:workshop", kwargs=slugged)),
        ("reviewer", "API: bidding list", reverse("api-reviewing-bids", kwargs=slugged)),
        ("reviewer", "API: my papers", reverse("api-reviewing-papers", kwargs=slugged)),
        ("author", "my submissions", reverse("submissions:mine")),
        ("author", "API: my submissions", reverse("api-submissions", kwargs=slugged)),
        ("anonymous", "public schedule", reverse("schedule:page", kwargs=slugged)),
        ("anonymous", "posters", reverse("schedule:posters", kwargs=slugged)),
        ("anonymous", "API: schedule", reverse("api-schedule", kwargs=slugged)),
        ("anonymous", "API: papers", reverse("api-papers", kwargs=slugged)),
        ("anonymous", "API: workshops", reverse("api-workshops")),
    ]  # fmt: skip


def clients(slug: str) -> dict:
    from django.test import Client

    from demo.scale import Plan
    from people.models import User

    plan = Plan(slug=slug)
    made = {"anonymous": Client()}
    for persona, email in (
        ("organizer", plan.email("organizer")),
        ("reviewer", plan.email("reviewer", 0)),
        ("author", plan.email("author", 0)),
    ):
        client = Client()
        client.force_login(User.objects.get(email=email))
        made[persona] = client
    return made


@dataclass
class Measure:
    status: int
    first: float  # ms, cold caches
    median: float  # ms, wall time
    cpu: float  # ms of this process's CPU (Django's share; the database's is apart)
    queries: int
    size: int  # bytes


def measure(client, path: str, repeats: int) -> Measure:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, cpu = [], []
    for _ in range(repeats + 1):
        with CaptureQueriesContext(connection) as queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(path, HTTP_ACCEPT="text/html,application/json")
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
    return Measure(
        status=response.status_code,
        first=times[0],
        median=statistics.median(times[1:]),
        cpu=statistics.median(cpu[1:]),
        queries=len(queries),
        size=len(response.content),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="List pages at conference size.")
    parser.add_argument("--slug", default="neurips-scale")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--only", default="", help="measure only pages whose label has this")
    args = parser.parse_args()
    setup()
    from submissions.models import Submission
    from workshop.models import Workshop

    workshop = Workshop.objects.get(slug=args.slug)
    papers = Submission.objects.filter(workshop=workshop).count()
    print(
        f"/{args.slug}/: {papers} papers; median of {args.repeats} after a first request; "
        f"load average {os.getloadavg()[0]:.1f}\n"
    )
    print(f"{'persona':<10} {'page':<36} {'status':>6} {'first':>8} {'median':>8} {'cpu':>8} "
          f"{'queries':>7} {'KiB':>6}  goal")  # fmt: skip
    made = clients(args.slug)
    missed = []
    for persona, label, path in pages(args.slug, workshop.pk):
        if args.only and args.only not in label:
            continue
        m = measure(made[persona], path, args.repeats)
        ok = m.status == 200 and m.median <= GOAL_MS
        if not ok:
            missed.append(label)
        print(
            f"{persona:<10} {label:<36} {m.status:>6} {m.first:>6.0f}ms {m.median:>6.0f}ms "
            f"{m.cpu:>6.0f}ms {m.queries:>7} {m.size / 1024:>6.0f}  {'ok' if ok else 'MISSED'}"
        )
    print(f"\nload average at the end {os.getloadavg()[0]:.1f} (2 cores shared with other work)")
    print(f"{len(missed)} page(s) over {GOAL_MS} ms or not 200: {', '.join(missed) or 'none'}")


if __name__ == "__main__":
    main()
