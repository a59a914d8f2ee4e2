"""Turn a layout Drawing into grouped, named, editable native PowerPoint shapes."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.oxml.ns import qn
from pptx.util import Pt

from ..layout.drawing import Connector, Drawing, Element, Group, Label, Rect, Shape
from ..layout.fit import Insets
from .text import Script, set_body, write_paras

# Share of min(w, h) by which a preset's own text rectangle sits inside its bounding box.
PRESET_TEXT_INSET = {"roundRect": 0.29289 * 0.16667}


def emu(points: float) -> int:
    return int(round(points * 12700))


def add_drawing(slide, drawing: Drawing, font: str, script: Script | None = None):
    """Add ``drawing`` to ``slide`` as one group named after it, with alt text set."""
    group = slide.shapes.add_group_shape()
    group.name = drawing.name
    for element in drawing.children:
        _add_element(group.shapes, element, _Style(font, script))
    set_alt_text(group, drawing.alt)
    return group


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


def _add_element(shapes, element: Element, font: _Style) -> None:
    if isinstance(element, Group):
        group = shapes.add_group_shape()
        group.name = element.name
        for child in element.children:
            _add_element(group.shapes, child, font)
    elif isinstance(element, Connector):
        _add_connector(shapes, element)
    else:
        _add_shape(shapes, element, font)


def _add_shape(shapes, spec: Shape, font: _Style) -> None:
    r = spec.rect
    shape = shapes.add_shape(MSO_SHAPE.RECTANGLE, emu(r.x), emu(r.y), emu(r.w), emu(r.h))
    shape.name = spec.name
    sp_pr = shape._element.spPr
    geom = sp_pr.find(qn("a:prstGeom"))
    geom.set("prst", spec.geom)
    av = geom.find(qn("a:avLst"))
    if av is None:
        av = etree.SubElement(geom, qn("a:avLst"))
    for child in list(av):
        av.remove(child)
    names = ["adj"] if len(spec.adjust) == 1 else [f"adj{i + 1}" for i in range(len(spec.adjust))]
    for name, value in zip(names, spec.adjust, strict=True):
        gd = etree.SubElement(av, qn("a:gd"))
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
    box.name = name
    _write_label(box.text_frame, label, font)


def _write_label(text_frame, label: Label, font: _Style, shrink: float = 0.0) -> None:
    ins = label.insets
    insets = Insets(max(0.0, ins.left - shrink), max(0.0, ins.top - shrink),
                    max(0.0, ins.right - shrink), max(0.0, ins.bottom - shrink))
    set_body(text_frame, insets=insets, anchor=label.anchor)
    write_paras(text_frame, label.paras, label.size, color=label.color,
                font=label.font or font.font, align=label.align, bold=label.bold,
                langs=[label.lang] * len(label.paras), script=font.script)


def _fill_and_line(shape, spec: Shape) -> None:
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


def _add_connector(shapes, spec: Connector) -> None:
    (x1, y1), (x2, y2) = spec.start, spec.end
    line = shapes.add_connector(MSO_CONNECTOR.STRAIGHT, emu(x1), emu(y1), emu(x2), emu(y2))
    line.name = spec.name
    drop_style(line)
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
    style = shape._element.find(qn("p:style"))
    if style is not None:
        shape._element.remove(style)


def _set_dash(ln, dash: str) -> None:
    for old in ln.findall(qn("a:prstDash")):
        ln.remove(old)
    element = etree.Element(qn("a:prstDash"))
    element.set("val", dash)
    # prstDash follows the fill element (noFill/solidFill/gradFill/pattFill) if any
    fills = [c for c in ln if c.tag in (qn("a:noFill"), qn("a:solidFill"), qn("a:gradFill"),
                                        qn("a:pattFill"))]
    ln.insert(ln.index(fills[-1]) + 1 if fills else 0, element)


def _arrow(ln, tag: str) -> None:
    element = etree.SubElement(ln, qn(tag))
    element.set("type", "triangle")
    element.set("w", "med")
    element.set("len", "med")
    # headEnd must precede tailEnd; both come after fill, dash and join elements
    if tag == "a:headEnd":
        tail = ln.find(qn("a:tailEnd"))
        if tail is not None:
            ln.remove(element)
            tail.addprevious(element)


def rgb(hex_color: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_color)
