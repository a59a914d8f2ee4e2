"""Bundled, metric-compatible fonts and text measurement (Pillow, no other dependencies).

PowerPoint ignores "shrink text on overflow" until someone edits the box, so font sizes are
computed at build time from real font metrics. The bundled fonts are metric-compatible with the
fonts decks name: Liberation Sans with Arial (and Helvetica), Carlito with Calibri.

Widths are measured once per string at a large reference size and scaled linearly, so a word is
measured once per font file however many sizes are tried.
"""

from __future__ import annotations

import re
import struct
import unicodedata
from functools import cache
from pathlib import Path

from PIL import ImageFont, features

try:
    from coprod_slides.assets import FONTS_DIR
except ImportError:  # running from a source checkout that is not pip-installed
    FONTS_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"

STYLES = ("regular", "bold", "italic", "bolditalic")

_LIBERATION = {
    "regular": "LiberationSans-Regular.ttf",
    "bold": "LiberationSans-Bold.ttf",
    "italic": "LiberationSans-Italic.ttf",
    "bolditalic": "LiberationSans-BoldItalic.ttf",
}
_CARLITO = {
    "regular": "Carlito-Regular.ttf",
    "bold": "Carlito-Bold.ttf",
    "italic": "Carlito-Italic.ttf",
    "bolditalic": "Carlito-BoldItalic.ttf",
}

#: family (lower-case) -> style -> file name in FONTS_DIR (or an absolute path, for fonts added
#: with :func:`register_font`).
FONT_FILES: dict[str, dict[str, str]] = {
    "arial": dict(_LIBERATION),
    "liberation sans": dict(_LIBERATION),
    "helvetica": dict(_LIBERATION),
    "calibri": dict(_CARLITO),
    "carlito": dict(_CARLITO),
}

DEFAULT_FAMILY = "Arial"
_FALLBACK = "arial"

#: Fonts are loaded at this pixel size (1 px = 1 pt of em) and widths scaled linearly.
REFERENCE_SIZE = 1000

#: PowerPoint's single line spacing is about 1.2 × the font size for most fonts.
MIN_LINE_RATIO = 1.2

#: A font whose own line height (ascent + descent) is taller than MIN_LINE_RATIO em — Noto Sans
#: Arabic: 2.11 em, room for stacked vowel marks; Noto Sans Hebrew: 1.36 — is set at this
#: explicit line pitch (``a:lnSpc/a:spcPts``, see :func:`set_line_pitch`): renderers disagree
#: about such fonts (LibreOffice lays every line of a .pptx at 1.2 × size whatever the font;
#: PowerPoint goes by the font's own metrics). 1.35 em clears the tallest unvowelled letters
#: (hamza on alef, 0.94 em) over the deepest descenders (0.39 em) of the line above.
SET_LINE_RATIO = 1.35


def _key(family: str) -> str:
    return " ".join(str(family).strip().strip("'\"").lower().split())


def measuring_family(family: str) -> str:
    """The key in :data:`FONT_FILES` whose files measure ``family``; unknown families -> arial."""
    key = _key(family)
    return key if key in FONT_FILES else _FALLBACK


def is_known_family(family: str) -> bool:
    """True when a bundled or registered font measures ``family`` (no fallback needed)."""
    return _key(family) in FONT_FILES


def _style(bold: bool, italic: bool) -> str:
    if bold and italic:
        return "bolditalic"
    if bold:
        return "bold"
    if italic:
        return "italic"
    return "regular"


def font_file(family: str, bold: bool = False, italic: bool = False) -> Path:
    """The font file used to measure ``family`` in the given style."""
    files = FONT_FILES[measuring_family(family)]
    name = files.get(_style(bold, italic)) or files["regular"]
    return Path(FONTS_DIR / name)  # an absolute ``name`` replaces FONTS_DIR


_PATHS: dict[str, tuple[str, str, str, str]] = {}


def font_paths(family: str) -> tuple[str, str, str, str]:
    """The files measuring ``family`` as strings, in :data:`STYLES` order (cached: hot path)."""
    paths = _PATHS.get(family)
    if paths is None:
        regular, bold, italic, bold_italic = (
            str(font_file(family, b, i))
            for b, i in ((False, False), (True, False), (False, True), (True, True))
        )
        paths = _PATHS[family] = (regular, bold, italic, bold_italic)
    return paths


def register_font(
    family: str,
    regular: Path,
    bold: Path | None = None,
    italic: Path | None = None,
    bolditalic: Path | None = None,
) -> None:
    """Measure ``family`` with these files (e.g. a template's font, Noto Sans Arabic).

    Missing styles fall back to the regular file (bold-italic falls back to bold, then italic).
    """
    key = _key(family)
    if not key:
        raise ValueError("register_font needs a family name")
    paths = {"regular": Path(regular), "bold": bold, "italic": italic, "bolditalic": bolditalic}
    if paths["bolditalic"] is None:
        paths["bolditalic"] = bold or italic
    files: dict[str, str] = {}
    for style in STYLES:
        path = Path(paths[style] or regular).expanduser().resolve()
        if not path.is_file():
            raise FileNotFoundError(f"font file for {family} ({style}) not found: {path}")
        files[style] = str(path)
    FONT_FILES[key] = files
    _PATHS.clear()


# --- measurement -------------------------------------------------------------------------------


@cache
def _reference_font(path: str) -> ImageFont.FreeTypeFont:
    # Basic layout: the same answer whether or not Pillow was built with libraqm.
    return ImageFont.truetype(path, REFERENCE_SIZE, layout_engine=ImageFont.Layout.BASIC)


#: Letters of the scripts that join (Arabic and its supplements, presentation forms): a word in
#: them is measured shaped, as renderers draw it — their isolated forms, which basic layout
#: measures, are about a quarter wider.
_JOINING = re.compile("[\u0600-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


@cache
def _shaping_font(path: str) -> ImageFont.FreeTypeFont | None:
    """``path`` with text shaping (libraqm), or None when Pillow has none: then joining
    scripts are measured unjoined, a little wide (text set smaller, never overflowing)."""
    if not features.check_feature("raqm"):
        return None
    return ImageFont.truetype(path, REFERENCE_SIZE, layout_engine=ImageFont.Layout.RAQM)


def _measuring_font(path: str, text: str) -> ImageFont.FreeTypeFont:
    if _JOINING.search(text):
        shaped = _shaping_font(path)
        if shaped is not None:
            return shaped
    return _reference_font(path)


_WIDTHS: dict[str, dict[str, float]] = {}


def unit_width(path: str | Path, text: str) -> float:
    """Width of single-line ``text`` at 1 pt, in points (cached per font file and string)."""
    path = str(path)
    cache = _WIDTHS.get(path)
    if cache is None:
        cache = _WIDTHS[path] = {}
    width = cache.get(text)
    if width is None:
        width = _measuring_font(path, text).getlength(text) / REFERENCE_SIZE if text else 0.0
        cache[text] = width
    return width


def text_width_pt(
    text: str, size_pt: float, family: str, bold: bool = False, italic: bool = False
) -> float:
    """Advance width of ``text`` at ``size_pt`` (the widest line if it contains newlines)."""
    path = str(font_file(family, bold, italic))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n").split("\n")
    return max(unit_width(path, line.replace("\t", "    ")) for line in lines) * size_pt


@cache
def _line_ratio(path: str) -> float:
    ascent, descent = _reference_font(path).getmetrics()
    return (
        MIN_LINE_RATIO if (ascent + descent) / REFERENCE_SIZE <= MIN_LINE_RATIO else SET_LINE_RATIO
    )


def line_height_pt(size_pt: float, family: str) -> float:
    """Height of one line at single spacing as renderers lay it out, or at the line pitch
    written for a tall font (:func:`set_line_pitch`)."""
    return _line_ratio(font_paths(family)[0]) * size_pt


def set_line_pitch(family: str) -> float | None:
    """The line pitch (per point of size) text in ``family`` is written at, for a font too tall
    for renderers to agree on (see :data:`SET_LINE_RATIO`); None: single spacing as it is."""
    ratio = _line_ratio(font_paths(family)[0])
    return ratio if ratio > MIN_LINE_RATIO else None


# --- glyph coverage (a tiny TrueType/OpenType table reader) -----------------------------------


def _tables(data: bytes) -> dict[bytes, tuple[int, int]]:
    """Table tag -> (offset, length) for a .ttf/.otf (or the first font of a .ttc)."""
    start = 0
    if data[:4] == b"ttcf":
        (start,) = struct.unpack_from(">L", data, 12)
    (num_tables,) = struct.unpack_from(">H", data, start + 4)
    tables = {}
    for i in range(num_tables):
        tag, _checksum, offset, length = struct.unpack_from(">4sLLL", data, start + 12 + 16 * i)
        tables[tag] = (offset, length)
    return tables


def _cmap_format4(data: bytes, at: int, out: set[int]) -> None:
    (seg_x2,) = struct.unpack_from(">H", data, at + 6)
    n = seg_x2 // 2
    ends = struct.unpack_from(f">{n}H", data, at + 14)
    starts = struct.unpack_from(f">{n}H", data, at + 16 + seg_x2)
    deltas = struct.unpack_from(f">{n}h", data, at + 16 + 2 * seg_x2)
    range_at = at + 16 + 3 * seg_x2
    range_offsets = struct.unpack_from(f">{n}H", data, range_at)
    for i in range(n):
        start, end, delta, range_offset = starts[i], ends[i], deltas[i], range_offsets[i]
        if start > end:
            continue
        if start == 0xFFFF:  # the closing segment
            continue
        end = min(end, 0xFFFE) if end == 0xFFFF else end
        if range_offset == 0:
            for code in range(start, end + 1):
                if (code + delta) & 0xFFFF:
                    out.add(code)
        else:
            base = range_at + 2 * i + range_offset
            for code in range(start, end + 1):
                addr = base + 2 * (code - start)
                if addr + 2 > len(data):
                    break
                (glyph,) = struct.unpack_from(">H", data, addr)
                if glyph and (glyph + delta) & 0xFFFF:
                    out.add(code)


def _cmap_format12(data: bytes, at: int, out: set[int]) -> None:
    (groups,) = struct.unpack_from(">L", data, at + 12)
    for g in range(groups):
        start, end, glyph = struct.unpack_from(">LLL", data, at + 16 + 12 * g)
        end = min(end, 0x10FFFF)
        if glyph == 0:
            start += 1
        out.update(range(start, end + 1))


@cache
def codepoints(path: str | Path) -> frozenset[int]:
    """The Unicode code points a font file maps to a real glyph (cmap formats 4 and 12)."""
    data = Path(path).read_bytes()
    tables = _tables(data)
    if b"cmap" not in tables:
        return frozenset()
    cmap = tables[b"cmap"][0]
    _version, count = struct.unpack_from(">HH", data, cmap)
    out: set[int] = set()
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHL", data, cmap + 4 + 8 * i)
        if not (platform == 0 or (platform == 3 and encoding in (1, 10))):
            continue  # not a Unicode subtable
        at = cmap + offset
        (fmt,) = struct.unpack_from(">H", data, at)
        if fmt == 4:
            _cmap_format4(data, at, out)
        elif fmt == 12:
            _cmap_format12(data, at, out)
    return frozenset(out)


def missing_glyphs(family: str, text: str) -> set[str]:
    """Characters of ``text`` (not whitespace or control/format) the family's font lacks.

    Checks the regular, bold and italic files the text could be set in.
    """
    chars = {
        ch for ch in set(text) if not ch.isspace() and not unicodedata.category(ch).startswith("C")
    }
    if not chars:
        return set()
    missing: set[str] = set()
    for path in set(font_paths(family)):
        covered = codepoints(path)
        missing.update(ch for ch in chars if ord(ch) not in covered)
    return missing
