"""Figures the narrative states about the tables (for TT) and fee mentions (for Q4).

A *claim* is a number the prose ties to a table cell: 受理/收到…政府信息公开申请 N 件 (T3 本年新收
总计), 办结/答复 … N 件 (T3 （七）总计; not when the clause names a reply type such as 同意公开), 上年结转 N 件, N 件…结转/顺延至下年度, 行政复议 N 件 (T4 行政复议 总计), 行政诉讼 N 件
(未经复议直接起诉 + 复议后起诉 总计), after such a subject 结果维持/纠正/其他结果/尚未审结 N 件, and
公开/制发…规章 N 件, 规范性文件 N 件 (T2 本年制发件数; 本年新公开数量 in the 2019 template).
``adjacent`` says the number follows its label with nothing but filler between; ``qualified`` says
the clause narrows the subject (代表, 其中, 本级, 全区, 约 …), so a mismatch is not proof.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ..core.convert import to_simplified
from ..core.document import Document
from ..core.report import Sentence

Cells = tuple[tuple[str, str, str], ...]
_NUM = r"(?P<n>\d{1,3}(?:,\d{3})+|\d+)"
_UNIT = r"(?:件|个|宗|起|次|份)"
_SUBJ = r"(?:政府信息公开申请|依申请公开政府信息|依申请信息公开|依申请公开申请|依申请公开|政府信息公开|信息公开申请|信息公开|依申请)"
_NEW = re.compile(rf"(?:受理|新收|收到|接收|接到)(?P<pre>[^，,。；;：:\d]{{0,16}}?){_SUBJ}(?P<mid>[^，,。；;：:\d]{{0,8}}?){_NUM}{_UNIT}")
_CARRIED = re.compile(rf"(?:上年度?|上一年度?|去年)结转(?P<mid>[^，,。；;：:\d]{{0,10}}?){_NUM}件")
_NEXT1 = re.compile(rf"结转(?:至|到)?下一?年度?(?:继续办理)?(?P<mid>[^，,。；;：:\d]{{0,6}}?){_NUM}件")
_NEXT2 = re.compile(rf"{_NUM}件(?P<mid>[^，,。；;：:\d]{{0,16}}?)(?:结转|顺延|转入|转至)(?:至|到)?下一?年度?")
_DONE = re.compile(rf"(?:办结|作出答复|答复|办理完毕)(?P<pre>[^，,。；;：:\d]{{0,16}}?)(?P<mid>[^，,。；;：:\d]{{0,8}}?){_NUM}{_UNIT}")
_REPLY_TYPES = re.compile(r"同意公开|予以公开|部分公开|不予公开|无法提供|不予处理|其他处理|信息不存在|不属于|非本机关|告知|结转")
_REVIEW = re.compile(rf"行政复议(?P<mid>[^，,。；;：:\d]{{0,6}}?){_NUM}{_UNIT}")
_SUIT = re.compile(rf"(?:行政)?诉讼(?P<mid>[^，,。；;：:\d]{{0,6}}?){_NUM}{_UNIT}")
_RESULT = re.compile(rf"(?:结果)?(?P<col>维持|纠正|其他结果|尚未审结|未审结)(?P<mid>[^，,。；;：:\d]{{0,3}}?){_NUM}{_UNIT}")
_T2 = re.compile(rf"(?<!部门)(?<!其他)(?P<row>规章|行政规范性文件|规范性文件)(?P<mid>[^，,。；;：:、等\d]{{0,4}}?){_NUM}件")
_T2_VERB = re.compile(r"公开|制发|出台|印发|发布|制定")
T2_ISSUED = "本年制发件数|本年新公开数量"  # the 2021 template's column, or the 2019 one's
_SUBJECTS = re.compile(r"行政复议|(?:行政)?诉讼|起诉")
_FILLER = re.compile(r"申请|数量|共计|合计|总计|总数|案件|共|为|达|类|的|了|政府信息公开|信息公开|依申请公开")
_QUALIFIERS = ("代表", "其中", "含", "包括", "本级", "本部门", "各部门", "各单位", "全市", "全区", "全县", "全省",
               "各级", "系统", "约", "近", "余", "多", "以上", "超过", "累计", "网上", "当面", "信函")
_RESULT_WORDS = ("维持", "纠正", "纠错", "其他结果", "审结", "败诉", "胜诉", "撤回", "驳回")
_COLUMN = {"维持": "结果维持", "纠正": "结果纠正", "其他结果": "其他结果", "尚未审结": "尚未审结", "未审结": "尚未审结"}
_SUIT_TOTAL: Cells = (("T4", "未经复议直接起诉", "总计"), ("T4", "复议后起诉", "总计"))
_FEES = re.compile(r"收费|费用|处理费|缴费|收取")


@dataclass(frozen=True)
class Claim:
    sentence_id: int
    part: int
    page: int
    phrase: str
    value: int
    cells: Cells
    adjacent: bool
    qualified: bool


def _norm(text: str) -> str:
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return to_simplified(s)


def _clause(text: str, start: int) -> str:
    left = max(text.rfind(p, 0, start) for p in "，,。；;") + 1
    return text[left:start]


def _adjacent(mid: str) -> bool:
    return not _FILLER.sub("", mid or "")


def claims(sentences: Sequence[Sentence]) -> list[Claim]:
    out: list[Claim] = []
    for s in sentences:
        sid, part, page, text = s.id, s.part, s.page, _norm(s.text)

        def add(m: re.Match[str], cells: Cells, adjacent: bool, *, text: str = text, sid: int = sid,
                part: int = part, page: int = page) -> None:
            clause = _clause(text, m.start("n"))
            qualified = any(q in clause for q in _QUALIFIERS)
            out.append(Claim(sid, part, page, m.group(0), int(m.group("n").replace(",", "")), cells, adjacent,
                             qualified))

        for m in _NEW.finditer(text):
            if "结转" not in m.group(0):
                add(m, (("T3", "本年新收政府信息公开申请数量", "总计"),), _adjacent(m.group("mid")))
        for m in _DONE.finditer(text):  # 办结/答复 N 件 → T3 总计 (reply-type counts like 同意公开 N 件 excluded)
            if not _REPLY_TYPES.search(m.group(0)) and not _REPLY_TYPES.search(_clause(text, m.start())):
                add(m, (("T3", "总计", "总计"),), _adjacent(m.group("pre") + m.group("mid")))
        for m in _CARRIED.finditer(text):
            add(m, (("T3", "上年结转政府信息公开申请数量", "总计"),), _adjacent(m.group("mid")))
        for rx in (_NEXT1, _NEXT2):
            for m in rx.finditer(text):
                add(m, (("T3", "结转下年度继续办理", "总计"),), rx is _NEXT1 and _adjacent(m.group("mid")))
        for m in _T2.finditer(text):
            if _T2_VERB.search(text, 0, m.start()):
                row = "规章" if m.group("row") == "规章" else "行政规范性文件"
                add(m, (("T2", row, T2_ISSUED),), _adjacent(m.group("mid")))
        subject_mentioned = bool(re.search(r"行政复议|行政诉讼|起诉", text))
        for m in _REVIEW.finditer(text):
            if not any(w in m.group("mid") for w in _RESULT_WORDS):
                add(m, (("T4", "行政复议", "总计"),), _adjacent(m.group("mid")))
        for m in _SUIT.finditer(text):
            if subject_mentioned and not any(w in m.group("mid") for w in _RESULT_WORDS):
                add(m, _SUIT_TOTAL, _adjacent(m.group("mid")))
        for m in _RESULT.finditer(text):
            subjects = list(_SUBJECTS.finditer(text, 0, m.start()))
            if not subjects:
                continue
            col = _COLUMN[m.group("col")]
            if subjects[-1].group(0) == "行政复议":
                cells: Cells = (("T4", "行政复议", col),)
            else:
                cells = (("T4", "未经复议直接起诉", col), ("T4", "复议后起诉", col))
            add(m, cells, _adjacent(m.group("mid")))
    return out


def mentions_fees(text: str) -> bool:
    return bool(_FEES.search(_norm(text)))


def sentences_from_document(doc: Document) -> list[Sentence]:
    """A plain fallback when ``nlp.parse`` is unavailable: narrative lines (no table rows) split at
    。！？；, with the part taken from the last part heading above (``nlp.text.headings``)."""
    from ..text.headings import match_heading

    paragraphs: list[tuple[str, int, int]] = []  # text, part, page
    part = 0
    for ln in doc.lines:
        if ln.cells is not None or ln.table is not None or not ln.text.strip():
            continue
        text = ln.text.strip()
        text = to_simplified(text)  # headings are matched in simplified characters
        h = match_heading(text)
        if h is not None:
            part = h.part
            rest = text[h.end:]
            if rest.strip():
                paragraphs.append((rest, part, ln.page))
            continue
        if paragraphs and paragraphs[-1][1] == part and not paragraphs[-1][0].rstrip().endswith(("。", "！", "？")):
            text, p, page = paragraphs[-1]
            paragraphs[-1] = (text + ln.text.strip(), p, page)
        else:
            paragraphs.append((ln.text.strip(), part, ln.page))
    out: list[Sentence] = []
    for text, p, page in paragraphs:
        for s in re.findall(r"[^。！？；]+[。！？；]?", text):
            if s.strip():
                out.append(Sentence(id=len(out), text=s.strip(), part=p, page=page))
    return out
