"""The ``coprod-slides`` click group over the table of its commands (``cli/table.py``).

Command modules are imported only when their command is used (``--help`` lists them from
the table), which keeps start-up fast and leaves no import circle between the group and
its commands.
"""

from __future__ import annotations

import importlib
import os
import sys

import click
from click.utils import PacifyFlushWrapper, make_default_short_help

from .. import __version__
from .table import COMMANDS, GROUP_HELP


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
            from .handling import EXIT_INPUT, MISSING_CWD  # lazy: --help imports no handling

            click.echo(f"coprod-slides: {MISSING_CWD}", err=True)
            sys.exit(EXIT_INPUT)
        try:
            return super().main(*args, **kwargs)
        except SystemExit:
            if isinstance(sys.stdout, PacifyFlushWrapper):  # click met a closed stdout
                from .handling import quiet_closed_pipe  # lazy: as above

                quiet_closed_pipe()
            raise


@click.group(
    cls=LazyGroup,
    lazy=COMMANDS,
    help=GROUP_HELP,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="coprod-slides")
def main() -> None:
    pass


if __name__ == "__main__":
    main()
