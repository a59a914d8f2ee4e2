"""Translated decks as a reader sees them: RTL paragraphs, mirrored diagrams, language tags,
fallbacks tagged with the source language, and bilingual Welsh/English slides."""

from __future__ import annotations

import io
import pickle

import polib
import pytest
from pptx import Presentation

from coprod_slides.build import BuildOptions, build
from coprod_slides.errors import SpecError
from coprod_slides.i18n.catalog import extract, update

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

SPEC = """
title: "Working together"
language: en-GB
slides:
  - type: title
    id: cover
  - type: bullets
    id: points
    title: "Why it matters"
    bullets: ["People know their lives", "Shared decisions last"]
    notes: |
      First paragraph of notes.

      Second paragraph of notes.
  - type: diagram
    id: ladder
    title: "The ladder"
    diagram: ladder
    data:
      groups:
        - {label: "To", color: accent6, rungs: [Telling]}
        - {label: "For", color: accent2, rungs: [Asking]}
        - {label: "With", color: accent3, rungs: [Sharing]}
      arrow_label: "Both ways"
      credit: null
"""


def fill(po_path, translate, skip=()):
    po = polib.pofile(str(po_path))
    for entry in po:
        if entry.msgctxt in skip:
            continue
        entry.msgstr = translate(entry.msgid)
    po.save(str(po_path))


@pytest.fixture
def spec(write_spec):
    path = write_spec(SPEC)
    extract(path)
    return path


@pytest.fixture(autouse=True)
def no_bundled_memory(monkeypatch):
    monkeypatch.setattr("coprod_slides.i18n.memory.bundled_catalogs", lambda lang: [])


def runs(prs, slide_index):
    slide = prs.slides[slide_index]
    return list(slide._element.iter(f"{A}r"))


def test_rtl_deck_paragraphs_fonts_and_mirroring(spec):
    update(spec, ["ar"])
    fill(spec.parent / "locales" / "ar.po", lambda s: "عربي " + s)
    result = build(spec, BuildOptions(lang="ar"))
    assert not result.diagnostics.warnings, [str(w) for w in result.diagnostics.warnings]
    prs = Presentation(io.BytesIO(result.data))
    assert prs.core_properties.language.startswith("ar")
    body = prs.slides[1].placeholders[1]
    for p in body._element.iter(f"{A}p"):
        ppr = p.find(f"{A}pPr")
        assert ppr.get("rtl") == "1" and ppr.get("algn") == "r"
    for r in runs(prs, 1):
        rpr = r.find(f"{A}rPr")
        assert rpr.get("lang").startswith("ar")
        assert rpr.find(f"{A}cs").get("typeface") == "Noto Sans Arabic"
    # the ladder reads right to left: the first rung is right of the last
    shapes = {s.name: s for s in _all(prs.slides[2].shapes)}
    first = next(s for n, s in shapes.items() if "Telling" in n and s.shape_type != 6)
    last = next(s for n, s in shapes.items() if "Sharing" in n and s.shape_type != 6)
    assert first.left > last.left


def test_missing_strings_fall_back_tagged_with_source_language(spec):
    update(spec, ["cy"])
    fill(
        spec.parent / "locales" / "cy.po",
        lambda s: "Cymraeg " + s,
        skip={"points.bullets#cf30fe", "points.notes.full#53178c"},
    )
    result = build(spec, BuildOptions(lang="cy"))
    warnings = [str(w) for w in result.diagnostics.warnings]
    assert len(warnings) == 2, warnings
    prs = Presentation(io.BytesIO(result.data))
    body = prs.slides[1].placeholders[1]
    tags = [
        (r.find(f"{A}t").text, r.find(f"{A}rPr").get("lang")) for r in body._element.iter(f"{A}r")
    ]
    assert tags == [
        ("Cymraeg People know their lives", "cy-GB"),
        ("Shared decisions last", "en-GB"),
    ]
    notes = prs.slides[1].notes_slide.notes_text_frame.paragraphs
    assert [p.runs[0]._r.find(f"{A}rPr").get("lang") for p in notes] == ["cy-GB", "en-GB"]
    with pytest.raises(SpecError):
        build(spec, BuildOptions(lang="cy", strict=True))


def test_a_fallback_that_does_not_fit_is_named_by_its_spec_line(write_spec):
    """A text with no translation is the spec's text: a warning about it points at the spec
    line; a translated text's points at its catalogue line."""
    long = " ".join(["participation"] * 21)  # under the 300-character limit
    path = write_spec(SPEC.replace('title: "Why it matters"', f'title: "{long}"'))
    extract(path)
    update(path, ["cy"])
    po = path.parent / "locales" / "cy.po"
    fill(po, lambda s: "Cymraeg " + s, skip={"points.title"})
    result = build(path, BuildOptions(lang="cy"))
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if long in text)
    fit = [str(w) for w in result.diagnostics.warnings if "does not fit" in str(w)]
    assert len(fit) == 1 and fit[0].startswith(f"{path}:{line}:12: slide 2 'points': title"), fit
    assert prs_title(result, 1) == (long, "en-GB")

    fill(po, lambda s: "Cymraeg " + s)
    result = build(path, BuildOptions(lang="cy"))
    fit = [str(w) for w in result.diagnostics.warnings if "does not fit" in str(w)]
    assert len(fit) == 1 and "cy.po:" in fit[0] and "msgctxt points.title" in fit[0], fit
    assert prs_title(result, 1) == (f"Cymraeg {long}", "cy-GB")


def prs_title(result, index):
    slide = Presentation(io.BytesIO(result.data)).slides[index]
    run = next(slide.shapes.title._element.iter(f"{A}r"))
    return run.find(f"{A}t").text, run.find(f"{A}rPr").get("lang")


def test_bilingual_notes_keep_the_language_of_a_paragraph_that_fell_back(spec):
    """Side by side, the two languages' notes become one text: a Welsh paragraph with no
    translation is still English to spell-check and screen readers."""
    update(spec, ["cy"])
    fill(
        spec.parent / "locales" / "cy.po",
        lambda s: "Cymraeg " + s,
        skip={"points.notes.full#53178c"},
    )
    result = build(spec, BuildOptions(bilingual=("cy", "en")))
    notes = result.deck.slides[1].notes.full
    assert pickle.loads(pickle.dumps(notes)).unit_languages == notes.unit_languages
    prs = Presentation(io.BytesIO(result.data))
    paragraphs = prs.slides[1].notes_slide.notes_text_frame.paragraphs
    assert [(p.text, p.runs[0]._r.find(f"{A}rPr").get("lang")) for p in paragraphs] == [
        ("Cymraeg First paragraph of notes.", "cy-GB"),
        ("Second paragraph of notes.", "en-GB"),  # fell back: English, tagged so
        ("First paragraph of notes.", "en-GB"),
        ("Second paragraph of notes.", "en-GB"),
    ]


def test_bilingual_side_by_side(spec):
    update(spec, ["cy"])
    fill(spec.parent / "locales" / "cy.po", lambda s: "Cymraeg " + s)
    result = build(spec, BuildOptions(bilingual=("cy", "en")))
    prs = Presentation(io.BytesIO(result.data))
    ids = [s.id for s in result.deck.slides]
    assert ids == ["cover", "points", "ladder", "ladder-en"]  # diagrams alternate
    slide = prs.slides[1]
    boxes = [s for s in slide.shapes if s.has_text_frame and "People know" in s.text_frame.text]
    assert len(boxes) == 2
    welsh, english = sorted(boxes, key=lambda s: s.left)
    assert welsh.text_frame.text.startswith("Cymraeg")  # Welsh first, on the left
    assert english.left > welsh.left + welsh.width
    sizes = {r.find(f"{A}rPr").get("sz") for box in boxes for r in box._element.iter(f"{A}r")}
    assert len(sizes) == 1  # the same size for both languages
    langs = [{r.find(f"{A}rPr").get("lang") for r in b._element.iter(f"{A}r")} for b in boxes]
    assert sorted(map(tuple, langs)) == [("cy-GB",), ("en-GB",)]
    assert any(s.name == "Rule between languages" for s in slide.shapes)
    notes = [p.text for p in slide.notes_slide.notes_text_frame.paragraphs]
    assert notes[0].startswith("Cymraeg") and "First paragraph of notes." in notes
    english_slide = prs.slides[3]
    assert {r.find(f"{A}rPr").get("lang") for r in english_slide._element.iter(f"{A}r")} == {
        "en-GB"
    }


def test_bilingual_alternate(spec):
    update(spec, ["cy"])
    fill(spec.parent / "locales" / "cy.po", lambda s: "Cymraeg " + s)
    result = build(spec, BuildOptions(bilingual=("cy", "en"), bilingual_mode="alternate"))
    assert [s.id for s in result.deck.slides] == [
        "cover",
        "cover-en",
        "points",
        "points-en",
        "ladder",
        "ladder-en",
    ]
    assert [s.language for s in result.deck.slides][:2] == ["cy-GB", "en-GB"]


def test_welsh_workshop_builds_complete(tmp_path, check_ooxml):
    from coprod_slides.build import builtin_spec

    result = build(builtin_spec(), BuildOptions(lang="cy", strict=True))
    prs = Presentation(io.BytesIO(result.data))
    langs = {r.find(f"{A}rPr").get("lang") for s in prs.slides for r in s._element.iter(f"{A}r")}
    assert langs == {"cy-GB"}
    out = tmp_path / "cy.pptx"
    out.write_bytes(result.data)
    check_ooxml(out)


def _all(shapes):
    for shape in shapes:
        yield shape
        if shape.shape_type == 6:
            yield from _all(shape.shapes)
