"""Fixtures of the fault tests: a workshop whose call is open now (the web processes run
on the real clock) with one author, and static files collected once for DEBUG-off web
processes (which serve the site's own error page)."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.utils import timezone

from ..factories import UserFactory, WorkshopFactory
from ..services import REPO


@pytest.fixture
def open_call(transactional_db):
    now = timezone.now()
    workshop = WorkshopFactory(
        slug="ml-for-systems",
        submissions_open_at=now - timedelta(days=1),
        submission_deadline=now + timedelta(days=30),
        starts_at=now + timedelta(days=60),
        ends_at=now + timedelta(days=60, hours=8),
    )
    author = UserFactory(email="ada@uni.example.edu", name="Ada Author", affiliation="Uni")
    return workshop, author


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """STATIC_ROOT with the hashed files a DEBUG-off process needs (once per session)."""
    root = tmp_path_factory.mktemp("static")
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "collectstatic-only-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_URL": "consolemail://",
        "SITE_URL": "http://127.0.0.1",
        "STATIC_ROOT": str(root),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=REPO,
        env=env,
        check=True,
        timeout=300,
    )
    return root
