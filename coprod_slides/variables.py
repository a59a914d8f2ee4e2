"""``{name}`` variables in every text of a deck; ``{{`` and ``}}`` are literal braces.

A variable's value may use other variables (``org: "{city} Council"``): values are expanded
to a fixed point first, so a cycle (``{a}`` → ``{b}`` → ``{a}``) is an error naming it, an
undefined name is an error, and no text may grow past ``MAX_EXPANDED`` characters (a value
that doubles at each level is a bomb, refused at the level that crosses the limit).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from .chars import text_problem
from .errors import Diagnostics, Loc
from .model import Deck
from .specvalues.fields import did_you_mean, type_name
from .specvalues.textvalues import loc_of
from .specvalues.yamlload import Text, YMap
from .texts import map_deck_texts

PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")
MAX_EXPANDED = 100_000  # characters one text may grow to after substitution


def placeholders(text: str) -> list[str]:
    """The variable names used in ``text``, in order (escapes excluded)."""
    return [m.group(1) for m in PLACEHOLDER.finditer(text) if m.group(1)]


def collect_vars(
    raw: Any, loc: Loc | None, diag: Diagnostics, cli_vars: dict[str, str] | None = None
) -> dict[str, str]:
    """Spec (and audience) vars, then ``--var name=value`` on top, each fully expanded."""
    values: dict[str, Text] = {}
    if raw is not None:
        if not isinstance(raw, dict):
            diag.error(loc, f"vars: expected a mapping of names to text, got {type_name(raw)}")
        else:
            for name, value in raw.items():
                where = raw.loc_of(name) if isinstance(raw, YMap) else loc
                if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", str(name)):
                    diag.error(where, f"vars.{name}: variable names use letters, digits and _")
                elif (
                    isinstance(value, (dict, list))
                    or value is None
                    or (isinstance(value, float) and not math.isfinite(value))
                ):
                    diag.error(where, f"vars.{name}: expected text, got {type_name(value)}")
                else:
                    values[str(name)] = (
                        value if isinstance(value, Text) else Text(str(value), where)
                    )
    for name, value in (cli_vars or {}).items():
        problem = text_problem(str(value))
        if problem:  # spec values were checked when the YAML was read
            diag.error(None, f"--var {name}: {problem}")
        else:
            values[name] = Text(str(value), None)
    labels = {name: f"--var {name}" for name in cli_vars or {}}
    return resolve_vars(values, diag, labels)


def resolve_vars(
    values: dict[str, Text], diag: Diagnostics, labels: dict[str, str] | None = None
) -> dict[str, str]:
    """Every value with the variables it uses expanded (depth first, without recursion, so
    a chain of any length is fine); cycles and undefined names are errors. ``labels`` names
    where a value came from in messages (default ``vars.<name>``)."""
    labels = labels or {}

    def label(name: str) -> str:
        return labels.get(name, f"vars.{name}")

    done: dict[str, str] = {}
    failed: set[str] = set()
    for start in values:
        stack = [] if start in done or start in failed else [start]
        while stack:
            name = stack[-1]
            uses = placeholders(values[name])
            waiting = next(
                (n for n in uses if n in values and n not in done and n not in failed), None
            )
            if waiting is not None and waiting in stack:
                cycle = [*stack[stack.index(waiting) :], waiting]
                diag.error(
                    values[waiting].loc,
                    f"{label(waiting)}: variables refer to each other in a cycle: "
                    + " → ".join(f"{{{n}}}" for n in cycle)
                    + "; give one of them plain text",
                )
                failed.update(stack)
                break
            if waiting is not None:
                stack.append(waiting)
                continue
            stack.pop()
            if any(n in failed for n in uses):
                failed.add(name)
                continue
            errors = len(diag.errors)
            text = substitute(values[name], done, label(name), diag)
            if len(diag.errors) > errors:
                failed.add(name)
            else:
                done[name] = text
    return done


def substitute(text: str, values: Mapping[str, str], where: str, diag: Diagnostics) -> str:
    def replace(match: re.Match[str]) -> str:
        token: str = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        name = match.group(1)
        if name in values:
            return values[name]
        hint = did_you_mean(name, tuple(values))
        diag.error(
            loc_of(text),
            f"{where}: undefined variable {{{name}}}{hint}; define it under 'vars:' or "
            f"pass --var {name}=...",
        )
        return token

    if "{" not in text and "}" not in text:
        return text
    result = PLACEHOLDER.sub(replace, text)
    if len(result) > MAX_EXPANDED:
        diag.error(
            loc_of(text),
            f"{where}: text grows to {len(result):,} "
            f"characters after variables; the limit is {MAX_EXPANDED:,}",
        )
        return text
    return result


def apply_vars(deck: Deck, values: Mapping[str, str], diag: Diagnostics) -> Deck:
    """Replace ``{name}`` everywhere (titles, bullets, notes, diagram labels, footer, alt)."""

    def fn(slide_id: str, path: str, text: Text) -> str:
        where = f"{path}" if slide_id == "deck" else f"slide '{slide_id}' {path}"
        return substitute(text, values, where, diag)

    return map_deck_texts(deck, fn)
