"""What the audit pages show: plain frozen dataclasses built from the store (or from one pair).

The templates only read these objects; every string in them is report text or derived from it and
is HTML-escaped by the template engine (``autoescape=True``), never marked safe.

Suspicion (the index's default order, highest first)::

    suspicion = self_copy_share + (1 + log2(max(copy group size, 2))) × cross_copy_share
                + part-5 reuse ratio + 0.25 × min(failed checks, 4) + 0.25 × (stale mentions > 0)
                + 0.5 × (empty report)

``self_copy_share`` is the share of the report's narrative characters copied from the same
agency's earlier report, ``cross_copy_share`` the share copied from other agencies (template
wording and common phrasing excluded from both, :mod:`nlp.reuse.corpus_scores`); the copy group
size is the number of agencies in the report's copy cluster, so the weight of copying rises with
the ring (2 for a pair, 3 for four agencies, 5.3 for twenty); the part-5 ratio is the share of
part 5 (problems and improvements) reused from the prior report; an empty report (almost all
template wording) adds 0.5. When the store has no ``self_copy_share`` the overall reuse ratio is
used. A report the last ``xxgk reuse`` did not see has no scores: it is marked stale, not 0.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

RELATION_ORDER = ("cross", "self", "unknown")  # highlight priority when matches overlap
KIND_ORDER = ("exact", "numbers_only", "near")
STATUS_ORDER = ("fail", "uncertain", "not_assessable", "pass")
PART5_FLAG = 0.5
CROSS_FLAG = 0.05


@dataclass(frozen=True)
class Segment:
    """A run of one sentence's text with the same highlighting."""

    text: str
    match_no: int | None = None  # the primary match covering this run
    kind: str | None = None
    relation: str | None = None  # self (same agency's earlier report) | cross (another agency) | unknown
    template: bool = False  # the primary match is template wording
    matches: tuple[int, ...] = ()  # every match covering this run
    stale: str | None = None  # kind of stale mention, when the run is one


@dataclass(frozen=True)
class SentenceView:
    id: int
    text: str
    part: int
    page: int | None
    new_paragraph: bool
    segments: tuple[Segment, ...]
    start: int | None = None  # offset in the report's narrative

    def match_spans(self) -> dict[int, tuple[int, int]]:
        """match number → (start, end) of the text it covers, in this sentence."""
        out: dict[int, tuple[int, int]] = {}
        at = 0
        for seg in self.segments:
            for no in seg.matches:
                a, _ = out.get(no, (at, at))
                out[no] = (a, at + len(seg.text))
            at += len(seg.text)
        return out


@dataclass(frozen=True)
class PartView:
    part: int
    title: str | None
    heading_found: bool
    sentences: tuple[SentenceView, ...]
    reuse: float | None = None  # reuse ratio of this part vs the previous year


@dataclass(frozen=True)
class DiffRun:
    text: str
    changed: bool


@dataclass(frozen=True)
class MatchView:
    no: int
    new_id: int
    old_id: int
    part: int | None
    kind: str
    origin: str
    relation: str  # self | cross | unknown: whose report the other sentence is in
    source: str | None  # the store's relation: prior_year (vs the previous report) | self | cross
    similarity: float | None
    new_text: str
    old_text: str
    other_id: str | None
    other_label: str
    other_page: str | None  # file name of the other report's page, when it is in the site
    old_sentence: str | None
    diff_new: tuple[DiffRun, ...]
    diff_old: tuple[DiffRun, ...]
    new_span: tuple[int, int] | None = None  # of new_text in the sentence, when the store has it

    @property
    def template(self) -> bool:
        return self.origin in ("template", "common_phrase")  # expected wording, not a copy


@dataclass(frozen=True)
class EvidenceCell:
    table: str
    row: str
    column: str
    raw: str | None
    state: str | None
    page: int | None
    report: str = "current"


@dataclass(frozen=True)
class CheckView:
    no: int
    id: str
    scope: str
    status: str
    message: str
    left: float | None
    right: float | None
    cells: tuple[EvidenceCell, ...]
    sentence_id: int | None
    extra: tuple[tuple[str, str], ...]  # remaining evidence, as text


@dataclass(frozen=True)
class CellView:
    raw: str | None
    state: str | None
    value: float | None
    failed: tuple[str, ...] = ()  # ids of failed checks that use this cell


@dataclass(frozen=True)
class TableView:
    id: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[CellView | None, ...]], ...]


@dataclass(frozen=True)
class HistoryItem:
    year: int | None
    page: str | None
    kind: str
    text: str
    same_key: bool = True  # False: only the category is the same


@dataclass(frozen=True)
class FindingView:
    no: int
    kind: str
    text: str
    detail: str
    key: str
    category: str
    sentence_id: int | None
    history: tuple[HistoryItem, ...]
    copied_from: tuple[tuple[int, str], ...] = ()  # (match number, other report) of non-template reuse
    # overlapping the finding's text
    notes: tuple[str, ...] = ()  # from nlp.findings.track: repeated, unfollowed, persistent


@dataclass(frozen=True)
class StaleView:
    sentence_id: int
    kind: str
    text: str
    detail: str


@dataclass(frozen=True)
class Scores:
    prior_year: int | None = None
    prior_page: str | None = None
    reuse_ratio: float | None = None
    self_copy_share: float | None = None
    cross_copy_share: float | None = None
    template_share: float | None = None
    part5_ratio: float | None = None
    n_failed: int = 0
    n_checks: int = 0
    n_matches: int = 0
    n_cross: int = 0
    n_stale: int = 0
    by_part: dict[int, float] = field(default_factory=dict)
    common_phrase_share: float | None = None
    copy_group_size: int = 1
    empty_report: bool = False
    reuse_missing: bool = False  # added after the last `xxgk reuse`: no copy scores yet

    @property
    def suspicion(self) -> float:
        own = self.self_copy_share if self.self_copy_share is not None else self.reuse_ratio
        weight = 1 + math.log2(max(self.copy_group_size, 2))
        return round((own or 0.0) + weight * (self.cross_copy_share or 0.0) + (self.part5_ratio or 0.0)
                     + 0.25 * min(self.n_failed, 4) + 0.25 * (self.n_stale > 0) + 0.5 * self.empty_report, 4)

    @property
    def flags(self) -> tuple[str, ...]:
        out = []
        if self.reuse_missing:
            out.append("未计算沿用")
        if self.copy_group_size > 1:
            out.append(f"抄袭群组 {self.copy_group_size} 个机关")
        if self.empty_report:
            out.append("空报告")
        if (self.part5_ratio or 0) >= PART5_FLAG:
            out.append("第五部分沿用")
        if (self.cross_copy_share or 0) >= CROSS_FLAG or self.n_cross:
            out.append("与其他机关相同")
        if self.n_failed:
            out.append("核对未通过")
        if self.n_stale:
            out.append("过时表述")
        return tuple(out)


@dataclass(frozen=True)
class ClusterView:
    """A copy cluster (connected component of copy pairs) as the index lists it."""

    cluster_id: int
    size: int  # agencies
    share: float  # mean share of the pairs
    members: tuple[tuple[str, str, int | None], ...]  # (label, page, year)


@dataclass(frozen=True)
class ReportSummary:
    """One row of the index (and the header of a report page)."""

    id: str
    page: str
    title: str | None
    agency: str | None
    agency_norm: str | None
    year: int | None
    level: str | None
    file_name: str | None
    format: str | None
    pages: int | None
    scores: Scores

    @property
    def label(self) -> str:
        return f"{self.agency or self.file_name or self.id[:12]} {self.year or ''}".strip()


@dataclass(frozen=True)
class ReportView:
    summary: ReportSummary
    parts: tuple[PartView, ...]
    matches: tuple[MatchView, ...]
    checks: tuple[CheckView, ...]
    tables: tuple[TableView, ...]
    findings: tuple[FindingView, ...]
    stale: tuple[StaleView, ...]
    warnings: tuple[str, ...] = ()


def page_name(report_id: str) -> str:
    """Fallback file name of a report's page: the first 16 hex digits of a sha256 id; any other id
    (a hostile ``../../x``) is hashed, so a name never holds a path separator or dots."""
    rid = str(report_id)
    if not re.fullmatch(r"[0-9a-f]{16,64}", rid):
        rid = "x" + hashlib.sha256(rid.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{rid[:16]}.html"


_UNSAFE = re.compile(r"[^\w-]+")  # \w: letters and digits of every script (汉字 included), underscore
MAX_STEM = 60


def page_stem(agency: str | None, year: int | None) -> str:
    """``洪泽区人民政府-2024``: the agency and year, with every character other than letters, digits,
    ``_`` and ``-`` replaced by ``_`` (so no ``/``, ``.``, NUL or space); '' when nothing is left."""
    name = _UNSAFE.sub("_", str(agency or "")).strip("_-")[:MAX_STEM]
    if not name:
        return ""
    return f"{name}-{year}" if year is not None else name


def assign_pages(reports: Iterable[tuple[str, str | None, int | None]]) -> dict[str, str]:
    """report id → page file name for ``(report_id, agency, year)`` rows: ``agency-year.html``,
    ``agency-year-2.html`` … for reports with the same agency and year (in report-id order), the hashed
    :func:`page_name` when the agency is missing."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for rid, agency, year in sorted(reports, key=lambda r: (page_stem(r[1], r[2]), str(r[0]))):
        stem = page_stem(agency, year)
        if not stem:
            out[rid] = page_name(rid)
            used.add(out[rid].casefold())
            continue
        name, k = f"{stem}.html", 1
        while name.casefold() in used:
            k += 1
            name = f"{stem}-{k}.html"
        used.add(name.casefold())
        out[rid] = name
    return out


def as_float(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if f != f else f  # NaN → None


def as_int(v: Any) -> int | None:
    f = as_float(v)
    return None if f is None else int(f)
