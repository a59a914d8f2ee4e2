"""Right-to-left decks: order-bearing layouts are mirrored (the first column on the right)."""

from __future__ import annotations

import io

import polib
from pptx import Presentation

from coprod_slides.build import BuildOptions, build
from coprod_slides.i18n.catalog import update

SPEC = """title: "Do and avoid"
language: en-GB
slides:
  - type: two-column
    id: dos
    title: "What works"
    left: {heading: "Do", bullets: ["Ask early"]}
    right: {heading: "Avoid", bullets: ["Asking late"]}
"""


def _column_x(prs, needle: str) -> int:
    slide = prs.slides[0]
    return next(s.left for s in slide.shapes if s.has_text_frame and needle in s.text_frame.text)


def test_two_columns_are_mirrored_in_arabic(tmp_path, monkeypatch):
    monkeypatch.setattr("coprod_slides.i18n.memory.bundled_catalogs", lambda lang: [])
    spec = tmp_path / "deck.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    english = Presentation(io.BytesIO(build(spec, BuildOptions()).data))
    assert _column_x(english, "Do") < _column_x(english, "Avoid")
    update(spec, ["ar"])
    po_path = tmp_path / "locales" / "ar.po"
    po = polib.pofile(str(po_path))
    for entry in po:
        entry.msgstr = f"عربي {entry.msgid}"
    po.save(str(po_path))
    arabic = Presentation(io.BytesIO(build(spec, BuildOptions(lang="ar")).data))
    assert _column_x(arabic, "عربي Do") > _column_x(arabic, "عربي Avoid")  # read first: right
