"""Papers as text, and their analysis into the terms of the TF-IDF model."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS


@dataclass(frozen=True)
class PaperText:
    """A paper as text: a submission, or one paper of a reviewer's profile."""

    title: str
    abstract: str = ""
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExpertiseProfile:
    """What a reviewer has written, plus keywords they declared."""

    papers: tuple[PaperText, ...]
    keywords: tuple[str, ...] = ()


def paper_doc(paper: PaperText) -> str:
    """A paper as one document: title, abstract and keywords, one per line."""
    parts = [paper.title, paper.abstract, *paper.keywords]
    return "\n".join(p for p in parts if p)


def keyword_doc(keywords: Iterable[str]) -> str:
    """A keyword list as one document, so it is vectorised like a paper."""
    return "\n".join(k for k in keywords if k)


_TOKEN_RE = re.compile(r"\w\w+")
_STOP_WORDS = frozenset(ENGLISH_STOP_WORDS)
_UNFOLDED_US = frozenset({"gpus", "cpus", "tpus", "npus", "dpus", "ipus"})


def fold_plural(word: str) -> str:
    """Light plural folding; singular and plural map to the same stem."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if len(word) >= 5 and word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        word = word[:-2]
    elif word.endswith("s") and (not word.endswith(("us", "ss", "is")) or word in _UNFOLDED_US):
        word = word[:-1]
    if len(word) >= 4 and word.endswith("e"):
        word = word[:-1]
    return word


def _normalise(text: str) -> str:
    text = text.lower()
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return text


def keep_token(token: str) -> bool:
    return token not in _STOP_WORDS and not token.isdigit()


def analyze(text: str) -> list[str]:
    """The terms of ``text`` in the TF-IDF model: folded unigrams, then bigrams.

    Bigrams join neighbouring kept tokens (stop words and numbers are skipped, as in
    scikit-learn's word analyser).
    """
    tokens = [fold_plural(t) for t in _TOKEN_RE.findall(_normalise(text)) if keep_token(t)]
    return tokens + [a + " " + b for a, b in pairwise(tokens)]


def surface_terms(text: str) -> dict[str, str]:
    """The words of ``text`` as written (lower-cased) for each of its terms, for showing a
    term to a person: "learned index" for the term of "Learned indexes". Bigrams only where
    the two words stand side by side (not across a stop word)."""
    words = _TOKEN_RE.findall(_normalise(text))
    shown: dict[str, str] = {}
    previous: tuple[str, str] | None = None
    for word in words:
        if not keep_token(word):
            previous = None
            continue
        term = fold_plural(word)
        shown.setdefault(term, word)
        if previous is not None:
            shown.setdefault(f"{previous[0]} {term}", f"{previous[1]} {word}")
        previous = (term, word)
    return shown


def _ascii_table() -> bytes:
    table = bytearray(range(256))
    for code in range(128):
        char = chr(code)
        if "A" <= char <= "Z":
            table[code] = ord(char.lower())
        elif not (char.isalnum() or char == "_"):
            table[code] = ord(" ")
    return bytes(table)


_ASCII_TABLE = _ascii_table()
"""Lower-cases ASCII letters and blanks out every other ASCII byte that is not ``\\w``."""


def token_bytes(doc: str) -> bytes:
    """The doc's tokens as space-separated bytes: the same tokens as :func:`analyze`."""
    if doc.isascii():  # the common case: no regex, no Unicode
        return doc.encode("ascii").translate(_ASCII_TABLE)
    return " ".join(_TOKEN_RE.findall(_normalise(doc))).encode("utf-8")
