"""``coprod-slides preview``, ``pdf`` and ``template inspect``.

Registered at the end of ``cli.py`` with ``main.add_command(...)``. Errors follow the CLI's
rules: one line each and exit 1 for input problems, including a missing LibreOffice (see
:func:`coprod_slides.cli.handle_errors`).
"""

from __future__ import annotations

from pathlib import Path

import click

from .cli_support import debug_option, handled

spec_argument = click.argument(
    "spec", required=False, type=click.Path(path_type=Path, dir_okay=False)
)


def _parse_vars(ctx, param, values: tuple[str, ...]) -> dict[str, str]:
    from .cli import _parse_vars as parse

    return parse(ctx, param, values)


def deck_options(func):
    """The options that choose which deck to build (as for ``build``)."""
    for option in reversed(
        (
            click.option(
                "-a",
                "--audience",
                metavar="NAME",
                help="Build the version for one audience of the spec.",
            ),
            click.option(
                "-l",
                "--lang",
                metavar="CODE",
                help="Build the deck in this language (from locales/CODE.po).",
            ),
            click.option(
                "--var",
                "cli_vars",
                multiple=True,
                callback=_parse_vars,
                metavar="NAME=VALUE",
                help="Set a {variable}; overrides the spec.",
            ),
            click.option(
                "--template",
                type=click.Path(path_type=Path, dir_okay=False),
                help="An organisation's .pptx or .potx to build on.",
            ),
            click.option("--strict", is_flag=True, help="Treat warnings as errors."),
            click.option(
                "--allow-outside-assets",
                is_flag=True,
                help="Allow images outside the spec's folder tree.",
            ),
        )
    ):
        func = option(func)
    return func


def _options(audience, lang, cli_vars, template, strict, allow_outside_assets):
    from .build import BuildOptions

    return BuildOptions(
        strict=strict,
        allow_outside_assets=allow_outside_assets,
        audience=audience,
        lang=lang,
        cli_vars=cli_vars,
        template=template,
    )


def _warnings(result) -> None:
    for warning in result.diagnostics.warnings:
        click.echo(f"warning: {warning}", err=True)


@click.command()
@spec_argument
@deck_options
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path),
    help="Folder for the pictures (default: ./<spec>-preview).",
)
@debug_option
@handled
def preview(
    spec: Path | None,
    audience: str | None,
    lang: str | None,
    cli_vars: dict[str, str],
    template: Path | None,
    strict: bool,
    allow_outside_assets: bool,
    out_dir: Path | None,
    debug: bool,
) -> None:
    """Pictures of every slide and a contact sheet, via LibreOffice (no SPEC: the workshop)."""
    from .build import builtin_spec, default_output
    from .preview import preview as run_preview

    spec = spec or builtin_spec()
    out_dir = out_dir or default_output(spec, audience, lang, suffix="-preview")
    options = _options(audience, lang, cli_vars, template, strict, allow_outside_assets)
    result = run_preview(spec, options, out_dir)
    _warnings(result.build)
    click.echo(f"wrote {len(result.slides)} slide pictures and {result.sheet}")


@click.command()
@spec_argument
@deck_options
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The slides PDF (default: ./<spec>.pdf); the handout goes beside it as "
    "<name>-handout.pdf.",
)
@click.option("--no-handout", is_flag=True, help="Only the slides PDF.")
@debug_option
@handled
def pdf(
    spec: Path | None,
    audience: str | None,
    lang: str | None,
    cli_vars: dict[str, str],
    template: Path | None,
    strict: bool,
    allow_outside_assets: bool,
    output: Path | None,
    no_handout: bool,
    debug: bool,
) -> None:
    """The slides as a PDF, and a handout PDF with the speaker notes under each slide."""
    from .build import builtin_spec, default_output
    from .preview import write_pdfs

    spec = spec or builtin_spec()
    out = output or default_output(spec, audience, lang, suffix=".pdf")
    options = _options(audience, lang, cli_vars, template, strict, allow_outside_assets)
    result, written = write_pdfs(spec, options, out, handout=not no_handout)
    _warnings(result)
    click.echo(
        "wrote " + " and ".join(str(p) for p in written) + f" ({len(result.deck.slides)} slides)"
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def template() -> None:
    """Organisation templates (.pptx/.potx): see what a template offers."""


@template.command()
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@debug_option
@handled
def inspect(path: Path, debug: bool) -> None:
    """List PATH's slide size, theme, layouts and placeholders (idx, type, name, position and
    size in pt), and which layout each slide type uses, so a spec can map them:

    \b
        template: brand.pptx
        layouts: {bullets: "Title and Content", closing: "Section Header"}
    """
    from .render.template import describe, open_template

    for line in describe(open_template(path, display=str(path))):
        click.echo(line)
