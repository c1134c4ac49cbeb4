"""Match rows of an incremental run of the reuse index equal a full recompute row by row, also where
late reports change the rows of old units; blocks of units give the in-memory matches.

The corpus is the planted one of tests/test_reuse_disk.py (eight agencies, 2019–2024, real
sentences). The reports added later are planted so that they change rows of *old* units:

* a missing year filled in late: 临河县 2021 is held back, so 临河县 2022 first matches 2020 (two
  years earlier) where it can; once 2021 arrives, 2022's carried-over sentences match 2021;
* a near copy's source year filled in late: 后补县 wrote two sentences in 2020 and edited them in
  2022 (near self copies of 2020); its 2021 report, which repeated them, arrives late — 2022 now
  matches 2021. No new skeleton and no new pair: only the new units of an existing skeleton;
* an earlier source found late: a new agency's 2019 report holding sentences that 清源区 wrote
  first in 2020 and 安平县 copied in 2021 — 安平县's cross partner becomes the new 2019 report —
  and an edited copy of a sentence 新丰县 wrote first in 2020 (a new skeleton: 新丰县 2020 gets its
  first cross partner, a near one).
"""

from __future__ import annotations

import re

import pytest
from test_reuse_disk import planted, rows

from nlp.reuse import corpus_disk, corpus_rows
from nlp.reuse.corpus import match_corpus
from nlp.reuse.corpus_disk import match_index, update_index
from nlp.reuse.side import Sent, Side
from nlp.reuse.template import EMPTY

LATE = "临河县人民政府-2021"
EARLY_SOURCE = "早设县人民政府-2019"
FILLED = "后补县人民政府-2021"
WRITTEN = ("本机关全年共受理政府信息公开申请一百二十件，均在法定期限内依法作出答复并告知申请人。",
           "组织全体工作人员参加政府信息公开业务培训三次，进一步提升依法公开的意识和能力水平。")
EDITED = ("本机关全年共受理政府信息公开申请一百二十件，均在法定期限内依法作出答复并告知当事人。",
          "组织全体工作人员参加政府信息公开业务培训三次，进一步提高依法公开的意识和能力水平。")


@pytest.fixture(scope="module")
def corpus() -> list[Side]:
    sides, _ = planted()
    by_key = {s.key: s for s in sides}
    # 安平县 2021 copies the last two sentences of 清源区 2020 (planted cross copies)
    copied = by_key["清源区人民政府-2020"].sentences[-2:]
    assert {x.text for x in copied} <= {x.text for x in by_key["安平县人民政府-2021"].sentences}
    # and an edited copy of the sentence 新丰县 wrote first in 2020 (a new skeleton, near to it)
    own = by_key["新丰县人民政府-2020"].sentences[-1].text
    k = [m.start() for m in re.finditer(r"[\u4e00-\u9fff]", own)][4]
    texts = [x.text for x in copied] + [own[:k] + "暂" + own[k + 1 :]]  # no planted edit writes 暂
    early = Side(tuple(Sent(k, t, 1) for k, t in enumerate(texts)), "早设县人民政府", 2019, EARLY_SOURCE)
    filled = [Side(tuple(Sent(k, t, 1) for k, t in enumerate(texts)), "后补县人民政府", y, f"后补县人民政府-{y}")
              for y, texts in ((2020, WRITTEN), (2021, WRITTEN), (2022, EDITED))]
    return sorted([*sides, early, *filled], key=lambda s: s.key or "")


def _by_unit(cm) -> dict[tuple, tuple]:
    """(report, sentence, start, relation) → (old report, old sentence, kind)."""
    return {(k, s, st, rel): (ok, os_, kind) for k, s, st, ok, os_, rel, kind, _, _ in rows(cm)}


def test_late_reports_change_old_rows_as_a_full_recompute_does(corpus, tmp_path):
    later = {LATE, EARLY_SOURCE, FILLED}
    first = [s for s in corpus if s.year < 2024 and s.key not in later]
    path = tmp_path / "index"
    (path / "matches").mkdir(parents=True)
    (path / "matches" / "rows.npz").write_bytes(b"rows kept by an earlier version")
    before = _by_unit(match_index(update_index(first, path, template=EMPTY)))
    assert not (path / "matches").exists()  # the rows of earlier versions are not read, and removed
    inc = match_index(update_index(corpus, path, template=EMPTY))  # 2024 and the two late reports
    after = _by_unit(inc)
    full = match_index(update_index(corpus, tmp_path / "full", template=EMPTY))
    assert rows(inc) == rows(full)
    assert rows(full) == rows(match_corpus(corpus, template=EMPTY))

    # the filled-in year: 2022's carried-over sentences matched 2020, now 2021
    moved = [k for k, v in before.items()
             if k[0] == "临河县人民政府-2022" and k[3] == "self" and v[0] == "临河县人民政府-2020"]
    assert len(moved) >= 1
    assert all(after[k][0] == LATE for k in moved)
    # and the sentences 2021 wrote and 2022 carried over, unmatched before, now match 2021
    found = [k for k, v in after.items() if k[0] == "临河县人民政府-2022" and k[3] == "self" and v[0] == LATE]
    assert len([k for k in found if k not in before]) >= 2
    # the earlier source: 安平县 2021's copies of 清源区 2020 now point at the 2019 report
    cross = [k for k, v in before.items()
             if k[0] == "安平县人民政府-2021" and k[3] == "cross" and v[0] == "清源区人民政府-2020"]
    assert len(cross) >= 2
    assert all(after[k] == (EARLY_SOURCE, after[k][1], "exact") for k in cross)
    # 新丰县 2020's own sentence had no cross partner; the late 2019 report's edited copy is one
    last = len(next(s for s in corpus if s.key == "新丰县人民政府-2020").sentences) - 1
    first_written = [k for k in after if k[:2] == ("新丰县人民政府-2020", last)]
    assert not [k for k in first_written if k in before and k[3] == "cross"]
    assert [after[k] for k in first_written if k[3] == "cross"] == [(EARLY_SOURCE, 2, "near")]
    # the near copies of 后补县 2022 matched 2020, now the late 2021
    edited = {k: v for k, v in before.items() if k[0] == "后补县人民政府-2022" and k[3] == "self"}
    assert {(k[1], *v) for k, v in edited.items()} == {(n, "后补县人民政府-2020", n, "near") for n in (0, 1)}
    assert all(after[k] == (FILLED, k[1], "near") for k in edited)


def test_a_run_without_new_reports_gives_the_same_rows(corpus, tmp_path):
    path = tmp_path / "index"
    first = match_index(update_index(corpus, path, template=EMPTY))
    again = match_index(update_index(corpus, path, template=EMPTY))
    assert rows(again) == rows(first) and len(again.matches) > 100


def test_small_blocks_of_units_give_the_in_memory_matches(corpus, tmp_path, monkeypatch):
    sizes: list[int] = []
    real = corpus_rows._block_rows

    def counting(s, units, *args):
        sizes.append(len(units))
        return real(s, units, *args)

    monkeypatch.setattr(corpus_rows, "_block_rows", counting)
    monkeypatch.setattr(corpus_disk, "UNITS_PER_MB", 1)  # 64 units a block
    disk = match_index(update_index(corpus, tmp_path / "index", template=EMPTY, memory_mb=64))
    assert len(sizes) > 5 and max(sizes) == 64  # the units were matched in many blocks
    assert sum(sizes) == len(disk.units)
    assert rows(disk) == rows(match_corpus(corpus, template=EMPTY))
