"""Tests of schedule.posters: automatic poster board numbering across poster sessions.

Property tests (hypothesis) check the documented guarantees on random instances; the
invariant checks below are written independently of the module's own helpers.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from schedule.posters import (
    Placement,
    PosterPaper,
    PosterSession,
    jaccard,
    natural_board_key,
    place_posters,
    presenter_groups,
)

DAY = datetime(2018, 12, 8, tzinfo=UTC)
PEOPLE = tuple(f"person{i}" for i in range(6))
VOCAB = ("compilers", "scheduling", "networking", "hardware", "databases", "rl")

Busy = Mapping[str, Sequence[tuple[datetime, datetime]]]


def at(hour: int, minute: int = 0) -> datetime:
    return DAY.replace(hour=hour, minute=minute)


def session(session_id: int, index: int, capacity: int | None = None) -> PosterSession:
    """The ``index``-th session of a day: 13:00-14:00, 15:00-16:00, ... UTC."""
    start = at(13 + 2 * index)
    return PosterSession(session_id, start, start + timedelta(hours=1), capacity)


def paper(paper_id: int, *presenters: str, keywords: Sequence[str] = ()) -> PosterPaper:
    return PosterPaper(paper_id, frozenset(presenters), frozenset(keywords))


def overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


def free_sessions(people, sessions, busy: Busy) -> list[PosterSession]:
    return [
        s
        for s in sessions
        if not any(
            overlaps(start, end, s.start, s.end)
            for person in people
            for start, end in busy.get(person, ())
        )
    ]


def components(papers: Sequence[PosterPaper]) -> list[list[PosterPaper]]:
    """Connected components of "shares a presenter" (plain search, independent of the module)."""
    left = list(papers)
    found = []
    while left:
        component = [left.pop(0)]
        people = set(component[0].presenters)
        grew = True
        while grew:
            grew = False
            for candidate in list(left):
                if candidate.presenters & people:
                    component.append(candidate)
                    people |= candidate.presenters
                    left.remove(candidate)
                    grew = True
        found.append(component)
    return found


def check_invariants(
    papers: Sequence[PosterPaper], sessions: Sequence[PosterSession], busy: Busy, result: Placement
) -> None:
    by_id = {p.id: p for p in papers}
    sessions_by_id = {s.id: s for s in sessions}
    placed, unplaced = set(result), set(result.unplaced)
    # Every paper is placed exactly once or reported, never both.
    assert placed | unplaced == set(by_id)
    assert not placed & unplaced
    assert set(result.boards) == set(sessions_by_id)
    for reason in result.unplaced.values():
        assert reason.startswith("Paper ") and reason.endswith(".")
    # Boards are numbered 1..n per session with no gaps, consistent with the mapping.
    seen = []
    for session_id, board_list in result.boards.items():
        seen.extend(board_list)
        for board, paper_id in enumerate(board_list, start=1):
            assert result[paper_id] == (session_id, board)
        boards = sorted(b for s, b in result.values() if s == session_id)
        assert boards == list(range(1, len(board_list) + 1))
        capacity = sessions_by_id[session_id].capacity
        if capacity is not None:
            assert len(board_list) <= capacity
    assert sorted(seen) == sorted(placed)
    # Nobody presents a poster during one of their talks.
    for paper_id, (session_id, _board) in result.items():
        s = sessions_by_id[session_id]
        for person in by_id[paper_id].presenters:
            for start, end in busy.get(person, ()):
                assert not overlaps(start, end, s.start, s.end), (paper_id, person)
    # Within a session, posters that share a presenter sit on consecutive boards.
    for board_list in result.boards.values():
        here = [by_id[paper_id] for paper_id in board_list]
        for component in components(here):
            boards = sorted(result[p.id][1] for p in component)
            assert boards == list(range(boards[0], boards[0] + len(boards)))


# ---------------------------------------------------------------------------
# Strategies
# ---------------------------------------------------------------------------


@st.composite
def instances(draw, *, max_papers=12, max_sessions=4, capacities=False, max_presenters=2):
    count = draw(st.integers(1, max_sessions))
    ids = draw(st.lists(st.integers(1, 99), min_size=count, max_size=count, unique=True))
    sessions = [
        session(session_id, index, draw(st.none() | st.integers(0, 5)) if capacities else None)
        for index, session_id in enumerate(ids)
    ]
    n = draw(st.integers(0, max_papers))
    paper_ids = draw(st.lists(st.integers(1, 500), min_size=n, max_size=n, unique=True))
    papers = [
        PosterPaper(
            paper_id,
            frozenset(draw(st.sets(st.sampled_from(PEOPLE), max_size=max_presenters))),
            frozenset(draw(st.sets(st.sampled_from(VOCAB), max_size=3))),
        )
        for paper_id in paper_ids
    ]
    busy: dict[str, list[tuple[datetime, datetime]]] = {}
    for person in PEOPLE:
        talks = []
        for index in sorted(draw(st.sets(st.integers(0, count - 1), max_size=count))):
            start = sessions[index].start + timedelta(minutes=draw(st.sampled_from([-20, 0, 40])))
            talks.append((start, start + timedelta(minutes=25)))
        if draw(st.booleans()):  # a talk that only touches the first session: no clash
            talks.append((sessions[0].start - timedelta(minutes=15), sessions[0].start))
        if talks:
            busy[person] = talks
    return papers, sessions, busy


def documented_units(papers, sessions, busy) -> list[tuple[list, list]]:
    """Presenter groups with their suitable sessions, split into single papers when no
    session suits the whole group (the documented rule)."""
    units = []
    for group in components(papers):
        people = set().union(*(p.presenters for p in group))
        options = [
            s
            for s in free_sessions(people, sessions, busy)
            if s.capacity is None or s.capacity >= len(group)
        ]
        if options:
            units.append((group, options))
        else:
            units.extend(([p], free_sessions(p.presenters, sessions, busy)) for p in group)
    return units


def complete_assignment_exists(papers, sessions, busy) -> bool:
    """Brute force: can every unit go to a session that suits it, within capacities?"""
    units = documented_units(papers, sessions, busy)
    for choice in itertools.product(*(options for _group, options in units)):
        load: dict[int, int] = {}
        for (group, _options), s in zip(units, choice, strict=True):
            load[s.id] = load.get(s.id, 0) + len(group)
        if all(s.capacity is None or load.get(s.id, 0) <= s.capacity for s in sessions):
            return True
    return False


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(instances(capacities=True))
def test_invariants_hold(instance):
    papers, sessions, busy = instance
    check_invariants(papers, sessions, busy, place_posters(papers, sessions, busy=busy))


@settings(max_examples=150, deadline=None)
@given(instances())
def test_every_paper_placed_when_feasible_without_capacities(instance):
    papers, sessions, busy = instance
    result = place_posters(papers, sessions, busy=busy)
    check_invariants(papers, sessions, busy, result)
    for p in papers:
        feasible = bool(free_sessions(p.presenters, sessions, busy))
        assert (p.id in result) == feasible
        assert (p.id in result.unplaced) == (not feasible)


@settings(max_examples=150, deadline=None)
@given(instances(max_papers=7, max_sessions=3, capacities=True))
def test_every_paper_placed_when_feasible_within_capacities(instance):
    papers, sessions, busy = instance
    result = place_posters(papers, sessions, busy=busy)
    check_invariants(papers, sessions, busy, result)
    if complete_assignment_exists(papers, sessions, busy):
        assert set(result) == {p.id for p in papers}
        assert not result.unplaced


@settings(max_examples=150, deadline=None)
@given(instances())
def test_presenter_groups_stay_together_on_consecutive_boards(instance):
    papers, sessions, busy = instance
    result = place_posters(papers, sessions, busy=busy)
    for group in components(papers):
        people = set().union(*(p.presenters for p in group))
        if not free_sessions(people, sessions, busy):
            continue  # no session suits the whole group: it may be split
        assert len({result[p.id][0] for p in group}) == 1
        boards = sorted(result[p.id][1] for p in group)
        assert boards == list(range(boards[0], boards[0] + len(group)))


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 40), st.integers(1, 6))
def test_sessions_differ_by_at_most_one_without_constraints(n, k):
    papers = [paper(i, f"author{i}") for i in range(1, n + 1)]
    sessions = [session(10 + i, i) for i in range(k)]
    sizes = place_posters(papers, sessions).sizes()
    assert sum(sizes.values()) == n
    assert max(sizes.values()) - min(sizes.values()) <= 1


@settings(max_examples=150, deadline=None)
@given(
    k=st.integers(1, 4),
    clashes=st.lists(st.sets(st.integers(0, 3), max_size=4), max_size=7),
)
# Found by random search: greedy alone leaves 2/1/0/1 here, and only a chain of moves
# (S1 -> S2 -> S3) evens it out to 1/1/1/1.
@example(k=4, clashes=[{2}, {2, 3}, {0, 3}, {2, 3}])
def test_balance_is_as_even_as_talk_clashes_allow(k, clashes):
    """Single-paper groups: the spread max - min is the smallest any placement achieves."""
    sessions = [session(20 + i, i) for i in range(k)]
    papers = [paper(i, f"author{i}") for i in range(1, len(clashes) + 1)]
    busy = {
        f"author{i}": [(sessions[j].start, sessions[j].end) for j in sorted(c) if j < k]
        for i, c in enumerate(clashes, start=1)
    }
    result = place_posters(papers, sessions, busy=busy)
    check_invariants(papers, sessions, busy, result)
    options = [free_sessions({f"author{p.id}"}, sessions, busy) for p in papers]
    placeable = [o for o in options if o]
    assert len(result) == len(placeable)
    best = min(
        max(spread := [sum(1 for s in choice if s.id == t.id) for t in sessions]) - min(spread)
        for choice in itertools.product(*placeable)
    )
    sizes = result.sizes()
    assert max(sizes.values()) - min(sizes.values()) == best


def test_balance_repairs_greedy_choices():
    """Found by random search: without the balancing step, session 4 stays empty."""
    sessions = [session(i + 1, i) for i in range(4)]
    papers = [
        paper(1, "p2", "p3"),
        paper(2, "p0", "p1"),
        paper(3, "p1", "p3"),
        paper(4, "p1", "p3"),
        paper(5),
    ]
    clashes = {"p0": [0, 2], "p1": [3], "p2": [1], "p3": [0]}
    busy = {
        person: [(sessions[i].start, sessions[i].end) for i in indexes]
        for person, indexes in clashes.items()
    }
    result = place_posters(papers, sessions, busy=busy)
    check_invariants(papers, sessions, busy, result)
    assert set(result) == {1, 2, 3, 4, 5}
    assert sorted(result.sizes().values()) == [1, 1, 1, 2]


@settings(max_examples=150, deadline=None)
@given(instances(capacities=True))
def test_no_single_group_move_would_even_out_two_sessions(instance):
    """The documented balance criterion: for a group G in session A and another session B
    that suits G and has room, size(B) + |G| >= size(A)."""
    papers, sessions, busy = instance
    result = place_posters(papers, sessions, busy=busy)
    sizes = result.sizes()
    by_id = {p.id: p for p in papers}
    for source, board_list in result.boards.items():
        for group in components([by_id[i] for i in board_list]):
            people = set().union(*(p.presenters for p in group))
            for target in free_sessions(people, sessions, busy):
                if target.id == source:
                    continue
                if target.capacity is not None and sizes[target.id] + len(group) > target.capacity:
                    continue
                assert sizes[target.id] + len(group) >= sizes[source]


@settings(max_examples=100, deadline=None)
@given(instances(capacities=True), st.randoms(use_true_random=False))
def test_deterministic_and_independent_of_input_order(instance, rng):
    papers, sessions, busy = instance
    first = place_posters(papers, sessions, busy=busy)
    assert place_posters(papers, sessions, busy=busy) == first
    shuffled_papers, shuffled_sessions = list(papers), list(sessions)
    rng.shuffle(shuffled_papers)
    rng.shuffle(shuffled_sessions)
    again = place_posters(shuffled_papers, shuffled_sessions, busy=busy)
    assert dict(again) == dict(first)
    assert dict(again.boards) == dict(first.boards)
    assert dict(again.unplaced) == dict(first.unplaced)
    assert again.notes == first.notes


@settings(max_examples=100, deadline=None)
@given(
    st.integers(0, 8),
    st.integers(0, 8),
    st.integers(1, 3),
    st.lists(st.integers(1, 1000), min_size=16, max_size=16, unique=True),
)
def test_two_topics_form_two_contiguous_runs(n_compilers, n_networks, k, ids):
    papers = [
        paper(ids[i], f"c{i}", keywords=("compilers", "program-synthesis", f"extra-c{i}"))
        for i in range(n_compilers)
    ] + [
        paper(ids[8 + i], f"n{i}", keywords=("networking", "congestion-control", f"extra-n{i}"))
        for i in range(n_networks)
    ]
    topic = {p.id: "compilers" in p.keywords for p in papers}
    result = place_posters(papers, [session(i + 1, i) for i in range(k)])
    assert len(result) == len(papers)
    for board_list in result.boards.values():
        runs = [key for key, _ in itertools.groupby(topic[i] for i in board_list)]
        assert len(runs) <= 2, [topic[i] for i in board_list]


# ---------------------------------------------------------------------------
# Examples
# ---------------------------------------------------------------------------


def test_paper_whose_presenter_talks_in_every_session_is_reported():
    sessions = [session(1, 0), session(2, 1)]
    papers = [paper(12, "ed"), paper(13, "someone")]
    busy = {"ed": [(at(13, 30), at(13, 55)), (at(15, 10), at(15, 35))]}
    result = place_posters(papers, sessions, busy=busy, names={"ed": "Ed Chi"})
    assert 12 not in result
    assert result.unplaced == {
        12: "Paper 12 cannot be placed: its presenter Ed Chi gives a talk during every "
        "poster session."
    }
    assert result.session_of(13) in {1, 2}
    assert result.session_of(12) is None


def test_presenters_who_together_cover_every_session():
    sessions = [session(1, 0), session(2, 1)]
    busy = {"ana": [(at(13), at(13, 25))], "bo": [(at(15, 30), at(15, 55))]}
    result = place_posters(
        [paper(7, "ana", "bo")], sessions, busy=busy, names={"ana": "Ana Lee", "bo": "Bo Ng"}
    )
    assert result.unplaced[7] == (
        "Paper 7 cannot be placed: between them, its presenters Ana Lee and Bo Ng give talks "
        "during every poster session."
    )


def test_no_session_and_full_sessions_are_reported():
    assert place_posters([paper(1, "a")], []).unplaced[1] == (
        "Paper 1 cannot be placed: there is no poster session."
    )
    result = place_posters(
        [paper(1, "a"), paper(2, "b")], [session(5, 0, capacity=1)], names={"a": "Ann", "b": "Ben"}
    )
    assert dict(result) == {1: (5, 1)}
    assert result.unplaced[2] == (
        "Paper 2 cannot be placed: every poster session that its presenter Ben can attend is full."
    )


def test_talk_touching_a_session_does_not_clash_but_margin_makes_it():
    sessions = [session(1, 0)]
    busy = {"a": [(at(12, 30), at(13))]}  # ends when the session starts
    assert dict(place_posters([paper(1, "a")], sessions, busy=busy)) == {1: (1, 1)}
    result = place_posters([paper(1, "a")], sessions, busy=busy, margin=timedelta(minutes=5))
    assert 1 in result.unplaced


def test_shared_presenter_keeps_posters_together():
    sessions = [session(1, 0), session(2, 1)]
    papers = [
        paper(1, "alice", keywords=["rl"]),
        paper(2, "bob", keywords=["rl"]),
        paper(3, "alice", "carol", keywords=["compilers"]),
        paper(4, "carol", keywords=["hardware"]),
        paper(5, "dan", keywords=["rl"]),
        paper(6, "erin", keywords=["databases"]),
    ]
    result = place_posters(papers, sessions)
    assert presenter_groups(papers) == [(1, 3, 4), (2,), (5,), (6,)]
    assert len({result.session_of(i) for i in (1, 3, 4)}) == 1
    boards = sorted(result[i][1] for i in (1, 3, 4))
    assert boards == list(range(boards[0], boards[0] + 3))
    # Group of three in one session, the three single posters in the other: 3 and 3.
    assert sorted(result.sizes().values()) == [3, 3]
    assert not result.notes


def test_group_that_no_session_suits_is_split_like_adit_bhardwaj():
    """Adit presents two papers; co-presenters force them into different sessions."""
    sessions = [session(1, 0), session(2, 1)]
    papers = [paper(21, "adit", "x"), paper(22, "adit", "y"), paper(23, "z")]
    busy = {"x": [(at(15), at(15, 25))], "y": [(at(13), at(13, 25))]}
    result = place_posters(papers, sessions, busy=busy)
    assert result.session_of(21) == 1
    assert result.session_of(22) == 2
    assert set(result) == {21, 22, 23}
    assert result.notes == (
        "Papers 21 and 22 share presenters, but no poster session suits all of them, "
        "so they were placed separately.",
    )


def test_capacity_forces_exact_search():
    """Found by random search: least-loaded-first greedy leaves paper 3 without a board."""
    sessions = [session(1, 0, capacity=1), session(2, 1, capacity=1), session(3, 2, capacity=3)]
    # Papers 1 and 4 share p4, but no session suits both (p1 talks during session 3 and
    # sessions 1 and 2 have one board each), so they are placed separately.
    papers = [paper(1, "p1", "p4"), paper(2, "p3"), paper(3, "p0"), paper(4, "p4")]
    busy = {
        "p0": [(sessions[2].start, sessions[2].end)],
        "p1": [(sessions[2].start, sessions[2].end)],
        "p3": [(sessions[0].start, sessions[0].end)],
    }
    assert complete_assignment_exists(papers, sessions, busy)
    result = place_posters(papers, sessions, busy=busy)
    check_invariants(papers, sessions, busy, result)
    assert not result.unplaced
    assert set(result) == {1, 2, 3, 4}
    assert result.session_of(2) == 3
    assert len(result.notes) == 1


def test_reference_workshop_two_sessions():
    """ML for Systems 2018: poster sessions 15:00-16:00 and 20:00-21:00 UTC."""
    sessions = [
        PosterSession(1, at(15), at(16)),
        PosterSession(2, at(20), at(21)),
    ]
    presenters = [
        "Artemiy Margaritov",
        "Ravichandra Addanki",
        "Hamidreza Mahyar",
        "Guo Zhang",
        "Avani Wildani",
        "Hadi Esmaeilzadeh",
        "Dmitrii Ustiugov",
        "Shaileshh Bojja Venkatakrishnan",
        "Fabian Ruffy Varga",
        "Tatiana Shpeisman",
        "Stephen Macke",
        "Hongzi Mao",
        "Caroline Lemieux",
        "Saim Salman",
        "Rishikesh Jha",
        "Hanrui Wang",
        "Shoumik P Palkar",
        "Tianqi Chen",
        "Thomas Pumir",
        "Vaishnav Janardhan",
        "Ed Chi",
    ]
    papers = [paper(i, name) for i, name in enumerate(presenters, start=1)]
    papers.append(paper(30, "Adit Bhardwaj"))
    papers.append(paper(31, "Adit Bhardwaj", "Hongzi Mao"))
    busy = {
        # Contributed talks at 16:15 and invited talk at 21:25 UTC do not clash.
        "Ravichandra Addanki": [(at(16, 15), at(16, 30))],
        "Jeff Dean": [(at(21, 25), at(21, 50))],
        # Hypothetically, Ed Chi talks during both poster sessions.
        "Ed Chi": [(at(15, 30), at(15, 45)), (at(20, 30), at(20, 45))],
    }
    result = place_posters(papers, sessions, busy=busy)
    check_invariants(papers, sessions, busy, result)
    ed = presenters.index("Ed Chi") + 1
    assert list(result.unplaced) == [ed]
    assert len(result) == len(papers) - 1
    sizes = result.sizes()
    assert abs(sizes[1] - sizes[2]) <= 1
    # Adit's two posters and Hongzi Mao's poster share presenters: same session, adjacent.
    group = [30, 31, presenters.index("Hongzi Mao") + 1]
    assert len({result.session_of(i) for i in group}) == 1
    boards = sorted(result[i][1] for i in group)
    assert boards == [boards[0], boards[0] + 1, boards[0] + 2]


def test_invalid_input_is_refused():
    with pytest.raises(ValueError, match="duplicate paper"):
        place_posters([paper(1, "a"), paper(1, "b")], [session(1, 0)])
    with pytest.raises(ValueError, match="duplicate poster session"):
        place_posters([], [session(1, 0), session(1, 1)])
    with pytest.raises(ValueError, match="does not end after"):
        place_posters([], [PosterSession(1, at(15), at(15))])
    with pytest.raises(ValueError, match="negative capacity"):
        place_posters([], [session(1, 0, capacity=-1)])


def test_empty_input():
    result = place_posters([], [session(3, 0)])
    assert dict(result) == {}
    assert dict(result.boards) == {3: ()}
    assert len(result) == 0


def test_jaccard():
    assert jaccard({"RL", "compilers"}, {"rl"}) == 0.5
    assert jaccard(set(), set()) == 0.0
    assert jaccard({"a"}, {"b"}) == 0.0


def test_natural_board_key():
    labels = ["A10", "B1", "A2", "10", "9", "a1"]
    assert sorted(labels, key=natural_board_key) == ["9", "10", "a1", "A2", "A10", "B1"]
