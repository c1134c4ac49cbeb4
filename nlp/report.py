"""The result of parsing one report: plain frozen dataclasses and the ``xxgk.report/1`` JSON.

``Report.to_dict()`` is the contract printed by ``xxgk parse --json`` (see DESIGN.md and the
README's field table). ``report.doc`` keeps the spaCy ``Doc`` for notebook use; it is not
serialised.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

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
    id: int
    text: str
    part: int
    part_source: str  # "heading" | "model"
    part_score: float
    start: int
    end: int
    page: int


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


@dataclass(frozen=True)
class Quality:
    cid_chars: int = 0
    empty_pages: tuple[int, ...] = ()
    warnings: tuple[str, ...] = ()
    ocr_pages: tuple[int, ...] = ()  # pages read by OCR
    ocr_confidence: float | None = None  # mean OCR confidence over their characters


@dataclass(frozen=True)
class Report:
    source: Source
    meta: Meta
    parts: tuple[Part, ...]
    sentences: tuple[Sentence, ...]
    narrative: str
    tables: dict[str, Any] = field(default_factory=dict)
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
            "tables": self.tables.to_dict() if hasattr(self.tables, "to_dict") else dict(self.tables),
            "findings": [_finding_dict(f) for f in self.findings],
            "checks": [asdict(c) for c in self.checks],
            "quality": {
                "cid_chars": self.quality.cid_chars,
                "empty_pages": list(self.quality.empty_pages),
                "warnings": list(self.quality.warnings),
                "ocr_pages": list(self.quality.ocr_pages),
                "ocr_confidence": self.quality.ocr_confidence,
            },
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def part_text(self, part: int) -> str:
        """The narrative text of one part (its sentences joined)."""
        return "".join(s.text for s in self.sentences if s.part == part)


def _finding_dict(f: Finding) -> dict[str, Any]:
    d = asdict(f)
    d["links"] = list(f.links)
    return d
