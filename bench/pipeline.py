"""The whole reviewing pipeline at conference size on PostgreSQL (prints numbers; not a
test): affinity computed and stored, conflicts refreshed, the assignment proposed and
confirmed, one mail per reviewer queued. Each stage's wall time and the process's peak
RSS after it; the goal is under 5 minutes and 4 GiB in all.

    .venv/bin/python manage.py loadscale --papers 15000 --reviewers 10000
    .venv/bin/python bench/pipeline.py [--slug neurips-scale]

It first REMOVES the workshop's assignments, reviews, affinities and assignment mails
(the generator made them; the pipeline makes them again), so run bench/page_times.py
before it, or loadscale again after it. Celery's broker is an in-process memory queue
here: the mails' send tasks are queued, not sent, and nothing reaches a shared Redis.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.page_times import setup  # noqa: E402

GOAL_SECONDS = 300
GOAL_BYTES = 4 * 1024**3


def peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def reset(workshop, *, affinities: bool) -> None:
    from reviews.models import Affinity, Assignment, Review
    from workshop.models import OutgoingEmail

    for queryset in (
        Review.objects.filter(assignment__submission__workshop=workshop),
        Assignment.objects.filter(submission__workshop=workshop),
        *([Affinity.objects.filter(submission__workshop=workshop)] if affinities else []),
        OutgoingEmail.objects.filter(workshop=workshop, template_key="review_assignment"),
    ):
        queryset._raw_delete(queryset.db)


def main() -> None:
    parser = argparse.ArgumentParser(description="The reviewing pipeline at full size.")
    parser.add_argument("--slug", default="neurips-scale")
    parser.add_argument(
        "--skip-affinity",
        action="store_true",
        help="keep the stored affinities (the generator's) and start at the conflicts",
    )
    args = parser.parse_args()
    setup()
    from django.test.utils import override_settings

    from demo.scale import Plan
    from people.models import User
    from reviews.enums import AssignmentState
    from reviews.models import Assignment
    from reviews.services.assignment import (
        confirm_assignment,
        mail_assignments,
        propose_assignment,
    )
    from reviews.services.conflicts import refresh_conflicts
    from reviews.services.expertise import compute_affinity
    from workshop.celery import app
    from workshop.models import OutgoingEmail, Workshop

    app.conf.broker_url = "memory://"  # queued in this process, never on the shared Redis
    app.conf.task_always_eager = False
    workshop = Workshop.objects.get(slug=args.slug)
    organizer = User.objects.get(email=Plan(slug=args.slug).email("organizer"))
    reset(workshop, affinities=not args.skip_affinity)
    papers = workshop.submissions.count()
    reviewers = workshop.roles.filter(kind="reviewer").count()
    print(
        f"/{args.slug}/: {papers} papers x {reviewers} reviewers, k = {workshop.reviews_per_paper}"
    )
    print(f"start: peak RSS {peak_rss() / 2**20:.0f} MiB\n")

    def confirm_and_mail():
        confirm_assignment(workshop=workshop, by=organizer, notify=False)
        new_by_reviewer = defaultdict(list)
        for pk, reviewer in Assignment.objects.filter(
            submission__workshop=workshop, state=AssignmentState.CONFIRMED
        ).values_list("pk", "reviewer_id"):
            new_by_reviewer[reviewer].append(pk)
        return mail_assignments(workshop=workshop, new_by_reviewer=dict(new_by_reviewer))

    stages = [
        ("affinity computed and stored", lambda: compute_affinity(workshop=workshop)),
        ("conflicts refreshed", lambda: refresh_conflicts(workshop=workshop)),
        ("assignment proposed", lambda: propose_assignment(workshop=workshop)),
        ("confirmed, one mail per reviewer", confirm_and_mail),
    ]
    if args.skip_affinity:
        stages = stages[1:]
    total = 0.0
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        for name, stage in stages:
            started = time.perf_counter()
            result = stage()
            seconds = time.perf_counter() - started
            total += seconds
            print(
                f"{name:<34} {seconds:7.1f} s   peak RSS {peak_rss() / 2**20:6.0f} MiB   "
                f"({_said(result)})"
            )
    mails = OutgoingEmail.objects.filter(workshop=workshop, template_key="review_assignment")
    confirmed = Assignment.objects.filter(
        submission__workshop=workshop, state=AssignmentState.CONFIRMED
    ).count()
    ok = total <= GOAL_SECONDS and peak_rss() <= GOAL_BYTES
    print(
        f"\ntotal {total:.0f} s, peak RSS {peak_rss() / 2**20:.0f} MiB; {confirmed} assignments "
        f"confirmed, {mails.count()} mails queued; goal {GOAL_SECONDS} s and 4 GiB: "
        f"{'PASS' if ok else 'MISSED'}"
    )


def _said(result) -> str:
    text = repr(result)
    return text if len(text) < 70 else text[:67] + "..."


if __name__ == "__main__":
    main()
