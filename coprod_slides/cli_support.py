"""Decorators shared by command modules that cli.py registers (imported before cli.py is)."""

from __future__ import annotations

import functools

import click

debug_option = click.option("--debug", is_flag=True, help="Show Python tracebacks.")


def handled(func):
    """The CLI's error handling, looked up when the command runs (cli.py imports us)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from .cli import handle_errors

        return handle_errors(func)(*args, **kwargs)

    return wrapper
