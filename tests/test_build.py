"""Building decks: every slide type, notes, theme, fitting, reproducibility, atomic writes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.util import Emu

from coprod_slides import slidetypes
from coprod_slides.build import BuildOptions, build, write_output
from coprod_slides.cli import main
from coprod_slides.errors import SpecError

from .conftest import ROOT, pdf_pages, render_pdf

EXAMPLE = ROOT / "decks" / "example.yaml"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


@pytest.fixture(scope="module")
def example_build():
    return build(EXAMPLE)


@pytest.fixture(scope="module")
def example_prs(example_build):
    return Presentation(io.BytesIO(example_build.data))


def texts(slide) -> str:
    return "\n".join(
        shape.text_frame.text for shape in _all_shapes(slide.shapes) if shape.has_text_frame
    )


def _all_shapes(shapes):
    for shape in shapes:
        if shape.shape_type == 6:  # group
            yield from _all_shapes(shape.shapes)
        else:
            yield shape


def test_example_is_16_9_with_every_slide_type(example_build, example_prs):
    assert example_prs.slide_width == 12192000 and example_prs.slide_height == 6858000
    types = [s.type for s in example_build.deck.slides]
    for kind in slidetypes.names():
        assert kind in types
    assert len(example_prs.slides) == len(types)


def test_slide_texts(example_prs):
    slides = list(example_prs.slides)
    assert "Working with people, not for them" in texts(slides[0])
    assert "Example Council · Spring 2026" in texts(slides[0])
    bullets = texts(slides[2])
    assert "Services fit people's real lives better" in bullets
    assert "Local knowledge" in bullets
    two = texts(slides[3])
    assert "Consulting" in two and "We design together from the start" in two
    assert "Nobody asked what mattered to me" in texts(slides[4])
    assert "Thank you" in texts(slides[-1]) and "coproduction@example.org" in texts(slides[-1])


def test_inline_markup_and_levels(example_prs):
    body = [s for s in example_prs.slides[2].placeholders if s.placeholder_format.idx == 1][0]
    paras = body.text_frame.paragraphs
    first = paras[0]
    bold_runs = [r.text for r in first.runs if r.font.bold]
    assert bold_runs == ["real lives"]
    italic = [r.text for r in paras[1].runs if r.font.italic]
    assert italic == ["strengths"]
    assert [p.level for p in paras] == [0, 0, 1, 1, 1, 0]


def test_every_slide_has_a_title_and_notes(example_prs):
    for slide in example_prs.slides:
        assert slide.shapes.title is not None and slide.shapes.title.text.strip()
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip()


def test_notes_keep_paragraphs_and_bullets(example_prs):
    frame = example_prs.slides[2].notes_slide.notes_text_frame
    paras = [p for p in frame.paragraphs]
    assert paras[0].text.startswith("Ask the room")
    assert paras[1].text == "Points to draw out:"
    bullet_xml = paras[2]._p.xml
    assert "buChar" in bullet_xml and paras[2].text == "people know their own lives best"


def test_explicit_font_sizes_and_no_autofit(example_prs):
    for slide in example_prs.slides:
        for shape in _all_shapes(slide.shapes):
            if not shape.has_text_frame or not shape.text_frame.text.strip():
                continue
            xml = shape._element.xml
            assert "normAutofit" not in xml and "spAutoFit" not in xml
            for run in shape._element.iter(f"{A}r"):
                size = run.find(f"{A}rPr").get("sz")
                assert size is not None, shape.name
                if "Footer" not in shape.name and "Slide Number" not in shape.name:
                    assert int(size) >= 1200, (shape.name, size)


def test_language_tag_on_every_run(example_prs):
    for slide in example_prs.slides:
        for element in (slide._element, slide.notes_slide._element):
            for run in element.iter(f"{A}r"):
                assert run.find(f"{A}rPr").get("lang") == "en-GB"


def test_picture_has_alt_text_and_is_scaled(example_prs):
    pictures = [s for s in example_prs.slides[5].shapes if s.shape_type == 13]
    assert len(pictures) == 1
    descr = pictures[0]._element.xpath("./p:nvPicPr/p:cNvPr")[0].get("descr")
    assert descr.startswith("Illustration of ten people")
    assert Emu(pictures[0].width).pt <= 960


def test_diagram_is_native_grouped_with_alt_text(example_prs):
    slide = example_prs.slides[6]
    groups = [s for s in slide.shapes if s.shape_type == 6]
    assert groups, "diagram should be a group of native shapes"
    descr = groups[0]._element.xpath("./p:nvGrpSpPr/p:cNvPr")[0].get("descr")
    assert descr and len(descr) > 20
    assert not [s for s in _all_shapes(slide.shapes) if s.shape_type == 13]


def test_footer_and_slide_numbers(example_prs):
    slide = example_prs.slides[2]
    xml = slide._element.xml
    assert 'type="slidenum"' in xml
    assert "Example Council · Co-production network" in texts(slide)


def test_document_properties(example_prs):
    props = example_prs.core_properties
    assert props.title == "Working with people, not for them"
    assert props.author == "Example Council"
    assert props.language == "en-GB"
    assert "python-pptx" not in (props.comments or "") + (props.last_modified_by or "")


def test_reproducible_bytes(example_build):
    again = build(EXAMPLE)
    assert again.data == example_build.data
    with zipfile.ZipFile(io.BytesIO(again.data)) as z:
        assert {info.date_time for info in z.infolist()} == {(2024, 1, 1, 0, 0, 0)}


def test_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    data = build(EXAMPLE).data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {info.date_time[:3] for info in z.infolist()} == {(2023, 11, 14)}
    assert Presentation(io.BytesIO(data)).core_properties.modified.year == 2023


def test_atomic_write_keeps_old_file_on_failure(tmp_path, monkeypatch):
    out = tmp_path / "deck.pptx"
    out.write_bytes(b"old deck")

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", boom)
    with pytest.raises(SpecError, match="could not write the deck"):
        write_output(b"new deck", out)
    assert out.read_bytes() == b"old deck"
    assert [p.name for p in tmp_path.iterdir()] == ["deck.pptx"]


def test_failed_build_leaves_existing_output(tmp_path, write_spec):
    spec = write_spec(
        "title: T\nslides:\n  - type: image\n    image: missing.png\n    alt: A picture\n"
    )
    out = tmp_path / "deck.pptx"
    out.write_bytes(b"previous")
    result = CliRunner().invoke(main, ["build", str(spec), "-o", str(out)])
    assert result.exit_code == 1
    assert "image 'missing.png' not found" in result.output
    assert "Traceback" not in result.output
    assert out.read_bytes() == b"previous"


def test_build_passes_ooxml_check(tmp_path, example_build, check_ooxml):
    out = tmp_path / "example.pptx"
    out.write_bytes(example_build.data)
    check_ooxml(out)


@pytest.mark.render
def test_libreoffice_converts_every_slide(tmp_path, example_build):
    out = tmp_path / "example.pptx"
    out.write_bytes(example_build.data)
    pdf = render_pdf(out, tmp_path)
    assert pdf_pages(pdf) == len(example_build.deck.slides)


def test_fit_warning_names_slide_and_line(write_spec):
    long = " ".join(["Extraordinarily long bullet text that keeps going"] * 90)
    spec = write_spec(
        f'title: T\nslides:\n  - type: bullets\n    id: crowded\n    bullets:\n      - "{long}"\n'
    )
    result = build(spec)
    warnings = [str(w) for w in result.diagnostics.warnings]
    assert any(
        "deck.yaml:6:9: slide 2 'crowded'" in w or "deck.yaml:6:9: slide 1 'crowded'" in w
        for w in warnings
    ), warnings
    with pytest.raises(SpecError):
        build(spec, BuildOptions(strict=True))


def test_longer_text_gets_smaller_size(write_spec):
    def body_size(bullets: list[str]) -> int:
        spec = write_spec(
            "title: T\nslides:\n  - type: bullets\n    bullets:\n"
            + "".join(f'      - "{b}"\n' for b in bullets)
        )
        prs = Presentation(io.BytesIO(build(spec).data))
        body = [s for s in prs.slides[0].placeholders if s.placeholder_format.idx == 1][0]
        return int(body._element.find(f".//{A}rPr").get("sz"))

    short = body_size(["One point", "Two points"])
    long = body_size([f"Point number {i} with a fair amount of text to read" for i in range(9)])
    assert short > long >= 1400


def test_theme_colours_and_fonts(write_spec):
    spec = write_spec("""
        title: T
        theme:
          colors: {primary: "#2A1B5C", accent1: "#005A8C"}
          fonts: {heading: Calibri, body: Calibri}
        slides:
          - type: bullets
            bullets: [a]
    """)
    prs = Presentation(io.BytesIO(build(spec).data))
    theme_part = prs.slide_master.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
    )
    xml = theme_part.blob.decode()
    assert "2A1B5C" in xml and "005A8C" in xml and 'typeface="Calibri"' in xml


def test_low_contrast_theme_warns(write_spec):
    spec = write_spec("""
        title: T
        theme:
          colors: {accent2: "#777777"}
        slides:
          - type: title
    """)
    warnings = [str(w) for w in build(spec).diagnostics.warnings]
    assert any("accent2 #777777" in w and "WCAG AA" in w for w in warnings), warnings


def test_hidden_title_is_kept_off_slide(write_spec):
    spec = write_spec("""
        title: T
        slides:
          - type: bullets
            title: Secret title
            hide_title: true
            bullets: [a]
    """)
    prs = Presentation(io.BytesIO(build(spec).data))
    title = prs.slides[0].shapes.title
    assert title.text == "Secret title" and title.top < 0


def test_derived_ids_are_unique(write_spec):
    spec = write_spec("""
        title: T
        slides:
          - {type: section, title: Part one}
          - {type: section, title: Part one}
          - {type: title}
    """)
    ids = [s.id for s in build(spec).deck.slides]
    assert ids == ["part-one", "part-one-2", "title-3"]


def test_cli_build_and_check(tmp_path):
    runner = CliRunner()
    out = tmp_path / "ex.pptx"
    result = runner.invoke(main, ["build", str(EXAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output and out.exists()
    result = runner.invoke(main, ["check", str(EXAMPLE)])
    assert result.exit_code == 0 and "OK" in result.output


def test_cli_usage_error_exit_2():
    result = CliRunner().invoke(main, ["build", "--no-such-flag"])
    assert result.exit_code == 2


def test_cli_new_scaffolds_a_buildable_spec(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["new", "my-workshop"]).exit_code == 0
    assert Path("my-workshop.yaml").exists()
    again = runner.invoke(main, ["new", "my-workshop"])
    assert again.exit_code == 2 and "already exists" in again.output
    result = runner.invoke(main, ["build", "my-workshop.yaml"])
    assert result.exit_code == 0, result.output


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and "coprod-slides" in result.output


def _picture(prs):
    return [s for s in prs.slides[0].shapes if s.shape_type == 13][0]


def test_exif_orientation_is_honoured(tmp_path, write_spec):
    from PIL import Image

    img = Image.new("RGB", (400, 200), (0, 114, 178))  # stored landscape...
    exif = img.getexif()
    exif[0x0112] = 6  # ...but the camera says "rotate 90°": it shows portrait
    img.save(tmp_path / "photo.jpg", exif=exif)
    spec = write_spec("title: T\nslides:\n  - {type: image, image: photo.jpg, alt: A photo}\n")
    picture = _picture(Presentation(io.BytesIO(build(spec).data)))
    assert picture.height > picture.width
    assert picture.image.size == (200, 400)


def test_huge_images_are_downscaled(tmp_path, write_spec):
    from PIL import Image

    Image.new("RGB", (6000, 3000), (230, 159, 0)).save(tmp_path / "big.png")
    spec = write_spec("title: T\nslides:\n  - {type: image, image: big.png, alt: Orange}\n")
    picture = _picture(Presentation(io.BytesIO(build(spec).data)))
    assert max(picture.image.size) == 2560


def test_image_outside_the_spec_folder_is_refused(tmp_path, write_spec):
    from PIL import Image

    outside = tmp_path.parent / f"{tmp_path.name}-outside.png"
    Image.new("RGB", (10, 10)).save(outside)
    spec = write_spec(
        f"title: T\nslides:\n  - type: image\n    image: ../{outside.name}\n    alt: A picture\n"
    )
    with pytest.raises(SpecError, match="is outside the spec's folder"):
        build(spec)
    assert build(spec, BuildOptions(allow_outside_assets=True)).data
