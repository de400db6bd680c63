"""The parent's side of check_pdf_isolated: a few warm checking children per process.

A child is taken from the idle list for one check (or started if none is idle), gets the
request within the check's deadline and must answer within it; otherwise it is killed and a
fresh one started in its place. A child goes back to the idle list only after a clean check,
and only ``MAX_CHECKS`` times. See isolation.py for the child's side and the wire format.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import json
import logging
import os
import selectors
import signal
import subprocess
import sys
import threading
import time

from .model import Finding, PdfReport, PdfRules, _error, _report
from .sentences import CHECK_FAILED, MEMORY, TIMEOUT

log = logging.getLogger(__package__)

# Children kept warm per process (a gunicorn worker with 2 threads checks 2 papers at once).
POOL_SIZE = int(os.environ.get("PDFCHECK_POOL_SIZE", "2"))
# A child is replaced after this many checks, so that no slow growth of its heap lasts.
MAX_CHECKS = 200
# How long a fresh child may take to start (not counted in a check's time bound).
STARTUP_SECONDS = 60
# Findings after which the child is not trusted with another check.
_UNCLEAN = {"memory", "damaged", "check_failed", "timeout"}

# spec_from_file_location on an __init__.py makes a package, so its relative imports resolve.
_PACKAGE_INIT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "__init__.py")
_CHILD = (
    "import sys, importlib.util as u; sys.modules['PIL'] = None;"
    "s = u.spec_from_file_location('_pdfcheck_child', sys.argv[1]); m = u.module_from_spec(s);"
    "sys.modules[s.name] = m; s.loader.exec_module(m); m.isolation._child_main()"
)


# --- The wire format ------------------------------------------------------------------------


def frame(payload: bytes) -> bytes:
    return len(payload).to_bytes(8, "big") + payload


def read_frame(stream) -> bytes | None:
    """One frame from a blocking stream; None when it ends."""
    size = _read_exactly(stream, 8)
    return None if size is None else _read_exactly(stream, int.from_bytes(size, "big"))


def write_frame(stream, payload: bytes) -> None:
    stream.write(frame(payload))
    stream.flush()


def _read_exactly(stream, size: int) -> bytes | None:
    chunks, missing = [], size
    while missing:
        chunk = stream.read(missing)
        if not chunk:
            return None
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def encode_rules(rules: PdfRules) -> bytes:
    return json.dumps(dataclasses.asdict(rules)).encode()


def decode_rules(header: bytes) -> PdfRules:
    fields = json.loads(header)
    return PdfRules(**{k: tuple(v) if isinstance(v, list) else v for k, v in fields.items()})


# --- One child ------------------------------------------------------------------------------


class _TimedOut(Exception):
    pass


class _Died(Exception):
    pass


class _Child:
    def __init__(self):
        self.process = subprocess.Popen(
            [sys.executable, "-P", "-c", _CHILD, _PACKAGE_INIT],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
        )
        os.set_blocking(self.process.stdin.fileno(), False)
        self.checks = 0
        self.ready = False

    def wait_ready(self) -> None:
        """A fresh child says "ready" once it has imported pypdf: a busy machine's slow start
        is not the file's fault, so it does not count against the check's time bound."""
        if not self.ready:
            if self.exchange(b"", time.monotonic() + STARTUP_SECONDS) != b"ready":
                raise _Died
            self.ready = True

    def exchange(self, request: bytes, deadline: float) -> bytes:
        """Send one request and read one answer, both before `deadline` (monotonic)."""
        to_send = memoryview(request)
        into, expected = bytearray(), None
        stdin, stdout = self.process.stdin.fileno(), self.process.stdout.fileno()
        with selectors.DefaultSelector() as selector:
            if to_send:
                selector.register(stdin, selectors.EVENT_WRITE)
            selector.register(stdout, selectors.EVENT_READ)
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise _TimedOut
                for key, _ in selector.select(remaining):
                    if key.fd == stdin:
                        try:
                            sent = os.write(stdin, to_send[: 1 << 16])
                        except BlockingIOError:
                            continue
                        except OSError as exc:  # BrokenPipeError: it died
                            raise _Died from exc
                        to_send = to_send[sent:]
                        if not to_send:
                            selector.unregister(stdin)
                        continue
                    chunk = os.read(stdout, 1 << 16)
                    if not chunk:
                        raise _Died
                    into += chunk
                    if expected is None and len(into) >= 8:
                        expected = int.from_bytes(into[:8], "big")
                    if expected is not None and len(into) >= 8 + expected:
                        return bytes(into[8 : 8 + expected])

    def end(self) -> int:
        """Kill and reap the child; its exit status (negative: the signal that ended it)."""
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        code = self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            stream.close()
        return code

    def died_of(self) -> int:
        """Reap a child whose pipe broke: it has exited or is about to."""
        try:
            code = self.process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            return self.end()
        for stream in (self.process.stdin, self.process.stdout):
            stream.close()
        return code


# --- The pool -------------------------------------------------------------------------------


def _timeout(rules: PdfRules) -> Finding:
    return _error("timeout", TIMEOUT.format(seconds=f"{rules.timeout_seconds:g}"))


class CheckerPool:
    def __init__(self, size: int = POOL_SIZE, max_checks: int = MAX_CHECKS):
        self.size, self.max_checks = size, max_checks
        self.pid = os.getpid()
        self._idle: list[_Child] = []
        self._lock = threading.Lock()
        atexit.register(self.close)

    def owned_here(self) -> bool:
        return self.pid == os.getpid()

    def warm(self) -> None:
        """Start children until `size` are idle (they import pypdf while we go on)."""
        with self._lock:
            while len(self._idle) < self.size:
                try:
                    self._idle.append(_Child())
                except OSError:
                    log.exception("pdfcheck: cannot start a checking process")
                    return

    def close(self) -> None:
        if not self.owned_here():
            return  # a forked copy: the children are the parent's
        with self._lock:
            idle, self._idle = self._idle, []
        for child in idle:
            child.end()

    def check(self, data: bytes, rules: PdfRules) -> PdfReport:
        with self._lock:
            child = self._idle.pop() if self._idle else None
        if child is None:
            try:
                child = _Child()
            except OSError:  # no process to be had: fork limits, a vanished interpreter
                log.exception("pdfcheck: cannot start the checking process")
                return _report(data, [_error("check_failed", CHECK_FAILED)])
        request = frame(encode_rules(rules)) + frame(data)
        try:
            child.wait_ready()
            answer = child.exchange(request, time.monotonic() + rules.timeout_seconds)
        except _TimedOut:
            child.end()
            report = _report(data, [_timeout(rules)])
        except _Died:
            report = _report(data, [self._death(child.died_of(), rules)])
        else:
            report = self._read(answer, data)
            child.checks += 1
            if self._keep(child, report):
                return report
            child.end()
        self.warm()  # a fresh child in place of the one that went
        return report

    def _keep(self, child: _Child, report: PdfReport) -> bool:
        if child.checks >= self.max_checks or _UNCLEAN & {f.code for f in report.findings}:
            return False
        with self._lock:
            if len(self._idle) < self.size:
                self._idle.append(child)
                return True
        return False

    @staticmethod
    def _read(answer: bytes, data: bytes) -> PdfReport:
        try:
            result = json.loads(answer)
            if "failed" in result:
                log.warning("pdfcheck child failed: %s", result["failed"])
                if result["failed"] == "MemoryError":
                    return _report(data, [_error("memory", MEMORY)])
                return _report(data, [_error("check_failed", CHECK_FAILED)])
            findings = tuple(Finding(**f) for f in result.pop("findings"))
            return PdfReport(findings=findings, **result)
        except (ValueError, TypeError, KeyError):
            log.warning("pdfcheck child answered nonsense: %r", answer[:200])
            return _report(data, [_error("check_failed", CHECK_FAILED)])

    @staticmethod
    def _death(code: int, rules: PdfRules) -> Finding:
        if code == -signal.SIGKILL:  # the OOM killer
            return _error("memory", MEMORY)
        if code == -signal.SIGXCPU:
            return _timeout(rules)
        log.warning("pdfcheck child died (exit status %s)", code)
        return _error("check_failed", CHECK_FAILED)
