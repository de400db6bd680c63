"""The command line: ``python -m reviews.matching INSTANCE.npz --out ASSIGNMENT.csv``."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

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
    args = parser.parse_args(argv)

    def fail(message: str) -> Any:
        parser.exit(2, f"{parser.prog}: error: {message}\n")

    if args.candidates is not None and args.candidates < 1:
        fail("--candidates must be a positive integer")
    started = time.perf_counter()
    try:
        problem = _load_instance(args.instance, args.candidates)
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
    print(f"{n} papers × {m} reviewers, k = {problem.k}: wrote {args.out}")
    for line in result.quality.lines():
        print(line)
    print(f"Total weight: {result.total:.6f} ({how}).")
    print(f"Time: {elapsed:.2f} s.")
    return 0
