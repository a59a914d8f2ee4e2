"""Commands that list what the tool offers: ``diagrams`` and ``library``."""

from __future__ import annotations

import click

from ..handling import handle_errors


@click.command()
@handle_errors
def diagrams() -> None:
    """List the diagram kinds, what each shows and the data each takes."""
    from ... import diagrams as kinds

    for name in kinds.kind_names():
        module = kinds.get_kind(name)
        click.echo(f"{name}: {module.SUMMARY}")
        for key, expected in kinds.describe_data(name).items():
            click.echo(f"    {key}: {expected}")


@click.command()
@handle_errors
def library() -> None:
    """List the library slides a spec can use with 'use: coprod/<name>'."""
    from ...deckspec.loader import library_names, library_slide

    for name in library_names():
        slide = library_slide(name)
        tags = ", ".join(slide.get("tags") or [])
        click.echo(
            f"coprod/{name}: {slide.get('title', '')} [{slide.get('type')}]"
            + (f" ({tags})" if tags else "")
        )
