"""Paragraph direction that matches the text, whatever the template's master says.

A right-to-left template (Arabic, Hebrew) sets ``rtl="1"`` in its master's text styles, so a
paragraph that does not say otherwise is laid out right to left: English on it comes out as
"?What is co-production". The reverse happens to Arabic text on a left-to-right master. After
a deck is built, every paragraph whose direction is inherited (one written with an explicit
direction is left alone) and whose text begins, in its first strong character, in the other
direction gets an explicit ``rtl`` of its own.
"""

from __future__ import annotations

import unicodedata
import weakref

from pptx.oxml.ns import qn

_A_P = qn("a:p")
_A_PPR = qn("a:pPr")
_A_LSTSTYLE = qn("a:lstStyle")
_P_TXSTYLES = qn("p:txStyles")
_P_DEFAULT = qn("p:defaultTextStyle")
_TITLE_KINDS = ("title", "ctrTitle")
_P_SP = qn("p:sp")
_A_T = qn("a:t")
_P_GRPSP = qn("p:grpSp")
_SP_PH = f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}"


def first_strong(text: str) -> str | None:
    """``"ltr"`` or ``"rtl"`` by the text's first strongly directional character, else None."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


def _level_rtl(style, level: int) -> bool | None:
    if style is None:
        return None
    node = style.find(qn(f"a:lvl{level + 1}pPr"))
    value = node.get("rtl") if node is not None else None
    return None if value is None else value in ("1", "true")


def _ph_kind(element) -> str | None:
    ph = element.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
    if ph is None:
        return None
    return ph.get("type") or "obj"


class _Styles:
    """The list styles a paragraph inherits from, per slide layout (cached)."""

    def __init__(self, prs_part) -> None:
        self.default = prs_part._element.find(_P_DEFAULT)
        self._chains: dict[tuple[int, str | None, str | None], list] = {}

    def chain(self, shape, kind: str | None) -> list:
        if kind is None:
            return [self.default]
        return self.chain_for(shape.part.slide_layout, kind, shape.placeholder_format.idx)

    def chain_for(self, layout, kind: str | None, idx: int) -> list:
        """The list styles (layout's, master's, the master's text style) a placeholder of
        ``kind`` and ``idx`` on a slide of ``layout`` inherits from; cached per layout."""
        if kind is None:
            return [self.default]
        key = (id(layout._element), kind, str(idx))
        if key not in self._chains:
            styles = []
            for owner in (layout, layout.slide_master):
                source = _matching(owner, kind, idx)
                if source is not None:
                    styles.append(source._element.find(f".//{_A_LSTSTYLE}"))
            tx_styles = layout.slide_master._element.find(_P_TXSTYLES)
            if tx_styles is not None:
                name = "p:titleStyle" if kind in _TITLE_KINDS else "p:bodyStyle"
                styles.append(tx_styles.find(qn(name)))
            self._chains[key] = styles
        return self._chains[key]


#: presentation part -> its _Styles (the renderer fixes each slide as it finishes it)
_STYLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _matching(owner, kind: str, idx: int):
    """The placeholder a slide placeholder inherits from: same idx, else same type."""
    placeholders = list(owner.placeholders)
    for source in placeholders:
        if source.placeholder_format.idx == idx and idx != 0:
            return source
    wanted = kind if kind in _TITLE_KINDS + ("subTitle",) else None
    for source in placeholders:
        source_kind = _ph_kind(source._element)
        if wanted and source_kind in ((wanted,) if wanted == "subTitle" else _TITLE_KINDS):
            return source
        if not wanted and source_kind in ("body", "obj") and kind in ("body", "obj", "tx"):
            return source
    return None


def _text_shapes(tree):
    """The ``p:sp`` elements of a shape tree, groups entered, in document order: the shapes
    python-pptx gives a text frame (pictures, tables, connectors and others have none)."""
    for child in tree.iterchildren(_P_SP, _P_GRPSP):
        if child.tag == _P_GRPSP:
            yield from _text_shapes(child)
        else:
            yield child


def _styles_of(prs_part) -> _Styles:
    styles = _STYLES.get(prs_part)
    if styles is None:
        styles = _STYLES[prs_part] = _Styles(prs_part)
    return styles


def inherited_styles(shape) -> list:
    """The list styles a shape's paragraphs take their defaults from, nearest first: its own,
    its layout's and master's placeholder's, the master's text style (a placeholder); the
    presentation's default text style (any other shape). Entries may be None."""
    kind = _ph_kind(shape._element) if shape.is_placeholder else None
    chain = _styles_of(shape.part.package.presentation_part).chain(shape, kind)
    return [shape._element.find(f".//{_A_LSTSTYLE}"), *chain]


def fix_direction(prs, slides=None) -> int:
    """Give each paragraph whose inherited direction contradicts its text an explicit one;
    returns how many were changed. ``slides``: only these (default: every slide of ``prs``)."""
    styles = _styles_of(prs.part)
    changed = 0
    for slide in prs.slides if slides is None else slides:
        layout = slide.slide_layout
        for element in _text_shapes(slide.shapes._spTree):
            ph = element.find(_SP_PH)
            kind = (ph.get("type") or "obj") if ph is not None else None
            own = element.find(f".//{_A_LSTSTYLE}")
            chain = None
            # as python-pptx's text_frame does: a shape without a text body is given one
            for p in element.get_or_add_txBody().iterfind(_A_P):
                ppr = p.find(_A_PPR)
                if ppr is not None and ppr.get("rtl") is not None:
                    continue
                text = "".join(t.text or "" for t in p.iter(_A_T))
                strong = first_strong(text)
                if strong is None:
                    continue
                level = int(ppr.get("lvl") or 0) if ppr is not None else 0
                if chain is None:
                    idx = int(ph.get("idx") or 0) if ph is not None else 0
                    chain = [own] + styles.chain_for(layout, kind, idx)
                inherited = next(
                    (v for v in (_level_rtl(s, level) for s in chain) if v is not None), False
                )
                if inherited == (strong == "rtl"):
                    continue
                if ppr is None:
                    ppr = p.makeelement(_A_PPR, {})
                    p.insert(0, ppr)
                ppr.set("rtl", "1" if strong == "rtl" else "0")
                changed += 1
    return changed
