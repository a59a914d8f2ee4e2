"""Typed option declarations (in the manner of MkDocs' config options).

Each field validates one value, converts it, and reports problems to a
:class:`~coprod_slides.errors.Diagnostics` with the value's location and its
path in the spec (``slides[3].bullets[2]``). Validation never stops at the
first problem, so a user sees every mistake in one run.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from PIL import ImageColor

from ..errors import Diagnostics, Loc
from .yamlload import Text, YList, YMap


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()


def type_name(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, float) and not math.isfinite(value):
        return _yaml_number(value)
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _yaml_number(value: float) -> str:
    """How YAML writes a non-finite number (what the user typed)."""
    if math.isnan(value):
        return ".nan (not a number)"
    return ".inf (infinity)" if value > 0 else "-.inf (minus infinity)"


def did_you_mean(word: str, options: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(str(word), list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


_SLIDE_PATH = re.compile(r"slide \d+")


def join_path(base: str, key: str | int) -> str:
    """A field's path for messages. Slides are numbered from 1, as people count and as
    warnings say ('slide 2, bullets[0]'); other list items keep their YAML index."""
    if isinstance(key, int):
        return f"slide {key + 1}" if base == "slides" else f"{base}[{key}]"
    if _SLIDE_PATH.fullmatch(base):
        return f"{base}, {key}"
    return f"{base}.{key}" if base else str(key)


class Field:
    """Base class: ``validate`` returns the converted value or INVALID."""

    expected = "a value"

    def __init__(self, *, required: bool = False, default: Any = None, help: str = ""):
        self.required = required
        self.default = default
        self.help = help

    def validate(self, value: Any, path: str, loc: Loc | None, diag: Diagnostics) -> Any:
        raise NotImplementedError

    def wrong_type(self, value: Any, path: str, loc: Loc | None, diag: Diagnostics) -> Any:
        diag.error(loc, f"{path}: expected {self.expected}, got {type_name(value)}")
        return INVALID


class Str(Field):
    expected = "text"

    def __init__(
        self,
        *,
        allow_empty: bool = False,
        max_length: int = 20_000,
        numbers: bool = True,
        what: str = "",
        **kw: Any,
    ):
        """``numbers=False`` for names (a font, a folder): ``12`` is a mistake there, not
        text; ``what`` names the value in messages (``a font name``)."""
        super().__init__(**kw)
        self.allow_empty = allow_empty
        self.max_length = max_length
        self.numbers = numbers
        if what:
            self.expected = what

    def validate(self, value: Any, path: str, loc: Loc | None, diag: Diagnostics) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and self.numbers:
            if isinstance(value, float) and not math.isfinite(value):
                return self.wrong_type(value, path, loc, diag)
            value = Text(str(value), loc)
        if not isinstance(value, str):
            return self.wrong_type(value, path, loc, diag)
        if not value.strip() and not self.allow_empty:
            diag.error(loc, f"{path}: must not be empty")
            return INVALID
        if len(value) > self.max_length:
            diag.error(
                loc,
                f"{path}: text is {len(value):,} characters; the limit is {self.max_length:,}",
            )
            return INVALID
        return value if isinstance(value, Text) else Text(value, loc)


class Number(Field):
    expected = "a number"

    def __init__(
        self,
        *,
        minimum: float | None = None,
        maximum: float | None = None,
        integer: bool = False,
        **kw: Any,
    ):
        super().__init__(**kw)
        self.minimum, self.maximum, self.integer = minimum, maximum, integer
        if integer:
            self.expected = "a whole number"

    def validate(self, value: Any, path: str, loc: Loc | None, diag: Diagnostics) -> Any:
        ok = isinstance(value, int) if self.integer else isinstance(value, (int, float))
        if isinstance(value, bool) or not ok:
            return self.wrong_type(value, path, loc, diag)
        if not math.isfinite(value):
            diag.error(loc, f"{path}: expected a finite number, got {_yaml_number(value)}")
            return INVALID
        if self.minimum is not None and value < self.minimum:
            diag.error(loc, f"{path}: must be at least {self.minimum}, got {value}")
            return INVALID
        if self.maximum is not None and value > self.maximum:
            diag.error(loc, f"{path}: must be at most {self.maximum}, got {value}")
            return INVALID
        return value


class Bool(Field):
    expected = "true or false"

    def validate(self, value: Any, path: str, loc: Loc | None, diag: Diagnostics) -> Any:
        if not isinstance(value, bool):
            return self.wrong_type(value, path, loc, diag)
        return value


class Choice(Field):
    def __init__(self, choices: tuple[str, ...], *, what: str = "value", **kw: Any):
        super().__init__(**kw)
        self.choices = choices
        self.what = what
        self.expected = "one of " + ", ".join(choices)

    def validate(self, value: Any, path: str, loc: Loc | None, diag: Diagnostics) -> Any:
        if not isinstance(value, str):
            return self.wrong_type(value, path, loc, diag)
        if value not in self.choices:
            diag.error(
                loc,
                f"{path}: unknown {self.what} '{value}'{did_you_mean(value, self.choices)}; "
                f"expected {self.expected}",
            )
            return INVALID
        return value


class Color(Field):
    """A hex colour (#0072B2, 0072B2, #07B) or a CSS colour name (navy, rebeccapurple)."""

    expected = "a colour as hex, e.g. '#0072B2', or a CSS colour name such as 'navy'"
    pattern = re.compile(r"#?([0-9a-fA-F]{6})")
    short = re.compile(r"#([0-9a-fA-F]{3})")

    def validate(self, value: Any, path: str, loc: Loc | None, diag: Diagnostics) -> Any:
        if not isinstance(value, str):
            return self.wrong_type(value, path, loc, diag)
        text = value.strip()
        match = self.pattern.fullmatch(text)
        if match:
            return match.group(1).upper()
        short = self.short.fullmatch(text)
        if short:
            return "".join(c * 2 for c in short.group(1)).upper()
        names = _css_colours()
        name = re.sub(r"[\s_-]+", "", text.lower())
        if name in names:
            return names[name]
        close = difflib.get_close_matches(name, list(names), n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}', #{names[close[0]]}?)" if close else ""
        diag.error(
            loc,
            f"{path}: '{value}' is not a colour{hint}; write it as hex, e.g. '#0072B2', "
            "or as a CSS colour name such as 'navy'",
        )
        return INVALID


@cache
def _css_colours() -> dict[str, str]:
    """The 148 CSS colour names, as hex (Pillow's table; imported only when a name is used)."""
    return {
        name: "{:02X}{:02X}{:02X}".format(*ImageColor.getrgb(name)[:3])
        for name in ImageColor.colormap
    }


class ListOf(Field):
    def __init__(self, item: Field, *, min_items: int = 0, max_items: int = 10_000, **kw: Any):
        super().__init__(**kw)
        self.item, self.min_items, self.max_items = item, min_items, max_items
        self.expected = f"a list of {item.expected}"

    def validate(self, value: Any, path: str, loc: Loc | None, diag: Diagnostics) -> Any:
        if not isinstance(value, list):
            return self.wrong_type(value, path, loc, diag)
        if len(value) < self.min_items:
            diag.error(loc, f"{path}: needs at least {self.min_items} item(s), got {len(value)}")
            return INVALID
        if len(value) > self.max_items:
            diag.error(loc, f"{path}: has {len(value):,} items; the limit is {self.max_items:,}")
            return INVALID
        out = []
        for index, item in enumerate(value):
            item_loc = value.loc_of(index) if isinstance(value, YList) else loc
            out.append(self.item.validate(item, join_path(path, index), item_loc, diag))
        if any(v is INVALID for v in out):
            return INVALID
        return tuple(out)


class Mapping_(Field):
    """A mapping with declared keys; unknown keys are errors (typos must not pass silently)."""

    expected = "a mapping of keys to values"

    def __init__(
        self,
        fields: Mapping[str, Field],
        *,
        what: str = "key",
        build: Callable[[dict[str, Any], YMap], Any] | None = None,
        **kw: Any,
    ):
        super().__init__(**kw)
        self.fields = dict(fields)
        self.what = what
        self.build = build

    def validate(self, value: Any, path: str, loc: Loc | None, diag: Diagnostics) -> Any:
        if not isinstance(value, dict):
            return self.wrong_type(value, path, loc, diag)
        ymap = value if isinstance(value, YMap) else YMap(value, loc=loc)
        result = validate_keys(ymap, self.fields, path, diag, what=self.what)
        if result is INVALID:
            return INVALID
        return self.build(result, ymap) if self.build else result


def validate_keys(
    ymap: YMap, fields: Mapping[str, Field], path: str, diag: Diagnostics, what: str = "key"
) -> Any:
    """Validate every declared key of ``ymap``; report unknown and missing keys."""
    errors_before = len(diag.errors)
    result: dict[str, Any] = {}
    for key in ymap:
        if key not in fields:
            where = f"{path}: " if path else ""
            diag.error(
                ymap.key_loc(key),
                f"{where}unknown {what} '{key}'{did_you_mean(key, tuple(fields))}; "
                f"allowed: {', '.join(sorted(k for k in fields if not k.startswith('_')))}",
            )
    for name, field_ in fields.items():
        if name in ymap:
            result[name] = field_.validate(
                ymap[name], join_path(path, name), ymap.loc_of(name), diag
            )
        elif field_.required:
            where = f"{path}: " if path else ""
            diag.error(
                ymap.loc,
                f"{where}missing required key '{name}'"
                + (f" ({field_.help})" if field_.help else ""),
            )
        else:
            result[name] = field_.default
    if len(diag.errors) > errors_before:
        return INVALID
    return result


class Anything(Field):
    """Accepted as written (validated elsewhere, e.g. slides one by one)."""

    def validate(self, value: Any, path: str, loc: Loc | None, diag: Diagnostics) -> Any:
        return value


class AnyMapping(Field):
    """A mapping validated later (e.g. diagram data, checked by its diagram kind)."""

    expected = "a mapping of keys to values"

    def validate(self, value: Any, path: str, loc: Loc | None, diag: Diagnostics) -> Any:
        if not isinstance(value, dict):
            return self.wrong_type(value, path, loc, diag)
        return value


class OneOf(Field):
    """The first alternative whose type matches the value is used."""

    def __init__(self, *alternatives: tuple[type | tuple[type, ...], Field], **kw: Any):
        super().__init__(**kw)
        self.alternatives = alternatives
        self.expected = " or ".join(f.expected for _, f in alternatives)

    def validate(self, value: Any, path: str, loc: Loc | None, diag: Diagnostics) -> Any:
        for types, field_ in self.alternatives:
            if isinstance(value, types) and not isinstance(value, bool):
                return field_.validate(value, path, loc, diag)
        return self.wrong_type(value, path, loc, diag)
