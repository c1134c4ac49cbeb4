"""Offline OCR for scanned PDF pages: page image → glyphs with boxes and confidence → lines, tables.

A page is rendered with pypdfium2 at the resolution of its scan (150–300 dpi) and read by
RapidOCR (PP-OCR Chinese detection and recognition models shipped inside the
``rapidocr-onnxruntime`` wheel; ONNX Runtime on the CPU, nothing is downloaded). Before reading,
the ruling lines of tables are found in the image (:mod:`.ocr_rulings`) and painted out, so that a
ruling touching a character (``一``) cannot hide it. A page turned by 90° (text boxes standing
upright) is turned back, trying both directions and keeping the one read with the higher
confidence; a skewed page (the median slope of wide text boxes above 0.3°) is straightened and read
again. RapidOCR's 180° line classifier is not used: it turns a lone ``9`` upside down into a ``6``.

Each recognised word box becomes one glyph dict as the text-layer reader uses (``text``, ``x0``,
``x1``, ``top``, ``bottom``, ``size`` in PDF points, plus ``conf``), so the same line grouping and
table grid code (:mod:`.pdf_lines`, :mod:`.ocr_tables`) run on it. ``XXGK_OCR_THREADS`` sets the
ONNX Runtime threads (default: 2, at most the CPU count).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from ..core.errors import ConfigError
from .ocr_rulings import erase, rulings
from .pdf_lines import Glyph, is_wide

MODES = ("auto", "always", "never")
SKEW_MIN = 0.3  # degrees: a smaller slope is left alone
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}


def ocr_mode(value: str | None) -> str:
    """The OCR mode: ``value``, else ``XXGK_OCR``, else ``auto``; ConfigError for anything else."""
    mode = (value or os.environ.get("XXGK_OCR") or "auto").strip().lower()
    if mode not in MODES:
        raise ConfigError(None, f"OCR mode must be one of {', '.join(MODES)}, not {mode!r}")
    return mode


def _threads() -> int:
    raw = os.environ.get("XXGK_OCR_THREADS", "")
    try:
        n = int(raw) if raw.strip() else min(2, os.cpu_count() or 1)
    except ValueError:
        raise ConfigError(None, f"XXGK_OCR_THREADS must be a whole number, not {raw!r}") from None
    return max(1, n)


@lru_cache(maxsize=2)
def engine(threads: int) -> Any:
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1, print_verbose=False)


@dataclass(frozen=True)
class Box:
    """One recognised text box: text, confidence and the word boxes (image pixels)."""

    text: str
    conf: float
    quad: tuple[tuple[float, float], ...]  # corners clockwise from the top left (pixels)
    words: tuple[tuple[str, float, tuple[float, float, float, float]], ...]  # text, conf, x0 top x1 bottom


@dataclass(frozen=True, eq=False)
class Scan:
    """A page read by OCR: the straightened image with its rulings painted out, boxes, rulings."""

    width: int
    height: int
    boxes: tuple[Box, ...]
    rulings: tuple[tuple[str, float, float, float], ...]  # "h"|"v", position, start, end (pixels)
    turned: int  # quarter turns applied (0, 1, 3)
    skew: float  # degrees straightened
    clean: np.ndarray


def _read(image: np.ndarray) -> list[Box]:
    rgb = np.ascontiguousarray(np.stack([image] * 3, axis=-1))
    result, _ = engine(_threads())(rgb, use_cls=False, return_word_box=True)
    boxes = []
    for item in result or ():
        quad, text, conf = item[0], str(item[1]), float(item[2])
        words = []
        if len(item) >= 6 and item[3] and len(item[3]) == len(item[4]):
            for wb, wt, wc in zip(item[3], item[4], item[5], strict=False):
                xs, ys = [p[0] for p in wb], [p[1] for p in wb]
                words.append((str(wt), float(wc), (min(xs), min(ys), max(xs), max(ys))))
        boxes.append(Box(text, conf, tuple((float(x), float(y)) for x, y in quad), tuple(words)))
    return boxes


def recognise(image: np.ndarray) -> tuple[str, float]:
    """Recognise one cut-out line or cell (no detection): (text, confidence); the ink is trimmed
    and a white margin of half its height added."""
    ys, xs = np.nonzero(image < 160)
    if not len(ys):
        return "", 0.0
    crop = image[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    m = max(4, crop.shape[0] // 2)
    crop = np.pad(crop, m, constant_values=255)
    result, _ = engine(_threads())(np.ascontiguousarray(np.stack([crop] * 3, axis=-1)), use_det=False,
                                   use_cls=False)
    if not result:
        return "", 0.0
    return str(result[0][0]), float(result[0][1])


def _extent(b: Box) -> tuple[float, float]:
    (x0, y0), (x1, y1), _, (x3, y3) = b.quad[:4]
    return math.hypot(x1 - x0, y1 - y0), math.hypot(x3 - x0, y3 - y0)


def _upright_share(boxes: list[Box]) -> float:
    """Share of elongated boxes (one side ≥ 2.5× the other) that stand upright: text running down
    the image, as on a page lying on its side (judged by shape alone: the reading is garbage)."""
    upright = elongated = 0
    for b in boxes:
        xs, ys = [p[0] for p in b.quad], [p[1] for p in b.quad]
        w, h = max(xs) - min(xs), max(ys) - min(ys)
        if max(w, h) >= 2.5 * max(1.0, min(w, h)):
            elongated += 1
            upright += h > w
    return upright / elongated if elongated else 0.0


def _skew(boxes: list[Box]) -> float:
    """Median slope (degrees, clockwise positive) of the top edges of wide boxes."""
    angles = []
    for b in boxes:
        w, h = _extent(b)
        if w > 4 * h and len(b.text) >= 6:
            (x0, y0), (x1, y1) = b.quad[0], b.quad[1]
            angles.append(math.degrees(math.atan2(y1 - y0, x1 - x0)))
    return float(np.median(angles)) if len(angles) >= 3 else 0.0


def _mean_conf(boxes: list[Box]) -> float:
    n = sum(len(b.text) for b in boxes)
    return sum(b.conf * len(b.text) for b in boxes) / n if n else 0.0


def _rotate(image: np.ndarray, degrees: float) -> np.ndarray:
    """Rotate by ``degrees`` (counter-clockwise) on a white canvas large enough to keep the corners."""
    import cv2

    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sin + w * cos + 0.5), int(h * cos + w * sin + 0.5)
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    return cv2.warpAffine(image, m, (nw, nh), flags=cv2.INTER_LINEAR, borderValue=255)


Segments = list[tuple[str, float, float, float]]


def _read_clean(image: np.ndarray, dpi: float) -> tuple[list[Box], Segments, np.ndarray]:
    mask, found = rulings(image, dpi)
    clean = erase(image, mask)
    return _read(clean), found, clean


def scan(image: np.ndarray, dpi: float) -> Scan:
    """OCR one grey page image, turning or straightening it first when its text boxes say so."""
    boxes, found, clean = _read_clean(image, dpi)
    turned, skew = 0, 0.0
    if _upright_share(boxes) > 0.5:
        best = None
        for k in (1, 3):
            cand = np.ascontiguousarray(np.rot90(image, k))
            got = _read_clean(cand, dpi)
            if best is None or _mean_conf(got[0]) > _mean_conf(best[1][0]):
                best = (k, got, cand)
        turned, (boxes, found, clean), image = best[0], best[1], best[2]
    angle = _skew(boxes)
    if abs(angle) > SKEW_MIN:
        image = _rotate(image, angle)
        skew = angle
        boxes, found, clean = _read_clean(image, dpi)
    h, w = image.shape[:2]
    return Scan(w, h, tuple(boxes), tuple(found), turned, round(skew, 2), clean)


def _normalise(text: str) -> str:
    """Half-width punctuation the recogniser prints beside Chinese text → the full-width forms."""
    chars = list(text)
    for i, ch in enumerate(chars):
        if ch in _HALF_TO_FULL:
            before = chars[i - 1] if i else ""
            after = chars[i + 1] if i + 1 < len(chars) else ""
            if (before and is_wide(before)) or (after and is_wide(after)):
                chars[i] = _HALF_TO_FULL[ch]
    return "".join(chars)


def glyphs(page: Scan, scale: float) -> list[Glyph]:
    """Glyph dicts in PDF points (``scale`` = points per pixel), one per recognised word."""
    out: list[Glyph] = []
    for b in page.boxes:
        text = _normalise(b.text)
        ys = [p[1] for p in b.quad]
        top, bottom = min(ys) * scale, max(ys) * scale
        words = list(b.words)
        if not words or "".join(w[0] for w in words) != b.text.replace(" ", ""):
            xs = [p[0] for p in b.quad]
            words = _even_split(b.text, b.conf, min(xs), max(xs))
        flat = iter(text.replace(" ", ""))
        words = [("".join(next(flat, "") for _ in w[0]), w[1], w[2]) for w in words]
        size = _font_size(words, scale) or (bottom - top) / 1.3
        for wt, wc, (x0, _, x1, _) in _join_latin(words, text, (bottom - top) / scale):
            if wt.strip():
                out.append({"text": wt, "x0": x0 * scale, "x1": x1 * scale, "top": top, "bottom": bottom,
                            "size": size, "conf": min(wc, b.conf) if wc > 0 else b.conf})
    return out


def _join_latin(words: list[tuple[str, float, tuple[float, ...]]], text: str, height: float
                ) -> list[tuple[str, float, tuple[float, ...]]]:
    """Join neighbouring Latin/digit words the recogniser printed without a space between them and
    less than half the line height apart (``2 024`` must stay ``2024`` however the word boxes lie;
    figures in neighbouring table columns stay apart); spaces in ``text`` are kept."""
    spaced, n = set(), 0
    for ch in text:
        if ch == " ":
            spaced.add(n)
        else:
            n += 1
    out: list[tuple[str, float, tuple[float, ...]]] = []
    pos = 0
    for w in words:
        if (out and pos not in spaced and out[-1][0] and w[0] and not is_wide(out[-1][0][-1])
                and not is_wide(w[0][0]) and w[2][0] - out[-1][2][2] < height / 2):
            pt, pc, pb = out[-1]
            out[-1] = (pt + w[0], min(pc, w[1]), (pb[0], pb[1], max(pb[2], w[2][2]), pb[3]))
        else:
            out.append(w)
        pos += len(w[0])
    return out


def _even_split(text: str, conf: float, x0: float, x1: float) -> list[tuple[str, float, tuple[float, ...]]]:
    """Word boxes for a box whose words were not returned: widths by character (Latin = half)."""
    weights = [0.0 if ch == " " else (1.0 if is_wide(ch) else 0.55) for ch in text]
    total = sum(weights) + 0.55 * text.count(" ") or 1.0
    unit, x, out = (x1 - x0) / total, x0, []
    for ch, wgt in zip(text, weights, strict=True):
        if ch == " ":
            x += 0.55 * unit
            continue
        out.append((ch, conf, (x, 0.0, x + wgt * unit, 0.0)))
        x += wgt * unit
    return out


def _font_size(words: list[tuple[str, float, tuple[float, ...]]], scale: float) -> float | None:
    """Character pitch of the box's CJK words (points): the font size of Chinese body text."""
    pitches = [b[2][0] - a[2][0] for a, b in zip(words, words[1:], strict=False)
               if len(a[0]) == 1 and is_wide(a[0]) and len(b[0]) == 1 and is_wide(b[0])]
    return float(np.median(pitches)) * scale if len(pitches) >= 2 else None
