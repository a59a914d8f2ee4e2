"""Organisation templates: opening them safely, layout mapping and fallbacks, fitting into
their placeholders, removing their slides, inheriting their theme, the thumbnail and logos.

Three templates we did not design: python-pptx's default (4:3), one made by
tests/template_makers.py with unusual layout names (4:3), and LibreOffice's "DNA" converted by
LibreOffice itself (skipped when LibreOffice is not installed).
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from pptx import Presentation
from pptx.util import Emu

from coprod_slides.build import BuildOptions, build, builtin_spec
from coprod_slides.cli import main
from coprod_slides.errors import SpecError

from .conftest import ooxml_problems, soffice
from .template_makers import BRAND_COLORS, libreoffice_template, odd_template, pptx_default

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

ODD_MAPPING = """\
layouts:
  title: Banner
  section: Chapter
  bullets: "Heading + Text"
  two-column: "Side by Side"
  quote: "Heading Only"
  image: "Heading Only"
  diagram: "Heading Only"
  closing: Banner
"""

SMALL_DECK = """\
title: "Working together"
subtitle: "A short deck"
author: "Example Council"
{extra}
slides:
  - type: title
  - type: section
    title: "Part one"
    subtitle: "Why"
  - type: bullets
    title: "Agenda"
    bullets: ["Who is round the table", "When it fits", ["a sub-point"], "What next"]
    notes: "Say hello."
  - type: two-column
    title: "Do and avoid"
    left: {{heading: Do, bullets: ["Pay people for their time", "Share power"]}}
    right: {{heading: Avoid, bullets: ["Token places", "Late involvement"]}}
  - type: diagram
    diagram: around-the-table
  - type: quote
    quote: "Nothing about us without us."
    attribution: "Disability rights movement"
  - type: closing
    message: "Thank you"
    contact: ["coproduction@example.org"]
"""


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def template_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("templates")
    pptx_default(folder / "default.pptx")
    odd_template(folder / "odd.pptx")
    return folder


@pytest.fixture(scope="session")
def lo_template(template_dir) -> Path:
    exe = soffice()
    if not exe:
        pytest.skip(
            "LibreOffice (soffice) is not installed: the LibreOffice-made template "
            "cannot be generated"
        )
    path = libreoffice_template(template_dir / "dna.pptx", exe)
    if path is None:
        pytest.skip("LibreOffice's bundled DNA.otp template is not installed")
    return path


@pytest.fixture
def deck_in(tmp_path, template_dir):
    """Write a small deck spec beside a copy of a template; returns the spec path."""

    def _make(template: str | None, extra: str = "", body: str = SMALL_DECK) -> Path:
        lines = []
        if template:
            shutil.copy(template_dir / template, tmp_path / template)
            lines.append(f"template: {template}")
        if extra:
            lines.append(extra)
        spec = tmp_path / "deck.yaml"
        spec.write_text(body.format(extra="\n".join(lines)), encoding="utf-8")
        return spec

    return _make


def prs_of(result):
    return Presentation(io.BytesIO(result.data))


def warnings_of(result) -> list[str]:
    return [str(w) for w in result.diagnostics.warnings]


# ---------------------------------------------------------------- opening templates


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return out.getvalue()


def _entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_potx_is_opened_as_a_presentation(tmp_path, template_dir, deck_in):
    entries = _entries(template_dir / "default.pptx")
    entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(
        b"presentationml.presentation.main+xml", b"presentationml.template.main+xml"
    )
    potx = tmp_path / "brand.potx"
    potx.write_bytes(_zip(entries))
    spec = deck_in(None, "template: brand.potx")
    data = build(spec).data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        types = z.read("[Content_Types].xml").decode()
    assert "presentationml.presentation.main+xml" in types
    assert "template.main" not in types


def test_cli_reports_a_bad_template_in_one_line(tmp_path):
    spec = tmp_path / "deck.yaml"
    spec.write_text(SMALL_DECK.format(extra="template: brand.pptx"), encoding="utf-8")
    (tmp_path / "brand.pptx").write_text("hello")
    out = tmp_path / "deck.pptx"
    result = CliRunner().invoke(main, ["build", str(spec), "-o", str(out)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert re.search(
        r"deck\.yaml:\d+:\d+: brand\.pptx: this is not a PowerPoint file \(a \.pptx is a zip "
        r"package; this is not one\); use the organisation's PowerPoint template",
        result.output,
    )
    assert not out.exists()


def test_template_must_stay_in_the_spec_folder(tmp_path, template_dir):
    inner = tmp_path / "project"
    inner.mkdir()
    spec = inner / "deck.yaml"
    spec.write_text(
        SMALL_DECK.format(extra=f"template: {template_dir / 'odd.pptx'}"), encoding="utf-8"
    )
    with pytest.raises(SpecError, match="template .* is outside the spec's folder"):
        build(spec)
    assert build(spec, BuildOptions(allow_outside_assets=True)).data


def test_template_option_overrides_the_spec(template_dir, deck_in):
    spec = deck_in("odd.pptx")
    result = build(spec, BuildOptions(template=template_dir / "default.pptx"))
    assert prs_of(result).slide_layouts[0].name == "Title Slide"
    # a mapping names the spec's template's layouts: with another template it is an error
    spec = deck_in("odd.pptx", ODD_MAPPING)
    with pytest.raises(SpecError, match="layouts.title: the template has no layout 'Banner'"):
        build(spec, BuildOptions(template=template_dir / "default.pptx"))


# ---------------------------------------------------------------- layouts


def test_layout_mapping_from_the_spec(deck_in):
    result = build(deck_in("odd.pptx", ODD_MAPPING))
    assert not any("template has no" in w for w in warnings_of(result)), warnings_of(result)
    names = [s.slide_layout.name for s in prs_of(result).slides]
    assert names == [
        "Banner",
        "Chapter",
        "Heading + Text",
        "Side by Side",
        "Heading Only",
        "Heading Only",
        "Banner",
    ]


def test_layouts_are_found_by_role_whatever_their_names(deck_in):
    """No English default names in the template: each slide type still gets the layout whose
    placeholders suit it, with no 'no such layout' warning."""
    result = build(deck_in("odd.pptx"))
    assert not any("template has no" in w for w in warnings_of(result)), warnings_of(result)
    names = [s.slide_layout.name for s in prs_of(result).slides]
    assert names == [
        "Banner",
        "Chapter",
        "Heading + Text",
        "Side by Side",
        "Heading Only",
        "Empty",  # an untitled quote: the blank layout, its title kept but hidden
        "Heading + Text",  # closing text goes to a body, never into a subtitle
    ]
    default = [w for w in warnings_of(build(deck_in("default.pptx"))) if "template has no" in w]
    assert default == []


def test_unknown_layout_name_lists_the_templates_layouts(deck_in):
    spec = deck_in("odd.pptx", 'layouts: {bullets: "Heading and Text"}')
    with pytest.raises(SpecError) as info:
        build(spec)
    message = str(info.value)
    assert "layouts.bullets: the template has no layout 'Heading and Text'" in message
    assert "did you mean 'Heading + Text'?" in message
    assert "'Banner', 'Heading + Text', 'Chapter'" in message
    assert re.search(r"deck\.yaml:\d+:\d+:", message)


def test_unknown_slide_type_in_layouts(deck_in):
    with pytest.raises(
        SpecError, match="unknown slide type 'bulets' \\(did you mean 'bullets'\\?\\)"
    ):
        build(deck_in("odd.pptx", "layouts: {bulets: Banner}"))


def _run_sizes(shape) -> set[int]:
    return {int(r.get("sz")) for r in shape._element.iter(f"{A}rPr") if r.get("sz")}


LONG_BULLETS = SMALL_DECK.replace(
    '["Who is round the table", "When it fits", ["a sub-point"], "What next"]',
    '["People who use services and people who provide them, working as equals", '
    '"Sharing power and the responsibility that comes with it", '
    '"Building on what people can already do: their strengths and skills"]',
)


def test_text_is_fitted_to_the_templates_placeholder(deck_in):
    wide = prs_of(build(deck_in("odd.pptx", 'layouts: {bullets: "Heading + Text"}', LONG_BULLETS)))
    narrow = prs_of(build(deck_in("odd.pptx", 'layouts: {bullets: "Narrow Text"}', LONG_BULLETS)))

    def body(prs):
        slide = prs.slides[2]
        return next(s for s in slide.placeholders if s.placeholder_format.idx == 1)

    wide_body, narrow_body = body(wide), body(narrow)
    assert Emu(narrow_body.width).pt == pytest.approx(200, abs=1)
    assert Emu(wide_body.width).pt == pytest.approx(648, abs=1)
    assert max(_run_sizes(narrow_body)) < max(_run_sizes(wide_body))


def test_repeated_idx_placeholders_get_their_own_positions(deck_in):
    """'Side by Side' has idx-less placeholders, as LibreOffice writes them."""
    prs = prs_of(build(deck_in("odd.pptx", ODD_MAPPING)))
    slide = prs.slides[3]
    columns = [s for s in slide.placeholders if s._element.ph.get("type") in (None, "obj")]
    assert len(columns) == 2
    lefts = sorted(Emu(s.left).pt for s in columns)
    assert lefts == [pytest.approx(36, abs=1), pytest.approx(366, abs=1)]
    text = [s.text_frame.text for s in sorted(columns, key=lambda s: s.left)]
    assert text[0].startswith("Do") and text[1].startswith("Avoid")


def test_diagrams_fit_a_4_3_template(deck_in):
    prs = prs_of(build(deck_in("odd.pptx", ODD_MAPPING)))
    assert (Emu(prs.slide_width).pt, Emu(prs.slide_height).pt) == (720, 540)
    slide = prs.slides[4]
    drawn = [s for s in slide.shapes if not s.is_placeholder]
    assert drawn
    for shape in drawn:
        assert 36 - 1 <= Emu(shape.left).pt and Emu(shape.left + shape.width).pt <= 684 + 1
        assert Emu(shape.top).pt >= 126 - 1 and Emu(shape.top + shape.height).pt <= 482 + 1


def test_template_slides_are_removed_without_orphans(deck_in):
    data = build(deck_in("odd.pptx", ODD_MAPPING)).data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        everything = b"".join(z.read(n) for n in names if n.endswith(".xml"))
    slides = sorted(n for n in names if re.fullmatch(r"ppt/slides/slide\d+\.xml", n))
    assert slides == sorted(f"ppt/slides/slide{i}.xml" for i in range(1, 8))
    notes = [n for n in names if re.fullmatch(r"ppt/notesSlides/notesSlide\d+\.xml", n)]
    assert len(notes) == 1  # only the agenda slide has notes
    assert b"A sample slide the build must remove" not in everything
    assert b"Sample notes" not in everything


# ---------------------------------------------------------------- theme


def _theme_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("ppt/theme/theme1.xml").decode()


def test_template_theme_is_inherited(deck_in):
    result = build(deck_in("odd.pptx", ODD_MAPPING))
    xml = _theme_xml(result.data)
    assert 'name="Odd Brand"' in xml and 'typeface="Calibri"' in xml
    # diagrams are drawn in the brand's colours
    diagram = prs_of(result).slides[4]._element
    fills = {e.get("val") for e in diagram.iter(f"{A}srgbClr")}
    assert BRAND_COLORS["accent1"] in fills
    assert "0072B2" not in fills  # the built-in palette's accent1
    # contrast checks follow the brand too (its accent2 is a little light for text)
    assert any(
        "template odd.pptx: theme.colors: neither text colour reaches WCAG AA 4.5:1 "
        "on accent2 #B9770E" in w
        for w in warnings_of(result)
    ), warnings_of(result)
    # and the text is measured with the brand's font (Calibri runs on the slides)
    title = prs_of(result).slides[2].shapes.title._element
    assert {e.get("typeface") for e in title.iter(f"{A}latin")} == {"Calibri"}


def test_spec_theme_overrides_only_what_it_sets(deck_in):
    extra = ODD_MAPPING + 'theme:\n  colors: {accent1: "#0072B2"}\n  fonts: {heading: Arial}\n'
    result = build(deck_in("odd.pptx", extra))
    xml = _theme_xml(result.data)
    assert re.search(r"<a:accent1><a:srgbClr val=\"0072B2\"/>", xml)
    assert re.search(r"<a:dk2><a:srgbClr val=\"4A235A\"/>", xml)
    assert re.search(r'<a:majorFont><a:latin typeface="Arial"/>', xml)
    assert re.search(r'<a:minorFont><a:latin typeface="Calibri"', xml)


def test_built_in_template_theme_is_unchanged_by_this(deck_in):
    result = build(deck_in(None))
    xml = _theme_xml(result.data)
    assert 'name="coprod"' in xml and "0072B2" in xml


# ---------------------------------------------------------------- thumbnail


def _thumbnail(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("docProps/thumbnail.jpeg")


def test_thumbnail_shows_the_title_slide_in_dk2(deck_in, template_dir):
    stock = _thumbnail((template_dir / "default.pptx").read_bytes())
    for template, dk2 in ((None, "12355B"), ("odd.pptx", BRAND_COLORS["dk2"])):
        data = build(deck_in(template, ODD_MAPPING if template else "")).data
        jpeg = _thumbnail(data)
        assert jpeg != stock
        with Image.open(io.BytesIO(jpeg)) as image:
            assert image.format == "JPEG"
            assert image.width == 256 and image.height in (144, 192)
            r, g, b = image.convert("RGB").getpixel((4, 4))
        want = tuple(int(dk2[i : i + 2], 16) for i in (0, 2, 4))
        assert all(abs(c - w) <= 6 for c, w in zip((r, g, b), want, strict=True))
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            rels = z.read("_rels/.rels").decode()
        assert rels.count("metadata/thumbnail") == 1


def test_builds_with_a_template_are_reproducible(deck_in):
    spec = deck_in("odd.pptx", ODD_MAPPING)
    assert build(spec).data == build(spec).data


# ---------------------------------------------------------------- logo


@pytest.fixture
def logo_png(tmp_path) -> Path:
    image = Image.new("RGB", (300, 300), "#C8102E")
    path = tmp_path / "logo.png"
    image.save(path)
    return path


def _rect(shape):
    return (
        Emu(shape.left).pt,
        Emu(shape.top).pt,
        Emu(shape.left + shape.width).pt,
        Emu(shape.top + shape.height).pt,
    )


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_logo_only_on_the_listed_slide_types(deck_in, logo_png):
    extra = (
        "theme:\n  logo: {image: logo.png, alt: Example Council logo, "
        "on: [title, bullets, closing]}\n"
    )
    result = build(deck_in(None, extra))
    prs = prs_of(result)
    for slide, model in zip(prs.slides, result.deck.slides, strict=True):
        logos = [s for s in slide.shapes if s.name == "Logo"]
        assert len(logos) == (1 if model.type in ("title", "bullets", "closing") else 0), model.type
        for logo in logos:
            assert logo._element.find(".//{*}cNvPr").get("descr") == "Example Council logo"
            box = _rect(logo)
            for shape in slide.placeholders:  # never over the title or the text
                assert not _overlap(box, _rect(shape)), (model.type, shape.name)
            if model.type in ("title", "closing"):  # clear of the cover's table graphic
                for shape in slide.slide_layout.shapes:
                    if shape.name == "Motif: around the table":
                        assert not _overlap(box, _rect(shape))


def test_logo_narrows_the_title_instead_of_covering_it(deck_in, logo_png):
    plain = prs_of(build(deck_in(None)))
    branded = prs_of(build(deck_in(None, "theme:\n  logo: {image: logo.png, alt: Logo}\n")))

    def title(prs):
        return next(s for s in prs.slides[2].placeholders if s.placeholder_format.type == 1)

    logo = next(s for s in branded.slides[2].shapes if s.name == "Logo")
    assert Emu(logo.left + logo.width).pt == pytest.approx(960 - 18, abs=0.5)
    assert Emu(logo.top).pt == pytest.approx(18, abs=0.5)
    # square, so scaled down a little to stay above the rule under the titles (y = 107 pt)
    assert Emu(logo.top + logo.height).pt <= 107 - 6 + 0.5
    assert Emu(title(plain).width).pt == pytest.approx(864, abs=0.5)
    assert Emu(title(branded).left + title(branded).width).pt <= Emu(logo.left).pt - 10 + 0.5


def test_a_logo_on_one_slide_leaves_the_next_slides_room_alone(deck_in, logo_png):
    """The logo's corner is kept free only on the slides that show it: the diagram and the
    quote after a two-column slide with the logo are laid out as with no logo at all."""

    def shapes(extra: str) -> list[list[tuple]]:
        prs = prs_of(build(deck_in(None, extra)))
        slides = [prs.slides[i] for i in (4, 5)]  # the diagram and the quote
        return [[(s.name, _rect(s)) for s in slide.shapes if s.name != "Logo"] for slide in slides]

    logo = "theme:\n  logo: {image: logo.png, alt: Logo, position: bottom-right, on: [%s]}\n"
    assert shapes(logo % "two-column") == shapes("")
    assert shapes(logo % "two-column, diagram") != shapes("")  # the logo does take room


# ---------------------------------------------------------------- inspect and real decks


def test_template_inspect_lists_layouts_and_placeholders(template_dir):
    result = CliRunner().invoke(main, ["template", "inspect", str(template_dir / "odd.pptx")])
    assert result.exit_code == 0, result.output
    assert "slide size: 720 × 540 pt (4:3)" in result.output
    assert "master 'Master 1' (7 layouts):" in result.output
    assert "'Heading + Text' — title and body [obj]" in result.output
    assert "'Side by Side' — two bodies" in result.output
    assert "'Chapter' — section header" in result.output
    assert re.search(
        r"idx 1 +body +'Vertical Text Placeholder 2' +at 36,126 pt, 200 × 356 pt", result.output
    )
    assert "  bullets: 'Heading + Text'" in result.output
    assert "  diagram: 'Heading Only'" in result.output
    bad = CliRunner().invoke(main, ["template", "inspect", str(template_dir)])
    assert bad.exit_code != 0 and "Traceback" not in bad.output


@pytest.mark.parametrize("name", ["default.pptx", "odd.pptx", "lo"])
def test_workshop_builds_on_templates_we_did_not_design(name, template_dir, request, tmp_path):
    template = request.getfixturevalue("lo_template") if name == "lo" else template_dir / name
    result = build(builtin_spec(), BuildOptions(template=template))
    out = tmp_path / "workshop.pptx"
    out.write_bytes(result.data)
    assert not ooxml_problems(out)
    prs = Presentation(str(out))
    assert len(prs.slides) == len(result.deck.slides)
    template_size = Presentation(str(template)).slide_width
    assert prs.slide_width == template_size


def test_build_and_check_take_a_template_option(template_dir, deck_in, tmp_path):
    spec = deck_in(None)
    out = tmp_path / "branded.pptx"
    template = str(template_dir / "odd.pptx")
    result = CliRunner().invoke(main, ["build", str(spec), "-o", str(out), "--template", template])
    assert result.exit_code == 0, result.output
    assert "template has no" not in result.output
    assert Presentation(str(out)).slide_layouts[0].name == "Banner"
    checked = CliRunner().invoke(main, ["check", str(spec), "--template", template])
    assert checked.exit_code == 0 and "OK (7 slides" in checked.output, checked.output
    missing = CliRunner().invoke(main, ["check", str(spec), "--template", "nowhere.pptx"])
    assert missing.exit_code == 1 and "nowhere.pptx: template not found" in missing.output
