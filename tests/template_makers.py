"""Templates we did not design, for the template tests.

- :func:`pptx_default` — python-pptx's own default template (4:3), saved as is.
- :func:`odd_template` — made here from it: 4:3, unusual layout names ("Banner", "Heading +
  Text", "Side by Side" …) so the layout mapping is needed, a narrow-text layout, a layout whose
  placeholders all have idx 0 (as LibreOffice writes them), a brand palette and fonts, a
  decorative band on the master, and one sample slide that a build must remove.
- :func:`libreoffice_template` — LibreOffice's bundled "DNA" Impress template converted to
  .pptx by LibreOffice itself (16:9-ish 794 × 446 pt, names like "Title, Content").
"""

from __future__ import annotations

import shutil
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Pt

from .office import convert

NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
BRAND_COLORS = {
    "dk1": "222222",
    "lt1": "FFFFFF",
    "dk2": "4A235A",
    "lt2": "F4ECF7",
    "accent1": "1B7F79",
    "accent2": "B9770E",
    "accent3": "1F618D",
    "accent4": "7D3C98",
    "accent5": "117864",
    "accent6": "A04000",
    "hlink": "1F618D",
    "folHlink": "7D3C98",
}
BRAND_FONT = "Calibri"
LO_TEMPLATE = Path("/usr/lib/libreoffice/share/template/common/presnt/DNA.otp")

#: python-pptx default layout index → new name (the rest are removed)
ODD_NAMES = {
    0: "Banner",
    1: "Heading + Text",
    2: "Chapter",
    3: "Side by Side",
    5: "Heading Only",
    6: "Empty",
    9: "Narrow Text",
}


def pptx_default(path: Path) -> Path:
    Presentation().save(str(path))
    return path


def _set_theme(prs) -> None:
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    part = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    a = f"{{{NS_A}}}"
    scheme = root.find(f"{a}themeElements/{a}clrScheme")
    scheme.set("name", "Odd Brand")
    for key, value in BRAND_COLORS.items():
        slot = scheme.find(a + key)
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, a + "srgbClr").set("val", value)
    fonts = root.find(f"{a}themeElements/{a}fontScheme")
    fonts.set("name", "Odd Brand")
    for tag in ("majorFont", "minorFont"):
        fonts.find(f"{a}{tag}/{a}latin").set("typeface", BRAND_FONT)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _band(shapes, name: str, x: float, y: float, w: float, h: float, color: str) -> None:
    """A plain rectangle in a scheme colour, behind everything else (masters and layouts
    have no add_shape in python-pptx, so it is written as XML)."""
    from pptx.oxml import parse_xml
    from pptx.oxml.ns import nsdecls

    tree = shapes._spTree
    next_id = max(int(e.get("id")) for e in tree.iter(qn("p:cNvPr"))) + 1
    sp = parse_xml(
        f'<p:sp {nsdecls("a", "p")}><p:nvSpPr><p:cNvPr id="{next_id}" name="{name}"/>'
        '<p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr><a:xfrm>'
        f'<a:off x="{Pt(x)}" y="{Pt(y)}"/><a:ext cx="{Pt(w)}" cy="{Pt(h)}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:schemeClr '
        f'val="{color}"/></a:solidFill><a:ln><a:noFill/></a:ln></p:spPr></p:sp>'
    )
    tree.insert(2, sp)


def odd_template(path: Path) -> Path:
    prs = Presentation()
    layouts = list(prs.slide_layouts)
    for index, layout in enumerate(layouts):
        if index not in ODD_NAMES:
            prs.slide_layouts.remove(layout)
            continue
        layout._element.cSld.set("name", ODD_NAMES[index])
    by_name = {layout.name: layout for layout in prs.slide_layouts}
    # a narrow text column: the vertical-text layout made horizontal and 200 pt wide
    narrow = by_name["Narrow Text"]
    for shape in narrow.placeholders:
        if shape.placeholder_format.type is not None and shape.placeholder_format.idx == 1:
            shape.left, shape.top, shape.width, shape.height = Pt(36), Pt(126), Pt(200), Pt(356)
            body_pr = shape._element.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}")
            if body_pr is not None:
                body_pr.attrib.pop("vert", None)
        ph = shape._element.ph
        ph.attrib.pop("orient", None)
    for shape in narrow.placeholders:
        if shape.placeholder_format.idx == 0:  # the title: horizontal, across the top
            shape.left, shape.top, shape.width, shape.height = Pt(36), Pt(21.6), Pt(648), Pt(90)
            body_pr = shape._element.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}")
            if body_pr is not None:
                body_pr.attrib.pop("vert", None)
    narrow._element.set("type", "obj")
    # LibreOffice-style placeholders: no idx at all (so every one is idx 0)
    for shape in by_name["Side by Side"].placeholders:
        ph = shape._element.ph
        if ph.get("type") not in ("dt", "ftr", "sldNum"):
            ph.attrib.pop("idx", None)
    _band(prs.slide_master.shapes, "Brand band", 0, 522, 720, 18, "tx2")
    _band(by_name["Banner"].shapes, "Banner stripe", 0, 0, 24, 540, "accent1")
    _set_theme(prs)
    sample = prs.slides.add_slide(by_name["Heading + Text"])
    sample.shapes.title.text = "A sample slide the build must remove"
    sample.notes_slide.notes_text_frame.text = "Sample notes"
    prs.save(str(path))
    return path


def libreoffice_template(path: Path, soffice: str) -> Path | None:
    """Convert LibreOffice's bundled DNA template to .pptx; None when it is not installed."""
    if not LO_TEMPLATE.exists():
        return None
    work = path.parent / "lo-convert"
    work.mkdir(exist_ok=True)
    converted = convert(soffice, LO_TEMPLATE, work, "pptx", timeout=180)
    if not converted.exists():
        return None
    shutil.move(str(converted), str(path))
    return path


def _set_capitals(style) -> None:
    """``cap="all"`` on a list style's first level (the text is drawn in capitals)."""
    level = style.find(qn("a:lvl1pPr"))
    if level is None:
        level = etree.SubElement(style, qn("a:lvl1pPr"))
    props = level.find(qn("a:defRPr"))
    if props is None:
        props = etree.SubElement(level, qn("a:defRPr"))
    props.set("cap", "all")


def capitals_template(path: Path) -> Path:
    """python-pptx's default template with its titles in capitals (the master's title style)
    and the bullets of its "Title and Content" layout in capitals (the layout's own list
    style), as corporate templates often have them."""
    prs = Presentation()
    _set_capitals(prs.slide_master._element.find(f"{qn('p:txStyles')}/{qn('p:titleStyle')}"))
    layout = next(lay for lay in prs.slide_layouts if lay.name == "Title and Content")
    body = next(ph for ph in layout.placeholders if ph.placeholder_format.idx == 1)
    _set_capitals(body._element.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}"))
    prs.save(str(path))
    return path
