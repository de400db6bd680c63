"""`?next=` pointing off the site never takes anyone off it: not after logging in (the site's
and the admin's), signing up or logging out, not from any URL of the permission matrix asked
with it (GET as a stranger, an author and an organizer), nor from any form the matrix posts
with it, in the query string and in the body.
"""

from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from ..factories import PASSWORD
from . import matrix_table
from .conftest import module_world
from .matrix import API_WRITES
from .walk import CSRF_SECRET, client_for, form_data, form_target, post_forms, routes
from .world import PERSONAS, build

# Each is a way browsers have been led elsewhere: a full URL, a scheme-relative one, a
# backslash most browsers read as a slash, a tab they drop, a script URL.
ELSEWHERE = (
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "/\t/evil.example/",
    "\\\\evil.example",
    "https:evil.example",
    "javascript:alert(1)",
)
SITE = ("testserver", urlsplit(settings.SITE_URL).netloc)  # the site's own address
TOKEN = {"csrfmiddlewaretoken": CSRF_SECRET}
ROUTES = routes()
TABLE = matrix_table.rows(PERSONAS)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with module_world(django_db_blocker, tmp_path_factory, build) as built:
        yield built


def leaves_the_site(response) -> bool:
    """Whether a browser following the answer would go anywhere but this site."""
    if response.status_code not in (301, 302, 303, 307, 308):
        return False
    location = "".join(ch for ch in response["Location"] if ch not in "\t\r\n").strip()
    if location.startswith(("//", "/\\", "\\")):
        return True
    parts = urlsplit(location)
    if parts.scheme:  # "https:evil.example" too: a browser may read it as another host
        return parts.scheme not in ("http", "https") or parts.netloc not in SITE
    return parts.netloc != ""


def _close_file(response) -> None:
    """A download's file, closed (response.close() would also end the test's connection)."""
    for close in getattr(response, "_resource_closers", []):
        close()


def _post(session, path, data, evil):
    with transaction.atomic():
        client = client_for(session)
        response = client.post(f"{path}?{urlencode({'next': evil})}", {**data, "next": evil})
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize("evil", ELSEWHERE)
def test_logging_in_with_next_elsewhere_stays_on_the_site(world, evil):
    author, organizer = world.people["author"], world.people["organizer"]
    answers = {
        "login": _post(
            None,
            reverse("account_login"),
            {"login": author.email, "password": PASSWORD, **TOKEN},
            evil,
        ),
        "admin login": _post(
            None,
            reverse("admin:login"),
            {"username": organizer.email, "password": PASSWORD, **TOKEN},
            evil,
        ),
    }
    assert answers["login"].status_code == 302  # logged in: the test is about where to
    assert answers["admin login"].status_code == 302
    assert [name for name, r in answers.items() if leaves_the_site(r)] == []


@pytest.mark.parametrize("evil", ELSEWHERE)
def test_signing_up_and_logging_out_with_next_elsewhere_stay_on_the_site(world, evil):
    signup = {
        "email": "newcomer@fresh.example.org",
        "password1": "a long and unusual passphrase 42",
        "password2": "a long and unusual passphrase 42",
        "name": "Nia Newcomer",
    }
    token = TOKEN
    answers = {
        "signup": _post(None, reverse("account_signup"), {**signup, **token}, evil),
        "logout": _post(world.sessions["author"], reverse("account_logout"), token, evil),
        "admin logout": _post(world.sessions["organizer"], reverse("admin:logout"), token, evil),
    }
    assert answers["signup"].status_code == 302
    assert answers["logout"].status_code == 302
    assert [name for name, r in answers.items() if leaves_the_site(r)] == []


@pytest.mark.parametrize("persona", ["anon", "author", "organizer"])
def test_no_url_follows_next_elsewhere(world, persona):
    session, off_site, asked = world.sessions[persona], [], 0
    for route in ROUTES:
        try:
            path = route.path(world.kwargs_for(route))
        except KeyError:  # an admin model world.py has no row for yet
            continue
        for evil in ELSEWHERE[:3]:
            asked += 1
            with transaction.atomic():
                response = client_for(session).get(f"{path}?{urlencode({'next': evil})}")
                _close_file(response)
                transaction.set_rollback(True)
            if leaves_the_site(response):
                off_site.append(f"GET {path}?next={evil} → {response['Location']}")
    print(f"\n{asked} URLs asked with ?next= elsewhere as {persona}")
    assert off_site == []


def test_no_form_follows_next_elsewhere(world):
    """Each page's own form, posted by the persona the matrix says it works for."""
    off_site, posted = [], 0
    for route in ROUTES:
        row = TABLE.get(route.key, {})
        if "POST" not in row or route.key in API_WRITES:
            continue
        persona = next((p for p, a in zip(PERSONAS, row["POST"], strict=True) if a == "302"), None)
        if persona is None:
            continue
        path = route.path(world.kwargs_for(route))
        page = client_for(world.sessions[persona]).get(path)
        forms = [f for f in post_forms(page.content.decode()) if form_target(f, path) == path]
        if not forms:
            continue
        for evil in ELSEWHERE[:3]:
            posted += 1
            response = _post(world.sessions[persona], path, form_data(forms[0]), evil)
            if leaves_the_site(response):
                off_site.append(f"POST {path}?next={evil} → {response['Location']}")
    print(f"\n{posted} forms posted with ?next= elsewhere")
    assert posted > 30
    assert off_site == []


def test_the_check_sees_a_way_out():
    class Answer(dict):
        status_code = 302

    for evil in ELSEWHERE:
        assert leaves_the_site(Answer(Location=evil)), evil
    assert not leaves_the_site(Answer(Location="/profile/"))
