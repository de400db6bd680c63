"""Benchmark of the schedule API for the demo program (prints numbers; not a test).

    .venv/bin/python bench/schedule_api.py [--seconds 3] [--rounds 5] [--connections 64]

1. In-process: Django's test client (all middleware) asks for
   /api/v1/workshops/ml-for-systems-2018/schedule/ again and again; the answer comes from
   the cache. Target: under 10 ms a request. Also prints the SQL queries per request.
2. Under gunicorn on 127.0.0.1: the same API address and a static file of exactly the
   same bytes (served by whitenoise in the same gunicorn), each loaded with 64 keep-alive
   connections for a bounded time, alternately, in several rounds. Target: the API serves
   at least 0.8x the static file's requests per second (the median of the rounds' ratios),
   with no errors.

The load generator is wrk when installed (Debian: apt-get install wrk), else a small
threaded Python client (which then limits both numbers alike). Everything runs against a
fresh SQLite database in a temporary folder unless BENCH_DATABASE_URL names another
(e.g. a PostgreSQL database of its own); with REDIS_URL set, the cache is Redis.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
API_PATH = "/api/v1/workshops/ml-for-systems-2018/schedule/"
STATIC_PATH = "/static/bench/schedule-same-size.json"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(tmp: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL")
        or f"sqlite:///{tmp / 'bench.sqlite3'}",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SITE_URL": "http://127.0.0.1:8000",
        # Production settings name a Redis and a mail server (here: the console).
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "EMAIL_URL": "consolemail://",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "workshop.settings",
        # The demo's emails are sent in-process (to the console), never left on a broker.
        "CELERY_TASK_ALWAYS_EAGER": "1",
        # Keys of our own in a shared Redis: nothing to clear, nothing of others touched.
        "CACHE_PREFIX": f"bench-schedule-{os.getpid()}",
    }
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


# --- 1. in-process ----------------------------------------------------------------------------


def in_process(env: dict, requests: int) -> bytes:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as cold_queries:
        first = client.get(API_PATH)
    cold_ms = (time.perf_counter() - started) * 1000
    # Counted now: the next request's request_started signal empties the query log.
    cold_count = len(cold_queries)
    assert first.status_code == 200, first.status_code
    with CaptureQueriesContext(connection) as warm_queries:
        client.get(API_PATH)
    warm_count = len(warm_queries)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(API_PATH)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    times.sort()
    not_modified = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(API_PATH, HTTP_IF_NONE_MATCH=first["ETag"])
        not_modified.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 304
    # The same version asked for by number skips the early middleware: the DRF view's cost.
    numbered = f"{API_PATH}?version={first.json()['version']}"
    client.get(numbered)
    view_times = []
    for _ in range(requests):
        started = time.perf_counter()
        assert client.get(numbered).status_code == 200
        view_times.append((time.perf_counter() - started) * 1000)
    # A cold cache in a warm process: what the first request after a release costs.
    from django.core.cache import cache

    from schedule import published

    slug = API_PATH.split("/")[4]
    ref = published.find_release(slug)
    cold_again = []
    for _ in range(20):
        published.forget_latest(slug)
        cache.delete_many([f"schedule:snapshot:{ref.tag}", f"schedule:api-schedule:{ref.tag}"])
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            assert client.get(API_PATH).status_code == 200
            cold_again.append((time.perf_counter() - started) * 1000)
        cold_again_count = len(queries)
    items = len(first.json()["items"])
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"== in-process (Django test client, all middleware), {requests} requests each")
    print(f"   database: {database}, cache: {backend}")
    print(f"   demo program: {items} items, {len(first.content)} bytes of JSON")
    print(
        f"   first request of the process (cache empty): {cold_ms:.2f} ms, {cold_count} SQL queries"
    )
    print(
        f"   cache emptied, process warm (as after a release): mean "
        f"{statistics.fmean(cold_again):.2f} ms, {cold_again_count} SQL queries"
    )
    print(
        f"   from the cache: mean {statistics.fmean(times):.3f} ms, "
        f"p50 {times[len(times) // 2]:.3f} ms, p99 {times[int(len(times) * 0.99)]:.3f} ms, "
        f"{warm_count} SQL queries per request"
    )
    print(f"   304 (If-None-Match): mean {statistics.fmean(not_modified):.3f} ms")
    print(
        f"   ?version=n (through the DRF view, rendering cached): "
        f"mean {statistics.fmean(view_times):.3f} ms"
    )
    verdict = "OK" if statistics.fmean(times) < 10 else "MISSED"
    print(f"   target < 10 ms per request from the cache: {verdict}")
    return first.content


# --- 2. gunicorn ------------------------------------------------------------------------------


def start_gunicorn(env: dict, port: int, workers: int, threads: int, log: Path):
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "workshop.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            "--keep-alive",
            "5",
            "--backlog",
            "256",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError(f"gunicorn did not start:\n{log.read_text()}")


def wrk(url: str, connections: int, seconds: int) -> tuple[float, int, int]:
    """(requests per second, requests, errors) from one bounded wrk run."""
    result = subprocess.run(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "5s", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    )
    out = result.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    errors = 0
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        errors += int(non_2xx.group(1))
    return rate, total, errors


def python_load(url_path: str, port: int, connections: int, seconds: int):
    """A bounded threaded keep-alive client, for machines without wrk."""
    stop = time.monotonic() + seconds
    counts = [0] * connections
    errors = [0] * connections

    def run(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        while time.monotonic() < stop and counts[index] < 200_000:
            try:
                connection.request("GET", url_path, headers={"Host": "127.0.0.1"})
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    errors[index] += 1
                counts[index] += 1
            except (OSError, http.client.HTTPException):
                errors[index] += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return sum(counts) / elapsed, sum(counts), sum(errors)


def under_gunicorn(env: dict, body: bytes, args, tmp: Path) -> None:
    payload = Path(env["STATIC_ROOT"]) / "bench" / "schedule-same-size.json"
    payload.parent.mkdir(parents=True, exist_ok=True)
    payload.write_bytes(body)
    port = free_port()
    process = start_gunicorn(env, port, args.workers, args.threads, tmp / "gunicorn.log")
    use_wrk = shutil.which("wrk") is not None
    tool = "wrk" if use_wrk else "threaded Python client"
    try:
        base = f"http://127.0.0.1:{port}"
        for path in (API_PATH, STATIC_PATH):  # both answer, with the same bytes
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", path, headers={"Host": "127.0.0.1"})
            response = connection.getresponse()
            assert response.status == 200 and response.read() == body, (path, response.status)

        def load(path: str, seconds: int):
            if use_wrk:
                return wrk(base + path, args.connections, seconds)
            return python_load(path, port, args.connections, seconds)

        load(API_PATH, 1)  # warm both paths in every worker
        load(STATIC_PATH, 1)
        results: dict[str, list] = {API_PATH: [], STATIC_PATH: []}
        for _ in range(args.rounds):
            for path in (STATIC_PATH, API_PATH):
                results[path].append(load(path, args.seconds))
        print(
            f"== gunicorn on 127.0.0.1 ({args.workers} workers x {args.threads} threads, "
            f"gthread), {args.connections} connections, {tool}, "
            f"{args.rounds} x {args.seconds} s each, {len(body)} bytes per response"
        )
        means = {}
        for path, label in ((STATIC_PATH, "static file"), (API_PATH, "schedule API")):
            runs = results[path]
            rates = ", ".join(f"{rate:,.0f}" for rate, _, _ in runs)
            errors = sum(e for _, _, e in runs)
            total = sum(n for _, n, _ in runs)
            means[path] = statistics.fmean(rate for rate, _, _ in runs)
            print(
                f"   {label:>12}: {means[path]:,.0f} req/s on average (runs: {rates}); "
                f"{total:,} requests, {errors} errors"
            )
        # Each round ran the two back to back, so a round's ratio is the fairest comparison
        # on a machine whose other load changes; the median ignores a disturbed round.
        pairs = [
            api[0] / static[0]
            for static, api in zip(results[STATIC_PATH], results[API_PATH], strict=True)
        ]
        ratio = statistics.median(pairs)
        errors = sum(e for runs in results.values() for _, _, e in runs)
        verdict = "OK" if ratio >= 0.8 and errors == 0 else "MISSED"
        print(
            f"   API / static: median of the rounds {ratio:.2f} "
            f"(rounds: {', '.join(f'{r:.2f}' for r in pairs)}; of the averages "
            f"{means[API_PATH] / means[STATIC_PATH]:.2f}); target >= 0.80, no errors: {verdict}"
        )
        load_average = os.getloadavg()[0]
        print(f"   load average while measuring: {load_average:.1f} on {os.cpu_count()} CPUs")
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=3, help="length of one load run")
    parser.add_argument("--rounds", type=int, default=5, help="alternating runs per path")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--requests", type=int, default=2000, help="in-process requests")
    args = parser.parse_args()
    args.seconds = max(1, min(args.seconds, 60))
    args.rounds = max(1, min(args.rounds, 9))
    with tempfile.TemporaryDirectory(prefix="bench-schedule-") as folder:
        tmp = Path(folder)
        env = environment(tmp)
        print("Preparing: migrate, loaddemo, collectstatic …", flush=True)
        manage(env, "migrate", "--noinput")
        manage(env, "loaddemo")
        manage(env, "collectstatic", "--noinput")
        body = in_process(env, args.requests)
        under_gunicorn(env, body, args, tmp)


if __name__ == "__main__":
    main()
