"""A parsed report as the store's columnar rows (:data:`nlp.corpus.store.TABLES`), built in the worker.

:func:`report_rows` reads ``report.to_dict()`` (the ``xxgk.report/1`` contract), so the counts in
the store agree with ``xxgk parse --json``; :func:`normalise_agency` gives the key agencies are
grouped by across years.
"""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from typing import Any

from ..core.convert import to_simplified
from ..text.region import region_of
from .store_schema import REPORT_TABLES, TABLES, Rows


def normalise_agency(name: str | None) -> str | None:
    """NFKC, traditional → simplified, whitespace, brackets and punctuation removed, 政府 → 人民政府.

    >>> normalise_agency("淮安市 洪泽区政府（江苏省）")
    '淮安市洪泽区人民政府'
    """
    if not name:
        return None
    t = unicodedata.normalize("NFKC", name)
    t = to_simplified(t)
    out, depth = [], 0
    for ch in t:
        if ch in "([（【":
            depth += 1
        elif ch in ")]）】":
            depth = max(0, depth - 1)
        elif depth == 0 and (ch.isalnum() or "\u3400" <= ch <= "\u9fff"):
            out.append(ch)
    t = "".join(out)
    if t.endswith("政府") and not t.endswith("人民政府"):
        t = t[:-2] + "人民政府"
    return t.replace("政府办公室", "人民政府办公室").replace("人民人民", "人民") or None


def _cell(cell: Any) -> tuple[str | None, float | None, str | None, str | None]:
    """(state, value, value_text, raw) of one table cell of the report JSON."""
    if not isinstance(cell, dict):
        cell = {"state": None, "value": cell, "raw": None if cell is None else str(cell)}
    value = cell.get("value")
    num = float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
    text = None if value is None or num is not None else str(value)
    raw = cell.get("raw")
    return cell.get("state"), num, text, None if raw is None else str(raw)


def report_rows(report: Any, *, path: str, size: int, elapsed: float, processed_at: Any,
                version: str) -> Rows:
    """Columnar rows of every per-report table for one parsed :class:`nlp.core.report.Report`.

    Built from ``report.to_dict()`` (the ``xxgk.report/1`` contract), so counts agree with
    ``xxgk parse --json``.
    """
    d = report.to_dict()
    rid = d["source"]["sha256"]
    rows: Rows = {t: {c: [] for c, _ in TABLES[t]} for t in REPORT_TABLES}

    def add(table: str, *values: Any) -> None:
        for (col, _), v in zip(TABLES[table], values, strict=True):
            rows[table][col].append(v)

    per_part: dict[int, int] = {}
    for s in d["sentences"]:
        per_part[s["part"]] = per_part.get(s["part"], 0) + 1
        add("sentences", rid, s["id"], s["text"], s["part"], s["part_source"], s["part_score"], s["start"],
            s["end"], s["page"])
    for p in d["parts"]:
        add("parts", rid, p["part"], p["title"], p["start"], p["end"], p["heading_found"],
            per_part.get(p["part"], 0))
    for i, f in enumerate(d["findings"]):
        add("findings", rid, i, f["kind"], f["text"], f.get("detail"), f.get("key"), f.get("category"),
            f.get("part"), f.get("sentence_id"), f.get("start"), f.get("end"), list(f.get("links") or []))
    tables_meta: dict[str, Any] = {}
    tables = d["tables"] or {}
    if hasattr(tables, "to_dict"):  # nlp.tables.Tables: its JSON form
        tables = tables.to_dict()
    for tid, table in tables.items():
        if not isinstance(table, dict):
            continue
        tables_meta[tid] = {k: v for k, v in table.items() if k != "rows"}
        for r_no, (row, cols) in enumerate((table.get("rows") or {}).items()):
            for c_no, (col, cell) in enumerate((cols or {}).items()):
                add("table_cells", rid, tid, row, col, r_no, c_no, *_cell(cell))
    for i, c in enumerate(d["checks"]):
        add("checks", rid, i, c["id"], c.get("scope"), c["status"], c.get("message"), _num(c.get("left")),
            _num(c.get("right")), json.dumps(c.get("evidence") or {}, ensure_ascii=False, sort_keys=True,
                                             default=str))
    m, q = d["meta"], d["quality"]
    narrative = getattr(report, "narrative", None)
    region = region_of(m.get("agency"), path)
    values = {
        "report_id": rid, "path": path, "file_name": os.path.basename(path), "format": d["source"]["format"],
        "size_bytes": size, "pages": d["source"]["pages"], "title": m.get("title"), "agency": m.get("agency"),
        "agency_norm": normalise_agency(m.get("agency")), "year": m.get("year"), "province": region.province,
        "city": region.city, "county": region.county, "admin_level": region.admin_level,
        "agency_type": region.agency_type, "published": m.get("published"), "n_parts": len(d["parts"]),
        "n_sentences": len(d["sentences"]), "n_findings": len(d["findings"]),
        "n_cells": len(rows["table_cells"]["report_id"]), "n_checks": len(d["checks"]),
        "n_checks_failed": sum(1 for c in d["checks"] if c["status"] == "fail"),
        "narrative_chars": len(narrative or ""), "cid_chars": q.get("cid_chars", 0),
        "empty_pages": list(q.get("empty_pages") or []), "warnings": list(q.get("warnings") or []),
        "tables_meta": json.dumps(tables_meta, ensure_ascii=False, sort_keys=True, default=str),
        "narrative": narrative, "text_hash": text_hash(narrative), "duplicate_of": None, "schema": d.get("schema"),
        "toolkit_version": version, "processed_at": processed_at, "elapsed_s": round(elapsed, 4),
        "ocr_pages": list(q.get("ocr_pages") or []), "ocr_confidence": q.get("ocr_confidence"),
    }
    add("reports", *(values[c] for c, _ in TABLES["reports"]))
    return rows


def text_hash(narrative: str | None) -> str | None:
    """sha256 of the text with NFKC applied and all whitespace removed (null for an empty text): the same
    report read from another encoding or format gets the same hash."""
    if not narrative:
        return None
    t = "".join(unicodedata.normalize("NFKC", narrative).split())
    return hashlib.sha256(t.encode("utf-8")).hexdigest() if t else None


def _num(v: Any) -> float | None:
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None
