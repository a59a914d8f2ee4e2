"""The ``coprod-slides`` console script: ``coprod-slides --help`` answered before click is
imported (click's import is most of a start-up that prints one page), everything else
handed to the click group in ``cli/app.py``.

The page is laid out as click lays out a group's help (usage, help text, options, commands
with their help lines shortened to fit); tests/test_cli_startup.py compares the two at many
terminal widths, so a click release that changes its layout fails there, not in use.
"""

from __future__ import annotations

import os
import sys

from .table import COMMANDS, GROUP_HELP

OPTIONS = (
    ("--version", "Show the version and exit."),
    ("-h, --help", "Show this message and exit."),
)


def main() -> None:
    if sys.argv[1:] in (["--help"], ["-h"]):
        prog = os.path.basename(sys.argv[0])
        width = max(min(_columns(), 80) - 2, 50)  # click's HelpFormatter width
        if len(f"Usage: {prog} ") + 20 <= width:  # else click wraps the usage line its way
            sys.stdout.write(help_page(prog, width))
            sys.stdout.flush()
            return
    from .app import main as group  # lazy: click and the commands, for all but --help

    group()


def _columns() -> int:
    from shutil import get_terminal_size  # lazy: only for the --help page

    return get_terminal_size().columns


def help_page(prog: str, width: int) -> str:
    """The group's ``--help`` page for a terminal ``width`` columns wide (after click's
    clamp to 50..78), as click writes it."""
    lines = [
        _wrap("[OPTIONS] COMMAND [ARGS]...", width, f"Usage: {prog} ", " " * len(f"Usage: {prog} "))
    ]
    lines.append("")
    paragraphs = GROUP_HELP.split("\n\n")
    lines.append("\n\n".join(_wrap(" ".join(p.split("\n")), width, "  ", "  ") for p in paragraphs))
    lines += ["", "Options:", *_definitions(OPTIONS, width)]
    limit = width - 6 - max(len(name) for name in COMMANDS)
    commands = [(name, _short_help(COMMANDS[name][1], limit)) for name in sorted(COMMANDS)]
    lines += ["", "Commands:", *_definitions(commands, width)]
    return "\n".join(lines) + "\n"


def _wrap(text: str, width: int, first: str = "", rest: str = "") -> str:
    from textwrap import TextWrapper  # lazy: only for the --help page

    wrapper = TextWrapper(
        width, initial_indent=first, subsequent_indent=rest, replace_whitespace=False
    )
    return wrapper.fill(text)


def _definitions(rows, width: int, indent: int = 2) -> list[str]:
    """click's ``write_dl``: terms in a column, definitions wrapped beside them."""
    first_col = min(max(len(term) for term, _ in rows), 30) + 2
    out = []
    for term, text in rows:
        wrapped = _wrap(text, max(width - first_col - 2, 10)).splitlines() or [""]
        if len(term) <= first_col - 2:
            head = " " * indent + term + " " * (first_col - len(term))
        else:
            out.append(" " * indent + term)
            head = " " * (first_col + indent)
        out.append(head + wrapped[0])
        out += [" " * (first_col + indent) + line for line in wrapped[1:]]
    return out


def _short_help(text: str, limit: int) -> str:
    """click's ``make_default_short_help``: the first sentence if it fits, else the words
    that fit followed by '...'."""
    words = text.split()
    total = 0
    for i, word in enumerate(words):
        total += len(word) + (i > 0)
        if total > limit:
            break
        if word.endswith("."):
            return " ".join(words[: i + 1])
        if total == limit and i != len(words) - 1:
            break
    else:
        return " ".join(words)
    total += 3
    while i > 0:
        total -= len(words[i]) + (i > 0)
        if total <= limit:
            break
        i -= 1
    return " ".join(words[:i]) + "..."
