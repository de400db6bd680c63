"""Personas of a paper (author, co-author, a co-author who has not verified the listed
address yet) and helpers to post the paper form; the shared personas are in tests/conftest.py."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from submissions import services

from ..factories import UserFactory
from .pdfs import make_paper

# The factories' workshop closes at 2018-10-27 11:59 UTC, i.e. 26 October 23:59 AoE.
BEFORE_DEADLINE = datetime(2018, 10, 20, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The personas' passwords are hashed with a cheap hasher: these tests are about papers."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploaded papers go to a directory of the test's own, so "no file left" can be checked."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media_root) -> list:
    return sorted(p for p in media_root.rglob("*") if p.is_file())


@pytest.fixture
def before_deadline():
    with time_machine.travel(BEFORE_DEADLINE, tick=False) as traveller:
        yield traveller


@pytest.fixture
def author(db):
    return UserFactory(email="ada@uni.example.edu", name="Ada Author", affiliation="Uni Example")


@pytest.fixture
def co_author(db):
    return UserFactory(email="bo@uni.example.edu", name="Bo Coauthor", affiliation="Lab B")


@pytest.fixture
def unverified_co_author(db):
    """Has an account with the listed address but has not followed the verification link."""
    return UserFactory(email="cy@uni.example.edu", name="Cy Pending", verified=False)


def pdf_upload(data: bytes | None = None, name: str = "paper.pdf", **paper) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, make_paper(**paper) if data is None else data, "application/pdf"
    )


def author_rows(*people) -> dict:
    """The author formset's fields for (name, email, affiliation) rows, in order."""
    data = {
        "authors-TOTAL_FORMS": str(len(people)),
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "30",
    }
    for index, (name, email, affiliation) in enumerate(people):
        data.update(
            {
                f"authors-{index}-name": name,
                f"authors-{index}-email": email,
                f"authors-{index}-affiliation": affiliation,
                f"authors-{index}-ORDER": str(index + 1),
            }
        )
    return data


def paper_form(*people, pdf=None, submit=True, **fields) -> dict:
    data = {
        "title": "Learned caches for key-value stores",
        "abstract": "We learn an eviction policy that beats LRU on production traces.",
        "keywords": "caching, reinforcement learning",
        "declared_conflicts": "",
        **author_rows(*people),
        **fields,
    }
    if pdf is not None:
        data["pdf"] = pdf
    data["submit" if submit else "save"] = "1"
    return data


def as_row(user) -> tuple[str, str, str]:
    return (user.name, user.email, user.affiliation)


@pytest.fixture
def paper(workshop, author, co_author, unverified_co_author, before_deadline):
    """A submitted paper by Ada, Bo and Cy with one PDF (4 pages + references)."""
    return services.create_submission(
        workshop=workshop,
        by=author,
        title="Learned caches for key-value stores",
        abstract="We learn an eviction policy.",
        authors=[
            services.AuthorData(author.name, author.email, author.affiliation),
            services.AuthorData(co_author.name, co_author.email),
            services.AuthorData(unverified_co_author.name, unverified_co_author.email),
        ],
        pdf=services.Upload("paper.pdf", make_paper()),
        submit=True,
    )
