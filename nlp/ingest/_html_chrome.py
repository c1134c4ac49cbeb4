"""Page chrome on government web pages: what to cut before and after the HTML reader walks the page.

Article container (:func:`pick_container`): the element with an id/class like zoom, content,
TRS_Editor, article, main that holds most of the page's text; :func:`title_before` finds the report
title in a heading just outside it. Element level (:func:`drop_chrome`): ``nav``/``aside`` and small
``header``/``footer``/share/print/breadcrumb boxes. Line level (:func:`chrome_line`): widget text that survives in plain
``<p>``/``<span>`` markup — 字号 大 中 小, 朗读, 打印, 关闭, 分享到, 扫一扫 / QR-code captions,
breadcrumbs (首页 > 政务公开 > …), 浏览次数, and the 发布日期 / 索引号 lines (read into meta).
"""

from __future__ import annotations

import re

from lxml import etree

from ._markup import iso_date, meta_label, norm_space, set_meta

CHROME_TAGS = frozenset({"nav", "aside", "header", "footer"})
_CONTAINER = re.compile(
    r"zoom|content|article|trs_?u?editor|unionstyle|^main|detail|zhengwen|^zw$|wzcon|news_?text|con_?text", re.I
)
_CHROME_NAME = re.compile(
    r"(^|[-_])(nav|navbar|menu|breadcrumbs?|crumbs?|position|location|weizhi|dqwz|share|bdshare|fenxiang"
    r"|print|dayin|fontsize|font-size|zihao|qrcode|qr|ewm|erweima|footer|foot|header|topbar|sidebar"
    r"|toolbar|tools|copyright|banquan)($|[-_])",
    re.I,
)

# Words that make up widget bars; a short line made only of these (and brackets) is chrome.
_WIDGET_WORDS = (
    "视力保护色", "打印本页", "打印此页", "关闭窗口", "关闭本页", "返回顶部", "加入收藏", "分享到", "扫一扫",
    "字号", "字体", "默认", "标准", "朗读", "打印", "关闭", "分享", "收藏", "顶部", "返回", "大", "中", "小",
    "微信", "微博", "QQ空间", "T",
)
_WIDGET_LINE = re.compile(
    r"(?:" + "|".join(re.escape(w) for w in _WIDGET_WORDS) + r"|[\s【】\[\]〖〗()（）|｜:：/、·,，.。>»\-+]" + r")+"
)
_BREADCRUMB = re.compile(r"^\s*(当前位置|您的位置|您现在的位置|您当前的位置|所在位置|当前所在位置|位置)\s*[:：]")
_BREADCRUMB_HOME = re.compile(r"^\s*(网站)?首页\s*(>|＞|»|›|→|/|>>|\\)")
_QR = re.compile(r"扫一扫|二维码|手机(上)?(打开|查看|浏览|阅读)|在手机上")
_COUNTER = re.compile(r"(浏览次数|点击数|点击量|阅读次数|访问次数|阅读量|浏览量)\s*[:：]")
_SHARE = re.compile(r"分享到\s*[:：]?")
_DATE_LINE = re.compile(r"^\s*[【\[]?\s*(发布|公开|更新|发文)?(日期|时间)\s*[:：]\s*(\d{4}\s*[-年/.．]\s*\d{1,2}\s*[-月/.．]\s*\d{1,2})")
_SOURCE_LINE = re.compile(r"^\s*(信息)?来源\s*[:：]\s*\S{0,30}\s*$")


def tag_name(el: etree._Element) -> str | None:
    tag = el.tag
    if not isinstance(tag, str):
        return None  # comment or processing instruction
    return tag.rsplit("}", 1)[-1].lower()


def _names(el: etree._Element) -> str:
    return f"{el.get('id') or ''} {el.get('class') or ''}"


def _text_len(el: etree._Element) -> int:
    return sum(len("".join(t.split())) for t in el.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]"))


def pick_container(body: etree._Element) -> etree._Element | None:
    """The article container (id/class like zoom, content, TRS_Editor …) when there is an obvious one."""
    total = _text_len(body)
    cands = [
        el for el in body.iter()
        if tag_name(el) in ("div", "td", "section", "article", "main") and (
            tag_name(el) in ("article", "main") or any(_CONTAINER.search(t) for t in _names(el).split()))
    ]
    sized = [(el, _text_len(el)) for el in cands]
    sized = [(el, n) for el, n in sized if n >= 200 and n >= 0.3 * total]
    if not sized:
        return None
    best, best_len = max(sized, key=lambda p: p[1])
    while True:
        tables = len(best.xpath(".//table"))
        inner = [(el, n) for el, n in sized if el is not best and n >= 0.7 * best_len
                 and best in el.iterancestors() and len(el.xpath(".//table")) == tables]
        if not inner:
            return best
        best, best_len = max(inner, key=lambda p: p[1])


def title_before(body: etree._Element, container: etree._Element) -> str | None:
    """The report title in a heading outside (before) the article container, if any."""
    title = None
    ancestors = set(container.iterancestors())
    for el in body.iter():
        if el is container:
            break
        tag = tag_name(el)
        if el in ancestors or tag is None:
            continue
        titled = tag in ("h1", "h2", "h3") or (tag in ("div", "p", "td", "span")
                                               and re.search(r"title|biaoti", _names(el), re.I))
        if titled and _is_title(el):
            title = norm_space(el.text_content())
    return title


def _is_title(el: etree._Element) -> bool:
    text = norm_space(el.text_content())
    return 4 <= len(text) <= 120 and ("报告" in text or "年报" in text)


def drop_chrome(root: etree._Element, keep: etree._Element | None) -> None:
    """Remove nav/aside, and small header/footer/share/print/breadcrumb boxes outside ``keep``."""
    for el in list(root.iter()):
        tag = tag_name(el)
        if tag is None or el.getparent() is None:
            continue
        if keep is not None and (el is keep or el in keep.iterancestors()):
            continue
        if tag in ("nav", "aside") or (tag in CHROME_TAGS or is_chrome_name(_names(el))) and _text_len(el) < 1000 \
                and not el.xpath(".//table") and not any(_is_title(h) for h in el.iter("h1", "h2")):
            el.drop_tree()


def is_chrome_name(class_or_id: str) -> bool:
    return any(_CHROME_NAME.search(tok) for tok in class_or_id.split())


def chrome_line(text: str, meta: dict[str, str]) -> bool:
    """True when ``text`` is page chrome. Reads a 发布日期 / 索引号-style line into ``meta`` first."""
    s = text.strip()
    if not s:
        return True
    if len(s) <= 80:
        m = _DATE_LINE.match(s)
        if m:
            iso = iso_date(m.group(3))
            if iso and "published" not in meta:
                meta["published"] = iso
            return True
        hit = meta_label(s)
        if hit is not None and hit[1]:
            set_meta(meta, *hit)
            return True
        if _BREADCRUMB.match(s) or _BREADCRUMB_HOME.match(s):
            return True
        if _COUNTER.search(s) or _SOURCE_LINE.match(s):
            return True
    if len(s) <= 40 and not re.search(r"[。；！？]", s):
        if _QR.search(s) or _SHARE.search(s):
            return True
        if _WIDGET_LINE.fullmatch(s) and re.search(r"字号|字体|朗读|打印|关闭|分享|收藏|顶部|视力", s):
            return True
    return False
