"""Chinese text in matplotlib plots: find a CJK font file and make matplotlib use it.

matplotlib's default font (DejaVu Sans) has no Chinese glyphs: a plot labelled 问题 shows boxes
(“tofu”) and warns "Glyph … missing from font". :func:`use_cjk_font` finds a font file with Chinese
glyphs, registers it with ``font_manager.addfont`` (so matplotlib's font cache does not need
rebuilding) and puts its family first in ``font.sans-serif``::

    from nlp.view.plotting import use_cjk_font
    use_cjk_font()                      # in a notebook: every later plot shows Chinese
    with cjk_style():                   # or only inside a block (rcParams restored after it)
        fig = Figure(); ...

Where the font is looked for: ``$XXGK_CJK_FONT`` (a .ttf/.otf/.ttc path), then the files of the
Debian packages ``fonts-wqy-microhei``, ``fonts-noto-cjk`` and ``fonts-wqy-zenhei`` (installed by
``scripts/install-fonts.sh``), then any system font whose file name says CJK.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

FONT_ENV = "XXGK_CJK_FONT"
KNOWN_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)
NAME_HINTS = ("wqy", "notosanscjk", "notoserifcjk", "sourcehan", "simhei", "msyh", "pingfang", "uming")
HINT = "install one with `sh scripts/install-fonts.sh` (Debian: apt-get install fonts-wqy-microhei)"


class MissingCJKFont(RuntimeError):
    """No font with Chinese glyphs was found."""


@dataclass(frozen=True)
class CJKFont:
    path: Path
    family: str  # the name matplotlib knows it by (``font.sans-serif`` entry)


def _has_chinese(path: str) -> bool:
    from matplotlib.ft2font import FT2Font

    try:
        return FT2Font(path).get_char_index(ord("国")) != 0
    except (OSError, RuntimeError, ValueError):
        return False


def _candidates() -> Iterator[str]:
    env = os.environ.get(FONT_ENV)
    if env:
        yield env
    yield from KNOWN_FILES
    from matplotlib import font_manager

    for path in sorted(font_manager.findSystemFonts()):
        if any(h in os.path.basename(path).lower() for h in NAME_HINTS):
            yield path


@lru_cache(maxsize=1)
def find_cjk_font() -> CJKFont | None:
    """The first CJK font file found (see the module doc for the order), registered with
    matplotlib; None when there is none."""
    from matplotlib import font_manager

    for path in _candidates():
        if not os.path.isfile(path) or not _has_chinese(path):
            continue
        try:
            font_manager.fontManager.addfont(path)
            family = font_manager.FontProperties(fname=path).get_name()
        except (OSError, RuntimeError, ValueError):
            continue
        return CJKFont(Path(path), family)
    return None


def cjk_font(required: bool = False) -> CJKFont | None:
    """:func:`find_cjk_font`; with ``required=True`` a missing font raises :class:`MissingCJKFont`."""
    font = find_cjk_font()
    if font is None and required:
        raise MissingCJKFont(f"no font with Chinese glyphs found: {HINT}")
    return font


def cjk_rc(required: bool = False) -> dict[str, Any]:
    """rcParams that draw text with the CJK font (DejaVu Sans after it for Latin fallbacks)."""
    font = cjk_font(required)
    families = [font.family] if font else []
    return {"font.family": "sans-serif", "font.sans-serif": [*families, "DejaVu Sans"], "axes.unicode_minus": False}


def use_cjk_font(required: bool = False) -> CJKFont | None:
    """Set matplotlib's global rcParams to draw Chinese (for notebooks); returns the font used."""
    import matplotlib

    matplotlib.rcParams.update(cjk_rc(required))
    return cjk_font()


@contextmanager
def cjk_style(required: bool = False, **extra: Any) -> Iterator[CJKFont | None]:
    """:func:`cjk_rc` (plus ``extra`` rcParams) inside a ``with`` block only."""
    from matplotlib import rc_context

    with rc_context({**cjk_rc(required), **extra}):
        yield cjk_font()


def font_file_for(family: str | None = None) -> Path:
    """The file matplotlib's ``findfont`` picks for ``family`` (default: the current sans-serif list)
    — a way to check that plots really use the CJK font."""
    from matplotlib import font_manager, rcParams

    props = font_manager.FontProperties(family=family or rcParams["font.sans-serif"])
    return Path(font_manager.findfont(props, fallback_to_default=False))
