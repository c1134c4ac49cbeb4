"""Build ``nlp/data/template_baseline.json``, the shipped template wording.

    .venv/bin/python -m nlp.reuse.build_baseline [--corpus ../shared/corpus] [--out nlp/data/template_baseline.json]

Entries are skeletons of

* every paragraph of the official template (``templates/*.docx``, read with python-docx),
* every label of its tables (row and column headings: 本年新收政府信息公开申请数量, 行政许可 …), and
* :data:`STANDARD`: the 条例 citation and the standard sentences every report carries (preamble,
  statistics period, contact, electronic version, fee, application totals, the 2019 template's
  sub-headings), with a sample agency name (a slot, see :func:`nlp.reuse.template.slot`) and
  sample figures (masked by the skeleton).

No entry comes from counting how many agencies use a passage. The output is deterministic (sorted,
no timestamps); it records the sha256 of every template file.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from .skeleton import segments, skeleton
from .template import BASELINE_FILE, Baseline

ROOT = Path(__file__).resolve().parents[2]

STANDARD = (
    "某某县人民政府2023年政府信息公开工作年度报告",
    "2023年政府信息公开工作年度报告",
    "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，编制本报告。",
    "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发"
    "〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求，编制本报告。",
    "本报告由某某县人民政府办公室根据《中华人民共和国政府信息公开条例》（国令第711号）（以下简称《条例》）要求编制。",
    "本报告由某某县人民政府办公室根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定编制。",
    "本报告由某某县人民政府办公室根据《中华人民共和国政府信息公开条例》要求编制。",
    "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。",
    "报告中所列数据统计期限自2023年1月1日起至2023年12月31日止。",
    "本年度报告中所列数据统计期限为2023年1月1日至12月31日。",
    "本报告的电子版可在某某县人民政府门户网站（www.example.gov.cn）下载。",
    "如对本报告有疑问，请与某某县人民政府办公室联系（地址：某某县人民路1号，邮编：100000，电话：0000-12345678，"
    "电子邮箱：office@example.gov.cn）。",
    "如对本报告有任何疑问，请联系某某县人民政府办公室（地址：某某县人民路1号；邮编：100000；电话：0000-12345678）。",
    "2023年，某某县人民政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费0元。",
    "本年度未收取政府信息公开信息处理费。",
    "2023年，全县共受理政府信息公开申请100件，答复95件（含上年度结转申请3件，另有8件顺延到下年度答复），"
    "均在法定期限内予以答复。",
    "（一）主动公开情况。",
    "（二）依申请公开情况。",
    "（三）政府信息管理情况。",
    "（四）政府信息公开平台建设情况。",
    "（五）政府信息公开监督保障情况。",
    "2024年1月30日",
)
"""Standard sentences of the national template's practice (names and figures are samples: slots)."""


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def template_paragraphs(docx_path: Path) -> list[str]:
    import docx

    d = docx.Document(str(docx_path))
    return [p.text.strip() for p in d.paragraphs if p.text.strip()]


def template_labels(docx_path: Path) -> list[str]:
    """Distinct non-empty cell texts of the template's tables (the row and column labels)."""
    import docx

    d = docx.Document(str(docx_path))
    cells = {c.text.strip() for t in d.tables for r in t.rows for c in r.cells}
    return sorted(c for c in cells if c)


def build(corpus: Path) -> Baseline:
    entries: dict[str, dict[str, object]] = {}
    sources: dict[str, str] = {}
    for docx_path in sorted((corpus / "templates").glob("*.docx")):
        sources[f"templates/{docx_path.name}"] = _sha(docx_path)
        for para in template_paragraphs(docx_path):
            if sk := skeleton(para):
                entries.setdefault(sk, {"example": para, "source": "template"})
        for label in template_labels(docx_path):
            if sk := skeleton(label):
                entries.setdefault(sk, {"example": label, "source": "template_table"})
    for text in STANDARD:  # the sentence and each matching unit of it (cut at ；, as reports are)
        for a, b in [(0, len(text)), *segments(text)]:
            if sk := skeleton(text[a:b]):
                entries.setdefault(sk, {"example": text[a:b], "source": "standard"})
    meta = {
        "builder": "python -m nlp.reuse.build_baseline",
        "rule": "template paragraphs + template table labels + standard sentences (names and figures as slots)",
        "sources": dict(sorted(sources.items())),
    }
    return Baseline(dict(sorted(entries.items())), meta)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--out", type=Path, default=ROOT / "nlp" / "data" / BASELINE_FILE)
    args = ap.parse_args(argv)
    if not (args.corpus / "templates").is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    b = build(args.corpus)
    args.out.write_text(b.to_json(), encoding="utf-8")
    print(f"{len(b.entries)} entries -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
