"""The command line: ``python -m reviews.matching INSTANCE.npz --out ASSIGNMENT.csv``."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .fair import DEFAULT_THRESHOLD, OBJECTIVES, TIME_LIMIT, affinity_spread, solve_fair
from .problem import AssignmentProblem, InfeasibleAssignment
from .solver import solve


def _load_instance(path: Path, candidates: int | None) -> AssignmentProblem:
    try:
        data = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: cannot read an .npz instance ({exc})") from exc
    with data:
        missing = [key for key in ("scores", "k", "max_load") if key not in data.files]
        if missing:
            raise ValueError(f"{path}: missing array(s) {', '.join(missing)}")
        scores = data["scores"]
        if not np.issubdtype(scores.dtype, np.number):
            raise ValueError(f"{path}: scores must be numeric, not {scores.dtype}")
        k = data["k"]
        if k.ndim != 0 or not np.issubdtype(k.dtype, np.integer):
            raise ValueError(f"{path}: k must be a single integer")
        load = data["max_load"]
        if not np.issubdtype(load.dtype, np.integer) or load.ndim > 1:
            raise ValueError(f"{path}: max_load must be an integer or a 1-d integer array")
        locked: tuple[tuple[int, int], ...] = ()
        if "locked" in data.files:
            array = data["locked"]
            if not np.issubdtype(array.dtype, np.integer) or (array.size and array.shape[-1] != 2):
                raise ValueError(f"{path}: locked must be an integer array of shape (m, 2)")
            locked = tuple((int(i), int(j)) for i, j in array.reshape(-1, 2))
        bids = data["bids"] if "bids" in data.files else None
        return AssignmentProblem(
            scores=scores,
            k=int(k),
            max_load=int(load) if load.ndim == 0 else load,
            locked=locked,
            bid_bonus=bids,
            candidates_per_paper=candidates,
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m reviews.matching",
        description="Assign k reviewers to every paper, maximising affinity + bids.",
    )
    parser.add_argument("instance", type=Path, help=".npz with scores, k, max_load[, locked, bids]")
    parser.add_argument("--out", type=Path, required=True, help="CSV of paper,reviewer pairs")
    parser.add_argument(
        "--candidates",
        type=int,
        default=None,
        metavar="N",
        help="keep only each paper's N best reviewers as candidates (large instances)",
    )
    parser.add_argument(
        "--objective",
        choices=OBJECTIVES,
        default="total",
        help="total: best total weight; fair: best lowest paper first, then the best total",
    )
    parser.add_argument(
        "--threshold",
        type=float,
        default=DEFAULT_THRESHOLD,
        metavar="T",
        help=f"count papers with no reviewer above affinity T (default {DEFAULT_THRESHOLD})",
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=TIME_LIMIT,
        metavar="S",
        help=f"seconds per stage of --objective fair (default {TIME_LIMIT:g})",
    )
    args = parser.parse_args(argv)

    def fail(message: str) -> Any:
        parser.exit(2, f"{parser.prog}: error: {message}\n")

    if args.candidates is not None and args.candidates < 1:
        fail("--candidates must be a positive integer")
    if not args.time_limit > 0:
        fail("--time-limit must be a positive number of seconds")
    if not np.isfinite(args.threshold):
        fail("--threshold must be a number")
    started = time.perf_counter()
    fair = None
    try:
        problem = _load_instance(args.instance, args.candidates)
        if args.objective == "fair":
            fair = solve_fair(problem, time_limit=args.time_limit)
            result = fair.fair
        else:
            result = solve(problem)
    except ValueError as exc:
        return fail(str(exc))
    except InfeasibleAssignment as exc:
        print("Infeasible:", file=sys.stderr)
        for reason in exc.reasons:
            print(f"  {reason}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    try:
        with args.out.open("w", encoding="ascii", newline="") as handle:
            handle.write("paper,reviewer\n")
            if len(result.pairs):
                np.savetxt(handle, result.pairs, fmt="%d", delimiter=",")
    except OSError as exc:
        return fail(f"{args.out}: cannot write: {exc.strerror or exc}")
    n, m = problem.scores.shape
    how = (
        f"optimal over the top {args.candidates} candidates per paper"
        if result.pruned
        else "optimal"
    )
    if fair is not None:
        how = "best lowest paper, then best total" + (
            ", over the top candidates per paper" if result.pruned else ""
        )
    print(f"{n} papers × {m} reviewers, k = {problem.k}: wrote {args.out}")
    for line in result.quality.lines():
        print(line)
    print(f"Total weight: {result.total:.6f} ({how}).")
    if fair is not None:
        _print_comparison(problem, fair, args.threshold)
    print(f"Time: {elapsed:.2f} s.")
    return 0


def _print_comparison(problem: AssignmentProblem, fair: Any, threshold: float) -> None:
    """The fair assignment beside the plain optimum, one line per figure."""
    plain = affinity_spread(problem, fair.plain.pairs, threshold)
    chosen = affinity_spread(problem, fair.fair.pairs, threshold)
    rows = [
        ("Total affinity", f"{plain.total:.3f}", f"{chosen.total:.3f}"),
        ("Mean per paper", f"{plain.mean:.3f}", f"{chosen.mean:.3f}"),
        ("Lowest paper", f"{plain.lowest:.3f}", f"{chosen.lowest:.3f}"),
        (f"No reviewer above {threshold:g}", str(plain.without_expert), str(chosen.without_expert)),
        ("Total weight", f"{fair.plain.total:.3f}", f"{fair.fair.total:.3f}"),
    ]
    print(f"{'':28} {'best total':>12} {'fair':>12}")
    for name, left, right in rows:
        print(f"{name:28} {left:>12} {right:>12}")
    if fair.proven:
        print("Fair: proven optimal (lowest paper first, then the total).")
    elif fair.lowest_bound is not None:
        print(
            f"Fair: stopped by the time limit; the lowest paper could reach at most "
            f"{fair.lowest_bound:.3f}."
        )
