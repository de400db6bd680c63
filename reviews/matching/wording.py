"""Words for the matcher's sentences: labels of papers and reviewers, counts with their
noun. The lowest module of the package: the problem, the instance and the explanations all
use it, and it uses none of them."""

from __future__ import annotations

from collections.abc import Sequence

MAX_NAMED = 5
"""At most this many papers or reviewers are named in one sentence."""


def labels(given: Sequence[str] | None, count: int, noun: str, name: str) -> list[str]:
    """The caller's labels as strings (default ``"<noun> <index>"``), one per item."""
    if given is None:
        return [f"{noun} {i}" for i in range(count)]
    given = [str(label) for label in given]
    if len(given) != count:
        raise ValueError(f"{name} has {len(given)} entries; expected {count}")
    return given


def plural(count: int, noun: str, prefix: str = "") -> str:
    count = int(count)
    return f"{count}{prefix} {noun}{'' if count == 1 else 's'}"


def join_names(names: Sequence[str], noun: str) -> str:
    if len(names) > MAX_NAMED:
        return f"{', '.join(names[:MAX_NAMED])} and {len(names) - MAX_NAMED} other {noun}"
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} and {names[-1]}"


def capped(sentences: list[str], total: int, rest: str) -> list[str]:
    if total > len(sentences):
        sentences.append(f"{total - len(sentences)} {rest}")
    return sentences
