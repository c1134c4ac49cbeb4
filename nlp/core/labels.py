"""The labels of tables T2/T3/T4: canonical keys, the variants real reports print, and matching.

Keys are the template's labels with numbering and bracketed notes stripped (see DESIGN.md). A
printed label is normalised (NFKC, traditional → simplified, no whitespace, no quotes), stripped of its numbering
(一、 （一） 1. 1、) and of bracketed notes, then looked up exactly among the keys and their
variants; failing that, a fuzzy match (rapidfuzz ratio ≥ 80, or a long enough prefix) catches
PDF damage such as ``其他法律行政止公开`` or a label cut by a page break.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .convert import to_simplified

# ---------------------------------------------------------------- T2 (第二十条)
T2_ROWS_2021 = ("规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费")
T2_ROWS_2019 = ("规章", "行政规范性文件", "行政许可", "其他对外管理服务事项", "行政处罚", "行政强制",
                "行政事业性收费", "政府集中采购")
T2_COLUMNS_2021 = {
    "规章": ("本年制发件数", "本年废止件数", "现行有效件数"),
    "行政规范性文件": ("本年制发件数", "本年废止件数", "现行有效件数"),
    "行政许可": ("本年处理决定数量",),
    "行政处罚": ("本年处理决定数量",),
    "行政强制": ("本年处理决定数量",),
    "行政事业性收费": ("本年收费金额",),
}
T2_COLUMNS_2019 = {
    "规章": ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
    "行政规范性文件": ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
    "行政许可": ("上一年项目数量", "本年增/减", "本年处理决定数量"),
    "其他对外管理服务事项": ("上一年项目数量", "本年增/减", "本年处理决定数量"),
    "行政处罚": ("上一年项目数量", "本年增/减", "本年处理决定数量"),
    "行政强制": ("上一年项目数量", "本年增/减", "本年处理决定数量"),
    "行政事业性收费": ("上一年项目数量", "本年增/减"),
    "政府集中采购": ("采购项目数量", "采购总金额"),
}
T2_ITEM = {"规章": "一", "行政规范性文件": "一", "行政许可": "五", "其他对外管理服务事项": "五",
           "行政处罚": "六", "行政强制": "六", "行政事业性收费": "八", "政府集中采购": "九"}
MONEY_COLUMNS = frozenset({"本年收费金额", "采购总金额"})
SIGNED_COLUMNS = frozenset({"本年增/减"})
COLUMNS_2019_ONLY = frozenset({"本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减",
                               "采购项目数量", "采购总金额"})

# ---------------------------------------------------------------- T3 (依申请)
T3_APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
T3_TOTAL = "总计"
T3_SUBTOTAL = "法人或其他组织小计"
T3_COLUMNS = (*T3_APPLICANTS, T3_TOTAL)
T3_ORGS = T3_APPLICANTS[1:]
NEW, CARRIED, TOTAL_ROW, NEXT_YEAR = ("本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "总计",
                                      "结转下年度继续办理")
T3_GROUPS: dict[str, tuple[str, ...]] = {
    "予以公开": (),
    "部分公开": (),
    "不予公开": ("属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益",
             "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项"),
    "无法提供": ("本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"),
    "不予处理": ("信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请",
             "要求行政机关确认或重新出具已获取信息"),
    "其他处理": ("申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
             "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "其他处理/其他"),
}
T3_OUTCOME_ROWS = tuple(leaf for g, leaves in T3_GROUPS.items() for leaf in (leaves or (g,)))
T3_ROWS = (NEW, CARRIED, *T3_OUTCOME_ROWS, TOTAL_ROW, NEXT_YEAR)  # the 25 leaf rows
T3_GROUP_ROWS = tuple(g for g, leaves in T3_GROUPS.items() if leaves)  # may stand in for their leaves
GROUP_OF = {leaf: g for g, leaves in T3_GROUPS.items() for leaf in leaves}

# ---------------------------------------------------------------- T4 (复议/诉讼)
T4_ROWS = ("行政复议", "未经复议直接起诉", "复议后起诉")
T4_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")

PART_OF_TABLE = {"T2": 2, "T3": 3, "T4": 4}

# kind: row (a data row's label), group (context label of rows), col (a column leaf),
#       colgroup (a header spanning several columns)
_ENTRIES: list[tuple[str, str, str, tuple[str, ...]]] = [
    # table, kind, key, variants (besides the key itself)
    ("T2", "row", "规章", ()),
    ("T2", "row", "行政规范性文件", ("规范性文件", "行政规范性文件数量")),
    ("T2", "row", "行政许可", ()),
    ("T2", "row", "其他对外管理服务事项", ()),
    ("T2", "row", "行政处罚", ()),
    ("T2", "row", "行政强制", ()),
    ("T2", "row", "行政事业性收费", ("行政事业性收费项目",)),
    ("T2", "row", "政府集中采购", ()),
    ("T2", "col", "本年制发件数", ("本年制发数量", "本年新制发件数", "制发件数")),
    ("T2", "col", "本年废止件数", ("本年废止数量", "废止件数")),
    ("T2", "col", "现行有效件数", ("现行有效数量", "现行有效")),
    ("T2", "col", "本年处理决定数量", ("处理决定数量", "本年处理决定件数")),
    ("T2", "col", "本年收费金额", ("收费金额", "本年收费数额")),
    ("T2", "col", "本年新制作数量", ()),
    ("T2", "col", "本年新公开数量", ()),
    ("T2", "col", "对外公开总数量", ()),
    ("T2", "col", "上一年项目数量", ()),
    ("T2", "col", "本年增/减", ("本年增减", "本年增/减数量")),
    ("T2", "col", "采购项目数量", ()),
    ("T2", "col", "采购总金额", ()),
    ("T2", "label", "信息内容", ()),
    ("T3", "col", "自然人", ()),
    ("T3", "col", "商业企业", ()),
    ("T3", "col", "科研机构", ()),
    ("T3", "col", "社会公益组织", ("社会组织", "公益组织")),
    ("T3", "col", "法律服务机构", ()),
    ("T3", "col", "其他", ()),
    ("T3", "col", "总计", ("合计",)),
    ("T3", "col", T3_SUBTOTAL, ("小计", "法人或其他组织合计")),
    ("T3", "colgroup", "申请人情况", ()),
    ("T3", "colgroup", "法人或其他组织", ()),
    ("T3", "row", NEW, ("本年新收政府信息公开申请", "本年新收申请数量", "本年新收")),
    ("T3", "row", CARRIED, ("上年结转政府信息公开申请", "上年结转申请数量", "上年结转")),
    ("T3", "group", "本年度办理结果", ()),
    ("T3", "row", "予以公开", ()),
    ("T3", "row", "部分公开", ()),
    ("T3", "row", "其他处理/其他", ("其他",)),
    ("T3", "row", TOTAL_ROW, ("合计",)),
    ("T3", "row", NEXT_YEAR, ("结转下年度继续办理数量", "结转下年度")),
    ("T3", "row", "危及“三安全一稳定”", ("危及三安全一稳定",)),
    ("T4", "col", "结果维持", ("维持",)),
    ("T4", "col", "结果纠正", ("纠正",)),
    ("T4", "col", "其他结果", ()),
    ("T4", "col", "尚未审结", ("未审结",)),
    ("T4", "col", "总计", ("合计",)),
    ("T4", "colgroup", "行政诉讼", ()),
    ("T4", "row", "行政复议", ()),
    ("T4", "row", "未经复议直接起诉", ("直接起诉",)),
    ("T4", "row", "复议后起诉", ("经复议后起诉",)),
]
for _g, _leaves in T3_GROUPS.items():
    _ENTRIES.append(("T3", "row" if not _leaves else "group", _g, ()))
    for _leaf in _leaves:
        if _leaf not in ("其他处理/其他", "危及“三安全一稳定”"):
            _ENTRIES.append(("T3", "row", _leaf, ()))

T4_GROUP_LABELS = frozenset(T4_ROWS)
T4_HEADER_GROUPS = frozenset({*T4_ROWS, "行政诉讼"})
FILL_GROUPS = frozenset({"申请人情况", "法人或其他组织", "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"})

_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.,:]|\(?[一二三四五六七八九十\d]{1,2}\)|\d{1,2}[、.,](?!\d)|[①-⑳])")
_BRACKETED = re.compile(r"\([^()]*\)")
_OPEN_BRACKET = re.compile(r"\([^()]*$")
_QUOTES = re.compile(r"[“”\"'‘’「」『』]")
_SECTION = re.compile(r"^第二十条第?\(?([一二三四五六七八九十]+)\)?项")
_UNIT = re.compile(r"单位[:：]?\s*([^)）\s]+)")


@dataclass(frozen=True)
class Entry:
    table: str
    kind: str
    key: str


@lru_cache(maxsize=16384)
def normalize(text: str) -> str:
    """NFKC, traditional → simplified, no whitespace, no quotation marks (for matching only)."""
    s = unicodedata.normalize("NFKC", text)
    s = re.sub(r"\s+", "", s)
    return _QUOTES.sub("", to_simplified(s))


def strip_label(text: str) -> str:
    """A printed label without numbering and bracketed notes: ``（二）部分公开（区分…）`` → 部分公开."""
    s = normalize(text)
    for _ in range(4):
        t = _NUMBERING.sub("", s)
        if t == s:
            break
        s = t
    s = _BRACKETED.sub("", s)
    s = _OPEN_BRACKET.sub("", s)
    return s.strip(":;,.、*")


def section_item(text: str) -> str | None:
    """``第二十条第（五）项`` → 五."""
    m = _SECTION.match(normalize(text))
    return m.group(1) if m else None


def unit_of(text: str) -> str | None:
    """The unit a header states: ``本年收费金额（单位：万元）`` → 万元."""
    m = _UNIT.search(normalize(text))
    return m.group(1) if m else None


def is_t3_note(text: str) -> bool:
    return "勾稽关系" in normalize(text)


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, tuple[Entry, ...]], tuple[str, ...]]:
    index: dict[str, list[Entry]] = {}
    for table, kind, key, variants in _ENTRIES:
        for v in (key, *variants):
            index.setdefault(strip_label(v), []).append(Entry(table, kind, key))
    frozen = {k: tuple(dict.fromkeys(v)) for k, v in index.items()}
    return frozen, tuple(k for k in frozen if len(k) >= 4)


@lru_cache(maxsize=8192)
def match(text: str | None) -> tuple[Entry, ...]:
    """Every vocabulary entry a printed cell text stands for (empty when none)."""
    if not text:
        return ()
    s = strip_label(text)
    if not s:
        return ()
    index, long_keys = _index()
    if s in index:
        return index[s]
    if len(s) < 4:
        return ()
    # a label glued after its group: "不予公开1.属于国家秘密"
    m = re.search(r"\d{1,2}[、.,](?!\d)(.+)$", normalize(text))
    if m and strip_label(m.group(1)) in index:
        return index[strip_label(m.group(1))]
    best = fuzzy_key(s, long_keys)
    return index[best] if best is not None else ()


def fuzzy_key(s: str, keys: tuple[str, ...], bound: bool = True) -> str | None:
    """The key closest to the stripped label ``s``: rapidfuzz ratio ≥ 80, or ``s`` a long enough
    prefix of it (scored 90). ``bound`` skips keys whose length alone keeps the ratio under 80."""
    from rapidfuzz import fuzz  # only labels that need the fuzzy match pay for the import

    best, best_score = None, 0.0
    for k in keys:
        prefix = len(s) >= 5 and k.startswith(s) and len(s) >= 0.6 * len(k)
        if bound and not prefix and 5 * min(len(s), len(k)) < 2 * (len(s) + len(k)):
            continue  # even if the shorter were a subsequence of the longer the ratio is under 80
        score = fuzz.ratio(s, k)
        if prefix:
            score = max(score, 90.0)
        if score > best_score:
            best, best_score = k, score
    return best if best_score >= 80 else None


def entries(text: str | None, table: str | None = None, kinds: tuple[str, ...] | None = None) -> tuple[Entry, ...]:
    return tuple(e for e in match(text) if (table is None or e.table == table) and (kinds is None or e.kind in kinds))
