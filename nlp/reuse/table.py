"""Many sides flattened into columns (one row per matching unit), for the corpus matcher.

Texts are factorised: ``norm`` and ``skel`` are integer ids into the distinct normal forms /
skeletons, computed once per distinct text and in bulk (one regex pass over all of them), so a
million units cost seconds and a few hundred megabytes.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .side import Side, clean_agency
from .skeleton import content_length_many, normal_many, segments, skeleton_many


@dataclass(frozen=True)
class UnitTable:
    units: pd.DataFrame  # side sentence part start end length norm skel agency year
    texts: list[str]  # unit text by row
    skeletons: list[str]  # distinct skeletons by id
    sides: pd.DataFrame  # key agency year (agency as id), one row per side
    agencies: list[str]  # agency names by id


def _factorise(values: list[str]) -> tuple[np.ndarray, list[str]]:
    ids: dict[str, int] = {}
    codes = np.fromiter((ids.setdefault(v, len(ids)) for v in values), dtype=np.int32, count=len(values))
    return codes, list(ids)


def flatten(sides: Iterable[Side]) -> UnitTable:
    """Cut every sentence of every side into units and factorise their texts."""
    raw_ids: dict[str, int] = {}
    agency_ids: dict[str, int] = {}
    side_col, sent_col, part_col = array("i"), array("i"), array("b")
    start_col, end_col, raw_col = array("i"), array("i"), array("q")
    texts: list[str] = []
    side_rows: list[tuple[str | None, int, int]] = []
    for k, side in enumerate(sides):
        name = clean_agency(side.agency) or f"<unknown:{k}>"
        ag = agency_ids.setdefault(name, len(agency_ids))
        side_rows.append((side.key, ag, -1 if side.year is None else int(side.year)))
        for s in side.sentences:
            t = s.text
            for a, b in segments(t):
                u = t[a:b]
                side_col.append(k)
                sent_col.append(s.id)
                part_col.append(s.part)
                start_col.append(a)
                end_col.append(b)
                raw_col.append(raw_ids.setdefault(u, len(raw_ids)))
                texts.append(u)
    raws = list(raw_ids)
    del raw_ids
    norm_of_raw, norms = _factorise(normal_many(raws))
    del raws
    skel_of_norm, skeletons = _factorise(skeleton_many(norms))
    len_of_norm = np.asarray(content_length_many(norms), dtype=np.int32)
    del norms
    norm = norm_of_raw[np.frombuffer(raw_col, dtype=np.int64)]
    units = pd.DataFrame(
        {
            "side": np.frombuffer(side_col, dtype=np.int32).copy(),
            "sentence": np.frombuffer(sent_col, dtype=np.int32).copy(),
            "part": np.frombuffer(part_col, dtype=np.int8).copy(),
            "start": np.frombuffer(start_col, dtype=np.int32).copy(),
            "end": np.frombuffer(end_col, dtype=np.int32).copy(),
            "length": len_of_norm[norm],
            "norm": norm,
            "skel": skel_of_norm[norm],
        }
    )
    del side_col, sent_col, part_col, start_col, end_col, raw_col
    keep = units["length"].to_numpy() > 0
    if not keep.all():
        texts = [t for t, k in zip(texts, keep, strict=True) if k]
        units = units[keep].reset_index(drop=True)
    sides_df = pd.DataFrame(side_rows, columns=["key", "agency", "year"])
    sides_df["agency"] = sides_df["agency"].astype(np.int32)
    sides_df["year"] = sides_df["year"].astype(np.int32)
    side_idx = units["side"].to_numpy()
    units["agency"] = sides_df["agency"].to_numpy()[side_idx]
    units["year"] = sides_df["year"].to_numpy()[side_idx]
    return UnitTable(units, texts, skeletons, sides_df, list(agency_ids))
