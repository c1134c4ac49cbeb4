"""Start-up of ``xxgk parse`` (issue 13): jieba's dictionary as a memory-mapped trie, the part
model's scores without scipy, label matching that skips keys out of reach, the lazy normalisation table —
each must give exactly what the ordinary path gives — and the heavy libraries a parse must not
import."""

from __future__ import annotations

import json
import logging
import os
import random
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from conftest import REAL, SAMPLE, real_files

from nlp.text import jieba_trie

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("pandas", "scipy", "sklearn", "duckdb", "jinja2")  # rapidfuzz (~20 ms) is fine: table labels need it


def _jieba():
    from nlp.text.jieba_cache import import_jieba

    jieba = import_jieba()
    jieba.setLogLevel(logging.WARNING)
    return jieba


def _userdict() -> str:
    from nlp.pipeline.language import _userdict_path

    return _userdict_path()


@pytest.fixture(scope="module")
def texts() -> list[str]:
    """Every real report twice: the narrative the pipeline tokenises, and every line of the
    document (tables included)."""
    from nlp import ingest
    from nlp.ingest.clean import clean
    from nlp.text.structure import layout

    out = []
    for path in real_files():
        document = ingest.read(path)
        blocks, _ = clean(document)
        out += [layout(blocks).narrative, "\n".join(line.text for line in document.lines)]
    assert len(out) == 2 * len(real_files()) >= 14 and all(out)
    return out


@pytest.fixture(scope="module")
def trie_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder holding jieba's own cache and the trie written from jieba's dictionary."""
    from nlp.text.jieba_cache import _default_dict_file, trie_dictionary

    jieba = _jieba()
    folder = tmp_path_factory.mktemp("jieba")
    plain = jieba.Tokenizer()
    plain.tmp_dir = str(folder)
    assert not trie_dictionary(plain)  # nothing cached yet
    plain.initialize()  # jieba builds its dict from dict.txt and writes jieba.cache
    jieba_trie.save(str(folder), plain.FREQ, plain.total, jieba_trie.stamp(_default_dict_file()))
    return folder


def _ordinary(folder: Path):
    """A plain jieba tokenizer loaded jieba's way (its ``initialize`` reading the ``jieba.cache`` it
    wrote in ``folder``), with the project's user dictionary."""
    tok = _jieba().Tokenizer()
    tok.tmp_dir = str(folder)
    tok.initialize()
    tok.load_userdict(_userdict())
    return tok


def _on_trie(folder: Path):
    from nlp.text.jieba_cache import trie_dictionary

    tok = _jieba().Tokenizer()
    tok.tmp_dir = str(folder)
    assert trie_dictionary(tok)
    assert isinstance(tok.FREQ, jieba_trie.PrefixFreq)
    tok.load_userdict(_userdict())
    return tok


def _cuts(tok, texts: list[str]) -> list[list[list[str]]]:
    return [[list(tok.cut(t)), list(tok.cut(t, HMM=False)), list(tok.cut(t, cut_all=True)),
             list(tok.cut_for_search(t))] for t in texts]


def test_the_trie_segments_every_real_report_as_jieba_does(texts, trie_folder) -> None:
    ordinary = _ordinary(trie_folder)
    assert isinstance(ordinary.FREQ, dict)
    expected = _cuts(ordinary, texts)
    tok = _on_trie(trie_folder)
    assert tok.total == ordinary.total
    assert _cuts(tok, texts) == expected
    # the domain words stay whole (the user dictionary reached the trie's overlay)
    assert "依申请公开" in [w for cut in expected for w in cut[0]]
    # promoted to the whole dictionary (what a long batch ends with): still the same words
    tok.FREQ.promote()
    assert tok.FREQ.complete
    assert _cuts(tok, texts) == expected
    # the promoted memo came from jieba.cache; without it the trie itself is read out
    assert tok.FREQ.to_dict() == ordinary.FREQ


def test_the_trie_is_the_mapping_jieba_built(trie_folder) -> None:
    ordinary = _ordinary(trie_folder)
    tok = _on_trie(trie_folder)
    freq = tok.FREQ
    assert len(freq) == len(ordinary.FREQ)
    rng = random.Random(13)
    keys = rng.sample(sorted(ordinary.FREQ), 3000)
    absent = ["".join(rng.choice("的是公开政府信息申请年度报告") for _ in range(rng.randint(1, 9))) + "〇"
              for _ in range(300)] + ["", "zzzz", "政府信息公开工作年度报告〇"]
    for key in keys + absent:
        assert (key in freq) == (key in ordinary.FREQ)
        assert freq.get(key) == ordinary.FREQ.get(key)
        assert freq.get(key, -7) == ordinary.FREQ.get(key, -7)
        if key in ordinary.FREQ:
            assert freq[key] == ordinary.FREQ[key]
        else:
            with pytest.raises(KeyError):
                freq[key]
    assert 12345 not in freq


def test_words_added_on_top_of_the_trie_are_used(trie_folder) -> None:
    ordinary, tok = _ordinary(trie_folder), _on_trie(trie_folder)
    word, text = "年报勾稽核验", "本机关开展年报勾稽核验工作。"
    assert word not in ordinary.FREQ and word not in tok.FREQ
    assert word not in ordinary.lcut(text)
    for t in (ordinary, tok):
        t.add_word(word, 50000)
    assert word in tok.FREQ and tok.FREQ[word] == 50000 and tok.FREQ["年报勾"] == 0
    assert tok.lcut(text) == ordinary.lcut(text) and word in tok.lcut(text)
    assert tok.total == ordinary.total
    for t in (ordinary, tok):
        t.del_word("政务公开")  # a user-dictionary word, now frequency 0
    assert tok.FREQ["政务公开"] == 0
    sentence = "加强政务公开平台建设"
    assert tok.lcut(sentence) == ordinary.lcut(sentence)


def test_a_stale_or_damaged_trie_is_not_used(tmp_path: Path) -> None:
    freq = {"政": 5, "政府": 3, "政府信": 0, "政府信息": 7}
    stamp = b"s" * 32
    jieba_trie.save(str(tmp_path), freq, 15, stamp)
    loaded = jieba_trie.load(str(tmp_path), stamp)
    assert loaded is not None and loaded[1] == 15 and dict(loaded[0].items()) == freq
    assert jieba_trie.load(str(tmp_path), b"t" * 32) is None  # another dictionary or jieba version
    raw = (tmp_path / jieba_trie.FREQS).read_bytes()
    (tmp_path / jieba_trie.FREQS).write_bytes(raw[:-4])  # cut short
    assert jieba_trie.load(str(tmp_path), stamp) is None
    (tmp_path / jieba_trie.FREQS).write_bytes(raw)
    (tmp_path / jieba_trie.TRIE).write_bytes(b"garbage" * 100)
    assert jieba_trie.load(str(tmp_path), stamp) is None
    (tmp_path / jieba_trie.TRIE).unlink()
    assert jieba_trie.load(str(tmp_path), stamp) is None


_RUN = ("import sys, jieba\nfrom nlp.cli import main\ntry:\n    main()\nfinally:\n"
        "    sys.stderr.write('FREQ=' + type(jieba.dt.FREQ).__name__)\n")


def _parse_json(path: Path, cache_home: Path) -> tuple[str, str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    proc = subprocess.run([sys.executable, "-c", _RUN, "parse", str(path), "--json"], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout, proc.stderr.rsplit("FREQ=", 1)[1]


@pytest.mark.parametrize("path", [SAMPLE, REAL / "淮安市洪泽区人民政府-2023.pdf"], ids=["临县", "洪泽2023pdf"])
def test_parse_json_is_the_same_on_the_trie_as_on_jiebas_dict(path: Path, tmp_path: Path) -> None:
    cache_home = tmp_path / "cache"
    # first run: no cache at all, jieba builds its dict the ordinary way (then the trie is written)
    ordinary, kind = _parse_json(path, cache_home)
    assert kind == "dict"
    assert (cache_home / "xxgk-nlp" / "jieba" / jieba_trie.TRIE).is_file()
    on_trie, kind = _parse_json(path, cache_home)
    assert kind == "PrefixFreq"
    assert on_trie == ordinary
    report = json.loads(on_trie)
    assert report["sentences"] and report["parts"]


_MODULES = ("import json, sys\nfrom nlp.cli import main\ntry:\n    main()\nfinally:\n"
            "    sys.stderr.write('\\nMODULES=' + json.dumps(sorted(sys.modules)))\n")


def test_xxgk_parse_imports_no_heavy_library() -> None:
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", _MODULES, "parse", str(SAMPLE), "--json"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout)["sentences"]
    loaded = set(json.loads(proc.stderr.rsplit("MODULES=", 1)[1]))
    assert {"spacy", "jieba", "nlp.pipeline.parsing", "nlp.partmodel.model"} <= loaded
    heavy = {name.split(".")[0] for name in loaded} & set(HEAVY)
    assert heavy <= {"jinja2"}, heavy
    # jinja2 comes with spaCy's own import (spacy/__init__ → spacy.cli); no module of ours imports it.
    # -X importtime prints a module after the modules it imported, indented one step deeper
    rows = []
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+\d+ \|( *)(\S+)", line)
        if m:
            rows.append((len(m.group(1)) // 2, m.group(2)))
    if "jinja2" in heavy:
        first = next(i for i, (_, name) in enumerate(rows) if name == "jinja2")
        chain, depth = [], rows[first][0]
        for d, name in rows[first + 1:]:
            if d < depth:
                chain.append(name)
                depth = d
        assert "spacy" in chain, chain
        assert not any(n.startswith("nlp") for n in chain[:chain.index("spacy")]), chain


def test_numpy_scores_are_the_feature_matrix_product() -> None:
    from nlp.partmodel.features import normalise, rows_for
    from nlp.partmodel.model import default_model
    from nlp.text.sentences import sentence_offsets

    model = default_model()
    feat = model.featurizer
    for path in real_files():
        from nlp import ingest
        from nlp.ingest.clean import clean
        from nlp.text.structure import layout

        lay = layout(clean(ingest.read(path))[0])
        texts = [lay.narrative[s:e] for s, e, *_ in sentence_offsets(lay.narrative, lay)]
        assert len(texts) > 10
        rows = rows_for(texts)
        matrix = feat.transform(rows)
        np.testing.assert_allclose(feat.linear(rows, model.coef), matrix @ model.coef.T, rtol=0, atol=1e-10)
        # the TF-IDF block from its definition: sublinear counts of the known n-grams × idf, l2-normalised
        data, indices, indptr = feat.tfidf_arrays([normalise(t) for t in texts])
        for i in range(0, len(texts), 7):
            counts = Counter(g for g in feat.analyzer(normalise(texts[i])) if g in feat.vocabulary)
            want = {feat.vocabulary[g]: (np.log(c) + 1) * feat.idf[feat.vocabulary[g]] for g, c in counts.items()}
            norm = np.sqrt(sum(v * v for v in want.values())) or 1.0
            got = dict(zip(indices[indptr[i]:indptr[i + 1]].tolist(), data[indptr[i]:indptr[i + 1]], strict=True))
            assert got.keys() == want.keys()
            assert all(abs(got[k] - want[k] / norm) < 1e-6 for k in want)


def test_the_lazy_normalisation_table_is_the_whole_plane_table() -> None:
    from nlp.core.convert import to_simplified_chars
    from nlp.partmodel.features import _PUNCT, normalise

    plane = "".join(chr(k) for k in range(0x80, 0x10000) if not 0xD800 <= k < 0xE000)
    eager = {}
    for c in plane:
        t = unicodedata.normalize("NFKC", to_simplified_chars(c)).translate(_PUNCT)
        if t != c:
            eager[ord(c)] = t
    assert len(eager) > 1000  # traditional characters, full-width forms, punctuation
    extra = "AbC 12，。“引号”\U0001d400\U00020000"  # ASCII and astral characters are left alone
    for chunk in (plane[i:i + 997] + extra for i in range(0, len(plane), 997)):
        assert normalise(chunk) == re.sub(r"\s+", "", re.sub(r"\d+(?:[.,]\d+)*", "0", chunk.translate(eager)))


def test_the_length_bound_changes_no_fuzzy_label_match() -> None:
    from nlp.core.labels import _index, fuzzy_key, match, strip_label

    rng = random.Random(11)
    noise = "的公开信息申请不予其他条项人1（"
    damaged = []
    for key in _index()[0]:
        for _ in range(3):
            k = list(key)
            op = rng.randrange(4)
            i = rng.randrange(len(k))
            if op == 0 and len(k) > 1:
                del k[i]
            elif op == 1:
                k.insert(i, rng.choice(noise))
            elif op == 2:
                k[i] = rng.choice(noise)
            else:
                k = k[:max(1, int(len(k) * rng.uniform(0.5, 0.95)))]
            damaged.append("".join(k))
    fuzzy = [t for t in damaged if t and t not in _index()[0]]
    assert len(fuzzy) > 200
    found = 0
    for text in damaged:
        s = strip_label(text)
        if len(s) >= 4 and s not in _index()[0]:
            assert fuzzy_key(s, _index()[1]) == fuzzy_key(s, _index()[1], bound=False), text
        found += bool(match(text))
    assert found > len(damaged) // 3  # the fuzzy branch does match damaged labels
