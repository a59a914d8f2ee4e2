"""``coprod-slides i18n``: extract a template, create or merge catalogues, show coverage.

Listed in ``cli/app.py``'s COMMANDS. Errors follow the CLI's rules:
one line each and exit 1 for input problems (see :func:`coprod_slides.cli.handling.handle_errors`).
"""

from __future__ import annotations

from pathlib import Path

import click

from ...atomic import atomic_write_bytes
from ...build import fit_problems
from ...errors import Problem, SpecError
from ..handling import handle_errors as handled
from ..options import allow_outside_assets_option, debug_option

spec_argument = click.argument("spec", type=click.Path(path_type=Path, dir_okay=False))
catalogue_language_option = click.option(
    "-l", "--lang", required=True, metavar="CODE", help="The catalogue's language."
)


def languages_option(help: str, required: bool = True):
    """-l/--lang CODE, repeatable: the catalogues a command works on."""
    return click.option(
        "-l", "--lang", "langs", multiple=True, required=required, metavar="CODE", help=help
    )


def _display(path: Path) -> str:
    # lazy: PyYAML and the model, when a subcommand runs
    from ...deckspec.loader import display_path

    return display_path(path)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def i18n() -> None:
    """Translate decks with gettext catalogues (.pot/.po), as Sphinx does.

    \b
    1. coprod-slides i18n extract SPEC          writes locales/messages.pot
    2. coprod-slides i18n update SPEC --lang cy  creates or merges locales/cy.po
    3. translate cy.po (Poedit, Weblate, any PO editor)
    4. coprod-slides i18n status SPEC            coverage per language
    5. coprod-slides build SPEC --lang cy
    """


@i18n.command()
@spec_argument
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write the template (default: <spec folder>/locales/messages.pot, "
    "or the spec's 'translations:' folder).",
)
@allow_outside_assets_option
@debug_option
@handled
def extract(spec: Path, output: Path | None, allow_outside_assets: bool, debug: bool) -> None:
    """Write a gettext template of every user-visible string of SPEC and its audiences."""
    from ...i18n.catalog import extract as extract_catalog  # lazy: polib and the spec stack

    out, count = extract_catalog(spec, output, allow_outside=allow_outside_assets)
    click.echo(f"wrote {_display(out)} ({count} message{'s' if count != 1 else ''})")


@i18n.command()
@spec_argument
@languages_option("Language code, e.g. cy, ar, pt-BR; repeat for several.")
@click.option(
    "--tm",
    "tm_files",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    metavar="FILE",
    help="A translation memory: a catalogue (.po) or TMX file; repeat for several. "
    "The catalogues bundled with coprod-slides are always used.",
)
@click.option(
    "--no-memory", is_flag=True, help="Do not fill new strings from any translation memory."
)
@allow_outside_assets_option
@debug_option
@handled
def update(
    spec: Path,
    langs: tuple[str, ...],
    tm_files: tuple[Path, ...],
    no_memory: bool,
    allow_outside_assets: bool,
    debug: bool,
) -> None:
    """Create or merge locales/<lang>.po from SPEC's current strings.

    Translations are kept, and follow their text when bullets are inserted, removed or
    reordered; an edited string keeps its old translation marked fuzzy; strings no longer
    in the deck become obsolete (kept one cycle). A string with no translation of its own
    is filled from the translation memory (the bundled catalogues and --tm files): an
    exact match translated, a near match marked fuzzy with the source it translated.
    """
    from ...i18n.catalog import update as update_catalogs  # lazy: polib and the spec stack

    for stats in update_catalogs(
        spec, langs, tm_files, memory=not no_memory, allow_outside=allow_outside_assets
    ):
        stats.path = Path(_display(stats.path))
        click.echo(stats.summary())


@i18n.command()
@spec_argument
@languages_option(
    "Only these languages (default: every .po in the catalogue folder).", required=False
)
@allow_outside_assets_option
@debug_option
@handled
def status(spec: Path, langs: tuple[str, ...], allow_outside_assets: bool, debug: bool) -> None:
    """Coverage per language: translated, fuzzy, missing, and strings that may not fit."""
    from ...i18n.status import catalog_status, format_status  # lazy: polib and the spec stack

    found = catalog_status(
        spec, langs or None, fit_check=fit_problems, allow_outside=allow_outside_assets
    )
    click.echo(format_status(found))


@i18n.command()
@spec_argument
@languages_option("Language(s).")
@click.option(
    "--terms",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="A term base (CSV with a header naming the languages, e.g. 'en,cy', or TBX); "
    "default: terms.csv or terms.tbx beside the catalogues.",
)
@allow_outside_assets_option
@debug_option
@handled
def check(
    spec: Path, langs: tuple[str, ...], terms: Path | None, allow_outside_assets: bool, debug: bool
) -> None:
    """Check translations: placeholders and markup kept, and one agreed term per source
    term (the term base). Exits 1 on any problem, each named by its catalogue line."""
    from ...i18n.terms import check_catalog  # lazy: polib and the spec stack, when it runs

    problems = []
    for lang in langs:
        found = check_catalog(spec, lang, terms, allow_outside=allow_outside_assets)
        problems.extend(found)
        if not found:
            click.echo(f"{lang}: OK")
    if problems:
        raise SpecError([Problem(None, p) for p in problems])


@i18n.command(name="export")
@spec_argument
@catalogue_language_option
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["xliff", "xliff12", "tmx"]),
    default="xliff",
    show_default=True,
    help="XLIFF 2.0, XLIFF 1.2 (older CAT tools) or TMX (translation memory).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write (default: <catalogue folder>/<lang>.xlf or .tmx).",
)
@allow_outside_assets_option
@debug_option
@handled
def export_command(
    spec: Path,
    lang: str,
    fmt: str,
    output: Path | None,
    allow_outside_assets: bool,
    debug: bool,
) -> None:
    """Write LANG's catalogue for a CAT tool (XLIFF 2.0/1.2) or as a TMX memory."""
    from ...i18n.exchange import (  # lazy: polib and the spec stack
        FORMATS,
        catalogue_of,
        export_units,
    )

    data, count = export_units(spec, lang, fmt, allow_outside=allow_outside_assets)
    if output is None:
        catalogue, _ = catalogue_of(spec, lang, allow_outside=allow_outside_assets)
        output = catalogue.with_suffix(FORMATS[fmt])
    atomic_write_bytes(data, output)
    click.echo(f"wrote {_display(output)} ({count} unit{'s' if count != 1 else ''})")


@i18n.command(name="import")
@spec_argument
@click.argument("xliff", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@catalogue_language_option
@allow_outside_assets_option
@debug_option
@handled
def import_command(
    spec: Path, xliff: Path, lang: str, allow_outside_assets: bool, debug: bool
) -> None:
    """Put translations and review states from an XLIFF file (2.0 or 1.2) back into
    LANG's catalogue; units whose source changed since the export are skipped."""
    from ...i18n.exchange import import_units  # lazy: polib and the spec stack, when it runs

    stats = import_units(spec, lang, xliff, allow_outside=allow_outside_assets)
    for line in stats.skipped:
        click.echo(f"warning: {line}", err=True)
    click.echo(stats.summary(_display(stats.path)))
