"""Build ``nlp/data/template_baseline.json``, the shipped template wording.

    .venv/bin/python -m nlp.reuse.build_baseline [--corpus ../shared/corpus] [--out nlp/data/template_baseline.json]

Entries are skeletons of

* every paragraph of the official template (``templates/*.docx``, read with python-docx), and
* every unit of the real reports (``real/*``, parsed with :func:`nlp.parse`) that is found in the
  reports of at least two different agencies — with the same skeleton or as a verified near match
  (:data:`nlp.reuse.near.NEAR_RATIO`). One agency's reports of several years count once.

The output is deterministic (sorted, no timestamps); it records the sha256 of every input file.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import warnings
from collections import defaultdict
from pathlib import Path

from .near import NearConfig, near_pairs
from .side import from_report, same_agency, units
from .skeleton import skeleton
from .template import BASELINE_FILE, Baseline

ROOT = Path(__file__).resolve().parents[2]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def template_paragraphs(docx_path: Path) -> list[str]:
    import docx

    d = docx.Document(str(docx_path))
    return [p.text.strip() for p in d.paragraphs if p.text.strip()]


def _agency_groups(names: list[str | None]) -> list[int]:
    """Group index per report: reports of one agency (same_agency) share a group."""
    groups: list[int] = []
    reps: list[str | None] = []
    for n in names:
        for g, r in enumerate(reps):
            if n is not None and same_agency(n, r):
                groups.append(g)
                break
        else:
            groups.append(len(reps))
            reps.append(n)
    return groups


def build(corpus: Path, config: NearConfig = NearConfig()) -> Baseline:
    from .. import parse

    entries: dict[str, dict[str, object]] = {}
    sources: dict[str, str] = {}
    for docx_path in sorted((corpus / "templates").glob("*.docx")):
        sources[f"templates/{docx_path.name}"] = _sha(docx_path)
        for para in template_paragraphs(docx_path):
            sk = skeleton(para)
            if sk:
                entries.setdefault(sk, {"example": para, "source": "template", "agencies": []})
    files = sorted(
        p for p in (corpus / "real").iterdir() if p.suffix != ".tsv" and not p.name.startswith(".")
    )
    sides = []
    for p in files:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sides.append(from_report(parse(p)))
        sources[f"real/{p.name}"] = _sha(p)
    groups = _agency_groups([s.agency for s in sides])
    # skeleton -> set of agency groups, and one example text
    where: dict[str, set[int]] = defaultdict(set)
    example: dict[str, str] = {}
    for side, g in zip(sides, groups, strict=True):
        for u in units(side):
            where[u.skel].add(g)
            example.setdefault(u.skel, u.text)
    skels = sorted(where)
    i, j, _ = near_pairs(skels, config, method="all")
    linked: dict[str, set[int]] = {s: set(where[s]) for s in skels}
    for a, b in zip(i.tolist(), j.tolist(), strict=True):
        linked[skels[a]] |= where[skels[b]]
        linked[skels[b]] |= where[skels[a]]
    names = {g: side.agency for side, g in zip(sides, groups, strict=True)}
    for s in skels:
        if len(linked[s]) >= 2 and s not in entries:
            entries[s] = {
                "example": example[s],
                "source": "real" if len(where[s]) >= 2 else "real_near",
                "agencies": sorted(str(names[g]) for g in linked[s]),
            }
    meta = {
        "builder": "python -m nlp.reuse.build_baseline",
        "rule": "template paragraphs + units shared (same skeleton or near) by >= 2 agencies",
        "near_ratio": config.ratio,
        "min_near_chars": config.min_len,
        "sources": dict(sorted(sources.items())),
    }
    return Baseline(dict(sorted(entries.items())), meta)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--out", type=Path, default=ROOT / "nlp" / "data" / BASELINE_FILE)
    args = ap.parse_args(argv)
    if not (args.corpus / "real").is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    b = build(args.corpus)
    args.out.write_text(b.to_json(), encoding="utf-8")
    print(f"{len(b.entries)} entries -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
