"""The trust tests build their fixture workshop once per module, inside a transaction that is
rolled back when the module ends; each test runs in a savepoint inside it (pytest-django's
`db`), and each request of a test in a savepoint of its own (walk.ask)."""

from contextlib import contextmanager

import pytest
from django.db import transaction
from django.test.utils import override_settings

from schedule import published
from workshop.celery import app as celery_app


@contextmanager
def module_world(django_db_blocker, tmp_path_factory, build):
    """`build()` inside a transaction that outlives the module's tests, then rolled back."""
    media = tmp_path_factory.mktemp("media")
    overrides = override_settings(
        MEDIA_ROOT=media,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        # As tests/conftest.py does per test: a private cache, Celery tasks in-process.
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
    )
    eager = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.update(task_always_eager=True, task_eager_propagates=True)
    with django_db_blocker.unblock(), overrides:
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            celery_app.conf.update(task_always_eager=eager[0], task_eager_propagates=eager[1])
            published._local.clear()


@pytest.fixture(autouse=True)
def _forget_published_answers():
    """The schedule's process-local cache would outlive the rolled-back releases."""
    published._local.clear()
    yield
    published._local.clear()
