"""Report metadata: title, agency, year (the year reported on), level, published date.

Sources, in order of trust: the title lines, the reader's hints (HTML metadata block, PDF info),
the statistics-period sentence of the preamble, the signature block, the file name. A value no
source supports stays ``None``; a value taken from a weak source (file name) is noted in warnings.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..core.report import Meta

GOVERNMENT_SUFFIXES = ("人民政府办公厅", "人民政府办公室", "人民政府", "政府办公厅", "政府办公室")
"""How the name of a people's government (or its general office) ends."""
DEPARTMENT_SUFFIXES = ("管理委员会", "委员会", "办公厅", "办公室", "局", "厅", "委", "署", "院", "中心")
"""How the name of a department (a 政府组成部门 or other body) ends."""
TOWNSHIP_SUFFIXES = ("街道办事处", "街道", "镇", "乡")
"""How the name of a township-level place or office ends (before 人民政府)."""
AGENCY_SUFFIXES = (*GOVERNMENT_SUFFIXES, *DEPARTMENT_SUFFIXES, "街道办事处", "办")
"""The one list of agency-name endings (layout, reuse and metadata all use it)."""


def suffix_pattern(suffixes: tuple[str, ...] = AGENCY_SUFFIXES) -> str:
    """A regex alternation ``(?:…)`` of ``suffixes``, longest first."""
    return "(?:" + "|".join(sorted(dict.fromkeys(suffixes), key=len, reverse=True)) + ")"


_AGENCY = re.compile(rf"([\u4e00-\u9fff（）()]{{2,40}}?{suffix_pattern()})")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_TITLE_HINT = re.compile(r"政府信息公开|政务公开|年度报告|年报")
_PERIOD = re.compile(r"(?:统计期限|统计时限|统计期间|统计时间)[^。]{0,12}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})\s*日?")
_FILE = re.compile(r"^(?P<agency>.+?)[-_ ]?(?P<year>(?:19|20)\d{2})")


def _iso(m: re.Match[str]) -> str | None:
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if 1 <= mo <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def _qualified(agency: str, text: str) -> str:
    """The fuller name the report itself uses: 洪泽区人民政府 → 淮安市洪泽区人民政府 when the preamble
    says 本报告由淮安市洪泽区人民政府办公室…."""
    m = re.search(rf"([\u4e00-\u9fff]{{1,12}}(?:省|市|自治区|州|盟|地区)){re.escape(agency)}", text)
    if not m:
        return agency
    prefix = m.group(1)
    cut = max(prefix.rfind(ch) for ch in "由据在对是为和与及的向经")
    prefix = prefix[cut + 1:]
    if len(prefix) >= 2 and re.search(r"(?:省|市|自治区|州|盟|地区)$", prefix):
        return prefix + agency
    return agency


def level_of(agency: str | None) -> str | None:
    """province / city / county / district / township / department, from the agency's name."""
    if not agency:
        return None
    a = re.sub(r"[（(].*?[)）]", "", agency)
    if a.endswith(DEPARTMENT_SUFFIXES) and not a.endswith("人民政府"):
        return "department"
    core = re.sub(r"(?:人民政府|政府)$", "", a)
    if core.endswith(TOWNSHIP_SUFFIXES):
        return "township"
    if core.endswith("区") or re.search(r"市.+区$", core):
        return "district"
    if re.search(r"(?:县|旗|自治县)$", core) or re.search(r"市.+县$", core):
        return "county"
    if re.search(r"(?:自治区|省)$", core) or core in ("北京市", "上海市", "天津市", "重庆市"):
        return "province"
    if core.endswith("市") or core.endswith("州") or core.endswith("盟"):
        return "city"
    return None


def extract_meta(front: list[str], closing: list[str], narrative_head: str, hints: dict[str, str],
                 path: str | None) -> tuple[Meta, list[str]]:
    """``front``: part-0 paragraphs; ``closing``: part-7 paragraphs; ``narrative_head``: the first
    few thousand characters (for the statistics period)."""
    warnings: list[str] = []
    title_lines = [t for t in front[:4] if _TITLE_HINT.search(t) and len(t) <= 80 and "。" not in t]
    title = None
    if title_lines:
        i = front.index(title_lines[0])
        title = title_lines[0]
        # an agency name on the line before the title (淮安市洪泽区人民政府 / 2024 年…年度报告)
        if i > 0 and len(front[i - 1]) <= 30 and _AGENCY.fullmatch(front[i - 1].strip()):
            title = front[i - 1].strip() + title
    elif hints.get("html_title") or hints.get("name") or hints.get("pdf_title"):
        title = hints.get("name") or hints.get("html_title") or hints.get("pdf_title")
        title = re.split(r"[-_|]", title)[0].strip() if title else None
    title = re.sub(r"\s+", "", title) if title else None

    year = None
    if title and (m := _YEAR.search(title)) or (m := _PERIOD.search(narrative_head)):
        year = int(m.group(1))
    stem = Path(path).stem if path else ""
    fm = _FILE.match(stem) if stem else None
    if year is None and fm:
        year = int(fm.group("year"))
        warnings.append("meta.year taken from the file name")

    agency = None
    if title:
        t = _YEAR.sub(" ", title)
        t = re.split(r"政府信息公开|政务公开|信息公开", t)[0]
        cands = [c.strip() for c in re.split(r"\s+", t) if c.strip()]
        for c in cands:
            m = _AGENCY.fullmatch(c)
            if m:
                agency = m.group(1)
                break
    if agency is not None:
        agency = _qualified(agency, narrative_head)
    if agency is None and hints.get("publisher"):
        agency = hints["publisher"]
    if agency is None and fm and _AGENCY.fullmatch(fm.group("agency")):
        agency = fm.group("agency")
        warnings.append("meta.agency taken from the file name")
    if agency is None:
        for line in closing:
            if _AGENCY.fullmatch(line.strip()):
                agency = re.sub(r"(?:人民政府)?办公(?:室|厅)$", "人民政府", line.strip()) \
                    if re.search(r"人民政府办公(?:室|厅)$", line.strip()) else line.strip()
                warnings.append("meta.agency taken from the signature block")
                break

    published = None
    if hints.get("published"):
        published = hints["published"]
    else:
        for line in closing[::-1]:
            if m := _DATE.search(line):
                published = _iso(m)
                break
    return Meta(title=title, agency=agency, year=year, level=level_of(agency), published=published), warnings
