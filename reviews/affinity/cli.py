"""The command line: ``python -m reviews.affinity SUBMISSIONS PROFILES --out SCORES.npy``."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .embedding import MissingExtraError
from .scoring import METHODS, affinity_scores
from .text import ExpertiseProfile, PaperText


class InputError(ValueError):
    """Bad CLI input, reported as one line."""


def _text(value: Any, where: str, field: str, *, required: bool) -> str:
    if value is None and not required:
        return ""
    if value is None:
        raise InputError(f"{where}: {field!r} is missing")
    if not isinstance(value, str):
        raise InputError(f"{where}: {field!r} must be a string, not {type(value).__name__}")
    return value


def _keywords(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
        raise InputError(f"{where}: 'keywords' must be a list of strings")
    return tuple(value)


def _paper(obj: Any, where: str) -> PaperText:
    if not isinstance(obj, dict):
        raise InputError(f"{where}: expected a JSON object")
    return PaperText(
        title=_text(obj.get("title"), where, "title", required=True),
        abstract=_text(obj.get("abstract"), where, "abstract", required=False),
        keywords=_keywords(obj.get("keywords"), where),
    )


def _read_jsonl(path: Path) -> list[tuple[str, dict[str, Any]]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text") from exc
    records = []
    seen: set[str] = set()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: invalid JSON ({exc.msg})") from exc
        if not isinstance(obj, dict):
            raise InputError(f"{where}: expected a JSON object")
        if "id" not in obj:
            raise InputError(f"{where}: 'id' is missing")
        key = json.dumps(obj["id"])
        if key in seen:
            raise InputError(f"{where}: duplicate id {key}")
        seen.add(key)
        records.append((where, obj))
    return records


def read_submissions(path: Path) -> list[PaperText]:
    """Submissions from JSON lines ``{"id", "title", "abstract", "keywords"}``."""
    return [_paper(obj, where) for where, obj in _read_jsonl(path)]


def read_profiles(path: Path) -> list[ExpertiseProfile]:
    """Profiles from JSON lines ``{"id", "papers": [{"title", "abstract"}], "keywords"}``."""
    profiles = []
    for where, obj in _read_jsonl(path):
        papers = obj.get("papers", [])
        if not isinstance(papers, list):
            raise InputError(f"{where}: 'papers' must be a list")
        profiles.append(
            ExpertiseProfile(
                papers=tuple(_paper(p, f"{where}: paper {i + 1}") for i, p in enumerate(papers)),
                keywords=_keywords(obj.get("keywords"), where),
            )
        )
    return profiles


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m reviews.affinity",
        description="Score every reviewer's expertise for every submission.",
    )
    parser.add_argument("submissions", type=Path, help="JSON lines: id, title, abstract, keywords")
    parser.add_argument("profiles", type=Path, help="JSON lines: id, papers, keywords")
    parser.add_argument("--out", type=Path, required=True, help="where to np.save the scores")
    parser.add_argument("--method", choices=METHODS, default="tfidf")
    args = parser.parse_args(argv)

    def fail(message: str) -> int:
        parser.exit(2, f"{parser.prog}: error: {message}\n")
        return 2  # pragma: no cover - parser.exit raises SystemExit

    started = time.perf_counter()
    try:
        submissions = read_submissions(args.submissions)
        profiles = read_profiles(args.profiles)
        scores = affinity_scores(submissions, profiles, method=args.method)
    except (InputError, MissingExtraError) as exc:
        return fail(str(exc))
    try:
        with args.out.open("wb") as handle:
            np.save(handle, scores)
    except OSError as exc:
        return fail(f"{args.out}: cannot write: {exc.strerror or exc}")
    elapsed = time.perf_counter() - started
    print(
        f"{scores.shape[0]} submissions x {scores.shape[1]} reviewers ({args.method}) "
        f"-> {args.out} in {elapsed:.1f} s",
        file=sys.stdout,
    )
    return 0
