"""Benchmark: jieba's dictionary as a Python dict (jieba's way) against the memory-mapped trie
(:mod:`nlp.text.jieba_trie`), in one process.

- load: seconds to get the default dictionary (the dict: ``marshal.loads`` of jieba's cache, as
  :func:`nlp.text.jieba_cache.preload`; the trie: :func:`nlp.text.jieba_trie.load`), median of 3;
- tokenisation: CPU seconds to cut the narrative of every report in ``../shared/corpus/real`` (as
  the pipeline does: read, clean, layout) with each structure, both with the shipped user
  dictionary. Pass 1 is the trie's cold pass (its memo is empty); passes 2.. are warm. A
  throw-away tokenizer cuts everything once first, so neither side pays the warm-up of jieba's
  HMM and regexes. The segmentations are asserted equal.

Run from the repository root::

    .venv/bin/python benchmarks/jieba_dict.py --repeat 5
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpus" / "real"


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def narratives(folder: Path) -> list[str]:
    from nlp import ingest
    from nlp.ingest.clean import clean
    from nlp.text.structure import layout

    out = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in {".pdf", ".html", ".htm", ".md", ".txt", ".docx"}:
            blocks, _ = clean(ingest.read(path))
            out.append(layout(blocks).narrative)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--corpus", type=Path, default=REAL)
    a = ap.parse_args()
    from nlp.pipeline.language import _userdict_path
    from nlp.text import jieba_trie
    from nlp.text.jieba_cache import cache_dir, import_jieba, preload, trie_dictionary

    jieba = import_jieba()
    jieba.setLogLevel(logging.WARNING)
    load_before = os.getloadavg()
    texts = narratives(a.corpus)

    def dict_tokenizer():
        tok = jieba.Tokenizer()
        tok.tmp_dir = cache_dir()
        if not preload(tok):
            tok.initialize()
        return tok

    def trie_tokenizer():
        tok = jieba.Tokenizer()
        tok.tmp_dir = cache_dir()
        if not trie_dictionary(tok):
            raise SystemExit("no trie: run `xxgk parse corpus/samples/临县人民政府-2023.txt` once to build it")
        return tok

    dict_tokenizer()  # jieba's cache exists
    trie_tokenizer()  # the trie exists (built from jieba's dictionary on first use)
    loads: dict[str, list[float]] = {"dict": [], "trie": []}
    for _ in range(3):
        for name, make in (("dict", dict_tokenizer), ("trie", trie_tokenizer)):
            t = time.perf_counter()
            make()
            loads[name].append(time.perf_counter() - t)
    toks = {"dict": dict_tokenizer(), "trie": trie_tokenizer(), "promoted": trie_tokenizer()}
    warm = dict_tokenizer()
    for tok in (*toks.values(), warm):
        tok.load_userdict(_userdict_path())
    assert isinstance(toks["trie"].FREQ, jieba_trie.PrefixFreq) and isinstance(toks["dict"].FREQ, dict)
    t = time.perf_counter()
    toks["promoted"].FREQ.promote()
    promote_s = time.perf_counter() - t
    for t in texts:
        list(warm.cut(t))
    cpu_s: dict[str, list[float]] = {"dict": [], "trie": [], "promoted": []}
    for r in range(a.repeat):
        order = ("dict", "trie", "promoted") if r % 2 == 0 else ("promoted", "trie", "dict")
        cuts = {}
        for name in order:
            c = cpu()
            cuts[name] = [list(toks[name].cut(t)) for t in texts]
            cpu_s[name].append(cpu() - c)
        assert cuts["dict"] == cuts["trie"] == cuts["promoted"], "the trie changed a segmentation"
        if r == 0:
            misses = toks["trie"].FREQ._misses
    load_after = os.getloadavg()
    cold = cpu_s["trie"][0] / cpu_s["dict"][0]
    warm_ratio = statistics.median(cpu_s["trie"][1:]) / statistics.median(cpu_s["dict"][1:]) if a.repeat > 1 else cold
    total = [sum(cpu_s[k]) for k in ("dict", "trie")]
    print(f"load average before {load_before[0]:.2f} {load_before[1]:.2f}, after {load_after[0]:.2f} {load_after[1]:.2f}")
    print(f"{len(texts)} reports, {sum(map(len, texts))} characters of narrative")
    print(f"load the dictionary (median of 3, wall s): dict {statistics.median(loads['dict']):.3f}  "
          f"trie {statistics.median(loads['trie']):.4f}")
    print(f"promote the trie to the whole dictionary (wall s): {promote_s:.3f}; trie lookups in pass 1: {misses}")
    for name in cpu_s:
        print(f"tokenise all reports, CPU s per pass, {name:8}: " + " ".join(f"{s:.3f}" for s in cpu_s[name]))
    print(f"trie / dict: pass 1 (cold memo) {cold:.3f}, later passes (median) {warm_ratio:.3f}, "
          f"all {a.repeat} passes {total[1] / total[0]:.3f}; promoted / dict, all passes "
          f"{sum(cpu_s['promoted']) / total[0]:.3f}")


if __name__ == "__main__":
    main()
