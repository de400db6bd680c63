"""Benchmark submissions.pdfcheck on generated papers and hostile files.

Run from the repository root:  .venv/bin/python bench/pdfcheck.py [--runs N]

Each scenario runs in a fresh Python process of its own, so the peak memory printed is that
scenario's alone: for "isolated" the peak RSS of the checking children (check_pdf_isolated), for
"in-process" the peak RSS of the whole process running check_pdf (interpreter, pypdf and the
file's bytes included). Papers are set in embedded TrueType subsets, as LaTeX papers are.
Targets: 4-page paper < 0.2 s, 60-page paper < 2 s, hostile files stopped within 5 s and
200 MB (isolated).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from submissions.pdfcheck import PdfRules, check_pdf, check_pdf_isolated  # noqa: E402
from tests.submissions import pdfs  # noqa: E402

AUTHORS = {"anonymity": "refuse", "author_names": ("Anna Goldie",)}
NO_APPENDIX = {"appendix_allowed": False}


def paper(*args, **kwargs) -> bytes:
    """A generated paper set in embedded TrueType subsets, as LaTeX papers are."""
    return pdfs.make_paper(*args, embed_fonts=True, **kwargs)


# name, generator, rules, hostile?
SCENARIOS = [
    ("4-page paper", lambda: paper(4, 1), {}, False),
    ("4-page paper, double-blind", lambda: paper(4, 1), AUTHORS, False),
    ("4-page paper, appendix refused", lambda: paper(4, 1, appendix_pages=2), NO_APPENDIX, False),
    ("60-page paper, full check", lambda: paper(58, 2), {"page_cap": 100}, False),
    ("60-page paper, default cap", lambda: paper(58, 2), {}, False),
    ("deflate bomb (1 GiB of zeros)", lambda: pdfs.deflate_bomb_pdf(1024), {}, True),
    ("same 30 MiB stream x100", pdfs.repeated_stream_bomb_pdf, {}, True),
    ("XMP bomb (1 GiB), double-blind", lambda: pdfs.xmp_bomb_pdf(1024), AUTHORS, True),
    ("arrays nested 100k deep", pdfs.nested_arrays_pdf, {}, True),
    ("page tree cycle", pdfs.page_tree_cycle_pdf, {}, True),
    ("1M page-tree kids", pdfs.page_fanout_pdf, {}, True),
    ("2**60 reference paths", pdfs.reference_fanout_pdf, {}, True),
    ("8 MiB of text operators", pdfs.operator_flood_pdf, {}, True),
]


def _peak_self_mb() -> float:
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the forking process.
    status = Path("/proc/self/status").read_text()
    return int(next(ln for ln in status.splitlines() if ln.startswith("VmHWM:")).split()[1]) / 1024


def _peak_children_mb() -> float:
    """The largest peak RSS among this process's finished children (the checking processes)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def run_one(path: str, mode: str, runs: int, rules_json: str) -> None:
    """In a process of its own: check one file ``runs`` times and print JSON stats."""
    fields = json.loads(rules_json)
    rules = PdfRules(**{k: tuple(v) if isinstance(v, list) else v for k, v in fields.items()})
    data = Path(path).read_bytes()
    check = check_pdf_isolated if mode == "isolated" else check_pdf
    times, report = [], None
    for _ in range(runs):
        started = time.perf_counter()
        report = check(data, rules)
        times.append(time.perf_counter() - started)
    stats = {
        "median": statistics.median(times),
        "max": max(times),
        "peak_mb": _peak_children_mb() if mode == "isolated" else _peak_self_mb(),
        "result": ", ".join(f.code for f in report.findings) or "ok",
    }
    print(json.dumps(stats))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="runs per paper (hostile: 3)")
    parser.add_argument("--one", nargs=4, metavar=("PATH", "MODE", "RUNS", "RULES"))
    args = parser.parse_args()
    if args.one:
        run_one(args.one[0], args.one[1], int(args.one[2]), args.one[3])
        return

    print(f"python {sys.version.split()[0]}, runs per paper: {args.runs}, per hostile file: 3")
    header = f"{'scenario':34} {'mode':10} {'size':>8} {'median s':>9} {'max s':>7} "
    print(header + f"{'peak MB':>8}  result")
    overhead = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, make, rules, hostile in SCENARIOS:
            path = Path(tmp) / "file.pdf"
            path.write_bytes(make())
            rules_json = json.dumps({**rules})
            runs = 3 if hostile else args.runs
            for mode in ("in-process", "isolated"):
                command = [sys.executable, __file__, "--one", str(path), mode, str(runs)]
                try:
                    out = subprocess.run(
                        [*command, rules_json], capture_output=True, timeout=120, check=True
                    )
                    stats = json.loads(out.stdout)
                except (subprocess.SubprocessError, ValueError) as error:
                    print(f"{name:34} {mode:10} failed: {error}")
                    continue
                overhead.setdefault(name, {})[mode] = stats["median"]
                print(
                    f"{name:34} {mode:10} {path.stat().st_size / 1024:>6.0f}KB "
                    f"{stats['median']:>9.3f} {stats['max']:>7.3f} {stats['peak_mb']:>8.1f}  "
                    f"{stats['result']}"
                )
    paper = overhead.get("4-page paper", {})
    if len(paper) == 2:
        extra = paper["isolated"] - paper["in-process"]
        print(f"isolation overhead on the 4-page paper (median): {extra:.3f} s")


if __name__ == "__main__":
    main()
