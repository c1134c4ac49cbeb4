"""``extract``: raw items → :class:`nlp.core.report.Finding` with key, category, sentence, part, links."""

from __future__ import annotations

from typing import Any

from ..core.report import Finding
from .extract import raw_items, sentence_at
from .normalise import commitment_key, problem_key
from .records import PROBLEM, RawItem, Sent, sentence_records
from .taxonomy import OTHER, categorise
from .text import skeleton


def _inputs(report_or_sentences: Any, narrative: str | None) -> tuple[list[Sent], str]:
    if narrative is None:
        narrative = getattr(report_or_sentences, "narrative", None)
        if narrative is None:
            raise TypeError("extract() needs a Report or (sentences, narrative)")
        sentences = report_or_sentences.sentences
    else:
        sentences = getattr(report_or_sentences, "sentences", report_or_sentences)
    return sentence_records(sentences), narrative


def _bigrams(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1)}


def _links(findings: list[Finding], topics: list[str]) -> list[Finding]:
    """A commitment answers the problems of its category or with a shared topic."""
    probs = [i for i, f in enumerate(findings) if f.kind == PROBLEM]
    out = []
    for i, f in enumerate(findings):
        if f.kind != "commitment":
            out.append(f)
            continue
        mine = _bigrams(topics[i])
        linked = []
        for j in probs:
            same_cat = f.category != OTHER and findings[j].category == f.category
            theirs = _bigrams(topics[j])
            overlap = len(mine & theirs) / max(1, len(mine | theirs))
            if same_cat or overlap >= 0.4:
                linked.append(j)
        out.append(Finding(**{**f.__dict__, "links": tuple(linked)}))
    return out


def _finding(it: RawItem, narrative: str, sents: list[Sent], starts: list[int],
             previous_topic: str | None) -> tuple[Finding, str]:
    text = narrative[it.start:it.end].replace("\n", " ")
    detail = narrative[it.dstart:it.dend].replace("\n", " ") if it.dend > it.dstart else ""
    if it.kind == PROBLEM:
        key, topic = problem_key(text, previous_topic)
    else:
        key, topic = commitment_key(text)
    sent = sentence_at(starts, sents, it.start)
    part = it.part if it.part is not None else (sent.part if sent else 5)
    f = Finding(kind=it.kind, text=text, detail=detail, key=key, category=categorise(text, detail, topic),
                part=part, sentence_id=sent.id if sent else -1, start=it.start, end=it.end)
    return f, topic


def extract(report_or_sentences: Any, narrative: str | None = None) -> list[Finding]:
    """Problems, commitments and improvements of one report.

    Pass a :class:`nlp.core.report.Report`, or its sentences (objects or dicts with ``id``, ``start``,
    ``end``, ``part``) together with the narrative text they index. Offsets (``start``/``end``) of
    every finding index that narrative; ``text`` is the item itself and ``detail`` its explanation.
    """
    sents, text = _inputs(report_or_sentences, narrative)
    items, _ = raw_items(sents, text)
    starts = [s.start for s in sents]
    findings: list[Finding] = []
    topics: list[str] = []
    seen: set[tuple[str, int]] = set()
    prev: RawItem | None = None
    for it in items:
        if (it.kind, it.start) in seen:
            continue
        seen.add((it.kind, it.start))
        inherit = topics[-1] if prev is not None and prev.kind == PROBLEM == it.kind and prev.unit == it.unit >= 0 else None
        f, topic = _finding(it, text, sents, starts, inherit)
        findings.append(f)
        topics.append(topic)
        prev = it
    return _links(findings, topics)


def same_item(a: Finding, b: Finding) -> bool:
    """Two findings say the same thing word for word (punctuation and spacing ignored)."""
    return skeleton(a.text + a.detail) == skeleton(b.text + b.detail)
