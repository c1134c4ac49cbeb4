"""Imported by the fork server of ``xxgk batch`` (:func:`nlp.corpus.batch_run.start_forkserver`):
loads jieba, the spaCy pipeline and the models once, before any worker is forked from it.

A failure here is not an error: the workers then load the models themselves (pool initializer) and
a real problem is reported on the first file.

The warm-up is what every batch waits for before its first file, so the cyclic collector is off
while it runs (the imports would otherwise trigger full collections over the growing heap); then
everything loaded is frozen (never collected: workers forked from here do not copy its pages by
touching them, and their collections have fewer objects to walk) and the collector is turned on again
(workers inherit it on).
"""

from __future__ import annotations

import contextlib
import gc

gc.disable()
try:
    from .batch_run import warm_worker

    with contextlib.suppress(Exception):
        warm_worker()
finally:
    gc.freeze()
    gc.enable()
