"""What a command prints besides its result: warnings."""

from __future__ import annotations

import click


def print_warnings(diag, verbose: bool = False) -> None:
    for warning in diag.warnings:
        click.echo(f"warning: {warning}", err=True)


def _deck_vars(deck) -> dict:
    found = getattr(deck, "vars", None)
    if found is None:
        found = getattr(deck, "extra", {}).get("vars")
    return dict(found or {})


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
