"""The warm checking children keep every bound of a fresh one: a check that runs out of
memory or time is cut at the bound, its child is not used again, and limits hold per check."""

import os
import re
import time
from pathlib import Path

import pytest

from submissions.pdfcheck import PdfRules, check_pdf
from submissions.pdfcheck.pool import CheckerPool

from .pdfs import deflate_bomb_pdf, make_paper, operator_flood_pdf

MEMORY = "memory"
RULES = PdfRules()


@pytest.fixture
def pool():
    pool = CheckerPool(size=1, max_checks=3)
    pool.warm()
    yield pool
    pool.close()


def idle_pid(pool: CheckerPool) -> int:
    (child,) = pool._idle
    return child.process.pid


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def codes(report) -> list[str]:
    return [finding.code for finding in report.findings]


def test_a_warm_child_answers_as_the_check_in_this_process(pool):
    paper = make_paper(content_pages=5, first_page_text="Anna Goldie")
    rules = PdfRules(anonymity="warn", author_names=("Anna Goldie",))
    assert pool.check(paper, rules) == check_pdf(paper, rules)
    assert pool.check(paper, rules) == check_pdf(paper, rules)


def test_a_bomb_in_a_warm_child_is_cut_at_the_memory_bound_and_the_child_replaced(pool):
    paper = make_paper()
    assert pool.check(paper, RULES).ok  # the child is warm and has checked a paper
    used = idle_pid(pool)
    started = time.monotonic()
    report = pool.check(deflate_bomb_pdf(decompressed_mb=64), RULES)
    assert time.monotonic() - started < RULES.timeout_seconds
    assert codes(report) == [MEMORY]
    assert gone(used) and idle_pid(pool) != used
    assert pool.check(paper, RULES).ok  # the next author is not affected


def test_an_endless_check_is_killed_at_the_time_bound_and_replaced(pool):
    assert pool.check(make_paper(), RULES).ok
    used = idle_pid(pool)
    rules = PdfRules(timeout_seconds=0.3)
    started = time.monotonic()
    report = pool.check(operator_flood_pdf(), rules)  # seconds of parsing without a bound
    elapsed = time.monotonic() - started
    assert codes(report) == ["timeout"]
    assert report.findings[0].message == (
        "The PDF took too long to check (over 0.3 s); please export it again with a "
        "standard tool."
    )
    assert elapsed < 1.5  # the bound plus killing and reaping, not the parse
    assert gone(used) and idle_pid(pool) != used


def test_memory_limits_hold_per_check_not_per_child(pool):
    tight = PdfRules(memory_limit_bytes=40 * 2**20)  # ~33 MB are the interpreter and pypdf
    assert codes(pool.check(deflate_bomb_pdf(decompressed_mb=30), tight)) == [MEMORY]
    paper = make_paper()
    assert pool.check(paper, PdfRules(memory_limit_bytes=150 * 2**20)).ok
    # Between checks the kept child has no limit left over from the last one.
    limits = Path(f"/proc/{idle_pid(pool)}/limits").read_text()
    assert re.search(r"^Max address space\s+unlimited", limits, re.M), limits
    assert pool.check(paper, RULES).ok


def test_a_child_is_replaced_after_its_last_check(pool):
    paper = make_paper()
    first = idle_pid(pool)
    for _ in range(3):  # max_checks=3
        assert pool.check(paper, RULES).ok
    assert gone(first) and idle_pid(pool) != first


def test_a_child_whose_parent_is_gone_ends(pool):
    """Its stdin closes with the parent: an idle child exits instead of lingering."""
    (child,) = pool._idle
    child.process.stdin.close()
    assert child.process.wait(timeout=10) == 0
    pool._idle.clear()
    child.process.stdout.close()
