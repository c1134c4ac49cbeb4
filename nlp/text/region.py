"""Where an agency sits: province / city / county, its administrative level and its agency type.

The place names come from the national administrative-division codes (行政区划代码, to county level)
in ``nlp/data/adcodes.tsv`` (the data of the MIT-licensed ``cpca`` package, 2020). An agency name
is read from its start as a chain of place names — 淮安市洪泽区人民政府 → 淮安市 › 洪泽区 — each later name lying inside the earlier one; the codes
give the province and city above the last name (洪泽区 → 江苏省, 淮安市). A name that fits several
places (鼓楼区) with nothing before it to choose between them keeps only what the candidates share.

``admin_level``: ``province`` (省, 自治区, 直辖市), ``city`` (地级市, 州, 盟), ``county`` (县, 区,
县级市, 旗), ``township`` (乡, 镇, 街道). ``agency_type``: ``government`` (…人民政府),
``general_office`` (…人民政府办公厅/办公室), ``department`` (局, 委员会, 厅… of a government),
``subdistrict_office`` (街道办事处).
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .meta import DEPARTMENT_SUFFIXES, level_of

MUNICIPALITIES = ("11", "12", "31", "50")
"""Province codes of 北京, 天津, 上海, 重庆: their city is the municipality itself."""
_NOT_PLACES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


@dataclass(frozen=True)
class Region:
    province: str | None = None
    city: str | None = None
    county: str | None = None
    admin_level: str | None = None
    agency_type: str | None = None


ADCODES = resources.files("nlp") / "data" / "adcodes.tsv"  # package data (importlib.resources)


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, tuple[str, ...]], dict[str, str], int]:
    """(place name → six-digit codes, code → name, longest name length)."""
    by_name: dict[str, list[str]] = defaultdict(list)
    names: dict[str, str] = {}
    for line in ADCODES.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t")
            names[code] = name
            if name not in _NOT_PLACES:
                by_name[name].append(code)
    return {k: tuple(sorted(v)) for k, v in by_name.items()}, names, max(map(len, by_name))


def _chain(text: str) -> list[tuple[str, ...]]:
    """Codes of the place names the text starts with, one tuple per name, in order."""
    by_name, _, longest = _gazetteer()
    out, i = [], 0
    while i < len(text):
        for n in range(min(longest, len(text) - i), 1, -1):
            if text[i:i + n] in by_name:
                out.append(by_name[text[i:i + n]])
                i += n
                break
        else:
            break
    return out


def _within(code: str, outer: str) -> bool:
    kept = outer.rstrip("0")
    kept += "0" * (len(kept) % 2)
    return code.startswith(kept) and code != outer


def _resolve(chain: list[tuple[str, ...]]) -> list[str]:
    """The codes of the chain's last name that lie inside every earlier name."""
    cands = list(chain[-1])
    for earlier in chain[:-1]:
        inside = [c for c in cands if any(_within(c, e) for e in earlier)]
        cands = inside or cands
    return cands


def _places(code: str) -> tuple[str | None, str | None, str | None, str]:
    """(province, city, county, level) of a six-digit code."""
    _, names = _gazetteer()[:2]
    prov = names.get(code[:2] + "0000")
    if code[2:] == "0000":
        return prov, prov if code[:2] in MUNICIPALITIES else None, None, "province"
    city_name = names.get(code[:4] + "00")
    city = prov if code[:2] in MUNICIPALITIES else (None if city_name in _NOT_PLACES else city_name)
    if code[4:] == "00":
        return prov, city, None, "city"
    return prov, city, names.get(code), "county"


def agency_type(agency: str | None) -> str | None:
    """government / general_office / department / subdistrict_office (see the module docstring)."""
    if not agency:
        return None
    a = re.sub(r"[（(].*?[)）]", "", agency)
    if re.search(r"政府办公(?:厅|室)$", a):
        return "general_office"
    if a.endswith("政府"):
        return "government"
    if a.endswith(("街道办事处", "街道办")):
        return "subdistrict_office"
    if a.endswith(DEPARTMENT_SUFFIXES):
        return "department"
    return None


def region_of(agency: str | None, path: str | None = None) -> Region:
    """The :class:`Region` of an agency name (else of the file name's leading place names)."""
    kind = agency_type(agency)
    texts = [re.sub(r"\s+", "", agency)] if agency else []
    texts += re.findall(r"[（(]([^）)]*)[)）]", agency or "")  # 临县人民政府（山西省吕梁市临县）
    if path:
        texts.append(os.path.basename(path))
    chain = max((_chain(t) for t in texts), key=len, default=[])
    if not chain:
        return Region(admin_level=_level_from_name(agency), agency_type=kind)
    cands = _resolve(chain)
    places = [_places(c) for c in cands]
    shared = [vals[0] if len(set(vals)) == 1 else None for vals in zip(*places, strict=True)]
    level = _level_from_name(agency) if level_of(agency) == "township" else shared[3]
    return Region(shared[0], shared[1], shared[2], level or _level_from_name(agency), kind)


def _level_from_name(agency: str | None) -> str | None:
    """province / city / county / township from the agency's own name (districts are county level)."""
    level = level_of(agency)
    return {"district": "county", "department": None}.get(level, level) if level else None
