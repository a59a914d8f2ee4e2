"""The generated 16:9 base template, and the theme palette and theme writing."""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.util import Emu

from coprod_slides.render import base_template as bt
from coprod_slides.render.package import save_reproducible
from coprod_slides.render.theme import (
    DEFAULT_COLORS,
    apply_theme,
    contrast_ratio,
    text_color_on,
)

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
ASSET = Path(__file__).resolve().parents[1] / "assets" / "templates" / "coprod-16x9.pptx"

# (layout name, {(ph type, idx): (x, y, w, h) in pt}) — what the renderer relies on
EXPECTED = {
    "Title Slide": {
        ("ctrTitle", 0): (72, 112, 568, 176),
        ("subTitle", 1): (72, 326, 568, 80),
        ("body", 13): (72, 418, 568, 56),
    },
    "Section Header": {("title", 0): (96, 130, 768, 150), ("body", 1): (96, 312, 768, 96)},
    "Title and Content": {("title", 0): (48, 28, 864, 70), ("body", 1): (48, 118, 864, 372)},
    "Two Content": {
        ("title", 0): (48, 28, 864, 70),
        ("body", 1): (48, 118, 420, 372),
        ("body", 2): (492, 118, 420, 372),
    },
    "Title Only": {("title", 0): (48, 28, 864, 70)},
    "Closing": {("title", 0): (72, 112, 568, 176), ("body", 1): (72, 326, 568, 148)},
    "Blank": {},
}
FOOTERS = {
    ("dt", 10): (48, 506, 200, 22),
    ("ftr", 11): (264, 506, 432, 22),
    ("sldNum", 12): (712, 506, 200, 22),
}


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "coprod-16x9.pptx"
    bt.build_base_template(path)
    return path


@pytest.fixture(scope="module")
def parts(template) -> dict[str, bytes]:
    with zipfile.ZipFile(template) as z:
        return {name: z.read(name) for name in z.namelist()}


def _xml(parts, name):
    return etree.fromstring(parts[name])


def _pt(value) -> float:
    return round(Emu(value).pt, 2)


def _ph_key(shape) -> tuple[str, int]:
    ph = shape._element.xpath("./*[1]/p:nvPr/p:ph")[0]
    return ph.get("type", "obj"), int(ph.get("idx", "0"))


def _box(shape) -> tuple[float, float, float, float]:
    return (_pt(shape.left), _pt(shape.top), _pt(shape.width), _pt(shape.height))


def _overlap(a, b) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah


# ---------------------------------------------------------------- generation


def test_generation_is_deterministic(template, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the template ignores the clock
    again = tmp_path / "again.pptx"
    bt.build_base_template(again)
    assert again.read_bytes() == template.read_bytes()
    with zipfile.ZipFile(again) as z:
        assert {info.date_time for info in z.infolist()} == {(2024, 1, 1, 0, 0, 0)}


def test_committed_asset_is_up_to_date(parts):
    """assets/templates/coprod-16x9.pptx is what the generator makes (rerun it if not)."""
    assert ASSET.exists(), "run: python -m coprod_slides.render.base_template"
    with zipfile.ZipFile(ASSET) as z:
        committed = {name: z.read(name) for name in z.namelist()}
    assert list(committed) == list(parts)
    stale = [name for name in parts if committed[name] != parts[name]]
    assert not stale, f"stale parts {stale}: run python -m coprod_slides.render.base_template"


def test_module_entry_point_writes_the_file(tmp_path, capsys):
    out = tmp_path / "t.pptx"
    assert bt.main([str(out)]) == 0
    assert out.exists()
    assert "wrote" in capsys.readouterr().out


def test_passes_ooxml_check(template, check_ooxml):
    check_ooxml(template)


# ---------------------------------------------------------------- size and layouts


def test_slide_size_is_16x9(template, parts):
    prs = Presentation(str(template))
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)
    assert (_pt(prs.slide_width), _pt(prs.slide_height)) == (960, 540)
    pres = _xml(parts, "ppt/presentation.xml")
    sld_sz = pres.find("p:sldSz", NS)
    assert sld_sz.get("type") is None
    notes = pres.find("p:notesSz", NS)
    assert (notes.get("cx"), notes.get("cy")) == ("6858000", "9144000")
    assert len(prs.slides) == 0


def test_exactly_the_documented_layouts(template):
    prs = Presentation(str(template))
    assert [layout.name for layout in prs.slide_layouts] == list(EXPECTED)


@pytest.mark.parametrize("name", list(EXPECTED))
def test_layout_placeholders(template, name):
    prs = Presentation(str(template))
    layout = prs.slide_layouts.get_by_name(name)
    found = {_ph_key(shape): _box(shape) for shape in layout.placeholders}
    expected = {**EXPECTED[name], **FOOTERS}
    assert found == expected


@pytest.mark.parametrize("name", list(EXPECTED))
def test_no_overlaps_and_everything_on_the_slide(template, name):
    prs = Presentation(str(template))
    layout = prs.slide_layouts.get_by_name(name)
    boxes = [(shape.name, _box(shape)) for shape in layout.placeholders]
    for _, (x, y, w, h) in boxes:
        assert 48 <= x and x + w <= 912  # inside the side margins
        assert 0 <= y and y + h <= 540
    for i, (a_name, a) in enumerate(boxes):
        for b_name, b in boxes[i + 1 :]:
            assert not _overlap(a, b), f"{name}: {a_name} overlaps {b_name}"
    decorations = [(s.name, _box(s)) for s in layout.shapes if not s.is_placeholder]
    if layout._element.get("showMasterSp") != "0":
        decorations += [(s.name, _box(s)) for s in prs.slide_master.shapes if not s.is_placeholder]
    for d_name, d in decorations:
        for p_name, p in boxes:
            assert not _overlap(d, p), f"{name}: decoration {d_name} overlaps {p_name}"


def test_content_layouts_share_the_title_zone_and_rule(template):
    prs = Presentation(str(template))
    rule = {s.name: _box(s) for s in prs.slide_master.shapes if not s.is_placeholder}
    assert set(rule) == {"Title rule", "Title rule accent"}
    x, y, w, h = rule["Title rule"]
    assert 98 <= y and y + h <= 118  # between the title zone and the content zone
    assert x == pytest.approx(55.2) and x + w == pytest.approx(904.8)
    for name in ("Title and Content", "Two Content", "Title Only"):
        layout = prs.slide_layouts.get_by_name(name)
        assert layout._element.get("showMasterSp") != "0"
    for name in ("Title Slide", "Section Header", "Closing", "Blank"):
        assert prs.slide_layouts.get_by_name(name)._element.get("showMasterSp") == "0"


def test_cover_layouts_have_coloured_backgrounds(parts):
    for number, colour in ((1, "tx2"), (2, "accent1"), (6, "tx2")):
        layout = _xml(parts, f"ppt/slideLayouts/slideLayout{number}.xml")
        fill = layout.find("p:cSld/p:bg/p:bgPr/a:solidFill/a:schemeClr", NS)
        assert fill is not None and fill.get("val") == colour


def test_decorations_are_named_scheme_coloured_and_not_placeholders(parts):
    names = [
        n
        for n in parts
        if n.startswith(("ppt/slideLayouts/slideLayout", "ppt/slideMasters/slideMaster"))
        and n.endswith(".xml")
    ]
    seen = 0
    for name in names:
        root = _xml(parts, name)
        for sp in root.iterfind(".//p:spTree//p:sp", NS):
            if sp.find("p:nvSpPr/p:nvPr/p:ph", NS) is not None:
                continue
            seen += 1
            assert sp.find("p:nvSpPr/p:cNvPr", NS).get("name"), f"{name}: unnamed shape"
            assert sp.find("p:nvSpPr/p:nvPr", NS).get("userDrawn") == "1"
            assert not sp.findall(".//a:srgbClr", NS), f"{name}: fixed colour in a decoration"
            assert sp.findall(".//a:schemeClr", NS)
        for grp in root.iterfind(".//p:grpSp", NS):
            assert grp.find("p:nvGrpSpPr/p:cNvPr", NS).get("name")
    assert seen >= 20
    # no fixed colours anywhere in the design: the theme recolours everything
    for name in names:
        assert b"srgbClr" not in parts[name], name


def test_text_styles(parts):
    master = _xml(parts, "ppt/slideMasters/slideMaster1.xml")
    title = master.find("p:txStyles/p:titleStyle/a:lvl1pPr", NS)
    rpr = title.find("a:defRPr", NS)
    assert (rpr.get("sz"), rpr.get("b")) == ("3200", "1")
    assert rpr.find("a:solidFill/a:schemeClr", NS).get("val") == "tx2"
    assert rpr.find("a:latin", NS).get("typeface") == "+mj-lt"
    body = master.find("p:txStyles/p:bodyStyle", NS)
    levels = [body.find(f"a:lvl{n}pPr", NS) for n in (1, 2, 3)]
    assert [lv.find("a:buChar", NS).get("char") for lv in levels] == ["\u2022", "\u2013", "\u2022"]
    assert [lv.find("a:defRPr", NS).get("sz") for lv in levels] == ["2000", "1800", "1600"]
    margins = [int(lv.get("marL")) for lv in levels]
    assert margins == sorted(margins) and len(set(margins)) == 3
    assert all(lv.find("a:spcBef/a:spcPts", NS) is not None for lv in levels)
    assert levels[0].find("a:defRPr/a:latin", NS).get("typeface") == "+mn-lt"


def test_no_shrink_on_overflow_flags(parts):
    for name, data in parts.items():
        if name.endswith(".xml") and "/slide" in name:
            assert b"normAutofit" not in data, name
    master = _xml(parts, "ppt/slideMasters/slideMaster1.xml")
    for ph_type in ("title", "body"):
        sp = master.xpath(f".//p:sp[p:nvSpPr/p:nvPr/p:ph/@type='{ph_type}']", namespaces=NS)[0]
        assert sp.find("p:txBody/a:bodyPr/a:noAutofit", NS) is not None


def test_theme_is_the_default_palette_and_arial(parts):
    theme = _xml(parts, "ppt/theme/theme1.xml")
    scheme = theme.find("a:themeElements/a:clrScheme", NS)
    found = {etree.QName(slot).localname: slot.find("a:srgbClr", NS).get("val") for slot in scheme}
    assert found == DEFAULT_COLORS
    fonts = theme.find("a:themeElements/a:fontScheme", NS)
    assert fonts.find("a:majorFont/a:latin", NS).get("typeface") == "Arial"
    assert fonts.find("a:minorFont/a:latin", NS).get("typeface") == "Arial"


def test_inherited_anchor(template):
    prs = Presentation(str(template))
    anchors = {}
    for name in ("Title Slide", "Title and Content"):
        slide = prs.slides.add_slide(prs.slide_layouts.get_by_name(name))
        anchors[name] = {
            ph.placeholder_format.idx: bt.inherited_anchor(ph) for ph in slide.placeholders
        }
    assert anchors == {
        "Title Slide": {0: "b", 1: "t", 13: "t"},
        "Title and Content": {0: "b", 1: "t"},
    }


# ---------------------------------------------------------------- package hygiene


def _rels_base(rels_name: str) -> str:
    return posixpath.dirname(posixpath.dirname(rels_name))


def test_no_orphan_parts(parts):
    """Every part is reached from the package relationships; every target exists."""
    targets: dict[str, list[str]] = {}
    for name in parts:
        if not name.endswith(".rels"):
            continue
        for rel in _xml(parts, name).iterfind("rel:Relationship", NS):
            if rel.get("TargetMode") == "External":
                continue
            target = posixpath.normpath(posixpath.join(_rels_base(name), rel.get("Target")))
            assert target in parts, f"{name} points at missing {target}"
            targets.setdefault(name, []).append(target)
    # walk from the package root
    reached, todo = set(), ["_rels/.rels"]
    while todo:
        rels = todo.pop()
        for target in targets.get(rels, []):
            if target in reached:
                continue
            reached.add(target)
            d, f = posixpath.split(target)
            todo.append(posixpath.join(d, "_rels", f + ".rels"))
    content = {n for n in parts if not n.endswith(".rels") and n != "[Content_Types].xml"}
    assert content - reached == set(), "orphan parts"
    assert not any("thumbnail" in n or "printerSettings" in n for n in parts)
    layouts = sorted(n for n in content if n.startswith("ppt/slideLayouts/"))
    assert layouts == sorted(f"ppt/slideLayouts/slideLayout{i}.xml" for i in range(1, 8))


def test_layout_ids_match_relationships(parts):
    master = _xml(parts, "ppt/slideMasters/slideMaster1.xml")
    entries = master.findall("p:sldLayoutIdLst/p:sldLayoutId", NS)
    rels = _xml(parts, "ppt/slideMasters/_rels/slideMaster1.xml.rels")
    layout_rels = {r.get("Id") for r in rels if r.get("Type").endswith("/slideLayout")}
    rids = [e.get(f"{{{NS['r']}}}id") for e in entries]
    assert sorted(rids) == sorted(layout_rels) and len(rids) == 7
    ids = [int(e.get("id")) for e in entries]
    assert len(set(ids)) == 7 and min(ids) > 2147483648  # the master's own id is 2147483648
    content_types = parts["[Content_Types].xml"].decode()
    assert content_types.count("slideLayout+xml") == 7


def test_notes_master_is_16x9_and_listed(parts):
    pres = _xml(parts, "ppt/presentation.xml")
    assert pres.find("p:notesMasterIdLst/p:notesMasterId", NS) is not None
    notes = _xml(parts, "ppt/notesMasters/notesMaster1.xml")
    sp = notes.xpath(".//p:sp[p:nvSpPr/p:nvPr/p:ph/@type='sldImg']", namespaces=NS)[0]
    ext = sp.find("p:spPr/a:xfrm/a:ext", NS)
    assert int(ext.get("cx")) * 9 == int(ext.get("cy")) * 16


def test_notes_slides_reuse_the_template_notes_master(template, tmp_path):
    prs = Presentation(str(template))
    slide = prs.slides.add_slide(prs.slide_layouts.get_by_name("Title and Content"))
    slide.notes_slide.notes_text_frame.text = "Notes"
    out = tmp_path / "with-notes.pptx"
    save_reproducible(prs, out)
    names = zipfile.ZipFile(out).namelist()
    assert [n for n in names if n.startswith("ppt/notesMasters/notesMaster")] == [
        "ppt/notesMasters/notesMaster1.xml"
    ]


# ---------------------------------------------------------------- a deck with every layout

SAMPLE = {
    "Title Slide": {
        0: "Co-production: what, when and how",
        1: "A workshop",
        13: "12 March 2025 \u00b7 A. N. Other",
    },
    "Section Header": {0: "When should we co-produce?", 1: "Cynefin"},
    "Title and Content": {0: "Agenda", 1: "Why co-produce"},
    "Two Content": {0: "Outputs and outcomes", 1: "Outputs are counted", 2: "Outcomes are felt"},
    "Title Only": {0: "The ladder of co-production"},
    "Closing": {0: "Thank you", 1: "Questions"},
    "Blank": {},
}


def _sample_deck(template: Path, out: Path) -> Path:
    prs = Presentation(str(template))
    for layout in prs.slide_layouts:
        slide = prs.slides.add_slide(layout)
        for shape in slide.placeholders:
            shape.text_frame.text = SAMPLE[layout.name][shape.placeholder_format.idx]
        slide.notes_slide.notes_text_frame.text = f"Notes for {layout.name}"
    save_reproducible(prs, out)
    return out


def test_a_deck_with_every_layout_is_valid(template, tmp_path, check_ooxml):
    check_ooxml(_sample_deck(template, tmp_path / "sample.pptx"))


@pytest.mark.render
def test_a_deck_with_every_layout_renders(template, tmp_path):
    try:
        from .conftest import pdf_pages, render_pdf
    except ImportError:  # tests/ is not a package
        from conftest import pdf_pages, render_pdf

    deck = _sample_deck(template, tmp_path / "sample.pptx")
    assert pdf_pages(render_pdf(deck, tmp_path)) == len(EXPECTED)


# ---------------------------------------------------------------- theme


def test_contrast_ratio_known_values():
    assert contrast_ratio("000000", "FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "FFFFFF") == pytest.approx(1.0)
    assert contrast_ratio("777777", "FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("0072B2", "FFFFFF") == contrast_ratio("FFFFFF", "0072B2")


def test_contrast_ratio_rejects_non_colours():
    with pytest.raises(ValueError, match="not a hex RGB value"):
        contrast_ratio("blue", "FFFFFF")


def test_text_color_on_picks_the_better_one():
    assert text_color_on("FFFFFF") == "1F2933"
    assert text_color_on("12355B") == "FFFFFF"
    assert text_color_on("E69F00") == "1F2933"
    assert text_color_on("000000", dark="111111", light="EEEEEE") == "EEEEEE"


@pytest.mark.parametrize("key", [f"accent{i}" for i in range(1, 7)])
def test_default_accents_take_readable_text(key):
    fill = DEFAULT_COLORS[key]
    text = text_color_on(fill, DEFAULT_COLORS["dk1"], DEFAULT_COLORS["lt1"])
    assert contrast_ratio(text, fill) >= 4.5


def test_default_palette_text_pairs():
    c = DEFAULT_COLORS
    assert set(c) == {
        "dk1",
        "lt1",
        "dk2",
        "lt2",
        "hlink",
        "folHlink",
        *(f"accent{i}" for i in range(1, 7)),
    }
    for fg, bg in (
        ("dk1", "lt1"),
        ("lt1", "dk2"),
        ("dk1", "lt2"),
        ("hlink", "lt1"),
        ("folHlink", "lt1"),
        ("lt1", "accent1"),
        ("dk2", "lt1"),
    ):
        assert contrast_ratio(c[fg], c[bg]) >= 4.5, (fg, bg)
    # the cover's accent bar (accent2) stands out on the navy background
    assert contrast_ratio(c["accent2"], c["dk2"]) >= 3


def test_apply_theme_rewrites_colours_and_fonts(template, tmp_path, check_ooxml):
    prs = Presentation(str(template))
    colors = dict(DEFAULT_COLORS, accent1="#a4343a", dk2="3B1F4A")
    apply_theme(prs, colors, "Liberation Serif", "Carlito", name="brand")
    out = tmp_path / "brand.pptx"
    save_reproducible(prs, out)
    check_ooxml(out)
    with zipfile.ZipFile(out) as z:
        for theme_name in ("ppt/theme/theme1.xml", "ppt/theme/theme2.xml"):
            theme = etree.fromstring(z.read(theme_name))
            assert theme.get("name") == "brand"
            scheme = theme.find("a:themeElements/a:clrScheme", NS)
            assert scheme.find("a:accent1/a:srgbClr", NS).get("val") == "A4343A"
            assert scheme.find("a:dk2/a:srgbClr", NS).get("val") == "3B1F4A"
            assert scheme.find("a:accent2/a:srgbClr", NS).get("val") == "E69F00"
            fonts = theme.find("a:themeElements/a:fontScheme", NS)
            assert fonts.find("a:majorFont/a:latin", NS).get("typeface") == "Liberation Serif"
            assert fonts.find("a:minorFont/a:latin", NS).get("typeface") == "Carlito"


def test_apply_theme_keeps_slots_it_is_not_given(template):
    prs = Presentation(str(template))
    apply_theme(prs, {"accent3": "336699"}, "Arial", "Arial")
    theme = prs.slide_master.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
    )
    root = etree.fromstring(theme.blob)
    scheme = root.find("a:themeElements/a:clrScheme", NS)
    assert scheme.find("a:accent3/a:srgbClr", NS).get("val") == "336699"
    assert scheme.find("a:accent1/a:*", NS) is not None
    assert scheme.find("a:dk1/a:*", NS) is not None


@pytest.mark.parametrize(
    "colors, message",
    [
        ({"accent7": "000000"}, "unknown theme colour slot"),
        ({"accent1": "blue"}, "not a hex RGB value"),
    ],
)
def test_apply_theme_rejects_bad_input(colors, message):
    with pytest.raises(ValueError, match=message):
        apply_theme(Presentation(), colors, "Arial", "Arial")


def test_apply_theme_rejects_an_empty_font():
    with pytest.raises(ValueError, match="heading font name is empty"):
        apply_theme(Presentation(), {}, " ", "Arial")
