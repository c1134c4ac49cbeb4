"""The built wheel carries the part model and every data file, and works installed outside the
checkout: a fresh virtual environment, the working directory elsewhere, a heading-stripped report
parsed with ``--ignore-headings`` gets its parts from the shipped model (part_source ``model``).

The new environment gets only the wheel (``--no-deps``); the already installed dependencies are
reached through a ``.pth`` line naming the project environment's site-packages — a plain path line,
so the editable-install finder of ``nlp`` in that folder is never run and ``nlp`` can only come from
the wheel."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow

# the six part headings of 临县人民政府-2023 (一、总体情况 … 六、其他需要报告的事项); table rows such as
# "一、本年新收政府信息公开申请数量<TAB>11…" carry tabs and stay
HEADING = re.compile(r"^[一二三四五六]、[^\t]{2,25}$")
# sentences whose part the document states by the heading they stand under
KNOWN = {"全年门户网站独立用户访问总数651534个": 1, "2023年共受理依申请公开11件": 1,
         "政府信息公开业务水平有待提高": 5, "创新性推出图解、视频等更加新颖的政策解读": 5,
         "本机关2023年度未收取政府信息公开处理费": 6}


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kw)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    return proc


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from a copy of the source (the checkout gets no build/ folder)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "nlp", src / "nlp", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    dist = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(src)])
    (whl,) = dist.glob("xxgk_nlp-*.whl")
    return whl


def test_wheel_contains_every_package_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("nlp/data/parts/parts.npz", "nlp/data/parts/parts.json", "nlp/data/parts/MODEL_CARD.md"):
        assert required in names
    source = {p.relative_to(ROOT).as_posix() for p in (ROOT / "nlp").rglob("*")
              if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    assert source - names == set()  # every module and data file of the source tree ships
    entry = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "xxgk = nlp.cli:main" in entry


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    env = tmp_path_factory.mktemp("venv") / "env"
    base = getattr(sys, "_base_executable", sys.executable)
    _run([base, "-m", "venv", "--without-pip", str(env)])
    py = env / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--no-index", "-q", str(wheel)])
    site = Path(_run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    (site / "zz_project_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return env


def test_installed_wheel_parses_a_heading_stripped_report_with_the_model(venv: Path, tmp_path: Path) -> None:
    sample = ROOT / "corpus" / "samples" / "临县人民政府-2023.txt"
    lines = sample.read_text(encoding="utf-8").splitlines()
    kept = [x for x in lines if not HEADING.match(x.strip())]
    assert len(lines) - len(kept) == 6  # the six part headings, nothing else
    stripped = tmp_path / "stripped.txt"
    stripped.write_text("\n".join(kept), encoding="utf-8")
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where = _run([str(venv / "bin" / "python"), "-c", "import nlp; print(nlp.__file__)"], cwd=work, env=env)
    assert Path(where.stdout.strip()).is_relative_to(venv) and not Path(where.stdout.strip()).is_relative_to(ROOT)
    assert _run([str(venv / "bin" / "xxgk"), "--version"], cwd=work, env=env).stdout.startswith("xxgk-nlp ")
    proc = _run([str(venv / "bin" / "xxgk"), "parse", "--ignore-headings", "--json", str(stripped)], cwd=work, env=env)
    report = json.loads(proc.stdout)
    sentences = report["sentences"]
    assert sentences and not any("heading" in w.lower() and "only" in w.lower() for w in report["quality"]["warnings"])
    sources = [s["part_source"] for s in sentences]
    assert set(sources) <= {"model", "model_low"} and sources.count("model") > len(sources) / 2
    for needle, part in KNOWN.items():
        (s,) = [s for s in sentences if needle in s["text"].replace(" ", "")]
        assert s["part"] == part, (needle, s)
