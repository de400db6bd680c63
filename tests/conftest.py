"""Shared fixtures: the personas every view is tested with, and the real services."""

import os

import pytest
from django.db import connection

from workshop.celery import app as celery_app
from workshop.enums import RoleKind

from .factories import RoleFactory, UserFactory, WorkshopFactory

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def need(condition: bool, what: str) -> None:
    """Skip a test whose real service is missing — or fail it when CI requires services."""
    if condition:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"{what} is required (REQUIRE_SERVICES=1) but not available.")
    pytest.skip(f"{what} is not available here.")


@pytest.fixture(autouse=True)
def _eager_tasks_and_private_cache(settings):
    """Unit tests run Celery tasks in-process and use a private cache; the integration
    tests start a real worker against Redis instead."""
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def postgres_required():
    need(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL=postgres://…)")


@pytest.fixture
def workshop(db):
    return WorkshopFactory(slug="ml-for-systems", name="Machine Learning for Systems")


@pytest.fixture
def other_workshop(db):
    return WorkshopFactory(slug="other-workshop", name="Another Workshop")


@pytest.fixture
def organizer(workshop):
    user = UserFactory(email="organizer@mlsys.example.org", name="Olga Organizer", is_staff=True)
    RoleFactory(workshop=workshop, user=user, kind=RoleKind.ORGANIZER)
    return user


@pytest.fixture
def other_organizer(other_workshop):
    user = UserFactory(email="organizer@other.example.org", name="Otto Other", is_staff=True)
    RoleFactory(workshop=other_workshop, user=user, kind=RoleKind.ORGANIZER)
    return user


@pytest.fixture
def reviewer(workshop):
    user = UserFactory(email="rita@reviewers.example.org", name="Rita Reviewer")
    RoleFactory(workshop=workshop, user=user, kind=RoleKind.REVIEWER)
    return user


@pytest.fixture
def outsider(db):
    return UserFactory(email="olivia@outside.example.org", name="Olivia Outsider")
