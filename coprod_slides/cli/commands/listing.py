"""Commands that list what the tool offers: ``diagrams``, ``library`` and ``audiences``."""

from __future__ import annotations

from pathlib import Path

import click

from ...build import builtin_spec
from ...errors import Diagnostics
from ..handling import handle_errors
from ..options import allow_outside_assets_option, debug_option, spec_argument, spec_label


@click.command()
@handle_errors
def diagrams() -> None:
    """List the diagram kinds, what each shows and the data each takes."""
    from ... import diagrams as kinds  # lazy: PyYAML (diagram data), when it runs

    for name in kinds.kind_names():
        module = kinds.get_kind(name)
        click.echo(f"{name}: {module.SUMMARY}")
        for key, expected in kinds.describe_data(name).items():
            click.echo(f"    {key}: {expected}")


@click.command()
@handle_errors
def library() -> None:
    """List the library slides a spec can use with 'use: coprod/<name>'."""
    from ...deckspec.library import library_names, library_slide  # lazy: PyYAML, when it runs

    for name in library_names():
        slide = library_slide(name)
        tags = ", ".join(slide.get("tags") or [])
        click.echo(
            f"coprod/{name}: {slide.get('title', '')} [{slide.get('type')}]"
            + (f" ({tags})" if tags else "")
        )


@click.command()
@spec_argument
@allow_outside_assets_option
@debug_option
@handle_errors
def audiences(spec: Path | None, allow_outside_assets: bool, debug: bool) -> None:
    """List SPEC's audiences: name, description, slide count and total time."""
    from ...deckspec.loader import load_spec  # lazy: PyYAML and the model, when it runs

    spec = spec or builtin_spec()
    plain = load_spec(spec, Diagnostics(), allow_outside=allow_outside_assets)
    names = list(plain.audiences)
    rows = [("(none)", plain, "the deck as written, without audience-only slides")]
    for name in names:
        deck = load_spec(spec, Diagnostics(), audience=name, allow_outside=allow_outside_assets)
        rows.append((name, deck, plain.audiences[name]))
    click.echo(
        f"{spec_label(spec)}: {len(names)} audience{'s' if len(names) != 1 else ''}"
        + ("" if names else " (add an 'audiences:' section to make versions of the deck)")
    )
    width = max(len(name) for name, _, _ in rows)
    for name, deck, description in rows:
        minutes = sum(s.duration or 0 for s in deck.slides)
        click.echo(
            f"  {name:<{width}}  {len(deck.slides):>3} slides  {minutes:>5g} min"
            + (f"  {description}" if description else "")
        )
    if names:
        click.echo(f"build one with: coprod-slides build --audience {names[0]}")
