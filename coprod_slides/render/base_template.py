"""Generate the designed 16:9 base template, ``assets/templates/coprod-16x9.pptx``.

python-pptx's built-in template is 4:3 (720 × 540 pt); stretching its slide size leaves every
placeholder where 4:3 put it. So this module starts from that template and rebuilds it through
the XML: the slide size, the master's shapes and text styles, and a kept set of layouts, each
with placeholders at the positions in :data:`LAYOUTS`. Layouts not kept are removed with their
parts, relationships and ``p:sldLayoutId`` entries, so nothing is left orphaned.

Every decorative shape is filled with a scheme colour (``accent1``, ``tx2`` …) and every text
style uses the theme fonts, so :func:`coprod_slides.render.theme.apply_theme` restyles the whole
design. Decorations are named, marked ``userDrawn`` and are never placeholders.

Geometry is in points (1 pt = 12700 EMU); a slide is 960 × 540 pt. Run
``python -m coprod_slides.render.base_template [PATH]`` to regenerate the file; the output is
byte-for-byte the same on every run.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml

from ..layout.drawing import Rect
from ..xmlescape import escape  # not xml.sax.saxutils: it imports urllib (~30 ms)
from .package import save_reproducible, set_core_properties
from .theme import DEFAULT_COLORS, apply_theme

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
_NSDECL = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NS.items())

EMU_PER_PT = 12700
SLIDE_W, SLIDE_H = 960.0, 540.0
NOTES_W, NOTES_H = 540.0, 720.0  # portrait notes page (7.5 × 10 in), as PowerPoint uses
MARGIN = 48.0
GUTTER = 24.0
TEMPLATE_NAME = "coprod-16x9.pptx"
#: The template's own timestamp: fixed, so the committed file does not change with the clock
#: or with SOURCE_DATE_EPOCH.
TEMPLATE_DATE = datetime(2024, 1, 1, tzinfo=timezone.utc)
LANG = "en-GB"


def emu(pt: float) -> int:
    return round(pt * EMU_PER_PT)


def q(tag: str) -> str:
    prefix, local = tag.split(":")
    return f"{{{NS[prefix]}}}{local}"


class Box(Rect):
    """A rectangle in points that writes itself as an ``a:xfrm``."""

    def xfrm(self, group: bool = False) -> str:
        off = f'<a:off x="{emu(self.x)}" y="{emu(self.y)}"/>'
        ext = f'<a:ext cx="{emu(self.w)}" cy="{emu(self.h)}"/>'
        child = ""
        if group:
            child = (
                f'<a:chOff x="{emu(self.x)}" y="{emu(self.y)}"/>'
                f'<a:chExt cx="{emu(self.w)}" cy="{emu(self.h)}"/>'
            )
        return f"<a:xfrm>{off}{ext}{child}</a:xfrm>"


# ---------------------------------------------------------------- the grid

TITLE_ZONE = Box(MARGIN, 28, SLIDE_W - 2 * MARGIN, 70)
CONTENT_ZONE = Box(MARGIN, 118, SLIDE_W - 2 * MARGIN, 372)
_COLUMN_W = (CONTENT_ZONE.w - GUTTER) / 2
LEFT_COLUMN = Box(CONTENT_ZONE.x, CONTENT_ZONE.y, _COLUMN_W, CONTENT_ZONE.h)
RIGHT_COLUMN = Box(CONTENT_ZONE.x + _COLUMN_W + GUTTER, CONTENT_ZONE.y, _COLUMN_W, CONTENT_ZONE.h)
FOOTER_Y, FOOTER_H = 506.0, 22.0
DATE_BOX = Box(MARGIN, FOOTER_Y, 200, FOOTER_H)
FOOTER_BOX = Box(264, FOOTER_Y, 432, FOOTER_H)
NUMBER_BOX = Box(SLIDE_W - MARGIN - 200, FOOTER_Y, 200, FOOTER_H)
#: The rule between the title zone and the content zone (content layouts, from the master).
RULE_Y = 107.0
#: Placeholders keep PowerPoint's default text insets (7.2 pt left/right, 3.6 pt top/bottom),
#: so text starts 7.2 pt inside a zone; decorations that line up with text use this edge.
TEXT_INSET = 7.2
TEXT_LEFT = MARGIN + TEXT_INSET

# Cover (title and closing) geometry: text in a 568 pt column on the left, the motif right.
COVER_X = 72.0
COVER_W = 568.0
STRIPE_H = 8.0


# ---------------------------------------------------------------- XML snippets


def clr(val: str, **mods: int) -> str:
    """A scheme colour, e.g. ``clr("tx1", lumMod=75000, lumOff=25000)``."""
    inner = "".join(f'<a:{name} val="{value}"/>' for name, value in mods.items())
    return (
        f'<a:schemeClr val="{val}">{inner}</a:schemeClr>'
        if inner
        else f'<a:schemeClr val="{val}"/>'
    )


def solid(val: str, **mods: int) -> str:
    return f"<a:solidFill>{clr(val, **mods)}</a:solidFill>"


def level_ppr(
    level: int,
    *,
    marL: float | None = None,
    indent: float | None = None,
    algn: str | None = None,
    line_pct: int | None = None,
    before: float | None = None,
    after: float | None = None,
    bullet: str | None = None,
    bullet_color: str | None = None,
    size: float | None = None,
    bold: bool | None = None,
    color: str | None = None,
    font: str | None = None,
    master: bool = False,
) -> str:
    """One ``a:lvlNpPr`` (children in schema order). ``bullet=""`` means no bullet."""
    attrs = []
    if marL is not None:
        attrs.append(f'marL="{emu(marL)}"')
    if indent is not None:
        attrs.append(f'indent="{emu(indent)}"')
    if algn is not None:
        attrs.append(f'algn="{algn}"')
    if master:
        attrs.append('defTabSz="914400" rtl="0" eaLnBrk="1" latinLnBrk="0" hangingPunct="1"')
    children = []
    if line_pct is not None:
        children.append(f'<a:lnSpc><a:spcPct val="{line_pct * 1000}"/></a:lnSpc>')
    if before is not None:
        children.append(f'<a:spcBef><a:spcPts val="{round(before * 100)}"/></a:spcBef>')
    if after is not None:
        children.append(f'<a:spcAft><a:spcPts val="{round(after * 100)}"/></a:spcAft>')
    if bullet is not None:
        if bullet:
            if bullet_color:
                children.append(f"<a:buClr>{clr(bullet_color)}</a:buClr>")
            children.append(
                '<a:buFont typeface="Arial" panose="020B0604020202020204" '
                'pitchFamily="34" charset="0"/>'
            )
            children.append(f'<a:buChar char="{escape(bullet)}"/>')
        else:
            children.append("<a:buNone/>")
    rpr_attrs = []
    if size is not None:
        rpr_attrs.append(f'sz="{round(size * 100)}"')
    if bold is not None:
        rpr_attrs.append(f'b="{int(bold)}"')
    if master:
        rpr_attrs.append('kern="1200"')
    rpr_children = solid(color) if color else ""
    if font:
        rpr_children += (
            f'<a:latin typeface="+{font}-lt"/><a:ea typeface="+{font}-ea"/>'
            f'<a:cs typeface="+{font}-cs"/>'
        )
    if rpr_attrs or rpr_children:
        children.append(f"<a:defRPr {' '.join(rpr_attrs)}>{rpr_children}</a:defRPr>")
    name = f"a:lvl{level}pPr"
    return f"<{name} {' '.join(attrs)}>{''.join(children)}</{name}>"


def _run(text: str) -> str:
    return f'<a:r><a:rPr lang="{LANG}"/><a:t>{escape(text)}</a:t></a:r>'


# ---------------------------------------------------------------- shapes


@dataclass(frozen=True)
class Placeholder:
    """A placeholder on the master or a layout. ``kind`` is the ``p:ph`` type."""

    kind: str
    idx: int
    name: str
    box: Box
    prompt: tuple[str, ...] = ()
    anchor: str | None = None
    lst_style: str = ""
    size: str | None = None  # p:ph sz: "half" / "quarter"

    def xml(self, shape_id: int, master: bool = False) -> str:
        ph_attrs = [f'type="{self.kind}"']
        if self.size:
            ph_attrs.append(f'sz="{self.size}"')
        if self.idx:
            ph_attrs.append(f'idx="{self.idx}"')
        geom = '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>' if master else ""
        body_attrs = []
        if master:
            body_attrs.append(
                'vert="horz" lIns="91440" tIns="45720" rIns="91440" bIns="45720" rtlCol="0"'
            )
        if self.anchor:
            body_attrs.append(f'anchor="{self.anchor}"')
        autofit = "<a:noAutofit/>" if master and self.kind in ("title", "body") else ""
        paras = (
            "".join(self._paragraph(i, line) for i, line in enumerate(self.prompt))
            or f'<a:p><a:endParaRPr lang="{LANG}"/></a:p>'
        )
        return (
            f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{escape(self.name)}"/>'
            f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
            f"<p:nvPr><p:ph {' '.join(ph_attrs)}/></p:nvPr></p:nvSpPr>"
            f"<p:spPr>{self.box.xfrm()}{geom}</p:spPr>"
            f"<p:txBody><a:bodyPr {' '.join(body_attrs)}>{autofit}</a:bodyPr>"
            f"<a:lstStyle>{self.lst_style}</a:lstStyle>{paras}</p:txBody></p:sp>"
        )

    def _paragraph(self, level: int, line: str) -> str:
        ppr = f'<a:pPr lvl="{level}"/>' if self.kind == "body" and len(self.prompt) > 1 else ""
        if self.kind == "sldNum":
            field_ = (
                f'<a:fld id="{{7A0B2C6E-5F0D-4C55-9A61-2E3C1D0B6F11}}" type="slidenum">'
                f'<a:rPr lang="{LANG}"/><a:t>{escape(line)}</a:t></a:fld>'
            )
            return f"<a:p>{field_}</a:p>"
        if self.kind == "dt":
            field_ = (
                f'<a:fld id="{{3C9E5A1D-2B7F-4E08-8D3A-6F1B0C2E4A57}}" '
                f'type="datetimeFigureOut"><a:rPr lang="{LANG}"/>'
                f"<a:t>{escape(line)}</a:t></a:fld>"
            )
            return f"<a:p>{field_}</a:p>"
        return f"<a:p>{ppr}{_run(line)}</a:p>"


@dataclass(frozen=True)
class Decoration:
    """A named, user-drawn shape in scheme colours (never a placeholder)."""

    name: str
    box: Box
    fill: str | None = "accent1"
    fill_mods: dict[str, int] = field(default_factory=dict)
    geom: str = "rect"
    line: str | None = None
    line_w: float = 0.0
    line_mods: dict[str, int] = field(default_factory=dict)

    def xml(self, shape_id: int) -> str:
        fill = solid(self.fill, **self.fill_mods) if self.fill else "<a:noFill/>"
        if self.line:
            line = f'<a:ln w="{emu(self.line_w)}">{solid(self.line, **self.line_mods)}</a:ln>'
        else:
            line = "<a:ln><a:noFill/></a:ln>"
        return (
            f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{escape(self.name)}"/>'
            f'<p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>'
            f'<p:spPr>{self.box.xfrm()}<a:prstGeom prst="{self.geom}"><a:avLst/></a:prstGeom>'
            f"{fill}{line}</p:spPr></p:sp>"
        )


@dataclass(frozen=True)
class Group:
    """Named decorations grouped, so a user moves or deletes them as one."""

    name: str
    members: tuple[Decoration, ...]

    @property
    def box(self) -> Box:
        x = min(m.box.x for m in self.members)
        y = min(m.box.y for m in self.members)
        right = max(m.box.right for m in self.members)
        bottom = max(m.box.bottom for m in self.members)
        return Box(x, y, right - x, bottom - y)

    def xml(self, shape_id: int) -> str:
        children = "".join(m.xml(shape_id + 1 + i) for i, m in enumerate(self.members))
        return (
            f'<p:grpSp><p:nvGrpSpPr><p:cNvPr id="{shape_id}" name="{escape(self.name)}"/>'
            f'<p:cNvGrpSpPr/><p:nvPr userDrawn="1"/></p:nvGrpSpPr>'
            f"<p:grpSpPr>{self.box.xfrm(group=True)}</p:grpSpPr>{children}</p:grpSp>"
        )

    def count(self) -> int:
        return 1 + len(self.members)


def _sp_tree(shapes, master: bool = False) -> str:
    """A ``p:spTree`` of the given shapes, ids numbered from 2 in drawing order."""
    parts = []
    next_id = 2
    for shape in shapes:
        if isinstance(shape, Placeholder):
            parts.append(shape.xml(next_id, master=master))
        else:
            parts.append(shape.xml(next_id))
        next_id += shape.count() if isinstance(shape, Group) else 1
    return (
        '<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
        '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/>'
        f'<a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>{"".join(parts)}</p:spTree>'
    )


# ---------------------------------------------------------------- master


def _footer_style(algn: str, color: str | None = None) -> str:
    """12 pt footer text: ``color``, or on white a grey from dk1 (about 6:1 on white)."""
    rpr = solid(color) if color else solid("tx1", lumMod=75000, lumOff=25000)
    return f'<a:lvl1pPr algn="{algn}"><a:defRPr sz="1200">{rpr}</a:defRPr></a:lvl1pPr>'


def footers(
    idx: tuple[int, int, int] = (10, 11, 12), color: str | None = None, master: bool = False
) -> tuple[Placeholder, ...]:
    """Date (left), footer (centre) and slide number (right) along the bottom margin."""
    return (
        Placeholder(
            "dt",
            idx[0],
            "Date Placeholder",
            DATE_BOX,
            ("01/01/2024",),
            "ctr",
            _footer_style("l", color) if master or color else "",
            "half",
        ),
        Placeholder(
            "ftr",
            idx[1],
            "Footer Placeholder",
            FOOTER_BOX,
            (),
            "ctr",
            _footer_style("ctr", color) if master or color else "",
            "quarter",
        ),
        Placeholder(
            "sldNum",
            idx[2],
            "Slide Number Placeholder",
            NUMBER_BOX,
            ("\u2039#\u203a",),
            "ctr",
            _footer_style("r", color) if master or color else "",
            "quarter",
        ),
    )


#: The rule runs between the text edges (zone edge + the 7.2 pt default inset), so the accent
#: segment lines up with the first letter of the title and the bullets below it.
MASTER_DECORATIONS = (
    Decoration(
        "Title rule",
        Box(TEXT_LEFT, RULE_Y, SLIDE_W - 2 * TEXT_LEFT, 1),
        "tx2",
        {"lumMod": 20000, "lumOff": 80000},
    ),
    Decoration("Title rule accent", Box(TEXT_LEFT, RULE_Y - 1.5, 72, 4), "accent1"),
)

MASTER_PLACEHOLDERS = (
    Placeholder(
        "title", 0, "Title Placeholder", TITLE_ZONE, ("Click to edit Master title style",), "b"
    ),
    Placeholder(
        "body",
        1,
        "Text Placeholder",
        CONTENT_ZONE,
        ("Click to edit Master text styles", "Second level", "Third level"),
        "t",
    ),
    *footers((2, 3, 4), master=True),
)

BULLETS = ("\u2022", "\u2013", "\u2022", "\u2013", "\u2022", "\u2013", "\u2022", "\u2013", "\u2022")


def master_title_style() -> str:
    return (
        "<p:titleStyle>"
        + level_ppr(
            1,
            algn="l",
            line_pct=90,
            before=0,
            bullet="",
            size=32,
            bold=True,
            color="tx2",
            font="mj",
            master=True,
        )
        + "</p:titleStyle>"
    )


def master_body_style() -> str:
    levels = []
    for level in range(1, 10):
        if level == 1:
            marL, indent, before, size = 22, -22, 10, 20
        elif level == 2:
            marL, indent, before, size = 50, -20, 4, 18
        else:
            marL, indent, before, size = 76 + 24 * (level - 3), -18, 4, 16
        levels.append(
            level_ppr(
                level,
                marL=marL,
                indent=indent,
                algn="l",
                line_pct=100,
                before=before,
                bullet=BULLETS[level - 1],
                bullet_color="accent1",
                size=size,
                bold=False,
                color="tx1",
                font="mn",
                master=True,
            )
        )
    return "<p:bodyStyle>" + "".join(levels) + "</p:bodyStyle>"


# ---------------------------------------------------------------- layouts


@dataclass(frozen=True)
class LayoutSpec:
    name: str
    type: str
    placeholders: tuple[Placeholder, ...]
    decorations: tuple = ()
    background: str | None = None  # scheme colour of a full-bleed background
    show_master_shapes: bool = True


def _no_bullet(
    size: float,
    color: str,
    before: float = 0,
    bold: bool | None = None,
    line_pct: int | None = None,
) -> str:
    return level_ppr(
        1,
        marL=0,
        indent=0,
        line_pct=line_pct,
        before=before,
        bullet="",
        size=size,
        bold=bold,
        color=color,
    )


def _title_style(size: float, color: str) -> str:
    return level_ppr(1, size=size, color=color)


def colour_stripe() -> Group:
    """Six equal segments in accent1..6 along the bottom edge: many voices, one table."""
    width = SLIDE_W / 6
    return Group(
        "Colour stripe",
        tuple(
            Decoration(
                f"Colour stripe {i}",
                Box(i * width - width, SLIDE_H - STRIPE_H, width, STRIPE_H),
                f"accent{i}",
            )
            for i in range(1, 7)
        ),
    )


def table_motif(cx: float, cy: float, radius: float, seat: float) -> Group:
    """A round table with six seats in the accent colours (the "around the table" idea)."""
    table = Decoration(
        "Table",
        Box(cx - radius, cy - radius, 2 * radius, 2 * radius),
        "bg1",
        {"alpha": 12000},
        geom="ellipse",
        line="bg1",
        line_w=2,
        line_mods={"alpha": 55000},
    )
    ring = radius + seat * 1.6
    seats = []
    for i in range(6):
        angle = math.radians(-90 + 60 * i)
        x = cx + ring * math.cos(angle)
        y = cy + ring * math.sin(angle)
        seats.append(
            Decoration(
                f"Seat {i + 1}",
                Box(round(x - seat, 2), round(y - seat, 2), 2 * seat, 2 * seat),
                f"accent{i + 1}",
                geom="ellipse",
            )
        )
    return Group("Motif: around the table", (table, *seats))


_COVER_MOTIF = table_motif(cx=808, cy=236, radius=84, seat=16)

LAYOUTS: tuple[LayoutSpec, ...] = (
    LayoutSpec(
        "Title Slide",
        "title",
        (
            Placeholder(
                "ctrTitle",
                0,
                "Title",
                Box(COVER_X, 112, COVER_W, 176),
                ("Deck title",),
                "b",
                _title_style(44, "bg1"),
            ),
            Placeholder(
                "subTitle",
                1,
                "Subtitle",
                Box(COVER_X, 326, COVER_W, 80),
                ("Subtitle",),
                "t",
                _no_bullet(24, "bg1", line_pct=95),
            ),
            Placeholder(
                "body",
                13,
                "Byline",
                Box(COVER_X, 418, COVER_W, 56),
                ("Date \u00b7 presenter",),
                "t",
                _no_bullet(16, "bg2"),
                "quarter",
            ),
            *footers(color="bg1"),
        ),
        (
            Decoration("Title accent bar", Box(COVER_X + TEXT_INSET, 304, 80, 6), "accent2"),
            _COVER_MOTIF,
            colour_stripe(),
        ),
        background="tx2",
        show_master_shapes=False,
    ),
    LayoutSpec(
        "Section Header",
        "secHead",
        (
            Placeholder(
                "title",
                0,
                "Section title",
                Box(96, 130, 768, 150),
                ("Section title",),
                "b",
                _title_style(40, "bg1"),
            ),
            Placeholder(
                "body",
                1,
                "Section subtitle",
                Box(96, 312, 768, 96),
                ("Section subtitle",),
                "t",
                _no_bullet(22, "bg1", line_pct=95),
            ),
            *footers(color="bg1"),
        ),
        (
            Decoration("Section band", Box(0, 0, 32, SLIDE_H), "tx2"),
            Decoration("Section accent bar", Box(96 + TEXT_INSET, 294, 80, 6), "bg1"),
        ),
        background="accent1",
        show_master_shapes=False,
    ),
    LayoutSpec(
        "Title and Content",
        "obj",
        (
            Placeholder("title", 0, "Title", TITLE_ZONE, ("Title",)),
            Placeholder(
                "body", 1, "Content", CONTENT_ZONE, ("First level", "Second level", "Third level")
            ),
            *footers(),
        ),
    ),
    LayoutSpec(
        "Two Content",
        "twoObj",
        (
            Placeholder("title", 0, "Title", TITLE_ZONE, ("Title",)),
            Placeholder(
                "body",
                1,
                "Left column",
                LEFT_COLUMN,
                ("First level", "Second level", "Third level"),
            ),
            Placeholder(
                "body",
                2,
                "Right column",
                RIGHT_COLUMN,
                ("First level", "Second level", "Third level"),
            ),
            *footers(),
        ),
    ),
    LayoutSpec(
        "Title Only",
        "titleOnly",
        (
            Placeholder("title", 0, "Title", TITLE_ZONE, ("Title",)),
            *footers(),
        ),
    ),
    LayoutSpec(
        "Closing",
        "cust",
        (
            Placeholder(
                "title",
                0,
                "Closing title",
                Box(COVER_X, 112, COVER_W, 176),
                ("Thank you",),
                "b",
                _title_style(40, "bg1"),
            ),
            Placeholder(
                "body",
                1,
                "Closing text",
                Box(COVER_X, 326, COVER_W, 148),
                ("Contact and next steps",),
                "t",
                _no_bullet(20, "bg1", before=6),
            ),
            *footers(color="bg1"),
        ),
        (
            Decoration("Closing accent bar", Box(COVER_X + TEXT_INSET, 304, 80, 6), "accent2"),
            _COVER_MOTIF,
            colour_stripe(),
        ),
        background="tx2",
        show_master_shapes=False,
    ),
    LayoutSpec("Blank", "blank", footers(), show_master_shapes=False),
)

#: python-pptx's default layouts reused (by position) for each kept layout; the rest go.
_SOURCE_LAYOUT = {
    "Title Slide": 0,
    "Title and Content": 1,
    "Section Header": 2,
    "Two Content": 3,
    "Closing": 4,
    "Title Only": 5,
    "Blank": 6,
}


def _layout_xml(spec: LayoutSpec) -> str:
    bg = ""
    if spec.background:
        bg = f"<p:bg><p:bgPr>{solid(spec.background)}<a:effectLst/></p:bgPr></p:bg>"
    shapes = (*spec.decorations, *spec.placeholders)
    show = "" if spec.show_master_shapes else ' showMasterSp="0"'
    return (
        f'<p:sldLayout {_NSDECL}{show} type="{spec.type}" preserve="1">'
        f'<p:cSld name="{escape(spec.name)}">{bg}{_sp_tree(shapes)}</p:cSld>'
        "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>"
    )


# ---------------------------------------------------------------- building


def _replace_element(part, xml: str) -> None:
    """Swap an XML part's root element for a new one (python-pptx proxies are rebuilt lazily)."""
    part._element = parse_xml(xml)


def _set_size(prs) -> None:
    pres = prs.part._element
    sld_sz = pres.find(q("p:sldSz"))
    sld_sz.set("cx", str(emu(SLIDE_W)))
    sld_sz.set("cy", str(emu(SLIDE_H)))
    if "type" in sld_sz.attrib:  # "screen4x3"; a 16:9 size of 13.33 × 7.5 in has no type
        del sld_sz.attrib["type"]
    notes_sz = pres.find(q("p:notesSz"))
    notes_sz.set("cx", str(emu(NOTES_W)))
    notes_sz.set("cy", str(emu(NOTES_H)))
    for def_rpr in pres.iter(q("a:defRPr")):
        if def_rpr.get("lang"):
            def_rpr.set("lang", LANG)


def _rebuild_master(prs) -> None:
    master = prs.slide_master._element
    c_sld = master.find(q("p:cSld"))
    old_tree = c_sld.find(q("p:spTree"))
    shapes = (*MASTER_DECORATIONS, *MASTER_PLACEHOLDERS)
    new_tree = parse_xml(f"<p:wrap {_NSDECL}>{_sp_tree(shapes, master=True)}</p:wrap>")[0]
    c_sld.replace(old_tree, new_tree)
    for ext in c_sld.findall(q("p:extLst")):
        c_sld.remove(ext)
    styles = master.find(q("p:txStyles"))
    title_style, body_style = parse_xml(
        f"<p:wrap {_NSDECL}>{master_title_style()}{master_body_style()}</p:wrap>"
    )
    styles.replace(styles.find(q("p:titleStyle")), title_style)
    styles.replace(styles.find(q("p:bodyStyle")), body_style)
    for def_rpr in styles.iter(q("a:defRPr")):
        if def_rpr.get("lang"):
            def_rpr.set("lang", LANG)


def _rebuild_layouts(prs) -> None:
    master_part = prs.slide_master.part
    master = master_part._element
    id_list = master.find(q("p:sldLayoutIdLst"))
    entries = list(id_list)
    # layout part for each original position
    parts = [master_part.related_part(e.get(q("r:id"))) for e in entries]
    keep = {_SOURCE_LAYOUT[spec.name]: spec for spec in LAYOUTS}
    # drop the layouts not kept: the id entry first, then the relationship (its part goes with
    # it, being unreachable)
    for position, entry in enumerate(entries):
        if position not in keep:
            rid = entry.get(q("r:id"))
            id_list.remove(entry)
            master_part.drop_rel(rid)
    # rebuild and reorder the kept ones, renaming their parts slideLayout1..N in order
    by_position = {position: entry for position, entry in enumerate(entries)}
    for entry in list(id_list):
        id_list.remove(entry)
    for number, spec in enumerate(LAYOUTS, 1):
        position = _SOURCE_LAYOUT[spec.name]
        entry = by_position[position]
        entry.set("id", str(2147483648 + number))
        id_list.append(entry)
        part = parts[position]
        _replace_element(part, _layout_xml(spec))
        part.partname = PackURI(f"/ppt/slideLayouts/slideLayout{number}.xml")


def _drop_package_extras(prs) -> None:
    """Remove the 4:3 thumbnail and the Mac printer settings the default template carries."""
    package = prs.part.package
    for rid, rel in list(package._rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.drop_rel(rid)
    for rid, rel in list(prs.part.rels.items()):
        if rel.reltype == RT.PRINTER_SETTINGS:
            prs.part.drop_rel(rid)


APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<TotalTime>0</TotalTime><PresentationFormat>Widescreen</PresentationFormat>"
    "<Application>coprod-slides</Application></Properties>"
)


def _guide(pos_pt: float, horizontal: bool) -> str:
    orient = ' orient="horz"' if horizontal else ""
    return f'<p:guide{orient} pos="{round(pos_pt * 8)}"/>'  # guide units are 1/8 pt


def _view_props_xml() -> str:
    guides = "".join(
        [_guide(x, False) for x in (MARGIN, SLIDE_W - MARGIN)]
        + [_guide(y, True) for y in (TITLE_ZONE.y, CONTENT_ZONE.y, CONTENT_ZONE.bottom)]
    )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<p:viewPr {_NSDECL}><p:normalViewPr><p:restoredLeft sz="15620"/>'
        '<p:restoredTop sz="94660"/></p:normalViewPr><p:slideViewPr>'
        '<p:cSldViewPr snapToGrid="0"><p:cViewPr varScale="1"><p:scale><a:sx n="100" d="100"/>'
        '<a:sy n="100" d="100"/></p:scale><p:origin x="0" y="0"/></p:cViewPr>'
        f"<p:guideLst>{guides}</p:guideLst></p:cSldViewPr></p:slideViewPr>"
        '<p:gridSpacing cx="76200" cy="76200"/></p:viewPr>'
    )


def _replace_blob_part(prs, reltype: str, blob: str, from_package: bool = False) -> None:
    source = prs.part.package if from_package else prs.part
    for rel in source._rels.values():
        if rel.reltype == reltype:
            part = rel.target_part
            if getattr(part, "_element", None) is not None:
                part._element = parse_xml(blob.encode("utf-8"))
            else:
                part.blob = blob.encode("utf-8")
            return
    raise LookupError(f"no part related by {reltype}")


def _add_notes_master(prs) -> None:
    """A notes master with a 16:9 slide image, listed in presentation.xml as PowerPoint wants.

    (python-pptx creates a 4:3 one on demand and does not list it in p:notesMasterIdLst.)
    """
    notes_master = prs.notes_master  # created from python-pptx's default if missing
    geometry = {
        "sldImg": Box(30, 54, 480, 270),
        "body": Box(54, 342, 432, 324),
    }
    for sp in notes_master._element.iter(q("p:sp")):
        ph = sp.find(f"{q('p:nvSpPr')}/{q('p:nvPr')}/{q('p:ph')}")
        if ph is None or ph.get("type") not in geometry:
            continue
        box = geometry[ph.get("type")]
        xfrm = sp.find(f"{q('p:spPr')}/{q('a:xfrm')}")
        xfrm.find(q("a:off")).set("x", str(emu(box.x)))
        xfrm.find(q("a:off")).set("y", str(emu(box.y)))
        xfrm.find(q("a:ext")).set("cx", str(emu(box.w)))
        xfrm.find(q("a:ext")).set("cy", str(emu(box.h)))
    for element in notes_master._element.iter(q("a:rPr"), q("a:endParaRPr"), q("a:defRPr")):
        if element.get("lang"):
            element.set("lang", LANG)
    pres = prs.part._element
    rid = next(rid for rid, rel in prs.part.rels.items() if rel.reltype == RT.NOTES_MASTER)
    if pres.find(q("p:notesMasterIdLst")) is None:
        id_list = etree.Element(q("p:notesMasterIdLst"))
        etree.SubElement(id_list, q("p:notesMasterId")).set(q("r:id"), rid)
        pres.find(q("p:sldMasterIdLst")).addnext(id_list)


def inherited_anchor(shape, default: str = "t") -> str:
    """The vertical anchor a placeholder really has: its own ``bodyPr/@anchor``, else its
    layout placeholder's, else the master's (titles here are bottom-anchored so they sit on the
    rule; a writer that sets ``anchor`` explicitly should pass this value on)."""
    seen = 0
    while shape is not None and seen < 3:
        body_pr = shape._element.find(f"{q('p:txBody')}/{q('a:bodyPr')}")
        if body_pr is not None and body_pr.get("anchor"):
            return body_pr.get("anchor")
        try:
            shape = shape._base_placeholder if shape.is_placeholder else None
        except (AttributeError, KeyError, ValueError):
            shape = None
        seen += 1
    return default


def build_presentation():
    """The designed 16:9 template as a python-pptx Presentation (no slides)."""
    prs = Presentation()
    _set_size(prs)
    _rebuild_master(prs)
    _rebuild_layouts(prs)
    _drop_package_extras(prs)
    _add_notes_master(prs)
    _replace_blob_part(prs, RT.EXTENDED_PROPERTIES, APP_XML, from_package=True)
    _replace_blob_part(prs, RT.VIEW_PROPS, _view_props_xml())
    apply_theme(prs, DEFAULT_COLORS, "Arial", "Arial", name="coprod")
    set_core_properties(
        prs,
        title="coprod-slides 16:9 base template",
        author="coprod-slides",
        subject="Base template for co-production workshop decks",
        language=LANG,
        when=TEMPLATE_DATE,
    )
    return prs


def build_base_template(path: Path) -> None:
    """Write the template to ``path`` (atomically; the same bytes on every run)."""
    save_reproducible(build_presentation(), Path(path), when=TEMPLATE_DATE)


def default_path() -> Path:
    """``coprod_slides.assets``' templates folder; in a source checkout that is not installed
    (where ``assets/`` is not yet mapped into the package) the repo's ``assets/templates``."""
    try:
        # lazy: run as a script in a source checkout, coprod_slides.assets is not mapped yet
        from ..assets import TEMPLATES_DIR as templates
    except ModuleNotFoundError:
        templates = Path(__file__).resolve().parents[2] / "assets" / "templates"
    return templates / TEMPLATE_NAME


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1 or (args and args[0] in ("-h", "--help")):
        print("usage: python -m coprod_slides.render.base_template [OUTPUT.pptx]")
        return 0 if args and args[0] in ("-h", "--help") else 2
    path = Path(args[0]) if args else default_path()
    build_base_template(path)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
