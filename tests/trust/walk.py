"""The walk over every URL pattern Django's resolver knows, and how one cell of the matrix is
asked: one persona, one method, one URL, in a transaction of its own that is rolled back.

Nothing here knows the expected answers (matrix_table.py) or the fixture workshop (world.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from json import dumps
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404

# A valid CSRF secret: every client carries it as its cookie and sends it with every write,
# so a write is refused for who makes it, never for a missing token.
CSRF_SECRET = "matrixcsrfsecretmatrixcsrfsecret"
assert len(CSRF_SECRET) == 32

_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")
_GROUP = re.compile(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)")


@dataclass(frozen=True)
class Route:
    """One URL pattern: `key` is its (namespaced) name, or its route when it has none."""

    key: str
    route: str
    kwargs: tuple[str, ...]
    callback: Callable = field(compare=False, repr=False)

    def path(self, values: Mapping[str, object]) -> str:
        """The URL with every kwarg filled from `values`."""
        missing = [name for name in self.kwargs if name not in values]
        if missing:
            raise KeyError(f"{self.key}: no fixture value for {', '.join(missing)}")
        path = _GROUP.sub(lambda m: str(values[m.group(1)]), self.route)
        path = _CONVERTER.sub(lambda m: str(values[m.group(1)]), path)
        return "/" + path.replace("^", "").replace("$", "")


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, Callable]]:
    for pattern in patterns:
        part = str(pattern.pattern)
        route = prefix + (part[1:] if prefix and part.startswith("^") else part)  # as Django joins
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield name or route, route, pattern.callback


def routes() -> list[Route]:
    """Every URL pattern, recursively: the site, allauth, the API and every admin page."""
    found = []
    for key, route, callback in _walk(get_resolver().url_patterns):
        names = tuple(_GROUP.findall(route)) + tuple(_CONVERTER.findall(_GROUP.sub("", route)))
        found.append(Route(key=key, route=route, kwargs=names, callback=callback))
    keys = [r.key for r in found]
    assert len(keys) == len(set(keys)), "two URL patterns share a name"
    return found


def served_by(path: str) -> str | None:
    """The route that answers `path` (another one when a pattern is shadowed)."""
    try:
        return resolve(path).route
    except Resolver404:
        return None


# --- Forms --------------------------------------------------------------------------------


@dataclass
class Form:
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    submit: tuple[str, str] | None = None


class _Forms(HTMLParser):
    """The POST forms of a page with the values a browser would send by default."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                self._form = Form(action=a.get("action", ""))
                self.forms.append(self._form)
            return
        form = self._form
        if form is None or "disabled" in a:
            return
        kind, name = a.get("type", "text").lower(), a.get("name")
        if tag == "input" and name:
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    form.fields.append((name, a.get("value", "on")))
            elif kind in ("submit", "image"):
                form.submit = form.submit or (name, a.get("value", ""))
            elif kind not in ("file", "button", "reset"):
                form.fields.append((name, a.get("value", "")))
        elif tag == "button" and name and kind == "submit":
            form.submit = form.submit or (name, a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""
        elif tag == "select" and name:
            self._select, self._options = name, []
        elif tag == "option" and self._select:
            self._options.append((a.get("value", ""), "selected" in a))

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea and self._form:
            self._form.fields.append((self._textarea, self._text.lstrip("\n")))
            self._textarea = None
        elif tag == "select" and self._select and self._form:
            chosen = [v for v, selected in self._options if selected] or [
                v for v, _ in self._options[:1]
            ]
            self._form.fields.extend((self._select, v) for v in chosen)
            self._select = None


def post_forms(html: str) -> list[Form]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def form_target(form: Form, page_path: str) -> str:
    """The path a form posts to (its own page when it names none)."""
    return urlsplit(form.action).path or page_path


# --- Asking one cell ----------------------------------------------------------------------


def session_for(user) -> str | None:
    """A logged-in session for `user` (None for anonymous), made once: cells reuse its key,
    and what a cell does to it (a logout, a new key) is rolled back with the cell."""
    if user is None:
        return None
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def client_for(session: str | None) -> Client:
    """A fresh browser with the persona's session: CSRF checks on, server errors as 500."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    if session is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_SECRET
    return client


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


@dataclass(frozen=True)
class Answer:
    outcome: str  # the table's word for it: "200", "→login", "404", …
    content_type: str
    body: bytes


def outcome(response) -> str:
    """A status code, or for a redirect where it leads: the site's login page, the admin's
    login page, the admin's index (its answer for an object that is not there) or elsewhere."""
    code = response.status_code
    if code not in (301, 302, 303, 307):
        return str(code)
    target = urlsplit(response["Location"]).path
    if target == reverse("account_login"):
        return "→login"
    if target == reverse("admin:login"):
        return "→admin"
    if target == reverse("admin:index"):
        return "→index"
    return "302"


def ask(session, method: str, path: str, *, form=None, json=None) -> Answer:
    """One request with `session` (None: anonymous) in a fresh browser and a transaction of its
    own, rolled back: no cell sees another's writes, logins or logouts. A write carries a form
    (as a browser posts it) or a JSON body (as the API wants)."""
    headers = {"HTTP_X_CSRFTOKEN": CSRF_SECRET}
    with transaction.atomic():
        client = client_for(session)
        if method == "GET":
            response = client.get(path)
        elif json is not None:
            response = client.generic(
                method, path, dumps(json), content_type="application/json", **headers
            )
        elif method == "POST":
            response = client.post(path, form or {"csrfmiddlewaretoken": CSRF_SECRET}, **headers)
        else:
            response = client.generic(method, path, **headers)
        answer = Answer(outcome(response), response.get("Content-Type", ""), body(response))
        transaction.set_rollback(True)
    return answer


def form_data(form: Form) -> dict[str, list[str]]:
    """What a browser sends when the form's first button is pressed, with a valid token."""
    data: dict[str, list[str]] = {}
    for name, value in [*form.fields, *([form.submit] if form.submit else [])]:
        data.setdefault(name, []).append(value)
    data["csrfmiddlewaretoken"] = [CSRF_SECRET]
    return data
