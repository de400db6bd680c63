"""Private servers for the fault tests: a Redis and a PostgreSQL of their own (on free ports,
data under /tmp) that a test may stop and start without touching the shared ones, and a
web process (gunicorn) pointed at whichever servers a test chooses, optionally over a
small media disk of its own (a tmpfs in a private mount namespace)."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import requests

from ..services import REPO, free_port, wait_for

PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), Path("/usr/bin"))


def _as_postgres(command: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as the postgres user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.getuid() == 0 else command


class PrivateRedis:
    """`redis-server` on a port of its own, nothing saved to disk: stopping it loses every
    queued message, as a crashed broker without persistence would."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert wait_for(self._up, timeout=20), "private Redis did not start"

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def _up(self) -> bool:
        import redis

        try:
            return redis.Redis.from_url(self.url, socket_connect_timeout=1).ping()
        except redis.RedisError:
            return False

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()


class PrivatePostgres:
    """A PostgreSQL cluster of its own (initdb under /tmp, trust authentication) that a
    test may restart while requests run."""

    def __init__(self):
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="faults-pg-"))
        self.data = self.root / "data"
        if os.getuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.root} -c fsync=off -c listen_addresses=127.0.0.1"
        subprocess.run(
            _as_postgres(
                [
                    str(PG_BIN / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-o",
                    options,
                    "-w",
                    *args,
                    "-l",
                    str(self.root / "server.log"),
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=60,
        )

    def start(self) -> None:
        self._ctl("start")

    def restart(self) -> None:
        """A fast restart: every open connection is cut, as in a failover or a crash."""
        self._ctl("restart", "-m", "fast")

    def copy_database(self, source_url: str, name: str) -> str:
        """A copy of `source_url` (schema and rows) as database `name` here; its URL."""
        psql = [str(PG_BIN / "psql"), "-q", "-v", "ON_ERROR_STOP=1"]
        subprocess.run([*psql, self.url("postgres"), "-c", f"CREATE DATABASE {name}"], check=True)
        dump = subprocess.Popen(
            [str(PG_BIN / "pg_dump"), "--no-owner", "--no-privileges", source_url],
            stdout=subprocess.PIPE,
        )
        with dump.stdout:
            subprocess.run(
                [*psql, self.url(name)],
                stdin=dump.stdout,
                stdout=subprocess.DEVNULL,
                check=True,
                timeout=120,
            )
        assert dump.wait(timeout=60) == 0
        return self.url(name)

    def __enter__(self):
        subprocess.run(
            _as_postgres(
                [
                    str(PG_BIN / "initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--no-sync",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=120,
        )
        self.start()
        return self

    def __exit__(self, *exc):
        try:
            self._ctl("stop", "-m", "immediate")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


class Web:
    """gunicorn (one worker, `threads` threads) in a child process. With `media_disk_kb`,
    MEDIA_ROOT is a tmpfs of that size in a mount namespace of the process's own, filled
    up to `free_kb` left (or mounted read-only when `read_only`): a real full or
    unwritable disk for that process only."""

    def __init__(
        self,
        env: dict,
        log_path: Path,
        *,
        threads: int = 2,
        media_disk_kb: int | None = None,
        free_kb: int = 0,
        read_only: bool = False,
    ):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = log_path.open("w")
        command = [
            *(sys.executable, "-m", "gunicorn", "workshop.wsgi:application"),
            *("--bind", f"127.0.0.1:{self.port}", "--workers", "1", "--threads", str(threads)),
            *("--timeout", "120"),
        ]
        if media_disk_kb is not None:
            command = _on_small_disk(command, env["MEDIA_ROOT"], media_disk_kb, free_kb, read_only)
        self.process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=self._log, stderr=subprocess.STDOUT
        )

    def ready(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"web process died:\n{self.log_path.read_text()}")
        try:
            return requests.get(f"{self.url}/healthz", timeout=5).status_code == 200
        except requests.RequestException:  # not up yet, or too busy starting to answer
            return False

    def log(self) -> str:
        return self.log_path.read_text()

    def __enter__(self):
        if not wait_for(self.ready, timeout=180, interval=0.5):
            self.__exit__()
            raise RuntimeError(f"web process not ready:\n{self.log()}")
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()


def _on_small_disk(command, media_root, size_kb, free_kb, read_only) -> list[str]:
    """`command` run with a tmpfs of `size_kb` on `media_root`, only its own view of it."""
    fill = max(size_kb - free_kb, 0)
    script = (
        f'mount -t tmpfs -o size={size_kb}k tmpfs "$0" && '
        f'(dd if=/dev/zero of="$0/filler" bs=1k count={fill} status=none || true) && '
        + ('mount -o remount,ro "$0" && ' if read_only else "")
        + 'exec "$@"'
    )
    unshare = ["unshare", "--mount"] if os.getuid() == 0 else ["unshare", "-rm"]
    return [*unshare, "sh", "-c", script, str(media_root), *command]


def until(predicate, timeout: float = 30.0):
    """wait_for, but failing loudly."""
    result = wait_for(predicate, timeout=timeout, interval=0.2)
    assert result, f"not true after {timeout} s: {predicate}"
    return result


def web_env(*, database_url: str, redis_url: str, media_root: Path, name: str, **extra) -> dict:
    """The environment of a web process (and its worker) in a fault test: its own queue
    and cache prefixes on whatever Redis it is given."""
    return {
        **os.environ,
        "DEBUG": "1",
        "SECRET_KEY": "fault-tests-secret-" + "k" * 40,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CACHE_PREFIX": f"{name}-cache",
        "CELERY_QUEUE": name,
        "CELERY_QUEUE_PREFIX": f"{name}-",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "EMAIL_URL": "consolemail://",
        "MEDIA_ROOT": str(media_root),
        "LOG_LEVEL": "WARNING",
        "CONN_MAX_AGE": "60",
        **extra,
    }
