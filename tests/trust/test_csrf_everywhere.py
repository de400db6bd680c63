"""Every write the permission matrix knows — each form a page shows, each write of the API
over a browser's session — sent without its CSRF token by the persona for whom it would work:
refused with a 403, and nothing stored (row counts and the media folder compared).

The matrix (test_permission_matrix.py) asks the same writes with the token, so a write that
works there and is refused here is refused for its missing token alone.
"""

import json

import pytest
from django.db import transaction
from django.test.client import encode_multipart

from . import matrix_table
from .conftest import module_world
from .matrix import API_WRITES
from .stored import stored_state
from .walk import CSRF_SECRET, client_for, form_data, form_target, post_forms, routes
from .world import PERSONAS, build

ROUTES = {route.key: route for route in routes()}
TABLE = matrix_table.rows(PERSONAS)
WRITES = [
    (key, method)
    for key, row in TABLE.items()
    for method in row
    if method != "GET" and key in ROUTES
]
WORKED = ("200", "201", "302")
# Writes that need no token, each with why: none carries a session that a forged request
# could ride on.
EXEMPT = {
    # Trades an email and a password for an API token; it reads no cookie (no authentication
    # classes), so a cross-site page learns nothing it did not send.
    ("api-token", "POST"),
}

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with module_world(django_db_blocker, tmp_path_factory, build) as built:
        yield built


def _who(row: tuple[str, ...]) -> str:
    """The first persona for whom the write works (with its token), else the superuser."""
    return next(
        (p for p, answer in zip(PERSONAS, row, strict=True) if answer in WORKED), "superuser"
    )


def _body(world, key: str, path: str, session) -> tuple[str, object]:
    """What the write sends, less its token: the page's own form, or the API's body."""
    if key in API_WRITES:
        kind, payload = API_WRITES[key]
        return ("json", payload) if kind == "json" else ("form", payload)
    page = client_for(session).get(path)
    forms = [f for f in post_forms(page.content.decode()) if form_target(f, path) == path]
    data = form_data(forms[0]) if forms else {}
    data.pop("csrfmiddlewaretoken", None)
    return "form", data


@pytest.mark.parametrize(("key", "method"), WRITES, ids=[f"{k} {m}" for k, m in WRITES])
def test_a_write_without_its_token_is_refused(world, settings, key, method):
    if (key, method) in EXEMPT:
        pytest.skip("needs no token: " + key)
    route = ROUTES[key]
    path = route.path(world.kwargs_for(route))
    persona = _who(TABLE[key][method])
    session = world.sessions[persona]
    kind, body = _body(world, key, path, session)
    with transaction.atomic():
        before = stored_state(settings.MEDIA_ROOT)
        response = _send(session, method, path, kind, body)
        after = stored_state(settings.MEDIA_ROOT)
        transaction.set_rollback(True)
    assert response.status_code == 403, f"{method} {path} as {persona}: {response.status_code}"
    assert after == before
    # The same write with its token is not refused for it: the 403 was the token's.
    with transaction.atomic():
        answer = _send(session, method, path, kind, body, token=True)
        transaction.set_rollback(True)
    assert answer.status_code != 403 or TABLE[key][method][PERSONAS.index(persona)] == "403"


def _send(session, method, path, kind, body, *, token=False):
    """The write from a browser holding the CSRF cookie; the token only if `token`."""
    client = client_for(session)
    headers = {"HTTP_X_CSRFTOKEN": CSRF_SECRET} if token else {}
    if kind == "json":
        return client.generic(method, path, json.dumps(body), "application/json", **headers)
    encoded = encode_multipart(_BOUNDARY, body)
    return client.generic(method, path, encoded, _MULTIPART, **headers)


_BOUNDARY = "NoTokenBoundary"
_MULTIPART = f"multipart/form-data; boundary={_BOUNDARY}"


def test_every_write_of_the_matrix_is_asked():
    assert len(WRITES) > 40
    assert {m for _, m in WRITES} >= {"POST", "PUT", "PATCH"}
