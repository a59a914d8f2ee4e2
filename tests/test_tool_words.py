"""The tool's own words (handout labels, run sheet headings) come in the deck's language."""

from __future__ import annotations

import re

from PIL import Image

from coprod_slides.build import BuildOptions, builtin_spec, load
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
