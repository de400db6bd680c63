"""Step 1: presenter groups, and the poster sessions each presenter can attend.

A group (papers linked by shared presenters) is kept whole when a session suits all of its
presenters; :class:`Availability` knows which sessions clash with whose talks and words the
sentence for a paper that cannot be placed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta

from .placement import PosterPaper, PosterSession


def presenter_groups(papers: Iterable[PosterPaper]) -> list[tuple[int, ...]]:
    """Connected components of "shares a presenter", as sorted tuples of paper ids."""
    papers = sorted(papers, key=lambda p: p.id)
    parent = {paper.id: paper.id for paper in papers}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    owner: dict[str, int] = {}
    for paper in papers:
        for person in sorted(paper.presenters):
            if person in owner:
                a, b = find(owner[person]), find(paper.id)
                if a != b:
                    parent[max(a, b)] = min(a, b)
            else:
                owner[person] = paper.id
    groups: dict[int, list[int]] = {}
    for paper in papers:
        groups.setdefault(find(paper.id), []).append(paper.id)
    return sorted(tuple(ids) for ids in groups.values())


def join_words(words: Sequence[str]) -> str:
    """``"a"``, ``"a and b"``, ``"a, b and c"``: a list inside a sentence."""
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


class Availability:
    """Which poster sessions (by index into ``sessions``) each presenter can attend.

    A presenter cannot attend a session that overlaps one of their talks; ``margin`` widens
    every session on both sides (intervals are half-open, so back to back is no clash).
    """

    def __init__(
        self,
        papers: Iterable[PosterPaper],
        sessions: Sequence[PosterSession],
        busy: Mapping[str, Sequence[tuple[datetime, datetime]]],
        names: Mapping[str, str],
        margin: timedelta,
    ) -> None:
        self.session_count = len(sessions)
        self.names = names
        # blocked[person] = indexes of the sessions that clash with one of their talks
        self.blocked: dict[str, frozenset[int]] = {}
        people = {person for paper in papers for person in paper.presenters}
        for person in people:
            talks = busy.get(person, ())
            self.blocked[person] = frozenset(
                i
                for i, session in enumerate(sessions)
                if any(
                    _overlaps(start, end, session.start - margin, session.end + margin)
                    for start, end in talks
                )
            )

    def name(self, person: str) -> str:
        return self.names.get(person, person)

    def free_for(self, people: Iterable[str]) -> list[int]:
        blocked: set[int] = set()
        for person in people:
            blocked |= self.blocked[person]
        return [i for i in range(self.session_count) if i not in blocked]

    def clash_reason(self, paper: PosterPaper) -> str:
        head = f"Paper {paper.id} cannot be placed:"
        if not self.session_count:
            return f"{head} there is no poster session."
        everywhere = sorted(
            (self.name(p) for p in paper.presenters if len(self.blocked[p]) == self.session_count),
        )
        if everywhere:
            return f"{head} its presenter {everywhere[0]} gives a talk during every poster session."
        involved = sorted(self.name(p) for p in paper.presenters if self.blocked[p])
        return (
            f"{head} between them, its presenters {join_words(involved)} give talks "
            "during every poster session."
        )

    def full_reason(self, paper: PosterPaper) -> str:
        head = f"Paper {paper.id} cannot be placed:"
        people = sorted(self.name(p) for p in paper.presenters)
        if not people:
            return f"{head} every poster session is full."
        if len(people) == 1:
            return f"{head} every poster session that its presenter {people[0]} can attend is full."
        return f"{head} every poster session that its presenters can all attend is full."
