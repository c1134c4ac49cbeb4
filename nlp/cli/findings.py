"""``xxgk findings FILE...``: findings of each report and, for several reports of one agency, the
tracking across years (persistent problems, repeated and unfollowed commitments)."""

from __future__ import annotations

import sys
import unicodedata
from dataclasses import asdict
from pathlib import Path
from typing import Any

import typer

from ..core.errors import XxgkError, error_line
from .common import FORMAT_HELP, JSON_HELP, Format, chosen, label, parse_input, print_json, print_rows

SCHEMA = "xxgk.findings/1"
COLUMNS = ("path", "agency", "year", "index", "kind", "category", "part", "sentence_id", "key", "links",
           "text", "detail")
_TAG = {"problem": "问题", "commitment": "承诺", "improvement": "改进"}


def command(
    files: list[Path] = typer.Argument(..., help="One or more reports (several years of one agency; - reads stdin)."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP + " Schema xxgk.findings/1 with the tracking."),
    fmt: Format = typer.Option(Format.table, "--format", help=FORMAT_HELP + " csv: one row per finding."),
) -> None:
    """Problems, commitments and improvements; with several years, what recurs and what is repeated.

    Exit 1 when a file could not be read (the others are still shown).

    \b
    Example: xxgk findings ../shared/corpus/real/淮安市洪泽区人民政府-2023.pdf ../shared/corpus/real/淮安市洪泽区人民政府-2024.pdf
    """
    from ..findings import extract, track

    reports, status = [], 0
    for path in files:
        try:
            reports.append((label(path), parse_input(path)))
        except XxgkError as exc:
            print(error_line(exc), file=sys.stderr)
            status = 1
    per = [(path, r, list(r.findings) if r.findings else extract(r)) for path, r in reports]
    groups: dict[str, list[Any]] = {}
    for _, r, _ in per:
        groups.setdefault(agency_of(r), []).append(r)
    trackings = [track(rs, agency) for agency, rs in groups.items() if len(rs) >= 2]
    fmt = chosen(fmt, as_json)
    if fmt is Format.json:
        print_json({"schema": SCHEMA,
                    "reports": [{"path": r.source.path, "agency": agency_of(r), "year": r.meta.year,
                                 "findings": [{**asdict(f), "links": list(f.links)} for f in fs]} for _, r, fs in per],
                    "tracking": [t.to_dict() for t in trackings]})
    elif fmt is Format.csv:
        print_rows([{"path": path, "agency": agency_of(r), "year": r.meta.year, "index": i, **asdict(f)}
                    for path, r, fs in per for i, f in enumerate(fs)], COLUMNS, fmt)
    else:
        for _, r, fs in per:
            _print_report(r, fs)
        for t in trackings:
            _print_tracking(t)
    raise typer.Exit(status)


def agency_of(report: Any) -> str:
    return report.meta.agency or Path(report.source.path or "report").stem.rsplit("-", 1)[0]


def _print_report(report: Any, findings: list[Any]) -> None:
    print(f"== {report.source.path}  ({agency_of(report)} {report.meta.year or '?'})")
    if not findings:
        print("   (no findings)")
    for i, f in enumerate(findings):
        links = f"  -> answers {', '.join(f'#{j}' for j in f.links)}" if f.links else ""
        print(f"  #{i} [{_TAG.get(f.kind, f.kind)}] {f.category} | {f.text}   <{f.key}> part {f.part}{links}")
        if f.detail:
            print(f"        {f.detail}")


def _pad(s: str, width: int, right: bool = False) -> str:
    """Pad to a display width (CJK characters count two columns)."""
    w = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)
    fill = " " * max(0, width - w)
    return fill + s if right else s + fill


def _print_tracking(t: Any) -> None:
    print(f"\n== tracking {t.agency}: {', '.join(map(str, t.years))}")
    print("problem categories side by side:")
    print("  " + _pad("category", 18) + "".join(_pad(str(y), 8, True) for y in t.years))
    for cat, counts in t.side_by_side():
        print("  " + _pad(cat, 18) + "".join(_pad(str(c), 8, True) for c in counts))
    for p in t.persistent:
        print(f"persistent ({p.by}) {p.value}: {'-'.join(map(str, p.years))}")
    for r in t.repeated:
        how = "word for word" if r.word_for_word else f"repeated (similarity {r.similarity})"
        print(f"commitment {how} {r.years[0]} -> {r.years[1]}: {r.text}")
    for u in t.unfollowed:
        print(f"commitment of {u.year} with no later mention: {u.text}")
