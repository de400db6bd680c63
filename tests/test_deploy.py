"""What the engineer who deploys relies on: compose is valid, production fails closed and
`check --deploy` is clean."""

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
VALIDATORS = REPO.parent / "shared" / "validators"

PRODUCTION = {
    "PATH": "/usr/bin:/bin",
    "DEBUG": "0",
    "SECRET_KEY": "x7#kq2!vT9wLr$4mZp8&nB3cYh6^dF1sGj5@eA0uQi-oWzXyR_tUvKlMnOpBcDeF",
    "ALLOWED_HOSTS": "workshop.example.org",
    "DATABASE_URL": "sqlite:////tmp/deploy-check.sqlite3",
    # Named, not reached: `check` connects to neither.
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp://127.0.0.1:1025",
    "SITE_URL": "https://workshop.example.org",
}


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


# Run inside `manage.py shell` under production settings: the headers of a page over HTTPS,
# the flags of the CSRF cookie (set by the login form) and of the session cookie (set by
# logging in), printed as JSON.
PRODUCTION_RESPONSE = """
import json
from allauth.account.models import EmailAddress
from django.test import Client
from people.models import User
user = User.objects.create_user(email="deploy@example.org", password="a-long-passphrase-1")
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
client = Client(HTTP_HOST="workshop.example.org")
form = client.get("/accounts/login/", secure=True)
plain = client.get("/accounts/login/")
login = client.post(
    "/accounts/login/",
    {"login": user.email, "password": "a-long-passphrase-1"},
    secure=True,
)
cookies = {
    name: {flag: morsel[flag] for flag in ("secure", "httponly", "samesite")}
    for name, morsel in (("csrftoken", form.cookies["csrftoken"]),
                         ("sessionid", login.cookies["sessionid"]))
}
print(json.dumps({
    "status": [form.status_code, plain.status_code, plain.get("Location"), login.status_code],
    "headers": dict(form.headers),
    "cookies": cookies,
}))
"""


def test_a_production_response_carries_every_security_header(tmp_path):
    env = {
        **PRODUCTION,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    for step in (("migrate", "--noinput"), ("collectstatic", "--noinput")):
        result = manage(*step, env=env)
        assert result.returncode == 0, result.stdout + result.stderr
    result = manage("shell", "-c", PRODUCTION_RESPONSE, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    # HTTP is sent to HTTPS; the form shows; the login redirects onwards.
    assert seen["status"] == [200, 301, "https://workshop.example.org/accounts/login/", 302]
    headers = seen["headers"]
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    for name in ("csrftoken", "sessionid"):
        assert seen["cookies"][name] == {"secure": True, "httponly": True, "samesite": "Lax"}


def test_check_deploy_is_clean_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "SITE_URL"]
)
def test_production_fails_closed_without_required_settings(missing):
    env = {key: value for key, value in PRODUCTION.items() if key != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {missing} must be set when DEBUG is off." in result.stderr


def test_production_fails_closed_without_a_mail_server():
    """Without EMAIL_URL or EMAIL_HOST mail would go to the console: refused."""
    env = {key: value for key, value in PRODUCTION.items() if key != "EMAIL_URL"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert (
        "ImproperlyConfigured: EMAIL_URL (or EMAIL_HOST) must be set when DEBUG is off."
        in result.stderr
    )
    result = manage("check", env={**env, "EMAIL_HOST": "smtp.example.org"})
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mailpit:1025", ("smtp", "mailpit", 1025, "", False)),
        (
            "smtp+tls://user:secret@mail.example.org:587",
            ("smtp", "mail.example.org", 587, "user", True),
        ),
        ("consolemail://", ("console", "localhost", 25, "", False)),
    ],
)
def test_email_url_sets_the_mail_settings(url, expected):
    code = (
        "from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND.split('.')[-2], s.EMAIL_HOST, s.EMAIL_PORT, "
        "repr(s.EMAIL_HOST_USER), s.EMAIL_USE_TLS)"
    )
    result = manage("shell", "--no-imports", "-c", code, env={**PRODUCTION, "EMAIL_URL": url})
    assert result.returncode == 0, result.stderr
    backend, host, port, user, tls = expected
    assert result.stdout.split() == [backend, host, str(port), repr(user), str(tls)]


def compose_validator() -> jsonschema.Draft7Validator:
    # The schema names draft 07 by an https URL jsonschema does not know; say it explicitly.
    schema = json.loads((VALIDATORS / "compose-spec.schema.json").read_text())
    return jsonschema.Draft7Validator(schema)


def test_compose_file_is_valid_and_runs_the_whole_stack():
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    compose_validator().validate(compose)

    services = compose["services"]
    workers = {"worker-mail": "mail", "worker-compute": "compute"}
    assert set(services) == {"web", *workers, "beat", "db", "redis", "mailpit"}
    assert services["db"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")
    for name in ("db", "redis", "web", "mailpit", *workers):
        assert "healthcheck" in services[name], name
    assert "gunicorn" in services["web"]["command"] and "migrate" in services["web"]["command"]
    assert "collectstatic" in services["web"]["command"]
    assert "python:workshop.gunicorn" in services["web"]["command"]
    # Mail apart from compute: each worker consumes exactly its own queue.
    for name, queue in workers.items():
        command = services[name]["command"]
        assert command[:4] == ["celery", "-A", "workshop", "worker"], name
        assert command[command.index("-Q") + 1] == queue, name
    assert services["beat"]["command"][:4] == ["celery", "-A", "workshop", "beat"]
    assert set(compose["volumes"]) == {"pgdata", "media"}


def test_compose_schema_rejects_a_broken_file():
    with pytest.raises(jsonschema.ValidationError):
        compose_validator().validate({"services": {"web": {"ports": "8000"}}})


def test_env_example_names_every_setting_compose_needs():
    example = (REPO / ".env.example").read_text()
    for name in (
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "REDIS_URL",
        "EMAIL_URL",
        "SITE_URL",
        "POSTGRES_PASSWORD",
    ):
        assert f"\n{name}=" in example, name
