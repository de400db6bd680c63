"""The fair objective of reviews.matching (pure Python: no Django needed): the lowest
paper's total affinity first, the total second; checked against brute force."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviews.matching import (
    AssignmentProblem,
    InfeasibleAssignment,
    affinity_spread,
    solve,
    solve_fair,
)

from .test_matching import HYPOTHESIS, check_constraints, problems

ROOT = Path(__file__).resolve().parents[2]


def paper_totals(problem: AssignmentProblem, pairs: np.ndarray) -> np.ndarray:
    scores = np.asarray(problem.scores)
    return np.bincount(pairs[:, 0], weights=scores[pairs[:, 0], pairs[:, 1]], minlength=len(scores))


def one_paper_left_behind() -> AssignmentProblem:
    """Four papers, k = 2, loads 2 (every slot is needed). Two generalists (A, B) are
    better than the specialists (C, D) on papers 0–2 and the only ones who know a little
    about paper 3's niche topic. The best total spends A and B on papers 0–2 (they gain
    0.4 there, at most 0.35 on paper 3) and leaves paper 3 with C and D: 0.05."""
    scores = np.array(
        [  # A     B     C     D
            [1.0, 1.0, 0.6, 0.6],
            [1.0, 1.0, 0.6, 0.6],
            [1.0, 1.0, 0.6, 0.6],
            [0.35, 0.35, 0.0, 0.05],
        ]
    )
    return AssignmentProblem(scores=scores, k=2, max_load=2)


def test_fair_raises_the_paper_the_best_total_leaves_behind() -> None:
    problem = one_paper_left_behind()
    result = solve_fair(problem)
    check_constraints(problem, result.plain)
    check_constraints(problem, result.fair)
    plain, fair = (paper_totals(problem, r.pairs) for r in (result.plain, result.fair))
    assert plain[3] == pytest.approx(0.05)  # the niche paper gets the specialists
    assert fair[3] == pytest.approx(0.7)  # A and B; C + D on a common paper gives 1.2
    assert fair.min() == pytest.approx(0.7) and fair.min() > plain.min()
    assert result.plain.total == pytest.approx(5.25)
    assert result.fair.total == pytest.approx(5.1)
    assert result.proven and not result.pruned
    assert result.lowest_bound == pytest.approx(0.7)
    assert result.plain.total == solve(problem).total


def test_affinity_spread_reports_total_mean_lowest_and_papers_without_an_expert() -> None:
    problem = one_paper_left_behind()
    result = solve_fair(problem)
    plain = affinity_spread(problem, result.plain.pairs, threshold=0.3)
    fair = affinity_spread(problem, result.fair.pairs, threshold=0.3)
    assert (plain.total, plain.mean, plain.lowest) == pytest.approx((5.25, 5.25 / 4, 0.05))
    assert (plain.lowest_paper, plain.without_expert) == ("Paper 3", 1)
    assert (fair.total, fair.lowest, fair.without_expert) == pytest.approx((5.1, 0.7, 0))
    assert plain.lines() == [
        "Total affinity: 5.250; mean per paper: 1.312.",
        "Lowest paper: Paper 3 with 0.050.",
        "1 paper with no reviewer above 0.3.",
    ]
    # "above" is strict: a reviewer exactly at the threshold is not enough
    assert affinity_spread(problem, result.fair.pairs, threshold=1.0).without_expert == 4


def test_locked_reviewers_count_toward_their_papers_total() -> None:
    problem = one_paper_left_behind()
    locked = AssignmentProblem(scores=problem.scores, k=2, max_load=2, locked=((3, 2),))
    result = solve_fair(locked)
    check_constraints(locked, result.fair)
    totals = paper_totals(locked, result.fair.pairs)
    assert totals[3] == pytest.approx(0.35)  # C is kept (0.0); A or B joins it
    assert totals.min() == pytest.approx(0.35)


def test_a_fair_problem_with_nothing_left_to_choose_returns_the_plain_one() -> None:
    problem = AssignmentProblem(
        scores=np.array([[0.3, 0.1]]), k=2, max_load=1, locked=((0, 0), (0, 1))
    )
    result = solve_fair(problem)
    assert result.fair is result.plain and result.proven and result.lowest_bound is None


def test_infeasible_problems_raise_the_same_reasons() -> None:
    problem = AssignmentProblem(scores=np.ones((3, 2)), k=2, max_load=1)
    with pytest.raises(InfeasibleAssignment) as plain:
        solve(problem)
    with pytest.raises(InfeasibleAssignment) as fair:
        solve_fair(problem)
    assert fair.value.reasons == plain.value.reasons


def test_a_stage_stopped_by_the_time_limit_keeps_a_valid_fair_answer() -> None:
    rng = np.random.default_rng(3)
    problem = AssignmentProblem(scores=rng.random((60, 30)).round(3), k=3, max_load=7)
    result = solve_fair(problem, time_limit=1e-3)
    check_constraints(problem, result.fair)
    plain, fair = (paper_totals(problem, r.pairs) for r in (result.plain, result.fair))
    assert fair.min() >= plain.min() - 1e-9
    assert result.fair.total <= result.plain.total + 1e-9
    assert result.lowest_bound >= fair.min() - 1e-9


def test_pruned_instances_stay_within_the_plain_arcs() -> None:
    rng = np.random.default_rng(8)
    problem = AssignmentProblem(
        scores=rng.random((40, 20)).round(3), k=2, max_load=5, candidates_per_paper=3
    )
    result = solve_fair(problem)
    check_constraints(problem, result.fair)
    assert result.pruned
    assert result.fair.total <= result.plain.total + 1e-9
    assert paper_totals(problem, result.fair.pairs).min() >= (
        paper_totals(problem, result.plain.pairs).min() - 1e-9
    )


# ---------------------------------------------------------------------------------------
# Properties against brute force on tiny instances


def brute_force(problem: AssignmentProblem) -> tuple[float, float] | None:
    """(best lowest paper total, best total weight among assignments reaching it), or None."""
    scores = np.asarray(problem.scores, dtype=float)
    n, m = scores.shape
    loads = np.broadcast_to(np.asarray(problem.max_load), (m,))
    bids = np.zeros_like(scores) if problem.bid_bonus is None else np.nan_to_num(problem.bid_bonus)
    locked = {(int(i), int(j)) for i, j in problem.locked}
    options = []
    for i in range(n):
        must = {j for (p, j) in locked if p == i}
        choices = [
            c
            for c in itertools.combinations(range(m), problem.k)
            if must <= set(c) and all(np.isfinite(scores[i, j]) for j in c)
        ]
        options.append(choices)
    best: tuple[float, float] | None = None
    for combo in itertools.product(*options):
        used = np.bincount([j for c in combo for j in c], minlength=m)
        if (used > loads).any():
            continue
        lowest = min((sum(scores[i, j] for j in c) for i, c in enumerate(combo)), default=0.0)
        total = sum(scores[i, j] + bids[i, j] for i, c in enumerate(combo) for j in c)
        key = (round(lowest, 9), round(total, 9))
        if best is None or key > best:
            best = key
    return best


@st.composite
def tiny_problems(draw: st.DrawFn) -> AssignmentProblem:
    n, m = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    k = draw(st.integers(1, min(2, m)))
    cells = n * m
    values = draw(
        st.lists(st.integers(0, 20).map(lambda v: v / 20), min_size=cells, max_size=cells)
    )
    scores = np.array(values).reshape(n, m)
    conflicts = draw(st.lists(st.booleans(), min_size=cells, max_size=cells))
    scores[np.array(conflicts).reshape(n, m) & (np.arange(cells).reshape(n, m) % 5 == 0)] = np.nan
    load = draw(st.integers(1, 3))
    locked = tuple(
        draw(st.lists(st.sampled_from([(i, j) for i in range(n) for j in range(m)]), max_size=1))
    )
    bids = None
    if draw(st.booleans()):
        bids = np.array(
            draw(st.lists(st.sampled_from([0.0, 0.1, 0.25]), min_size=cells, max_size=cells))
        ).reshape(n, m)
    return AssignmentProblem(scores=scores, k=k, max_load=load, locked=locked, bid_bonus=bids)


@HYPOTHESIS
@given(tiny_problems())
def test_fair_is_exactly_the_lexicographic_optimum(problem: AssignmentProblem) -> None:
    expected = brute_force(problem)
    if expected is None:
        with pytest.raises(InfeasibleAssignment):
            solve_fair(problem)
        return
    result = solve_fair(problem)
    check_constraints(problem, result.fair)
    assert result.proven
    lowest = paper_totals(problem, result.fair.pairs).min()
    assert lowest == pytest.approx(expected[0], abs=1e-9)
    assert result.fair.total == pytest.approx(expected[1], abs=1e-9)


@HYPOTHESIS
@given(problems())
def test_fair_never_lowers_the_lowest_paper_nor_raises_the_total(
    problem: AssignmentProblem,
) -> None:
    try:
        plain = solve(problem)
    except InfeasibleAssignment:
        with pytest.raises(InfeasibleAssignment):
            solve_fair(problem)
        return
    result = solve_fair(problem)
    check_constraints(problem, result.fair)
    assert result.plain.total == pytest.approx(plain.total, abs=1e-9)
    if len(problem.scores) and problem.k:
        fair_low = paper_totals(problem, result.fair.pairs).min()
        plain_low = paper_totals(problem, plain.pairs).min()
        assert fair_low >= plain_low - 1e-9
    assert result.fair.total <= plain.total + 1e-9


# ---------------------------------------------------------------------------------------
# Command line


def test_cli_fair_objective_prints_both_columns(tmp_path: Path) -> None:
    problem = one_paper_left_behind()
    instance, out = tmp_path / "instance.npz", tmp_path / "pairs.csv"
    np.savez(instance, scores=problem.scores, k=np.array(2), max_load=np.array(2))
    run = subprocess.run(
        [sys.executable, "-m", "reviews.matching", str(instance), "--out", str(out),
         "--objective", "fair", "--threshold", "0.3"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    table = {line[:28].strip(): line[28:].split() for line in run.stdout.splitlines()}
    assert table["Lowest paper"] == ["0.050", "0.700"]
    assert table["No reviewer above 0.3"] == ["1", "0"]
    assert table["Total affinity"] == ["5.250", "5.100"]
    assert "proven optimal" in run.stdout
    pairs = np.loadtxt(out, delimiter=",", skiprows=1, dtype=int)
    assert paper_totals(problem, pairs).min() == pytest.approx(0.7)


@pytest.mark.parametrize(
    ("flag", "message"),
    [
        (["--objective", "fairest"], "invalid choice: 'fairest'"),
        (["--time-limit", "0"], "--time-limit must be a positive number of seconds"),
        (["--threshold", "nan"], "--threshold must be a number"),
    ],
)
def test_cli_refuses_bad_fair_options(tmp_path: Path, flag: list[str], message: str) -> None:
    instance = tmp_path / "instance.npz"
    np.savez(instance, scores=np.ones((1, 1)), k=np.array(1), max_load=np.array(1))
    run = subprocess.run(
        [sys.executable, "-m", "reviews.matching", str(instance), "--out",
         str(tmp_path / "o.csv"), *flag],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 2 and message in run.stderr
    assert not (tmp_path / "o.csv").exists()


def test_many_pairs_are_searched_among_each_papers_best_candidates(monkeypatch) -> None:
    from reviews.matching import fair as fair_module

    monkeypatch.setattr(fair_module, "FAIR_ALL_PAIRS", 50)
    monkeypatch.setattr(fair_module, "FAIR_CANDIDATES", 2)
    rng = np.random.default_rng(11)
    problem = AssignmentProblem(scores=rng.random((30, 12)).round(3), k=2, max_load=6)
    result = solve_fair(problem)
    check_constraints(problem, result.fair)
    assert result.pruned and not result.plain.pruned
    plain, fair = (paper_totals(problem, r.pairs) for r in (result.plain, result.fair))
    assert fair.min() >= plain.min() - 1e-9
    assert result.fair.total <= result.plain.total + 1e-9
