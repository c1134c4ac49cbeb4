"""Imported by the fork server of ``xxgk batch`` (:func:`nlp.corpus.batch_run.start_forkserver`):
loads jieba, the spaCy pipeline and the models once, before any worker is forked from it.

A failure here is not an error: the workers then load the models themselves (pool initializer) and
a real problem is reported on the first file.
"""

from __future__ import annotations

import contextlib
import gc

from .batch_run import warm_worker

with contextlib.suppress(Exception):
    warm_worker()
# the loaded models are never freed: the collector leaves them alone, so workers forked from here do
# not copy their pages by touching them (and their collections have fewer objects to walk)
gc.collect()
gc.freeze()
