"""Hostile uploads on every form and API write that takes a file — the paper (the author's edit
page and the API) and the profile photo: a page of HTML and script sent as a PDF or an image
(with the type it claims), a 20 MB body, a multipart body cut off in the middle. Each is
refused with a sentence or an error status (never a 500), and nothing is stored: no row and
no file more, none changed.
"""

import pytest
from django.db import transaction
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from .conftest import module_world
from .hostile_world import page_form
from .stored import stored_state
from .walk import CSRF_SECRET, client_for
from .world import build

HTML = b"<html><script>alert(document.cookie)</script></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
TWENTY_MB = b"%PDF-1.7\n" + b"0" * (20 * 1024 * 1024)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with module_world(django_db_blocker, tmp_path_factory, build) as built:
        yield built


class File:
    """An uploaded file as a browser sends it, with the type it claims."""

    def __init__(self, name: str, content: bytes, content_type: str):
        self.name, self.content, self.content_type = name, content, content_type

    def read(self):
        return self.content


def _edit(world):
    path = reverse("submissions:edit", args=[world.workshop.slug, world.paper.pk])
    data = page_form(world.sessions["author"], path)
    data["authors-1-email"] = ["cy@pending.example.net"]
    return "author", path, data, "pdf"


def _profile(world):
    path = reverse("people:profile")
    return "author", path, page_form(world.sessions["author"], path), "photo"


def _api(world):
    path = reverse("api-submission", args=[world.workshop.slug, world.paper.pk])
    return "author", path, {"title": "Retitled"}, "pdf"


FORMS = {"paper (edit page)": _edit, "paper (API)": _api, "photo (profile)": _profile}
FILES = {
    "html as a pdf": ("paper.pdf", HTML, "application/pdf"),
    "html as html": ("paper.html", HTML, "text/html"),
    "svg with script": ("photo.svg", SVG, "image/svg+xml"),
    "html as a png": ("photo.png", HTML, "image/png"),
    "20 MB": ("big.pdf", TWENTY_MB, "application/pdf"),
}


def _send(world, form, body: bytes, content_type: str):
    persona, path, _, _ = FORMS[form](world)
    client = client_for(world.sessions[persona])
    method = "PATCH" if "API" in form else "POST"
    return client.generic(method, path, body, content_type, HTTP_X_CSRFTOKEN=CSRF_SECRET)


@pytest.mark.parametrize("upload", FILES)
@pytest.mark.parametrize("form", FORMS)
def test_a_hostile_file_is_refused_and_stores_nothing(world, settings, form, upload):
    _, _, data, field = FORMS[form](world)
    with transaction.atomic():
        before = stored_state(settings.MEDIA_ROOT)
        body = encode_multipart(BOUNDARY, {**data, field: File(*FILES[upload])})
        response = _send(world, form, body, MULTIPART_CONTENT)
        after = stored_state(settings.MEDIA_ROOT)
        transaction.set_rollback(True)
    page = response.content.decode("utf-8", "replace")
    assert response.status_code in (200, 400, 413), response.status_code
    assert after == before, f"{form} stored {upload}"
    if response.status_code == 200:  # the form again, with the sentence next to the file
        assert 'class="errorlist' in page or "error" in page, page[:500]


@pytest.mark.parametrize("form", FORMS)
def test_a_truncated_multipart_body_is_refused_and_stores_nothing(world, settings, form):
    _, _, data, field = FORMS[form](world)
    whole = encode_multipart(
        BOUNDARY, {**data, field: File("paper.pdf", b"%PDF-1.7\n" * 999, "application/pdf")}
    )
    with transaction.atomic():
        before = stored_state(settings.MEDIA_ROOT)
        response = _send(world, form, whole[: len(whole) * 2 // 3], MULTIPART_CONTENT)
        after = stored_state(settings.MEDIA_ROOT)
        transaction.set_rollback(True)
    assert response.status_code == 400, response.status_code
    assert after == before
    assert "cut off before its end" in response.content.decode()
