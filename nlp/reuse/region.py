"""Where an agency sits: province and city read from its name, when the name carries them.

``region("淮安市洪泽区人民政府")`` → ``Region("江苏省", "淮安市")`` needs a province; names rarely carry
one, so the province is known for the municipalities (上海市…) and for names that spell it out
(江苏省淮安市…, also 江苏淮安市…). Otherwise the city (the first ``…市`` / ``…州`` / ``…盟``
place) stands in. :func:`region_key` is what the common-phrase rule counts: the province when known,
else the city, else the agency itself — an agency of unknown place never adds spread beyond itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from .side import places

PROVINCES = (
    "北京市", "天津市", "上海市", "重庆市", "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省", "江苏省",
    "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "海南省",
    "四川省", "贵州省", "云南省", "陕西省", "甘肃省", "青海省", "台湾省", "内蒙古自治区",
    "广西壮族自治区", "西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区", "香港特别行政区", "澳门特别行政区",
)
_SHORT = {p[:3] if p.startswith(("黑龙江", "内蒙古")) else p[:2]: p for p in PROVINCES}
_MUNICIPALITIES = {p for p in PROVINCES if p.endswith("市")}


@dataclass(frozen=True)
class Region:
    province: str | None
    city: str | None


def region(agency: str | None) -> Region:
    """Province and city named in ``agency`` (None where the name does not say)."""
    ps = places(agency)
    province = city = None
    for p in ps:
        full = p if p in PROVINCES else _SHORT.get(p)
        if full and province is None:
            province = full
            if full in _MUNICIPALITIES:
                city = full
            continue
        if city is None and p.endswith(("市", "州", "盟")):
            city = p
    return Region(province, city)


def region_key(agency: str | None) -> str:
    """The unit of geographic spread: province, else city, else the agency name itself."""
    r = region(agency)
    return r.province or r.city or f"agency:{agency or ''}"
