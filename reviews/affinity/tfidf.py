"""TF-IDF vectors of submissions, profile papers and keyword lists, counted with numpy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer

from .text import PaperText, fold_plural, keep_token, paper_doc, token_bytes

MIN_DF = 2
"""A term must occur in this many documents (submissions and profile papers) to count."""

_DOC_BREAK = b"\x00"


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
        if len(token) >= 2 and keep_token(token):
            value = self.folded.setdefault(fold_plural(token), len(self.folded))
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
        corpus = (b" " + _DOC_BREAK + b" ").join(map(token_bytes, docs)).split()
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


def tfidf_vectors(
    submissions: Sequence[PaperText],
    papers: Sequence[PaperText],
    sub_kw_docs: list[str],
    rev_kw_docs: list[str],
) -> tuple[sp.csr_matrix, sp.csr_matrix, sp.csr_matrix, sp.csr_matrix] | None:
    model = _TfidfModel()
    docs = [paper_doc(s) for s in submissions] + [paper_doc(p) for p in papers]
    matrix = model.fit_transform(docs)
    if matrix is None:
        return None
    n = len(submissions)
    sub_kw, rev_kw = model.transform(sub_kw_docs), model.transform(rev_kw_docs)
    return matrix[:n], matrix[n:], sub_kw, rev_kw
