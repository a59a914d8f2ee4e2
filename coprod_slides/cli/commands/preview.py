"""``coprod-slides preview`` and ``pdf``: pictures and PDFs of a deck via LibreOffice.

A missing LibreOffice or poppler is an input problem (exit 1) naming what to install.
"""

from __future__ import annotations

from pathlib import Path

import click

from ...build import builtin_spec, default_output, plan_folder, plan_output
from ..handling import handle_errors
from ..options import build_options, debug_option, deck_options, spec_argument, verbose_option
from ..report import print_warnings


def _language(options) -> str | None:
    return "-".join(options.bilingual) if options.bilingual else options.lang


@click.command()
@spec_argument
@deck_options()
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(),
    help="Folder for the pictures (default: ./<spec>-preview).",
)
@verbose_option
@debug_option
@handle_errors
def preview(spec: Path | None, out_dir: str | None, verbose: bool, debug: bool, **deck) -> None:
    """Pictures of every slide and a contact sheet, via LibreOffice (no SPEC: the workshop)."""
    from ...preview import preview as run_preview  # lazy: python-pptx and Pillow, when it runs

    spec = spec or builtin_spec()
    options = build_options(deck)
    default = default_output(spec, options.audience, _language(options), "-preview")
    result = run_preview(spec, options, plan_folder(out_dir, default, "preview"))
    print_warnings(result.build.diagnostics, verbose, spec)
    click.echo(f"wrote {len(result.slides)} slide pictures and {result.sheet}")


@click.command()
@spec_argument
@deck_options()
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    help="The slides PDF, or a folder ending in / (default: ./<spec>.pdf); "
    "the handout goes beside it as <name>-handout.pdf.",
)
@click.option("--no-handout", is_flag=True, help="Only the slides PDF.")
@verbose_option
@debug_option
@handle_errors
def pdf(
    spec: Path | None,
    output: str | None,
    no_handout: bool,
    verbose: bool,
    debug: bool,
    **deck,
) -> None:
    """The slides as a PDF, and a handout PDF with the speaker notes under each slide."""
    from ...preview import write_pdfs  # lazy: python-pptx and Pillow, when it runs

    spec = spec or builtin_spec()
    options = build_options(deck)
    default = default_output(spec, options.audience, _language(options), suffix=".pdf")
    out = plan_output(output, default, "pdf", (".pdf",))
    result, written = write_pdfs(spec, options, out, handout=not no_handout)
    print_warnings(result.diagnostics, verbose, spec)
    click.echo(
        "wrote " + " and ".join(str(p) for p in written) + f" ({len(result.deck.slides)} slides)"
    )
