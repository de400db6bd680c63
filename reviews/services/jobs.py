"""Long computations run by Celery with their progress stored on a ReviewJob row, so the
admin can show a progress bar and, at the end, the outcome in words."""

import logging
import time
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from people.models import User
from workshop.models import Workshop
from workshop.queueing import queue_task

from .. import matching
from ..enums import AssignmentObjective, JobKind, JobState
from ..models import ReviewJob
from .assignment import propose_assignment
from .common import require_organizer
from .conflicts import refresh_conflicts
from .expertise import compute_affinity
from .objective import ProposalOptions

logger = logging.getLogger(__name__)

# A job that has been running this long is taken to be dead (its worker was killed).
STALE_AFTER = timedelta(hours=1)


def start_job(*, workshop: Workshop, kind: str, by: User, options: dict | None = None) -> ReviewJob:
    """Queue a job; refused while one of the same kind runs for the workshop. The
    automatic assignment takes ``options`` (objective, threshold: ProposalOptions)."""
    require_organizer(by, workshop)
    if kind not in JobKind.values:
        raise ValidationError(f"“{kind}” is not a reviewing job.")
    options = options or {}
    if kind == JobKind.ASSIGNMENT:
        unknown = sorted(set(options) - {"objective", "threshold"})
        if unknown:
            raise ValidationError(f"The automatic assignment has no option “{unknown[0]}”.")
        options = ProposalOptions.checked(**options).as_dict()
    elif options:
        raise ValidationError(f"“{JobKind(kind).label}” takes no options.")
    with transaction.atomic():
        Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
        busy = (
            ReviewJob.objects.filter(
                workshop=workshop,
                kind=kind,
                state__in=(JobState.QUEUED, JobState.RUNNING),
                created_at__gt=timezone.now() - STALE_AFTER,
            )
            .order_by("-created_at")
            .first()
        )
        if busy is not None:
            raise ValidationError(
                f"“{busy.get_kind_display()}” is already {busy.get_state_display().lower()} "
                f"({busy.progress:.0%} done); wait for it to finish."
            )
        job = ReviewJob.objects.create(workshop=workshop, kind=kind, started_by=by, options=options)
        transaction.on_commit(lambda: _dispatch(job.pk))
    return job


def _dispatch(job_id: int) -> None:
    try:
        queue_task("reviews.run_review_job", job_id)
    except Exception:
        # The broker is down: say so on the job instead of leaving it queued for ever.
        logger.warning("Could not hand review job %s to Celery.", job_id, exc_info=True)
        ReviewJob.objects.filter(pk=job_id, state=JobState.QUEUED).update(
            state=JobState.FAILED,
            message="The task queue cannot be reached; try again in a minute.",
            finished_at=timezone.now(),
        )


class _Reporter:
    """Writes progress to the job row, at most twice a second (it is polled, not pushed)."""

    def __init__(self, job_id: int):
        self.job_id, self.last, self.last_at = job_id, -1.0, 0.0

    def __call__(self, fraction: float) -> None:
        fraction = min(1.0, max(0.0, float(fraction)))
        now = time.monotonic()
        if fraction < 1.0 and (now - self.last_at < 0.5 and fraction - self.last < 0.1):
            return
        self.last, self.last_at = fraction, now
        ReviewJob.objects.filter(pk=self.job_id, state=JobState.RUNNING).update(
            progress=round(fraction, 3)
        )


def run_job(job_id: int) -> str | None:
    """Run a queued job once (claimed QUEUED → RUNNING in one UPDATE); returns its state."""
    claimed = ReviewJob.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    job = ReviewJob.objects.select_related("workshop").get(pk=job_id)
    report = _Reporter(job_id)
    state, message, result = JobState.DONE, "", {}
    try:
        if job.kind == JobKind.AFFINITY:
            refresh_conflicts(workshop=job.workshop)
            pairs = compute_affinity(workshop=job.workshop, progress=report)
            message = f"Affinity computed: {pairs} reviewer–paper pairs with some expertise."
            result = {"pairs": pairs}
        else:
            # Fresh affinity first: profiles and bids may have changed since the last run.
            compute_affinity(workshop=job.workshop, progress=lambda f: report(0.5 * f))
            options = ProposalOptions.checked(**job.options)
            outcome = propose_assignment(
                workshop=job.workshop,
                objective=options.objective,
                threshold=options.threshold,
                progress=lambda f: report(0.5 + 0.5 * f),
            )
            aim = AssignmentObjective(options.objective).label.lower()
            message = (
                f"Proposed {outcome.proposed} assignments for {outcome.papers} papers "
                f"({outcome.kept} kept from before; {aim}). Inspect them, then confirm."
            )
            result = outcome.as_dict()
    except matching.InfeasibleAssignment as exc:
        state, message = JobState.INFEASIBLE, "No assignment meets every constraint."
        result = {"reasons": list(exc.reasons)}
    except Exception as exc:
        logger.exception("Review job %s failed", job_id)
        state, message = JobState.FAILED, f"Failed: {type(exc).__name__}: {exc}"[:300]
    ReviewJob.objects.filter(pk=job_id).update(
        state=state,
        message=message,
        result=result,
        progress=1.0 if state == JobState.DONE else report.last if report.last > 0 else 0.0,
        finished_at=timezone.now(),
    )
    return state


def latest_jobs(workshop: Workshop) -> dict[str, ReviewJob | None]:
    return {
        kind: ReviewJob.objects.filter(workshop=workshop, kind=kind)
        .order_by("-created_at", "-id")
        .first()
        for kind in JobKind.values
    }
