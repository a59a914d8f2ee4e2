"""``coprod-slides batch``: every spec × audience × language, in parallel."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ...batch import BatchOptions, expand_matrix, run_batch, summary_table
from ...build import builtin_spec, check_writable_folder
from ...errors import Loc
from ..handling import EXIT_INPUT, handle_errors
from ..options import (
    BATCH_AUDIENCES,
    BATCH_LANGS,
    build_options,
    debug_option,
    deck_options,
    specs_argument,
)


@click.command()
@specs_argument
@BATCH_AUDIENCES
@BATCH_LANGS
@deck_options(without=("audience", "lang", "bilingual"))
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("out"),
    show_default=True,
    help="Folder for the decks and manifest (created if needed).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(0, 64),
    default=0,
    help="Worker processes (default: the number of CPUs).",
)
@click.option("--force", is_flag=True, help="Rebuild even variants whose inputs are unchanged.")
@debug_option
@handle_errors
def batch(
    specs: tuple[Path, ...],
    audiences: tuple[str, ...],
    langs: tuple[str, ...],
    out_dir: Path,
    jobs: int,
    force: bool,
    debug: bool,
    **deck,
) -> None:
    """Build every SPEC × audience × language in parallel (no SPEC: the workshop deck)."""
    check_writable_folder(out_dir, Loc(str(out_dir)))
    build = build_options(deck)
    variants = expand_matrix(
        specs or (builtin_spec(),),
        audiences,
        langs,
        allow_outside=build.allow_outside_assets,
    )
    options = BatchOptions(out_dir=out_dir, jobs=jobs, force=force, build=build)
    interactive = sys.stderr.isatty()

    def progress(outcome, done: int, total: int) -> None:
        word = {"built": "built", "skipped": "unchanged", "failed": "FAILED"}[outcome.status]
        if interactive:
            bar = "#" * int(24 * done / total)
            click.echo(
                f"\r[{bar:<24}] {done}/{total} {outcome.variant.name[:40]:<40}",
                err=True,
                nl=done == total,
            )
        else:
            click.echo(f"[{done}/{total}] {word} {outcome.output}", err=True)

    outcomes = run_batch(variants, options, progress)
    click.echo(summary_table(outcomes))
    for outcome in outcomes:
        for line in outcome.errors:
            click.echo(line, err=True)
    failed = [o for o in outcomes if o.status == "failed"]
    built = sum(o.status == "built" for o in outcomes)
    skipped = sum(o.status == "skipped" for o in outcomes)
    click.echo(
        f"{built} built, {skipped} unchanged, {len(failed)} failed; manifest: "
        f"{out_dir / 'manifest.json'}"
    )
    if failed:
        sys.exit(EXIT_INPUT)
