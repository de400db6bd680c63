"""The pieces of a running site that the benches share: a database and Redis database of
their own, gunicorn, a Celery worker on chosen queues, and CPU accounting."""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(tmp: Path, database_url: str, redis_url: str, name: str) -> dict[str, str]:
    """Production settings (DEBUG off) against the bench's own database and Redis database
    (a FLUSHDB by anyone else's tests cannot empty its queues), with queues and cache keys
    of this run only: no worker of anyone else takes its tasks."""
    run = f"{name}-{uuid.uuid4().hex[:8]}"
    (tmp / "static").mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "MEDIA_ROOT": str(tmp / "media"),
        "STATIC_ROOT": str(tmp / "static"),
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SITE_URL": "http://127.0.0.1:8000",
        # Production refuses to start without a mail server; the web processes never send
        # (every mail goes through a worker, which is pointed at the bench's SMTP sink).
        "EMAIL_URL": "smtp://127.0.0.1:9",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "workshop.settings",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CELERY_QUEUE_PREFIX": f"bench-{run}-",
        "CELERY_QUEUE": f"bench-{run}-compute",
        "CACHE_PREFIX": f"bench-{run}",
    }


def recreate_database(url: str) -> None:
    import psycopg2

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def start_gunicorn(env: dict, port: int, workers: int, threads: int, log: Path):
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "workshop.wsgi:application",
        "--config",
        "python:workshop.gunicorn",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    deadline, answer = time.monotonic() + 180, "no answer"
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
            response = connection.getresponse()
            if response.status == 200:
                return process
            answer = f"HTTP {response.status}: {response.read()[:300]!r}"
        except OSError as exc:
            answer = repr(exc)
        time.sleep(0.5)
    process.kill()
    raise SystemExit(f"gunicorn did not start ({answer}):\n{log.read_text()}")


def profile(pid: int, seconds: float, out: Path) -> subprocess.Popen | None:
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(spy).exists():
        print("   (py-spy not installed: no profile)")
        return None
    return subprocess.Popen(
        [
            spy,
            "record",
            "--pid",
            str(pid),
            "--subprocesses",
            "--format",
            "raw",
            "--duration",
            str(int(seconds)),
            "--rate",
            "50",
            "--output",
            str(out),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(roots: list[int], database: str) -> float:
    """CPU time used so far by the processes under `roots` (gunicorn and its workers, the
    checking children, the Celery worker: living ones and reaped ones) and by the database's
    server processes for `database`."""
    parents, times = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        times[pid] = sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    inside = set()
    for pid in parents:
        chain, seen = pid, set()
        while chain and chain not in seen:
            if chain in roots:
                inside.add(pid)
                break
            seen.add(chain)
            chain = parents.get(chain, 0)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [database])
        inside |= {pid for (pid,) in cursor.fetchall() if pid in times}
    return sum(times[pid] for pid in inside) / _TICKS


def memory_by_role(roots: dict[str, int]) -> dict[str, tuple[int, float]]:
    """{role: (processes, mean RSS in MiB)} for the process trees under `roots` (role →
    pid); a process whose command line runs the PDF checker counts as "pdf checker"."""
    parents, rss, checker = {}, {}, set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        pid = int(entry.name)
        parents[pid] = int(fields["PPid"])
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) / 1024
        if b"_pdfcheck_child" in command:
            checker.add(pid)
    found: dict[str, list[float]] = {}
    for pid in rss:
        chain = pid
        while chain and chain not in roots.values():
            chain = parents.get(chain, 0)
        if chain:
            role = (
                "pdf checker"
                if pid in checker
                else next(name for name, root in roots.items() if root == chain)
            )
            found.setdefault(role, []).append(rss[pid])
    return {role: (len(sizes), sum(sizes) / len(sizes)) for role, sizes in found.items()}


def database_size_mib(database: str) -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(%s)", [database])
        return cursor.fetchone()[0] / 2**20


def start_worker(
    env: dict, sink_port: int, log: Path, *, queues=("mail", "compute"), concurrency=1, pool=""
) -> subprocess.Popen:
    """`celery worker` on this run's `queues`, delivering into the SMTP sink at `sink_port`."""
    prefix = env["CELERY_QUEUE_PREFIX"]
    command = [
        *(sys.executable, "-m", "celery", "-A", "workshop", "worker"),
        *(f"--concurrency={concurrency}", *([f"--pool={pool}"] if pool else [])),
        *("-Q", ",".join(prefix + q for q in queues), "-n", f"{prefix}{'-'.join(queues)}@%h"),
        *("--without-gossip", "--without-mingle", "--loglevel=WARNING"),
    ]
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env={**env, "EMAIL_URL": f"smtp://127.0.0.1:{sink_port}"},
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def drop_queues(env: dict) -> None:
    """Forget this run's queues and cache keys."""
    import redis

    client = redis.Redis.from_url(env["REDIS_URL"])
    prefix = env["CELERY_QUEUE_PREFIX"]
    keys = list(client.scan_iter(f"{prefix}*")) + list(client.scan_iter(f"*{env['CACHE_PREFIX']}*"))
    if keys:
        client.delete(*keys)
