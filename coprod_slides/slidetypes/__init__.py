"""Slide types: one small module per type, mirroring ``diagrams/``.

Each type module defines ``SLIDE_TYPE``, a :class:`~coprod_slides.slidetypes.base.SlideType`
that declares everything the rest of the tool needs to know about the type:

- ``name`` (the ``type:`` value) and ``aliases`` (``comparison`` → ``two-column``);
- ``fields``: the spec keys of the type (deck-spec field objects) and ``content``, the frozen
  dataclass the validated values become (``Slide.content``);
- ``layout``: the layout it asks a template for, and how to find one when that name is missing;
- ``write(canvas, slide)``: draws the slide's body through a small :class:`Canvas` (no
  python-pptx import in the type modules);
- ``translatable``: which content fields hold text a person reads (their paths stay
  ``bullets[2]``, ``left.heading``, ``data.groups[0].rungs[1]``);
- ``bilingual``: ``side-by-side`` (both languages on one slide) or ``alternate``;
- ``fallback_title(slide, deck, _)``: the title screen readers get when the spec gives none;
  the tool's own words in it go through ``_`` (the tool catalogue, in the slide's language).

Adding a slide type is one module here (listed in ``TYPE_MODULES``) plus its tests.
"""

from __future__ import annotations

import importlib
from functools import cache

from .base import Canvas, SlideContent, SlideType

__all__ = [
    "Canvas",
    "SlideContent",
    "SlideType",
    "aliases",
    "all_types",
    "get",
    "layout_names",
    "names",
    "resolve",
]

TYPE_MODULES = {
    "title": "title",
    "section": "section",
    "bullets": "bullets",
    "two-column": "two_column",
    "quote": "quote",
    "image": "image",
    "diagram": "diagram",
    "closing": "closing",
    "activity": "activity",
}


@cache
def get(name: str) -> SlideType:
    """The slide type called ``name`` (its canonical name, not an alias)."""
    module = importlib.import_module(f"{__name__}.{TYPE_MODULES[name]}")
    slide_type: SlideType = module.SLIDE_TYPE
    return slide_type


def names() -> tuple[str, ...]:
    """Canonical slide-type names, in the order documentation lists them."""
    return tuple(TYPE_MODULES)


def all_types() -> tuple[SlideType, ...]:
    return tuple(get(name) for name in TYPE_MODULES)


@cache
def aliases() -> dict[str, str]:
    """Alias → canonical name (e.g. ``comparison`` → ``two-column``)."""
    return {alias: t.name for t in all_types() for alias in t.aliases}


def layout_names() -> dict[str, str]:
    """Slide type → the layout name it asks a template for."""
    return {t.name: t.layout.name for t in all_types()}


def resolve(name: str) -> str:
    """The canonical name for a type name or alias."""
    return aliases().get(name, name)
