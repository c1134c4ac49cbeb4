"""HTML rendering: Jinja2 templates shipped in ``nlp/audit/templates`` with ``autoescape=True``.

Every value a template prints is escaped; no template marks report text as safe. The pages link
only to files of the site itself (``assets/``, ``plots/``, ``reports/``): nothing from the network.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..core.outfile import write_atomic
from .export import write_index_downloads, write_report_downloads
from .labels import KIND_LABELS, PART_NAMES, RELATION_LABELS, STATUS_LABELS, level_label
from .model import ReportSummary, ReportView
from .plots import PlotFile

ASSETS = ("site.css", "site.js")


def pct(v: Any, digits: int = 0) -> str:
    """0.4398 → '44%'; None → '—'."""
    if v is None:
        return "—"
    try:
        return f"{float(v) * 100:.{digits}f}%"
    except (TypeError, ValueError):
        return "—"


def num(v: Any) -> str:
    """A figure as printed: integral floats without decimals; None → '—'."""
    if v is None:
        return "—"
    try:
        f = float(v)
    except (TypeError, ValueError):
        return str(v)
    return str(int(f)) if f.is_integer() else f"{f:g}"


def sortval(v: Any) -> str:
    """Value for a ``data-v`` sort attribute (missing values sort first)."""
    return "-1" if v is None else (f"{float(v):.6f}" if isinstance(v, int | float) else str(v))


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("nlp.audit", "templates"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(pct=pct, num=num, sortval=sortval)
    env.globals.update(PART_NAMES=PART_NAMES, RELATION_LABELS=RELATION_LABELS, KIND_LABELS=KIND_LABELS,
                       STATUS_LABELS=STATUS_LABELS, level_label=level_label)
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def _write(path: Path, text: str) -> None:
    write_atomic(path, text)  # atomic, unpredictable temp name, no symlink followed (nlp.core.outfile)


def copy_assets(out: Path) -> None:
    src = resources.files("nlp.audit") / "static"
    for name in ASSETS:
        write_atomic(out / "assets" / name, (src / name).read_bytes())


def write_index(out: Path, summaries: Sequence[ReportSummary], plots: Sequence[PlotFile], *, title: str,
                errors: Sequence[Mapping[str, Any]] = (), note: str | None = None,
                clusters: Sequence[Any] = ()) -> Path:
    years = sorted({s.year for s in summaries if s.year is not None})
    levels = sorted({s.level for s in summaries if s.level})
    path = out / "index.html"
    downloads = (write_index_downloads(out, summaries),)
    _write(path, render("index.html", title=title, reports=summaries, plots=plots, errors=errors, years=years,
                        levels=levels, note=note, clusters=clusters, downloads=downloads, root=""))
    return path


def write_plots_page(out: Path, plots: Sequence[PlotFile], *, title: str) -> Path:
    path = out / "plots.html"
    _write(path, render("plots.html", title=title, plots=plots, root=""))
    return path


def write_reports(out: Path, views: Iterable[ReportView], *, title: str) -> list[Path]:
    paths = []
    for v in views:
        path = out / "reports" / v.summary.page
        downloads = write_report_downloads(out, v)
        _write(path, render("report.html", title=title, r=v, s=v.summary, downloads=downloads, root="../"))
        paths.append(path)
    return paths
