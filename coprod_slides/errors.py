"""Errors and warnings that point at a place in a spec (``path:line:col: message``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Loc:
    """A position in a source file; line and column are 1-based."""

    path: str
    line: int = 0
    col: int = 0
    # the user's line that brought this text in (a library slide's ``use:``), for messages
    via: Loc | None = None

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        if self.col <= 0:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Problem:
    loc: Loc | None
    message: str

    def __str__(self) -> str:
        return one_line(f"{self.loc}: {self.message}" if self.loc else self.message)


def one_line(text: str) -> str:
    """A message on one line: line breaks from the user's text (a key written ``"a\\nb"``)
    shown as ``\\n``, so each problem stays one line of output."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


# "path:line:col: message", "path:line: message" or "path: message", where path looks like a
# file name (it has a '.', '/' or '\\'): how messages written before a Loc existed start.
_LOCATED = re.compile(r"([^\s:]*[./\\][^\s:]*|[A-Za-z]:\\\S*?)(:\d+){0,2}: .*", re.DOTALL)


def format_problem(problem: Problem, context: str | None = None) -> str:
    """One line for the user: ``path:line:col: message`` or ``path: message``.

    A problem that names no file (e.g. an unknown ``--lang`` code) is put in ``context``,
    the file the command was working on; with no context it reads ``error: message``.
    """
    message = problem.message
    if problem.loc is not None and problem.loc.via is not None:
        return f"{problem.loc.via}: {message} ({_origin(problem.loc)})"
    if (
        problem.loc is not None
        or _LOCATED.fullmatch(message)
        or (context and message.startswith(f"{context}:"))
    ):
        return str(problem)
    return one_line(f"{context}: {message}" if context else f"error: {message}")


def _origin(loc: Loc) -> str:
    """Where text that came from a library slide is written: 'library slide coprod/x, line 3'."""
    match = re.fullmatch(r"coprod_slides/library/([\w-]+)\.yaml", loc.path)
    where = f"library slide coprod/{match.group(1)}" if match else f"from {loc.path}"
    return f"{where}, line {loc.line}" if loc.line > 0 else where


class SpecError(Exception):
    """One or more problems in the user's input; the CLI prints them, one per line."""

    def __init__(self, problems: list[Problem] | Problem | str, loc: Loc | None = None):
        if isinstance(problems, str):
            problems = [Problem(loc, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class Diagnostics:
    """Collects errors (so validation reports all of them) and warnings."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def error(self, loc: Loc | None, message: str) -> None:
        self.errors.append(Problem(loc, message))

    def warn(self, loc: Loc | None, message: str) -> None:
        problem = Problem(loc, message)
        if problem not in self.warnings:
            self.warnings.append(problem)

    def raise_if_errors(self) -> None:
        if self.errors:
            raise SpecError(self.errors)
