"""Library slides: ``use: coprod/<name>`` resolved to the slide shipped in ``library/``.

Below both the loader and the variants (``insert:`` slides may use the library too)."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import Diagnostics, Loc, SpecError
from ..specvalues.fields import did_you_mean, join_path
from ..specvalues.merge import deep_merge
from ..specvalues.yamlload import Text, YList, YMap, load_yaml_file
from .schema import MAX_SLIDES

LIBRARY_DIR = Path(__file__).resolve().parent.parent / "library"
LIBRARY_PREFIX = "coprod/"
LIBRARY_DISPLAY = "coprod_slides/library/"  # how messages name a library file


def library_names() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in LIBRARY_DIR.glob("*.yaml")))


@cache
def _library_slide(name: str) -> YMap:
    path = LIBRARY_DIR / f"{name}.yaml"
    data = load_yaml_file(path, display=f"{LIBRARY_DISPLAY}{name}.yaml")
    if not isinstance(data, YMap):
        raise SpecError(f"coprod_slides/library/{name}.yaml: a library slide must be a mapping")
    return data


def library_slide(name: str) -> YMap:
    copied: YMap = deep_merge(_library_slide(name), YMap())
    return copied


def resolve_slide(item: Any, path: str, loc: Loc | None, diag: Diagnostics) -> Any:
    """A slide with ``use: coprod/<name>`` becomes the library slide with the item's keys on top."""
    if not isinstance(item, YMap) or "use" not in item:
        return item
    ref = item["use"]
    where = item.loc_of("use")
    if not isinstance(ref, str) or not ref.startswith(LIBRARY_PREFIX):
        diag.error(
            where,
            f"{join_path(path, 'use')}: expected 'coprod/<name>' naming a library slide, "
            f"got {ref!r}; run 'coprod-slides library' to list them",
        )
        return None
    name = ref[len(LIBRARY_PREFIX) :]
    if name not in library_names():
        diag.error(
            where,
            f"{join_path(path, 'use')}: unknown library slide '{ref}'"
            f"{did_you_mean(name, library_names())}; known: "
            + ", ".join(LIBRARY_PREFIX + n for n in library_names()),
        )
        return None
    overrides = YMap(loc=item.loc)
    for key, value in item.items():
        if key != "use":
            overrides[key] = value
            for locs, own in (
                (overrides.key_locs, item.key_locs),
                (overrides.val_locs, item.val_locs),
            ):
                if key in own:
                    locs[key] = own[key]
    merged = deep_merge(library_slide(name), overrides)
    merged.loc = item.loc
    return _via(merged, item.loc)


def _via(node: Any, user_loc: Loc | None) -> Any:
    """``node`` with its library locations also naming the user's ``use:`` line: a message
    about a library slide points at the line of the spec the user can change."""
    if user_loc is None:
        return node

    def moved(loc: Loc) -> Loc:
        if loc.via is not None or not loc.path.startswith(LIBRARY_DISPLAY):
            return loc
        return replace(loc, via=user_loc)

    if isinstance(node, Text):
        return Text(str(node), node.loc and moved(node.loc))
    if isinstance(node, YMap):
        node.loc = node.loc and moved(node.loc)
        node.key_locs = {k: moved(v) for k, v in node.key_locs.items()}
        node.val_locs = {k: moved(v) for k, v in node.val_locs.items()}
        for key, value in node.items():
            node[key] = _via(value, user_loc)
    elif isinstance(node, YList):
        node.loc = node.loc and moved(node.loc)
        node.item_locs = [v and moved(v) for v in node.item_locs]
        node[:] = [_via(value, user_loc) for value in node]
    return node


def collect_slides(
    data: YMap, display: str, diag: Diagnostics
) -> list[tuple[Any, str, Loc | None]]:
    raw = data.get("slides")
    if raw is None:
        return []
    if not isinstance(raw, YList):
        diag.error(
            data.loc_of("slides"),
            "slides: expected a list of slides (each starting with '- type:' or '- use:')",
        )
        return []
    if not raw:
        diag.error(data.loc_of("slides"), "slides: the deck has no slides; add at least one")
    if len(raw) > MAX_SLIDES:
        diag.error(
            data.loc_of("slides"),
            f"slides: {len(raw):,} slides; the limit is {MAX_SLIDES:,} per deck",
        )
        return []
    out = []
    for index, item in enumerate(raw):
        path = join_path("slides", index)
        loc = raw.loc_of(index)
        resolved = resolve_slide(item, path, loc, diag)
        if resolved is not None:
            out.append((resolved, path, loc))
    return out
