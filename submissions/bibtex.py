"""BibTeX entries for accepted papers. Pure Python: fed plain values, returns text.

The output is UTF-8 (biber and current BibTeX pass it through); only the characters that
mean something to LaTeX are escaped, and words whose capitals matter ("DataFrame", "TCP",
"Python") are braced so that a bibliography style does not lower-case them."""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL_RE = re.compile("|".join(re.escape(c) for c in _SPECIAL))
# Words that never start a citation key.
_SKIP = {"a", "an", "the", "on", "of", "in", "for", "to", "towards", "toward", "and", "with"}


@dataclass(frozen=True)
class Citation:
    key: str
    title: str
    authors: tuple[str, ...]
    booktitle: str
    year: int
    url: str


def escape(text: str) -> str:
    text = " ".join(text.split())
    return _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group(0)], text)


def _needs_braces(word: str, first: bool) -> bool:
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return False
    if any(c.isupper() for c in letters[1:]):
        return True  # DataFrame, TCP, ReLeQ, L2DC
    return letters[0].isupper() and not first  # a proper noun inside the title


def title(text: str) -> str:
    words = text.split()
    return " ".join(
        "{" + escape(word) + "}" if _needs_braces(word, i == 0) else escape(word)
        for i, word in enumerate(words)
    )


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def citation_key(first_author: str, year: int, paper_title: str) -> str:
    """"Sam Okafor", 2018, "Synthesising DataFrame programs …" -> "okafor2018synthesising"."""
    names = first_author.split()
    last = _ascii(names[-1]) if names else ""
    word = next(
        (w for w in (_ascii(w) for w in paper_title.split()) if w and w not in _SKIP), ""
    )
    return f"{last or 'anon'}{year}{word}"


def unique_keys(rows: Iterable[tuple[int, str, str]], year: int) -> dict[int, str]:
    """Keys for (id, first author, title) rows, in the given order; a key met again gets
    "b", "c" … appended, as bibliographies do."""
    keys: dict[int, str] = {}
    seen: dict[str, int] = {}
    for pk, first_author, paper_title in rows:
        key = citation_key(first_author, year, paper_title)
        n = seen.get(key, 0)
        seen[key] = n + 1
        keys[pk] = key if n == 0 else key + _suffix(n)
    return keys


def _suffix(n: int) -> str:
    """1 -> "b", 2 -> "c", … 25 -> "z", 26 -> "ba": the n-th repeat of a key."""
    letters = ""
    while True:
        n, rest = divmod(n, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[rest] + letters
        if n == 0:
            return letters


def entry(citation: Citation) -> str:
    fields: Sequence[tuple[str, str]] = (
        ("title", title(citation.title)),
        ("author", " and ".join(escape(name) for name in citation.authors)),
        ("booktitle", escape(citation.booktitle)),
        ("year", str(citation.year)),
        ("url", citation.url),
    )
    body = ",\n".join(f"  {name:<9} = {{{value}}}" for name, value in fields if value)
    return f"@inproceedings{{{citation.key},\n{body}\n}}\n"


def bibliography(citations: Iterable[Citation]) -> str:
    return "\n".join(entry(c) for c in citations)
