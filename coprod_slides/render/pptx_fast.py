"""Faster equivalents of python-pptx operations the renderer repeats many times per deck.

Each gives exactly what python-pptx gives (the same XML, parts and relationships; the tests
compare them), only with less work:

- ``BaseShapeElement.ph`` and ``_nvXxPr``: python-pptx finds these elements with an XPath
  expression that lxml compiles on every call, and every placeholder lookup
  (``slide.placeholders``, inherited positions, ``placeholder_format``) makes such calls:
  thousands per deck. Importing this module replaces the two properties, process-wide, with
  versions that walk the same children and return the same elements.
- :func:`notes_slide`: python-pptx clones the notes master's placeholders into each new notes
  slide through its XML API. The result does not depend on the slide, so after a deck's first
  notes slide the others are copies of that first one's fresh XML, in new parts named and
  related exactly as python-pptx names and relates them.
"""

from __future__ import annotations

import copy
import weakref

from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.oxml.shapes.shared import BaseShapeElement
from pptx.parts.slide import NotesSlidePart

_NV_PR = qn("p:nvPr")
_PH = qn("p:ph")


def _first_element_child(element):
    for child in element:
        if isinstance(child.tag, str):  # not a comment or a processing instruction
            return child
    return None


def _ph(self):
    """The ``p:ph`` element at ``./*[1]/p:nvPr/p:ph``, or None."""
    first = _first_element_child(self)
    if first is not None:
        for nv_pr in first.iterchildren(_NV_PR):
            for ph in nv_pr.iterchildren(_PH):
                return ph
    return None


def _nv_xx_pr(self):
    """``./*[1]``: the shape's non-visual properties element."""
    first = _first_element_child(self)
    if first is None:
        raise IndexError("list index out of range")  # what python-pptx's xpath(...)[0] raises
    return first


def install() -> None:
    """Replace the two python-pptx properties (done on import; calling again is harmless)."""
    BaseShapeElement.ph = property(
        _ph, doc="The `p:ph` descendant element if there is one, None otherwise."
    )
    BaseShapeElement._nvXxPr = property(
        _nv_xx_pr, doc="Required non-visual shape properties element for this shape."
    )


install()

#: notes master part -> a fresh notes slide element (placeholders cloned, no text yet)
_FRESH_NOTES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def notes_slide(pptx_slide):
    """``pptx_slide.notes_slide``: the slide's notes slide, created if it has none."""
    slide_part = pptx_slide.part
    if slide_part.has_notes_slide:
        return pptx_slide.notes_slide
    package = slide_part.package
    master_part = package.presentation_part.notes_master_part  # made if the deck has none
    fresh = _FRESH_NOTES.get(master_part)
    if fresh is None:
        notes = pptx_slide.notes_slide
        _FRESH_NOTES[master_part] = copy.deepcopy(notes._element)
        return notes
    notes_part = NotesSlidePart(
        package.next_partname("/ppt/notesSlides/notesSlide%d.xml"),
        CT.PML_NOTES_SLIDE,
        package,
        copy.deepcopy(fresh),
    )
    notes_part.relate_to(master_part, RT.NOTES_MASTER)
    notes_part.relate_to(slide_part, RT.SLIDE)
    slide_part.relate_to(notes_part, RT.NOTES_SLIDE)
    return pptx_slide.notes_slide
