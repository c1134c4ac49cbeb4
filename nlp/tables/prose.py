"""Narrative checks: what the prose says against the tables and the report year (scope ``narrative/…``).

- N-1 “所有申请均已按期办结” (全部按时答复, 均已办结 …: a claim about *every* request) while T3
  carries cases into next year (结转下年度继续办理 总计 > 0) — severity fail; a sentence that itself
  mentions the postponed ones (另有72件顺延到下年度答复) makes no such claim;
- N-2 years in the text (2019年, 二〇二二年) more than one year away from the report year; years in
  citations (《…》, 〔2021〕, 2019年修订/施行/印发) are not counted — severity warning;
- N-3 a word printed twice in a row (资金资金, 公开公开) — severity warning;
- N-4 known misspellings from an extensible list (``nlp/data/typos.tsv``: wrong<TAB>right; pass
  ``typos=`` to add more) — severity warning.

Narrative figures against table totals (收到申请 N 件, 办结/答复 N 件, 行政复议 N 件) are the TT
checks of :mod:`nlp.tables.checks`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

from ..core.report import Check, Sentence
from ..core.tables import Tables

_ON_TIME = re.compile(r"(?:所有|全部)(?:政府信息公开|依申请公开|信息公开)?申请?[^。；;，,\d]{0,8}?(?:均|都|全部)?(?:已|已经)?"
                      r"(?:按期|按时|依法按时|在法定期限内|及时)(?:予以)?(?:办结|答复|办理完毕|完成答复)"
                      r"|均已(?:按期|按时)?办结")
_POSTPONED = re.compile(r"顺延|结转(?:至|到)?下一?年|延期答复|下年度")
_YEAR = re.compile(r"(?<![\d〔\[(（])((?:19|20)\d{2}|[二][〇○零][一二三四五六七八九〇○零]{2})\s*年(?!度?[)）〕\]])")
_CITED = re.compile(r"《[^》]{0,60}》|〔\d{4}〕|\[\d{4}\]")
_CITED_AFTER = re.compile(r"^\s*年?\s*(?:\d{1,2}月(?:\d{1,2}日)?)?\s*(?:修订|修正|施行|颁布|公布|印发|出台|发布|起施行|以来|至今)")
_REPEAT = re.compile(r"([\u4e00-\u9fff]{2,4})\1")
_REPEAT_OK = frozenset({"研究研究", "学习学习", "讨论讨论", "看一看", "一个一个", "一项一项", "一件一件", "一条一条"})
_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0"}


def _check(cid: str, what: str, fired: bool, severity: str, message: str, evidence: dict[str, Any],
           left: float | None = None, right: float | None = None) -> Check:
    ev = {**evidence, "severity": severity if fired else None}
    return Check(cid, f"narrative/{what}", "fail" if fired else "pass", message, left=left, right=right,
                 evidence=ev, severity=severity if fired else None)


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "")


def on_time_vs_carried(sentences: Sequence[Sentence], tables: Tables | None) -> Check:
    hits = [(s, m.group(0)) for s in sentences for m in [_ON_TIME.search(_norm(s.text))]
            if m and not _POSTPONED.search(_norm(s.text))]
    if not hits:
        return Check("N-1", "narrative/on-time", "not_assessable", "the text does not say every request was "
                     "answered on time", evidence={})
    sid, phrase = hits[0][0], hits[0][1]
    ev: dict[str, Any] = {"sentence_id": sid.id, "part": sid.part, "page": sid.page, "text": sid.text[:120],
                          "phrase": phrase}
    cell = tables.cell("T3", "结转下年度继续办理", "总计") if tables is not None else None
    if cell is None or not cell.figure:
        return Check("N-1", "narrative/on-time", "not_assessable", f"'{phrase}' but T3 has no 结转下年度 total",
                     evidence=ev)
    ev["cells"] = [{"table": "T3", "row": "结转下年度继续办理", "column": "总计", "raw": cell.raw, "page": cell.page}]
    carried = cell.value or 0
    return _check("N-1", "on-time", carried > 0, "fail",
                  f"'{phrase}' but T3 carries {carried} request(s) into next year" if carried
                  else f"'{phrase}' and T3 carries nothing into next year", ev, left=carried)


def _year_value(s: str) -> int:
    return int(s) if s.isdigit() else int("".join(_CN_DIGIT[c] for c in s))


def year_mentions(sentences: Sequence[Sentence], year: int | None) -> Check:
    if year is None:
        return Check("N-2", "narrative/years", "not_assessable", "report year unknown", evidence={})
    off: list[dict[str, Any]] = []
    for s in sentences:
        sid, raw, part, page = s.id, s.text, s.part, s.page
        text = _norm(raw)
        cited = [m.span() for m in _CITED.finditer(text)]
        for m in _YEAR.finditer(text):
            if any(a <= m.start() < b for a, b in cited) or _CITED_AFTER.match(text[m.end(1):]):
                continue
            y = _year_value(m.group(1))
            if abs(y - year) > 1:
                off.append({"sentence_id": sid, "part": part, "page": page, "year": y,
                            "text": text[max(0, m.start() - 20):m.end() + 20]})
    msg = (f"{len(off)} year mention(s) more than a year away from {year}: "
           + ", ".join(str(o["year"]) for o in off[:8])) if off else f"every year mentioned is within {year} ± 1"
    return _check("N-2", "years", bool(off), "warning", msg, {"report_year": year, "mentions": off[:20]},
                  left=len(off), right=year)


def repeated_words(sentences: Sequence[Sentence]) -> Check:
    found = []
    for s in sentences:
        sid, raw, part, page = s.id, s.text, s.part, s.page
        for m in _REPEAT.finditer(_norm(raw)):
            if m.group(0) not in _REPEAT_OK and len(set(m.group(1))) > 1:
                found.append({"sentence_id": sid, "part": part, "page": page, "repeat": m.group(0),
                              "text": _norm(raw)[max(0, m.start() - 15):m.end() + 15]})
    msg = ("repeated word(s): " + ", ".join(f["repeat"] for f in found[:8])) if found else "no repeated words"
    return _check("N-3", "repeats", bool(found), "warning", msg, {"repeats": found[:20]}, left=len(found))


@lru_cache(maxsize=1)
def default_typos() -> dict[str, str]:
    text = resources.files("nlp").joinpath("data/typos.tsv").read_text(encoding="utf-8")
    pairs = (ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))
    return {w.strip(): r.strip() for w, r in pairs}


def typos(sentences: Sequence[Sentence], extra: Mapping[str, str] | None = None) -> Check:
    table = {**default_typos(), **(extra or {})}
    found = []
    for s in sentences:
        sid, raw, part, page = s.id, s.text, s.part, s.page
        text = _norm(raw)
        for wrong, right in table.items():
            if wrong in text:
                found.append({"sentence_id": sid, "part": part, "page": page, "wrong": wrong, "right": right})
    msg = ("misspelling(s): " + ", ".join(f"{f['wrong']}→{f['right']}" for f in found[:8])) if found \
        else f"none of {len(table)} known misspellings"
    return _check("N-4", "typos", bool(found), "warning", msg, {"typos": found[:20]}, left=len(found))


def narrative_checks(sentences: Sequence[Sentence], tables: Tables | None, year: int | None,
                     extra_typos: Mapping[str, str] | None = None) -> list[Check]:
    return [on_time_vs_carried(sentences, tables), year_mentions(sentences, year), repeated_words(sentences),
            typos(sentences, extra_typos)]
