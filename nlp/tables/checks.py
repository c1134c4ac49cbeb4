"""勾稽 checks on T2/T3/T4: identities inside a table, narrative figures, fees, and year over year.

Every check is a :class:`nlp.core.report.Check` with a stable ``id``, a ``scope`` (``T3/column/自然人``),
a status (pass | fail | uncertain | not_assessable), ``left``/``right`` values and evidence (part,
table, the cells with row, column, raw text and page; the difference). Cell rules, the same for
every identity:

- a cell the document does not have (``raw`` None) or text in a number cell → not_assessable;
- every cell blank or 无/— → not_assessable (nothing to add up);
- one side all blank while the other adds up to non-zero → not_assessable (not filled in);
- otherwise blank and 无/— cells count as 0 (the template's convention) and the evidence lists them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..core import labels as L
from ..core.report import Check, Sentence
from ..core.tables import Cell, Tables
from .narrative import claims, mentions_fees

_EPS = 1e-6


@dataclass(frozen=True)
class Term:
    table: str
    row: str
    column: str
    cell: Cell
    report: str = "current"  # or "previous"

    def evidence(self) -> dict[str, Any]:
        d = {"table": self.table, "row": self.row, "column": self.column, "raw": self.cell.raw,
             "state": self.cell.state, "page": self.cell.page}
        if self.report != "current":
            d["report"] = self.report
        return d


def _term(tables: Tables, table: str, row: str, column: str, report: str = "current") -> Term:
    return Term(table, row, column, tables.cell(table, row, column), report)


def identity(check_id: str, scope: str, left: Sequence[Term], right: Sequence[Term], what: str,
             part: int | None = None, signs: Sequence[int] | None = None) -> Check:
    """left (sum) = right (sum), under the cell rules above. ``signs`` weights the left terms."""
    terms = [*left, *right]
    ev: dict[str, Any] = {"part": part, "cells": [t.evidence() for t in terms]}
    missing = [t for t in terms if t.cell.raw is None]
    if missing:
        return Check(check_id, scope, "not_assessable", f"{what}: no cell for "
                     + ", ".join(f"{t.row}/{t.column}" for t in missing), evidence=ev)
    text = [t for t in terms if t.cell.state == "text"]
    if text:
        return Check(check_id, scope, "not_assessable", f"{what}: text in a number cell ("
                     + ", ".join(f"{t.row}/{t.column}={t.cell.raw!r}" for t in text) + ")", evidence=ev)
    if not any(t.cell.figure for t in terms):
        return Check(check_id, scope, "not_assessable", f"{what}: every cell is blank", evidence=ev)
    weights = list(signs) if signs is not None else [1] * len(left)
    lv = sum(w * (t.cell.value or 0) for w, t in zip(weights, left, strict=True))
    rv = sum(t.cell.value or 0 for t in right)
    if not any(t.cell.figure for t in right) and abs(lv) > _EPS:
        return Check(check_id, scope, "not_assessable", f"{what}: the total is blank", left=_num(lv), evidence=ev)
    if not any(t.cell.figure for t in left) and abs(rv) > _EPS:
        return Check(check_id, scope, "not_assessable", f"{what}: the items are blank", right=_num(rv), evidence=ev)
    blanks = [f"{t.row}/{t.column}" for t in terms if not t.cell.figure]
    if blanks:
        ev["blank_as_zero"] = blanks
    ev["difference"] = _num(lv - rv)
    ok = abs(lv - rv) <= _EPS
    msg = f"{what}: {_num(lv)} {'=' if ok else '≠'} {_num(rv)}"
    return Check(check_id, scope, "pass" if ok else "fail", msg, left=_num(lv), right=_num(rv), evidence=ev)


def _num(v: float) -> float:
    return int(v) if float(v).is_integer() else round(v, 6)


def _not_found(check_id: str, scope: str, table: str) -> Check:
    return Check(check_id, scope, "not_assessable", f"{table} not found in the document",
                 evidence={"part": L.PART_OF_TABLE[table], "table": table})


# ---------------------------------------------------------------- T3
def _t3_columns(tables: Tables) -> list[str]:
    t = tables.table("T3")
    cols = list(L.T3_COLUMNS)
    if any(c == L.T3_SUBTOTAL and cell.raw is not None for (_, c), cell in t.cells.items()):
        cols.insert(1, L.T3_SUBTOTAL)
    return cols


def _row_present(tables: Tables, table: str, row: str) -> bool:
    return any(r == row and c.raw is not None for (r, _), c in tables.table(table).cells.items())


def outcome_rows(tables: Tables) -> list[str]:
    """The rows that add up to （七）总计: leaves, or a group's own row where it stands for them."""
    rows: list[str] = []
    for group, leaves in L.T3_GROUPS.items():
        if not leaves or not any(_row_present(tables, "T3", leaf) for leaf in leaves) and _row_present(tables, "T3", group):
            rows.append(group)
        else:
            rows.extend(leaves)
    return rows


def t3_checks(tables: Tables) -> list[Check]:
    if not tables.table("T3").found:
        return [_not_found(i, "T3", "T3") for i in ("T3-1", "T3-2", "T3-3")]
    out: list[Check] = []
    cols = _t3_columns(tables)
    outcomes = outcome_rows(tables)
    for col in cols:
        out.append(identity("T3-1", f"T3/column/{col}", [_term(tables, "T3", r, col) for r in outcomes],
                            [_term(tables, "T3", L.TOTAL_ROW, col)], f"{col}: outcome rows sum to （七）总计", 3))
    for col in cols:
        out.append(identity("T3-2", f"T3/column/{col}",
                            [_term(tables, "T3", L.NEW, col), _term(tables, "T3", L.CARRIED, col)],
                            [_term(tables, "T3", L.TOTAL_ROW, col), _term(tables, "T3", L.NEXT_YEAR, col)],
                            f"{col}: 本年新收 + 上年结转 = 总计 + 结转下年度", 3))
    rows = [L.NEW, L.CARRIED, *outcomes, L.TOTAL_ROW, L.NEXT_YEAR]
    for row in rows:
        out.append(identity("T3-3", f"T3/row/{row}", [_term(tables, "T3", row, c) for c in L.T3_APPLICANTS],
                            [_term(tables, "T3", row, L.T3_TOTAL)], f"{row}: applicant columns sum to 总计", 3))
        if L.T3_SUBTOTAL in cols:
            out.append(identity("T3-3", f"T3/row/{row}/{L.T3_SUBTOTAL}",
                                [_term(tables, "T3", row, c) for c in L.T3_ORGS],
                                [_term(tables, "T3", row, L.T3_SUBTOTAL)],
                                f"{row}: 法人或其他组织 columns sum to the subtotal", 3))
    return out


def t4_checks(tables: Tables) -> list[Check]:
    if not tables.table("T4").found:
        return [_not_found("T4-1", "T4", "T4")]
    return [identity("T4-1", f"T4/row/{g}", [_term(tables, "T4", g, c) for c in L.T4_COLUMNS[:4]],
                     [_term(tables, "T4", g, "总计")], f"{g}: 维持 + 纠正 + 其他 + 尚未审结 = 总计", 4)
            for g in L.T4_ROWS]


def nn_checks(tables: Tables) -> list[Check]:
    """NN: counts are non-negative integers (amounts non-negative; 本年增/减 may be negative)."""
    out = []
    for t in ("T2", "T3", "T4"):
        table = tables.table(t)
        if not table.found:
            out.append(_not_found("NN", t, t))
            continue
        bad = []
        for (r, c), cell in table.cells.items():
            if not cell.figure or c in L.SIGNED_COLUMNS:
                continue
            v = cell.value or 0
            if v < 0 or (c not in L.MONEY_COLUMNS and not float(v).is_integer()):
                bad.append(Term(t, r, c, cell))
        n = sum(1 for cell in table.cells.values() if cell.figure)
        ev = {"part": L.PART_OF_TABLE[t], "cells": [b.evidence() for b in bad]}
        if bad:
            out.append(Check("NN", t, "fail", f"{t}: {len(bad)} figure(s) not a non-negative count: "
                             + ", ".join(f"{b.row}/{b.column}={b.cell.raw}" for b in bad), evidence=ev))
        elif n == 0:
            out.append(Check("NN", t, "not_assessable", f"{t}: no figures", evidence=ev))
        else:
            out.append(Check("NN", t, "pass", f"{t}: all {n} figures are non-negative counts", evidence=ev))
    return out


# ---------------------------------------------------------------- narrative
def tt_checks(tables: Tables, sentences: Sequence[Sentence]) -> list[Check]:
    """TT: figures stated in the narrative against the tables."""
    out = []
    for cl in claims(sentences):
        cells = [(t, r, _resolve(tables, t, r, c)) for t, r, c in cl.cells]
        terms = [_term(tables, t, r, c) for t, r, c in cells]
        scope = "TT/" + "+".join(f"{t}/{r}/{c}" for t, r, c in cells)
        ev_extra = {"sentence_id": cl.sentence_id, "page": cl.page, "part": cl.part, "text": cl.phrase,
                    "adjacent": cl.adjacent, "qualified": cl.qualified}
        stated = Term("narrative", cl.phrase, "stated", Cell("number" if cl.value else "zero", cl.value,
                                                              str(cl.value), cl.page))
        c = identity("TT", scope, terms, [stated], f"narrative says {cl.value} ({cl.phrase})", cl.part)
        ev = {**c.evidence, **ev_extra, "cells": [t.evidence() for t in terms]}
        status, msg = c.status, c.message
        if status == "fail" and (not cl.adjacent or cl.qualified):
            status, msg = "uncertain", msg + " (label and number not unambiguous)"
        out.append(Check("TT", scope, status, msg, c.left, c.right, ev))
    if not out:
        out.append(Check("TT", "TT", "not_assessable", "no table figures stated in the narrative",
                         evidence={"sentences": len(sentences)}))
    return out


def _resolve(tables: Tables, table: str, row: str, columns: str) -> str:
    """``a|b``: the first alternative column the table has (templates name it differently)."""
    options = columns.split("|")
    return next((c for c in options if tables.cell(table, row, c).raw is not None), options[0])


def q4_check(tables: Tables, sentences: Sequence[Sentence]) -> Check:
    """Q4: T2 reports fees (本年收费金额 > 0) but part 6 says nothing about fees."""
    fee = tables.cell("T2", "行政事业性收费", "本年收费金额")
    ev: dict[str, Any] = {"part": 6, "cells": [Term("T2", "行政事业性收费", "本年收费金额", fee).evidence()]}
    if not fee.figure:
        return Check("Q4", "T2/行政事业性收费/本年收费金额", "not_assessable",
                     "no fee figure in T2", evidence=ev)
    if not fee.value:
        return Check("Q4", "T2/行政事业性收费/本年收费金额", "pass", "T2 reports no fees", left=0, evidence=ev)
    part6 = [s for s in sentences if s.part == 6]
    if not part6:
        return Check("Q4", "T2/行政事业性收费/本年收费金额", "uncertain",
                     f"T2 reports fees of {fee.value} but part 6 was not found", left=fee.value, evidence=ev)
    hit = next((s for s in part6 if mentions_fees(s.text)), None)
    if hit is not None:
        ev.update(sentence_id=hit.id, text=hit.text[:120], page=hit.page)
        return Check("Q4", "T2/行政事业性收费/本年收费金额", "pass",
                     f"T2 reports fees of {fee.value}; part 6 mentions fees", left=fee.value, evidence=ev)
    ev["sentences"] = [s.id for s in part6]
    return Check("Q4", "T2/行政事业性收费/本年收费金额", "fail",
                 f"T2 reports fees of {fee.value} but part 6 says nothing about fees", left=fee.value, evidence=ev)


# ---------------------------------------------------------------- year over year
def x_checks(tables: Tables, previous: Tables) -> list[Check]:
    out = []
    if not (tables.table("T3").found and previous.table("T3").found):
        out.append(Check("X-1", "T3", "not_assessable", "T3 missing in this or the previous report",
                         evidence={"part": 3}))
    else:
        cols = [c for c in _t3_columns(tables) if c in _t3_columns(previous)]
        for col in cols:
            out.append(identity("X-1", f"T3/column/{col}", [_term(tables, "T3", L.CARRIED, col)],
                                [_term(previous, "T3", L.NEXT_YEAR, col, "previous")],
                                f"{col}: 上年结转 = last year's 结转下年度继续办理", 3))
    for row in ("规章", "行政规范性文件"):
        cur = [_term(tables, "T2", row, "现行有效件数"), _term(previous, "T2", row, "现行有效件数", "previous"),
               _term(tables, "T2", row, "本年制发件数"), _term(tables, "T2", row, "本年废止件数")]
        out.append(identity("X-2", f"T2/row/{row}", cur[1:], [cur[0]],
                            f"{row}: last year's 现行有效 + 本年制发 − 本年废止 = 现行有效", 2, signs=(1, 1, -1)))
    return out


def run_checks(tables: Tables, narrative_sentences: Sequence[Sentence] = (),
               previous_tables: Tables | None = None) -> list[Check]:
    """Every check on one report; X-1/X-2 too when last year's tables are given."""
    sentences = list(narrative_sentences)
    out = [*t3_checks(tables), *t4_checks(tables), *nn_checks(tables), *tt_checks(tables, sentences),
           q4_check(tables, sentences)]
    if previous_tables is not None:
        out.extend(x_checks(tables, previous_tables))
    return out
