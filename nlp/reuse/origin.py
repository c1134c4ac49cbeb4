"""Where each unit's wording comes from, report-level copy pairs and copy clusters.

Every unit gets exactly one ``origin``, tried in this order:

1. ``template`` — the unit is template wording (:mod:`nlp.reuse.template`: the official template,
   its table labels, the 条例 citation and the standard sentences, names and figures as slots);
2. ``common_phrase`` — its family (skeleton plus verified near variants) is **short** (mean content
   length ≤ :data:`COMMON_MAX_CHARS`) and **spread**: used by at least :data:`COMMON_MIN_GROUPS`
   independent agency groups in at least :data:`COMMON_MIN_REGIONS` regions. An independent group
   is an agency, except that all agencies of one copy cluster count as one group (and one region);
   a region is the province named by the agency, else its city, else the agency itself
   (:func:`nlp.reuse.region.region_key`). So a long passage is never common, and a passage shared
   by one city, one province or one copy ring stays a copy however many agencies share it;
3. ``self_copy`` — found in the same agency's earlier report;
4. ``cross_copy`` — found in another agency's report;
5. otherwise the unit is the report's own (no origin, not stored as a match).

**Copy pair**: two reports of different agencies whose new narrative (not template wording, not
carried over from the agency's own earlier report) is mostly shared: shared characters of both
sides / new narrative characters of both sides ≥ :data:`PAIR_SHARE` (0.5). Common phrasing is not left out here: a group of reports made of the same short sentences
is a copy ring, and the common-phrase rule then counts the ring as one group. A family is shared by the reports it occurs in; families in
more than :data:`PAIR_MAX_SIDES` reports are left out of the pairing (their units still count as
copies). **Copy cluster**: a connected component of copy pairs; its size is its number of agencies.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from .region import region_key

ORIGINS = ("template", "common_phrase", "self_copy", "cross_copy")
NONE = -1
COMMON_MAX_CHARS = 30
COMMON_MIN_GROUPS = 10
COMMON_MIN_REGIONS = 5
PAIR_SHARE = 0.5
PAIR_MAX_SIDES = 400


@dataclass(frozen=True)
class Origins:
    code: np.ndarray  # per unit: index into ORIGINS, or NONE
    fam_len: np.ndarray  # per unit: mean content length of its family
    fam_groups: np.ndarray  # per unit: independent agency groups using its family
    fam_regions: np.ndarray  # per unit: regions of those groups
    pairs: pd.DataFrame  # a b shared_a chars_a shared_b chars_b share (side indices, a < b)
    cluster: np.ndarray  # per side: copy cluster id, or -1
    cluster_size: np.ndarray  # per side: agencies in its cluster (1 when none)


def _spread(u: pd.DataFrame, group: np.ndarray, region: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per unit: distinct groups and distinct regions among the units of its family."""
    f = pd.DataFrame({"family": u["family"].to_numpy(), "g": group, "r": region})
    groups = f.drop_duplicates(["family", "g"]).groupby("family").size()
    regions = f.drop_duplicates(["family", "r"]).groupby("family").size()
    fam = u["family"].to_numpy()
    return groups.reindex(fam).to_numpy(), regions.reindex(fam).to_numpy()


def _common(fam_len: np.ndarray, groups: np.ndarray, regions: np.ndarray) -> np.ndarray:
    return (fam_len <= COMMON_MAX_CHARS) & (groups >= COMMON_MIN_GROUPS) & (regions >= COMMON_MIN_REGIONS)


def copy_pairs(u: pd.DataFrame, counted: np.ndarray, shared: np.ndarray, n_sides: int) -> pd.DataFrame:
    """Pairs of sides (different agencies) whose counted (non-template) narrative is mostly shared."""
    side, length = u["side"].to_numpy(), u["length"].to_numpy().astype(np.int64)
    chars = np.bincount(side, weights=length * counted, minlength=n_sides)
    fs = pd.DataFrame({"family": u["family"].to_numpy(), "side": side, "agency": u["agency"].to_numpy(),
                       "len": length})[counted & shared]
    fs = fs.groupby(["family", "side", "agency"], as_index=False)["len"].sum()
    n_in = fs.groupby("family")["side"].transform("size")
    fs = fs[(n_in >= 2) & (n_in <= PAIR_MAX_SIDES)]
    j = fs.merge(fs, on="family", suffixes=("_a", "_b"))
    j = j[j["agency_a"] != j["agency_b"]]
    s = j.groupby(["side_a", "side_b"], as_index=False)["len_a"].sum()
    s.columns = ["a", "b", "shared_a"]
    back = s.rename(columns={"a": "b", "b": "a", "shared_a": "shared_b"})
    p = s[s["a"] < s["b"]].merge(back, on=["a", "b"])
    p["chars_a"] = chars[p["a"].to_numpy()].astype(np.int64)
    p["chars_b"] = chars[p["b"].to_numpy()].astype(np.int64)
    tot = (p["chars_a"] + p["chars_b"]).to_numpy()
    p["share"] = np.round((p["shared_a"] + p["shared_b"]).to_numpy() / np.maximum(tot, 1), 4)
    p = p[p["share"] >= PAIR_SHARE]
    return p[["a", "b", "shared_a", "chars_a", "shared_b", "chars_b", "share"]].reset_index(drop=True)


def classify(u: pd.DataFrame, template: np.ndarray, has_self: np.ndarray, has_cross: np.ndarray,
             agencies: list[str], side_agency: np.ndarray) -> Origins:
    """The origin of every unit of ``u`` (columns side, agency, family, length), see module doc."""
    n_sides = len(side_agency)
    fam_len = u.groupby("family")["length"].transform("mean").to_numpy()
    agency = u["agency"].to_numpy()
    region_of = pd.factorize(np.array([region_key(a) for a in agencies], dtype=object))[0].astype(np.int64)
    pairs = copy_pairs(u, ~template & ~has_self, has_cross, n_sides)
    graph = coo_matrix((np.ones(len(pairs)), (pairs["a"].to_numpy(), pairs["b"].to_numpy())),
                       shape=(n_sides, n_sides))
    _, comp = connected_components(graph, directed=False)
    in_pair = np.zeros(n_sides, dtype=bool)
    in_pair[pairs["a"].to_numpy()] = in_pair[pairs["b"].to_numpy()] = True
    cluster = _renumber(np.where(in_pair, comp, -1))
    size = np.ones(n_sides, dtype=np.int64)
    if in_pair.any():
        agc = pd.DataFrame({"c": cluster[in_pair], "a": side_agency[in_pair]}).drop_duplicates()
        counts = agc.groupby("c").size()
        size[in_pair] = counts.reindex(cluster[in_pair]).to_numpy()
    side = u["side"].to_numpy()
    uc = cluster[side]
    group = np.where(uc >= 0, -1 - uc, agency)
    region = np.where(uc >= 0, len(agencies) + uc, region_of[agency])  # a cluster is one region
    g2, r2 = _spread(u, group, region)
    common = ~template & _common(fam_len, g2, r2)
    code = np.full(len(u), NONE, dtype=np.int8)
    code[has_cross] = 3
    code[has_self] = 2
    code[common] = 1
    code[template] = 0
    return Origins(code, fam_len, g2, r2, pairs, cluster, size)


def _renumber(comp: np.ndarray) -> np.ndarray:
    """Cluster ids 0, 1, … in order of first member; -1 stays -1."""
    out = np.full(len(comp), -1, dtype=np.int64)
    seen: dict[int, int] = {}
    for k, c in enumerate(comp.tolist()):
        if c >= 0:
            out[k] = seen.setdefault(c, len(seen))
    return out


def reason(code: int, fam_len: float, groups: int, regions: int, cluster: int, size: int,
           gap: int | None) -> str:
    """Why a unit got its origin (stored with every match)."""
    if code == 0:
        return "official template wording (baseline entry, names and figures as slots)"
    spread = f"{groups} agency groups in {regions} regions"
    if code == 1:
        return f"common phrase: {fam_len:.0f} characters, {spread}"
    if code == 2:
        return "same agency, previous year" if gap == 1 else f"same agency, {gap} years earlier"
    why = []
    if cluster >= 0:
        why.append(f"copy cluster {cluster} of {size} agencies")
    if fam_len > COMMON_MAX_CHARS:
        why.append(f"long passage ({fam_len:.0f} > {COMMON_MAX_CHARS} characters)")
    elif groups < COMMON_MIN_GROUPS or regions < COMMON_MIN_REGIONS:
        why.append(f"not spread: {spread}")
    return "cross_copy: " + "; ".join(why or ["shared with another agency"])
