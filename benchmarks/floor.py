"""The floor: python-pptx alone writing a deck of the same size as a built one.

    python benchmarks/floor.py contents.json out.pptx

``contents.json`` (written by ``run.py`` from a deck built by coprod-slides, see
``run.deck_contents``) lists per slide the text of every shape (groups flattened) and the
notes. This script opens the same base template, adds a slide on the blank layout for each,
a text box per shape with that text, the notes, and saves: the same slides, shapes, texts and
notes with no layout, fitting, diagrams, theme or validation. A build can be no faster than
this unless it skips python-pptx's generic paths.
"""

import json
import sys

from pptx import Presentation
from pptx.util import Pt


def main(contents: str, out: str) -> None:
    with open(contents, encoding="utf-8") as handle:
        spec = json.load(handle)
    prs = Presentation(spec["template"])
    blank = next((lay for lay in prs.slide_layouts if lay.name == "Blank"), prs.slide_layouts[-1])
    for data in spec["slides"]:
        slide = prs.slides.add_slide(blank)
        for index, text in enumerate(data["shapes"]):
            box = slide.shapes.add_textbox(Pt(40 + 2 * index), Pt(40 + 2 * index), Pt(400), Pt(80))
            box.text_frame.text = text
        if data["notes"]:
            slide.notes_slide.notes_text_frame.text = data["notes"]
    prs.save(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
