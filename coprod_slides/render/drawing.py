"""Turn a layout Drawing into grouped, named, editable native PowerPoint shapes."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cache

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.oxml.ns import qn
from pptx.oxml.shapes.groupshape import CT_GroupShape
from pptx.shapes.shapetree import GroupShapes
from pptx.util import Pt

from ..layout.drawing import Connector, Drawing, Element, Group, Label, Rect, Shape
from ..layout.fit import Insets
from .text import Script, set_body, write_paras

# Share of min(w, h) by which a preset's own text rectangle sits inside its bounding box.
PRESET_TEXT_INSET = {"roundRect": 0.29289 * 0.16667}
_qn = cache(qn)  # python-pptx's qn builds the name anew on every call
_GRP_SP = qn("p:grpSp")
_GRP_SP_PR = _qn("p:grpSpPr")
_SP_PR = _qn("p:spPr")
_XFRM = _qn("a:xfrm")
_OFF, _EXT, _CH_OFF, _CH_EXT = _qn("a:off"), _qn("a:ext"), _qn("a:chOff"), _qn("a:chExt")
_FRESH_SP_PR = [_qn("a:xfrm"), _qn("a:prstGeom")]  # a new shape's spPr, before fill and line
_LN = _qn("a:ln")
_C_NV_PR = _qn("p:cNvPr")
_SOLID_FILL = _qn("a:solidFill")
_SRGB_CLR = _qn("a:srgbClr")
_NO_FILL = _qn("a:noFill")


def emu(points: float) -> int:
    return int(round(points * 12700))


def add_drawing(slide, drawing: Drawing, font: str, script: Script | None = None):
    """Add ``drawing`` to ``slide`` as one group named after it, with alt text set.

    The result is exactly what python-pptx's group API gives, built faster: python-pptx
    searches the whole slide for the next free shape id and recomputes the extents of every
    enclosing group after each shape it adds (quadratic in the shapes of a diagram); here ids
    come from one search and extents are computed once, innermost groups first.
    """
    sp_tree = slide.shapes._spTree
    key = _prepared_key(sp_tree, drawing, font, script)
    prepared = _PREPARED.get(key) if key is not None else None
    if prepared is not None:  # drawn before, on a slide with the same ids: copy its XML
        element = copy.deepcopy(prepared)
        sp_tree.insert_element_before(element, "p:extLst")
        return slide.shapes._shape_factory(element)
    group = slide.shapes.add_group_shape()
    _set_name(group, drawing.name)
    shapes = _DrawingShapes(group._element, group, _ShapeIds(group._element))
    for element in drawing.children:
        _add_element(shapes, element, _Style(font, script))
    _recalculate_extents(group._element)
    set_alt_text(group, drawing.alt)
    if key is not None:
        if len(_PREPARED) >= _PREPARED_MAX:
            _PREPARED.pop(next(iter(_PREPARED)))
        _PREPARED[key] = copy.deepcopy(group._element)
    return group


#: (drawing, font, script, ids on the slide) -> the group element add_drawing made for them.
#: A long deck or a batch of variants draws the same diagrams again and again; their XML
#: depends on nothing else (ids come from those on the slide), so it is made once a process.
_PREPARED: dict = {}
_PREPARED_MAX = 48


def _prepared_key(sp_tree, drawing: Drawing, font: str, script: Script | None):
    try:
        ids = frozenset(sp_tree.xpath("//@id"))
        key = (drawing, font, script, ids)
        hash(key)
    except TypeError:  # something unhashable in a drawing: draw it every time
        return None
    return key


class _ShapeIds:
    """The ids python-pptx would give, from one search of the slide's ids.

    Shapes get the largest id in use + 1; groups get the smallest unused id (python-pptx's two
    rules, see ``_BaseShapes._next_shape_id`` and ``CT_GroupShape._next_shape_id``).
    """

    def __init__(self, element) -> None:
        self.used = {int(value) for value in element.xpath("//@id") if value.isdigit()}
        self.max = max(self.used, default=0)

    def next_shape_id(self) -> int:
        self.max += 1
        self.used.add(self.max)
        return self.max

    def next_group_id(self) -> int:
        n = 1
        while n in self.used:
            n += 1
        self.used.add(n)
        self.max = max(self.max, n)
        return n


class _DrawingShapes(GroupShapes):
    """A group's shapes whose extents are left to :func:`_recalculate_extents`."""

    def __init__(self, grp_sp, parent, ids: _ShapeIds) -> None:
        super().__init__(grp_sp, parent)
        self._ids = ids

    @property
    def _next_shape_id(self) -> int:
        return self._ids.next_shape_id()

    def _recalculate_extents(self) -> None:
        pass

    def add_group_shape(self, shapes=()):
        if shapes:
            raise NotImplementedError("drawings add their groups empty")
        shape_id = self._ids.next_group_id()
        grp_sp = CT_GroupShape.new_grpSp(shape_id, f"Group {shape_id - 1}")
        self._element.insert_element_before(grp_sp, "p:extLst")
        return self._shape_factory(grp_sp)


def _recalculate_extents(grp_sp) -> bool:
    """Set each group's extents as python-pptx's group API leaves them; innermost first.

    python-pptx recalculates a group (``CT_GroupShape.recalculate_extents``) and its enclosing
    groups whenever a shape is added inside it; adding a group does not. So a group's extents
    cover its children up to the last one holding a shape, and a group holding no shape keeps
    the zeros it was created with. Returns whether ``grp_sp`` holds a shape.
    """
    children = list(grp_sp.iter_shape_elms())
    last = -1
    for index, child in enumerate(children):
        if child.tag != _GRP_SP or _recalculate_extents(child):
            last = index
    if last < 0:
        return False
    boxes = [_xfrm_box(child) for child in children[: last + 1]]
    x, y = min(b[0] for b in boxes), min(b[1] for b in boxes)
    cx = max(b[0] + b[2] for b in boxes) - x
    cy = max(b[1] + b[3] for b in boxes) - y
    xfrm = grp_sp.find(_GRP_SP_PR).find(_XFRM)
    parts = [xfrm.find(tag) for tag in (_OFF, _EXT, _CH_OFF, _CH_EXT)]
    if None in parts:
        grp_sp.chOff.x = grp_sp.x = x
        grp_sp.chOff.y = grp_sp.y = y
        grp_sp.chExt.cx = grp_sp.cx = cx
        grp_sp.chExt.cy = grp_sp.cy = cy
        return True
    off, ext, ch_off, ch_ext = parts
    for point in (off, ch_off):
        point.set("x", str(x))
        point.set("y", str(y))
    for size in (ext, ch_ext):
        size.set("cx", str(cx))
        size.set("cy", str(cy))
    return True


def _xfrm_box(element) -> tuple[int, int, int, int]:
    """(x, y, cx, cy) of a shape element in EMU, read directly when plainly written."""
    props = element.find(_GRP_SP_PR if element.tag == _GRP_SP else _SP_PR)
    xfrm = props.find(_XFRM) if props is not None else None
    off = xfrm.find(_OFF) if xfrm is not None else None
    ext = xfrm.find(_EXT) if xfrm is not None else None
    if off is not None and ext is not None:
        values = (off.get("x"), off.get("y"), ext.get("cx"), ext.get("cy"))
        if all(v and v.lstrip("-").isdigit() for v in values):
            return tuple(int(v) for v in values)  # type: ignore[return-value]
    return element.x, element.y, element.cx, element.cy  # python-pptx's reading (e.g. "1in")


def set_alt_text(shape, text: str, title: str | None = None) -> None:
    """python-pptx has no API for alt text: set ``descr`` on the shape's cNvPr."""
    c_nv_pr = shape._element.xpath("./*[1]/p:cNvPr")[0]
    c_nv_pr.set("descr", text)
    if title:
        c_nv_pr.set("title", title)


@dataclass(frozen=True)
class _Style:
    font: str
    script: Script | None = None


def _add_element(shapes: _DrawingShapes, element: Element, font: _Style) -> None:
    if isinstance(element, Group):
        group = shapes.add_group_shape()
        _set_name(group, element.name)
        children = _DrawingShapes(group._element, group, shapes._ids)
        for child in element.children:
            _add_element(children, child, font)
    elif isinstance(element, Connector):
        _add_connector(shapes, element)
    else:
        _add_shape(shapes, element, font)


def _add_shape(shapes, spec: Shape, font: _Style) -> None:
    r = spec.rect
    shape = shapes.add_shape(MSO_SHAPE.RECTANGLE, emu(r.x), emu(r.y), emu(r.w), emu(r.h))
    _set_name(shape, spec.name)
    sp_pr = shape._element.spPr
    geom = sp_pr.find(_qn("a:prstGeom"))
    geom.set("prst", spec.geom)
    av = geom.find(_qn("a:avLst"))
    if av is None:
        av = etree.SubElement(geom, _qn("a:avLst"))
    for child in list(av):
        av.remove(child)
    names = ["adj"] if len(spec.adjust) == 1 else [f"adj{i + 1}" for i in range(len(spec.adjust))]
    for name, value in zip(names, spec.adjust, strict=True):
        gd = etree.SubElement(av, _qn("a:gd"))
        gd.set("name", name)
        gd.set("fmla", f"val {int(round(value * 100000))}")
    if spec.flip_h:
        shape._element.spPr.get_or_add_xfrm().set("flipH", "1")
    _fill_and_line(shape, spec)
    drop_style(shape)
    if spec.label is None:
        shape.text_frame.text = ""
        return
    if spec.text_rect is not None:
        # The shape's own text area differs from the fitted rect (chevron, ellipse, ...):
        # put the label in its own transparent text box exactly where it was fitted.
        _plain_box(shapes, spec.text_rect, spec.label, f"{spec.name} (text)", font)
        return
    inset = PRESET_TEXT_INSET.get(spec.geom, 0.0) * min(r.w, r.h)
    _write_label(shape.text_frame, spec.label, font, shrink=inset)


def _plain_box(shapes, rect: Rect, label: Label, name: str, font: _Style) -> None:
    box = shapes.add_textbox(emu(rect.x), emu(rect.y), emu(rect.w), emu(rect.h))
    _set_name(box, name)
    _write_label(box.text_frame, label, font)


def _write_label(text_frame, label: Label, font: _Style, shrink: float = 0.0) -> None:
    ins = label.insets
    insets = Insets(
        max(0.0, ins.left - shrink),
        max(0.0, ins.top - shrink),
        max(0.0, ins.right - shrink),
        max(0.0, ins.bottom - shrink),
    )
    set_body(text_frame, insets=insets, anchor=label.anchor)
    write_paras(
        text_frame,
        label.paras,
        label.size,
        color=label.color,
        font=label.font or font.font,
        align=label.align,
        bold=label.bold,
        langs=[label.lang] * len(label.paras),
        script=font.script,
    )


def _fill_and_line(shape, spec: Shape) -> None:
    sp_pr = shape._element.spPr
    if [child.tag for child in sp_pr] == _FRESH_SP_PR:
        # What python-pptx's fill and line API below writes into a new shape, written directly.
        _add_fill(sp_pr, spec.fill)
        ln = etree.SubElement(sp_pr, _LN)
        if spec.line:
            _add_fill(ln, spec.line)
            ln.set("w", str(Pt(spec.line_width)))
            if spec.dash:
                _set_dash(ln, spec.dash)
        else:
            _add_fill(ln, None)
        return
    if spec.fill:
        shape.fill.solid()
        shape.fill.fore_color.rgb = rgb(spec.fill)
    else:
        shape.fill.background()
    if spec.line:
        shape.line.color.rgb = rgb(spec.line)
        shape.line.width = Pt(spec.line_width)
        if spec.dash:
            _set_dash(shape.line._get_or_add_ln(), spec.dash)
    else:
        shape.line.fill.background()


def _set_name(shape, name: str) -> None:
    """``shape.name = name``, without python-pptx's XPath search for the cNvPr element."""
    c_nv_pr = shape._element[0][0]
    if c_nv_pr.tag == _C_NV_PR and isinstance(name, str):
        c_nv_pr.set("name", name)
    else:
        shape.name = name


def _add_fill(parent, color: str | None) -> None:
    """``a:solidFill`` with the colour (as python-pptx's ``fill.solid()`` and
    ``fore_color.rgb`` write it), or ``a:noFill`` (``fill.background()``)."""
    if color:
        fill = etree.SubElement(parent, _SOLID_FILL)
        etree.SubElement(fill, _SRGB_CLR).set("val", str(rgb(color)))
    else:
        etree.SubElement(parent, _NO_FILL)


def _add_connector(shapes, spec: Connector) -> None:
    (x1, y1), (x2, y2) = spec.start, spec.end
    line = shapes.add_connector(MSO_CONNECTOR.STRAIGHT, emu(x1), emu(y1), emu(x2), emu(y2))
    _set_name(line, spec.name)
    drop_style(line)
    sp_pr = line._element.spPr
    if [child.tag for child in sp_pr] == _FRESH_SP_PR:  # as line.line.color/width write it
        ln = etree.SubElement(sp_pr, _LN)
        _add_fill(ln, spec.color)
        ln.set("w", str(Pt(spec.width)))
    else:
        line.line.color.rgb = rgb(spec.color)
        line.line.width = Pt(spec.width)
        ln = line.line._get_or_add_ln()
    if spec.dash:
        _set_dash(ln, spec.dash)
    if spec.tail:
        _arrow(ln, "a:headEnd")
    if spec.head:
        _arrow(ln, "a:tailEnd")


def drop_style(shape) -> None:
    """Remove python-pptx's theme style reference: its effect style draws shadows (on text too,
    in LibreOffice). Fill, line and text colour are always set explicitly instead."""
    style = shape._element.find(_qn("p:style"))
    if style is not None:
        shape._element.remove(style)


def _set_dash(ln, dash: str) -> None:
    for old in ln.findall(_qn("a:prstDash")):
        ln.remove(old)
    element = etree.Element(_qn("a:prstDash"))
    element.set("val", dash)
    # prstDash follows the fill element (noFill/solidFill/gradFill/pattFill) if any
    fills = [
        c
        for c in ln
        if c.tag in (_qn("a:noFill"), _qn("a:solidFill"), _qn("a:gradFill"), _qn("a:pattFill"))
    ]
    ln.insert(ln.index(fills[-1]) + 1 if fills else 0, element)


def _arrow(ln, tag: str) -> None:
    element = etree.SubElement(ln, _qn(tag))
    element.set("type", "triangle")
    element.set("w", "med")
    element.set("len", "med")
    # headEnd must precede tailEnd; both come after fill, dash and join elements
    if tag == "a:headEnd":
        tail = ln.find(_qn("a:tailEnd"))
        if tail is not None:
            ln.remove(element)
            tail.addprevious(element)


def rgb(hex_color: str):
    return RGBColor.from_string(hex_color)
