"""The site's Chinese labels for the store's English codes (one place for the pages and the downloads)."""

from __future__ import annotations

from ..core.report import PART_NAMES

__all__ = ["KIND_LABELS", "LEVEL_LABELS", "PART_NAMES", "RELATION_LABELS", "STATUS_LABELS", "level_label"]

RELATION_LABELS = {"self": "来自本机关往年报告", "cross": "与其他机关相同", "unknown": "机关不明"}
KIND_LABELS = {"exact": "文字相同", "numbers_only": "文字相同、数字不同", "near": "基本相同"}
LEVEL_LABELS = {"province": "省级", "city": "市级", "county": "县级", "district": "区级", "township": "乡镇级",
                "department": "部门", "government": "人民政府", "general_office": "政府办公厅（室）",
                "subdistrict_office": "街道办事处"}
STATUS_LABELS = {"fail": "未通过", "uncertain": "存疑", "not_assessable": "无法判断", "pass": "通过"}


def level_label(level: str | None) -> str:
    """The store's ``admin_level agency_type`` (e.g. ``county government``) in Chinese: 县级 人民政府."""
    if not level:
        return "—"
    return " ".join(LEVEL_LABELS.get(word, word) for word in level.split())
