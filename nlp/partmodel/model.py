"""The part classifier: a scikit-learn pipeline and the safe way to load it.

:class:`PartModel` wraps ``Pipeline([("features", DocumentFeatures), ("clf", LogisticRegression)])``
with the decoding settings. The model file (``models/parts/parts.pkl``) is a pickle, so it is only
ever unpickled after its sha256 has been checked against the sidecar ``parts.pkl.sha256`` (and
against the model card when it names one). A file outside the shipped location is refused unless
the caller passes ``trust=True``: unpickling runs code, so never load a model you did not build.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from threadpoolctl import threadpool_limits

from .decode import K
from .features import DocumentFeatures, SentenceRow, rows_for

FORMAT = "xxgk.partmodel/1"
MODEL_NAME = "parts.pkl"
FLOOR = 1e-4  # probability given to a part the model never saw in training


def default_dir() -> Path:
    """``models/parts`` at the repository root (the package is installed editable from the repo)."""
    import nlp

    return Path(nlp.__file__).resolve().parents[1] / "models" / "parts"


class ModelIntegrityError(RuntimeError):
    """The model file does not match its recorded sha256, or is not a part model."""


@dataclass
class PartModel:
    """A fitted pipeline plus decoding settings (``switch``/``outside`` nats, see
    :mod:`nlp.partmodel.decode`)."""

    pipeline: Pipeline
    switch: float = 2.0
    outside: float = 6.0
    info: dict = field(default_factory=dict)

    def log_proba(self, texts: list[str]) -> np.ndarray:
        """``n × 8`` log probabilities for the sentences of one document."""
        if not texts:
            return np.zeros((0, K))
        return self.log_proba_rows(rows_for(list(texts)))

    def log_proba_rows(self, rows: list[SentenceRow]) -> np.ndarray:
        """The pipeline's ``predict_proba`` computed directly from the fitted steps (the same
        numbers without sklearn's per-call validation, which dominates on short documents)."""
        features, clf = self.pipeline.named_steps["features"], self.pipeline.named_steps["clf"]
        z = np.asarray(features.transform(rows) @ clf.coef_.T) + clf.intercept_
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        full = np.full((len(rows), K), FLOOR)
        full[:, clf.classes_] = np.maximum(p, FLOOR)
        full /= full.sum(axis=1, keepdims=True)
        return np.log(full)


def build_pipeline(C: float = 4.0, **feature_params) -> Pipeline:
    clf = LogisticRegression(C=C, max_iter=3000, class_weight="balanced", tol=1e-5)
    return Pipeline([("features", DocumentFeatures(**feature_params)), ("clf", clf)])


def fit(docs: list[tuple[list[str], list[int]]], *, C: float = 4.0, switch: float = 2.0, outside: float = 6.0,
        **feature_params) -> PartModel:
    """Train on ``(texts, parts)`` documents."""
    rows: list[SentenceRow] = []
    y: list[int] = []
    for d, (texts, parts) in enumerate(docs):
        rows.extend(rows_for(list(texts), d))
        y.extend(parts)
    pipe = build_pipeline(C, **feature_params)
    with threadpool_limits(limits=1):  # deterministic and polite on a shared machine
        pipe.fit(rows, np.asarray(y))
    return PartModel(pipe, switch=switch, outside=outside)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def dumps(model: PartModel) -> bytes:
    """Deterministic bytes of the model (no dates inside, so a rebuild gives the same hash)."""
    buf = io.BytesIO()
    payload = {"format": FORMAT, "pipeline": model.pipeline, "switch": model.switch, "outside": model.outside,
               "info": model.info}
    pickle.dump(payload, buf, protocol=4)
    return buf.getvalue()


def save(model: PartModel, directory: str | Path) -> str:
    """Write ``parts.pkl`` and its ``.sha256`` sidecar; return the hash."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    data = dumps(model)
    digest = sha256_bytes(data)
    (d / MODEL_NAME).write_bytes(data)
    (d / (MODEL_NAME + ".sha256")).write_text(f"{digest}  {MODEL_NAME}\n", encoding="utf-8")
    return digest


def expected_hash(path: Path) -> str:
    """The recorded sha256: the sidecar, cross-checked with MODEL_CARD.md when it names one."""
    side = path.with_name(path.name + ".sha256")
    if not side.exists():
        raise ModelIntegrityError(f"{path}: no sha256 sidecar {side.name}; refusing to unpickle")
    digest = side.read_text(encoding="utf-8").split()[0].lower()
    card = path.with_name("MODEL_CARD.md")
    if card.exists():
        named = re.findall(r"sha256[^0-9a-f]{0,40}([0-9a-f]{64})", card.read_text(encoding="utf-8"))
        if named and digest not in named:
            raise ModelIntegrityError(f"{path}: sidecar sha256 differs from the one in MODEL_CARD.md")
    return digest


def load_model(path: str | Path | None = None, *, trust: bool = False) -> PartModel:
    """Load a part model after verifying its sha256.

    ``path=None`` loads the shipped model from :func:`default_dir`. Any other path is refused
    unless ``trust=True`` (pickles can run code). Raises :class:`ModelIntegrityError` when the
    hash does not match, FileNotFoundError when the file is absent.
    """
    shipped = default_dir() / MODEL_NAME
    p = Path(path) if path is not None else shipped
    if p.resolve() != shipped.resolve() and not trust:
        raise ModelIntegrityError(f"{p}: not the shipped model; pass trust=True to unpickle a file you built")
    data = p.read_bytes()
    want = expected_hash(p)
    got = sha256_bytes(data)
    if got != want:
        raise ModelIntegrityError(f"{p}: sha256 {got} does not match the recorded {want}; refusing to unpickle")
    payload = pickle.loads(data)  # noqa: S301 - hash verified above
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ModelIntegrityError(f"{p}: not a {FORMAT} file")
    return PartModel(payload["pipeline"], payload["switch"], payload["outside"], payload.get("info", {}))


@lru_cache(maxsize=1)
def default_model() -> PartModel | None:
    """The shipped model, or None (with a warning) when it is absent or fails its check."""
    try:
        return load_model()
    except (OSError, ModelIntegrityError, pickle.UnpicklingError, AttributeError, ImportError) as exc:
        warnings.warn(f"part model unavailable ({exc}); parts come from headings only", RuntimeWarning,
                      stacklevel=2)
        return None
