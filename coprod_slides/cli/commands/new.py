"""``coprod-slides new``: a starter spec that uses the co-production library."""

from __future__ import annotations

from pathlib import Path

import click

from ..handling import handle_errors

STARTER = """\
# A coprod-slides deck. Build it with:  coprod-slides build {name}.yaml
# Slide types: title, section, bullets, two-column, quote, image, diagram, closing.
# Library slides (coprod-slides library): use: coprod/<name>, then override any field.
title: "{title}"
subtitle: "A co-production workshop"
author: "Your name"
language: en-GB
theme:
  footer: "Your organisation"
slides:
  - type: title
  - use: coprod/intro
  - use: coprod/around-the-table
  - use: coprod/when-to-coproduce
  - type: bullets
    title: "Our next steps"
    bullets:
      - "Who is missing from our table?"
      - "One thing we will do differently"
      - ["by when", "with whom"]
    notes: |
      Ask each table for one commitment they can make this month.
  - use: coprod/credits
"""


@click.command()
@click.argument("name")
@handle_errors
def new(name: str) -> None:
    """Scaffold a starter spec NAME.yaml that uses the co-production library."""
    path = Path(name if name.endswith((".yaml", ".yml")) else f"{name}.yaml")
    if path.exists():
        raise click.UsageError(f"{path} already exists; choose another name")
    title = path.stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Workshop"
    path.write_text(STARTER.format(name=path.stem, title=title), encoding="utf-8")
    click.echo(f"wrote {path}; build it with: coprod-slides build {path}")
