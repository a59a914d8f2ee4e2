"""The tool's own words (handout labels, run sheet headings) come in the deck's language."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from pptx import Presentation

from coprod_slides.build import BuildOptions, build, builtin_spec, load
from coprod_slides.diagrams import get_kind, kind_names
from coprod_slides.errors import Diagnostics
from coprod_slides.i18n.tool import languages, translator
from coprod_slides.runsheet import to_markdown


def test_translator_formats_and_falls_back_to_english():
    _ = translator("cy-GB")
    assert _("Slide {number} of {total}", number=2, total=7) == "Sleid 2 o 7"
    assert _("Not in the catalogue") == "Not in the catalogue"
    assert translator("en-GB")("Speaker notes") == "Speaker notes"
    assert "cy" in languages()


def test_welsh_run_sheet_has_welsh_headings():
    deck = load(builtin_spec(), Diagnostics(), BuildOptions(lang="cy"))
    text = to_markdown(deck)
    assert text.startswith("# Trefn y sesiwn: Cydgynhyrchu")
    assert "| # | Dechrau | Mun | Sleid | Ciw |" in text
    assert re.search(r"^Cyfanswm: \d+ munud$", text, re.MULTILINE)


def test_welsh_handout_labels(tmp_path, monkeypatch):
    """The handout is drawn with Pillow: record what it writes on the pages."""
    from PIL import ImageDraw

    from coprod_slides.preview import handout_pdf

    drawn = []
    real = ImageDraw.ImageDraw.text

    def text(self, xy, value, *args, **kwargs):
        drawn.append(str(value))
        return real(self, xy, value, *args, **kwargs)

    monkeypatch.setattr(ImageDraw.ImageDraw, "text", text)
    deck = load(builtin_spec(), Diagnostics(), BuildOptions(lang="cy"))
    pngs = []
    for number in range(2):
        path = tmp_path / f"slide-{number}.png"
        Image.new("RGB", (320, 180), "white").save(path)
        pngs.append(path)
    assert handout_pdf(deck, pngs).startswith(b"%PDF")
    assert "Sleid 2 o 2" in drawn and "Nodiadau'r siaradwr" in drawn
    assert not any("Speaker notes" in d or "Slide 2 of" in d for d in drawn)


UNTITLED = """
title: "Working together"
language: {lang}
slides:
  - {{type: quote, quote: "Nothing about us without us", attribution: "Ann"}}
  - {{type: quote, quote: "Together"}}
  - type: diagram
    diagram: levels
  - {{type: closing, message: "Goodbye"}}
"""


@pytest.mark.parametrize(
    ("lang", "titles"),
    [
        ("cy-GB", ["Dyfyniad gan Ann", "Dyfyniad", "Lefelau cyfranogiad", "Diolch"]),
        ("en-GB", ["Quote from Ann", "Quote", "Levels of involvement", "Thank you"]),
    ],
)
def test_untitled_slides_get_titles_in_the_deck_language(write_spec, lang, titles):
    """Screen readers and the outline read the title the tool gives an untitled slide: in a
    Welsh deck it is Welsh, from the tool's catalogue."""
    result = build(write_spec(UNTITLED.format(lang=lang)))
    prs = Presentation(io.BytesIO(result.data))
    assert [slide.shapes.title.text_frame.text for slide in prs.slides] == titles


def test_every_diagram_kind_has_a_welsh_name():
    """An untitled diagram slide is titled with its kind's name: each has a Welsh one."""
    _ = translator("cy")
    for name in kind_names():
        english = get_kind(name).SUMMARY.split(":")[0]
        assert _(english) != english, name
