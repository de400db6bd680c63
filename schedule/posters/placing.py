"""Automatic poster board numbering: place accepted posters on boards across poster sessions.

Pure Python on purpose (an import-linter contract keeps Django out of this module).  The
Django layer turns accepted papers into :class:`PosterPaper`, poster sessions into
:class:`PosterSession`, and the talks of the released program into ``busy`` intervals, then
stores the returned :class:`Placement`.

The algorithm, in four steps
----------------------------
1. **Presenter groups.**  Papers that share a presenter, directly or through a chain of
   co-presenters, form a group (a connected component of "shares a presenter").  A group is
   kept whole: it goes to one session, on consecutive boards, so that a presenter can stand
   between their posters (Indico issue #1870 asks for this).  A session *suits* a group when
   none of its presenters gives a talk overlapping the session (intervals are half-open: a
   talk ending at 15:00 does not clash with a session starting at 15:00; ``margin`` widens
   every session on both sides) and, when the session has a capacity, the whole group fits.
   If no session suits a whole group, the group is split into single papers, each placed
   on its own; a presenter may then present in two sessions (as Adit Bhardwaj did in the
   reference workshop) and a note says so.  A paper that no session suits at all is
   reported in ``Placement.unplaced`` with a sentence, e.g. "Paper 12 cannot be placed:
   its presenter Ed Chi gives a talk during every poster session."
2. **Assignment.**  Groups are placed most-constrained first (fewest suitable sessions,
   then largest) on the suitable session with the fewest posters so far.  Without
   capacities this always places every group that some session suits.  With capacities,
   if the greedy pass gets stuck, a depth-first search (bounded, ~200k steps) looks for an
   assignment that places every group; groups still left over are split into single papers
   and placed where boards remain.
3. **Balance.**  The assignment is then improved by moving groups between sessions until
   no *improving chain* is left.  An improving chain takes groups of one size ``g`` along a
   path of sessions S0 -> S1 -> ... -> Sk (each group moves to a session that suits it and,
   for Sk, has room), so only S0 loses ``g`` posters and only Sk gains ``g``; it improves
   when ``size(Sk) + g < size(S0)``.  Each such move strictly lowers the sum of squared
   session sizes, so the search ends.  **Balanced** means precisely: no improving chain
   exists.  Consequences:

   * with every group a single paper (no shared presenters), the session sizes are the most
     even that the talk clashes and capacities allow (the maximum is as small, and the
     minimum as large, as possible); without clashes they differ by at most 1;
   * in general, for every group G in a session A and every other session B that suits G
     and has room, ``size(B) + |G| >= size(A)``; so sizes differ by at most the size of the
     largest group.  That is the trade-off: keeping an author's posters together takes
     precedence over perfectly even sessions.
4. **Board order.**  Inside a session, papers that share a presenter form blocks on
   consecutive boards.  Blocks are chained greedily by topic: start from the block least
   similar to all others (an end of the topic chain), then repeatedly take the unvisited
   block most similar to the current one, where similarity is the Jaccard index of the
   (lower-cased) keyword sets: shared keywords over all keywords, ``|A & B| / |A | B|``.
   Papers inside a block are chained the same way, starting from the paper closest to the
   previous board.  Two clearly separate topics therefore end up in two contiguous runs.
   Boards are numbered 1..n per session with no gaps.

Every tie is broken by session order (start, end, id) or by the smallest paper id, so the
result depends only on the input values, not on their order: same input, same placement.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import MappingProxyType

__all__ = [
    "Placement",
    "PosterPaper",
    "PosterSession",
    "jaccard",
    "natural_board_key",
    "place_posters",
    "presenter_groups",
]

SEARCH_BUDGET = 200_000  # nodes of the exact search used when capacities get in the way


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


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    """Jaccard similarity of two keyword collections (case-insensitive); 0.0 if both empty."""
    left, right = _norm(a), _norm(b)
    union = left | right
    return len(left & right) / len(union) if union else 0.0


def natural_board_key(label: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key that orders board labels naturally: "A2" < "A10" < "B1", "9" < "10"."""
    parts = re.findall(r"\d+|\D+", label.strip().lower())
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


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


# ---------------------------------------------------------------------------
# Internals
# ---------------------------------------------------------------------------


def _norm(keywords: Iterable[str]) -> frozenset[str]:
    return frozenset(k.strip().lower() for k in keywords if k.strip())


@dataclass
class _Unit:
    """Papers that must move together, with the sessions (indexes) that suit all of them."""

    key: int  # smallest paper id
    papers: tuple[int, ...]
    options: tuple[int, ...]  # indexes into the ordered session list

    @property
    def size(self) -> int:
        return len(self.papers)


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


def _join(words: Sequence[str]) -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


class _Placer:
    def __init__(
        self,
        papers: Sequence[PosterPaper],
        sessions: Sequence[PosterSession],
        busy: Mapping[str, Sequence[tuple[datetime, datetime]]],
        names: Mapping[str, str],
        margin: timedelta,
    ) -> None:
        self.papers = {paper.id: paper for paper in sorted(papers, key=lambda p: p.id)}
        self.sessions = sorted(sessions, key=lambda s: (s.start, s.end, s.id))
        self.capacity = [s.capacity for s in self.sessions]
        self.names = names
        # blocked[person] = indexes of the sessions that clash with one of their talks
        self.blocked: dict[str, frozenset[int]] = {}
        people = {person for paper in papers for person in paper.presenters}
        for person in people:
            talks = busy.get(person, ())
            self.blocked[person] = frozenset(
                i
                for i, session in enumerate(self.sessions)
                if any(
                    _overlaps(start, end, session.start - margin, session.end + margin)
                    for start, end in talks
                )
            )
        self.unplaced: dict[int, str] = {}
        self.notes: list[str] = []
        self.load = [0] * len(self.sessions)
        self.where: dict[int, int] = {}  # unit key -> session index
        self.units: dict[int, _Unit] = {}

    # -- names and sentences -------------------------------------------------

    def name(self, person: str) -> str:
        return self.names.get(person, person)

    def free_for(self, people: Iterable[str]) -> list[int]:
        blocked: set[int] = set()
        for person in people:
            blocked |= self.blocked[person]
        return [i for i in range(len(self.sessions)) if i not in blocked]

    def fits(self, index: int, size: int, load: int = 0) -> bool:
        capacity = self.capacity[index]
        return capacity is None or load + size <= capacity

    def clash_reason(self, paper: PosterPaper) -> str:
        head = f"Paper {paper.id} cannot be placed:"
        if not self.sessions:
            return f"{head} there is no poster session."
        everywhere = sorted(
            (self.name(p) for p in paper.presenters if len(self.blocked[p]) == len(self.sessions)),
        )
        if everywhere:
            return f"{head} its presenter {everywhere[0]} gives a talk during every poster session."
        involved = sorted(self.name(p) for p in paper.presenters if self.blocked[p])
        return (
            f"{head} between them, its presenters {_join(involved)} give talks "
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

    # -- step 1: units -------------------------------------------------------------

    def build_units(self) -> None:
        for group in presenter_groups(self.papers.values()):
            people = {p for paper_id in group for p in self.papers[paper_id].presenters}
            free = self.free_for(people)
            options = [i for i in free if self.fits(i, len(group))]
            if options:
                self.add_unit(group, options)
                continue
            if len(group) > 1:
                ids = _join([str(paper_id) for paper_id in group])
                why = (
                    "no poster session suits all of them"
                    if not free
                    else f"no poster session that suits all of them has {len(group)} boards"
                )
                self.notes.append(
                    f"Papers {ids} share presenters, but {why}, so they were placed separately."
                )
            for paper_id in group:
                self.add_single(paper_id)

    def add_unit(self, papers: Sequence[int], options: Sequence[int]) -> None:
        unit = _Unit(key=min(papers), papers=tuple(sorted(papers)), options=tuple(options))
        self.units[unit.key] = unit

    def add_single(self, paper_id: int) -> None:
        paper = self.papers[paper_id]
        free = self.free_for(paper.presenters)
        if not free:
            self.unplaced[paper_id] = self.clash_reason(paper)
            return
        options = [i for i in free if self.fits(i, 1)]
        if not options:
            self.unplaced[paper_id] = self.full_reason(paper)
            return
        self.add_unit([paper_id], options)

    # -- step 2: assignment ------------------------------------------------------

    def order(self, units: Iterable[_Unit]) -> list[_Unit]:
        return sorted(units, key=lambda u: (len(u.options), -u.size, u.key))

    def greedy(self, units: Sequence[_Unit]) -> list[_Unit]:
        stuck = []
        for unit in self.order(units):
            rooms = [i for i in unit.options if self.fits(i, unit.size, self.load[i])]
            if not rooms:
                stuck.append(unit)
                continue
            best = min(rooms, key=lambda i: (self.load[i], i))
            self.place(unit, best)
        return stuck

    def place(self, unit: _Unit, index: int) -> None:
        self.where[unit.key] = index
        self.load[index] += unit.size

    def unplace(self, unit: _Unit) -> None:
        index = self.where.pop(unit.key)
        self.load[index] -= unit.size

    def exact(self, units: Sequence[_Unit]) -> dict[int, int] | None:
        """Depth-first search for a placement of every unit within the capacities."""
        ordered = self.order(units)
        load = [0] * len(self.sessions)
        chosen: dict[int, int] = {}
        budget = [SEARCH_BUDGET]
        suits = [
            frozenset(u.key for u in ordered if index in u.options)
            for index in range(len(self.sessions))
        ]
        remaining_size = [0] * (len(ordered) + 1)
        for position in range(len(ordered) - 1, -1, -1):
            remaining_size[position] = remaining_size[position + 1] + ordered[position].size

        def search(position: int) -> bool:
            if position == len(ordered):
                return True
            budget[0] -= 1
            if budget[0] < 0:
                return False
            unit = ordered[position]
            tried: set[tuple[int, int | None, frozenset[int]]] = set()
            for index in sorted(unit.options, key=lambda i: (load[i], i)):
                if not self.fits(index, unit.size, load[index]):
                    continue
                # Sessions with the same load, capacity and set of units they suit are
                # interchangeable: if one failed, the other fails too.
                signature = (load[index], self.capacity[index], suits[index])
                if signature in tried:
                    continue
                tried.add(signature)
                load[index] += unit.size
                chosen[unit.key] = index
                if search(position + 1):
                    return True
                load[index] -= unit.size
                del chosen[unit.key]
            return False

        return dict(chosen) if search(0) else None

    def assign(self) -> None:
        units = list(self.units.values())
        stuck = self.greedy(units)
        if stuck:
            solution = self.exact(units)
            if solution is not None:
                self.where.clear()
                self.load = [0] * len(self.sessions)
                for key, index in sorted(solution.items()):
                    self.place(self.units[key], index)
                stuck = []
        for unit in stuck:
            del self.units[unit.key]
            if unit.size > 1:
                ids = _join([str(paper_id) for paper_id in unit.papers])
                self.notes.append(
                    f"Papers {ids} share presenters, but no suitable poster session had "
                    f"{unit.size} boards left, so they were placed separately."
                )
            singles_before = set(self.units)
            for paper_id in unit.papers:
                self.add_single(paper_id)
            singles = [u for k, u in sorted(self.units.items()) if k not in singles_before]
            for single in self.greedy(singles):
                del self.units[single.key]
                self.unplaced[single.key] = self.full_reason(self.papers[single.key])

    # -- step 3: balance ---------------------------------------------------------

    def improving_chain(self) -> list[tuple[_Unit, int]] | None:
        members: dict[int, list[_Unit]] = {i: [] for i in range(len(self.sessions))}
        for key in sorted(self.where):
            members[self.where[key]].append(self.units[key])
        sizes = sorted({unit.size for unit in self.units.values()}, reverse=True)
        for source in sorted(range(len(self.sessions)), key=lambda i: (-self.load[i], i)):
            for size in sizes:
                if not any(unit.size == size for unit in members[source]):
                    continue
                # Breadth-first search over sessions; an edge S -> T moves a unit of this
                # size from S to T.  Intermediate sessions keep their size.
                came_from: dict[int, tuple[int, _Unit] | None] = {source: None}
                frontier = [source]
                targets: list[int] = []
                while frontier:
                    following = []
                    for here in frontier:
                        for unit in members[here]:
                            if unit.size != size:
                                continue
                            for there in unit.options:
                                if there in came_from:
                                    continue
                                came_from[there] = (here, unit)
                                following.append(there)
                                if self.load[there] + size < self.load[source] and self.fits(
                                    there, size, self.load[there]
                                ):
                                    targets.append(there)
                    frontier = following
                if targets:
                    target = min(targets, key=lambda i: (self.load[i], i))
                    moves: list[tuple[_Unit, int]] = []
                    here = target
                    while came_from[here] is not None:
                        previous, unit = came_from[here]  # type: ignore[misc]
                        moves.append((unit, here))
                        here = previous
                    return moves
        return None

    def balance(self) -> None:
        while (chain := self.improving_chain()) is not None:
            for unit, index in chain:
                self.unplace(unit)
                self.place(unit, index)

    # -- step 4: board order -----------------------------------------------------

    def board_order(self, paper_ids: Sequence[int]) -> list[int]:
        papers = [self.papers[paper_id] for paper_id in sorted(paper_ids)]
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

    # -- result --------------------------------------------------------------------

    def run(self) -> Placement:
        self.build_units()
        self.assign()
        self.balance()
        per_session: dict[int, list[int]] = {i: [] for i in range(len(self.sessions))}
        for key, index in self.where.items():
            per_session[index].extend(self.units[key].papers)
        assignments: dict[int, tuple[int, int]] = {}
        boards: dict[int, tuple[int, ...]] = {}
        for index, session in enumerate(self.sessions):
            ordered = self.board_order(per_session[index])
            boards[session.id] = tuple(ordered)
            for board, paper_id in enumerate(ordered, start=1):
                assignments[paper_id] = (session.id, board)
        return Placement(
            assignments=MappingProxyType(dict(sorted(assignments.items()))),
            boards=MappingProxyType(boards),
            unplaced=MappingProxyType(dict(sorted(self.unplaced.items()))),
            notes=tuple(self.notes),
        )


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


def place_posters(
    papers: Iterable[PosterPaper],
    sessions: Iterable[PosterSession],
    *,
    busy: Mapping[str, Sequence[tuple[datetime, datetime]]] | None = None,
    names: Mapping[str, str] | None = None,
    margin: timedelta = timedelta(0),
) -> Placement:
    """Place posters on numbered boards across poster sessions (see the module docstring).

    ``busy`` maps a person key to the (start, end) intervals of their talks: they cannot
    present a poster in a session overlapping one of them.  ``names`` maps person keys to
    display names for the reason sentences (the key itself is used otherwise).  ``margin``
    widens every session on both sides when checking clashes (time to walk between rooms).
    """
    papers = list(papers)
    sessions = list(sessions)
    seen: set[int] = set()
    for paper in papers:
        if paper.id in seen:
            raise ValueError(f"duplicate paper id {paper.id}")
        seen.add(paper.id)
    seen = set()
    for session in sessions:
        if session.id in seen:
            raise ValueError(f"duplicate poster session id {session.id}")
        seen.add(session.id)
        if session.end <= session.start:
            raise ValueError(f"poster session {session.id} does not end after it starts")
        if session.capacity is not None and session.capacity < 0:
            raise ValueError(f"poster session {session.id} has a negative capacity")
    if margin < timedelta(0):
        raise ValueError("margin must not be negative")
    return _Placer(papers, sessions, busy or {}, names or {}, margin).run()
