"""A template that sets its text in capitals (cap="all"): the text is measured as it is drawn,
upper-cased, so it does not overflow its box."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Emu

from coprod_slides.build import build
from coprod_slides.layout.fit import Box, Insets, Para, Run, fit_text
from coprod_slides.render.caps import capital_levels

from .template_makers import capitals_template, pptx_default

TITLE = "Who decides what happens to the services in our own neighbourhood"
BULLETS = [
    "Everyone who uses a service knows something about how it works and what would help",
    "People who run the service know what the rules allow today and what they cost",
    "Together they can find out what would work better for everyone who lives here",
    "Nobody has all of the answers on their own",
    "So we ask early, we listen, and we share the decisions",
]
SPEC = f"""\
title: "Capitals"
template: template.pptx
slides:
  - type: bullets
    title: "{TITLE}"
    bullets: {BULLETS}
"""


def _built(tmp_path: Path, maker) -> tuple:
    folder = tmp_path / maker.__name__
    folder.mkdir()
    maker(folder / "template.pptx")
    (folder / "deck.yaml").write_text(SPEC, encoding="utf-8")
    result = build(folder / "deck.yaml")
    slide = Presentation(io.BytesIO(result.data)).slides[0]
    title = slide.shapes.title
    body = next(s for s in slide.placeholders if s.placeholder_format.idx == 1)
    return title, body, [str(w) for w in result.diagnostics.warnings]


def _size(shape) -> float:
    return shape.text_frame.paragraphs[0].runs[0].font.size.pt


def _fits_in_capitals(shape, text: str, size: float) -> bool:
    """The bold title drawn upper-cased at ``size`` fits the shape (in the template's Calibri,
    insets as the build writes them)."""
    body_pr = shape.text_frame._txBody.bodyPr
    insets = Insets(*(Emu(int(body_pr.get(k))).pt for k in ("lIns", "tIns", "rIns", "bIns")))
    box = Box(Emu(shape.width).pt, Emu(shape.height).pt)
    para = Para((Run(text.upper(), bold=True),))
    return fit_text([para], box, "Calibri", max_pt=size, min_pt=size, insets=insets).fits


def test_capitals_in_the_template_style_are_measured_upper_cased(tmp_path):
    plain_title, plain_body, _ = _built(tmp_path, pptx_default)
    title, body, warnings = _built(tmp_path, capitals_template)
    assert title.text_frame.text == TITLE  # written as typed: the template draws capitals
    assert _size(title) < _size(plain_title)  # capitals are wider: a smaller size fits
    assert _size(body) < _size(plain_body)
    assert _fits_in_capitals(title, TITLE, _size(title))
    assert not _fits_in_capitals(plain_title, TITLE, _size(plain_title))  # as it was
    assert not [w for w in warnings if "does not fit" in w]


@pytest.mark.parametrize("cap, capitals", [("all", True), ("small", True), ("none", False)])
def test_the_nearest_style_decides(tmp_path, cap, capitals):
    """A shape's own list style overrides the master's capitals (cap="none" turns them off)."""
    capitals_template(tmp_path / "t.pptx")
    prs = Presentation(str(tmp_path / "t.pptx"))
    title = prs.slides.add_slide(prs.slide_layouts[1]).shapes.title
    assert capital_levels(title, {0, 1}) == {0}  # the master's title style, first level only
    title.text = "x"
    style = title.text_frame._txBody.find(qn("a:lstStyle"))
    props = etree.SubElement(etree.SubElement(style, qn("a:lvl1pPr")), qn("a:defRPr"))
    props.set("cap", cap)
    assert (capital_levels(title, {0}) == {0}) is capitals
