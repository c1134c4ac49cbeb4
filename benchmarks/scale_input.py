"""Parse time against input size, and peak memory on DOCX bombs (issue 12).

Texts of 50 KB, 200 KB, 800 KB and 3 MB are built from the narrative of the real reports
(../shared/corpus/real, every format, each parsed once) repeated paragraph by paragraph, and parsed
by ``nlp.parse`` in this process after a warm-up (best of ``--repeat`` for the small sizes, one run
at 800 KB and 3 MB). The baseline is the time per MB at 50 KB; the target is time per MB at 3 MB
within 2x of it. Then DOCX bombs (document.xml inflating to ``--bomb-mb`` MB, a 2 MB package; and
the same with zip headers that claim 1,000 bytes) are parsed by ``xxgk parse`` in a fresh
subprocess whose peak RSS (``ru_maxrss`` of the child) is printed; the target is <= 1 GB.

    .venv/bin/python benchmarks/scale_input.py
    .venv/bin/python benchmarks/scale_input.py --sizes 50,200 --bomb-mb 100     # quick
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from hostile_support import REAL, docx_bomb, text_of_size  # noqa: E402


def real_narrative() -> str:
    from nlp import parse

    texts = []
    for f in sorted(REAL.iterdir()):
        if f.suffix.lower() in (".pdf", ".html", ".md", ".txt", ".docx"):
            texts.append(parse(f).narrative)
    return "\n".join(texts)


def time_parse(data: bytes, repeat: int) -> float:
    from nlp import parse

    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        parse(data, name="scale.txt")
        best = min(best, time.perf_counter() - t0)
    return best


_CHILD = """import sys
from nlp.cli import main
sys.argv = ["xxgk", "parse", sys.argv[1]]
try:
    main()
finally:  # VmHWM: this process's own peak (ru_maxrss would include the parent's RSS at fork)
    hwm = next(ln for ln in open("/proc/self/status") if ln.startswith("VmHWM"))
    print("PEAK_RSS_KB", hwm.split()[1], file=sys.stderr)
"""


def bomb_rss(path: Path) -> tuple[int, float, float, str]:
    """(exit code, seconds, peak RSS in MB, error line) of ``xxgk parse path`` in a fresh process."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True,
                          timeout=600, cwd=ROOT)
    seconds = time.perf_counter() - t0
    lines = proc.stderr.strip().splitlines()
    peak = next((int(ln.split()[1]) for ln in lines if ln.startswith("PEAK_RSS_KB")), 0) / 1024
    msg = next((ln for ln in lines if ln.startswith("xxgk:")), "")
    return proc.returncode, seconds, peak, msg


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="50,200,800,3000", help="text sizes in KB")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--bomb-mb", type=int, default=480)
    ap.add_argument("--out", type=Path, default=None, help="append the results to this Markdown file")
    a = ap.parse_args()
    bombs = ["| DOCX bomb | file size | exit | seconds | child peak RSS MB | message |", "|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:  # first, while this process is small
        for lie in (False, True):
            path = docx_bomb(Path(tmp) / f"bomb-{int(lie)}.docx", a.bomb_mb << 20, pad=2 << 20, lie=lie)
            code, secs, peak, msg = bomb_rss(path)
            label = f"{a.bomb_mb} MB document.xml" + (", headers claim 1,000 B" if lie else "")
            bombs.append(f"| {label} | {path.stat().st_size:,} | {code} | {secs:.1f} | {peak:.0f} | {msg[:90]} |")
            print(bombs[-1], flush=True)
    source = real_narrative()
    time_parse(text_of_size(source, 20_000), 1)  # warm-up: imports, jieba dictionary, models
    lines = ["| size | bytes | seconds | s per MB | per-MB ratio vs 50 KB |", "|---|---|---|---|---|"]
    base = None
    for kb in (int(s) for s in a.sizes.split(",") if s):
        data = text_of_size(source, kb * 1000)
        secs = time_parse(data, a.repeat if kb <= 200 else 1)
        per_mb = secs / (len(data) / 1e6)
        base = base or per_mb
        lines.append(f"| {kb} KB | {len(data):,} | {secs:.2f} | {per_mb:.2f} | {per_mb / base:.2f} |")
        print(lines[-1], flush=True)
    lines += ["", *bombs]
    if a.out:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M")
        cmd = " ".join(["benchmarks/scale_input.py", *sys.argv[1:]])
        with a.out.open("a", encoding="utf-8") as fh:
            fh.write(f"\n### {stamp} — `.venv/bin/python {cmd}`\n\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
