"""Every option shared by commands, defined once, and the one object they map onto.

A command that builds a deck takes :func:`deck_options` (leaving out, by name, what makes
no sense for it) and turns its keyword arguments into a :class:`~coprod_slides.build.
BuildOptions` with :func:`build_options`. Option values are checked by click ParamTypes
(``convert`` + ``self.fail``), so a bad value reads the same in every command.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click

from ..build import BuildOptions

BUILTIN_PREFIX = "coprod/"


class SpecPath(click.ParamType):
    """A spec file, or a built-in deck by name (``coprod/workshop``)."""

    name = "spec"

    def convert(self, value: Any, param, ctx) -> Path:
        if isinstance(value, Path):
            return value
        text = str(value)
        if text.startswith(BUILTIN_PREFIX) and not Path(text).exists():
            # lazy: PyYAML and the model, for coprod/ only
            from ..deckspec.variants import builtin_deck, builtin_names

            name = text[len(BUILTIN_PREFIX) :].removesuffix(".yaml")
            if name not in builtin_names():
                known = ", ".join(BUILTIN_PREFIX + n for n in builtin_names())
                self.fail(f"'{text}' is not a built-in deck; the built-in decks are {known}")
            return builtin_deck(name)
        if Path(text).is_dir():
            self.fail(f"'{text}' is a folder; give a deck spec (.yaml) file")
        return Path(text)


def spec_label(spec: Path) -> str:
    """How a spec is named in output: coprod/<name> for a built-in deck, else its path."""
    from ..deckspec.loader import display_path  # lazy: PyYAML and the model, once a SPEC is given
    from ..deckspec.variants import builtin_deck  # lazy: as above

    try:
        if spec.resolve() == builtin_deck(spec.stem).resolve():
            return BUILTIN_PREFIX + spec.stem
    except OSError:
        pass
    return display_path(spec)


class Assignment(click.ParamType):
    """``NAME=VALUE`` for ``--var``."""

    name = "NAME=VALUE"

    def convert(self, value: Any, param, ctx) -> tuple[str, str]:
        if isinstance(value, tuple):
            return value
        name, sep, text = str(value).partition("=")
        if not sep or not name.strip():
            self.fail(f"'{value}' should look like name=value, e.g. --var facilitator='Ana Jones'")
        return name.strip(), text


class LanguagePair(click.ParamType):
    """``FIRST,SECOND`` for ``--bilingual``: two different languages, the first shown first."""

    name = "FIRST,SECOND"

    def convert(self, value: Any, param, ctx) -> tuple[str, str]:
        if isinstance(value, tuple):
            return value
        parts = [p.strip() for p in str(value).split(",") if p.strip()]
        if len(parts) != 2 or parts[0] == parts[1]:
            self.fail("give two different languages, first one first, e.g. cy,en")
        return parts[0], parts[1]


class ClockTime(click.ParamType):
    """A 24-hour clock time ``HH:MM``."""

    name = "HH:MM"

    def convert(self, value: Any, param, ctx) -> str:
        text = str(value).strip()
        if not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", text):
            self.fail(f"'{value}' is not a time; use a 24-hour time like 09:30")
        return text


SPEC = SpecPath()


def spec_argument(func: Callable) -> Callable:
    """SPEC: a file, a built-in name like coprod/workshop, or nothing (the workshop deck)."""
    return click.argument("spec", required=False, type=SPEC)(func)


specs_argument = click.argument("specs", nargs=-1, type=SPEC)
debug_option = click.option("--debug", is_flag=True, help="Show Python tracebacks.")
verbose_option = click.option(
    "-v", "--verbose", is_flag=True, help="Show every warning (default: a summary by kind)."
)

# name -> the click option; the order here is the order in --help.
DECK_OPTIONS: dict[str, Callable[[Callable], Callable]] = {
    "audience": click.option(
        "-a", "--audience", metavar="NAME", help="Build the version for one audience of the spec."
    ),
    "lang": click.option(
        "-l", "--lang", metavar="CODE", help="Build the deck in this language (locales/CODE.po)."
    ),
    "bilingual": click.option(
        "--bilingual",
        type=LanguagePair(),
        help="One deck in two languages, e.g. cy,en (Welsh first).",
    ),
    "bilingual_mode": click.option(
        "--bilingual-mode",
        type=click.Choice(["side-by-side", "alternate"]),
        default="side-by-side",
        show_default=True,
        help="Both languages on each text slide, or alternating slides.",
    ),
    "use_fuzzy": click.option(
        "--use-fuzzy", is_flag=True, help="Use translations marked fuzzy (off by default)."
    ),
    "min_coverage": click.option(
        "--min-coverage",
        type=click.FloatRange(0, 100),
        metavar="PERCENT",
        help="Fail when fewer than PERCENT of the strings are translated.",
    ),
    "require_reviewed": click.option(
        "--require-reviewed",
        is_flag=True,
        help="Fail unless every translated string is reviewed (no 'Review:' mark, "
        "not fuzzy, none missing): for public builds.",
    ),
    "cli_vars": click.option(
        "--var",
        "cli_vars",
        multiple=True,
        type=Assignment(),
        help="Set a {variable}; overrides the spec and audience. Repeat for several.",
    ),
    "template": click.option(
        "--template",
        type=click.Path(path_type=Path, dir_okay=False),
        help="An organisation's .pptx or .potx to build on (overrides the spec's 'template:').",
    ),
    "strict": click.option(
        "--strict", is_flag=True, help="Treat warnings (e.g. text that does not fit) as errors."
    ),
    "allow_outside_assets": click.option(
        "--allow-outside-assets",
        is_flag=True,
        help="Allow images, templates and extended specs outside the spec's folder tree.",
    ),
}

# For commands that read a spec but build no deck (i18n): the same option, defined once.
allow_outside_assets_option = DECK_OPTIONS["allow_outside_assets"]

# Batch builds many audiences and languages: its own multi-value versions of these two.
BATCH_AUDIENCES = click.option(
    "-a",
    "--audience",
    "audiences",
    multiple=True,
    metavar="NAME|all",
    help="Audience(s) to build; repeat, or 'all'. Default: the spec as written.",
)
BATCH_LANGS = click.option(
    "-l",
    "--lang",
    "langs",
    multiple=True,
    metavar="CODE|all",
    help="Language(s) to build; repeat, or 'all' (source + every locales/*.po); "
    "a pair such as cy,en builds one bilingual deck (see --bilingual-mode).",
)


def deck_options(*, without: Iterable[str] = ()) -> Callable[[Callable], Callable]:
    """The deck-selection options (all of DECK_OPTIONS except ``without``)."""
    skipped = set(without)
    unknown = skipped - DECK_OPTIONS.keys()
    if unknown:
        raise ValueError(f"unknown deck options: {sorted(unknown)}")

    def decorate(func: Callable) -> Callable:
        for name, option in reversed(DECK_OPTIONS.items()):
            if name not in skipped:
                func = option(func)
        return func

    return decorate


def build_options(values: dict[str, Any]):
    """Take the deck options out of a command's keyword arguments: one BuildOptions."""
    taken = {name: values.pop(name) for name in list(DECK_OPTIONS) if name in values}
    if "cli_vars" in taken:
        taken["cli_vars"] = dict(taken["cli_vars"])
    return BuildOptions(**taken)
