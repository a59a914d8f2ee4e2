"""The ``coprod-slides`` group and the one table of its commands.

Adding a command: write one module under ``cli/commands/`` and add one line to COMMANDS.
Modules are imported only when their command is used (or listed in --help), which keeps
start-up fast and leaves no import circle between the group and its commands.
"""

from __future__ import annotations

import importlib
import os
import sys

import click
from click.utils import PacifyFlushWrapper

from .. import __version__

# command name -> "module:attribute" (a click command or group)
COMMANDS: dict[str, str] = {
    "build": "coprod_slides.cli.commands.build:build",
    "check": "coprod_slides.cli.commands.build:check",
    "batch": "coprod_slides.cli.commands.batch:batch",
    "preview": "coprod_slides.cli.commands.preview:preview",
    "pdf": "coprod_slides.cli.commands.preview:pdf",
    "runsheet": "coprod_slides.cli.commands.runsheet:runsheet",
    "new": "coprod_slides.cli.commands.new:new",
    "diagrams": "coprod_slides.cli.commands.listing:diagrams",
    "library": "coprod_slides.cli.commands.listing:library",
    "audiences": "coprod_slides.cli.commands.listing:audiences",
    "template": "coprod_slides.cli.commands.template:template",
    "i18n": "coprod_slides.cli.commands.i18n:i18n",
    "doctor": "coprod_slides.cli.commands.doctor:doctor",
    "serve": "coprod_slides.cli.commands.serve:serve",
}


class LazyGroup(click.Group):
    """A group whose subcommands live in their own modules, listed in COMMANDS."""

    def __init__(self, *args, lazy: dict[str, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            module_name, attribute = self.lazy[cmd_name].split(":")
            command = getattr(importlib.import_module(module_name), attribute)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

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
