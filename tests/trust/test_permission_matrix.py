"""The permission matrix: every URL pattern Django's resolver knows (the site, allauth, the API,
the admin's desk and every model's admin pages), asked by every persona — GET, and the write
the page's form (or the API) makes — against the answers written once in matrix_table.py.

A URL the table does not mention fails, so a new page cannot be added unprotected; a row for
a URL that is gone fails too. Every cell runs in a transaction of its own that is rolled back.
"""

import pytest
from rest_framework.views import APIView

from . import matrix_table
from .conftest import module_world
from .matrix import API_WRITES, walk_row
from .walk import form_target, routes, served_by
from .world import PERSONAS, build

ROUTES = routes()
BY_PATTERN = {route.route: route for route in ROUTES}
TABLE = matrix_table.rows(PERSONAS)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with module_world(django_db_blocker, tmp_path_factory, build) as built:
        yield built


def test_the_table_has_a_row_for_every_url_and_for_no_other():
    keys = {route.key for route in ROUTES}
    assert sorted(keys - TABLE.keys()) == [], "URLs the table does not mention: add their rows"
    assert sorted(TABLE.keys() - keys) == [], "rows for URLs that no longer exist"


def test_every_api_write_has_its_row_and_its_body():
    for route in ROUTES:
        view = getattr(route.callback, "cls", None)
        if view is None or not issubclass(view, APIView):
            continue
        for method in ("post", "put", "patch", "delete"):
            if hasattr(view, method):
                assert method.upper() in TABLE[route.key], f"{route.key}: no {method.upper()} row"
                assert route.key in API_WRITES, f"{route.key}: say what the write sends"


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.key)
def test_permission_matrix(world, route):
    rows = TABLE.get(route.key)
    if rows is None:
        pytest.fail(f"{route.key} ({route.route}) is not in matrix_table.py")
    path = route.path(world.kwargs_for(route))
    assert served_by(path) == route.route, f"{path} is answered by another pattern"
    walked = walk_row(route, path, world.sessions, [m for m in rows if m != "GET"])

    problems = _unlisted_forms(walked.forms, path)
    known, fixed = [], []
    for (method, persona), answer in walked.answers.items():
        want = rows[method][PERSONAS.index(persona)]
        bug = matrix_table.KNOWN_BUGS.get((route.key, method, persona))
        cell = f"{method} {path} as {persona}"
        if answer.outcome == want:
            if bug:
                fixed.append(f"{cell} now answers {want}: drop it from KNOWN_BUGS")
        elif bug and answer.outcome == bug[0]:
            known.append(f"{cell}: {answer.outcome}, should be {want} — {bug[1]}")
        else:
            problems.append(f"{cell}: expected {want}, got {answer.outcome}")
    observed = [
        matrix_table.line(route.key, method, [walked.answers[method, p].outcome for p in PERSONAS])
        for method in rows
    ]
    assert problems + fixed == [], "observed (judge before copying):\n" + "\n".join(observed)
    if known:
        pytest.xfail("; ".join(known))


def _unlisted_forms(forms, path) -> list[str]:
    """Every form a page shows posts somewhere the table has a POST row for."""
    problems = []
    for persona, page_forms in forms.items():
        for form in page_forms:
            target = form_target(form, path)
            route = BY_PATTERN.get(served_by(target) or "")
            if route is None or "POST" not in TABLE.get(route.key, {}):
                where = route.key if route else "nowhere"
                problems.append(f"{persona} sees a form posting to {target} ({where}): no POST row")
    return problems
