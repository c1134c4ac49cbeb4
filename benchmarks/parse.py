"""Benchmark: parsing the real PDF reports against a bare pdfminer text extraction.

For each PDF in ../shared/corpus/real, in one process and interleaved (best of N):

- baseline: ``pdfminer.high_level.extract_text(path)``
- reader:   ``nlp.ingest.read(path)`` (the PDF reader alone)
- parse:    ``nlp.parse(path)`` (the whole pipeline; skipped with a note if it is not available)

Everything is warmed up once first (imports, jieba dictionary, spaCy pipeline). Peak memory is
measured in a fresh subprocess per (file, function): tracemalloc peak of one warmed-up call, and
the process's max RSS. Run from the repository root::

    .venv/bin/python benchmarks/parse.py --repeat 5 --out benchmarks/README.md
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import platform
import resource
import subprocess
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpus" / "real"
sys.path.insert(0, str(ROOT))


def _function(name: str) -> Callable[[str], object] | None:
    """The timed function; imports only what it needs (the memory runs measure RSS too)."""
    if name == "extract_text":
        from pdfminer.high_level import extract_text

        return extract_text
    if name == "reader":
        from nlp.ingest import read

        return read
    try:
        import nlp

        return getattr(nlp, "parse", None)
    except Exception:  # the pipeline may be half-built while helpers work on it
        return None


def _functions() -> dict[str, Callable[[str], object]]:
    funcs = {name: _function(name) for name in ("extract_text", "reader", "parse")}
    return {k: f for k, f in funcs.items() if f is not None}


def _child(name: str, path: str) -> None:
    """Subprocess: warm up, then report tracemalloc peak of one call and max RSS (MiB)."""
    warnings.simplefilter("ignore")
    func = _function(name)
    assert func is not None, name
    func(path)
    tracemalloc.start()
    func(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(json.dumps({"peak_mib": peak / 2**20, "maxrss_mib": _max_rss_mib()}))


def _max_rss_mib() -> float:
    """This process's peak RSS. /proc VmHWM starts afresh at exec; ru_maxrss would also count the
    parent's pages shared at fork time."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _memory(name: str, path: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--child", name, str(path)], capture_output=True,
                         text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _best(funcs: dict[str, Callable[[str], object]], path: str, repeat: int) -> dict[str, float]:
    best = {k: float("inf") for k in funcs}
    for _ in range(repeat):
        for name, func in funcs.items():
            t = time.perf_counter()
            func(path)
            best[name] = min(best[name], time.perf_counter() - t)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="timed runs per function (best is kept)")
    ap.add_argument("--no-memory", action="store_true", help="skip the subprocess memory runs")
    ap.add_argument("--out", type=Path, help="append a Markdown report to this file")
    ap.add_argument("--child", nargs=2, metavar=("FUNC", "PATH"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        _child(*args.child)
        return 0
    if not REAL.is_dir():
        print(f"no corpus at {REAL}", file=sys.stderr)
        return 1
    warnings.simplefilter("ignore")
    files = sorted(REAL.glob("*.pdf"))
    funcs = _functions()
    note = "" if "parse" in funcs else "nlp.parse is not available yet: only the reader is timed. "
    for func in funcs.values():  # warm-up: imports, fonts/CMaps, jieba dictionary, spaCy pipeline
        func(str(files[0]))
    rows = []
    for path in files:
        t = _best(funcs, str(path), args.repeat)
        mem = {} if args.no_memory else {k: _memory(k, path) for k in funcs}
        rows.append((path.name, t, mem))
    cols = list(funcs)
    header = "| file | " + " | ".join(f"{c} s" for c in cols) + " | " + " | ".join(
        f"{c}/extract_text" for c in cols[1:]) + " | " + " | ".join(f"{c} peak MiB (RSS)" for c in cols) + " |"
    lines = [header, "|" + "---|" * (1 + 2 * len(cols) + len(cols) - 1)]
    for name, t, mem in rows:
        ratios = " | ".join(f"{t[c] / t['extract_text']:.2f}" for c in cols[1:])
        mems = " | ".join(f"{mem[c]['peak_mib']:.1f} ({mem[c]['maxrss_mib']:.0f})" if c in mem else "-" for c in cols)
        lines.append(f"| {name} | " + " | ".join(f"{t[c]:.3f}" for c in cols) + f" | {ratios} | {mems} |")
    total = {c: sum(t[c] for _, t, _ in rows) for c in cols}
    lines.append("| **all** | " + " | ".join(f"{total[c]:.3f}" for c in cols) + " | " + " | ".join(
        f"{total[c] / total['extract_text']:.2f}" for c in cols[1:]) + " | " + " | ".join("" for _ in cols) + " |")
    table = "\n".join(lines)
    print(note + f"best of {args.repeat}, warm; peak = tracemalloc peak of one call, RSS = process max RSS")
    print(table)
    if args.out:
        cmd = ".venv/bin/python benchmarks/parse.py " + " ".join(argv if argv is not None else sys.argv[1:])
        stamp = _dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        with args.out.open("a", encoding="utf-8") as fh:
            fh.write(f"\n### {stamp} — `{cmd}`\n\n{note}Python {platform.python_version()}, "
                     f"{platform.machine()}; best of {args.repeat} after one warm-up; peak = tracemalloc "
                     "peak of one warmed-up call in a fresh process, RSS = that process's max RSS.\n\n"
                     f"{table}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
