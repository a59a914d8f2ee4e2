"""``[text](https://…)`` in slide texts: parsed into linked runs, written as clickable links."""

from __future__ import annotations

import io
import textwrap

from pptx import Presentation

from coprod_slides.build import build
from coprod_slides.layout.fit import Run, parse_inline


def test_a_link_becomes_runs_carrying_the_address():
    para = parse_inline("Read [the **full** story](https://example.org/a_b) today")
    assert para.text == "Read the full story today"
    assert [(r.text, r.bold, r.link) for r in para.runs] == [
        ("Read ", False, None),
        ("the ", False, "https://example.org/a_b"),
        ("full", True, "https://example.org/a_b"),
        (" story", False, "https://example.org/a_b"),
        (" today", False, None),
    ]


def test_text_that_only_looks_like_a_link_stays_as_written():
    for text in (
        "[x](ftp://example.org)",  # only web addresses
        "[x] (https://example.org)",  # a space between the parts
        "[x](https://exa mple.org)",
        "see [1] and (https://example.org)",
    ):
        assert parse_inline(text).runs == (Run(text),), text
    assert parse_inline("**bold** *it*") == parse_inline("**bold** *it*")  # no link: unchanged


def test_links_are_clickable_and_underlined_in_the_deck(tmp_path):
    spec = tmp_path / "deck.yaml"
    spec.write_text(
        textwrap.dedent(
            """\
            title: Links
            slides:
              - type: bullets
                title: Read more
                bullets:
                  - "The [ladder](https://example.org/ladder) and [Cynefin](https://example.org/c)"
                  - "No link here"
            """
        ),
        encoding="utf-8",
    )
    result = build(spec)
    slide = Presentation(io.BytesIO(result.data)).slides[0]
    runs = [
        run
        for shape in slide.shapes
        if shape.has_text_frame
        for para in shape.text_frame.paragraphs
        for run in para.runs
    ]
    linked = {run.text: run.hyperlink.address for run in runs if run.hyperlink.address}
    assert linked == {"ladder": "https://example.org/ladder", "Cynefin": "https://example.org/c"}
    assert all(run.font.underline for run in runs if run.hyperlink.address)
    assert not any(run.font.underline for run in runs if not run.hyperlink.address)
