"""check_pdf_isolated: check_pdf in a fresh interpreter bounded in memory and wall-clock time.

A fresh interpreter per check (rules + PDF on stdin, the report as JSON on stdout) instead of
multiprocessing: forking a threaded gunicorn worker can copy a lock held by another thread and
deadlock the child, and Celery's prefork children are daemonic, which multiprocessing refuses
to start children from. subprocess runs no Python code between fork and exec, so it is safe
from any caller. Interpreter start and pypdf import cost ~100 ms (bench/pdfcheck.py measures
it); a 4-page paper takes ~0.13 s in all, within the 0.2 s budget. The child loads this package
by the path of its __init__.py through importlib, so its bytecode is cached (a script is
recompiled on every run) and neither the submissions app nor Django is imported; with -P so
the caller's working directory is not on sys.path; and with Pillow blocked: pypdf imports it
if present, the check never needs image decoders, and that saves ~8 ms.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import math
import os
import signal
import subprocess
import sys

from .check import check_pdf
from .model import Finding, PdfReport, PdfRules, _error, _report
from .precheck import _precheck
from .sentences import CHECK_FAILED, MEMORY, TIMEOUT

# The package's logger: one name to configure for the whole checker.
log = logging.getLogger(__package__)

# spec_from_file_location on an __init__.py makes a package, so its relative imports resolve.
_PACKAGE_INIT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "__init__.py")
_CHILD = (
    "import sys, importlib.util as u; sys.modules['PIL'] = None;"
    "s = u.spec_from_file_location('_pdfcheck_child', sys.argv[1]); m = u.module_from_spec(s);"
    "sys.modules[s.name] = m; s.loader.exec_module(m); m.isolation._child_main()"
)


def _timeout(rules: PdfRules) -> Finding:
    return _error("timeout", TIMEOUT.format(seconds=f"{rules.timeout_seconds:g}"))


def check_pdf_isolated(data: bytes, rules: PdfRules) -> PdfReport:
    """``check_pdf`` in a child process bounded by ``rules.timeout_seconds`` of wall-clock
    time and ``rules.memory_limit_bytes`` of address space; the child is killed on timeout."""
    if findings := _precheck(data, rules):
        return _report(data, findings)  # spare a process for the obvious cases
    header = json.dumps(dataclasses.asdict(rules)).encode()
    command = [sys.executable, "-P", "-c", _CHILD, _PACKAGE_INIT]
    try:
        child = subprocess.run(
            command,
            input=header + b"\n" + data,
            capture_output=True,
            timeout=rules.timeout_seconds,
            check=False,
        )
    except subprocess.TimeoutExpired:  # run() has already killed and reaped the child
        return _report(data, [_timeout(rules)])
    except OSError:  # no process to be had: fork limits, a vanished interpreter
        log.exception("pdfcheck: cannot start the checking process")
        return _report(data, [_error("check_failed", CHECK_FAILED)])
    if child.returncode == 0:
        with contextlib.suppress(ValueError, TypeError, KeyError):
            result = json.loads(child.stdout)
            findings = tuple(Finding(**f) for f in result.pop("findings"))
            return PdfReport(findings=findings, **result)
    if child.returncode == -signal.SIGKILL or b"MemoryError" in child.stderr:
        return _report(data, [_error("memory", MEMORY)])  # the OOM killer or a late allocation
    if child.returncode == -signal.SIGXCPU:
        return _report(data, [_timeout(rules)])
    log.warning("pdfcheck child failed (%s): %s", child.returncode, child.stderr[-2000:])
    return _report(data, [_error("check_failed", CHECK_FAILED)])


def _child_main() -> None:
    import resource  # Unix only, and only the child needs it

    header, _, data = sys.stdin.buffer.read().partition(b"\n")
    fields = json.loads(header)
    rules = PdfRules(**{k: tuple(v) if isinstance(v, list) else v for k, v in fields.items()})
    limit = rules.memory_limit_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    # A backstop should the parent die: the CPU limit ends a child nobody waits for.
    cpu = math.ceil(rules.timeout_seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    logging.getLogger("pypdf").setLevel(logging.CRITICAL + 1)  # malformed input is expected
    report = check_pdf(data, rules)
    sys.stdout.write(json.dumps(dataclasses.asdict(report)))
