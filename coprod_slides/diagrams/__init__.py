"""Diagram kinds: small modules that turn validated data into a Drawing.

Each kind module defines:

- ``NAME`` (the ``diagram:`` value) and ``SUMMARY`` (one line for ``coprod-slides diagrams``);
- ``DATA``: a :class:`~coprod_slides.specvalues.fields.Mapping_` field that validates its data;
- ``draw(data, area, ctx) -> Drawing``: lay out native shapes inside ``area``;
- ``alt_text(data) -> str``: the diagram's message, for screen readers.

Its default data (the co-production content) lives in ``data/<NAME>.yaml``.
"""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from ..specvalues.merge import deep_merge
from ..specvalues.yamlload import YMap, load_yaml_file

DATA_DIR = Path(__file__).resolve().parent / "data"
KIND_MODULES = {
    "around-the-table": "around_table",
    "cynefin": "cynefin",
    "ladder": "ladder",
    "levels": "levels",
    "outputs-outcomes": "outputs_outcomes",
    "how-not-extra": "how_not_extra",
}


def kind_names() -> tuple[str, ...]:
    return tuple(KIND_MODULES)


@cache
def get_kind(name: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{KIND_MODULES[name]}")


@cache
def _default_data(name: str) -> YMap:
    path = DATA_DIR / f"{name}.yaml"
    if not path.exists():
        return YMap()
    return load_yaml_file(path, display=f"coprod_slides/diagrams/data/{name}.yaml")


def default_data(name: str) -> YMap:
    """The kind's default (co-production) data; a fresh copy each call."""
    return deep_merge(_default_data(name), YMap())


def describe_data(name: str) -> dict[str, Any]:
    """Field name → expected type, for ``coprod-slides diagrams``."""
    kind = get_kind(name)
    return {key: field.expected for key, field in kind.DATA.fields.items()}
