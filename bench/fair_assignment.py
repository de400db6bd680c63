"""Fair vs plain reviewer assignment (prints numbers; not a test).

    .venv/bin/python bench/fair_assignment.py [--sizes 100x60,300x150,1000x500]
        [--k 3] [--load 6] [--time-limit 60] [--threshold 0.5]

For each size, a seeded latent-topic instance (bench/matching.py's ``dense_instance``:
affinities in [0, 1], 1% conflicts, bids on 5% of the pairs) is solved by
``reviews.matching.solve_fair``, which also returns the plain optimum. Printed per
size: for the plain optimum and the fair assignment, the total affinity, the mean and
lowest paper total, the papers with no reviewer above the threshold and the total weight
(affinity + bids); then the seconds for the plain solve and for the whole fair solve,
whether the fair answer is proven optimal, the bound on the lowest paper, and whether
the programs searched each paper's best candidates only (above 250,000 open pairs).
Checks that the fair lowest paper is never below the plain one and the fair total
weight never above the plain one, and that both meet k and the loads.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.matching import dense_instance  # noqa: E402
from reviews.matching import AssignmentProblem, affinity_spread, solve, solve_fair  # noqa: E402


def check(pairs: np.ndarray, scores: np.ndarray, k: int, load: int) -> None:
    n, m = scores.shape
    assert (np.bincount(pairs[:, 0], minlength=n) == k).all(), "k per paper"
    assert (np.bincount(pairs[:, 1], minlength=m) <= load).all(), "loads"
    assert np.isfinite(scores[pairs[:, 0], pairs[:, 1]]).all(), "a conflict was assigned"


def run(n: int, m: int, args: argparse.Namespace) -> None:
    scores, bids = dense_instance(n, m, seed=n * 7 + m)
    problem = AssignmentProblem(scores=scores, k=args.k, max_load=args.load, bid_bonus=bids)
    started = time.perf_counter()
    solve(problem)
    plain_seconds = time.perf_counter() - started
    started = time.perf_counter()
    result = solve_fair(problem, time_limit=args.time_limit)
    fair_seconds = time.perf_counter() - started
    for assignment in (result.plain, result.fair):
        check(assignment.pairs, scores, args.k, args.load)
    plain = affinity_spread(problem, result.plain.pairs, args.threshold)
    fair = affinity_spread(problem, result.fair.pairs, args.threshold)
    assert fair.lowest >= plain.lowest - 1e-6 * args.k, "fair lowered the lowest paper"
    assert result.fair.total <= result.plain.total + 1e-6 * n * args.k, "fair beat the optimum"
    print(f"\n{n} papers × {m} reviewers, k = {args.k}, load {args.load}")
    print(f"  {'':26} {'best total':>11} {'fair':>11}")
    rows = [
        ("total affinity", plain.total, fair.total, ".2f"),
        ("mean per paper", plain.mean, fair.mean, ".4f"),
        ("lowest paper", plain.lowest, fair.lowest, ".4f"),
        (f"no reviewer above {args.threshold:g}", plain.without_expert, fair.without_expert, "d"),
        ("total weight (with bids)", result.plain.total, result.fair.total, ".2f"),
    ]
    for name, left, right, spec in rows:
        print(f"  {name:26} {left:>11{spec}} {right:>11{spec}}")
    bound = "—" if result.lowest_bound is None else f"{result.lowest_bound:.4f}"
    print(
        f"  time: plain {plain_seconds:.2f} s, fair (plain included) {fair_seconds:.2f} s; "
        f"proven optimal: {'yes' if result.proven else 'no'}; lowest paper bound: {bound}; "
        f"candidates only: {'yes' if result.pruned else 'no'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100x60,300x150,1000x500")
    parser.add_argument("--k", type=int, default=3)
    parser.add_argument("--load", type=int, default=6)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--threshold", type=float, default=0.5)
    args = parser.parse_args()
    print(f"time limit {args.time_limit:g} s per stage; threshold {args.threshold:g}")
    for size in args.sizes.split(","):
        n, m = (int(v) for v in size.lower().split("x"))
        run(n, m, args)


if __name__ == "__main__":
    main()
