"""Benchmark: start-up of the ``xxgk`` command line against ``python -c "import spacy"``.

In one run, interleaved, each command in a fresh process (median of N, peak RSS of the child):

- baseline: ``python -c "import spacy"`` (and ``python -c pass``, the interpreter alone)
- ``xxgk --help``, ``xxgk --version``
- ``xxgk parse corpus/samples/临县人民政府-2023.txt`` (stdout to a pipe)

then one instrumented process that times the phases of a parse (imports, jieba dictionary, spaCy
pipeline and part model, the parse itself), wall and CPU seconds. Targets (issue 13): ``--help``
≤ 0.3 s, parse ≤ 1.5 s. The machine is shared: the load average is printed before and after.
Run from the repository root::

    .venv/bin/python benchmarks/cli.py --repeat 5

``--before DIR`` adds the parse command run on the package copy in ``DIR`` (for a before/after in one
run: ``git archive REV nlp | tar -x -C DIR``).

Bytecode: the children inherit the environment. With ``PYTHONDONTWRITEBYTECODE`` set (as in some
sandboxes) the project's own modules (an editable install) are compiled from source in every
process, which an installed wheel never does (pip writes the ``.pyc`` files at install). ``--pyc``
runs every child, ``import spacy`` included, with bytecode caching on, in a private temp
``PYTHONPYCACHEPREFIX`` (the tree is not written to; the warm-up round fills it).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "samples" / "临县人民政府-2023.txt"
BIN = Path(sys.executable).parent
PHASES = """
import json, resource, time
def now():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return time.perf_counter(), r.ru_utime + r.ru_stime
t = [now()]
import nlp.cli; t.append(now())
import spacy; t.append(now())
import nlp.pipeline; t.append(now())
from nlp.pipeline.language import load, setup_jieba
setup_jieba(); t.append(now())
load(); from nlp.partmodel.model import default_model; default_model(); t.append(now())
import nlp.pipeline.parsing; t.append(now())
r = nlp.parse({sample!r}); r.to_json(); t.append(now())
import jieba
names = ["import nlp.cli (typer)", "import spacy", "import the pipeline modules", "jieba dictionary + user dict",
         "spaCy pipeline + part model", "import the parse stages", "parse + JSON"]
print(json.dumps({{"wall": dict(zip(names, [b[0] - a[0] for a, b in zip(t, t[1:])])),
                  "cpu": dict(zip(names, [b[1] - a[1] for a, b in zip(t, t[1:])])),
                  "jieba FREQ": type(jieba.dt.FREQ).__name__}}))
"""


def commands(before: Path | None = None) -> dict[str, list[str]]:
    py, xxgk = sys.executable, str(BIN / "xxgk")
    out = {
        "python -c pass": [py, "-c", "pass"],
        'python -c "import spacy"': [py, "-c", "import spacy"],
        "xxgk --help": [xxgk, "--help"],
        "xxgk --version": [xxgk, "--version"],
        "xxgk parse 临县": [xxgk, "parse", str(SAMPLE)],
    }
    if before is not None:  # the same command on another copy of the package (e.g. `git archive REV nlp`)
        code = f"import sys; sys.path.insert(0, {str(before)!r}); from nlp.cli import main; main()"
        out["xxgk parse 临县 (--before)"] = [py, "-c", code, "parse", str(SAMPLE)]
    return out


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one fresh process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT, env=env)
    proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{cmd} exited {proc.returncode}")
    return wall, usage.ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--pyc", action="store_true", help="children cache bytecode (in a private temp folder)")
    ap.add_argument("--before", type=Path, help="a folder holding another copy of the package `nlp` to time too")
    a = ap.parse_args()
    env = dict(os.environ)
    pyc_dir = None
    if a.pyc:
        pyc_dir = tempfile.TemporaryDirectory(prefix="xxgk-bench-pyc-")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = pyc_dir.name
    bytecode = "cached" if "PYTHONDONTWRITEBYTECODE" not in env else "not written (PYTHONDONTWRITEBYTECODE)"
    load_before = os.getloadavg()
    cmds = commands(a.before)
    for cmd in cmds.values():  # warm the page cache, jieba's dictionary cache and the bytecode once
        run(cmd, env)
    walls: dict[str, list[float]] = {k: [] for k in cmds}
    rss: dict[str, float] = dict.fromkeys(cmds, 0.0)
    for _ in range(a.repeat):
        for name, cmd in cmds.items():
            w, r = run(cmd, env)
            walls[name].append(w)
            rss[name] = max(rss[name], r)
    phases = json.loads(subprocess.run([sys.executable, "-c", PHASES.format(sample=str(SAMPLE))], cwd=ROOT, env=env,
                                       capture_output=True, text=True, check=True).stdout)
    load_after = os.getloadavg()
    base = statistics.median(walls['python -c "import spacy"'])
    print(f"load average before {load_before[0]:.2f} {load_before[1]:.2f}, after {load_after[0]:.2f} "
          f"{load_after[1]:.2f}; median of {a.repeat}, each a fresh process; bytecode {bytecode}")
    print(f"{'command':30} {'median s':>9} {'min s':>7} {'× import spacy':>15} {'peak RSS MB':>12}")
    for name in cmds:
        med = statistics.median(walls[name])
        print(f"{name:30} {med:9.3f} {min(walls[name]):7.3f} {med / base:15.2f} {rss[name]:12.0f}")
    print(f"phases of one parse in one process (jieba's FREQ: {phases['jieba FREQ']}):  wall s   CPU s")
    for name, sec in phases["wall"].items():
        print(f"  {name:34} {sec:6.3f} {phases['cpu'][name]:7.3f}")
    print(json.dumps({"load": [load_before, load_after], "bytecode": bytecode,
                      "median_s": {k: statistics.median(v) for k, v in walls.items()},
                      "min_s": {k: min(v) for k, v in walls.items()}, "peak_rss_mb": rss, "phases": phases}))
    if pyc_dir is not None:
        pyc_dir.cleanup()


if __name__ == "__main__":
    main()
