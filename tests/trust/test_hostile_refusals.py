"""Refused values in every field of hostile_world.FIELDS, each written through its page in a
transaction rolled back after: a NUL byte is refused with a sentence (never a 500); 100,000
characters are refused with a sentence naming the field's limit, or, where a field has none,
kept and shown whole; invisible or direction-changing characters in a name or an affiliation
are refused with a sentence. A refusal stores nothing: no row, no file, not the value.
"""

from __future__ import annotations

import json
import re

import pytest
from django.db import transaction
from django.urls import reverse

from .conftest import module_world
from .hostile_corpus import INVISIBLE, LONG, NUL
from .hostile_world import EXTRA, FIELDS, url_for, write
from .stored import stored_state
from .walk import CSRF_SECRET, ask, client_for
from .world import build as build_matrix_world

REFUSED = (200, 400)  # the form again, with its sentences (the review form answers 400)
NAME_FIELDS = [n for n in FIELDS if n.endswith(("_name", "_affiliation"))]

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with module_world(django_db_blocker, tmp_path_factory, build_matrix_world) as built:
        yield built


def _try(world, field_name: str, value: str, media) -> tuple[object, bool, str]:
    """Write one value into one field in a transaction rolled back after: the answer, whether
    anything changed (a row or a file more or less, or the value stored), and the page the
    writer sees next."""
    persona, url_name, input_name, *_ = FIELDS[field_name]
    path = url_for(world, url_name)
    with transaction.atomic():
        before = stored_state(media)
        response = write(
            world.sessions[persona], path, {input_name: value}, extra=EXTRA.get(url_name)
        )
        shown = ask(world.sessions[persona], "GET", path).body.decode()
        changed = stored_state(media) != before or value in shown
        transaction.set_rollback(True)
    return response, changed, shown


def _sentence(response) -> str:
    errors = re.findall(r'class="[^"]*error[^"]*"[^>]*>(.*?)</', response.content.decode(), re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", e).strip() for e in errors)


@pytest.mark.parametrize("field_name", sorted(FIELDS))
def test_a_nul_byte_is_refused_with_a_sentence(world, settings, field_name):
    response, changed, _ = _try(world, field_name, NUL, settings.MEDIA_ROOT)
    assert response.status_code in REFUSED and not changed
    assert "Null characters are not allowed" in _sentence(response)


@pytest.mark.parametrize("field_name", sorted(FIELDS))
def test_100000_characters_are_refused_or_shown_whole(world, settings, field_name):
    response, changed, shown = _try(world, field_name, LONG, settings.MEDIA_ROOT)
    limit = FIELDS[field_name][3]
    if limit is None:  # a field without a limit keeps it all, and shows it whole
        assert response.status_code == 302 and LONG in shown
    else:
        assert response.status_code in REFUSED and not changed
        sentence = _sentence(response).replace(",", "")
        assert str(limit) in sentence and "characters" in sentence, sentence


@pytest.mark.parametrize("kind", sorted(INVISIBLE))
@pytest.mark.parametrize("field_name", NAME_FIELDS)
def test_invisible_characters_in_a_name_are_refused(world, settings, field_name, kind):
    response, changed, _ = _try(world, field_name, INVISIBLE[kind], settings.MEDIA_ROOT)
    assert response.status_code in REFUSED and not changed
    assert "invisible" in _sentence(response)


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,<script>x</script>"]
)
def test_a_script_address_as_a_homepage_is_refused(world, settings, url):
    path = reverse("people:profile")
    with transaction.atomic():
        before = stored_state(settings.MEDIA_ROOT)
        response = write(world.sessions["author"], path, {"homepage": url})
        shown = ask(world.sessions["author"], "GET", path).body.decode()
        changed = stored_state(settings.MEDIA_ROOT) != before or "alert" in shown
        transaction.set_rollback(True)
    assert response.status_code in REFUSED and not changed
    assert "Enter a valid URL" in _sentence(response)


def test_hostile_values_through_the_api_are_refused_with_sentences(world, settings):
    """A paper through the API: a NUL byte in its title, an override in an author's name."""
    author = world.people["author"]
    paper = {"abstract": "An abstract.", "title": "A title"}
    who = {"name": author.name, "email": author.email, "affiliation": ""}
    bodies = {
        "title": {**paper, "title": NUL, "authors": [who]},
        "authors": {**paper, "authors": [{**who, "name": INVISIBLE["rlo"]}]},
        "abstract": {**paper, "abstract": LONG, "authors": [who]},
    }
    path = reverse("api-submissions", args=["other-workshop"])
    for field_name, body in bodies.items():
        with transaction.atomic():
            before = stored_state(settings.MEDIA_ROOT)
            answer = ask(world.sessions["author"], "POST", path, json=body)
            changed = stored_state(settings.MEDIA_ROOT) != before
            transaction.set_rollback(True)
        assert answer.outcome == "400" and not changed, field_name
        assert field_name in json.loads(answer.body), answer.body


@pytest.mark.parametrize("kind", sorted(INVISIBLE))
def test_signing_up_with_an_invisible_character_in_the_name_is_refused(world, settings, kind):
    form = {
        "email": "newcomer@fresh.example.org",
        "password1": "a long and unusual passphrase 42",
        "password2": "a long and unusual passphrase 42",
        "name": INVISIBLE[kind],
        "csrfmiddlewaretoken": CSRF_SECRET,
    }
    with transaction.atomic():
        before = stored_state(settings.MEDIA_ROOT)
        response = client_for(None).post(reverse("account_signup"), form)
        changed = stored_state(settings.MEDIA_ROOT) != before
        transaction.set_rollback(True)
    assert response.status_code == 200 and not changed
    assert "invisible" in _sentence(response)
