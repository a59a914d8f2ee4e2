"""Spec chains and audience variants, applied to the loaded YAML before validation.

- ``extends:`` a spec may extend another (a path relative to it, or a built-in such as
  ``coprod/workshop``) and change only what differs; chains are allowed, cycles reported.
- ``overrides:`` (keyed by slide id, deep-merged), ``insert:`` and ``remove:`` edit the
  slide list, at the top level and inside an audience.
- ``audiences:`` each selects slides (``only`` — which also sets the order —,
  ``include_tags``, ``exclude_tags``, per-slide ``audiences``), sets ``vars``, tweaks the
  ``theme`` and chooses the ``notes`` depth.

Working on the YAML (not the model) keeps every merged value's source position, so an
error in an override points at the override's line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..decks import DECKS_DIR
from ..errors import Diagnostics, Loc, SpecError
from ..inputs import os_reason
from ..specvalues.fields import (
    INVALID,
    AnyMapping,
    Choice,
    ListOf,
    Mapping_,
    Str,
    did_you_mean,
    join_path,
    type_name,
)
from ..specvalues.merge import deep_merge
from ..specvalues.yamlload import Text, YList, YMap, load_yaml_file
from .library import collect_slides, resolve_slide
from .schema import slugify

BUILTIN_PREFIX = "coprod/"
ALWAYS_KEPT_TYPES = ("title", "closing")
MAX_CHAIN = 10

INSERT = Mapping_(
    {
        "before": Str(),
        "after": Str(),
        "slides": ListOf(AnyMapping(), min_items=1, required=True),
    }
)
EDIT_FIELDS = {
    "overrides": AnyMapping(),
    "insert": ListOf(INSERT),
    "remove": ListOf(Str()),
}
AUDIENCE = Mapping_(
    {
        "description": Str(max_length=500),
        "only": ListOf(Str()),
        "include_tags": ListOf(Str()),
        "exclude_tags": ListOf(Str()),
        "vars": AnyMapping(),
        "theme": AnyMapping(),
        "notes": Choice(("brief", "full"), what="notes depth"),
        **EDIT_FIELDS,
    },
    what="audience key",
)


def builtin_deck(name: str) -> Path:
    path: Path = DECKS_DIR / f"{name}.yaml"
    return path


def builtin_names() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in DECKS_DIR.glob("*.yaml")))


def load_chain(
    path: Path,
    diag: Diagnostics,
    display_of: Callable[[Path], str],
    chain: tuple[Path, ...] = (),
    *,
    allow_outside: bool = False,
) -> YMap:
    """Load a spec and everything it extends; return one merged mapping with resolved slides.

    Every spec of the chain must lie in the first spec's folder tree (after following
    symlinks), as assets must, unless ``allow_outside`` (``--allow-outside-assets``)."""
    display = display_of(path)
    data = load_yaml_file(path, display)
    if not isinstance(data, YMap):
        raise SpecError(
            f"{display}:1:1: a deck spec must be a mapping with 'title:' and "
            "'slides:' at the top level"
        )
    own_slides = None
    if "slides" in data:
        own_slides = collect_slides(data, display, diag)
    if "extends" in data:
        root = (chain[0] if chain else path).parent
        base_path = _extends_path(data, path, diag, None if allow_outside else root)
        if base_path is None:
            merged = data
        else:
            resolved = base_path.resolve()
            names = [display_of(p) for p in (*chain, path, base_path)]
            if resolved in [p.resolve() for p in (*chain, path)]:
                raise SpecError(
                    f"{data.loc_of('extends')}: extends: cycle "
                    + " → ".join(names)
                    + "; remove one of the 'extends:'"
                )
            if len(chain) >= MAX_CHAIN:
                raise SpecError(
                    f"{data.loc_of('extends')}: extends: more than {MAX_CHAIN} specs in the chain"
                )
            base = load_chain(
                base_path, diag, display_of, (*chain, path), allow_outside=allow_outside
            )
            merged = merge_specs(base, data)
    else:
        merged = data
    if own_slides is not None:
        merged["slides"] = YList(
            [s for s, _, _ in own_slides], data.loc_of("slides"), [loc for _, _, loc in own_slides]
        )
    elif "slides" not in merged:
        if not chain:  # the spec being built (not a base it extends) has no slides at all
            diag.error(
                data.loc,
                "no 'slides:' list at the top level; a deck needs slides, e.g. 'slides:' "
                "and under it '  - type: title' (an empty deck is an error, as 'slides: []' is)",
            )
        merged["slides"] = YList([], data.loc)
    merged["slides"] = assign_raw_ids(merged["slides"])
    apply_edits(merged, data, "", diag)
    return merged


def _extends_path(
    data: YMap, path: Path, diag: Diagnostics, root: Path | None = None
) -> Path | None:
    """The spec ``extends:`` names; outside ``root`` (when given) is an error."""
    ref = data["extends"]
    where = data.loc_of("extends")
    if not isinstance(ref, str) or not ref.strip():
        diag.error(where, f"extends: expected a spec path or 'coprod/<name>', got {type_name(ref)}")
        return None
    if ref.startswith(BUILTIN_PREFIX):
        name = ref[len(BUILTIN_PREFIX) :]
        if name not in builtin_names():
            raise SpecError(
                f"{where}: extends: unknown built-in deck '{ref}'"
                f"{did_you_mean(name, builtin_names())}; known: "
                + ", ".join(BUILTIN_PREFIX + n for n in builtin_names())
            )
        return builtin_deck(name)
    base = path.parent / ref
    try:
        resolved = base.resolve()
        exists = base.exists()
    except (OSError, RuntimeError) as exc:
        raise SpecError(f"{where}: extends: '{ref}' cannot be read ({os_reason(exc)})") from None
    if root is not None and not resolved.is_relative_to(root.resolve()):
        raise SpecError(
            f"{where}: extends: '{ref}' is outside the spec's folder ({root.resolve()}); move "
            "it into the project or pass --allow-outside-assets"
        )
    if not exists:
        raise SpecError(
            f"{where}: extends: '{ref}' not found (looked for {base}); the path "
            "is relative to this spec"
        )
    return base


def merge_specs(base: YMap, child: YMap) -> YMap:
    """The child's keys over the base: mappings merge, lists and text replace."""
    merged: YMap = deep_merge(base, YMap(loc=child.loc))
    for key, value in child.items():
        if key in ("extends", "overrides", "insert", "remove", "slides"):
            continue
        if (
            key in ("vars", "theme", "audiences")
            and isinstance(value, dict)
            and isinstance(merged.get(key), dict)
        ):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
        merged.key_locs[key] = child.key_locs[key]
        merged.val_locs[key] = child.val_locs[key]
    merged.loc = child.loc
    return merged


def assign_raw_ids(slides: YList) -> YList:
    """Give every slide mapping an id (explicit, from its title, or from its type).

    A whole-number id is text (``id: 5`` is ``'5'``); an id of another type (``id: [a, b]``)
    is left for validation to report at its line."""
    for slide in slides:
        value = slide.get("id") if isinstance(slide, YMap) else None
        if isinstance(value, int) and not isinstance(value, bool):
            slide["id"] = Text(str(value), slide.loc_of("id"))
    seen = {str(s["id"]) for s in slides if isinstance(s, dict) and isinstance(s.get("id"), str)}
    for index, slide in enumerate(slides):
        if not isinstance(slide, YMap) or slide.get("id") is not None:
            continue
        title = slide.get("title")
        base = (
            slugify(title)
            if isinstance(title, str) and title.strip()
            else f"{slide.get('type', 'slide')}-{index + 1}"
        )
        candidate, n = base, 2
        while candidate in seen:
            candidate, n = f"{base}-{n}", n + 1
        seen.add(candidate)
        slide["id"] = Text(candidate, slide.loc)
    return slides


def slide_ids(slides: YList) -> list[str]:
    return [str(s.get("id")) for s in slides if isinstance(s, dict)]


def _index_of(slides: YList, slide_id: str) -> int | None:
    for index, slide in enumerate(slides):
        if isinstance(slide, dict) and slide.get("id") == slide_id:
            return index
    return None


def _missing_id(
    diag: Diagnostics, loc: Loc | None, path: str, slide_id: str, slides: YList
) -> None:
    ids = slide_ids(slides)
    diag.error(
        loc,
        f"{path}: no slide with id '{slide_id}'{did_you_mean(slide_id, ids)}; "
        f"ids in this deck: {', '.join(ids)}",
    )


def apply_edits(
    target: YMap, source: YMap, path: str, diag: Diagnostics, inserts: bool = True
) -> None:
    """Apply ``source``'s overrides, remove and (unless told not to) insert."""
    slides: YList = target["slides"]
    overrides = source.get("overrides")
    if overrides is not None:
        opath = join_path(path, "overrides")
        if not isinstance(overrides, YMap):
            diag.error(
                source.loc_of("overrides"),
                f"{opath}: expected a mapping of slide id "
                f"to the fields to change, got {type_name(overrides)}",
            )
        else:
            for slide_id, change in overrides.items():
                index = _index_of(slides, slide_id)
                key_path = join_path(opath, slide_id)
                if index is None:
                    _missing_id(diag, overrides.key_loc(slide_id), key_path, slide_id, slides)
                elif not isinstance(change, dict):
                    diag.error(
                        overrides.loc_of(slide_id),
                        f"{key_path}: expected a mapping of "
                        f"fields to change, got {type_name(change)}",
                    )
                else:
                    merged = deep_merge(slides[index], change)
                    merged.loc = slides[index].loc
                    slides[index] = merged
    remove = source.get("remove")
    if remove is not None:
        checked = ListOf(Str()).validate(
            remove, join_path(path, "remove"), source.loc_of("remove"), diag
        )
        if checked is not INVALID:
            for i, slide_id in enumerate(checked):
                index = _index_of(slides, slide_id)
                if index is None:
                    _missing_id(
                        diag, remove.loc_of(i), join_path(path, f"remove[{i}]"), slide_id, slides
                    )
                else:
                    del slides[index]
                    del slides.item_locs[index : index + 1]
    if inserts:
        apply_inserts(target, source, path, diag)


def apply_inserts(target: YMap, source: YMap, path: str, diag: Diagnostics) -> None:
    """Insert ``source``'s extra slides before or after the slide ids they name."""
    slides: YList = target["slides"]
    inserts = source.get("insert")
    if inserts is not None:
        ipath = join_path(path, "insert")
        checked = ListOf(INSERT).validate(inserts, ipath, source.loc_of("insert"), diag)
        if checked is INVALID:
            return
        for i, item in enumerate(checked):
            item_path = join_path(ipath, i)
            anchor = item["before"] or item["after"]
            if bool(item["before"]) == bool(item["after"]):
                diag.error(
                    inserts.loc_of(i),
                    f"{item_path}: give exactly one of 'before:' or 'after:' (a slide id)",
                )
                continue
            index = _index_of(slides, anchor)
            if index is None:
                _missing_id(diag, anchor.loc, item_path, anchor, slides)
                continue
            position = index if item["before"] else index + 1
            new = []
            raw = inserts[i]["slides"]
            for j, slide in enumerate(raw):
                resolved = resolve_slide(
                    slide, join_path(item_path, f"slides[{j}]"), raw.loc_of(j), diag
                )
                if resolved is not None:
                    new.append(resolved)
            for offset, slide in enumerate(new):
                slides.insert(position + offset, slide)
                slides.item_locs.insert(position + offset, slide.loc)
        target["slides"] = assign_raw_ids(slides)


def audience_names(data: YMap) -> list[str]:
    audiences = data.get("audiences")
    return list(audiences) if isinstance(audiences, dict) else []


def check_audiences(data: YMap, diag: Diagnostics) -> None:
    """Check every audience's settings, not only the one being built: a mistake in an
    audience nobody builds today is still reported (slide ids are checked when applied)."""
    audiences = data.get("audiences")
    if not isinstance(audiences, YMap):
        return
    for name, raw in audiences.items():
        if raw is not None:
            AUDIENCE.validate(raw, f"audiences.{name}", audiences.loc_of(name), diag)


def apply_audience(data: YMap, name: str, diag: Diagnostics) -> YMap:
    """The spec as seen by one audience: selection, edits, vars, theme and notes depth."""
    names = audience_names(data)
    if name not in names:
        known = ", ".join(names) if names else "none (add an 'audiences:' section)"
        raise SpecError(
            f"unknown audience '{name}'{did_you_mean(name, names)}; this spec defines: {known}",
            data.loc_of("audiences") if names else None,
        )
    audiences: YMap = data["audiences"]  # it names this audience (audience_names)
    path = f"audiences.{name}"
    raw = audiences[name] if audiences[name] is not None else YMap(loc=audiences.loc_of(name))
    settings = AUDIENCE.validate(raw, path, audiences.loc_of(name), diag)
    if settings is INVALID:
        diag.raise_if_errors()
    result: YMap = deep_merge(data, YMap(loc=data.loc))
    apply_edits(result, raw, path, diag, inserts=False)
    result["slides"] = select_slides(result["slides"], name, settings, raw, path, diag)
    apply_inserts(result, raw, path, diag)  # the audience's own slides are always kept
    for key in ("vars", "theme"):
        if raw.get(key):
            result[key] = deep_merge(result.get(key) or YMap(), raw[key])
            where = raw.loc_of(key)
            if where is not None:
                result.val_locs[key] = where
    result["_audience"] = name
    result["_notes_depth"] = settings["notes"] or "full"
    return result


def without_audience_only_slides(data: YMap) -> YMap:
    """The spec built for no audience: slides written for named audiences only
    (``audiences: [citizens]``) are left out."""
    slides = data.get("slides")
    if not isinstance(slides, YList):
        return data
    kept, locs = [], []
    for index, slide in enumerate(slides):
        wanted = slide.get("audiences") if isinstance(slide, dict) else None
        if isinstance(wanted, list) and wanted:
            continue
        kept.append(slide)
        locs.append(slides.loc_of(index))
    if len(kept) == len(slides):
        return data
    result: YMap = deep_merge(data, YMap(loc=data.loc))
    result["slides"] = YList(kept, slides.loc, locs)
    return result


def select_slides(
    slides: YList, name: str, settings: dict[str, Any], raw: YMap, path: str, diag: Diagnostics
) -> YList:
    only = settings["only"]
    if only is not None:
        chosen, locs = [], []
        for i, slide_id in enumerate(only):
            index = _index_of(slides, slide_id)
            if index is None:
                _missing_id(diag, raw["only"].loc_of(i), f"{path}.only[{i}]", slide_id, slides)
            else:
                chosen.append(slides[index])
                locs.append(slides.loc_of(index))
        slides = YList(chosen, slides.loc, locs)
    include = set(settings["include_tags"] or ())
    exclude = set(settings["exclude_tags"] or ())
    kept, locs = [], []
    for index, slide in enumerate(slides):
        if not isinstance(slide, dict):
            kept.append(slide)
            locs.append(slides.loc_of(index))
            continue
        tags = set(slide.get("tags") or ()) if isinstance(slide.get("tags"), list) else set()
        wanted = slide.get("audiences")
        if isinstance(wanted, list):
            if name not in wanted:
                continue
            kept.append(slide)  # written for this audience: kept whatever its tags
            locs.append(slides.loc_of(index))
            continue
        if exclude & tags:
            continue
        if include and not include & tags and slide.get("type") not in ALWAYS_KEPT_TYPES:
            continue
        kept.append(slide)
        locs.append(slides.loc_of(index))
    if not kept:
        diag.error(
            raw.loc, f"{path}: selects no slides; check 'only', 'include_tags' and 'exclude_tags'"
        )
    return YList(kept, slides.loc, locs)
