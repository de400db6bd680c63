"""Fuzzing the API with schemathesis: what was tried and what it found (prints numbers; the
checks themselves are the CI test tests/workshop/test_api_fuzz.py, which this runs).

    .venv/bin/python bench/api_fuzz.py [--examples 25] [--persona author …]

For each persona (anonymous, and an author's, a reviewer's and an organizer's API token) it
prints the operations fuzzed, the test cases generated, the requests sent, the responses with
a 5xx status, the schema violations and other failures schemathesis reported, the statuses
seen and the time taken. The database is the one the test suite uses (DATABASE_URL, else
SQLite).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PERSONAS = ("anonymous", "author", "reviewer", "organizer")


def run(examples: int, personas: list[str], out: Path) -> int:
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/workshop/test_api_fuzz.py",
        "-k",
        " or ".join(personas),  # the test's ids end in [persona]
    ]
    env = {**os.environ, "API_FUZZ_EXAMPLES": str(examples), "API_FUZZ_OUT": str(out)}
    finished = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    return finished.returncode


def summary(persona: str, out: Path) -> dict | None:
    folder = out / persona
    if not (folder / "run.json").exists():
        return None
    report = json.loads((folder / "run.json").read_text())
    entries = json.loads((folder / "requests.har").read_text())["log"]["entries"]
    statuses = collections.Counter(entry["response"]["status"] for entry in entries)
    return {
        "operations": report["operations"]["tested"],
        "of": report["operations"]["total"],
        "cases": report["test_cases"]["generated"],
        "requests": len(entries),
        "5xx": sum(n for status, n in statuses.items() if status >= 500),
        "failures": sum(f["count"] for f in report["failures"]),
        "kinds": ", ".join(f"{f['title']} ×{f['count']}" for f in report["failures"]) or "none",
        "errors": sum(e["count"] for e in report["errors"]),
        "seconds": report["running_time"],
        "statuses": " ".join(f"{s}:{n}" for s, n in sorted(statuses.items())),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=25, help="per operation and phase")
    parser.add_argument("--persona", action="append", choices=PERSONAS)
    args = parser.parse_args()
    personas = args.persona or list(PERSONAS)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        code = run(args.examples, personas, out)
        rows = {persona: summary(persona, out) for persona in personas}
    print(f"schemathesis, max {args.examples} examples per operation and phase, seeded")
    header = f"{'persona':<10} {'ops':>7} {'cases':>6} {'requests':>8} {'5xx':>4} "
    print(header + f"{'failures':>8} {'errors':>6} {'seconds':>7}  statuses")
    totals = collections.Counter()
    for persona, row in rows.items():
        if row is None:
            print(f"{persona:<10} no report (the run did not finish)")
            continue
        totals.update({k: row[k] for k in ("cases", "requests", "5xx", "failures", "errors")})
        print(
            f"{persona:<10} {row['operations']:>3}/{row['of']:<3} {row['cases']:>6} "
            f"{row['requests']:>8} {row['5xx']:>4} {row['failures']:>8} {row['errors']:>6} "
            f"{row['seconds']:>7.1f}  {row['statuses']}"
        )
        if row["failures"]:
            print(f"{'':<10} failures: {row['kinds']}")
    print(
        f"{'total':<10} {'':>7} {totals['cases']:>6} {totals['requests']:>8} "
        f"{totals['5xx']:>4} {totals['failures']:>8} {totals['errors']:>6}"
    )
    print("the fuzz test " + ("passed" if code == 0 else f"FAILED (pytest exit {code})"))


if __name__ == "__main__":
    main()
