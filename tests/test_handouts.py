"""``coprod-slides handouts``: the printed summary, worksheet and feedback form."""

from __future__ import annotations

import io
import shutil
import subprocess
import textwrap
from functools import cache

import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.util import Emu

from coprod_slides.build import BuildOptions, builtin_spec, load
from coprod_slides.cli.app import main
from coprod_slides.errors import Diagnostics
from coprod_slides.handouts import build_handouts

A4_PT = (595.3, 841.9)


@cache
def handouts(audience: str | None = None, lang: str | None = None):
    return build_handouts(builtin_spec(), BuildOptions(audience=audience, lang=lang))


def page(data: bytes):
    prs = Presentation(io.BytesIO(data))
    assert len(prs.slides) == 1
    return prs, prs.slides[0]


def all_shapes(shapes):
    for shape in shapes:
        yield shape
        if shape.shape_type == 6:  # a group
            yield from all_shapes(shape.shapes)


def texts(slide) -> list[str]:
    return [s.text_frame.text for s in all_shapes(slide.shapes) if s.has_text_frame]


def alt_text(shape) -> str:
    return shape._element.xpath("./*[1]/p:cNvPr/@descr")[0]


def diagram_slides(audience=None, lang=None):
    deck = load(builtin_spec(), Diagnostics(), BuildOptions(audience=audience, lang=lang))
    return deck, [s for s in deck.slides if s.type == "diagram"]


def test_summary_is_one_a4_page_with_every_diagram_as_a_group_with_alt_text_and_message():
    prs, slide = page(handouts().pptx["summary"])
    width, height = Emu(prs.slide_width).pt, Emu(prs.slide_height).pt
    assert (round(width, 1), round(height, 1)) == A4_PT
    deck, diagrams = diagram_slides()
    assert len(diagrams) == 6
    groups = {alt_text(s): s for s in slide.shapes if s.shape_type == 6}
    shown = texts(slide)
    for diagram in diagrams:
        alt = str(diagram.content.alt)
        assert alt in groups, f"no group with the alt text of {diagram.id}"
        group = groups[alt]
        assert len(list(all_shapes(group.shapes))) > 5  # native shapes, not a picture
        assert Emu(group.left).pt > 0.3 * width  # beside its title and message
        assert Emu(group.width).pt > width / 2  # wide and low, as on a slide
        assert str(diagram.content.takeaway) in shown
        assert str(diagram.title) in shown
    assert slide.shapes.title.text == str(deck.title)
    assert not handouts().diagnostics.warnings  # every label fits at the handout's sizes
    pictures = sorted(
        (Emu(g.top).pt, Emu(g.top + g.height).pt)
        for g in (groups[str(d.content.alt)] for d in diagrams)
    )
    assert all(a[1] <= b[0] for a, b in zip(pictures, pictures[1:], strict=False))  # no overlap
    assert pictures[0][0] > 80 and pictures[-1][1] < height - 30  # below the title, above foot


@pytest.mark.parametrize("audience", [None, "citizens", "board"])
def test_every_welsh_handout_fits(audience):
    assert not handouts(audience, "cy").diagnostics.warnings


def test_worksheet_has_the_to_for_with_line_and_the_group_work_questions():
    _, slide = page(handouts().pptx["worksheet"])
    shown = texts(slide)
    assert slide.shapes.title.text == "Over to you"
    for label in ("Doing TO", "Doing FOR", "Doing WITH"):
        assert label in shown
    names = {s.name for s in all_shapes(slide.shapes)}
    assert "Line: to, for, with" in names
    assert any("X where it is now" in text for text in shown)
    assert "Who is missing from our table?" in shown
    assert "Answer 1" in names  # space to write


def test_feedback_form_collects_each_persons_one_action():
    _, slide = page(handouts().pptx["feedback"])
    shown = texts(slide)
    assert "Your one action" in shown
    assert "One thing you will do differently" in shown
    names = {s.name for s in all_shapes(slide.shapes)}
    assert "Action 1: write here" in names
    assert {f"Feedback 3: {n}" for n in range(1, 6)} <= names  # "from 1 to 5": five circles


def test_citizens_handouts_use_the_citizens_words():
    summary = texts(page(handouts("citizens").pptx["summary"])[1])
    worksheet = texts(page(handouts("citizens").pptx["worksheet"])[1])
    assert "Co-production means people who use services sit at the table too." in summary
    assert "Done TO you" in worksheet and "Doing TO" not in worksheet
    assert any("Think of a service you use" in text for text in worksheet)
    staff = ("commissioning", "strategic", "stakeholder", "probe")
    assert not [t for t in summary + worksheet if any(w in t.lower() for w in staff)]


def test_welsh_handouts_are_in_welsh_with_welsh_language_tags():
    welsh = handouts(lang="cy")
    deck, diagrams = diagram_slides(lang="cy")
    summary = page(welsh.pptx["summary"])[1]
    shown = texts(summary)
    assert "Cydgynhyrchu: beth, pryd a sut" in shown or summary.shapes.title.text.startswith(
        "Cydgynhyrchu"
    )
    for diagram in diagrams:
        assert str(diagram.content.takeaway) in shown
    assert "Eich un cam gweithredu" in texts(page(welsh.pptx["feedback"])[1])
    assert any("X lle mae e nawr" in t for t in texts(page(welsh.pptx["worksheet"])[1]))
    for kind, data in welsh.pptx.items():
        langs = set(page(data)[1]._element.xpath(".//a:rPr/@lang"))
        assert langs and all(lang.startswith("cy") for lang in langs), (kind, langs)


def test_handouts_are_reproducible(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = build_handouts(builtin_spec(), BuildOptions(audience="board"))
    second = build_handouts(builtin_spec(), BuildOptions(audience="board"))
    assert first.pptx == second.pptx
    assert len(diagram_slides("board")[1]) == 5
    groups = [s for s in page(first.pptx["summary"])[1].shapes if s.shape_type == 6]
    assert sum(1 for g in groups if g.name.startswith("Picture") and ":" in g.name) >= 5


def test_a_diagram_without_a_takeaway_is_a_warning_and_an_error_under_strict(write_spec):
    spec = write_spec(
        """
        title: T
        slides:
          - type: diagram
            id: table
            diagram: around-the-table
        """
    )
    assert any("takeaway" in w.message for w in build_handouts(spec).diagnostics.warnings)
    result = CliRunner().invoke(
        main, ["handouts", str(spec), "--strict", "--no-pdf", "-o", str(spec.parent / "out")]
    )
    assert result.exit_code != 0
    assert "deck.yaml:3:5" in result.output and "takeaway" in result.output
    assert "Traceback" not in result.output
    assert not (spec.parent / "out").exists()


def test_bad_input_is_one_clear_message(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["handouts", "--audience", "nobody", "-o", str(tmp_path / "o")])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "nobody" in result.output
    result = runner.invoke(main, ["handouts", str(tmp_path / "missing.yaml")])
    assert result.exit_code != 0 and "missing.yaml" in result.output
    assert "Traceback" not in result.output


@pytest.mark.render
def test_pdfs_are_one_a4_page_each(tmp_path):
    if not (shutil.which("soffice") and shutil.which("pdfinfo")):
        pytest.skip("LibreOffice and poppler are needed; CI installs them via .ci/run")
    out = tmp_path / "handouts"
    result = CliRunner().invoke(main, ["handouts", "--audience", "citizens", "-o", str(out)])
    assert result.exit_code == 0, result.output
    for kind in ("summary", "worksheet", "feedback"):
        assert (out / f"workshop-citizens-{kind}.pptx").is_file()
        info = subprocess.run(
            ["pdfinfo", str(out / f"workshop-citizens-{kind}.pdf")],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "Pages:           1" in info
        assert "(A4)" in info


def text_sizes(slide) -> dict[str, float]:
    """Shape name -> its smallest run size (pt), for every text on the page."""
    sizes = {}
    for shape in all_shapes(slide.shapes):
        if shape.has_text_frame:
            runs = [int(v) for v in shape._element.xpath(".//a:rPr/@sz")]
            if runs:
                sizes[shape.name] = min(runs) / 100
    return sizes


def test_bilingual_handouts_put_welsh_first_at_the_same_sizes():
    both = build_handouts(builtin_spec(), BuildOptions(bilingual=("cy", "en")))
    assert both.stem == "workshop-cy-en"
    for kind, data in both.pptx.items():
        prs = Presentation(io.BytesIO(data))
        welsh, english = prs.slides
        assert {lang[:2] for lang in welsh._element.xpath(".//a:rPr/@lang")} == {"cy"}, kind
        assert {lang[:2] for lang in english._element.xpath(".//a:rPr/@lang")} == {"en"}, kind
        cy_sizes, en_sizes = text_sizes(welsh), text_sizes(english)
        shared = cy_sizes.keys() & en_sizes.keys()
        assert len(shared) > 10
        assert [n for n in shared if cy_sizes[n] != en_sizes[n]] == [], kind
    summary = Presentation(io.BytesIO(both.pptx["summary"])).slides
    assert summary[0].shapes.title.text == "Cydgynhyrchu: beth, pryd a sut"
    assert summary[1].shapes.title.text == "Co-production: what, when and how"


def test_the_messages_are_collected_for_translators_and_welsh_has_them(tmp_path):
    import polib

    pot = tmp_path / "messages.pot"
    result = CliRunner().invoke(main, ["i18n", "extract", str(builtin_spec()), "-o", str(pot)])
    assert result.exit_code == 0, result.output
    extracted = {e.msgid for e in polib.pofile(str(pot)) if e.msgctxt.endswith(".takeaway")}
    assert len(extracted) == 12  # six pictures, in the staff and the citizens' words
    welsh = polib.pofile(str(builtin_spec().parent / "locales" / "cy.po"))
    translated = {e.msgid for e in welsh if e.msgctxt and e.msgctxt.endswith(".takeaway")}
    assert extracted <= translated
    assert all(e.msgstr for e in welsh if e.msgctxt and e.msgctxt.endswith(".takeaway"))


def test_a_summary_of_more_than_six_pictures_goes_on_to_a_second_page(write_spec):
    slides = "".join(
        f"""
          - type: diagram
            id: table-{n}
            title: "Table {n}"
            diagram: around-the-table
            takeaway: "Message {n}"
        """
        for n in range(1, 9)
    )
    spec = write_spec("title: Many pictures\nslides:" + textwrap.dedent(slides))
    summary = Presentation(io.BytesIO(build_handouts(spec).pptx["summary"]))
    assert len(summary.slides) == 2
    first, second = (texts(slide) for slide in summary.slides)
    assert "Message 6" in first and "Message 7" not in first
    assert "Message 7" in second and "Message 8" in second


def test_right_to_left_handouts_are_mirrored(tmp_path, monkeypatch):
    import polib

    from coprod_slides.i18n.catalog import update

    monkeypatch.setattr("coprod_slides.i18n.memory.bundled_catalogs", lambda lang: [])
    spec = tmp_path / "deck.yaml"
    spec.write_text(
        "title: Pictures\nlanguage: en-GB\nslides:\n"
        "  - use: coprod/around-the-table\n  - use: coprod/ladder\n",
        encoding="utf-8",
    )
    update(spec, ["ar"])
    po_path = tmp_path / "locales" / "ar.po"
    po = polib.pofile(str(po_path))
    for entry in po:
        entry.msgstr = f"عربي {entry.msgid}"
    po.save(str(po_path))
    english = page(build_handouts(spec).pptx["summary"])[1]
    arabic = page(build_handouts(spec, BuildOptions(lang="ar")).pptx["summary"])[1]

    def picture_x(slide) -> float:
        groups = [
            s
            for s in slide.shapes
            if s.shape_type == 6 and not s.name.startswith(("Picture", "Heading", "Footer"))
        ]
        return Emu(groups[0].left).pt

    assert picture_x(english) > 150 and picture_x(arabic) < 60  # the picture on the left
    assert arabic._element.xpath(".//a:pPr[@rtl='1']")


def test_handouts_take_an_organisations_colours_and_fonts(write_spec):
    from coprod_slides.render.deck import base_template_path
    from coprod_slides.render.package import save_reproducible
    from coprod_slides.render.theme import DEFAULT_COLORS, apply_theme

    spec = write_spec("title: Brand\ntemplate: brand.pptx\nslides:\n  - use: coprod/levels\n")
    brand = Presentation(str(base_template_path()))
    apply_theme(brand, dict(DEFAULT_COLORS, dk2="5A1F3C"), "Liberation Serif", "Carlito")
    save_reproducible(brand, spec.parent / "brand.pptx")
    summary = page(build_handouts(spec).pptx["summary"])[1]
    title = summary.shapes.title.text_frame.paragraphs[0].runs[0]
    assert str(title.font.color.rgb) == "5A1F3C"
    assert title.font.name == "Liberation Serif"


def test_an_output_file_name_is_refused_with_a_folder_to_use(tmp_path):
    result = CliRunner().invoke(main, ["handouts", "--no-pdf", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "give a folder, e.g. -o" in result.output
    assert not list(tmp_path.iterdir())
