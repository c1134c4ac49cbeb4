"""What the audit pages show: plain frozen dataclasses built from the store (or from one pair).

The templates only read these objects; every string in them is report text or derived from it and
is HTML-escaped by the template engine (``autoescape=True``), never marked safe.

The report's scores and its suspicion: :mod:`nlp.audit.scores`; page file names:
:mod:`nlp.audit.pages`; store values as numbers: :mod:`nlp.audit.values`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .scores import Scores

RELATION_ORDER = ("cross", "self", "unknown")  # highlight priority when matches overlap
KIND_ORDER = ("exact", "numbers_only", "near")
STATUS_ORDER = ("fail", "uncertain", "not_assessable", "pass")


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
