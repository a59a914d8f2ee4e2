"""The ``coprod-slides`` group and the one table of its commands.

Adding a command: write one module under ``cli/commands/`` and add its entry to COMMANDS.
Modules are imported only when their command is used (``--help`` lists them from the
table), which keeps start-up fast and leaves no import circle between the group and its
commands.
"""

from __future__ import annotations

import importlib
import os
import sys

import click
from click.utils import PacifyFlushWrapper, make_default_short_help

from .. import __version__

# command name -> ("module:attribute" of a click command or group, its --help line: the first
# paragraph of its docstring, which tests/test_cli_options.py checks against the command)
COMMANDS: dict[str, tuple[str, str]] = {
    "build": (
        "coprod_slides.cli.commands.build:build",
        "Build SPEC into a .pptx (no SPEC: the built-in co-production workshop deck).",
    ),
    "check": (
        "coprod_slides.cli.commands.build:check",
        "Validate SPEC, fit its text and check its assets; writes nothing.",
    ),
    "batch": (
        "coprod_slides.cli.commands.batch:batch",
        "Build every SPEC × audience × language in parallel (no SPEC: the workshop deck).",
    ),
    "preview": (
        "coprod_slides.cli.commands.preview:preview",
        "Pictures of every slide and a contact sheet, via LibreOffice (no SPEC: the workshop).",
    ),
    "pdf": (
        "coprod_slides.cli.commands.preview:pdf",
        "The slides as a PDF, and a handout PDF with the speaker notes under each slide.",
    ),
    "runsheet": (
        "coprod_slides.cli.commands.runsheet:runsheet",
        "Write a facilitator's run sheet (Markdown and CSV) for SPEC.",
    ),
    "handouts": (
        "coprod_slides.cli.commands.handouts:handouts",
        "Printable A4 handouts for SPEC, as PDF and .pptx: summary, worksheet, feedback form.",
    ),
    "new": (
        "coprod_slides.cli.commands.new:new",
        "Scaffold a starter spec that uses the co-production library.",
    ),
    "diagrams": (
        "coprod_slides.cli.commands.listing:diagrams",
        "List the diagram kinds, what each shows and the data each takes.",
    ),
    "library": (
        "coprod_slides.cli.commands.listing:library",
        "List the library slides a spec can use with 'use: coprod/<name>'.",
    ),
    "audiences": (
        "coprod_slides.cli.commands.listing:audiences",
        "List SPEC's audiences: name, description, slide count and total time.",
    ),
    "template": (
        "coprod_slides.cli.commands.template:template",
        "Organisation templates (.pptx/.potx): see what a template offers.",
    ),
    "i18n": (
        "coprod_slides.cli.commands.i18n:i18n",
        "Translate decks with gettext catalogues (.pot/.po), as Sphinx does.",
    ),
    "doctor": (
        "coprod_slides.cli.commands.doctor:doctor",
        "Check what this machine has (LibreOffice, poppler, fonts, web extras) and say which "
        "commands need each; exits 0 either way.",
    ),
    "serve": (
        "coprod_slides.cli.commands.serve:serve",
        "A local web page to tailor, preview and download SPEC (no SPEC: the workshop).",
    ),
}


class LazyGroup(click.Group):
    """A group whose subcommands live in their own modules, listed in COMMANDS."""

    def __init__(self, *args, lazy: dict[str, tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            module_name, attribute = self.lazy[cmd_name][0].split(":")
            command = getattr(importlib.import_module(module_name), attribute)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """click's list of commands, from the table: ``--help`` imports no command module."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            command = self.commands.get(name)
            if command is None:
                rows.append((name, make_default_short_help(self.lazy[name][1], limit)))
            elif not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def main(self, *args, **kwargs):
        try:
            os.getcwd()
        except FileNotFoundError:
            from .handling import EXIT_INPUT, MISSING_CWD

            click.echo(f"coprod-slides: {MISSING_CWD}", err=True)
            sys.exit(EXIT_INPUT)
        try:
            return super().main(*args, **kwargs)
        except SystemExit:
            if isinstance(sys.stdout, PacifyFlushWrapper):  # click met a closed stdout
                from .handling import quiet_closed_pipe

                quiet_closed_pipe()
            raise


@click.group(cls=LazyGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="coprod-slides")
def main() -> None:
    """Build designed, editable PowerPoint decks about co-production from YAML specs.

    SPEC may be a file, a built-in deck such as coprod/workshop, or left out (the
    built-in workshop deck).
    """


if __name__ == "__main__":
    main()
