"""What goes in (poster papers and poster sessions) and what comes out (the placement)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType


@dataclass(frozen=True)
class PosterPaper:
    id: int
    presenters: frozenset[str]  # person keys (user ids, normalised e-mails) of presenters
    keywords: frozenset[str] = frozenset()  # topic keywords; compared case-insensitively
    title: str = ""


@dataclass(frozen=True)
class PosterSession:
    id: int
    start: datetime
    end: datetime
    capacity: int | None = None  # number of boards; None = as many as needed


@dataclass(frozen=True)
class Placement(Mapping[int, tuple[int, int]]):
    """Paper id -> (session id, board number), plus what could not be placed and why.

    ``boards`` lists, for every session (empty ones included), the paper ids in board order
    (board ``n`` is ``boards[session_id][n - 1]``).  ``unplaced`` maps paper id -> a reason
    sentence.  ``notes`` are sentences for the organisers, e.g. about split groups.
    """

    assignments: Mapping[int, tuple[int, int]]
    boards: Mapping[int, tuple[int, ...]]
    unplaced: Mapping[int, str] = field(default_factory=lambda: MappingProxyType({}))
    notes: tuple[str, ...] = ()

    def __getitem__(self, paper_id: int) -> tuple[int, int]:
        return self.assignments[paper_id]

    def __iter__(self) -> Iterator[int]:
        return iter(self.assignments)

    def __len__(self) -> int:
        return len(self.assignments)

    def session_of(self, paper_id: int) -> int | None:
        placed = self.assignments.get(paper_id)
        return placed[0] if placed else None

    def sizes(self) -> dict[int, int]:
        """Number of posters per session id."""
        return {session_id: len(papers) for session_id, papers in self.boards.items()}
