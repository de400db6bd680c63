"""What the automatic assignment optimises: the organizer's choice (the best total, or the
fairest to the worst-served paper), checked, and the figures that set the proposal beside
the plain optimum (total, mean and lowest paper affinity, papers without an expert)."""

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError

from .. import matching
from ..enums import AssignmentObjective

# Seconds per stage of the fair objective; the job's Celery time limit is 30 minutes.
FAIR_TIME_LIMIT = 120.0


@dataclass(frozen=True)
class ProposalOptions:
    objective: str = AssignmentObjective.TOTAL.value
    threshold: float = matching.DEFAULT_THRESHOLD

    @classmethod
    def checked(cls, *, objective=None, threshold=None) -> "ProposalOptions":
        """The options as given (None: the default), or a ValidationError in words."""
        objective = cls.objective if objective in (None, "") else str(objective)
        if objective not in AssignmentObjective.values:
            choices = " or ".join(f"“{label.lower()}”" for label in AssignmentObjective.labels)
            raise ValidationError(
                f"“{objective}” is not an objective of the automatic assignment; choose {choices}."
            )
        if threshold in (None, ""):
            threshold = cls.threshold
        try:
            value = float(threshold)
        except (TypeError, ValueError):
            value = math.nan
        if not 0.0 <= value <= 1.0:  # also refuses NaN
            raise ValidationError(
                f"The expertise threshold must be a number from 0 to 1 (an affinity), "
                f"not “{threshold}”."
            )
        return cls(objective=objective, threshold=value)

    @property
    def fair(self) -> bool:
        return self.objective == AssignmentObjective.FAIR

    def as_dict(self) -> dict:
        return asdict(self)


def solve(
    problem: matching.AssignmentProblem,
    options: ProposalOptions,
    *,
    progress: Callable[[float], None],
) -> tuple[matching.Assignment, dict]:
    """The assignment for the chosen objective, and the figures for the desk: the plain
    optimum's spread of affinity and, for the fair objective, the proposal's beside it."""
    if not options.fair:
        chosen = matching.solve(problem, progress=progress)
        spread = {"plain": _figures(problem, chosen, options), "chosen": None, "note": ""}
    else:
        both = matching.solve_fair(problem, progress=progress, time_limit=FAIR_TIME_LIMIT)
        chosen = both.fair
        spread = {
            "plain": _figures(problem, both.plain, options),
            "chosen": _figures(problem, both.fair, options),
            "note": _note(both),
        }
    return chosen, {**spread, "objective": options.objective, "threshold": options.threshold}


def _figures(problem, assignment: matching.Assignment, options: ProposalOptions) -> dict:
    spread = matching.affinity_spread(problem, assignment.pairs, options.threshold)
    return {**asdict(spread), "weight": round(assignment.total, 4)}


def _note(both: matching.FairAssignment) -> str:
    among = " among each paper's best candidates" if both.pruned else ""
    if both.proven:
        return (
            f"Proven optimal{among}: no assignment gives the worst-served paper more, and "
            "none that does as well has a larger total."
        )
    if both.lowest_bound is None:
        return ""
    return (
        f"The search{among} was stopped by its time limit: the lowest paper could reach "
        f"at most {both.lowest_bound:.3f}."
    )
