"""The result of parsing one report: plain frozen dataclasses and the ``xxgk.report/1`` JSON.

``Report.to_dict()`` is the contract printed by ``xxgk parse --json`` (every field is described
in docs/json.md). ``report.doc`` keeps the spaCy ``Doc`` for notebook use; it is not
serialised.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from .tables import Tables

SCHEMA = "xxgk.report/1"
PART_NAMES = {
    0: "前言",
    1: "总体情况",
    2: "主动公开政府信息情况",
    3: "收到和处理政府信息公开申请情况",
    4: "政府信息公开行政复议、行政诉讼情况",
    5: "存在的主要问题及改进情况",
    6: "其他需要报告的事项",
    7: "落款",
}


@dataclass(frozen=True)
class Source:
    path: str | None
    sha256: str
    format: str
    pages: int


@dataclass(frozen=True)
class Meta:
    title: str | None = None
    agency: str | None = None
    year: int | None = None
    level: str | None = None  # province | city | county | district | township | department
    published: str | None = None  # ISO date


@dataclass(frozen=True)
class Part:
    part: int
    title: str | None
    start: int
    end: int
    heading_found: bool


@dataclass(frozen=True)
class Sentence:
    """One narrative sentence: the one sentence record (the pipeline, findings, reuse and the
    table checks all use it). ``start``/``end`` are offsets in the report's narrative."""

    id: int
    text: str
    part: int = 0
    part_source: str = "heading"  # "heading" | "model" | "model_low"
    part_score: float = 1.0
    start: int = 0
    end: int = 0
    page: int = 1


@dataclass(frozen=True)
class Finding:
    kind: str  # problem | commitment | improvement
    text: str
    detail: str
    key: str
    category: str
    part: int
    sentence_id: int
    start: int
    end: int
    links: tuple[int, ...] = ()  # for commitments: indexes (in findings) of problems answered


@dataclass(frozen=True)
class Check:
    id: str
    scope: str
    status: str  # pass | fail | uncertain | not_assessable
    message: str
    left: float | None = None
    right: float | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    severity: str | None = None  # outline/narrative checks: "warning" or "fail" (see nlp.tables.outline)


@dataclass(frozen=True)
class Quality:
    cid_chars: int = 0
    empty_pages: tuple[int, ...] = ()
    warnings: tuple[str, ...] = ()
    table_shapes: dict[str, list[str]] = field(default_factory=dict)  # table -> layouts recognised
    text_coverage: float | None = None  # PDF only: share of the text layer's characters kept
    ocr_pages: tuple[int, ...] = ()  # pages read by OCR
    ocr_confidence: float | None = None  # mean OCR confidence over their characters


@dataclass(frozen=True)
class Report:
    source: Source
    meta: Meta
    parts: tuple[Part, ...]
    sentences: tuple[Sentence, ...]
    narrative: str
    tables: Tables = field(default_factory=lambda: _no_tables())
    findings: tuple[Finding, ...] = ()
    checks: tuple[Check, ...] = ()
    quality: Quality = field(default_factory=Quality)
    doc: Any = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The ``xxgk.report/1`` JSON object (no spaCy Doc, no narrative text)."""
        return {
            "schema": SCHEMA,
            "source": asdict(self.source),
            "meta": asdict(self.meta),
            "parts": [asdict(p) for p in self.parts],
            "sentences": [asdict(s) for s in self.sentences],
            "tables": self.tables.to_dict(),
            "findings": [finding_dict(f) for f in self.findings],
            "checks": [asdict(c) for c in self.checks],
            "quality": {
                "cid_chars": self.quality.cid_chars,
                "empty_pages": list(self.quality.empty_pages),
                "text_coverage": self.quality.text_coverage,
                "warnings": list(self.quality.warnings),
                "table_shapes": dict(self.quality.table_shapes),
                "ocr_pages": list(self.quality.ocr_pages),
                "ocr_confidence": self.quality.ocr_confidence,
            },
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def part_text(self, part: int) -> str:
        """The narrative text of one part (its sentences joined)."""
        return "".join(s.text for s in self.sentences if s.part == part)

    def sentences_frame(self) -> pd.DataFrame:
        """One row per sentence: the :class:`Sentence` fields plus ``part_name`` (pandas DataFrame)."""
        rows = [{**asdict(s), "part_name": PART_NAMES.get(s.part, "")} for s in self.sentences]
        return _frame(rows, [f.name for f in fields(Sentence)] + ["part_name"])

    def findings_frame(self) -> pd.DataFrame:
        """One row per finding (problem, commitment, improvement): the :class:`Finding` fields."""
        return _frame([finding_dict(f) for f in self.findings], [f.name for f in fields(Finding)])

    def tables_frame(self) -> pd.DataFrame:
        """Every cell of the statistical tables, one row each: ``table``, ``row``, ``column``,
        ``raw`` (as printed), ``state`` (number|zero|empty|na|text), ``value``, ``page``."""
        rows = [{"table": t, "row": r, "column": c, "raw": cell.raw, "state": cell.state, "value": cell.value,
                 "page": cell.page}
                for t in self.tables for (r, c), cell in self.tables.table(t).cells.items()]
        return _frame(rows, ["table", "row", "column", "raw", "state", "value", "page"])


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    import pandas as pd  # only when a frame is asked for

    return pd.DataFrame(rows, columns=columns)


def _no_tables() -> Tables:
    from .tables import Tables  # pandas: imported when a Report without tables is built

    return Tables()


def finding_dict(f: Finding) -> dict[str, Any]:
    """One finding as the JSON object of ``xxgk.report/1`` (``links`` a list)."""
    d = asdict(f)
    d["links"] = list(f.links)
    return d


def finding_from_dict(d: dict[str, Any]) -> Finding:
    """The inverse of :func:`finding_dict`."""
    return Finding(**{**d, "links": tuple(d.get("links", ()))})
