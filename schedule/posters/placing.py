"""Steps 1 to 3: which session each poster goes to, then the entry point ``place_posters``.

Groups that suit some session are placed most-constrained first; if capacities get in the
way, a bounded exact search looks for a placement of every group; then improving chains move
groups until the sessions are balanced (see the package docstring for what that means).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import MappingProxyType

from .boards import board_order
from .groups import Availability, join_words, presenter_groups
from .placement import Placement, PosterPaper, PosterSession

SEARCH_BUDGET = 200_000  # nodes of the exact search used when capacities get in the way


@dataclass
class _Unit:
    """Papers that must move together, with the sessions (indexes) that suit all of them."""

    key: int  # smallest paper id
    papers: tuple[int, ...]
    options: tuple[int, ...]  # indexes into the ordered session list

    @property
    def size(self) -> int:
        return len(self.papers)


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
        self.availability = Availability(papers, self.sessions, busy, names, margin)
        self.unplaced: dict[int, str] = {}
        self.notes: list[str] = []
        self.load = [0] * len(self.sessions)
        self.where: dict[int, int] = {}  # unit key -> session index
        self.units: dict[int, _Unit] = {}

    def fits(self, index: int, size: int, load: int = 0) -> bool:
        capacity = self.capacity[index]
        return capacity is None or load + size <= capacity

    # -- step 1: units -------------------------------------------------------------

    def build_units(self) -> None:
        for group in presenter_groups(self.papers.values()):
            people = {p for paper_id in group for p in self.papers[paper_id].presenters}
            free = self.availability.free_for(people)
            options = [i for i in free if self.fits(i, len(group))]
            if options:
                self.add_unit(group, options)
                continue
            if len(group) > 1:
                ids = join_words([str(paper_id) for paper_id in group])
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
        free = self.availability.free_for(paper.presenters)
        if not free:
            self.unplaced[paper_id] = self.availability.clash_reason(paper)
            return
        options = [i for i in free if self.fits(i, 1)]
        if not options:
            self.unplaced[paper_id] = self.availability.full_reason(paper)
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
                ids = join_words([str(paper_id) for paper_id in unit.papers])
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
                self.unplaced[single.key] = self.availability.full_reason(self.papers[single.key])

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
            ordered = board_order(self.papers[paper_id] for paper_id in per_session[index])
            boards[session.id] = tuple(ordered)
            for board, paper_id in enumerate(ordered, start=1):
                assignments[paper_id] = (session.id, board)
        return Placement(
            assignments=MappingProxyType(dict(sorted(assignments.items()))),
            boards=MappingProxyType(boards),
            unplaced=MappingProxyType(dict(sorted(self.unplaced.items()))),
            notes=tuple(self.notes),
        )


def place_posters(
    papers: Iterable[PosterPaper],
    sessions: Iterable[PosterSession],
    *,
    busy: Mapping[str, Sequence[tuple[datetime, datetime]]] | None = None,
    names: Mapping[str, str] | None = None,
    margin: timedelta = timedelta(0),
) -> Placement:
    """Place posters on numbered boards across poster sessions (see the package docstring).

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
