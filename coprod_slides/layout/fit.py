"""Fitting text into boxes: light inline markup, greedy word wrap by measured width, and a
search for the largest font size at which every paragraph fits its box.

All sizes and lengths are in points. Functions take the *base* size; each paragraph is set at
``para_size_pt(base, para.scale)`` (what :mod:`coprod_slides.render.text` writes), and that is
also the size it is measured at.

Words are never broken: a word wider than its line makes the text not fit ("text is never
squeezed into a column of single letters"). Lines break at spaces, at explicit newlines inside
runs, and between CJK characters. Hyphenated words are kept whole, which can only over-estimate
the height PowerPoint needs.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from .fonts import font_paths, line_height_pt, unit_width

# --- data --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None  # an http(s) address: the run is a clickable hyperlink


@dataclass(frozen=True)
class Para:
    runs: tuple[Run, ...]
    level: int = 0  # indent level (bullets), 0-based
    bullet: bool = False  # bullet paragraphs get a hanging indent
    scale: float = 1.0  # relative size (e.g. 0.9 for level-1 bullets, 1.3 for a heading line)
    space_before: float = 0.0  # in units of the paragraph's font size (0.4 = 0.4 em)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class Box:
    width: float  # points, the text frame's size
    height: float


@dataclass(frozen=True)
class Insets:
    """Text frame insets in points (PowerPoint's defaults: 0.1 in sides, 0.05 in top/bottom)."""

    left: float = 7.2
    top: float = 3.6
    right: float = 7.2
    bottom: float = 3.6


@dataclass(frozen=True)
class FitResult:
    size_pt: float  # chosen base size; each paragraph is set at para_size_pt(size_pt, scale)
    fits: bool
    lines: tuple[tuple[str, ...], ...]  # per paragraph, the wrapped lines at that size
    height_pt: float  # needed height including insets
    reason: str  # "" when it fits, else why not (names the word, or the heights)


DEFAULT_INSETS = Insets()


def para_size_pt(size_pt: float, scale: float = 1.0) -> float:
    """A paragraph's font size: base size × scale, rounded to 0.5 pt as the renderer writes it."""
    return round(size_pt * scale * 2) / 2


def plain(text: str) -> Para:
    """One paragraph of one unstyled run (no markup)."""
    return Para((Run(text),))


# --- inline markup -----------------------------------------------------------------------------


#: ``[text](https://…)``: a link's text may hold bold/italic markup, not brackets or newlines.
LINK = re.compile(r"\[([^\[\]\n]+)\]\((https?://[^\s()]+)\)")


def parse_inline(text: str, level: int = 0, bullet: bool = False, scale: float = 1.0) -> Para:
    """``**bold**``, ``*italic*`` (nestable), ``\\*`` and ``\\\\`` escapes, and
    ``[text](https://…)`` links.

    A marker opens only before a non-space and closes only after one, so ``5 * 3 * 2`` stays
    literal; markers left unclosed are literal text. Bold and italic markers pair up within a
    link's text or between links, not across one.
    """
    text = str(text)
    runs: list[Run] = []
    start = 0
    for match in LINK.finditer(text) if "](http" in text else ():
        runs += _styled_runs(text[start : match.start()])
        runs += [replace(r, link=match.group(2)) for r in _styled_runs(match.group(1))]
        start = match.end()
    runs += _styled_runs(text[start:]) if start else _styled_runs(text)
    return Para(tuple(runs) or (Run(""),), level=level, bullet=bullet, scale=scale)


_PLAIN = re.compile(r"[^*\\]+")


def _styled_runs(text: str) -> list[Run]:
    """The runs of ``text`` with its bold and italic markup applied (empty runs dropped)."""
    # tokens: str (literal text) or list of [marker, state] parts for a run of asterisks
    tokens: list[str | list[list[str]]] = []
    flags: list[tuple[bool, bool]] = []  # (can_open, can_close) per delimiter token
    buf: list[str] = []
    if "*" not in text and "\\" not in text:  # no markup: one plain run (most texts)
        return [Run(text)] if text else []
    i, n = 0, len(text)
    while i < n:
        plain = _PLAIN.match(text, i)
        if plain is not None:  # up to the next asterisk or backslash at once
            buf.append(plain.group())
            i = plain.end()
            continue
        ch = text[i]
        if ch == "\\" and i + 1 < n and text[i + 1] in "*\\":
            buf.append(text[i + 1])
            i += 2
            continue
        if ch != "*":
            buf.append(ch)
            i += 1
            continue
        j = i
        while j < n and text[j] == "*":
            j += 1
        if buf:
            tokens.append("".join(buf))
            buf = []
        count = j - i
        if count > 3:
            tokens.append("*" * count)
        else:
            can_open = j < n and not text[j].isspace()
            can_close = i > 0 and not text[i - 1].isspace()
            parts = {1: ["*"], 2: ["**"], 3: ["**", "*"]}[count]
            tokens.append([[marker, "literal"] for marker in parts])
            flags.append((can_open, can_close))
        i = j
    if buf:
        tokens.append("".join(buf))

    stack: list[list[str]] = []  # open parts, innermost last
    delim = 0
    for token in tokens:
        if isinstance(token, str):
            continue
        can_open, can_close = flags[delim]
        delim += 1
        if len(token) == 2 and stack and stack[-1][0] == "*":
            token.reverse()  # "***" closing "*...**": close the inner italic first
        for part in token:
            opener = next((p for p in reversed(stack) if p[0] == part[0]), None)
            if can_close and opener is not None:
                while stack[-1] is not opener:
                    stack.pop()[1] = "literal"  # crossed markers: the inner one is literal
                stack.pop()
                opener[1] = "open"
                part[1] = "close"
            elif can_open:
                part[1] = "pending"
                stack.append(part)
    runs: list[Run] = []
    bold = italic = 0

    def add(piece: str) -> None:
        style = (bold > 0, italic > 0)
        if runs and (runs[-1].bold, runs[-1].italic) == style:
            runs[-1] = Run(runs[-1].text + piece, *style)
        else:
            runs.append(Run(piece, *style))

    for token in tokens:
        if isinstance(token, str):
            add(token)
            continue
        for marker, state in token:
            delta = {"open": 1, "close": -1}.get(state, 0)
            if not delta:
                add(marker)
            elif marker == "**":
                bold += delta
            else:
                italic += delta
    return [run for run in runs if run.text]


# --- wrapping ----------------------------------------------------------------------------------

_BREAK_SPACES = " \t\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000"
_TOKEN = re.compile(
    r"(\r\n|[\n\r\v\u2028\u2029])"  # hard line break
    rf"|([{_BREAK_SPACES}]+)"  # break opportunity
    r"|([\u2e80-\u2fff\u3001-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef])"  # CJK
    rf"|([^\r\n\v\u2028\u2029{_BREAK_SPACES}\u2e80-\u2fff\u3001-\u30ff\u3400-\u4dbf"
    r"\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+)"
)

# A hyphen between letters is a break opportunity (PowerPoint and LibreOffice break "co-" /
# "production"); a hyphen before a digit or after a space is not ("-5", "well -known").
_HYPHEN_BREAK = re.compile(r"(?<=[^\W_][-\u2010])(?=[^\W\d_])")

# A measured piece of a line: (space before it: width at 1 pt, text), (the piece: width at
# 1 pt, text), the whole word it belongs to (pieces of a hyphenated word have no space between)
_Piece = tuple[float, str, float, str, str]
_Styled = list[tuple[str, str]]  # (text, font file)


def _width(pieces: _Styled) -> float:
    return sum(unit_width(path, text) for text, path in pieces)


def _split_word(pieces: _Styled) -> list[_Styled]:
    """Split a word's styled pieces at its hyphen break opportunities."""
    text = "".join(t for t, _ in pieces)
    cuts = [m.start() for m in _HYPHEN_BREAK.finditer(text)]
    if not cuts:
        return [pieces]
    parts: list[_Styled] = [[]]
    pos = 0
    for chunk, path in pieces:
        while cuts and cuts[0] < pos + len(chunk):
            head = cuts.pop(0) - pos
            if head:
                parts[-1].append((chunk[:head], path))
            parts.append([])
            chunk, pos = chunk[head:], pos + head
        if chunk:
            parts[-1].append((chunk, path))
        pos += len(chunk)
    return [part for part in parts if part]


@lru_cache(maxsize=8192)
def _measure(para: Para, files: tuple[str, str, str, str]) -> tuple[tuple[_Piece, ...], ...]:
    """Split a paragraph into hard lines of breakable pieces, measured at 1 pt.

    Widths scale linearly with size, so this is done once per paragraph and font.
    """
    hard: list[list[tuple[_Styled, _Styled]]] = [[]]  # (space before, word) per word
    space: _Styled = []
    word: _Styled | None = None
    for run in para.runs:
        path = files[run.bold + 2 * run.italic]
        for newline, gap, cjk, other in _TOKEN.findall(run.text):
            if newline:
                hard.append([])
                space, word = [], None
            elif gap:
                space.append((gap.replace("\t", "    "), path))
                word = None
            elif cjk:  # a break opportunity either side of each CJK character
                hard[-1].append((space, [(cjk, path)]))
                space, word = [], None
            elif word is not None:
                word.append((other, path))
            else:
                word = [(other, path)]
                hard[-1].append((space, word))
                space = []
    lines = []
    for line in hard:
        pieces: list[_Piece] = []
        for gap, styled in line:
            whole = "".join(t for t, _ in styled)
            for index, part in enumerate(_split_word(styled)):
                gap_w, gap_text = (
                    (_width(gap), "".join(t for t, _ in gap)) if not index else (0.0, "")
                )
                pieces.append((gap_w, gap_text, _width(part), "".join(t for t, _ in part), whole))
        lines.append(tuple(pieces))
    return tuple(lines)


def _wrap(para: Para, width_pt: float, size_pt: float, family: str) -> tuple[list[str], str | None]:
    """Greedy wrap at the paragraph's own size; returns (lines, first word that is too wide)."""
    size = para_size_pt(size_pt, para.scale)
    limit = width_pt / size if size > 0 else math.inf  # compare widths at 1 pt
    limit += 1e-9
    lines: list[str] = []
    bad: str | None = None
    for hard_line in _measure(para, font_paths(family)):
        text: list[str] = []
        used = 0.0
        for index, (gap_w, gap, piece_w, piece, word) in enumerate(hard_line):
            if piece_w > limit and bad is None:
                bad = word
            if index == 0:  # leading spaces of a paragraph or after a line break are kept
                text, used = [gap, piece], gap_w + piece_w
            elif used + gap_w + piece_w <= limit:
                text += [gap, piece]
                used += gap_w + piece_w
            else:  # the space stays at the end of the previous line (hangs, not counted)
                lines.append("".join(text))
                text, used = [piece], piece_w
        lines.append("".join(text))
    return lines, bad


def wrap(para: Para, width_pt: float, size_pt: float, family: str) -> tuple[list[str], bool]:
    """Wrap ``para`` (set at ``para_size_pt(size_pt, para.scale)``) into ``width_pt``.

    ``width_pt`` is the line width for this paragraph (indents already taken off). Returns
    (lines, ok): ok is False when some single word is wider than ``width_pt``. An empty
    paragraph is one empty line.
    """
    lines, bad = _wrap(para, width_pt, size_pt, family)
    return lines, bad is None


def para_width(para: Para, width_pt: float, indent_pt: float = 27.0, safety: float = 0.0) -> float:
    """Line width of ``para`` in a frame whose inner width (insets taken off) is ``width_pt``."""
    width = width_pt - para.level * indent_pt - (indent_pt * 0.6 if para.bullet else 0.0)
    return width * (1.0 - safety)


def _layout(
    paras: Sequence[Para],
    width_pt: float,
    size_pt: float,
    family: str,
    line_spacing: float,
    indent_pt: float,
    safety: float,
) -> tuple[float, tuple[tuple[str, ...], ...], tuple[str, float] | None]:
    """(content height, lines per paragraph, (first too-wide word, its size) or None)."""
    height = 0.0
    all_lines: list[tuple[str, ...]] = []
    bad: tuple[str, float] | None = None
    for index, para in enumerate(paras):
        size = para_size_pt(size_pt, para.scale)
        lines, word = _wrap(para, para_width(para, width_pt, indent_pt, safety), size_pt, family)
        if word is not None and bad is None:
            bad = (word, size)
        height += len(lines) * line_height_pt(size, family) * line_spacing
        if index:
            height += para.space_before * size
        all_lines.append(tuple(lines))
    return height, tuple(all_lines), bad


def layout_height(
    paras: Sequence[Para],
    width_pt: float,
    size_pt: float,
    family: str,
    line_spacing: float = 1.0,
    *,
    indent_pt: float = 27.0,
    safety: float = 0.0,
) -> tuple[float, tuple[tuple[str, ...], ...], bool]:
    """Height the paragraphs need (no insets) in a frame of inner width ``width_pt``.

    Level and bullet indents are taken off ``width_pt`` per paragraph (see :func:`para_width`).
    Returns (height, lines per paragraph, ok) where ok is False when a word is too wide.
    """
    height, lines, bad = _layout(paras, width_pt, size_pt, family, line_spacing, indent_pt, safety)
    return height, lines, bad is None


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def fit_text(
    paras: Sequence[Para],
    box: Box,
    family: str,
    max_pt: float,
    min_pt: float,
    insets: Insets = DEFAULT_INSETS,
    line_spacing: float = 1.0,
    indent_pt: float = 27.0,
    safety: float = 0.06,
    step: float = 0.5,
) -> FitResult:
    """The largest size from ``max_pt`` down to ``min_pt`` (in ``step``s) at which ``paras`` fit.

    Fits means every word fits its line (width less ``safety``, for renderers' differences)
    and the wrapped lines fit the box's height. When nothing fits, the result is at the
    smallest size with ``fits=False`` and a reason naming the too-wide word or the heights.
    """
    if step <= 0:
        raise ValueError(f"step must be positive, got {step}")
    if max_pt <= 0:
        raise ValueError(f"max_pt must be positive, got {max_pt}")
    min_pt = min(min_pt, max_pt)
    top = math.floor(max_pt / step + 1e-9)
    bottom = max(1, math.ceil(min_pt / step - 1e-9))
    sizes = [round(k * step, 4) for k in range(top, bottom - 1, -1)] or [max_pt]

    paras = tuple(paras)
    width = box.width - insets.left - insets.right
    avail = box.height - insets.top - insets.bottom
    chrome = insets.top + insets.bottom
    results: dict[int, FitResult] = {}

    def attempt(index: int) -> FitResult:
        if index not in results:
            size = sizes[index]
            height, lines, bad = _layout(
                paras, width, size, family, line_spacing, indent_pt, safety
            )
            reason = ""
            if bad is not None:
                word, para_size = bad
                shown = word if len(word) <= 40 else f"{word[:39]}…"  # one readable line
                reason = f"word '{shown}' is wider than the box at {_fmt(para_size)} pt"
            elif height > avail + 1e-6:
                reason = (
                    f"needs {_fmt(height + chrome)} pt of height, box has {_fmt(box.height)} pt"
                )
            results[index] = FitResult(size, not reason, lines, height + chrome, reason)
        return results[index]

    if not any(run.text.strip() for para in paras for run in para.runs):
        first = attempt(0)
        return FitResult(first.size_pt, True, first.lines, first.height_pt, "")
    if attempt(0).fits:
        return results[0]
    last = len(sizes) - 1
    if not attempt(last).fits:
        return results[last]
    lo, hi = 0, last  # attempt(lo) does not fit, attempt(hi) fits
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if attempt(mid).fits:
            hi = mid
        else:
            lo = mid
    return results[hi]


def min_box_width(
    paras: Sequence[Para],
    size_pt: float,
    family: str,
    insets: Insets = DEFAULT_INSETS,
    indent_pt: float = 27.0,
    safety: float = 0.06,
) -> float:
    """The narrowest box in which no word of ``paras`` is wider than its line at ``size_pt``.

    The same test as :func:`fit_text` (line width less ``safety``); a word's hyphen breaks
    count, so "Co-production" needs the width of "production".
    """
    widest = 0.0
    for para in paras:
        size = para_size_pt(size_pt, para.scale)
        pieces = (piece[2] for line in _measure(para, font_paths(family)) for piece in line)
        word = max(pieces, default=0.0) * size
        indent = para.level * indent_pt + (indent_pt * 0.6 if para.bullet else 0.0)
        widest = max(widest, word / (1.0 - safety) + indent)
    return widest + insets.left + insets.right
