"""The activity slide type: a group exercise with steps, time, group size, questions, materials."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pptx.util import Emu

from coprod_slides.bilingual import combine
from coprod_slides.build import BuildOptions, build, load, render_bytes
from coprod_slides.colours import contrast_ratio
from coprod_slides.errors import Diagnostics, SpecError
from coprod_slides.runsheet import rows
from coprod_slides.texts import iter_deck_texts

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

ACTIVITY = """
title: "Workshop"
language: {lang}
slides:
  - type: activity
    id: group-work
    title: "{title}"
    minutes: 20
    group_size: "{group}"
    steps: ["{step}", "Mark where it sits on the to–for–with line"]
    questions: ["What would move it one step towards 'with'?"]
    materials: ["Worksheet", "Pens"]
    notes: "Hand out the worksheets, then keep time: call five minutes left."
"""


def spec_text(
    lang="en-GB", title="Over to you", group="tables of 4–6", step="Pick a service"
) -> str:
    return ACTIVITY.format(lang=lang, title=title, group=group, step=step)


def shapes_by_name(slide) -> dict:
    return {shape.name: shape for shape in slide.shapes}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("activity") / "deck.yaml"
    path.write_text(spec_text(), encoding="utf-8")
    result = build(path)
    return result, Presentation(io.BytesIO(result.data)).slides[0]


def test_time_badge_is_a_native_shape_with_the_minutes_in_large_accessible_text(built):
    result, slide = built
    badge = shapes_by_name(slide)["Time"]
    assert badge.auto_shape_type is not None  # a preset shape, not a picture
    assert badge.text_frame.text == "20\nmin"
    sizes = [run.font.size.pt for p in badge.text_frame.paragraphs for run in p.runs]
    assert sizes[0] >= 44  # the number is the largest text on the slide
    fill = str(badge.fill.fore_color.rgb)
    assert fill == result.deck.theme.colors["accent1"]
    ink = str(badge.text_frame.paragraphs[0].runs[0].font.color.rgb)
    assert contrast_ratio(ink, fill) >= 4.5


def test_steps_are_a_numbered_list_and_questions_sit_in_a_highlighted_box(built):
    _, slide = built
    shapes = shapes_by_name(slide)
    steps = shapes["Steps"]
    assert [p.text for p in steps.text_frame.paragraphs] == [
        "Pick a service",
        "Mark where it sits on the to–for–with line",
    ]
    numbering = steps._element.findall(f".//{A}buAutoNum")
    assert [n.get("type") for n in numbering] == ["arabicPeriod", "arabicPeriod"]
    questions = shapes["Questions"]
    assert questions.text_frame.text == "What would move it one step towards 'with'?"
    assert str(questions.fill.fore_color.rgb) == "F2F4F7"
    assert shapes["Group size and materials"].text_frame.text.split("\n") == [
        "tables of 4–6",
        "Materials",
        "Worksheet",
        "Pens",
    ]
    # nothing leaves the slide, and the steps do not run into the time panel
    assert Emu(steps.left + steps.width).pt < Emu(shapes["Time"].left).pt


def test_title_notes_and_run_sheet_minutes(built):
    result, slide = built
    assert slide.shapes.title.text_frame.text == "Over to you"
    notes = slide.notes_slide.notes_text_frame.text
    assert notes.startswith("Hand out the worksheets")
    assert result.deck.slides[0].duration == 20  # duration defaults to minutes
    assert [(r.slide_id, r.duration) for r in rows(result.deck)] == [("group-work", 20)]


def test_a_number_of_people_reads_groups_of_n_and_the_badge_speaks_welsh(write_spec):
    path = write_spec(spec_text(lang="cy").replace('"tables of 4–6"', "4"))
    slide = Presentation(io.BytesIO(build(path).data)).slides[0]
    shapes = shapes_by_name(slide)
    assert shapes["Time"].text_frame.text == "20\nmunud"
    assert shapes["Group size and materials"].text_frame.text.startswith("grwpiau o 4\n")
    untitled = write_spec(spec_text(lang="cy").replace('    title: "Over to you"\n', ""), "u.yaml")
    cover = Presentation(io.BytesIO(build(untitled).data)).slides[0].shapes.title
    assert cover.text_frame.text == "Gweithgaredd grŵp"


def test_an_explicit_duration_wins_over_minutes(write_spec):
    path = write_spec(spec_text().replace("minutes: 20", "minutes: 20\n    duration: 25"))
    assert load(path, Diagnostics()).slides[0].duration == 25


@pytest.mark.parametrize(
    "change, message",
    [
        (("    minutes: 20\n", ""), "missing required key 'minutes'"),
        (("minutes: 20", "minutes: 0"), "slide 1, minutes: must be at least 1"),
        (("minutes: 20", "minutes: twenty"), "slide 1, minutes: expected a number, got text"),
        (('"tables of 4–6"', "2.5"), "slide 1, group_size: expected text or a whole number"),
        (
            (
                'steps: ["Pick a service", "Mark where it sits on the to–for–with line"]',
                "steps: []",
            ),
            "slide 1, steps: needs at least 1 item(s)",
        ),
        (("    steps:", "    step:"), "unknown key for an activity slide 'step'"),
    ],
)
def test_schema_errors_point_at_the_line(write_spec, change, message):
    path = write_spec(spec_text().replace(*change))
    with pytest.raises(SpecError) as error:
        load(path, Diagnostics())
    assert message in str(error.value)
    assert "deck.yaml:" in str(error.value)


def test_steps_that_cannot_fit_are_a_warning_naming_the_slide_and_an_error_when_strict(
    write_spec,
):
    long_step = " ".join(["participation"] * 20)
    path = write_spec(spec_text().replace("steps: [", "steps: [" + f'"{long_step}", ' * 9))
    result = build(path)
    messages = [str(w) for w in result.diagnostics.warnings]
    assert any("'group-work'" in m and "steps does not fit" in m for m in messages), messages
    with pytest.raises(SpecError):
        build(path, BuildOptions(strict=True))


def test_every_text_is_extracted_with_a_stable_path(write_spec):
    deck = load(write_spec(spec_text()), Diagnostics())
    paths = {path: str(text) for slide_id, path, text in iter_deck_texts(deck)}
    assert paths["steps[1]"] == "Mark where it sits on the to–for–with line"
    assert paths["questions[0]"].startswith("What would move it")
    assert paths["materials[1]"] == "Pens"
    assert paths["group_size"] == "tables of 4–6"
    assert "minutes" not in paths


def test_bilingual_decks_alternate_activity_slides_welsh_first(write_spec):
    welsh = load(
        write_spec(
            spec_text(lang="cy", title="Drosodd i chi", step="Dewiswch wasanaeth"), "cy.yaml"
        ),
        Diagnostics(),
    )
    english = load(write_spec(spec_text(), "en.yaml"), Diagnostics())
    deck = combine(welsh, english)
    assert [s.id for s in deck.slides] == ["group-work", "group-work-en"]
    assert [s.duration for s in deck.slides] == [20, None]  # the minutes count once
    prs = Presentation(io.BytesIO(render_bytes(deck, Diagnostics(), BuildOptions())))
    first, second = (shapes_by_name(s) for s in prs.slides)
    assert first["Time"].text_frame.text == "20\nmunud"
    assert second["Time"].text_frame.text == "20\nmin"
    assert first["Steps"].text_frame.paragraphs[0].text == "Dewiswch wasanaeth"
    size = first["Time"].text_frame.paragraphs[0].runs[0].font.size
    assert size == second["Time"].text_frame.paragraphs[0].runs[0].font.size
