"""Capitals a template's text style imposes, so text is measured as it will show.

A template may set a placeholder's text in capitals (``cap="all"``, or ``"small"`` for small
capitals) in its master's text styles, its layout's or master's placeholder, or the shape's own
list style. The text stays as written (editable, read aloud as words), but it is drawn in
capitals, which are wider than lower case: fitting measures the upper-cased text there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from pptx.oxml.ns import qn

from ..layout.fit import Para
from .direction import inherited_styles

_DEF_RPR = qn("a:defRPr")
_CAPITALS = ("all", "small")  # small capitals: measured as capitals (a little wide, never short)


def _level_cap(style, level: int) -> str | None:
    if style is None:
        return None
    props = style.find(f"{qn(f'a:lvl{level + 1}pPr')}/{_DEF_RPR}")
    return None if props is None else props.get("cap")


def capital_levels(shape, levels: set[int]) -> set[int]:
    """Of ``levels`` (paragraph levels, 0-based), those ``shape``'s inherited style sets in
    capitals: the nearest style that says anything about capitals decides."""
    chain = inherited_styles(shape)
    found = set()
    for level in levels:
        cap = next((c for c in (_level_cap(s, level) for s in chain) if c is not None), None)
        if cap in _CAPITALS:
            found.add(level)
    return found


def as_shown(shape, paras: Sequence[Para]) -> list[Para]:
    """``paras`` as ``shape`` shows them: upper-cased at the levels its style sets in capitals
    (for measuring; the paragraphs written keep their own case)."""
    levels = capital_levels(shape, {para.level for para in paras})
    if not levels:
        return list(paras)
    return [
        replace(para, runs=tuple(replace(run, text=run.text.upper()) for run in para.runs))
        if para.level in levels
        else para
        for para in paras
    ]
