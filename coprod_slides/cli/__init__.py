"""The ``coprod-slides`` command line: a click group over the library.

Layout: ``app.py`` (the group and the one table of commands), ``options.py`` (every shared
option and value type, defined once), ``handling.py`` (exit codes, errors, closed pipes),
``report.py`` (warnings and summaries) and one module per command under ``commands/``.
Nothing is imported here, so loading one command module does not load the rest; ``main`` is
looked up on first use.
"""

from __future__ import annotations

__all__ = ["main"]


def __getattr__(name: str) -> object:  # no typing import: --help starts from this package
    if name == "main":
        from .app import main  # lazy: one command module does not load the group

        return main
    raise AttributeError(name)
