"""The part classifier as plain arrays: no pickle, no scikit-learn at run time.

A model directory holds two files:

- ``parts.npz``: the numeric arrays (``idf``, ``coef``, ``intercept``, ``classes``), written
  deterministically (fixed zip timestamps) and read with ``allow_pickle=False``, so loading can
  never execute code;
- ``parts.json``: the n-gram vocabulary (in column order), the feature settings, the decoding
  settings (``switch``/``outside`` nats, see :mod:`nlp.partmodel.decode`), the calibration
  ``temperature`` of ``part_score``, the ``low`` threshold under which a model-decided sentence is
  ``part_source="model_low"``, and the training description.

The digest of a model (:func:`model_digest`) is the sha256 over both files. The shipped model
lives in the package (``nlp/data/parts/``, read with :mod:`importlib.resources`) and its digest is
pinned in the code (:data:`nlp.partmodel.shipped.SHA256`), not in a file beside it: replacing the
model, its card and any sidecar together is still refused. A missing, unreadable or mismatching
model raises :class:`nlp.core.errors.ModelError` (exit 10); there is no fallback to headings.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from ..core.errors import ModelError
from .decode import K
from .features import FeatureSpec, Featurizer, SentenceRow, rows_for

FORMAT = "xxgk.partmodel/2"
ARRAYS = "parts.npz"
META = "parts.json"
CARD = "MODEL_CARD.md"
FLOOR = 1e-4  # probability given to a part the model never saw in training
_ARRAY_NAMES = ("idf", "coef", "intercept", "classes")
_EPOCH = (1980, 1, 1, 0, 0, 0)


def shipped_dir() -> Path:
    """The folder of the model shipped inside the package (``nlp/data/parts``)."""
    return Path(str(resources.files("nlp") / "data" / "parts"))


@dataclass
class PartModel:
    """Linear classifier over :class:`Featurizer` features plus decoding settings."""

    featurizer: Featurizer
    coef: np.ndarray  # (classes, features)
    intercept: np.ndarray  # (classes,)
    classes: np.ndarray  # (classes,) part numbers
    switch: float = 0.5
    outside: float = 6.0
    low: float = 0.0  # part_score below this → part_source "model_low"
    temperature: float = 1.0  # calibration of part_score (see nlp.partmodel.decode.decode)
    info: dict = field(default_factory=dict)

    def log_proba(self, texts: list[str]) -> np.ndarray:
        """``n × 8`` log probabilities for the sentences of one document."""
        if not texts:
            return np.zeros((0, K))
        return self.log_proba_rows(rows_for(list(texts)))

    def log_proba_rows(self, rows: list[SentenceRow]) -> np.ndarray:
        z = self.featurizer.linear(rows, self.coef) + self.intercept
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        full = np.full((len(rows), K), FLOOR)
        full[:, self.classes] = np.maximum(p, FLOOR)
        full /= full.sum(axis=1, keepdims=True)
        return np.log(full)

    def to_disk(self, path: Path) -> None:
        """Write ``parts.npz`` and ``parts.json`` into the folder ``path`` (created if absent)."""
        d = Path(path)
        d.mkdir(parents=True, exist_ok=True)
        f = self.featurizer
        vocab = sorted(f.vocabulary, key=f.vocabulary.__getitem__)
        meta = {"format": FORMAT, "features": f.spec.__dict__, "vocabulary": vocab, "switch": self.switch,
                "outside": self.outside, "low": self.low, "temperature": self.temperature, "info": self.info}
        (d / META).write_text(json.dumps(meta, ensure_ascii=False, sort_keys=True, indent=0) + "\n",
                              encoding="utf-8")
        arrays = {"idf": f.idf, "coef": self.coef, "intercept": self.intercept, "classes": self.classes}
        (d / ARRAYS).write_bytes(_npz_bytes(arrays))

    @classmethod
    def from_disk(cls, path: Path, sha256: str | None = None) -> PartModel:
        """Read a model folder; with ``sha256`` the files' digest must equal it (before parsing)."""
        d = Path(path)
        try:
            raw_arrays, raw_meta = (d / ARRAYS).read_bytes(), (d / META).read_bytes()
        except OSError as exc:
            raise ModelError(str(d), f"part model unreadable: {exc.strerror or exc}") from None
        if sha256 is not None:
            got = _digest(raw_arrays, raw_meta)
            if got != sha256:
                raise ModelError(str(d), f"part model sha256 {got[:16]}… does not match the pinned {sha256[:16]}…")
        try:
            meta = json.loads(raw_meta.decode("utf-8"))
            with np.load(io.BytesIO(raw_arrays), allow_pickle=False) as z:
                arrays = {k: z[k] for k in _ARRAY_NAMES}
            if meta.get("format") != FORMAT:
                raise ValueError(f"format {meta.get('format')!r}, expected {FORMAT}")
            spec = FeatureSpec(**meta["features"])
            vocab = {t: i for i, t in enumerate(meta["vocabulary"])}
            coef = arrays["coef"]
            if arrays["idf"].shape != (len(vocab),) or coef.shape[0] != len(arrays["classes"]):
                raise ValueError("array shapes do not fit the vocabulary")
            return cls(Featurizer(spec, vocab, arrays["idf"]), coef, arrays["intercept"],
                       arrays["classes"].astype(np.int64), float(meta["switch"]), float(meta["outside"]),
                       float(meta["low"]), float(meta["temperature"]), meta.get("info", {}))
        except (ValueError, KeyError, TypeError, OSError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
            raise ModelError(str(d), f"part model corrupt: {exc}") from None


def _npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """An ``.npz`` (zip of ``.npy``) with fixed timestamps, so the same model gives the same bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, member.getvalue())
    return buf.getvalue()


def _digest(raw_arrays: bytes, raw_meta: bytes) -> str:
    h = hashlib.sha256()
    for name, data in ((ARRAYS, raw_arrays), (META, raw_meta)):
        h.update(f"{name}\0{hashlib.sha256(data).hexdigest()}\n".encode())
    return h.hexdigest()


def model_digest(path: Path) -> str:
    """The sha256 that :meth:`PartModel.from_disk` checks for the model folder ``path``."""
    d = Path(path)
    try:
        return _digest((d / ARRAYS).read_bytes(), (d / META).read_bytes())
    except OSError as exc:
        raise ModelError(str(d), f"part model unreadable: {exc.strerror or exc}") from None


def load_shipped() -> PartModel:
    """The model shipped in the package, checked against the digest pinned in the code."""
    from .shipped import SHA256

    return PartModel.from_disk(shipped_dir(), sha256=SHA256)


@lru_cache(maxsize=1)
def default_model() -> PartModel:
    """The shipped model (cached). Raises :class:`ModelError` when it is missing or altered."""
    return load_shipped()
