"""Tests for reviews.matching (pure Python: no Django needed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from reviews import matching
from reviews.matching import (
    Assignment,
    AssignmentProblem,
    InfeasibleAssignment,
    QualityReport,
    solve,
)

ROOT = Path(__file__).resolve().parents[2]


# ---------------------------------------------------------------------------------------
# An independent optimum: the LP relaxation (integral: the constraint matrix is a
# bipartite incidence matrix, totally unimodular), solved by HiGHS.


def lp_optimum(
    scores: np.ndarray,
    k: int,
    load: int | np.ndarray,
    locked: tuple[tuple[int, int], ...] = (),
    bids: np.ndarray | None = None,
) -> float | None:
    """Best total weight, or None if no assignment exists."""
    n, m = scores.shape
    weights = scores + (0 if bids is None else np.nan_to_num(bids))
    ok = np.isfinite(weights)
    if any(not ok[i, j] for i, j in locked):
        return None
    variables = np.argwhere(ok)
    if len(variables) == 0:
        return 0.0 if n * k == 0 and not locked else None
    loads = np.broadcast_to(np.asarray(load), (m,))
    a_eq = np.zeros((n, len(variables)))
    a_eq[variables[:, 0], np.arange(len(variables))] = 1
    a_ub = np.zeros((m, len(variables)))
    a_ub[variables[:, 1], np.arange(len(variables))] = 1
    locked_set = set(locked)
    bounds = [(1, 1) if (int(i), int(j)) in locked_set else (0, 1) for i, j in variables]
    result = linprog(
        -weights[ok],
        A_ub=a_ub,
        b_ub=loads,
        A_eq=a_eq,
        b_eq=np.full(n, k),
        bounds=bounds,
        method="highs",
    )
    if result.status == 2:  # infeasible
        return None
    assert result.status == 0, result.message
    return float(-result.fun)


def check_constraints(problem: AssignmentProblem, result: Assignment) -> None:
    scores = problem.scores
    n, m = scores.shape
    pairs = result.pairs
    assert pairs.shape == (n * problem.k, 2)
    assert np.array_equal(np.bincount(pairs[:, 0], minlength=n), np.full(n, problem.k))
    loads = np.broadcast_to(np.asarray(problem.max_load), (m,))
    assert (np.bincount(pairs[:, 1], minlength=m) <= loads).all()
    assert np.isfinite(scores[pairs[:, 0], pairs[:, 1]]).all(), "a conflict was assigned"
    assert len({(int(i), int(j)) for i, j in pairs}) == len(pairs), "a pair twice"
    assert set(problem.locked) <= {(int(i), int(j)) for i, j in pairs}, "a locked pair dropped"
    weights = scores[pairs[:, 0], pairs[:, 1]]
    if problem.bid_bonus is not None:
        weights = weights + np.nan_to_num(problem.bid_bonus[pairs[:, 0], pairs[:, 1]])
    assert result.total == pytest.approx(float(weights.sum()), abs=1e-9)


@st.composite
def problems(draw: st.DrawFn, *, rounded: bool = True) -> AssignmentProblem:
    """Small instances, mostly feasible, with conflicts, loads, locks and bids."""
    n = draw(st.integers(0, 6) | st.integers(2, 6))
    m = draw(st.integers(0, 7) | st.integers(3, 7))
    k = draw(st.sampled_from([0, 1, 1, 2, 2, 3]))
    # rounded to thousandths, the ×10^6 integer costs are exact and totals match exactly
    thousandths = st.integers(0, 1000).map(lambda v: v / 1000)
    values = thousandths if rounded else st.floats(0, 1)
    scores = np.array(draw(st.lists(values, min_size=n * m, max_size=n * m)), dtype=float)
    scores = scores.reshape(n, m)
    marks = draw(st.lists(st.sampled_from([0] * 10 + [1, 2]), min_size=n * m, max_size=n * m))
    marks_array = np.array(marks, dtype=int).reshape(n, m)
    scores[marks_array == 1] = np.nan  # conflicts, both spellings
    scores[marks_array == 2] = -np.inf
    loads = st.sampled_from([0, 1, 2, 2, 3, 3, 4, 5])
    if draw(st.booleans()):
        load: int | np.ndarray = draw(loads)
    else:
        load = np.array(draw(st.lists(loads, min_size=m, max_size=m)), dtype=int)
    cells = [(i, j) for i in range(n) for j in range(m)]
    locked = tuple(draw(st.lists(st.sampled_from(cells), max_size=2, unique=True))) if cells else ()
    bids = None
    if draw(st.booleans()):
        choices = st.sampled_from([0.0, 0.0, 0.1, 0.25, np.nan])
        bids = np.array(draw(st.lists(choices, min_size=n * m, max_size=n * m))).reshape(n, m)
    return AssignmentProblem(scores=scores, k=k, max_load=load, locked=locked, bid_bonus=bids)


HYPOTHESIS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@HYPOTHESIS
@given(problems())
def test_total_equals_the_lp_optimum(problem: AssignmentProblem) -> None:
    optimum = lp_optimum(
        problem.scores, problem.k, problem.max_load, problem.locked, problem.bid_bonus
    )
    if optimum is None:
        with pytest.raises(InfeasibleAssignment) as info:
            solve(problem)
        assert info.value.reasons
        assert all(reason.endswith(".") for reason in info.value.reasons)
        return
    result = solve(problem)
    check_constraints(problem, result)
    assert result.total == pytest.approx(optimum, abs=1e-9)
    assert not result.pruned


@settings(max_examples=100, deadline=None)
@given(problems(rounded=False))
def test_unrounded_weights_are_optimal_to_the_documented_precision(
    problem: AssignmentProblem,
) -> None:
    optimum = lp_optimum(
        problem.scores, problem.k, problem.max_load, problem.locked, problem.bid_bonus
    )
    if optimum is None:
        with pytest.raises(InfeasibleAssignment):
            solve(problem)
        return
    result = solve(problem)
    check_constraints(problem, result)
    assert result.total == pytest.approx(optimum, abs=1e-6 * (len(result.pairs) + 1))


@HYPOTHESIS
@given(problems(), st.integers(1, 3))
def test_pruning_keeps_feasibility(problem: AssignmentProblem, candidates: int) -> None:
    pruned_problem = AssignmentProblem(
        scores=problem.scores,
        k=problem.k,
        max_load=problem.max_load,
        locked=problem.locked,
        bid_bonus=problem.bid_bonus,
        candidates_per_paper=candidates,
    )
    optimum = lp_optimum(
        problem.scores, problem.k, problem.max_load, problem.locked, problem.bid_bonus
    )
    if optimum is None:
        with pytest.raises(InfeasibleAssignment):
            solve(pruned_problem)
        return
    result = solve(pruned_problem)
    check_constraints(pruned_problem, result)
    assert result.total <= optimum + 1e-9
    if not result.pruned:
        assert result.total == pytest.approx(optimum, abs=1e-9)


def test_pruned_flag_and_optimality_over_kept_arcs() -> None:
    rng = np.random.default_rng(5)
    scores = rng.random((40, 30))
    full = solve(AssignmentProblem(scores, 3, 6))
    pruned = solve(AssignmentProblem(scores, 3, 6, candidates_per_paper=10))
    assert not full.pruned
    assert pruned.pruned
    assert pruned.total <= full.total + 1e-9
    # a generous candidate list still finds the optimum on random scores
    assert pruned.total == pytest.approx(full.total, abs=1e-9)
    everything = solve(AssignmentProblem(scores, 3, 6, candidates_per_paper=30))
    assert not everything.pruned


def test_pruning_widens_when_the_top_candidates_cannot_work() -> None:
    # Every paper ranks reviewer 0 first, but reviewer 0 can take only one paper.
    scores = np.array(
        [
            [0.9, 0.2, 0.1],
            [0.9, 0.1, 0.2],
            [0.9, 0.3, 0.1],
        ]
    )
    problem = AssignmentProblem(scores, 1, np.array([1, 1, 1]), candidates_per_paper=1)
    result = solve(problem)
    check_constraints(problem, result)
    assert result.total == pytest.approx(lp_optimum(scores, 1, np.array([1, 1, 1])))


def test_reviewer_side_candidates_keep_unpopular_reviewers_usable() -> None:
    rng = np.random.default_rng(9)
    scores = rng.random((30, 12))
    scores[:, 11] = 0.0  # nobody's top choice, but the pool needs all of reviewer 11
    loads = np.array([2] * 11 + [8])
    problem = AssignmentProblem(scores, 1, loads, candidates_per_paper=2)
    result = solve(problem)
    check_constraints(problem, result)
    assert result.pruned  # solved without widening to all reviewers
    assert (result.pairs[:, 1] == 11).sum() == 8
    optimum = lp_optimum(scores, 1, loads)
    assert optimum is not None
    assert optimum - 0.5 <= result.total <= optimum + 1e-9  # optimal over the kept arcs only


# ---------------------------------------------------------------------------------------
# Constraints and results on a fixed instance


def test_locked_pairs_are_kept_even_when_poor() -> None:
    scores = np.array([[0.9, 0.1], [0.8, 0.7]])
    result = solve(AssignmentProblem(scores, 1, 1, locked=((0, 1),)))
    assert result.pairs.tolist() == [[0, 1], [1, 0]]
    assert result.total == pytest.approx(0.1 + 0.8)


def test_conflicts_are_never_assigned() -> None:
    scores = np.array([[np.nan, 0.1, 0.2], [0.9, -np.inf, 0.5]])
    result = solve(AssignmentProblem(scores, 2, 2))
    assert result.pairs.tolist() == [[0, 1], [0, 2], [1, 0], [1, 2]]


def test_bids_count_in_the_objective_and_the_report() -> None:
    scores = np.array([[0.5, 0.45], [0.5, 0.45]])
    bids = np.array([[0.0, 0.1], [0.0, 0.0]])
    result = solve(AssignmentProblem(scores, 1, 1, bid_bonus=bids))
    assert result.pairs.tolist() == [[0, 1], [1, 0]]
    assert result.total == pytest.approx(0.45 + 0.1 + 0.5)
    quality = result.quality
    assert quality.positive_bid_share == pytest.approx(0.5)
    assert quality.mean_paper_affinity == pytest.approx((0.45 + 0.5) / 2)  # bids excluded
    assert quality.min_paper_affinity == pytest.approx(0.45)


def test_quality_report() -> None:
    scores = np.array([[0.8, 0.6, 0.1], [0.2, 0.4, 0.9]])
    result = solve(AssignmentProblem(scores, 2, np.array([2, 1, 2])))
    quality = result.quality
    assert isinstance(quality, QualityReport)
    assert result.pairs.tolist() == [[0, 0], [0, 1], [1, 0], [1, 2]]
    assert quality.mean_paper_affinity == pytest.approx((0.7 + 0.55) / 2)
    assert quality.min_paper_affinity == pytest.approx(0.55)
    assert quality.positive_bid_share is None
    assert quality.load_histogram == {1: 2, 2: 1}
    assert quality.lines() == [
        "Assignments: 4.",
        "Mean paper affinity: 0.625; lowest paper: 0.550.",
        "Bids: none given.",
        "Reviewer loads: 1 with 2 papers, 2 with 1 paper.",
    ]


def test_progress_is_reported() -> None:
    seen: list[float] = []
    solve(AssignmentProblem(np.ones((3, 3)), 1, 1), progress=seen.append)
    assert seen[0] == 0.0
    assert seen[-1] == 1.0
    assert seen == sorted(seen)


def test_trivial_instances() -> None:
    assert solve(AssignmentProblem(np.zeros((0, 4)), 3, 2)).pairs.shape == (0, 2)
    assert solve(AssignmentProblem(np.ones((4, 3)), 0, 2)).pairs.shape == (0, 2)
    result = solve(AssignmentProblem(np.ones((2, 2)), 1, 1, locked=((0, 0), (1, 1))))
    assert result.pairs.tolist() == [[0, 0], [1, 1]]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"scores": np.ones(3)}, "papers × reviewers matrix"),
        ({"scores": np.array([[np.inf]])}, r"\+inf"),
        ({"k": -1}, "k must be a non-negative integer"),
        ({"k": 1.5}, "k must be a non-negative integer"),
        ({"max_load": np.array([1, 2])}, "one entry per reviewer"),
        ({"max_load": -1}, "non-negative integers"),
        ({"locked": ((0, 5),)}, "does not exist"),
        ({"locked": ((0, 0), (0, 0))}, "listed twice"),
        ({"bid_bonus": np.ones((2, 2))}, "bid_bonus has shape"),
        ({"bid_bonus": np.full((2, 3), np.inf)}, "bid_bonus must be finite"),
        ({"bid_bonus": np.full((2, 3), 1e9)}, "bid_bonus must lie within"),
        ({"scores": np.full((2, 3), -1e9)}, "finite scores must lie within"),
        ({"candidates_per_paper": 0}, "candidates_per_paper"),
        ({"paper_labels": ["a"]}, "paper_labels has 1 entries; expected 2"),
    ],
)
def test_malformed_problems_raise_value_error(kwargs: dict, message: str) -> None:
    base = {"scores": np.ones((2, 3)), "k": 1, "max_load": 1}
    with pytest.raises(ValueError, match=message):
        solve(AssignmentProblem(**(base | kwargs)))


# ---------------------------------------------------------------------------------------
# Infeasibility, in words


def reasons_of(problem: AssignmentProblem) -> tuple[str, ...]:
    with pytest.raises(InfeasibleAssignment) as info:
        solve(problem)
    assert str(info.value) == " ".join(info.value.reasons)
    return info.value.reasons


def test_pool_too_small() -> None:
    problem = AssignmentProblem(np.ones((60, 30)), 3, 5)
    assert reasons_of(problem) == (
        "60 papers × 3 reviews need 180 assignments; the pool can take 150.",
    )


def test_pool_counts_each_reviewer_at_most_once_per_paper() -> None:
    # 2 papers, 1 reviewer with load 6: the reviewer can still review each paper once.
    assert reasons_of(AssignmentProblem(np.ones((2, 1)), 2, 6))[0] == (
        "2 papers × 2 reviews need 4 assignments; the pool can take 2."
    )


def test_paper_with_too_few_reviewers_without_conflict() -> None:
    scores = np.ones((13, 6))
    scores[12, 2:] = np.nan
    scores[3, :] = -np.inf
    scores[3, 0] = 0.5
    assert reasons_of(AssignmentProblem(scores, 3, 10)) == (
        "Paper 3 has only 1 reviewer without a conflict; it needs 3.",
        "Paper 12 has only 2 reviewers without a conflict; it needs 3.",
    )


def test_paper_with_no_reviewer_without_conflict() -> None:
    scores = np.ones((2, 4))
    scores[1] = np.nan
    assert reasons_of(AssignmentProblem(scores, 1, 2)) == (
        "Paper 1 has no reviewer without a conflict; it needs 1.",
    )


def test_too_many_locked_reviewers() -> None:
    locked = ((7, 0), (7, 1), (7, 2), (7, 3))
    assert reasons_of(AssignmentProblem(np.ones((8, 10)), 3, 6, locked=locked)) == (
        "Paper 7 has 4 locked reviewers; it needs exactly 3.",
    )


def test_too_many_locked_papers() -> None:
    locked = tuple((i, 5) for i in range(7))
    assert reasons_of(AssignmentProblem(np.ones((10, 8)), 3, 6, locked=locked)) == (
        "Reviewer 5 has 7 locked papers; their load is 6.",
    )


def test_locked_pair_with_a_conflict() -> None:
    scores = np.ones((3, 4))
    scores[1, 2] = np.nan
    assert reasons_of(AssignmentProblem(scores, 1, 2, locked=((1, 2),))) == (
        "Reviewer 2 is locked to Paper 1 but has a conflict with it.",
    )


def test_papers_competing_for_too_few_reviewers() -> None:
    # Papers 0 and 1 may only get reviewers 0-2, who can take one paper each.
    scores = np.full((3, 5), np.nan)
    scores[0:2, 0:3] = 0.5
    scores[2, 3:5] = 0.5
    problem = AssignmentProblem(scores, 2, np.array([1, 1, 1, 2, 2]))
    assert reasons_of(problem) == (
        "Paper 0 and Paper 1 need 4 reviews between them, but their 3 reviewers "
        "without a conflict can take only 3.",
    )


def test_single_paper_whose_reviewers_are_full_of_locked_papers() -> None:
    scores = np.ones((3, 4))
    scores[2, 2:] = np.nan  # paper 2 may only get reviewers 0 and 1
    locked = ((0, 0), (1, 1))  # ... who are already full
    problem = AssignmentProblem(scores, 1, 1, locked=locked)
    assert reasons_of(problem) == (
        "Paper 2 needs 1 review, but its 2 reviewers without a conflict can take only 0.",
    )


def test_hall_sentence_with_locked_reviews_says_more() -> None:
    scores = np.full((2, 6), np.nan)  # reviewers 4 and 5 conflict with both papers
    scores[:, :4] = 1.0
    locked = ((1, 0),)  # reviewer 0 is full with paper 1
    problem = AssignmentProblem(scores, 3, 1, locked=locked)
    # paper 1 needs 2 more, paper 0 needs 3, from reviewers 1-3 who take one each
    assert reasons_of(problem) == (
        "Paper 0 and Paper 1 need 5 more reviews between them, but their 4 reviewers "
        "without a conflict can take only 3.",
    )


def test_caller_labels_are_used() -> None:
    scores = np.ones((2, 3))
    scores[1, :] = np.nan
    problem = AssignmentProblem(
        scores,
        1,
        1,
        locked=((0, 2), (1, 0)),
        paper_labels=["“Learned indexes” (#12)", "“Autotuning” (#7)"],
        reviewer_labels=["Ada Lovelace", "Alan Turing", "Grace Hopper"],
    )
    assert reasons_of(problem) == (
        "Ada Lovelace is locked to “Autotuning” (#7) but has a conflict with it.",
        "“Autotuning” (#7) has no reviewer without a conflict; it needs 1.",
    )


def test_many_short_papers_are_summarised() -> None:
    scores = np.full((9, 3), np.nan)
    reasons = reasons_of(AssignmentProblem(scores, 1, 5))
    assert reasons[0] == "Paper 0 has no reviewer without a conflict; it needs 1."
    assert len(reasons) == 6
    assert reasons[-1] == "4 more papers have fewer than 1 reviewers without a conflict."


def test_a_large_competing_set_is_named_in_part() -> None:
    # 8 papers share reviewers 0-3 (load 1 each) and need 8 reviews in all;
    # reviewers 12-15 conflict with every paper.
    scores = np.full((8, 16), np.nan)
    scores[:, :4] = 1.0
    for i in range(8):  # each paper also has its own reviewer, already full of locks
        scores[i, 4 + i] = 1.0
    locked = tuple((i, 4 + i) for i in range(8))
    reasons = reasons_of(AssignmentProblem(scores, 2, 1, locked=locked))
    assert reasons == (
        "Paper 0, Paper 1, Paper 2, Paper 3, Paper 4 and 3 other papers need 8 more "
        "reviews between them, but their 12 reviewers without a conflict can take only 4.",
    )


# ---------------------------------------------------------------------------------------
# CLI


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reviews.matching", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_cli_round_trip(tmp_path: Path) -> None:
    rng = np.random.default_rng(2)
    scores = rng.random((20, 10))
    scores[rng.random(scores.shape) < 0.1] = np.nan
    bids = np.where(rng.random(scores.shape) < 0.2, 0.25, 0.0)
    loads = np.full(10, 6)
    locked = np.array([[0, 3], [5, 7]])
    scores[0, 3] = scores[5, 7] = 0.5
    instance = tmp_path / "instance.npz"
    np.savez(instance, scores=scores, k=np.int64(3), max_load=loads, locked=locked, bids=bids)
    out = tmp_path / "assignment.csv"
    result = _cli(str(instance), "--out", str(out))
    assert result.returncode == 0, result.stderr
    lines = out.read_text().splitlines()
    assert lines[0] == "paper,reviewer"
    pairs = np.array([line.split(",") for line in lines[1:]], dtype=int)
    expected = solve(AssignmentProblem(scores, 3, loads, locked=((0, 3), (5, 7)), bid_bonus=bids))
    assert pairs.tolist() == expected.pairs.tolist()
    for line in expected.quality.lines():
        assert line in result.stdout
    assert "Total weight:" in result.stdout
    assert "(optimal)" in result.stdout
    assert "Time:" in result.stdout


def test_cli_candidates_and_scalar_load(tmp_path: Path) -> None:
    scores = np.random.default_rng(4).random((30, 20))
    instance = tmp_path / "instance.npz"
    np.savez(instance, scores=scores, k=np.int64(2), max_load=np.int64(4))
    out = tmp_path / "a.csv"
    result = _cli(str(instance), "--out", str(out), "--candidates", "5")
    assert result.returncode == 0, result.stderr
    assert "optimal over the top 5 candidates per paper" in result.stdout
    assert len(out.read_text().splitlines()) == 1 + 60


def test_cli_infeasible_prints_reasons_and_exits_1(tmp_path: Path) -> None:
    instance = tmp_path / "instance.npz"
    np.savez(instance, scores=np.ones((60, 30)), k=np.int64(3), max_load=np.int64(5))
    out = tmp_path / "a.csv"
    result = _cli(str(instance), "--out", str(out))
    assert result.returncode == 1
    assert "60 papers × 3 reviews need 180 assignments; the pool can take 150." in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("arrays", "message"),
    [
        ({"k": np.int64(1), "max_load": np.int64(1)}, "missing array(s) scores"),
        ({"scores": np.ones((2, 2)), "k": np.float64(1.5), "max_load": 1}, "k must be"),
        ({"scores": np.ones((2, 2)), "k": 1, "max_load": np.ones(2)}, "max_load must be"),
        ({"scores": np.ones((2, 2)), "k": 1, "max_load": 1, "locked": np.ones(3, int)}, "locked"),
        ({"scores": np.ones((2, 2)), "k": 1, "max_load": np.array([1, 1, 1])}, "one entry"),
    ],
)
def test_cli_bad_instances_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], arrays: dict, message: str
) -> None:
    instance = tmp_path / "instance.npz"
    np.savez(instance, **arrays)
    with pytest.raises(SystemExit) as info:
        matching.main([str(instance), "--out", str(tmp_path / "a.csv")])
    assert info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("python -m reviews.matching: error: ")
    assert message in err[0]


def test_cli_unreadable_instance(tmp_path: Path) -> None:
    bogus = tmp_path / "instance.npz"
    bogus.write_text("not a zip")
    result = _cli(str(bogus), "--out", str(tmp_path / "a.csv"))
    assert result.returncode == 2
    assert "cannot read an .npz instance" in result.stderr
