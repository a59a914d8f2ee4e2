"""Colours that stay visible: distinctness from a background and from each other, and
usable shades derived from a theme's own accents (pure colour maths, no python-pptx).

Distinctness is CIE76 ΔE in CIELAB (about 2.3 is a just-noticeable difference; shapes need far
more to read as separate at a glance), backed by the WCAG contrast ratio.
"""

from __future__ import annotations

import colorsys
import math
from typing import Any

#: ΔE under which a shape merges into what is behind it (a light panel on white is about 4).
INVISIBLE_DELTA_E = 3.0
#: ΔE a colour that carries meaning (an accent fill) needs from what is behind it.
MIN_DELTA_E_BACKGROUND = 15.0
#: ΔE under which two colours that carry meaning (e.g. the "to" and "for" groups) look the same.
MIN_DELTA_E_GROUPS = 12.0
AA_TEXT = 4.5
MIN_LINE_CONTRAST = 3.0  # WCAG 1.4.11: graphics and large text


def _rgb(hex6: str) -> tuple[float, float, float]:
    hex6 = hex6.lstrip("#")
    return tuple(int(hex6[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _hex(rgb: tuple[float, float, float]) -> str:
    return "".join(f"{max(0, min(255, round(c * 255))):02X}" for c in rgb)


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(color: str) -> float:
    r, g, b = (_linear(c) for c in _rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def lab(color: str) -> tuple[float, float, float]:
    r, g, b = (_linear(c) for c in _rgb(color))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e(a: str, b: str) -> float:
    return math.dist(lab(a), lab(b))


def distinct_from_background(fill: str, background: str) -> bool:
    return delta_e(fill, background) >= MIN_DELTA_E_BACKGROUND


def shades(color: str, step: float = 0.1) -> list[str]:
    """The colour at other lightnesses (same hue and saturation), nearest first."""
    r, g, b = _rgb(color)
    h, lum, s = colorsys.rgb_to_hls(r, g, b)
    steps = [sign * step * n for n in range(1, int(0.85 / step) + 1) for sign in (1, -1)]
    out = []
    for step in steps:
        target = lum + step
        if 0.08 <= target <= 0.92:
            out.append(_hex(colorsys.hls_to_rgb(h, target, s)))
    return out


def _saturation(color: str) -> float:
    return colorsys.rgb_to_hls(*_rgb(color))[2]


def usable(
    color: str, background: str, others: list[str], *, min_bg: float = MIN_DELTA_E_BACKGROUND
) -> bool:
    return delta_e(color, background) >= min_bg and all(
        delta_e(color, other) >= MIN_DELTA_E_GROUPS for other in others
    )


def readable_on(fill: str, text_colors: tuple[str, ...]) -> bool:
    """Some text colour reaches WCAG AA on ``fill``."""
    return not text_colors or max(contrast(fill, t) for t in text_colors) >= AA_TEXT


def visible_palette(
    slots: dict[str, str],
    background: str,
    candidates: list[str],
    *,
    grouped: tuple[str, ...] = (),
    faint: tuple[str, ...] = (),
    lines: tuple[str, ...] = (),
    text_colors: tuple[str, ...] = (),
) -> tuple[dict[str, str], dict[str, str]]:
    """Colours that stay visible on ``background``, and apart from each other where they carry
    meaning.

    ``slots`` maps slot → colour in the order a drawing uses them. Every slot must stand out
    from the background (ΔE ≥ 15), slots in ``faint`` (light panels) only just (ΔE ≥ 3), and
    slots in ``grouped`` (colours that tell groups apart) also from each other (ΔE ≥ 12), and
    slots in ``lines`` (rules, arrows and text on the slide itself) reach 3:1 contrast.
    A slot that fails is replaced by the first usable colour among its own shades, then the
    ``candidates`` (the theme's other colours) and their shades, keeping text on it readable
    (WCAG AA with one of ``text_colors``). Returns the palette and ``{slot: old colour}`` for
    the slots replaced.
    """
    result: dict[str, str] = {}
    replaced: dict[str, str] = {}
    for slot, color in slots.items():
        min_bg = INVISIBLE_DELTA_E if slot in faint else MIN_DELTA_E_BACKGROUND
        taken = [result[s] for s in grouped if s in result] if slot in grouped else []
        min_contrast = MIN_LINE_CONTRAST if slot in lines else 1.0

        def fine(
            c: str,
            taken: Any = taken,
            min_bg: float = min_bg,
            min_contrast: float = min_contrast,
        ) -> bool:
            return usable(c, background, taken, min_bg=min_bg) and (
                contrast(c, background) >= min_contrast
            )

        if fine(color):
            result[slot] = color
            continue
        chromatic = [c for c in candidates if _saturation(c) >= 0.1]
        plain = [c for c in candidates if _saturation(c) < 0.1]
        others = [c for cand in chromatic + plain for c in [cand, *shades(cand)]]
        # a colourless slot (white, grey, black) takes a theme colour first, else its own shade
        pool = others + shades(color) if _saturation(color) < 0.1 else shades(color) + others
        if slot in faint:
            pool = shades(color, 0.03)
        choice = next(
            (c for c in pool if fine(c) and readable_on(c, text_colors)),
            None,
        )
        if choice is None:
            choice = max(pool or [color], key=lambda c: delta_e(c, background))
        result[slot] = choice
        replaced[slot] = color
    return result, replaced
