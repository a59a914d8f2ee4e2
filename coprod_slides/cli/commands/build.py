"""``coprod-slides build`` and ``check``."""

from __future__ import annotations

import contextlib
from dataclasses import replace
from pathlib import Path

import click

from ... import build as pipeline  # pipeline.build and .load, looked up when called
from ...build import builtin_spec, default_output, plan_output, write_output
from ...errors import Diagnostics, Loc, SpecError
from ..handling import handle_errors
from ..options import (
    build_options,
    debug_option,
    deck_options,
    spec_argument,
    spec_label,
    verbose_option,
)
from ..report import placeholder_hint, print_warnings


@click.command()
@spec_argument
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    help="Where to write the .pptx: a file, or a folder ending in / (created if needed; "
    "default: ./<spec name>.pptx).",
)
@deck_options()
@verbose_option
@debug_option
@handle_errors
def build(spec: Path | None, output: str | None, verbose: bool, debug: bool, **deck) -> None:
    """Build SPEC into a .pptx (no SPEC: the built-in co-production workshop deck)."""
    spec = spec or builtin_spec()
    options = build_options(deck)
    language = "-".join(options.bilingual) if options.bilingual else options.lang
    out = plan_output(output, default_output(spec, options.audience, language), "build")
    _refuse_overwriting_input(out, spec)
    result = pipeline.build(spec, options)
    write_output(result.data, out)
    print_warnings(result.diagnostics, verbose, spec)
    minutes = result.total_minutes
    timing = f", {minutes:g} minutes in total" if minutes else ""
    click.echo(f"wrote {out} ({len(result.deck.slides)} slides{timing})")
    hint = placeholder_hint(result.deck)
    if hint:
        click.echo(hint, err=True)


def _refuse_overwriting_input(out: Path, spec: Path) -> None:
    """-o pointing at the spec itself would replace the spec with the deck."""
    with contextlib.suppress(OSError):
        if out.exists() and spec.exists() and out.samefile(spec):
            raise SpecError(
                "is the spec itself; give the deck another name, such as "
                f"{out.with_suffix('.pptx').name}",
                Loc(str(out)),
            )


@click.command()
@spec_argument
@deck_options()
@verbose_option
@debug_option
@handle_errors
def check(spec: Path | None, verbose: bool, debug: bool, **deck) -> None:
    """Validate SPEC, fit its text and check its assets; writes nothing.

    --audience all checks the deck as each of its audiences sees it.
    """
    spec = spec or builtin_spec()
    options = build_options(deck)
    problems = []
    for name in _audiences_to_check(spec, options.audience):
        label = f"{spec_label(spec)} [{name}]" if name else spec_label(spec)
        try:
            result = pipeline.build(spec, replace(options, audience=name))
        except SpecError as exc:
            problems.extend(exc.problems)
            click.echo(f"{label}: {len(exc.problems)} problem(s)", err=True)
            continue
        print_warnings(result.diagnostics, verbose, spec)
        warnings = len(result.diagnostics.warnings)
        click.echo(
            f"{label}: OK ({len(result.deck.slides)} slides, {warnings} warning"
            f"{'s' if warnings != 1 else ''})"
        )
    if problems:
        raise SpecError(problems)


def _audiences_to_check(spec: Path, audience: str | None) -> list[str | None]:
    if audience != "all":
        return [audience]

    names = list(pipeline.load(spec, Diagnostics()).audiences)
    return [None, *names]
