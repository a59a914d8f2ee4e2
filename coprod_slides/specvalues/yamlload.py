"""Safe YAML loading that remembers where every value came from.

Mappings load as :class:`YMap` and sequences as :class:`YList`; both carry the
location of themselves and of each of their values, so validation can say
``decks/x.yaml:12:5: slides[3].type: ...``. Strings load as :class:`Text`
(``textvalues``), a ``str`` that knows its location. Limits on size, depth and alias expansion
make hostile files fail fast with one clear line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..chars import char_name, text_problem
from ..errors import Loc, SpecError
from ..inputs import SPEC_MAX_BYTES, check_regular_file, decode_utf8, os_reason, read_limited
from .textvalues import Text as Text  # where it is defined; most modules import it from here

MAX_FILE_BYTES = SPEC_MAX_BYTES
MAX_DEPTH = 64
MAX_NODES = 200_000
# libyaml parses about ten times faster than pure Python (a 1,000-slide spec in well under a
# second); the pure-Python parser words errors better, so a spec libyaml refuses is parsed
# again with it for the message (up to this size: hostile files must still fail fast).
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_REPARSE_LIMIT = 256 * 1024
# What YAML's reader accepts (YAML 1.1 "printable"); anything else gets a line:col message here.
T = TypeVar("T")
_NON_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class YMap(dict[str, Any]):
    """A mapping with the location of itself, its keys and its values."""

    def __init__(self, *args: Any, loc: Loc | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.loc = loc
        self.key_locs: dict[str, Loc] = {}
        self.val_locs: dict[str, Loc] = {}

    def loc_of(self, key: str) -> Loc | None:
        return self.val_locs.get(key) or self.key_locs.get(key) or self.loc

    def key_loc(self, key: str) -> Loc | None:
        return self.key_locs.get(key) or self.loc

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_ymap, (dict(self), self.loc, self.key_locs, self.val_locs))


def _rebuild_ymap(
    items: dict[str, Any], loc: Loc | None, key_locs: dict[str, Loc], val_locs: dict[str, Loc]
) -> YMap:
    result = YMap(items, loc=loc)
    result.key_locs, result.val_locs = dict(key_locs), dict(val_locs)
    return result


class YList(list[Any]):
    """A sequence with the location of itself and of each item."""

    def __init__(
        self, items: Any = (), loc: Loc | None = None, item_locs: list[Loc | None] | None = None
    ) -> None:
        super().__init__(items)
        self.loc = loc
        self.item_locs: list[Loc | None] = list(item_locs or [])

    def loc_of(self, index: int) -> Loc | None:
        if 0 <= index < len(self.item_locs) and self.item_locs[index]:
            return self.item_locs[index]
        return self.loc

    def __reduce__(self) -> tuple[Any, ...]:
        return (YList, (list(self), self.loc, self.item_locs))


def _loc(path: str, mark: Any) -> Loc:
    return Loc(path, mark.line + 1, mark.column + 1)


def read_spec_text(path: Path, display: str | None = None) -> str:
    """Read a spec file as UTF-8 text, with one clear error for each way it can be wrong."""
    name = display or str(path)
    info = check_regular_file(path, name, "YAML file")
    if info.st_size > MAX_FILE_BYTES:
        raise SpecError(_too_big(name, info.st_size))
    try:
        data = read_limited(path, MAX_FILE_BYTES)
    except (OSError, RuntimeError) as exc:
        raise SpecError(f"{name}: cannot read the file ({os_reason(exc)})") from None
    if len(data) > MAX_FILE_BYTES:
        raise SpecError(_too_big(name, len(data)))
    return decode_spec_bytes(data, name)


def _too_big(name: str, size: int) -> str:
    return (
        f"{name}: file is {size // 1024:,} KiB; specs are limited to "
        f"{MAX_FILE_BYTES // (1024 * 1024)} MiB — split it with 'extends:' or library slides"
    )


def decode_spec_bytes(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SpecError(f"{name}: the file is saved as UTF-16; save it as UTF-8")
    if b"\x00" in data[:8192]:
        raise SpecError(f"{name}: this is a binary file, not a YAML spec")
    return decode_utf8(data, name, "save the file as UTF-8")


def load_yaml(text: str, path: str) -> Any:
    """Parse YAML text into YMap/YList/Text values with locations; raise SpecError."""
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise SpecError(f"{path}: the file is empty; a spec needs at least 'title:' and 'slides:'")
    _check_characters(text, path)
    _check_tabs(text, path)
    _check_structure(text, path)
    try:  # after _check_structure: nesting is at most MAX_DEPTH, so this cannot recurse far
        node = _with_fallback(text, path, lambda loader: yaml.compose(text, Loader=loader))
    except RecursionError:
        raise SpecError(f"{path}: nesting is too deep (limit {MAX_DEPTH} levels)") from None
    if node is None:
        raise SpecError(f"{path}: the file is empty; a spec needs at least 'title:' and 'slides:'")
    return _Converter(path, text).convert(node, 0)


def load_yaml_file(path: Path, display: str | None = None) -> Any:
    name = display or str(path)
    return load_yaml(read_spec_text(path, name), name)


def _check_characters(text: str, path: str) -> None:
    """Characters YAML refuses, with their line and column (PyYAML gives an offset only)."""
    found = _NON_PRINTABLE.search(text)
    if found:
        start = found.start()
        line = text.count("\n", 0, start) + 1
        col = start - (text.rfind("\n", 0, start) + 1) + 1
        raise SpecError(
            f"{path}:{line}:{col}: the character {char_name(found.group(0))} is "
            "not allowed in a spec (YAML and .pptx files cannot hold it); remove it"
        )


def _check_tabs(text: str, path: str) -> None:
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            col = len(line) - len(stripped) + 1
            raise SpecError(
                f"{path}:{number}:{col}: tab character in indentation; "
                "YAML indents with spaces — replace the tab with spaces"
            )


def _check_structure(text: str, path: str) -> None:
    """Walk parse events (no recursion) to refuse deep nesting before anything recurses.
    (Alias bombs are stopped by the converter's count of values.)"""
    _with_fallback(text, path, lambda loader: _walk_events(yaml.parse(text, Loader=loader), path))


def _walk_events(events: Iterable[yaml.Event], path: str) -> None:
    depth = 0
    for event in events:
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                loc = _loc(path, event.start_mark)
                raise SpecError(
                    f"{loc}: nesting is deeper than {MAX_DEPTH} levels; flatten the structure"
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _with_fallback(text: str, path: str, step: Callable[[type[Any]], T]) -> T:
    """``step(loader)`` with libyaml; if libyaml refuses the text, with pure Python (which
    accepts a few things libyaml does not, e.g. surrogate escapes, and words errors better)
    as long as the file is small enough to parse again quickly."""
    try:
        return step(_FAST_LOADER)
    except yaml.YAMLError as exc:
        if _FAST_LOADER is yaml.SafeLoader or len(text) > _REPARSE_LIMIT:
            raise _syntax_error(exc, text, path) from None
    try:
        return step(yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, text, path) from None


def _syntax_error(exc: yaml.YAMLError, text: str, path: str) -> SpecError:
    if isinstance(exc, yaml.MarkedYAMLError):
        return SpecError(_yaml_error_message(exc, path, text))
    return SpecError(f"{path}: YAML error: {exc}")


def _yaml_error_message(exc: yaml.MarkedYAMLError, path: str, text: str = "") -> str:
    mark = exc.problem_mark or exc.context_mark
    context = exc.context or ""
    if (
        "quoted scalar" in context and "end of stream" in (exc.problem or "") and exc.context_mark
    ):  # point at the opening quote
        return (
            f"{_loc(path, exc.context_mark)}: YAML syntax error: this quoted text is never "
            "closed; add the closing quote"
        )
    where = str(_loc(path, mark)) if mark else path
    problem = exc.problem or exc.context or "invalid YAML"
    hint = ""
    if problem.startswith("but ") and context:
        problem = f"{context}, {problem}"
    if "found character '\\t'" in problem:
        hint = "; YAML indents with spaces — replace the tab with spaces"
    elif "another document" in problem:
        hint = "; a spec is one YAML document: remove the '---' line and what follows it"
    elif "mapping values are not allowed" in problem and _ends_line(text, mark):
        hint = "; check the indentation: this key is indented under a value that is not a mapping"
    elif "mapping values are not allowed" in problem:
        hint = "; a value containing ': ' must be quoted"
    elif "could not find expected ':'" in problem:
        hint = "; check the indentation and that each key ends with ':'"
    elif "found undefined alias" in problem:
        hint = "; define the anchor (&name) before using *name"
    elif "expected <block end>" in problem or "did not find expected" in problem:
        hint = "; check the indentation of this line and the one before"
    return f"{where}: YAML syntax error: {problem}{hint}"


def _ends_line(text: str, mark: Any) -> bool:
    """Whether the text after ``mark`` (a ':') is the end of its line."""
    lines = text.split("\n")
    if mark is None or not 0 <= mark.line < len(lines):
        return False
    rest = lines[mark.line][mark.column + 1 :].strip()
    return not rest or rest.startswith("#")


class _Converter:
    def __init__(self, path: str, text: str = "") -> None:
        self.path = path
        self.lines = text.split("\n")
        self.count = 0
        self.scalars = SafeConstructor()

    def loc(self, node: Node) -> Loc:
        return _loc(self.path, node.start_mark)

    def convert(self, node: Node, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise SpecError(
                f"{self.loc(node)}: the document expands to more than {MAX_NODES:,} values "
                "(an alias bomb?); remove repeated aliases"
            )
        if depth > MAX_DEPTH:
            raise SpecError(f"{self.loc(node)}: nesting is deeper than {MAX_DEPTH} levels")
        if isinstance(node, MappingNode):
            return self._mapping(node, depth)
        if isinstance(node, SequenceNode):
            items = [self.convert(child, depth + 1) for child in node.value]
            return YList(items, self.loc(node), [self.loc(child) for child in node.value])
        return self._scalar(node)

    def _scalar(self, node: ScalarNode) -> Any:
        if node.tag.endswith((":timestamp", ":binary")) or node.tag.startswith("!"):
            return self._text(node.value, node)
        try:
            value = self.scalars.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            raise SpecError(f"{self.loc(node)}: {exc}") from None
        except (ValueError, OverflowError):  # e.g. a whole number of thousands of digits
            raise SpecError(
                f"{self.loc(node)}: the number {node.value[:20]}… is too long; write a "
                "shorter number, or quote it to make it text"
            ) from None
        if isinstance(value, str):
            self._check_run_on_list(value, node)
            return self._text(value, node)
        return value

    def _check_run_on_list(self, value: str, node: ScalarNode) -> None:
        """'- a' then '  - b' (indented too far) is one plain text to YAML: 'a - b'."""
        if node.style or node.end_mark is None or " - " not in value:  # quoted, or one line
            return
        later = self.lines[node.start_mark.line + 1 : node.end_mark.line + 1]
        if any(line.lstrip().startswith("- ") for line in later):
            first, _, rest = value.partition(" - ")
            raise SpecError(
                f"{self.loc(node)}: '{first[:40]}' runs on into the next line, which starts "
                f"with '- {rest[:20]}', so YAML reads both as one text ('{value[:60]}'). For "
                "a sub-bullet, give it its own list line under the bullet, e.g. "
                f"'- [\"{rest[:20]}\"]' at the bullet's indentation; if the dash is part of "
                "the text, put the text in quotes"
            )

    def _text(self, value: str, node: Node) -> Text:
        """Text as written, unless it holds characters a deck cannot (see ``chars``)."""
        problem = text_problem(value)
        if problem:
            raise SpecError(f"{self.loc(node)}: {problem}")
        return Text(value, self.loc(node))

    def _mapping(self, node: MappingNode, depth: int) -> YMap:
        result = YMap(loc=self.loc(node))
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise SpecError(
                    f"{self.loc(key_node)}: YAML merge keys ('<<') are not supported; "
                    "use 'use:' or 'extends:' to reuse content"
                )
            if not isinstance(key_node, ScalarNode):
                raise SpecError(f"{self.loc(key_node)}: keys must be plain text")
            key = str(self._text(str(key_node.value), key_node))
            if key in result:
                first = result.key_locs[key]
                raise SpecError(
                    f"{self.loc(key_node)}: duplicate key '{key}' (first defined at line "
                    f"{first.line}); remove one of them"
                )
            result[key] = self.convert(value_node, depth + 1)
            result.key_locs[key] = self.loc(key_node)
            result.val_locs[key] = self.loc(value_node)
        return result


def plain_data(value: Any) -> Any:
    """Loaded values (YMap, YList, Text) as plain dicts, lists and strings, for
    ``yaml.safe_dump`` (which refuses the subclasses)."""
    if isinstance(value, dict):
        return {str(k): plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_data(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value
