"""Automatic poster board numbering: place accepted posters on boards across poster sessions.

Pure Python on purpose (an import-linter contract keeps Django out of this package).  The
Django layer turns accepted papers into :class:`PosterPaper`, poster sessions into
:class:`PosterSession`, and the talks of the released program into ``busy`` intervals, then
stores the returned :class:`Placement`.

Modules
-------
* :mod:`.placement`: the input (``PosterPaper``, ``PosterSession``) and the ``Placement``;
* :mod:`.groups`: presenter groups and the sessions each presenter can attend (step 1);
* :mod:`.placing`: ``place_posters`` and the session assignment, exact search and balance
  (steps 1 to 3);
* :mod:`.boards`: board order inside a session by keyword similarity (step 4).

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

from .boards import jaccard, natural_board_key
from .groups import presenter_groups
from .placement import Placement, PosterPaper, PosterSession
from .placing import SEARCH_BUDGET as SEARCH_BUDGET
from .placing import place_posters

__all__ = [
    "Placement",
    "PosterPaper",
    "PosterSession",
    "jaccard",
    "natural_board_key",
    "place_posters",
    "presenter_groups",
]
