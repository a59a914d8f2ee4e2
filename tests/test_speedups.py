"""The renderer's faster paths give exactly what the python-pptx API they replace gives.

See ``render/drawing.py`` (ids and group extents), ``render/pptx_fast.py`` (placeholder
lookups, notes slides) and ``render/package.py`` (one-pass packaging).
"""

from __future__ import annotations

import io
import random
import zipfile

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.util import Pt

from coprod_slides.build import build, builtin_spec
from coprod_slides.layout.drawing import Connector, Drawing, Group, Label, Rect, Shape
from coprod_slides.layout.fit import Insets, Para, Run
from coprod_slides.render import deck as render_deck
from coprod_slides.render import drawing as fast
from coprod_slides.render import package, pptx_fast
from coprod_slides.render.deck import base_template_path
from coprod_slides.render.text import Script

# ---------------------------------------------------------------- drawings


def _reference_add_drawing(slide, drawing: Drawing, font: str, script: Script | None = None):
    """``add_drawing`` through python-pptx's group API only (the behaviour to keep)."""
    group = slide.shapes.add_group_shape()
    group.name = drawing.name
    style = fast._Style(font, script)
    for element in drawing.children:
        _reference_element(group.shapes, element, style)
    fast.set_alt_text(group, drawing.alt)


def _reference_element(shapes, element, style) -> None:
    if isinstance(element, Group):
        group = shapes.add_group_shape()
        group.name = element.name
        for child in element.children:
            _reference_element(group.shapes, child, style)
    elif isinstance(element, Connector):
        (x1, y1), (x2, y2) = element.start, element.end
        e = fast.emu
        line = shapes.add_connector(MSO_CONNECTOR.STRAIGHT, e(x1), e(y1), e(x2), e(y2))
        line.name = element.name
        fast.drop_style(line)
        line.line.color.rgb = fast.rgb(element.color)
        line.line.width = Pt(element.width)
        ln = line.line._get_or_add_ln()
        if element.dash:
            fast._set_dash(ln, element.dash)
        if element.tail:
            fast._arrow(ln, "a:headEnd")
        if element.head:
            fast._arrow(ln, "a:tailEnd")
    else:
        _reference_shape(shapes, element, style)


def _reference_shape(shapes, spec: Shape, style) -> None:
    r, e = spec.rect, fast.emu
    shape = shapes.add_shape(MSO_SHAPE.RECTANGLE, e(r.x), e(r.y), e(r.w), e(r.h))
    shape.name = spec.name
    geom = shape._element.spPr.find(qn("a:prstGeom"))
    geom.set("prst", spec.geom)
    av = geom.find(qn("a:avLst"))
    names = ["adj"] if len(spec.adjust) == 1 else [f"adj{i + 1}" for i in range(len(spec.adjust))]
    for name, value in zip(names, spec.adjust, strict=True):
        gd = etree.SubElement(av, qn("a:gd"))
        gd.set("name", name)
        gd.set("fmla", f"val {int(round(value * 100000))}")
    if spec.flip_h:
        shape._element.spPr.get_or_add_xfrm().set("flipH", "1")
    if spec.fill:
        shape.fill.solid()
        shape.fill.fore_color.rgb = fast.rgb(spec.fill)
    else:
        shape.fill.background()
    if spec.line:
        shape.line.color.rgb = fast.rgb(spec.line)
        shape.line.width = Pt(spec.line_width)
        if spec.dash:
            fast._set_dash(shape.line._get_or_add_ln(), spec.dash)
    else:
        shape.line.fill.background()
    fast.drop_style(shape)
    if spec.label is None:
        shape.text_frame.text = ""
    elif spec.text_rect is not None:
        t = spec.text_rect
        box = shapes.add_textbox(e(t.x), e(t.y), e(t.w), e(t.h))
        box.name = f"{spec.name} (text)"
        fast._write_label(box.text_frame, spec.label, style)
    else:
        inset = fast.PRESET_TEXT_INSET.get(spec.geom, 0.0) * min(r.w, r.h)
        fast._write_label(shape.text_frame, spec.label, style, shrink=inset)


def _random_drawing(rng: random.Random, name: str) -> Drawing:
    colors = ["0072B2", "e69f00", "FFFFFF", None]

    def rect() -> Rect:
        return Rect(
            rng.uniform(-50, 900), rng.uniform(-50, 500), rng.uniform(0, 300), rng.uniform(0, 200)
        )

    def label() -> Label:
        paras = tuple(
            Para(
                (
                    Run(
                        rng.choice(["Hi", "Two words", "a\nb", "Ŵ"]),
                        rng.random() < 0.3,
                        rng.random() < 0.3,
                    ),
                )
            )
            for _ in range(rng.randint(1, 3))
        )
        return Label(
            paras,
            rng.choice([12, 14.5, 20]),
            rng.choice(["1F2933", "FFFFFF"]),
            rng.random() < 0.5,
            rng.choice(["l", "ctr", "r"]),
            rng.choice(["t", "ctr", "b"]),
            Insets(5, 3, 5, 3),
            rng.choice([None, "Carlito"]),
            True,
            rng.choice([None, "cy-GB"]),
        )

    def element(depth: int):
        roll = rng.random()
        if roll < 0.2 and depth < 3:  # groups, some empty or holding only empty groups
            return Group(
                f"G{rng.randint(0, 99)}",
                tuple(element(depth + 1) for _ in range(rng.randint(0, 4))),
            )
        if roll < 0.4:
            return Connector(
                f"C{rng.randint(0, 99)}",
                (rng.uniform(0, 900), rng.uniform(0, 500)),
                (rng.uniform(0, 900), rng.uniform(0, 500)),
                rng.choice(colors[:3]),
                rng.choice([1, 2.5]),
                rng.random() < 0.5,
                rng.random() < 0.5,
                rng.choice([None, "dash", "sysDot"]),
            )
        return Shape(
            f"S{rng.randint(0, 99)}",
            rng.choice(["rect", "roundRect", "ellipse"]),
            rect(),
            rng.choice(colors),
            rng.choice(colors),
            rng.choice([0.75, 1, 2]),
            rng.choice([None, "dash"]),
            label() if rng.random() < 0.6 else None,
            rng.random() < 0.3,
            tuple(rng.uniform(0, 1) for _ in range(rng.choice([0, 0, 1, 2]))),
            rect() if rng.random() < 0.2 else None,
        )

    return Drawing(name, f"alt text of {name}", tuple(element(0) for _ in range(rng.randint(0, 6))))


def _slide_xml(add, seed: int, drawings: list[Drawing], script) -> bytes:
    prs = Presentation(str(base_template_path()))
    layouts = list(prs.slide_layouts)
    slide = prs.slides.add_slide(layouts[seed % len(layouts)])
    placeholders = list(slide.placeholders)
    if seed % 3 == 1 and placeholders:  # a gap in the shape ids
        element = placeholders[0]._element
        element.getparent().remove(element)
    for _ in range(seed % 2):
        slide.shapes.add_textbox(0, 0, 10, 10)
    for drawing in drawings:
        add(slide, drawing, "Arial", script)
    return etree.tostring(slide._element)


@pytest.mark.parametrize("seed", range(8))
def test_add_drawing_matches_python_pptx_group_api(seed):
    rng = random.Random(seed)
    for index in range(40):
        drawings = [_random_drawing(rng, f"D{index}")]
        if index % 4 == 0:  # a second drawing on the same slide
            drawings.append(_random_drawing(rng, "second"))
        script = rng.choice([None, Script(True, "Noto Sans Arabic"), Script(False, "X")])
        case = seed * 100 + index
        assert _slide_xml(fast.add_drawing, case, drawings, script) == _slide_xml(
            _reference_add_drawing, case, drawings, script
        )


# ---------------------------------------------------------------- placeholder lookups


def _all_parts_elements(prs):
    for master in prs.slide_masters:
        yield master._element
        for layout in master.slide_layouts:
            yield layout._element
    for slide in prs.slides:
        yield slide._element
        if slide.has_notes_slide:
            yield slide.notes_slide._element


def test_ph_lookups_match_python_pptx_xpath():
    prs = Presentation(io.BytesIO(build(builtin_spec()).data))
    checked = 0
    for root in _all_parts_elements(prs):
        for element in root.iter():
            if not isinstance(element, pptx_fast.BaseShapeElement):
                continue
            expected = element.xpath("./*[1]/p:nvPr/p:ph")
            assert pptx_fast._ph(element) is (expected[0] if expected else None)
            if element.xpath("./*[1]"):
                assert pptx_fast._nv_xx_pr(element) is element.xpath("./*[1]")[0]
            checked += 1
    assert checked > 200


def test_ph_lookup_skips_comments_like_xpath():
    sp = parse_xml(
        '<p:sp xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">'
        '<!-- a comment --><p:nvSpPr><p:cNvPr id="2" name="x"/><p:cNvSpPr/>'
        '<p:nvPr><p:ph type="title"/></p:nvPr></p:nvSpPr></p:sp>'
    )
    assert pptx_fast._ph(sp) is sp.xpath("./*[1]/p:nvPr/p:ph")[0]
    assert pptx_fast._nv_xx_pr(sp).tag == qn("p:nvSpPr")


def test_placeholder_gets_match_python_pptx_on_corpus_like_layouts():
    """``LayoutPlaceholders.get`` and ``MasterPlaceholders.get`` find what python-pptx's loop
    over every placeholder finds (idx repeated, missing, 0; every type on the master)."""
    from pptx.enum.shapes import PP_PLACEHOLDER

    prs = Presentation(str(base_template_path()))
    checked = 0
    for master in prs.slide_masters:
        for ph_type in PP_PLACEHOLDER:
            found = master.placeholders.get(ph_type)
            expected = next((p for p in master.placeholders if p.ph_type == ph_type), None)
            assert (found and found._element) is (expected and expected._element)
            checked += 1
        for layout in master.slide_layouts:
            for idx in (0, 1, 2, 10, 11, 12, 13, 99):
                found = layout.placeholders.get(idx=idx)
                expected = next((p for p in layout.placeholders if p.element.ph_idx == idx), None)
                assert (found and found._element) is (expected and expected._element)
                assert type(found) is type(expected)
                checked += 1
    assert checked > 50


def test_part_with_reltype_matches_python_pptx_grouping():
    prs = Presentation(io.BytesIO(build(builtin_spec()).data))
    checked = 0
    for part in prs.part.package.iter_parts():
        rels = part.rels
        for reltype, grouped in rels._rels_by_reltype.items():
            if len(grouped) == 1:
                assert rels.part_with_reltype(reltype) is grouped[0].target_part
            else:
                with pytest.raises(ValueError):
                    rels.part_with_reltype(reltype)
            checked += 1
        with pytest.raises(KeyError):
            rels.part_with_reltype("http://example.com/none")
    assert checked > 50


def test_qualified_names_are_python_pptx_s():
    from pptx.oxml.ns import NamespacePrefixedTag

    for tag in ("p:sp", "a:t", "r:id", "p:nvPr", "a:rPr", "c:chart", "a:t"):
        assert qn(tag) == NamespacePrefixedTag(tag).clark_name
    with pytest.raises(KeyError):
        qn("nope:sp")
    with pytest.raises(ValueError):
        qn("sp")


# ---------------------------------------------------------------- notes slides and packaging


def test_notes_slides_match_python_pptx(monkeypatch):
    fast_bytes = build(builtin_spec()).data
    monkeypatch.setattr(render_deck, "notes_slide", lambda pptx_slide: pptx_slide.notes_slide)
    assert build(builtin_spec()).data == fast_bytes


def test_one_pass_package_matches_save_and_rewrite(monkeypatch):
    one_pass = build(builtin_spec()).data

    def unavailable(prs, add):
        raise ImportError("as if python-pptx's package writer had moved")

    monkeypatch.setattr(package, "_serialise_parts", unavailable)
    assert build(builtin_spec()).data == one_pass


def test_new_slides_match_python_pptx(monkeypatch):
    fast_bytes = build(builtin_spec()).data
    monkeypatch.setattr(render_deck, "add_slide", lambda prs, layout: prs.slides.add_slide(layout))
    monkeypatch.setattr(render_deck, "notes_slide", lambda pptx_slide: pptx_slide.notes_slide)
    assert build(builtin_spec()).data == fast_bytes


def _deck_with_gaps():
    """A deck with slides, notes and gaps, as a hand-edited template has: six slides, notes on
    four, the last two deleted, slide ids out of order, a notes part renamed."""
    from pptx.opc.packuri import PackURI

    prs = Presentation(str(base_template_path()))
    for index in range(6):
        slide = prs.slides.add_slide(prs.slide_layouts[index % 3])
        if index in (0, 1, 3, 4):
            slide.notes_slide.notes_text_frame.text = f"notes {index}"
    sld_id_lst = prs.slides._sldIdLst
    for sld_id in list(sld_id_lst)[4:]:
        sld_id_lst.remove(sld_id)
        prs.part.rels.pop(sld_id.rId)
    for sld_id, new_id in zip(sld_id_lst, (300, 256, 1000, 257), strict=True):
        sld_id.set("id", str(new_id))
    prs.slides[0].notes_slide.part.partname = PackURI("/ppt/notesSlides/notesSlide9.xml")
    return prs


def _package_bytes(prs) -> bytes:
    return package.to_reproducible_bytes(prs)


@pytest.mark.parametrize("layouts", [[0, 1, 1, 2, 0, 1, 1], [2] * 5])
def test_add_slide_and_notes_match_python_pptx_after_deletions(layouts):
    decks = []
    for fast_path in (False, True):
        prs = _deck_with_gaps()
        for number, index in enumerate(layouts):
            layout = prs.slide_layouts[index]
            if fast_path:
                slide = pptx_fast.add_slide(prs, layout)
                notes = pptx_fast.notes_slide(slide)
            else:
                slide = prs.slides.add_slide(layout)
                notes = slide.notes_slide
            notes.notes_text_frame.text = f"added {number}"
            if slide.shapes.title is not None:
                slide.shapes.title.text = f"Slide {number}"
        decks.append(_package_bytes(prs))
    assert decks[0] == decks[1]
    names = zipfile.ZipFile(io.BytesIO(decks[1])).namelist()
    assert sum(n.startswith("ppt/slides/slide") for n in names) == 4 + len(layouts)
    assert sum(n.startswith("ppt/notesSlides/notesSlide") for n in names) == 3 + len(layouts)


def test_frozen_slides_read_and_change_like_any_other():
    from coprod_slides.build import BuildOptions, load
    from coprod_slides.errors import Diagnostics
    from coprod_slides.render.deck import RenderOptions, render_deck

    diag = Diagnostics()
    prs = render_deck(load(builtin_spec(), diag, BuildOptions()), diag, RenderOptions())
    frozen = package.to_reproducible_bytes(prs)
    assert all(isinstance(s.part, pptx_fast._FrozenXml) for s in prs.slides)

    def titles(presentation):
        return [
            s.shapes.title.text_frame.text if s.shapes.title else "" for s in presentation.slides
        ]

    assert titles(prs) == titles(Presentation(io.BytesIO(frozen)))
    assert "What is co-production?" in titles(prs)
    assert "Welcome people" in prs.slides[0].notes_slide.notes_text_frame.text
    assert package.to_reproducible_bytes(prs) == frozen  # read again, written the same
    prs.slides[1].shapes.title.text_frame.text = "Changed after freezing"
    prs.slides[0].notes_slide.notes_text_frame.text = "New notes"
    pptx_fast.freeze_slide(prs.slides[1])  # freezing again keeps the change
    again = Presentation(io.BytesIO(package.to_reproducible_bytes(prs)))
    assert again.slides[1].shapes.title.text_frame.text == "Changed after freezing"
    assert again.slides[0].notes_slide.notes_text_frame.text == "New notes"
    assert titles(again)[2:] == titles(prs)[2:]


def test_a_diagram_drawn_again_is_the_same_xml(monkeypatch):
    """The second drawing of a diagram is a copy of the first's prepared XML; the deck is
    what drawing each one anew gives."""
    rng = random.Random(7)
    drawings = [_random_drawing(rng, f"Diagram {i}") for i in range(3)]
    prs = Presentation(str(base_template_path()))
    layout = prs.slide_layouts[6]
    fast._PREPARED.clear()
    slides = []
    for drawing in drawings * 2:
        slide = prs.slides.add_slide(layout)
        fast.add_drawing(slide, drawing, "Arial")
        slides.append(etree.tostring(slide._element))
    assert len(fast._PREPARED) == 3
    monkeypatch.setattr(fast, "_prepared_key", lambda *args: None)
    for index, drawing in enumerate(drawings * 2):
        slide = prs.slides.add_slide(layout)
        fast.add_drawing(slide, drawing, "Arial")
        assert etree.tostring(slide._element) == slides[index]


def test_a_catalogue_is_read_once_and_again_when_it_changes(tmp_path):
    """Builds in one process (a batch worker, the web page) reuse a parsed catalogue until
    the file changes."""
    import shutil

    from coprod_slides.build import BuildOptions
    from coprod_slides.i18n import translate

    project = tmp_path / "decks"
    shutil.copytree(builtin_spec().parent, project)
    spec, po = project / "workshop.yaml", project / "locales" / "cy.po"
    options = BuildOptions(lang="cy", audience="board")

    def titles():
        prs = Presentation(io.BytesIO(build(spec, options).data))
        return [s.shapes.title.text_frame.text for s in prs.slides if s.shapes.title]

    translate._CATALOGS.clear()
    first = titles()
    assert "Beth yw cydgynhyrchu?" in first
    assert len(translate._CATALOGS) == 1
    assert titles() == first
    assert len(translate._CATALOGS) == 1
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('"Beth yw cydgynhyrchu?"', '"Beth yw cyd-gynhyrchu?"'), "utf-8")
    assert "Beth yw cyd-gynhyrchu?" in titles()
