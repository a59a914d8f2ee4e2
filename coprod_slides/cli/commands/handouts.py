"""``coprod-slides handouts``: the printed pages of a workshop (summary, worksheet, feedback)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from ...build import builtin_spec, default_output, plan_folder
from ...errors import Loc, SpecError
from ..handling import handle_errors
from ..options import build_options, debug_option, deck_options, spec_argument, verbose_option
from ..report import print_warnings


@click.command()
@spec_argument
@deck_options(without=("bilingual_mode",))
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(),
    help="Folder for the handouts (default: ./<spec>-handouts).",
)
@click.option("--no-pdf", is_flag=True, help="Only the editable .pptx files (no LibreOffice).")
@verbose_option
@debug_option
@handle_errors
def handouts(
    spec: Path | None, out_dir: str | None, no_pdf: bool, verbose: bool, debug: bool, **deck
) -> None:
    """Printable A4 handouts for SPEC, as PDF and .pptx: summary, worksheet, feedback form.

    Three pages per audience and language, each a PDF to print and an editable .pptx: a
    one-page summary of the pictures with their messages, the "Over to you" worksheet and a
    feedback form that collects each person's one action.

    --audience all writes them for the spec as written and for each of its audiences;
    --bilingual cy,en gives each handout a Welsh page and an English page (print double-sided).
    """
    # lazy: python-pptx and Pillow
    from ...handouts import audiences_of, build_handouts, write_handouts

    spec = spec or builtin_spec()
    options = build_options(deck)
    _refuse_a_file_name(out_dir)
    folder = plan_folder(out_dir, default_output(spec, suffix="-handouts"), "handouts")
    sets = []
    for audience in audiences_of(spec, options.audience, options):
        handout_set = build_handouts(spec, replace(options, audience=audience))
        print_warnings(handout_set.diagnostics, verbose)
        sets.append(handout_set)
    written = write_handouts(sets, folder, pdf=not no_pdf)
    kinds = "PDF and .pptx" if not no_pdf else ".pptx"
    click.echo(f"wrote {len(written)} files ({kinds}) for {len(sets)} variant(s) in {folder}")


def _refuse_a_file_name(out_dir: str | None) -> None:
    """-o handouts.pdf: the three handouts are several files, written into a folder."""
    if out_dir and Path(out_dir).suffix.lower() in (".pdf", ".pptx") and not Path(out_dir).is_dir():
        raise SpecError(
            "'coprod-slides handouts' writes several files (a PDF and a .pptx of each "
            f"handout) into a folder; give a folder, e.g. -o {Path(out_dir).with_suffix('')}/",
            Loc(out_dir),
        )
