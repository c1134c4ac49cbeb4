"""Corpus plots for the audit site and notebooks (matplotlib, no pyplot, no display needed).

Each ``*_figure`` function takes a pandas DataFrame and returns a :class:`matplotlib.figure.Figure`;
:func:`save` writes it as SVG (or PNG) with fixed metadata and ids, so the same data gives the same
bytes. Chinese labels use the CJK font of :mod:`nlp.view.plotting` (``scripts/install-fonts.sh``
installs one); without one, matplotlib warns of missing glyphs and draws boxes, but nothing fails.
"""

from __future__ import annotations

import io
import json
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from ..core.outfile import write_atomic
from ..view.plotting import cjk_style

KIND_NAMES = {"problem": "问题", "commitment": "承诺", "improvement": "改进"}
COLORS = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
          "#bab0ac", "#8cd17d", "#d37295")


@contextmanager
def _style() -> Iterator[None]:
    """The CJK font of :mod:`nlp.view.plotting` (a missing glyph still warns: nothing is hidden)."""
    rc = {"svg.hashsalt": "xxgk-audit", "svg.fonttype": "path", "axes.spines.top": False,
          "axes.spines.right": False, "font.size": 9}
    with cjk_style(**rc), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="findfont")
        yield


EMPTY = "empty: "  # prefix of the label of a figure that has no data (Figure.get_label())


def _empty(ax, what: str) -> None:
    ax.text(0.5, 0.5, f"无数据（no data）：{what}", ha="center", va="center", transform=ax.transAxes, color="#777")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.figure.set_label(EMPTY + what)


def empty_reason(fig: Figure) -> str | None:
    """Why ``fig`` shows no data (None when it does)."""
    label = fig.get_label() or ""
    return label[len(EMPTY):] if label.startswith(EMPTY) else None


def reuse_by_year_figure(scores: pd.DataFrame) -> Figure:
    """Reuse ratio vs the previous year's report (columns ``year``, ``reuse_ratio``), one dot per
    report and the median per year."""
    with _style():
        fig = Figure(figsize=(6.4, 3.6))
        ax = fig.add_subplot()
        d = scores.dropna(subset=["year", "reuse_ratio"]) if len(scores) else scores
        if not len(d):
            _empty(ax, "没有哪份报告有上一年度的报告")
        else:
            d = d.sort_values(["year", "reuse_ratio"]).reset_index(drop=True)
            years = sorted(int(y) for y in d["year"].unique())
            for k, y in enumerate(years):
                v = d.loc[d["year"] == y, "reuse_ratio"].to_numpy(dtype=float)
                offs = [((i % 7) - 3) * 0.04 for i in range(len(v))]  # deterministic spread
                ax.scatter([k + o for o in offs], v, s=18, color=COLORS[0], alpha=0.7, zorder=2)
                med = float(pd.Series(v).median())
                ax.plot([k - 0.3, k + 0.3], [med, med], color=COLORS[2], lw=2, zorder=3)
            ax.set_xticks(range(len(years)), [str(y) for y in years])
            ax.set_xlim(-0.6, len(years) - 0.4)
            ax.set_ylim(0, 1.02)
            ax.set_ylabel("正文沿用比例")
        ax.set_title("各年度沿用上年报告的比例（红线：中位数）")
        fig.tight_layout()
        return fig


def categories_figure(findings: pd.DataFrame, kind: str = "problem") -> Figure:
    """Findings of ``kind`` per category and year (columns ``year``, ``category``, ``kind``), stacked."""
    with _style():
        fig = Figure(figsize=(6.4, 3.8))
        ax = fig.add_subplot()
        d = findings[(findings["kind"] == kind)].dropna(subset=["year"]) if len(findings) else findings
        if not len(d):
            _empty(ax, f"未发现{KIND_NAMES.get(kind, kind)}")
        else:
            t = d.assign(year=d["year"].astype(int), category=d["category"].fillna("其他")) \
                .pivot_table(index="year", columns="category", values="kind", aggfunc="count", fill_value=0)
            t = t[t.sum().sort_values(ascending=False, kind="stable").index]
            xs = list(range(len(t.index)))
            bottom = [0.0] * len(xs)
            for k, cat in enumerate(t.columns):
                vals = t[cat].astype(float).tolist()
                ax.bar(xs, vals, bottom=bottom, color=COLORS[k % len(COLORS)], label=str(cat), width=0.6)
                bottom = [b + v for b, v in zip(bottom, vals, strict=True)]
            ax.set_xticks(xs, [str(y) for y in t.index])
            ax.set_ylabel(f"{KIND_NAMES.get(kind, kind)}条数")
            ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        ax.set_title(f"各年度{KIND_NAMES.get(kind, kind)}类别")
        fig.tight_layout()
        return fig


def reuse_across_agencies_figure(scores: pd.DataFrame) -> Figure:
    """Distribution over agencies (latest report each; columns ``agency_norm``, ``year``,
    ``reuse_ratio``, ``cross_copy_share``) of reuse vs the previous year and of cross-agency copying."""
    with _style():
        fig = Figure(figsize=(6.4, 3.6))
        ax = fig.add_subplot()
        d = scores.dropna(subset=["reuse_ratio"]) if len(scores) else scores
        if not len(d):
            _empty(ax, "没有沿用评分（请运行 xxgk reuse）")
        else:
            latest = d.sort_values(["agency_norm", "year"]).groupby("agency_norm", dropna=False).tail(1)
            bins = [i / 10 for i in range(11)]
            ax.hist(latest["reuse_ratio"].astype(float).clip(0, 1), bins=bins, color=COLORS[0], alpha=0.8,
                    label="沿用上年报告", edgecolor="white")
            cross = latest["cross_copy_share"].dropna().astype(float).clip(0, 1) if "cross_copy_share" in latest else []
            if len(cross):
                ax.hist(cross, bins=bins, color=COLORS[2], alpha=0.6, label="与其他机关相同",
                        edgecolor="white")
            ax.set_xlim(0, 1)
            ax.set_xlabel("占正文比例")
            ax.set_ylabel("机关数")
            ax.legend(frameon=False, fontsize=8)
        ax.set_title("各机关沿用情况分布（每个机关取最新报告）")
        fig.tight_layout()
        return fig


def reuse_by_part_figure(by_part: pd.DataFrame) -> Figure:
    """Mean reuse ratio per report part (columns ``part``, ``ratio``)."""
    with _style():
        fig = Figure(figsize=(6.4, 3.2))
        ax = fig.add_subplot()
        if not len(by_part):
            _empty(ax, "没有沿用评分")
        else:
            m = by_part.groupby("part")["ratio"].mean().sort_index()
            ax.bar([str(int(p)) for p in m.index], m.to_numpy(dtype=float), color=COLORS[1], width=0.6)
            ax.set_ylim(0, 1.02)
            ax.set_xlabel("部分（0 前言 … 5 存在的主要问题及改进情况，6 其他）")
            ax.set_ylabel("平均沿用比例")
        ax.set_title("各部分沿用上年报告的比例")
        fig.tight_layout()
        return fig


def save(fig: Figure, path: str | os.PathLike[str], dpi: int = 110) -> Path:
    """Write ``fig`` (format from the suffix: .svg or .png) with fixed metadata."""
    p = Path(path)
    meta = {"Date": None, "Creator": "xxgk-nlp"} if p.suffix == ".svg" else {"Software": "xxgk-nlp"}
    buf = io.BytesIO()
    with _style():
        fig.savefig(buf, format=p.suffix.lstrip(".") or "svg", dpi=dpi, metadata=meta)
    return write_atomic(p, buf.getvalue())  # atomic, no symlink followed (nlp.core.outfile)


@dataclass(frozen=True)
class PlotFile:
    name: str  # file name inside plots/
    title: str
    description: str
    empty: str | None = None  # why the plot has no data: the site shows this message instead


PLOTS = (
    PlotFile("reuse_by_year.svg", "各年度沿用比例", "每份报告正文中与本机关上一年度报告相同的比例。"),
    PlotFile("problem_categories.svg", "各年度问题类别", "第五部分提出的问题，按问题分类统计。"),
    PlotFile("reuse_across_agencies.svg", "各机关沿用情况分布",
             "每个机关的最新报告：沿用上年报告的比例，以及与其他机关相同的比例。"),
    PlotFile("reuse_by_part.svg", "各部分沿用比例", "各部分与上一年度报告相同的平均比例。"),
)


def corpus_frames(con) -> dict[str, pd.DataFrame]:
    """The DataFrames the plots need, read from a store connection."""
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if "reuse_scores" in tables:
        scores = con.execute(
            "SELECT s.report_id, r.agency_norm, r.year, s.reuse_ratio, s.cross_copy_share, (SELECT json_group_object("
            "p.part, p.share) FROM report_part_shares p WHERE p.report_id = s.report_id) AS by_part "
            "FROM reuse_scores s JOIN reports r USING (report_id) WHERE s.prior_report_id IS NOT NULL "
            "ORDER BY r.agency_norm, r.year, s.report_id").df()
    else:
        scores = pd.DataFrame(columns=["report_id", "agency_norm", "year", "reuse_ratio", "cross_copy_share", "by_part"])
    findings = con.execute("SELECT r.year, f.kind, f.category FROM findings f JOIN reports r USING (report_id) "
                           "ORDER BY r.year, f.report_id, f.finding_no").df()
    rows = []
    for v in scores["by_part"]:
        for k, ratio in (json.loads(v) if isinstance(v, str) else (v or {})).items():
            rows.append({"part": int(k), "ratio": float(ratio)})
    return {"scores": scores, "findings": findings, "by_part": pd.DataFrame(rows, columns=["part", "ratio"])}


def write_plots(con, out_dir: str | os.PathLike[str]) -> tuple[PlotFile, ...]:
    """Render the plots of :data:`PLOTS` that have data from a store into ``out_dir``; the others
    are returned with their ``empty`` reason and no file."""
    f = corpus_frames(con)
    figs = (reuse_by_year_figure(f["scores"]), categories_figure(f["findings"]),
            reuse_across_agencies_figure(f["scores"]), reuse_by_part_figure(f["by_part"]))
    out = []
    for plot, fig in zip(PLOTS, figs, strict=True):
        reason = empty_reason(fig)
        if reason is None:
            save(fig, Path(out_dir) / plot.name)
        out.append(replace(plot, empty=reason))
    return tuple(out)
