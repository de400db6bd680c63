"""Who belongs where: normalised affiliations and institution mail domains, for conflict
detection. Pure Python (no Django), so the rules are easy to test on their own.

Two people share an institution when

* their mail domains have the same *organisation domain* (``cs.stanford.edu`` and
  ``stanford.edu`` are both ``stanford.edu``) — unless it is a public mail provider
  (gmail.com …), where sharing a domain says nothing — or when an alias maps both
  domains to one institution (``google.com`` and ``deepmind.com`` are Alphabet);
* or a normalised part of their affiliations is the same: case, accents, punctuation
  and "The" do not matter, and "Dept. of CS, Stanford University" matches "Stanford
  University" through its institution part (a bare department name never matches,
  since every university has a "Department of Computer Science").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

# Free mail providers: two strangers may share them.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "hotmail.co.uk",
        "live.com",
        "msn.com",
        "yahoo.com",
        "yahoo.co.uk",
        "yahoo.co.jp",
        "ymail.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "protonmail.com",
        "proton.me",
        "pm.me",
        "gmx.de",
        "gmx.net",
        "web.de",
        "mail.ru",
        "yandex.ru",
        "yandex.com",
        "qq.com",
        "163.com",
        "126.com",
        "foxmail.com",
        "sina.com",
        "naver.com",
        "zoho.com",
        "fastmail.com",
        "hey.com",
        "tutanota.com",
        "mail.com",
    }
)

# Suffixes under which each name is a separate organisation: country second levels
# (ox.ac.uk), and the reserved documentation domains (RFC 2606), where the demo and the
# tests give each made-up institution its own subdomain (uni1.example.edu).
_SHARED_SUFFIXES = frozenset(
    {
        "ac.uk",
        "co.uk",
        "org.uk",
        "gov.uk",
        "ac.jp",
        "co.jp",
        "ac.kr",
        "co.kr",
        "ac.in",
        "co.in",
        "edu.in",
        "ac.il",
        "co.il",
        "ac.nz",
        "co.nz",
        "ac.za",
        "co.za",
        "ac.at",
        "ac.be",
        "edu.au",
        "com.au",
        "org.au",
        "edu.cn",
        "ac.cn",
        "com.cn",
        "edu.hk",
        "com.hk",
        "edu.sg",
        "com.sg",
        "edu.tw",
        "com.tw",
        "edu.br",
        "com.br",
        "edu.mx",
        "com.mx",
        "edu.tr",
        "edu.pl",
        "example.com",
        "example.org",
        "example.net",
        "example.edu",
    }
)

# Affiliation parts that name a unit inside an institution, not the institution.
_UNIT_PREFIXES = (
    "department",
    "dept",
    "school of",
    "faculty",
    "division",
    "college of",
    "center for",
    "centre for",
    "institute of computer",
    "lab ",
    "laboratory for",
    "group",
    "chair of",
)
_PART_SPLIT = re.compile(r"[,;/()\[\]|]")
_NON_WORD = re.compile(r"[^\w\s]")


def fold(text: str) -> str:
    """Lower-case, accents removed, '&' as 'and', punctuation dropped, spaces collapsed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = _NON_WORD.sub(" ", text.replace("&", " and "))
    words = text.split()
    if words and words[0] == "the":
        words = words[1:]
    words = ["university" if w in ("univ", "uni") else w for w in words]
    return " ".join(words)


def affiliation_parts(affiliation: str) -> set[str]:
    """The normalised affiliation and its institution-like parts."""
    if not affiliation or not affiliation.strip():
        return set()
    parts = {fold(affiliation)}
    for piece in _PART_SPLIT.split(affiliation):
        folded = fold(piece)
        if len(folded) >= 3 and not folded.startswith(_UNIT_PREFIXES):
            parts.add(folded)
    parts.discard("")
    return parts


def mail_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower().rstrip(".")


def organisation_domain(domain: str) -> str | None:
    """The registrable part of a mail domain (cs.stanford.edu → stanford.edu), or None for
    a domain that names no single organisation (a public provider, a bare suffix)."""
    domain = domain.strip().lower().lstrip("@").rstrip(".")
    if not domain or "." not in domain:
        return None
    labels = domain.split(".")
    keep = 3 if ".".join(labels[-2:]) in _SHARED_SUFFIXES else 2
    if len(labels) < keep:
        return None
    organisation = ".".join(labels[-keep:])
    if organisation in PUBLIC_MAIL_DOMAINS or domain in PUBLIC_MAIL_DOMAINS:
        return None
    return organisation


class Institutions:
    """Keys for comparing institutions, with the editable aliases applied.

    ``aliases`` maps an alias (a mail domain or an affiliation, any case) to an
    institution name."""

    def __init__(self, aliases: Mapping[str, str] | Iterable[tuple[str, str]] = ()):
        items = aliases.items() if isinstance(aliases, Mapping) else aliases
        self._domains: dict[str, str] = {}
        self._names: dict[str, str] = {}
        for alias, institution in items:
            key = "institution:" + fold(institution)
            alias = alias.strip().lower().lstrip("@")
            if "." in alias and " " not in alias:
                self._domains[alias] = key
                organisation = organisation_domain(alias)
                if organisation:
                    self._domains.setdefault(organisation, key)
            else:
                self._names[fold(alias)] = key

    def domain_key(self, email: str) -> str | None:
        """One key per institution for an address, None for public or unknown domains."""
        domain = mail_domain(email)
        if domain in self._domains:
            return self._domains[domain]
        organisation = organisation_domain(domain)
        if organisation is None:
            return None
        return self._domains.get(organisation, "domain:" + organisation)

    def affiliation_keys(self, affiliation: str) -> set[str]:
        return {
            self._names.get(part, "affiliation:" + part) for part in affiliation_parts(affiliation)
        }

    @staticmethod
    def describe(key: str) -> str:
        """A key as words for a conflict's reason."""
        kind, _, value = key.partition(":")
        return value if kind != "institution" else value.title()
