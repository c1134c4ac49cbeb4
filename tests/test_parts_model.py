"""The part model file: hash check before unpickling, trust flag, size, picklable features,
the fast inference path equal to the sklearn pipeline, reproducible training."""

from __future__ import annotations

import pickle
import shutil

import numpy as np
import pytest
from conftest import REAL

from nlp.partmodel import model as pm
from nlp.partmodel.features import CharNgrams, DocumentFeatures, normalise, rows_for

SHIPPED = pm.default_dir() / pm.MODEL_NAME


def copy_model(tmp_path):
    for name in (pm.MODEL_NAME, pm.MODEL_NAME + ".sha256", "MODEL_CARD.md"):
        shutil.copy(pm.default_dir() / name, tmp_path / name)
    return tmp_path / pm.MODEL_NAME


def test_shipped_model_matches_sidecar_and_card_and_is_small():
    data = SHIPPED.read_bytes()
    digest = pm.sha256_bytes(data)
    assert (pm.default_dir() / "parts.pkl.sha256").read_text().split()[0] == digest
    assert digest in (pm.default_dir() / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert len(data) < 20 * 2**20
    m = pm.load_model()
    assert isinstance(m, pm.PartModel) and set(m.pipeline.classes_) <= set(range(8))


def test_tampered_model_is_refused_before_unpickling(tmp_path, monkeypatch):
    path = copy_model(tmp_path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    called = []
    monkeypatch.setattr(pm.pickle, "loads", lambda *a, **k: called.append(1))
    with pytest.raises(pm.ModelIntegrityError, match="does not match"):
        pm.load_model(path, trust=True)
    assert not called  # never reached the unpickler


def test_tampered_shipped_location_is_refused(tmp_path, monkeypatch):
    copy_model(tmp_path)
    (tmp_path / pm.MODEL_NAME).write_bytes(pickle.dumps({"format": pm.FORMAT}) + b"junk")
    monkeypatch.setattr(pm, "default_dir", lambda: tmp_path)
    with pytest.raises(pm.ModelIntegrityError):
        pm.load_model()
    pm.default_model.cache_clear()
    try:
        with pytest.warns(RuntimeWarning, match="headings only"):
            assert pm.default_model() is None
    finally:
        pm.default_model.cache_clear()


def test_user_file_needs_trust_and_a_sidecar(tmp_path):
    path = copy_model(tmp_path)
    with pytest.raises(pm.ModelIntegrityError, match="trust=True"):
        pm.load_model(path)
    assert isinstance(pm.load_model(path, trust=True), pm.PartModel)
    (tmp_path / "parts.pkl.sha256").unlink()
    with pytest.raises(pm.ModelIntegrityError, match="sidecar"):
        pm.load_model(path, trust=True)


def test_sidecar_contradicting_the_card_is_refused(tmp_path):
    path = copy_model(tmp_path)
    (tmp_path / "parts.pkl.sha256").write_text(pm.sha256_bytes(path.read_bytes()[:-1] + b"x") + "  parts.pkl\n")
    with pytest.raises(pm.ModelIntegrityError):
        pm.load_model(path, trust=True)


def test_missing_model_falls_back_to_headings(tmp_path, monkeypatch):
    from nlp.parts import assign_parts

    monkeypatch.setattr(pm, "default_dir", lambda: tmp_path / "nothing")
    pm.default_model.cache_clear()
    try:
        with pytest.warns(RuntimeWarning):
            parts, sources, scores = assign_parts(["甲。", "乙。", "丙。"], [0, 1, 5], {1, 5})
    finally:
        pm.default_model.cache_clear()
    assert parts == [0, 1, 5] and sources == ["heading"] * 3 and scores == [1.0] * 3


def test_analyzers_pickle_by_reference():
    f = DocumentFeatures()
    again = pickle.loads(pickle.dumps(f))
    assert isinstance(again, DocumentFeatures)
    a = CharNgrams(1, 3)
    assert pickle.loads(pickle.dumps(a))("无。") == a("无。") == ["^", "无", ".", "$", "^无", "无.", ".$", "^无.", "无.$"]


def test_normalise_folds_script_punctuation_and_numbers():
    assert normalise("本機關 2023 年度未收取費用。") == normalise("本机关2024年度未收取费用.") == "本机关0年度未收取费用."
    assert normalise("（一）主动公开，") == normalise("(一)主动公开,")


def test_fast_inference_equals_the_sklearn_pipeline():
    m = pm.load_model()
    texts = ["根据《中华人民共和国政府信息公开条例》编制本报告。", "一是加强组织领导。", "存在问题：一是业务水平有待提高。",
             "本機關未收取信息處理費。", "2024年1月30日", ""]
    rows = rows_for(texts)
    f = m.pipeline.named_steps["features"]
    norm = [normalise(t) for t in texts]
    np.testing.assert_allclose(f.tfidf(norm).toarray(), f.vectorizer_.transform(norm).toarray(), atol=1e-6)
    ours = np.exp(m.log_proba(texts))
    ref = np.zeros_like(ours)
    ref[:, m.pipeline.classes_] = m.pipeline.predict_proba(rows)
    np.testing.assert_allclose(ours, ref, atol=1e-3)


def test_training_is_reproducible():
    from nlp.partmodel.data import load_labelled
    from nlp.partmodel.train import train_model

    reports = [load_labelled(REAL / "沭阳县发展和改革局-2023.html")]
    kw = {"variants": ("stripped",), "excerpts": 1, "templates": ()}
    a = train_model(reports, **kw)
    b = train_model(reports, **kw)
    assert pm.dumps(a) == pm.dumps(b)
