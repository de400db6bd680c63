"""When a paper may still change: the workshop's deadline in its zone (AoE by default), or
later for one paper an organizer gave more time."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from workshop.models import Workshop
from workshop.zones import format_in_zone

from .models import Submission


def submission_deadline(submission: Submission) -> datetime | None:
    """The workshop's deadline, or later if an organizer extended it for this paper."""
    deadline = submission.workshop.submission_deadline
    extended = max((e.until for e in submission.deadline_extensions.all()), default=None)
    if extended and (deadline is None or extended > deadline):
        return extended
    return deadline


def ensure_call_open(workshop: Workshop, *, deadline: datetime | None = None, now=None) -> None:
    now = now or timezone.now()
    deadline = deadline if deadline is not None else workshop.submission_deadline
    zone = workshop.deadline_timezone
    if workshop.submissions_open_at and now < workshop.submissions_open_at:
        when = format_in_zone(workshop.submissions_open_at, zone)
        raise ValidationError(f"Submissions to {workshop.name} open on {when}.")
    if deadline is None:
        raise ValidationError(
            f"{workshop.name} has no submission deadline yet; submissions are not open."
        )
    if now >= deadline:
        raise ValidationError(
            f"The submission deadline ({format_in_zone(deadline, zone)}) has passed; "
            "the paper can no longer be changed."
        )
