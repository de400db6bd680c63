"""Why a paper fits a reviewer, in words a reviewer can check: which of their keywords the
paper uses, and which of their own papers share the most terms with it.

The affinity score compares a paper with the whole pool (its idf needs every paper); a
reason compares one paper with one profile, so it counts shared terms instead, bigrams
("learned index") above single words, and leaves out words every abstract uses.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from .text import ExpertiseProfile, PaperText, analyze, fold_plural, paper_doc, surface_terms

# Words that occur in most abstracts of the field: shared, they explain nothing.
_GENERIC = frozenset(
    fold_plural(word)
    for word in (
        "approach",
        "based",
        "method",
        "model",
        "new",
        "paper",
        "present",
        "propose",
        "result",
        "show",
        "study",
        "use",
        "using",
        "work",
    )
)


@dataclass(frozen=True)
class ClosePaper:
    title: str
    shared: tuple[str, ...]  # the terms it shares with the paper, most telling first


@dataclass(frozen=True)
class MatchReason:
    keywords: tuple[str, ...]  # the reviewer's keywords found in the paper
    papers: tuple[ClosePaper, ...]  # the reviewer's closest own papers

    def __bool__(self) -> bool:
        return bool(self.keywords or self.papers)


def _terms(text: str) -> Counter[str]:
    return Counter(t for t in analyze(text) if t not in _GENERIC)


def _weight(term: str) -> float:
    return 2.0 if " " in term else 1.0


def _overlap(paper: Counter[str], own: Counter[str]) -> tuple[float, tuple[str, ...]]:
    """A cosine of sublinear counts over the shared terms, and those terms by weight."""
    shared = paper.keys() & own.keys()
    if not shared:
        return 0.0, ()

    def norm(counts: Counter[str]) -> float:
        return math.sqrt(sum((_weight(t) * (1 + math.log(c))) ** 2 for t, c in counts.items()))

    dot = sum(_weight(t) ** 2 * (1 + math.log(paper[t])) * (1 + math.log(own[t])) for t in shared)
    ranked = sorted(shared, key=lambda t: (-_weight(t), -paper[t] - own[t], t))
    # A bigram already says its words: "learned index" makes "index" redundant.
    words_in_bigrams = {w for t in ranked if " " in t for w in t.split()}
    shown = tuple(t for t in ranked if " " in t or t not in words_in_bigrams)
    return dot / (norm(paper) * norm(own)), shown


def match_reason(
    paper: PaperText,
    profile: ExpertiseProfile,
    *,
    keywords: int = 4,
    papers: int = 2,
    terms: int = 4,
) -> MatchReason:
    """Up to `keywords` of the reviewer's keywords that the paper uses (every term of a
    keyword must occur in the paper's title, abstract or keywords), and their `papers` own
    papers closest to it, each with up to `terms` shared terms."""
    doc = paper_doc(paper)
    text, words = _terms(doc), surface_terms(doc)
    found, seen = [], set()
    for keyword in profile.keywords:
        wanted = set(analyze(keyword))
        key = keyword.strip().casefold()
        if wanted and key not in seen and wanted <= text.keys():
            found.append(keyword.strip())
            seen.add(key)
    scored = []
    for position, own in enumerate(profile.papers):
        score, shared = _overlap(text, _terms(paper_doc(own)))
        shown = tuple(words[t] for t in shared if t in words)[:terms]
        if shown:
            scored.append((-score, position, ClosePaper(own.title, shown)))
    closest = tuple(close for _, _, close in sorted(scored)[:papers])
    return MatchReason(tuple(found[:keywords]), closest)
