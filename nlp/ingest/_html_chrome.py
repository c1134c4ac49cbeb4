"""Page chrome on government web pages: what to cut before and after the HTML reader walks the page.

Element level (:func:`is_chrome_element`): ``nav``/``aside`` and small ``header``/``footer``/share/
print/breadcrumb boxes. Line level (:func:`chrome_line`): widget text that survives in plain
``<p>``/``<span>`` markup — 字号 大 中 小, 朗读, 打印, 关闭, 分享到, 扫一扫 / QR-code captions,
breadcrumbs (首页 > 政务公开 > …), 浏览次数, and the 发布日期 / 索引号 lines (read into meta).
"""

from __future__ import annotations

import re

from ._markup import iso_date, meta_label, set_meta

CHROME_TAGS = frozenset({"nav", "aside", "header", "footer"})
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
    if len(s) <= 40:
        if _QR.search(s) or _SHARE.search(s):
            return True
        if _WIDGET_LINE.fullmatch(s) and re.search(r"字号|字体|朗读|打印|关闭|分享|收藏|顶部|视力", s):
            return True
    return False
