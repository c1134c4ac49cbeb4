"""The scores of one report on the audit pages, its flags (标记) and its suspicion (可疑度).

Suspicion (the index's default order, highest first)::

    suspicion = self_copy_share + (1 + log2(max(copy group size, 2))) × cross_copy_share
                + part-5 reuse ratio + 0.25 × min(failed checks, 4) + 0.25 × (stale mentions > 0)
                + 0.5 × (empty report)

``self_copy_share`` is the share of the report's narrative characters copied from the same
agency's earlier report, ``cross_copy_share`` the share copied from other agencies (template
wording and common phrasing excluded from both, :mod:`nlp.reuse.corpus_scores`); the copy group
size is the number of agencies in the report's copy cluster, so the weight of copying rises with
the ring (2 for a pair, 3 for four agencies, 5.3 for twenty); the part-5 ratio is the share of
part 5 (problems and improvements) reused from the prior report; an empty report (almost all
template wording) adds 0.5. When the store has no ``self_copy_share`` the overall reuse ratio is
used. A report the last ``xxgk reuse`` did not see has no scores: it is marked stale, not 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

PART5_FLAG = 0.5
CROSS_FLAG = 0.05


@dataclass(frozen=True)
class Scores:
    prior_year: int | None = None
    prior_page: str | None = None
    reuse_ratio: float | None = None
    self_copy_share: float | None = None
    cross_copy_share: float | None = None
    template_share: float | None = None
    part5_ratio: float | None = None
    n_failed: int = 0
    n_checks: int = 0
    n_matches: int = 0
    n_cross: int = 0
    n_stale: int = 0
    by_part: dict[int, float] = field(default_factory=dict)
    common_phrase_share: float | None = None
    copy_group_size: int = 1
    empty_report: bool = False
    reuse_missing: bool = False  # added after the last `xxgk reuse`: no copy scores yet

    @property
    def suspicion(self) -> float:
        own = self.self_copy_share if self.self_copy_share is not None else self.reuse_ratio
        weight = 1 + math.log2(max(self.copy_group_size, 2))
        return round((own or 0.0) + weight * (self.cross_copy_share or 0.0) + (self.part5_ratio or 0.0)
                     + 0.25 * min(self.n_failed, 4) + 0.25 * (self.n_stale > 0) + 0.5 * self.empty_report, 4)

    @property
    def flags(self) -> tuple[str, ...]:
        out = []
        if self.reuse_missing:
            out.append("未计算沿用")
        if self.copy_group_size > 1:
            out.append(f"抄袭群组 {self.copy_group_size} 个机关")
        if self.empty_report:
            out.append("空报告")
        if (self.part5_ratio or 0) >= PART5_FLAG:
            out.append("第五部分沿用")
        if (self.cross_copy_share or 0) >= CROSS_FLAG or self.n_cross:
            out.append("与其他机关相同")
        if self.n_failed:
            out.append("核对未通过")
        if self.n_stale:
            out.append("过时表述")
        return tuple(out)
