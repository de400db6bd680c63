"""Real services for integration tests: an SMTP sink (aiosmtpd) and a Celery worker."""

import os
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from aiosmtpd.controller import Controller

from workshop.queues import queue_names

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class SinkHandler:
    """Collects messages; answers '451 try again later' to the next `refuse` recipients."""

    refuse: int = 0
    messages: list = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse > 0:
            self.refuse -= 1
            return "451 4.3.0 Mailbox temporarily unavailable, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


class SmtpSink:
    def __init__(self, handler: SinkHandler | None = None, port: int | None = None):
        self.handler = handler or SinkHandler()
        self.port = port or free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    @property
    def messages(self):
        return self.handler.messages

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


def postgres_url(settings_dict: dict) -> str:
    user = settings_dict.get("USER") or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


class CeleryWorker:
    """`celery worker` in a child process, on queues of its own so that nothing else
    consumes its tasks, against the test database: its default queue and its mail and
    compute queues (workshop/queues.py) under the prefix "<queue>-". Two workers given the
    same `queue` share the work."""

    def __init__(
        self,
        *,
        database_url: str,
        redis_url: str,
        extra_env: dict,
        log_dir: Path,
        queue: str | None = None,
        name: str = "",
    ):
        self.queue = queue or f"test-{uuid.uuid4().hex[:12]}"
        self.name = f"{self.queue}{name}"
        self.prefix = f"{self.queue}-"
        self.log_path = log_dir / f"{self.name}.log"
        self.env = {
            **os.environ,
            "DEBUG": "1",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "CELERY_QUEUE": self.queue,
            "CELERY_QUEUE_PREFIX": self.prefix,
            **extra_env,
        }
        self.process = None

    def __enter__(self):
        self._log = log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "workshop",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "-Q",
                ",".join((self.queue, *queue_names(self.prefix))),
                "-n",
                f"{self.name}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=REPO,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        # Generous: a busy shared machine may take a minute to import everything.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if " ready." in self.log_path.read_text():
                return self
            if self.process.poll() is not None:
                self.__exit__()
                raise RuntimeError(f"Celery worker died:\n{self.log_path.read_text()}")
            time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"Celery worker not ready after 120 s:\n{self.log_path.read_text()}")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()

    def log(self) -> str:
        return self.log_path.read_text()


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    return predicate()
