"""Spreadsheet downloads of the audit site: the index, and each report's findings and checks, as
CSV (UTF-8 with a byte-order mark, so Excel reads the Chinese text) and XLSX (openpyxl).

Files (inside the site folder)::

    downloads/index.csv   downloads/index.xlsx
    downloads/<page stem>-findings.csv|.xlsx   downloads/<page stem>-checks.csv|.xlsx

A cell whose text starts with ``=``, ``+``, ``-``, ``@`` (a formula for a spreadsheet) is written
with a leading apostrophe, so report text never runs as a formula; control characters (not
allowed in XLSX) become U+FFFD.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..core.outfile import write_atomic
from .labels import level_label
from .model import ReportSummary, ReportView

INDEX_COLUMNS = ("可疑度", "机关", "年度", "层级", "文件", "沿用上年比例", "对比年度", "抄自本机关往年比例",
                 "与其他机关相同比例", "模板用语比例", "第五部分沿用比例", "未通过核对", "核对总数", "标记", "页面")
FINDING_COLUMNS = ("序号", "类型", "类别", "内容", "说明", "归并键", "句子编号", "备注")
CHECK_COLUMNS = ("序号", "核对项", "范围", "结果", "说明", "左值", "右值", "依据单元格")
FIXED_TIME = datetime(2020, 1, 1)
KIND_NAMES = {"problem": "问题", "commitment": "承诺", "improvement": "改进"}
STATUS_NAMES = {"fail": "未通过", "uncertain": "存疑", "not_assessable": "无法判断", "pass": "通过"}


@dataclass(frozen=True)
class Download:
    label: str  # what it is, shown on the page
    csv: str  # path relative to the site root
    xlsx: str


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XLSX (XML) cells


def safe(v: Any) -> Any:
    """A cell value that a spreadsheet never evaluates as a formula, control characters replaced
    by U+FFFD."""
    if not isinstance(v, str):
        return v
    v = CONTROL.sub("\ufffd", v)
    return "'" + v if v[:1] in ("=", "+", "-", "@", "\t", "\r") else v


def csv_bytes(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(columns)
    w.writerows([["" if v is None else safe(v) for v in r] for r in rows])
    return buf.getvalue().encode("utf-8-sig")


def xlsx_bytes(columns: Sequence[str], rows: Sequence[Sequence[Any]], sheet: str) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    ws.append(list(columns))
    for r in rows:
        ws.append([safe(v) for v in r])
    ws.freeze_panes = "A2"
    wb.properties.creator = "xxgk-nlp"
    wb.properties.created = wb.properties.modified = FIXED_TIME  # the same data gives the same bytes
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_zip_times(buf.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """The same zip with every member dated :data:`FIXED_TIME` (openpyxl stamps the current time)."""
    src, dst = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl sets "modified" to the time of saving
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2020-01-01T00:00:00Z", body)
            z.writestr(fixed, body)
    return dst.getvalue()


def _write(out: Path, stem: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], sheet: str,
           label: str) -> Download:
    csv_rel, xlsx_rel = f"downloads/{stem}.csv", f"downloads/{stem}.xlsx"
    write_atomic(out / csv_rel, csv_bytes(columns, rows))
    write_atomic(out / xlsx_rel, xlsx_bytes(columns, rows, sheet))
    return Download(label, csv_rel, xlsx_rel)


def _r(v: float | None) -> float | None:
    return None if v is None else round(v, 4)


def index_rows(summaries: Sequence[ReportSummary]) -> list[list[Any]]:
    rows = []
    for s in summaries:
        sc = s.scores
        rows.append([sc.suspicion, s.agency, s.year, level_label(s.level), s.file_name, _r(sc.reuse_ratio), sc.prior_year,
                     _r(sc.self_copy_share), _r(sc.cross_copy_share), _r(sc.template_share), _r(sc.part5_ratio),
                     sc.n_failed, sc.n_checks, "、".join(sc.flags), f"reports/{s.page}"])
    return rows


def write_index_downloads(out: Path, summaries: Sequence[ReportSummary]) -> Download:
    return _write(out, "index", INDEX_COLUMNS, index_rows(summaries), "报告列表", "报告列表")


def finding_rows(v: ReportView) -> list[list[Any]]:
    return [[f.no, KIND_NAMES.get(f.kind, f.kind), f.category or "其他", f.text, f.detail, f.key, f.sentence_id,
             "；".join(f.notes)] for f in v.findings]


def check_rows(v: ReportView) -> list[list[Any]]:
    return [[c.no, c.id, c.scope, STATUS_NAMES.get(c.status, c.status), c.message, c.left, c.right,
             "；".join(f"{e.table} · {e.row} · {e.column} = {e.raw if e.raw is not None else ''}" for e in c.cells)]
            for c in v.checks]


def write_report_downloads(out: Path, v: ReportView) -> tuple[Download, Download]:
    stem = Path(v.summary.page).stem
    return (_write(out, f"{stem}-findings", FINDING_COLUMNS, finding_rows(v), "问题与承诺", "问题与承诺"),
            _write(out, f"{stem}-checks", CHECK_COLUMNS, check_rows(v), "核对结果", "核对结果"))
