"""What a command prints besides its result: warnings."""

from __future__ import annotations

import click


def print_warnings(diag, verbose: bool = False) -> None:
    for warning in diag.warnings:
        click.echo(f"warning: {warning}", err=True)
