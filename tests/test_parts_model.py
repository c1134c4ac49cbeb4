"""The part model files: arrays + JSON, no pickle, the digest pinned in the code, ModelError (exit 10)
for a missing, corrupt or replaced model, no scikit-learn at inference, reproducible training."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile

import numpy as np
import pytest
from conftest import REAL
from typer.testing import CliRunner

from nlp.core.errors import ModelError
from nlp.partmodel import model as pm
from nlp.partmodel import shipped
from nlp.partmodel.features import CharNgrams, normalise

SHIPPED = pm.shipped_dir()


def copy_model(tmp_path):
    d = tmp_path / "parts"
    shutil.copytree(SHIPPED, d)
    return d


def test_shipped_model_is_in_the_package_and_matches_the_pinned_digest():
    assert SHIPPED.parts[-3:] == ("nlp", "data", "parts")
    assert sorted(p.name for p in SHIPPED.iterdir()) == ["MODEL_CARD.md", "parts.json", "parts.npz"]
    assert pm.model_digest(SHIPPED) == shipped.SHA256
    size = sum(p.stat().st_size for p in SHIPPED.iterdir())
    assert size < 8 * 2**20
    m = pm.load_shipped()
    assert set(m.classes.tolist()) <= set(range(8)) and m.coef.shape[0] == len(m.classes)
    with zipfile.ZipFile(SHIPPED / pm.ARRAYS) as zf:  # plain .npy members, no object arrays
        for name in zf.namelist():
            header = zf.read(name)[:200]
            assert b"'descr': '|O'" not in header and name.endswith(".npy")


def test_round_trip_to_disk_from_disk(tmp_path):
    m = pm.load_shipped()
    m.to_disk(tmp_path / "again")
    again = pm.PartModel.from_disk(tmp_path / "again", sha256=shipped.SHA256)  # same bytes → same digest
    texts = ["根据《中华人民共和国政府信息公开条例》编制本报告。", "存在问题：一是业务水平有待提高。", "2024年1月30日"]
    np.testing.assert_array_equal(m.log_proba(texts), again.log_proba(texts))


def test_missing_model_is_a_model_error(tmp_path, monkeypatch):
    monkeypatch.setattr(pm, "shipped_dir", lambda: tmp_path / "nothing")
    pm.default_model.cache_clear()
    try:
        with pytest.raises(ModelError, match="unreadable") as exc:
            pm.default_model()
        assert exc.value.exit_code == 10
    finally:
        pm.default_model.cache_clear()


def run_cli(monkeypatch, model_dir, *args):
    from nlp.cli import app

    monkeypatch.setattr(pm, "shipped_dir", lambda: model_dir)
    pm.default_model.cache_clear()
    try:
        return CliRunner().invoke(app, list(args))
    finally:
        pm.default_model.cache_clear()


@pytest.mark.parametrize("flags", [(), ("--ignore-headings",)])
def test_parse_without_the_model_exits_10_with_one_line(tmp_path, monkeypatch, flags):
    res = run_cli(monkeypatch, tmp_path / "nothing", "parse", str(REAL / "临县人民政府-2023.txt"), *flags)
    assert res.exit_code == 10
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"xxgk: {tmp_path / 'nothing'}: part model unreadable")


def test_corrupt_model_exits_10(tmp_path, monkeypatch):
    d = copy_model(tmp_path)
    data = bytearray((d / pm.ARRAYS).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (d / pm.ARRAYS).write_bytes(bytes(data))
    res = run_cli(monkeypatch, d, "parse", str(REAL / "临县人民政府-2023.txt"), "--ignore-headings")
    assert res.exit_code == 10 and "does not match the pinned" in res.output
    # without a pinned digest the damage is still caught when the arrays are read
    with pytest.raises(ModelError, match="corrupt"):
        pm.PartModel.from_disk(d)
    (d / pm.META).write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="corrupt"):
        pm.PartModel.from_disk(d)


class Planted:
    """Unpickling this object writes a marker file: proof that code ran."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_replaced_model_card_and_sidecar_are_refused_and_run_no_code(tmp_path, monkeypatch):
    d = copy_model(tmp_path)
    marker = tmp_path / "code-ran"
    m = pm.PartModel.from_disk(d)
    # a model whose arrays carry a pickled object, plus a matching card and sidecar beside it
    obj = np.empty(1, dtype=object)
    obj[0] = Planted(str(marker))
    with zipfile.ZipFile(d / pm.ARRAYS, "w") as zf:
        for name, arr in (("idf", m.featurizer.idf), ("coef", m.coef), ("intercept", m.intercept),
                          ("classes", obj)):
            with zf.open(name + ".npy", "w") as f:
                np.lib.format.write_array(f, arr, allow_pickle=True)
    digest = pm.model_digest(d)
    (d / "MODEL_CARD.md").write_text(f"sha256: `{digest}`\n", encoding="utf-8")
    (d / "parts.npz.sha256").write_text(f"{digest}  parts.npz\n", encoding="utf-8")
    res = run_cli(monkeypatch, d, "parse", str(REAL / "临县人民政府-2023.txt"))
    assert res.exit_code == 10 and "does not match the pinned" in res.output
    # even when a caller trusts that digest, the arrays are read without pickle
    with pytest.raises(ModelError, match="corrupt"):
        pm.PartModel.from_disk(d, sha256=digest)
    assert not marker.exists()
    assert digest != shipped.SHA256


def test_inference_imports_no_sklearn_and_no_pickle():
    code = ("import sys, nlp\n"
            "r = nlp.parse('" + str(REAL / "临县人民政府-2023.txt") + "', ignore_headings=True)\n"
            "assert {s.part_source for s in r.sentences} <= {'model', 'model_low'}\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'joblib'))\n"
            "assert not bad, bad\n"
            "assert 'nlp.partmodel.fitting' not in sys.modules\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr


def test_train_parts_requires_out(monkeypatch):
    from nlp.cli import app

    res = CliRunner().invoke(app, ["train", "parts"])
    assert res.exit_code == 2 and "--out" in res.output


def test_eval_parts_default_corpus_from_any_directory(tmp_path, monkeypatch):
    from nlp.partmodel.data import default_corpus

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("XXGK_PARTS_CORPUS", raising=False)
    assert default_corpus().resolve() == REAL.resolve()
    monkeypatch.setenv("XXGK_PARTS_CORPUS", str(tmp_path))
    assert default_corpus() == tmp_path


def test_meta_is_plain_json():
    meta = json.loads((SHIPPED / pm.META).read_text(encoding="utf-8"))
    assert meta["format"] == pm.FORMAT and len(meta["vocabulary"]) == len(set(meta["vocabulary"]))


def test_normalisation_folds_variants():
    assert normalise("本機關 2023 年度未收取費用。") == normalise("本机关2024年度未收取费用.") == "本机关0年度未收取费用."
    assert normalise("（一）主动公开，") == normalise("(一)主动公开,")
    assert CharNgrams(1, 3)("无。") == ["^", "无", ".", "$", "^无", "无.", ".$", "^无.", "无.$"]


def test_training_is_reproducible(tmp_path):
    from nlp.partmodel.data import load_labelled
    from nlp.partmodel.recipe import train_model

    reports = [load_labelled(REAL / "沭阳县发展和改革局-2023.html")]
    kw = {"variants": ("stripped",), "excerpts": 1, "templates": ()}
    train_model(reports, **kw).to_disk(tmp_path / "a")
    train_model(reports, **kw).to_disk(tmp_path / "b")
    assert pm.model_digest(tmp_path / "a") == pm.model_digest(tmp_path / "b")
    assert not any(p.suffix in (".pkl", ".pickle") for p in (tmp_path / "a").iterdir())
