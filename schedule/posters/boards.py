"""Step 4: board order inside a session, by presenter blocks and topic similarity.

Papers that share a presenter form a block on consecutive boards; blocks, and the papers
inside a block, are chained greedily by the Jaccard similarity of their keywords.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from .groups import presenter_groups
from .placement import PosterPaper


def _norm(keywords: Iterable[str]) -> frozenset[str]:
    return frozenset(k.strip().lower() for k in keywords if k.strip())


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    """Jaccard similarity of two keyword collections (case-insensitive); 0.0 if both empty."""
    left, right = _norm(a), _norm(b)
    union = left | right
    return len(left & right) / len(union) if union else 0.0


def natural_board_key(label: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key that orders board labels naturally: "A2" < "A10" < "B1", "9" < "10"."""
    parts = re.findall(r"\d+|\D+", label.strip().lower())
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


def _chain(nodes, similarity, tiebreak, first=None) -> list:
    """Greedy nearest-neighbour chain through ``nodes``.

    Starts from the node that ``first`` scores highest or, without ``first``, from the node
    least similar to all the others (an end of the chain); ties go to the smallest
    ``tiebreak`` value.
    """
    if len(nodes) <= 1:
        return list(nodes)
    if first is not None:
        start = min(nodes, key=lambda n: (-first(n), tiebreak(n)))
    else:
        start = min(
            nodes,
            key=lambda n: (sum(similarity(n, m) for m in nodes if m != n), tiebreak(n)),
        )
    chain = [start]
    left = [n for n in nodes if n != start]
    while left:
        current = chain[-1]
        best = min(left, key=lambda n: (-similarity(current, n), tiebreak(n)))
        chain.append(best)
        left.remove(best)
    return chain


def board_order(papers: Iterable[PosterPaper]) -> list[int]:
    """The ids of one session's papers in board order (board 1 first)."""
    papers = sorted(papers, key=lambda p: p.id)
    blocks = [list(group) for group in presenter_groups(papers)]
    keywords = {paper.id: _norm(paper.keywords) for paper in papers}
    block_words = [frozenset().union(*(keywords[i] for i in block)) for block in blocks]

    def sim(a: frozenset[str], b: frozenset[str]) -> float:
        union = a | b
        return len(a & b) / len(union) if union else 0.0

    order = _chain(
        list(range(len(blocks))),
        lambda a, b: sim(block_words[a], block_words[b]),
        lambda b: blocks[b][0],
    )
    boards: list[int] = []
    for block_index in order:
        block = blocks[block_index]
        first = None
        if boards:
            previous = keywords[boards[-1]]
            first = functools.partial(lambda words, p: sim(words, keywords[p]), previous)
        boards.extend(
            _chain(
                block,
                lambda a, b: sim(keywords[a], keywords[b]),
                lambda paper_id: paper_id,
                first=first,
            )
        )
    return boards
