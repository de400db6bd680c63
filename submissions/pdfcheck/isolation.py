"""check_pdf_isolated: check_pdf in a separate, bounded process from a pre-started pool.

Each check runs in a child interpreter bounded for that check by ``rules.memory_limit_bytes``
of address space (RLIMIT_AS, set before the check and lifted after it) and by
``rules.timeout_seconds`` of wall-clock time, enforced by the parent: a child that has not
answered in time is killed and replaced. A CPU limit (RLIMIT_CPU, also per check) ends a
child nobody waits for should its parent die. A child serves up to ``MAX_CHECKS`` checks and
is replaced after any check that ran out of memory or failed, so one hostile file never
shapes the next check.

The children are fresh interpreters started with subprocess (fork + exec, no Python code in
between), not multiprocessing: forking a threaded gunicorn worker can copy a lock held by
another thread and deadlock the child, and Celery's prefork children are daemonic, which
multiprocessing refuses to start children from. Starting an interpreter and importing pypdf
costs ~100 ms (more on a busy machine); the pool pays it ahead of time, so a 4-page paper
costs the check itself (~25 ms) plus two pipe transfers. A child loads this package by the
path of its __init__.py through importlib, so its bytecode is cached and neither the
submissions app nor Django is imported; with -P so the caller's working directory is not on
sys.path; and with Pillow blocked: pypdf imports it if present, the check never needs image
decoders, and that saves ~8 ms.

The wire format, both ways on the child's stdin/stdout: an 8-byte big-endian length, then
that many bytes. A request is the rules as JSON, then the PDF; an answer is the report as
JSON, or {"failed": "<exception name>"}. A fresh child first sends "ready" once it has imported
pypdf; the parent starts a check's clock only then, so a slow start on a busy machine is not
counted against the file.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
import sys
import threading

from .check import check_pdf
from .model import PdfReport, PdfRules, _report
from .pool import CheckerPool, decode_rules, read_frame, write_frame
from .precheck import _precheck

# The package's logger: one name to configure for the whole checker.
log = logging.getLogger(__package__)

_pool: CheckerPool | None = None
_pool_lock = threading.Lock()


def checker_pool() -> CheckerPool:
    """This process's pool (a forked process gets a new one: children are not shared)."""
    global _pool
    with _pool_lock:
        if _pool is None or not _pool.owned_here():
            _pool = CheckerPool()
            _pool.warm()
        return _pool


def check_pdf_isolated(data: bytes, rules: PdfRules) -> PdfReport:
    """``check_pdf`` in a child process bounded by ``rules.timeout_seconds`` of wall-clock
    time and ``rules.memory_limit_bytes`` of address space; the child is killed on timeout."""
    if findings := _precheck(data, rules):
        return _report(data, findings)  # spare a process for the obvious cases
    return checker_pool().check(data, rules)


def _child_main() -> None:
    """Serve checks until the parent closes stdin, each under its own limits."""
    import resource  # Unix only, and only the child needs it

    logging.getLogger("pypdf").setLevel(logging.CRITICAL + 1)  # malformed input is expected
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    unlimited_as = resource.getrlimit(resource.RLIMIT_AS)
    unlimited_cpu = resource.getrlimit(resource.RLIMIT_CPU)
    write_frame(stdout, b"ready")  # imports done: the parent starts the clock from here
    while (header := read_frame(stdin)) is not None and (data := read_frame(stdin)) is not None:
        rules = decode_rules(header)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        cpu = math.ceil(usage.ru_utime + usage.ru_stime + rules.timeout_seconds) + 1
        try:
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, unlimited_cpu[1]))
            resource.setrlimit(resource.RLIMIT_AS, (rules.memory_limit_bytes, unlimited_as[1]))
            answer = json.dumps(dataclasses.asdict(check_pdf(data, rules))).encode()
        except BaseException as exc:  # MemoryError outside pypdf, RecursionError …
            answer = json.dumps({"failed": type(exc).__name__}).encode()
        finally:
            resource.setrlimit(resource.RLIMIT_AS, unlimited_as)
            resource.setrlimit(resource.RLIMIT_CPU, unlimited_cpu)
        del data
        write_frame(stdout, answer)
