"""Ruling lines of tables in a page image (for the OCR reader).

Dark pixels (below ``DARK``) are opened with a long thin kernel, horizontal then vertical: only
strokes much longer than a character survive (``RULE_IN`` inches, about 2½ characters of body
text), so the rulings remain and the text goes. Each connected piece is one ruling segment.
:func:`erase` paints the rulings white so that the recogniser sees cells without borders.
"""

from __future__ import annotations

import numpy as np

DARK = 160
RULE_IN = 0.35  # inches: the shortest stroke taken for a ruling


def rulings(image: np.ndarray, dpi: float) -> tuple[np.ndarray, list[tuple[str, float, float, float]]]:
    """(mask of ruling pixels, segments ``(orientation, position, start, end)`` in pixels)."""
    import cv2

    dark = (image < DARK).astype(np.uint8)
    length = max(15, int(RULE_IN * dpi))
    mask = np.zeros_like(dark)
    segments: list[tuple[str, float, float, float]] = []
    for orient, kernel, bridge in (("h", (length, 1), (9, 1)), ("v", (1, length), (1, 9))):
        lines = cv2.morphologyEx(dark, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        lines = cv2.morphologyEx(lines, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, bridge))
        mask |= lines
        n, _, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
        for i in range(1, n):
            x, y, w, h = (int(v) for v in stats[i, :4])
            if orient == "h" and w >= length:
                segments.append(("h", y + h / 2, float(x), float(x + w)))
            elif orient == "v" and h >= length:
                segments.append(("v", x + w / 2, float(y), float(y + h)))
    return mask, segments


def erase(image: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The image with the ruling pixels (grown by one pixel) painted white."""
    import cv2

    if not mask.any():
        return image
    grown = cv2.dilate(mask, np.ones((3, 3), np.uint8))
    out = image.copy()
    out[grown > 0] = 255
    return out
