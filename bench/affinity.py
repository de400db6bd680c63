"""Affinity benchmark on synthetic text (prints numbers; not a test).

    .venv/bin/python bench/affinity.py --submissions 13000 --reviewers 10000 --papers 5

Also provides :func:`synthetic_corpus`, used by ``bench/matching.py``: seeded, topic-
structured pseudo-English (made-up words, Zipf-distributed generic vocabulary, topical
words and two-word phrases per topic) with the length of real titles, abstracts and
keyword lists, so the vectoriser and the sparse products see realistic sizes and
term-frequency skew.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reviews.affinity import ExpertiseProfile, PaperText, affinity_scores  # noqa: E402

_CONSONANTS = [*"bcdfghjklmnprstvz", "ch", "sh", "th", "tr", "pl", "qu"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ou", "ea"]


def _make_words(rng: np.random.Generator, count: int) -> list[str]:
    words: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        n_syll = int(rng.integers(2, 5))
        word = (
            "".join(
                _CONSONANTS[rng.integers(len(_CONSONANTS))] + _VOWELS[rng.integers(len(_VOWELS))]
                for _ in range(n_syll)
            )
            + _CONSONANTS[rng.integers(len(_CONSONANTS))]
        )
        if word not in words:
            words.add(word)
            out.append(word)
    return out


class _Sampler:
    def __init__(self, size: int, exponent: float) -> None:
        weights = 1.0 / np.arange(1, size + 1) ** exponent
        self.cdf = np.cumsum(weights / weights.sum())

    def draw(self, rng: np.random.Generator, count: int) -> np.ndarray:
        return np.minimum(np.searchsorted(self.cdf, rng.random(count)), len(self.cdf) - 1)


class _Corpus:
    def __init__(self, rng: np.random.Generator, n_topics: int) -> None:
        self.rng = rng
        self.words = np.array(_make_words(rng, 40_000), dtype=object)
        self.n_background = 4_000
        self.background = _Sampler(self.n_background, 1.0)
        self.topic_size = 200
        self.topical = _Sampler(self.topic_size, 0.8)
        pool = len(self.words) - self.n_background
        self.topics = [
            self.n_background + rng.choice(pool, self.topic_size, replace=False)
            for _ in range(n_topics)
        ]

    def _topic_words(self, topic: int, count: int) -> list[str]:
        return list(self.words[self.topics[topic][self.topical.draw(self.rng, count)]])

    def _background_words(self, count: int) -> list[str]:
        return list(self.words[self.background.draw(self.rng, count)])

    def paper(self, topics: list[int], with_keywords: bool) -> PaperText:
        rng = self.rng
        main = topics[0] if len(topics) == 1 or rng.random() < 0.7 else topics[1]
        title = self._topic_words(main, int(rng.integers(4, 9))) + self._background_words(3)
        rng.shuffle(title)
        length = int(rng.integers(110, 230))
        body = self._topic_words(main, length * 4 // 10) + self._background_words(length // 2)
        if len(topics) > 1:
            body += self._topic_words(topics[1] if main == topics[0] else topics[0], length // 10)
        rng.shuffle(body)
        # topical two-word phrases ("learned index", "cost model") appear as such
        for _ in range(int(rng.integers(3, 8))):
            a, b = self._topic_words(main, 2)
            pos = int(rng.integers(len(body)))
            body[pos : pos + 1] = [a, b]
        sentences = [" ".join(body[i : i + 18]) for i in range(0, len(body), 18)]
        keywords: tuple[str, ...] = ()
        if with_keywords:
            keywords = tuple(
                " ".join(self._topic_words(main, int(rng.integers(1, 3))))
                for _ in range(int(rng.integers(3, 6)))
            )
        return PaperText(
            title=" ".join(title).capitalize(),
            abstract=". ".join(s.capitalize() for s in sentences) + ".",
            keywords=keywords,
        )

    def topics_for(self) -> list[int]:
        n = len(self.topics)
        first = int(self.rng.integers(n))
        return [first] if self.rng.random() < 0.4 else [first, int(self.rng.integers(n))]


def synthetic_corpus(
    n_submissions: int, n_reviewers: int, papers_per_reviewer: int = 5, seed: int = 0
) -> tuple[list[PaperText], list[ExpertiseProfile]]:
    """Seeded synthetic submissions and reviewer profiles (1..2·papers_per_reviewer-1
    papers each, mean papers_per_reviewer)."""
    rng = np.random.default_rng(seed)
    corpus = _Corpus(rng, n_topics=max(20, (n_submissions + n_reviewers) // 40))
    submissions = [corpus.paper(corpus.topics_for(), True) for _ in range(n_submissions)]
    profiles = []
    for _ in range(n_reviewers):
        topics = corpus.topics_for()
        count = int(rng.integers(1, 2 * papers_per_reviewer))
        papers = tuple(corpus.paper(topics, False) for _ in range(count))
        keywords: tuple[str, ...] = ()
        if rng.random() < 0.5:
            keywords = tuple(kw for p in (corpus.paper(topics, True),) for kw in p.keywords)
        profiles.append(ExpertiseProfile(papers=papers, keywords=keywords))
    return submissions, profiles


def write_jsonl(
    submissions: list[PaperText], profiles: list[ExpertiseProfile], directory: Path
) -> tuple[Path, Path]:
    """Write the corpus in the format of ``python -m reviews.affinity``."""
    directory.mkdir(parents=True, exist_ok=True)
    sub_path, prof_path = directory / "submissions.jsonl", directory / "profiles.jsonl"
    with sub_path.open("w", encoding="utf-8") as fh:
        for i, s in enumerate(submissions):
            row = {"id": i, "title": s.title, "abstract": s.abstract, "keywords": list(s.keywords)}
            fh.write(json.dumps(row) + "\n")
    with prof_path.open("w", encoding="utf-8") as fh:
        for j, p in enumerate(profiles):
            papers = [{"title": x.title, "abstract": x.abstract} for x in p.papers]
            fh.write(
                json.dumps({"id": f"r{j}", "papers": papers, "keywords": list(p.keywords)}) + "\n"
            )
    return sub_path, prof_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=3000)
    parser.add_argument("--reviewers", type=int, default=2000)
    parser.add_argument("--papers", type=int, default=5, help="mean papers per reviewer")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    t0 = time.perf_counter()
    subs, profs = synthetic_corpus(args.submissions, args.reviewers, args.papers, args.seed)
    t1 = time.perf_counter()
    marks: list[tuple[float, float]] = []
    scores = affinity_scores(subs, profs, progress=lambda f: marks.append((f, time.perf_counter())))
    t2 = time.perf_counter()
    n_papers = sum(len(p.papers) for p in profs)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"corpus: {len(subs)} submissions, {len(profs)} reviewers, {n_papers} profile papers"
        f" (generated in {t1 - t0:.1f} s)"
    )
    print("progress:", ", ".join(f"{f:.2f}@{t - t1:.1f}s" for f, t in marks))
    print(
        f"affinity: {t2 - t1:.1f} s, peak RSS {rss:.0f} MiB, scores {scores.shape} "
        f"{scores.dtype}, mean {scores.mean():.3f}, max {scores.max():.3f}"
    )


if __name__ == "__main__":
    main()
