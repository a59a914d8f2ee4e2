"""What a command prints besides its result: warnings (grouped by kind) and hints."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import click

from ..deckspec.loader import display_path
from ..errors import format_problem

SHOWN_PER_KIND = 3  # without --verbose, the first few warnings of each kind
ALL_BELOW = 8  # this many warnings or fewer are all shown


def warning_kind(message: str) -> str:
    """What a warning says, without what it is about: 'slide 'cover' title: no fr
    translation; using the source text' -> 'no fr translation; using the source text'."""
    head, sep, tail = message.rpartition(": ")
    text = tail if sep and len(tail) >= 12 else message
    text = re.sub(r"'[^']*'|\"[^\"]*\"|‘[^’]*’|“[^”]*”", "'…'", text)
    return re.sub(r"\d+(\.\d+)?", "N", text)


def print_warnings(diag, verbose: bool = False, spec: Path | None = None) -> None:
    """Every warning with --verbose (or when there are few); else the first few of each
    kind, then one line per kind with how many more there are. A warning that names no
    place is put on ``spec`` (not 'warning: error: …')."""
    context = display_path(spec) if spec is not None else None
    warnings = list(diag.warnings)
    if verbose or len(warnings) <= ALL_BELOW:
        for warning in warnings:
            click.echo(f"warning: {format_problem(warning, context)}", err=True)
        return
    kinds: dict[str, list] = defaultdict(list)
    for warning in warnings:
        kinds[warning_kind(warning.message)].append(warning)
    hidden = 0
    for group in kinds.values():
        for warning in group[:SHOWN_PER_KIND]:
            click.echo(f"warning: {format_problem(warning, context)}", err=True)
        more = len(group) - SHOWN_PER_KIND
        if more > 0:
            hidden += more
            click.echo(f"warning: … and {more} more like that", err=True)
    if hidden:
        kinds_text = f"{len(kinds)} kind{'s' if len(kinds) != 1 else ''}"
        click.echo(
            f"{len(warnings)} warnings of {kinds_text}; {hidden} not shown "
            "(--verbose shows them all)",
            err=True,
        )


def _deck_vars(deck) -> dict:
    return dict(getattr(deck, "vars", None) or {})


def placeholder_hint(deck) -> str | None:
    """One line when the deck still shows a starter value such as 'Your name'."""
    placeholders = {
        name: value
        for name, value in _deck_vars(deck).items()
        if isinstance(value, str) and value.startswith("Your ")
    }
    if not placeholders:
        return None
    shown = ", ".join(f'"{value}"' for value in placeholders.values())
    options = " ".join(f'--var {name}="…"' for name in placeholders)
    return f"hint: the deck shows placeholder text ({shown}); set it with {options}"
