"""``xxgk findings FILE...``: findings of each report and, for several reports of one agency, the
tracking across years (persistent problems, repeated and unfollowed commitments)."""

from __future__ import annotations

import json
import sys
import unicodedata
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .build import extract
from .track import Tracking, track

SCHEMA = "xxgk.findings/1"
_TAG = {"problem": "问题", "commitment": "承诺", "improvement": "改进"}


def _agency(report: Any) -> str:
    agency = getattr(report.meta, "agency", None)
    if agency:
        return agency
    return Path(report.source.path or "report").stem.rsplit("-", 1)[0]


def _print_report(report: Any, findings: list, out) -> None:
    print(f"== {report.source.path}  ({_agency(report)} {report.meta.year or '?'})", file=out)
    if not findings:
        print("   (no findings)", file=out)
    for i, f in enumerate(findings):
        links = f"  -> answers {', '.join(f'#{j}' for j in f.links)}" if f.links else ""
        print(f"  #{i} [{_TAG.get(f.kind, f.kind)}] {f.category} | {f.text}   <{f.key}> part {f.part}{links}", file=out)
        if f.detail:
            print(f"        {f.detail}", file=out)


def _pad(s: str, width: int, right: bool = False) -> str:
    """Pad to a display width (CJK characters count two columns)."""
    w = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)
    fill = " " * max(0, width - w)
    return fill + s if right else s + fill


def _print_tracking(t: Tracking, out) -> None:
    print(f"\n== tracking {t.agency}: {', '.join(map(str, t.years))}", file=out)
    print("problem categories side by side:", file=out)
    print("  " + _pad("category", 18) + "".join(_pad(str(y), 8, True) for y in t.years), file=out)
    for cat, counts in t.side_by_side():
        print("  " + _pad(cat, 18) + "".join(_pad(str(c), 8, True) for c in counts), file=out)
    for p in t.persistent:
        print(f"persistent ({p.by}) {p.value}: {'-'.join(map(str, p.years))}", file=out)
    for r in t.repeated:
        how = "word for word" if r.word_for_word else f"repeated (similarity {r.similarity})"
        print(f"commitment {how} {r.years[0]} -> {r.years[1]}: {r.text}", file=out)
    for u in t.unfollowed:
        print(f"commitment of {u.year} with no later mention: {u.text}", file=out)


def findings_command(paths: list[str], as_json: bool = False, out=None) -> int:
    """Print findings (text or JSON); 0 on success, 1 when a file could not be read."""
    import nlp
    from nlp.errors import XxgkError, error_line

    out = out or sys.stdout
    reports, status = [], 0
    for path in paths:
        try:
            reports.append(nlp.parse(path))
        except XxgkError as exc:
            print(error_line(exc), file=sys.stderr)
            status = 1
    per = [(r, list(r.findings) if r.findings else extract(r)) for r in reports]
    groups: dict[str, list[Any]] = {}
    for r, _ in per:
        groups.setdefault(_agency(r), []).append(r)
    trackings = [track(rs, agency) for agency, rs in groups.items() if len(rs) >= 2]
    if as_json:
        doc = {
            "schema": SCHEMA,
            "reports": [{"path": r.source.path, "agency": _agency(r), "year": r.meta.year,
                         "findings": [{**asdict(f), "links": list(f.links)} for f in fs]} for r, fs in per],
            "tracking": [t.to_dict() for t in trackings],
        }
        print(json.dumps(doc, ensure_ascii=False, indent=2), file=out)
        return status
    for r, fs in per:
        _print_report(r, fs, out)
    for t in trackings:
        _print_tracking(t, out)
    return status
