"""Cosine similarities in blocks of rows: frequent terms dense (BLAS), the rest sparse."""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

_SPLIT_MIN_PAIRS = 1_000_000
"""Below this many submission × paper pairs, a plain sparse product is fast enough."""
_DENSE_TERM_SHARE = 0.003
"""Terms whose document-frequency shares multiply to this are multiplied densely."""
_MAX_DENSE_TERMS = 1024


class Similarity:
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
