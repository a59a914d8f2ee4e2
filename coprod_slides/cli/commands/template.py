"""``coprod-slides template inspect``: what an organisation's template offers."""

from __future__ import annotations

from pathlib import Path

import click

from ..handling import handle_errors
from ..options import debug_option


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def template() -> None:
    """Organisation templates (.pptx/.potx): see what a template offers."""


@template.command()
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@debug_option
@handle_errors
def inspect(path: Path, debug: bool) -> None:
    """List PATH's slide size, theme, layouts and placeholders (idx, type, name, position and
    size in pt), and which layout each slide type uses, so a spec can map them:

    \b
        template: brand.pptx
        layouts: {bullets: "Title and Content", closing: "Section Header"}
    """
    from ...render.template import describe, open_template  # lazy: python-pptx, when it runs

    for line in describe(open_template(path, display=str(path))):
        click.echo(line)
