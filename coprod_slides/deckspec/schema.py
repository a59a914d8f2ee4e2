"""The deck spec schema: from loaded YAML (with positions) to a validated model.Deck."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from .. import slidetypes
from ..colours import COLOR_KEYS, DEFAULT_COLORS, contrast_ratio
from ..errors import Diagnostics, Loc
from ..model import Deck, Logo, Notes, Slide, Theme
from ..slidetypes.common import MAX_BULLET_CHARS, MAX_BULLET_DEPTH
from ..specvalues.fields import (
    INVALID,
    AnyMapping,
    Anything,
    Bool,
    Choice,
    Color,
    Field,
    ListOf,
    Mapping_,
    Number,
    OneOf,
    Str,
    join_path,
    type_name,
    validate_keys,
)
from ..specvalues.textvalues import loc_of
from ..specvalues.yamlload import Text, YMap

MAX_SLIDES = 1000
__all__ = ["MAX_BULLET_CHARS", "MAX_BULLET_DEPTH", "MAX_SLIDES", "validate_deck"]
LOGO_POSITIONS = ("top-left", "top-right", "bottom-left", "bottom-right")
COLOR_ALIASES = {
    "text": "dk1",
    "background": "lt1",
    "primary": "dk2",
    "surface": "lt2",
    "link": "hlink",
}
THEME_COLOR_KEYS = COLOR_KEYS


def _notes(values: dict[str, Any], ymap: YMap) -> Notes:
    return Notes(full=values["full"], brief=values.get("brief"))


NOTES = OneOf(
    (str, Str(allow_empty=True, max_length=100_000)),
    (
        dict,
        Mapping_(
            {"full": Str(required=True, max_length=100_000), "brief": Str(max_length=20_000)},
            build=_notes,
        ),
    ),
)
TAGS = ListOf(Str(max_length=60))
COMMON_FIELDS: dict[str, Field] = {
    "type": Choice(slidetypes.names() + tuple(slidetypes.aliases()), what="slide type"),
    "use": Str(),
    "id": Str(max_length=80),
    "title": Str(max_length=300),
    "hide_title": Bool(),
    "notes": NOTES,
    "tags": TAGS,
    "audiences": ListOf(Str(max_length=60)),
    "duration": Number(minimum=0, maximum=600),
}
LOGO = Mapping_(
    {
        "image": Str(required=True),
        "alt": Str(required=True, help="e.g. 'Example Council logo'"),
        "position": Choice(LOGO_POSITIONS, default="top-right", what="logo position"),
        "width": Number(minimum=16, maximum=400, default=96.0),
        "on": ListOf(Choice(slidetypes.names(), what="slide type")),
    }
)
THEME = Mapping_(
    {
        "colors": Mapping_(
            {key: Color() for key in THEME_COLOR_KEYS + tuple(COLOR_ALIASES)}, what="theme colour"
        ),
        "fonts": Mapping_(
            {
                "heading": Str(numbers=False, max_length=100, what="a font name"),
                "body": Str(numbers=False, max_length=100, what="a font name"),
            },
            what="font role",
        ),
        "footer": Str(max_length=200),
        "slide_numbers": Bool(default=True),
        "logo": LOGO,
        "min_size": Number(minimum=8, maximum=40, default=12.0),
    },
    what="theme key",
)

DECK_FIELDS: dict[str, Field] = {
    "title": Str(required=True, max_length=300, help="the deck's title"),
    "subtitle": Str(max_length=500),
    "author": Str(max_length=200),
    "date": Str(max_length=100),
    "language": Str(default="en-GB", max_length=35, numbers=False, what="a language code"),
    "theme": Anything(),  # validated (once) by build_theme
    # validated slide by slide, and before validation by spec/variants.py:
    "slides": Anything(required=True, help="a list of slides"),
    "extends": Str(),
    "translations": Str(
        numbers=False,
        max_length=1000,
        what="a folder name",
        help="a folder of <lang>.po catalogues, relative to the spec, or coprod/<deck> for "
        "a built-in deck's",
    ),
    "template": Str(
        max_length=1000,
        numbers=False,
        what="a file name",
        help="an organisation's .pptx or .potx, relative to the spec",
    ),
    "layouts": Mapping_(
        {t: Str(max_length=200) for t in slidetypes.names() + tuple(slidetypes.aliases())},
        what="slide type",
    ),
    "vars": AnyMapping(),
    "audiences": AnyMapping(),
    "overrides": AnyMapping(),
    "insert": Anything(),
    "remove": Anything(),
    "_audience": Anything(),
    "_notes_depth": Anything(),
}
LANG_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:48].strip("-") or "slide"


class SlideValidator:
    """Validates slide mappings (already merged with their library slide, if any)."""

    def __init__(self, diag: Diagnostics, base_dir: Path) -> None:
        self.diag = diag
        self.base_dir = base_dir

    def validate(self, ymap: Any, path: str, loc: Loc | None) -> Slide | None:
        if not isinstance(ymap, dict):
            self.diag.error(
                loc,
                f"{path}: expected a slide (a mapping with 'type:' or "
                f"'use:'), got {type_name(ymap)}",
            )
            return None
        if not isinstance(ymap, YMap):
            ymap = YMap(ymap, loc=loc)
        slide_type = ymap.get("type")
        if slide_type is None:
            self.diag.error(
                ymap.loc,
                f"{path}: missing 'type:' (one of "
                f"{', '.join(slidetypes.names())}) or 'use: coprod/<name>'",
            )
            return None
        checked_type = COMMON_FIELDS["type"].validate(
            slide_type, join_path(path, "type"), ymap.loc_of("type"), self.diag
        )
        if checked_type is INVALID:
            return None
        slide_type = slidetypes.get(slidetypes.resolve(checked_type))
        fields = {**COMMON_FIELDS, **slide_type.fields}
        values = validate_keys(
            ymap,
            fields,
            path,
            self.diag,
            what=f"key for {'an' if slide_type.name[0] in 'aeio' else 'a'} {slide_type.name} slide",
        )
        if values is INVALID:
            return None
        for name in slide_type.required:
            if values.get(name) is None:
                self.diag.error(ymap.loc, f"{path}: missing required key '{name}'")
                return None
        content = {k: v for k, v in values.items() if k in slide_type.fields}
        if slide_type.finish is not None:
            finished = slide_type.finish(content, ymap, path, self.diag)
            if finished is None:
                return None
            content = finished
        built = slide_type.build_content(content)
        duration = values["duration"]
        if duration is None and slide_type.default_duration is not None:
            duration = slide_type.default_duration(built)
        notes = values["notes"]
        if isinstance(notes, Text):  # a plain string (validated: a Text), not full/brief
            notes = Notes(full=notes) if notes.strip() else None
        return Slide(
            type=slide_type.name,
            id=values["id"] or "",
            loc=ymap.loc or loc or Loc("?"),
            title=values["title"],
            notes=notes,
            tags=tuple(values["tags"] or ()),
            audiences=tuple(values["audiences"]) if values["audiences"] is not None else None,
            duration=duration,
            content=built,
            hidden_title=bool(values["hide_title"]),
        )


def validate_deck(
    ymap: Any,
    source: Path,
    display: str,
    diag: Diagnostics,
    slides: list[tuple[Any, str, Loc | None]],
) -> Deck | None:
    """Validate the top level of a spec; ``slides`` are (mapping, path, loc) after library use."""
    values = validate_keys(ymap, DECK_FIELDS, "", diag, what="top-level key")
    if values is INVALID:
        values = {
            k: DECK_FIELDS[k].validate(ymap[k], k, ymap.loc_of(k), Diagnostics())
            if k in ymap
            else None
            for k in DECK_FIELDS
        }
    language = values.get("language") or "en-GB"
    if isinstance(language, str) and not LANG_RE.match(language):
        diag.error(
            ymap.loc_of("language"),
            f"language: '{language}' is not a language tag; use a code like 'en-GB', 'cy' or 'ar'",
        )
    theme = build_theme(
        ymap.get("theme"), ymap.loc_of("theme") if "theme" in ymap else None, source.parent, diag
    )
    validator = SlideValidator(diag, source.parent)
    built: list[Slide] = []
    for slide_map, path, loc in slides:
        slide = validator.validate(slide_map, path, loc)
        if slide is not None:
            built.append(slide)
    built = assign_ids(built, diag)
    if diag.errors or theme is None:
        return None
    return Deck(
        title=values["title"],
        subtitle=values.get("subtitle"),
        author=values.get("author"),
        date=values.get("date"),
        language=normalise_language(language),
        theme=theme,
        slides=tuple(built),
        source=source,
        loc=ymap.loc or Loc(display, 1, 1),
    )


def normalise_language(tag: str) -> str:
    """'en' → 'en-GB', 'cy' → 'cy-GB' (our users are in Wales and the UK first)."""
    defaults = {"en": "en-GB", "cy": "cy-GB", "gd": "gd-GB", "ga": "ga-IE"}
    # a Text keeps its place in the spec, for errors about the language found later
    return Text(defaults.get(str(tag).lower(), str(tag)), loc_of(tag))


def assign_ids(slides: list[Slide], diag: Diagnostics) -> list[Slide]:
    """Explicit ids must be unique; missing ids are derived from the title, then made unique."""
    seen: dict[str, Loc] = {}
    for slide in slides:
        if slide.id:
            if slide.id in seen:
                first = seen[slide.id]
                diag.error(
                    slide.loc,
                    f"slide id '{slide.id}' is used twice (first at line "
                    f"{first.line}); give each slide a unique 'id:'",
                )
            else:
                seen[slide.id] = slide.loc
    out = []
    for index, slide in enumerate(slides):
        if not slide.id:
            base = slugify(slide.title) if slide.title else f"{slide.type}-{index + 1}"
            candidate, n = base, 2
            while candidate in seen:
                candidate, n = f"{base}-{n}", n + 1
            seen[candidate] = slide.loc
            slide = replace(slide, id=candidate)
        out.append(slide)
    return out


def build_theme(value: Any, loc: Loc | None, base_dir: Path, diag: Diagnostics) -> Theme | None:
    if value is None or value == "coprod":
        return Theme(colors=dict(DEFAULT_COLORS))
    if isinstance(value, str):
        diag.error(
            loc,
            f"theme: unknown theme '{value}'; the built-in theme is 'coprod', or "
            "give a mapping with colors/fonts/footer/logo",
        )
        return None
    if not isinstance(value, dict):
        diag.error(
            loc,
            f"theme: expected 'coprod' or a mapping with colors/fonts/footer/logo, "
            f"got {type_name(value)}",
        )
        return None
    checked = THEME.validate(value, "theme", loc, diag)
    if checked is INVALID:
        return None
    colors = dict(DEFAULT_COLORS)
    for key, color in (checked["colors"] or {}).items():
        if color is not None:
            colors[COLOR_ALIASES.get(key, key)] = color
    fonts = checked["fonts"] or {}
    logo = None
    if checked["logo"]:
        spec = checked["logo"]
        logo = Logo(
            path=Path(spec["image"]),
            alt=spec["alt"],
            position=spec["position"] or "top-right",
            width=float(spec["width"] or 96.0),
            on=tuple(spec["on"]) if spec["on"] else slidetypes.names(),
        )
    theme = Theme(
        colors=colors,
        heading_font=fonts.get("heading") or "Arial",
        body_font=fonts.get("body") or "Arial",
        footer=checked["footer"],
        slide_numbers=checked["slide_numbers"] if checked["slide_numbers"] is not None else True,
        logo=logo,
        min_size=float(checked["min_size"] or 12.0),
    )
    check_theme_contrast(theme, value, loc, diag)
    return theme


def explicit_theme_keys(value: Any) -> tuple[frozenset[str], frozenset[str]]:
    """The colour slots and font roles a spec's ``theme:`` sets itself (the rest may come from
    an organisation template). ``theme: coprod`` sets them all."""
    if value == "coprod":
        return frozenset(THEME_COLOR_KEYS), frozenset({"heading", "body"})
    if not isinstance(value, dict):
        return frozenset(), frozenset()
    colors: dict[str, Any] = value["colors"] if isinstance(value.get("colors"), dict) else {}
    fonts: dict[str, Any] = value["fonts"] if isinstance(value.get("fonts"), dict) else {}
    return (
        frozenset(COLOR_ALIASES.get(k, k) for k, v in colors.items() if v is not None),
        frozenset(k for k in ("heading", "body") if fonts.get(k)),
    )


def check_theme_contrast(theme: Theme, value: Any, loc: Loc | None, diag: Diagnostics) -> None:
    """Text on each theme fill must reach WCAG AA (4.5:1) with dark or light text."""
    colors = theme.colors
    where = loc
    colors_map = value.get("colors") if isinstance(value, YMap) else None
    if isinstance(colors_map, YMap):
        where = colors_map.loc
    pairs = [("dk1", "lt1"), ("lt1", "dk2"), ("dk1", "lt2")]
    for fg, bg in pairs:
        ratio = contrast_ratio(colors[fg], colors[bg])
        if ratio < 4.5:
            diag.warn(
                where,
                f"theme.colors: text colour {fg} #{colors[fg]} on {bg} "
                f"#{colors[bg]} has contrast {ratio:.1f}:1, below WCAG AA 4.5:1",
            )
    for key in ("accent1", "accent2", "accent3", "accent4", "accent5", "accent6"):
        best = max(
            contrast_ratio(colors["dk1"], colors[key]), contrast_ratio(colors["lt1"], colors[key])
        )
        if best < 4.5:
            diag.warn(
                where,
                f"theme.colors: neither text colour reaches WCAG AA 4.5:1 on "
                f"{key} #{colors[key]} (best {best:.1f}:1); darken or lighten it",
            )
