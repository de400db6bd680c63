"""Shared fixtures: the personas every view is tested with, and the real services."""

import contextlib
import os

import pytest
import redis
from django.db import connection

from workshop.celery import app as celery_app
from workshop.enums import RoleKind
from workshop.queues import task_routes

from .factories import RoleFactory, UserFactory, WorkshopFactory
from .services import CeleryWorker, SmtpSink, postgres_url

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


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL", "")
    try:
        ok = bool(url) and redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        ok = False
    need(ok, "Redis (REDIS_URL)")
    return url


@pytest.fixture
def real_worker(transactional_db, postgres_required, redis_url, tmp_path, settings):
    """A Celery worker process against Redis and the test database, delivering mail into an
    aiosmtpd sink; this process publishes to the worker's own queue. Yields (worker, sink)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    with SmtpSink() as sink:
        worker = CeleryWorker(
            database_url=postgres_url(connection.settings_dict),
            redis_url=redis_url,
            extra_env={
                "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}",
                "MEDIA_ROOT": str(settings.MEDIA_ROOT),
                "MAIL_RETRY_BASE_SECONDS": "0.5",
            },
            log_dir=tmp_path,
        )
        with publishing_to(worker, redis_url), worker:
            yield worker, sink


@contextlib.contextmanager
def publishing_to(worker: CeleryWorker, redis_url: str):
    """This process sends its tasks to `worker`'s queues (the routes keep mail apart from
    compute under the worker's prefix) instead of running them in-process."""
    keys = (
        "task_always_eager",
        "broker_url",
        "result_backend",
        "task_default_queue",
        "task_routes",
    )
    saved = {key: celery_app.conf[key] for key in keys}
    celery_app.conf.update(
        task_always_eager=False,
        broker_url=redis_url,
        result_backend=redis_url,
        task_default_queue=worker.queue,
        task_routes=task_routes(worker.prefix),
    )
    forget_broker_connections()
    try:
        yield
    finally:
        celery_app.conf.update(saved)
        forget_broker_connections()


def forget_broker_connections() -> None:
    """Celery caches its broker connection pool, and apart a producer pool holding it:
    without dropping both, tasks would still go to the broker of before."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
