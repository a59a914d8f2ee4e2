"""``coprod-slides runsheet``: the facilitator's timings as Markdown and CSV."""

from __future__ import annotations

from pathlib import Path

import click

from ... import build as pipeline  # pipeline.load, looked up when called
from ...build import builtin_spec, default_output, plan_output, write_output
from ...errors import Diagnostics
from ..handling import handle_errors
from ..options import ClockTime, build_options, debug_option, deck_options, spec_argument


@click.command()
@spec_argument
@deck_options(without=("template", "strict"))  # --allow-outside-assets: extends:
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    help="File stem for the run sheet (default: ./<spec>[-<audience>]-runsheet).",
)
@click.option("--start", type=ClockTime(), help="Clock time the session starts, e.g. 09:30.")
@debug_option
@handle_errors
def runsheet(spec: Path | None, output: str | None, start: str | None, debug: bool, **deck) -> None:
    """Write a facilitator's run sheet (Markdown and CSV) for SPEC."""
    from ...runsheet import to_csv, to_markdown, total_minutes  # lazy: PyYAML and the model

    spec = spec or builtin_spec()
    options = build_options(deck)
    language = "-".join(options.bilingual) if options.bilingual else options.lang
    default = default_output(spec, options.audience, language, suffix="-runsheet.md")
    stem = plan_output(output, default, "runsheet", (".md", ".csv")).with_suffix("")
    md, csv_path = Path(f"{stem}.md"), Path(f"{stem}.csv")
    deck_model = pipeline.load(spec, Diagnostics(), options)
    write_output(to_markdown(deck_model, start).encode("utf-8"), md)
    write_output(to_csv(deck_model, start).encode("utf-8"), csv_path)
    click.echo(
        f"wrote {md} and {csv_path} ({len(deck_model.slides)} slides, "
        f"{total_minutes(deck_model):g} minutes in total)"
    )
