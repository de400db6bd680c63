"""Hostile values and the checks that say whether what came back is inert.

Every stored value carries a marker (`hx-<field>-<n>`), so that a check can say which field's
which value it found in a page, a JSON answer, a calendar, a frab file or a mail — and count
(field × value × channel) checks only where the value really is shown.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from xml.etree import ElementTree

# Shown-and-inert values: each must be stored as typed (or with its HTML taken out) and shown
# as text. `{m}` is the marker of the field and value.
RENDERED = {
    "script": '<script>alert("{m}")</script>',
    "img-onerror": '<img src=x onerror=alert("{m}")>',
    "javascript-link": '<a href="javascript:alert(1)">{m}</a>',
    "md-javascript": "[{m}](javascript:alert(1))",
    "md-entity-scheme": "[{m}](&#106;avascript:alert(1))",
    "md-hidden-html": '<div markdown="1" onmouseover="alert(1)">{m}</div>',
    "md-image-attr": '![{m}](x" onerror="alert(1))',
    "nested-script": "<scr<script>ipt>alert('{m}')</script>",
}
# One-line values with a line break in them: must not inject a header into a mail or a
# property into a calendar.
LINE_BREAK = "{m}\r\nX-Injected: hx-injected"

# Refused values (or, for 100,000 characters, stored whole where a field has no limit).
NUL = "hx-nul\x00byte"
LONG = "hx-long " + "x" * 99_992  # 100,000 characters
# Characters that change how a name reads without being seen: bidi overrides and isolates,
# zero-width space, word joiner, byte-order mark.
INVISIBLE = {
    "rlo": "Ada \u202eroh\u202ctuA",
    "lri": "Ada \u2066Author\u2069",
    "zwsp": "Ada\u200b Author",
    "word-joiner": "Ada Au\u2060thor",
    "bom": "\ufeffAda Author",
}
INVISIBLE_CHARS = re.compile("[\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069\u200e\u200f]")
MARKER = re.compile(r"hx-[a-z_]+-\d+")


def marker(field_name: str, index: int) -> str:
    return f"hx-{field_name}-{index}"


def mixed(field_name: str, limit: int, *, one_line: bool = False) -> str:
    """All the rendered values for one field, as many as fit in its limit, each marked."""
    templates = [LINE_BREAK] if one_line else []  # first: a short field keeps it
    templates += RENDERED.values()
    parts = [t.format(m=marker(field_name, i)) for i, t in enumerate(templates)]
    value = ""
    for part in parts:
        if len(value) + len(part) + 1 > limit:
            break
        value = f"{value} {part}".strip()
    return value


# --- Inertness -----------------------------------------------------------------------------

_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcdoc"}
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html")


class _Active(HTMLParser):
    """Everything in a page that would run: a script element with a marker in it, an on*
    handler attribute, a URL attribute with a script scheme."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        # A JSON data block (json_script escapes <, > and &) is data; any other script runs.
        data_types = ("application/json", "application/ld+json")
        self._in_script = tag == "script" and dict(attrs).get("type") not in data_types
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
            if name in _URL_ATTRS and squeezed.startswith(_BAD_SCHEMES):
                self.problems.append(f"<{tag} {name}={value!r}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and "hx-" in data:
            self.problems.append(f"<script>{data[:80]}")

    def handle_endtag(self, tag):
        self._in_script = False


def html_problems(text: str) -> list[str]:
    parser = _Active()
    parser.feed(text)
    parser.close()
    return parser.problems


def json_problems(text: str) -> list[str]:
    """JSON is data: it must parse; a string meant as HTML (a key ending in html) is a page."""
    problems = []

    def walk(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, str(k))
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key.lower().endswith("html"):
            problems.extend(html_problems(value))

    walk(json.loads(text))
    return problems


def ical_problems(text: str) -> list[str]:
    """A calendar's lines: no property a value injected, every line folded as RFC 5545 says."""
    problems = [line for line in text.split("\r\n") if line.lower().startswith("x-injected")]
    if "\n" in text.replace("\r\n", ""):
        problems.append("a bare line feed outside CRLF")
    return problems


def xml_problems(text: str) -> list[str]:
    root = ElementTree.fromstring(text.encode())
    return [f"<{e.tag}>" for e in root.iter() if e.tag in ("script", "img", "a", "x-injected")]


def mail_problems(subject: str, headers: dict, html_body: str) -> list[str]:
    problems = []
    if "\n" in subject or "\r" in subject:
        problems.append(f"a line break in the subject {subject!r}")
    problems += [f"header {k}" for k in headers if k.lower() == "x-injected"]
    return problems + (html_problems(html_body) if html_body else [])


CHECKS = {"html": html_problems, "json": json_problems, "ical": ical_problems, "xml": xml_problems}


def channel_of(content_type: str) -> str | None:
    kind = content_type.split(";")[0].strip().lower()
    if kind == "text/html":
        return "html"
    if kind.endswith("json"):
        return "json"
    if kind == "text/calendar":
        return "ical"
    if kind.endswith("xml"):
        return "xml"
    return None


@dataclass
class Tally:
    """(field × value × channel) checks that ran, and what was found."""

    checks: set[tuple[str, str]] = field(default_factory=set)  # (marker, channel)
    problems: list[str] = field(default_factory=list)

    def read(self, where: str, channel: str, text: str, problems: list[str]) -> None:
        for found in set(MARKER.findall(text)):
            self.checks.add((found, channel))
        self.problems += [f"{where}: {p}" for p in problems]
        for char in set(INVISIBLE_CHARS.findall(text)):
            self.problems.append(f"{where}: shows U+{ord(char):04X}")
