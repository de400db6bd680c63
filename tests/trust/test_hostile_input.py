"""Hostile input in every field a person writes and someone else is shown (hostile_world.py):
what is stored is shown inert everywhere it is shown — every page of the permission matrix's
walk and every page they link to, as four personas, the API, iCal, frab XML and JSON, and every
mail — and what is refused (a NUL byte, 100,000 characters past a field's limit, invisible or
direction-changing characters in a name) is refused with a sentence and stores nothing.
"""

from __future__ import annotations

import contextlib
import html
from html.parser import HTMLParser

import pytest
from django.core import mail

from workshop.models import OutgoingEmail

from .conftest import module_world
from .hostile_corpus import (
    CHECKS,
    RENDERED,
    Tally,
    channel_of,
    html_problems,
    ical_problems,
    mail_problems,
)
from .hostile_world import FIELDS
from .hostile_world import build as build_hostile
from .walk import ask, routes

ROUTES = routes()
PERSONAS = ("anon", "author", "unverified", "assigned", "organizer")
REFUSED = (200, 400)  # the form again, with its sentences (the review form answers 400)
NAME_FIELDS = [n for n in FIELDS if n.endswith(("_name", "_affiliation"))]

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def hostile(django_db_setup, django_db_blocker, tmp_path_factory):
    with module_world(django_db_blocker, tmp_path_factory, build_hostile) as built:
        built[0].sent = list(mail.outbox)
        yield built


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: set[str] = set()

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith("/") and not href.startswith("//"):
            self.links.add(href.split("#")[0])


def _paths(world, *, admin: bool) -> list[str]:
    paths = []
    for route in ROUTES:
        if route.route.startswith("admin/") and not admin:
            continue
        # A public page named by a slug has no fixture value: the links below reach it.
        with contextlib.suppress(KeyError):
            paths.append(route.path(world.kwargs_for(route)))
    return paths


def _read(tally: Tally, where: str, answer) -> list[str]:
    """Check one answer; return the site's links it shows (to be read too)."""
    if answer.outcome == "500":
        tally.problems.append(f"{where}: 500")
        return []
    channel = channel_of(answer.content_type)
    if channel is None or not answer.body:
        return []
    text = answer.body.decode("utf-8", "replace")
    unfolded = text.replace("\r\n ", "") if channel == "ical" else text
    tally.read(where, channel, unfolded, CHECKS[channel](text))
    if channel != "html":
        return []
    parser = _Links()
    parser.feed(text)
    return sorted(parser.links)


def _walk(world, tally: Tally, persona: str) -> int:
    """Every URL of the walk and every page of the site they link to, as `persona` (the
    organizer: the admin's pages too, but not the links from them)."""
    session, seen = world.sessions[persona], set()
    queue = _paths(world, admin=persona == "organizer")
    while queue:
        path = queue.pop(0)
        if path in seen or path.startswith("/accounts/logout") or len(seen) > 1000:
            continue
        seen.add(path)
        links = _read(tally, f"GET {path} as {persona}", ask(session, "GET", path))
        queue += [link for link in links if not link.startswith("/admin/")]
    return len(seen)


def _mails(world, tally: Tally) -> int:
    rows = list(OutgoingEmail.objects.all())
    for row in rows:
        where = f"mail “{row.subject[:60]}” to {row.to}"
        text = "\n".join([row.subject, row.text_body, row.html_body])
        tally.read(where, "mail", text, mail_problems(row.subject, {}, row.html_body))
    for message in [*world.sent, *mail.outbox]:
        mime = message.message()
        headers = dict(mime.items())
        tally.read("sent mail", "mail", "", mail_problems(message.subject, headers, ""))
    return len(rows)


def test_hostile_values_are_shown_inert_everywhere(hostile):
    world, written = hostile
    tally = Tally()
    walked = {persona: _walk(world, tally, persona) for persona in PERSONAS}
    mails = _mails(world, tally)
    channels = {c for _, c in tally.checks}
    fields = {m.split("-")[1] for m, _ in tally.checks}
    print(
        f"\n{len(tally.checks)} (field × value × channel) checks over {sum(walked.values())} "
        f"answers {walked} and {mails} mails; channels {sorted(channels)}; "
        f"{len(fields)} of {len(FIELDS)} fields seen"
    )
    assert tally.problems == []
    # The scan read what it should: every field shown somewhere, every channel read.
    assert fields == set(written), set(written) - fields
    assert channels == {"html", "json", "ical", "xml", "mail"}
    shown_in = {c for m, c in tally.checks if m.startswith("hx-title-")}
    assert shown_in == {"html", "json", "ical", "xml", "mail"}, shown_in


def test_the_checks_find_what_they_look_for():
    """Each rendered value, raw in a page, is found; each injected line break too."""
    for kind in ("script", "img-onerror", "javascript-link", "md-hidden-html"):
        assert html_problems(f"<p>{RENDERED[kind].format(m='hx-x-0')}</p>"), kind
    markdown_links = [t for t in RENDERED.values() if t.startswith(("[", "!["))]
    for template in markdown_links:  # as a naive Markdown renderer would write them
        href = template.split("](")[1].rstrip(")")
        assert html_problems(f'<a href="{html.unescape(href)}">x</a>'), href
    assert ical_problems("BEGIN:VEVENT\r\nSUMMARY:a\r\nX-Injected: hx-injected\r\n")
    assert mail_problems("a\r\nX-Injected: b", {}, "")
