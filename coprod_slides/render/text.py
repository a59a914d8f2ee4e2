"""Writing fitted text into python-pptx text frames, with explicit sizes.

Sizes are always written per run: PowerPoint ignores "shrink on overflow"
until someone edits the box, so the sizes the fitter chose are the sizes shown.

Text with characters XML cannot hold is refused where it enters (spec, ``--var``,
catalogues; see ``coprod_slides/chars.py``); as a last line of defence the writer drops
such characters, so a written deck is always well-formed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn as _pptx_qn
from pptx.util import Pt

from ..chars import xml_safe
from ..layout.fit import Insets, Para
from ..layout.fonts import set_line_pitch

#: python-pptx's qn builds the name anew on every call; writing text makes thousands of calls.
qn = cache(_pptx_qn)
ALIGN = {"l": "l", "ctr": "ctr", "r": "r", "just": "just"}


def set_body(text_frame, *, insets: Insets, anchor: str = "t", wrap: bool = True) -> None:
    """Insets, anchor and no autofit on a text frame's bodyPr."""
    body_pr = text_frame._txBody.bodyPr
    body_pr.set("lIns", str(int(Pt(insets.left))))
    body_pr.set("tIns", str(int(Pt(insets.top))))
    body_pr.set("rIns", str(int(Pt(insets.right))))
    body_pr.set("bIns", str(int(Pt(insets.bottom))))
    body_pr.set("anchor", anchor)
    body_pr.set("wrap", "square" if wrap else "none")
    for child in list(body_pr):
        if child.tag in (qn("a:spAutoFit"), qn("a:normAutofit"), qn("a:noAutofit")):
            body_pr.remove(child)
    _insert_autofit(body_pr, etree.SubElement(body_pr, qn("a:noAutofit")))


def _insert_autofit(body_pr, element) -> None:
    """Autofit must come right after prstTxWarp (if any), before scene3d/sp3d/flatTx."""
    body_pr.remove(element)
    anchor_index = 0
    for index, child in enumerate(body_pr):
        if child.tag == qn("a:prstTxWarp"):
            anchor_index = index + 1
    body_pr.insert(anchor_index, element)


def write_paras(
    text_frame,
    paras: Sequence[Para],
    size: float,
    *,
    color: str | None = None,
    font: str | None = None,
    align: str | None = None,
    bold: bool | None = None,
    bullets: bool = False,
    indent_pt: float = 27.0,
    line_spacing: float | None = None,
    langs: Sequence[str | None] | None = None,
    script: Script | None = None,
) -> None:
    """Replace a text frame's paragraphs with ``paras`` at ``size`` (times each para's scale).

    ``langs`` gives a paragraph its own language tag (e.g. source-language fallbacks in a
    translated deck); ``script`` makes paragraphs right-to-left and names the complex-script
    font.
    """
    tx_body = text_frame._txBody
    for p in tx_body.findall(qn("a:p")):
        tx_body.remove(p)
    if not paras:
        etree.SubElement(tx_body, qn("a:p"))
        return
    pitch = set_line_pitch(script.cs_font) if script and script.cs_font else None
    for index, para in enumerate(paras):
        lang = langs[index] if langs and index < len(langs) else None
        rtl = bool(script and script.rtl and not lang)
        p = etree.SubElement(tx_body, qn("a:p"))
        ppr = etree.SubElement(p, qn("a:pPr"))
        para_size = round(size * para.scale * 2) / 2
        if rtl:
            ppr.set("rtl", "1")
            # algn is absolute (l is left in any direction): only the default flips to right;
            # drawings mirrored for RTL have already swapped their own alignments
            ppr.set("algn", ALIGN[align] if align else "r")
        elif align:
            ppr.set("algn", ALIGN[align])
        if bullets:
            ppr.set("lvl", str(min(para.level, 8)))
            if para.bullet:
                hang = indent_pt * 0.6
                ppr.set("marL", str(int(Pt(para.level * indent_pt + hang))))
                ppr.set("indent", str(int(Pt(-hang))))
            else:
                ppr.set("marL", str(int(Pt(para.level * indent_pt))))
                ppr.set("indent", "0")
        if line_spacing:
            ln = etree.SubElement(ppr, qn("a:lnSpc"))
            etree.SubElement(ln, qn("a:spcPct")).set("val", str(int(line_spacing * 100000)))
        elif pitch:  # a tall script font: the line pitch the text was fitted at, for every renderer
            ln = etree.SubElement(ppr, qn("a:lnSpc"))
            etree.SubElement(ln, qn("a:spcPts")).set("val", str(round(pitch * para_size * 100)))
        if para.space_before:
            sb = etree.SubElement(ppr, qn("a:spcBef"))
            etree.SubElement(sb, qn("a:spcPts")).set(
                "val", str(int(para.space_before * para_size * 100))
            )
        elif bullets:
            sb = etree.SubElement(ppr, qn("a:spcBef"))
            etree.SubElement(sb, qn("a:spcPts")).set("val", "0")
        if bullets and para.bullet:
            if color:
                etree.SubElement(etree.SubElement(ppr, qn("a:buClr")), qn("a:srgbClr")).set(
                    "val", color
                )
            etree.SubElement(ppr, qn("a:buFont")).set("typeface", "Arial")
            etree.SubElement(ppr, qn("a:buChar")).set("char", "•" if para.level == 0 else "–")
        elif bullets:
            etree.SubElement(ppr, qn("a:buNone"))
        for run in para.runs:
            if not run.text:
                continue
            pieces = run.text.split("\n")
            for piece_index, piece in enumerate(pieces):
                props = RunProps(
                    para_size,
                    color,
                    font,
                    run.bold or bool(bold),
                    run.italic,
                    lang,
                    script.cs_font if script else None,
                    _link_id(text_frame, run.link) if run.link and piece else None,
                )
                if piece_index:
                    _run_props(etree.SubElement(p, qn("a:br")), props)
                if piece:
                    r = etree.SubElement(p, qn("a:r"))
                    _run_props(r, props)
                    etree.SubElement(r, qn("a:t")).text = xml_safe(piece)
        end = etree.SubElement(p, qn("a:endParaRPr"))
        end.set("sz", str(int(para_size * 100)))
        if lang:
            end.set("lang", lang)


@dataclass(frozen=True)
class Script:
    """How a language's script is set: direction and the complex-script (cs) font."""

    rtl: bool = False
    cs_font: str | None = None


@dataclass(frozen=True)
class RunProps:
    size: float
    color: str | None
    font: str | None
    bold: bool
    italic: bool
    lang: str | None = None
    cs_font: str | None = None
    link_id: str | None = None  # relationship id of a hyperlink's address


def _link_id(text_frame, address: str) -> str:
    """The slide part's relationship to ``address`` (an external hyperlink), made once."""
    return text_frame.part.relate_to(address, RT.HYPERLINK, is_external=True)


def _run_props(parent, props: RunProps) -> None:
    rpr = etree.SubElement(parent, qn("a:rPr"))
    if props.lang:
        rpr.set("lang", props.lang)
    rpr.set("sz", str(int(round(props.size * 100))))
    if props.bold:
        rpr.set("b", "1")
    if props.italic:
        rpr.set("i", "1")
    if props.link_id:
        rpr.set("u", "sng")  # links are underlined, not told apart by colour alone
    if props.color:
        fill = etree.SubElement(rpr, qn("a:solidFill"))
        etree.SubElement(fill, qn("a:srgbClr")).set("val", props.color)
    if props.font:
        etree.SubElement(rpr, qn("a:latin")).set("typeface", props.font)
    if props.cs_font or props.font:
        etree.SubElement(rpr, qn("a:cs")).set("typeface", props.cs_font or props.font)
    if props.link_id:  # after the fonts: CT_TextCharacterProperties' child order
        etree.SubElement(rpr, qn("a:hlinkClick")).set(qn("r:id"), props.link_id)
