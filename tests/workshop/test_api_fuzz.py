"""The API under fuzzing: schemathesis (its CLI, as a person would run it) against the
project's own OpenAPI schema, served by the app on a live server over a small real workshop
(tests/workshop/api_world.py), once per persona: anonymous, and with the API token of an
author, a reviewer and an organizer.

Configuration is in schemathesis.toml (seeded, every check but one that does not apply, our
own check that every error is JSON with a sentence); every operation gets the examples,
coverage and fuzzing phases with valid and invalid data, at most API_FUZZ_EXAMPLES cases per
operation and phase. The run is bounded by that number and by FUZZ_SECONDS.

`API_FUZZ_EXAMPLES=100 API_FUZZ_OUT=dir pytest tests/workshop/test_api_fuzz.py` fuzzes more
and keeps schemathesis' reports (every request in dir/<persona>/requests.har); bench/api_fuzz.py
does that and prints the counts.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .api_world import build_world

ROOT = Path(__file__).resolve().parents[2]
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
FUZZ_EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "25"))
FUZZ_SECONDS = int(os.environ.get("API_FUZZ_SECONDS", "300"))
PERSONAS = ["anonymous", "author", "reviewer", "organizer"]


@pytest.fixture
def fuzz_world(transactional_db, settings, tmp_path):
    # The fuzzer's logins cost a password hash each: a cheap hasher keeps the run short.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world()


def run_schemathesis(url: str, persona: str, world, out: Path) -> subprocess.CompletedProcess:
    command = [
        str(SCHEMATHESIS),
        "run",
        f"{url}/api/schema/?format=json",
        f"--max-examples={FUZZ_EXAMPLES}",
        "--workers=1",
        "--report=json,har",
        f"--report-json-path={out / 'run.json'}",
        f"--report-har-path={out / 'requests.har'}",
        "--no-color",
    ]
    if persona != "anonymous":
        command.append(f"--header=Authorization: Token {world.tokens[persona]}")
    env = {**os.environ, "API_FUZZ_KNOWN_PATHS": json.dumps(world.known_paths)}
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=FUZZ_SECONDS
    )


def counts(persona: str, out: Path) -> dict:
    run = json.loads((out / "run.json").read_text())
    har = json.loads((out / "requests.har").read_text())
    statuses = [entry["response"]["status"] for entry in har["log"]["entries"]]
    return {
        "persona": persona,
        "operations": run["operations"]["tested"],
        "operations_total": run["operations"]["total"],
        "test_cases": run["test_cases"]["generated"],
        "requests": len(statuses),
        "server_errors": sum(status >= 500 for status in statuses),
        "failures": {f["title"]: f["count"] for f in run["failures"]},
        "errors": run["errors"],
        "seconds": run["running_time"],
    }


def report(row: dict) -> None:
    path = os.environ.get("API_FUZZ_REPORT")
    if path:
        rows = json.loads(Path(path).read_text()) if Path(path).exists() else []
        Path(path).write_text(json.dumps([*rows, row], indent=1))


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_answer_is_the_one_the_schema_promises(persona, live_server, fuzz_world, tmp_path):
    out = Path(os.environ.get("API_FUZZ_OUT") or tmp_path) / persona
    out.mkdir(parents=True, exist_ok=True)
    result = run_schemathesis(live_server.url, persona, fuzz_world, out)
    found = counts(persona, out)
    report(found)
    output = result.stdout[-20000:] + result.stderr[-5000:]
    assert found["server_errors"] == 0, output
    assert found["failures"] == {} and found["errors"] == [], output
    assert result.returncode == 0, output
    # Every operation in the schema was fuzzed.
    assert found["operations"] == found["operations_total"] == 19, output
