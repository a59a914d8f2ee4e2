"""The ``coprod-slides`` command line: small click commands over the library.

Exit codes: 0 success, 1 problems in the input (spec, assets, catalogues),
2 usage errors (click's own), 3 an unexpected internal error, 130 interrupted (Ctrl-C),
143 stopped by SIGTERM.
"""

from __future__ import annotations

import contextlib
import functools
import signal
import sys
import threading
import traceback
from pathlib import Path

import click

from . import __version__
from .errors import SpecError

EXIT_INPUT = 1
EXIT_INTERNAL = 3
EXIT_SIGNAL = 128  # + the signal number: 130 for Ctrl-C (SIGINT), 143 for SIGTERM


def _report(exc: SpecError, context: str | None = None) -> None:
    from .errors import format_problem

    for problem in exc.problems:
        click.echo(format_problem(problem, context), err=True)
    count = len(exc.problems)
    click.echo(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.", err=True)


def _context(kwargs: dict) -> str | None:
    """The spec a command works on, as messages name it (for problems that name no file)."""
    spec = kwargs.get("spec")
    specs = kwargs.get("specs")
    if spec is None and specs and len(specs) == 1:
        spec = specs[0]
    if spec is None and "spec" in kwargs:
        from .build import builtin_spec

        spec = builtin_spec()
    if spec is None:
        return None
    from .deckspec.loader import display_path

    return display_path(Path(spec))


class Terminated(BaseException):
    """SIGTERM (or SIGHUP) arrived: unwind like Ctrl-C so temporary files are cleaned up."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_terminated(signum, frame) -> None:
    raise Terminated(signum)


@contextlib.contextmanager
def _termination_unwinds():
    """While a command runs, SIGTERM/SIGHUP raise Terminated (restored afterwards)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is not None:
            previous[signum] = signal.signal(signum, _raise_terminated)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def handle_errors(func):
    """Turn input errors into one line each and a non-zero exit; no traceback unless --debug.

    Ctrl-C exits 130 and SIGTERM 143 (128 + the signal), after the atomic writer has removed
    its temporary file: an interrupted build leaves no partial deck and an existing one as
    it was.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        debug = kwargs.get("debug", False)
        try:
            with _termination_unwinds():
                return func(*args, **kwargs)
        except SpecError as exc:
            if debug:
                traceback.print_exc()
            _report(exc, _context(kwargs))
            sys.exit(EXIT_INPUT)
        except KeyboardInterrupt:
            click.echo("interrupted (Ctrl-C); no partial output was left.", err=True)
            sys.exit(EXIT_SIGNAL + signal.SIGINT)
        except Terminated as exc:
            name = signal.Signals(exc.signum).name
            click.echo(f"stopped by {name}; no partial output was left.", err=True)
            sys.exit(EXIT_SIGNAL + exc.signum)
        except click.exceptions.Exit:
            raise
        except click.ClickException:
            raise
        except Exception as exc:  # noqa: BLE001 - the last line of defence for users
            if debug:
                traceback.print_exc()
            click.echo(
                f"internal error: {type(exc).__name__}: {exc} "
                "(please report it; run with --debug for details)",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)

    return wrapper


def _print_warnings(diag) -> None:
    for warning in diag.warnings:
        click.echo(f"warning: {warning}", err=True)


spec_argument = click.argument(
    "spec",
    required=False,
    type=click.Path(path_type=Path, dir_okay=False),
)
debug_option = click.option("--debug", is_flag=True, help="Show Python tracebacks.")
strict_option = click.option(
    "--strict", is_flag=True, help="Treat warnings (e.g. text that does not fit) as errors."
)


def _parse_vars(ctx, param, values: tuple[str, ...]) -> dict[str, str]:
    result = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"'{item}' should look like name=value")
        result[name.strip()] = value
    return result


var_option = click.option(
    "--var",
    "cli_vars",
    multiple=True,
    callback=_parse_vars,
    metavar="NAME=VALUE",
    help="Set a {variable}; overrides the spec and audience.",
)


def _parse_bilingual(ctx, param, value: str | None) -> tuple[str, str] | None:
    if value is None:
        return None
    parts = [p.strip() for p in value.split(",") if p.strip()]
    if len(parts) != 2 or parts[0] == parts[1]:
        raise click.BadParameter("give two different languages, first one first, e.g. cy,en")
    return parts[0], parts[1]


def lang_options(func):
    """--lang, --bilingual, --use-fuzzy and --min-coverage, shared by build and check."""
    func = click.option(
        "--bilingual-mode",
        type=click.Choice(["side-by-side", "alternate"]),
        default="side-by-side",
        show_default=True,
        help="Both languages on each text slide, or alternating slides.",
    )(func)
    func = click.option(
        "--bilingual",
        metavar="FIRST,SECOND",
        callback=_parse_bilingual,
        help="One deck in two languages, e.g. cy,en (Welsh first).",
    )(func)
    func = click.option(
        "--min-coverage",
        type=click.FloatRange(0, 100),
        metavar="PERCENT",
        help="Fail when fewer than PERCENT of the strings are translated.",
    )(func)
    func = click.option(
        "--use-fuzzy", is_flag=True, help="Use translations marked fuzzy (off by default)."
    )(func)
    return click.option(
        "-l",
        "--lang",
        metavar="CODE",
        help="Build the deck in this language (from locales/CODE.po).",
    )(func)


audience_option = click.option(
    "-a", "--audience", metavar="NAME", help="Build the version for one audience of the spec."
)
outside_option = click.option(
    "--allow-outside-assets", is_flag=True, help="Allow images outside the spec's folder tree."
)
template_option = click.option(
    "--template",
    type=click.Path(path_type=Path, dir_okay=False),
    help="An organisation's .pptx or .potx to build on (overrides the spec's 'template:').",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="coprod-slides")
def main() -> None:
    """Build designed, editable PowerPoint decks about co-production from YAML specs."""


@main.command()
@spec_argument
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Where to write the .pptx (default: ./<spec name>.pptx).",
)
@audience_option
@lang_options
@var_option
@strict_option
@outside_option
@template_option
@debug_option
@handle_errors
def build(
    spec: Path | None,
    output: Path | None,
    audience: str | None,
    lang: str | None,
    use_fuzzy: bool,
    min_coverage: float | None,
    bilingual: tuple[str, str] | None,
    bilingual_mode: str,
    cli_vars: dict[str, str],
    strict: bool,
    allow_outside_assets: bool,
    debug: bool,
    template: Path | None = None,
) -> None:
    """Build SPEC into a .pptx (no SPEC: the built-in co-production workshop deck)."""
    from .build import BuildOptions, builtin_spec, default_output, write_output
    from .build import build as build_deck

    spec = spec or builtin_spec()
    options = BuildOptions(
        strict=strict,
        allow_outside_assets=allow_outside_assets,
        audience=audience,
        cli_vars=cli_vars,
        lang=lang,
        use_fuzzy=use_fuzzy,
        min_coverage=min_coverage,
        bilingual=bilingual,
        bilingual_mode=bilingual_mode,
        template=template,
    )
    out = output or default_output(spec, audience, "-".join(bilingual) if bilingual else lang)
    _refuse_overwriting_input(out, spec)
    result = build_deck(spec, options)
    write_output(result.data, out)
    _print_warnings(result.diagnostics)
    minutes = result.total_minutes
    timing = f", {minutes:g} minutes in total" if minutes else ""
    click.echo(f"wrote {out} ({len(result.deck.slides)} slides{timing})")


def _refuse_overwriting_input(out: Path, spec: Path) -> None:
    """-o pointing at the spec itself would replace the spec with the deck."""
    from .errors import Loc

    with contextlib.suppress(OSError):
        if out.exists() and spec.exists() and out.samefile(spec):
            raise SpecError(
                "is the spec itself; give the deck another name, such as "
                f"{out.with_suffix('.pptx').name}",
                Loc(str(out)),
            )


@main.command()
@click.argument("spec", type=click.Path(path_type=Path, dir_okay=False))
@audience_option
@lang_options
@var_option
@strict_option
@outside_option
@template_option
@debug_option
@handle_errors
def check(
    spec: Path,
    audience: str | None,
    lang: str | None,
    use_fuzzy: bool,
    min_coverage: float | None,
    bilingual: tuple[str, str] | None,
    bilingual_mode: str,
    cli_vars: dict[str, str],
    strict: bool,
    allow_outside_assets: bool,
    debug: bool,
    template: Path | None = None,
) -> None:
    """Validate SPEC, fit its text and check its assets; writes nothing.

    --audience all checks the deck as each of its audiences sees it.
    """
    from .build import BuildOptions
    from .build import build as build_deck

    audiences = _audiences_to_check(spec, audience)
    problems = []
    for name in audiences:
        options = BuildOptions(
            strict=strict,
            allow_outside_assets=allow_outside_assets,
            audience=name,
            cli_vars=cli_vars,
            lang=lang,
            use_fuzzy=use_fuzzy,
            min_coverage=min_coverage,
            bilingual=bilingual,
            bilingual_mode=bilingual_mode,
            template=template,
        )
        label = f"{spec} [{name}]" if name else str(spec)
        try:
            result = build_deck(spec, options)
        except SpecError as exc:
            problems.extend(exc.problems)
            click.echo(f"{label}: {len(exc.problems)} problem(s)", err=True)
            continue
        _print_warnings(result.diagnostics)
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
    from .build import load
    from .errors import Diagnostics

    names = list(load(spec, Diagnostics()).extra.get("audiences", {}))
    return [None, *names]


@main.command()
@click.argument("spec", required=False, type=click.Path(path_type=Path, dir_okay=False))
@audience_option
@var_option
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="File stem for the run sheet (default: ./<spec>[-<audience>]-runsheet).",
)
@click.option("--start", metavar="HH:MM", help="Clock time the session starts, e.g. 09:30.")
@debug_option
@handle_errors
def runsheet(
    spec: Path | None,
    audience: str | None,
    cli_vars: dict[str, str],
    output: Path | None,
    start: str | None,
    debug: bool,
) -> None:
    """Write a facilitator's run sheet (Markdown and CSV) for SPEC."""
    import re

    from .build import BuildOptions, builtin_spec, default_output, load, write_output
    from .errors import Diagnostics
    from .runsheet import to_csv, to_markdown, total_minutes

    if start and not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", start):
        raise click.BadParameter("use a 24-hour time like 09:30", param_hint="--start")
    spec = spec or builtin_spec()
    deck = load(spec, Diagnostics(), BuildOptions(audience=audience, cli_vars=cli_vars))
    stem = output or default_output(spec, audience, suffix="-runsheet")
    stem = stem.with_suffix("") if stem.suffix in (".md", ".csv") else stem
    md, csv_path = Path(f"{stem}.md"), Path(f"{stem}.csv")
    write_output(to_markdown(deck, start).encode("utf-8"), md)
    write_output(to_csv(deck, start).encode("utf-8"), csv_path)
    click.echo(
        f"wrote {md} and {csv_path} ({len(deck.slides)} slides, "
        f"{total_minutes(deck):g} minutes in total)"
    )


STARTER = """\
# A coprod-slides deck. Build it with:  coprod-slides build {name}.yaml
# Slide types: title, section, bullets, two-column, quote, image, diagram, closing.
# Library slides (coprod-slides library): use: coprod/<name>, then override any field.
title: "{title}"
subtitle: "A co-production workshop"
author: "Your name"
language: en-GB
theme:
  footer: "Your organisation"
slides:
  - type: title
  - use: coprod/intro
  - use: coprod/around-the-table
  - use: coprod/when-to-coproduce
  - type: bullets
    title: "Our next steps"
    bullets:
      - "Who is missing from our table?"
      - "One thing we will do differently"
      - ["by when", "with whom"]
    notes: |
      Ask each table for one commitment they can make this month.
  - use: coprod/credits
"""


@main.command()
@click.argument("name")
@handle_errors
def new(name: str) -> None:
    """Scaffold a starter spec NAME.yaml that uses the co-production library."""
    path = Path(name if name.endswith((".yaml", ".yml")) else f"{name}.yaml")
    if path.exists():
        raise click.UsageError(f"{path} already exists; choose another name")
    title = path.stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Workshop"
    path.write_text(STARTER.format(name=path.stem, title=title), encoding="utf-8")
    click.echo(f"wrote {path}; build it with: coprod-slides build {path}")


@main.command()
def diagrams() -> None:
    """List the diagram kinds, what each shows and the data each takes."""
    from . import diagrams as kinds

    for name in kinds.kind_names():
        module = kinds.get_kind(name)
        click.echo(f"{name}: {module.SUMMARY}")
        for key, expected in kinds.describe_data(name).items():
            click.echo(f"    {key}: {expected}")


@main.command()
def library() -> None:
    """List the library slides a spec can use with 'use: coprod/<name>'."""
    from .deckspec.loader import library_names, library_slide

    for name in library_names():
        slide = library_slide(name)
        tags = ", ".join(slide.get("tags") or [])
        click.echo(
            f"coprod/{name}: {slide.get('title', '')} [{slide.get('type')}]"
            + (f" ({tags})" if tags else "")
        )


@main.command()
@click.argument("specs", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-a",
    "--audience",
    "audiences",
    multiple=True,
    metavar="NAME|all",
    help="Audience(s) to build; repeat, or 'all'. Default: the spec as written.",
)
@click.option(
    "-l",
    "--lang",
    "langs",
    multiple=True,
    metavar="CODE|all",
    help="Language(s) to build; repeat, or 'all' (source + every locales/*.po).",
)
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("out"),
    show_default=True,
    help="Folder for the decks and manifest.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(0, 64),
    default=0,
    help="Worker processes (default: the number of CPUs).",
)
@click.option("--force", is_flag=True, help="Rebuild even variants whose inputs are unchanged.")
@var_option
@strict_option
@outside_option
@debug_option
@handle_errors
def batch(
    specs: tuple[Path, ...],
    audiences: tuple[str, ...],
    langs: tuple[str, ...],
    out_dir: Path,
    jobs: int,
    force: bool,
    cli_vars: dict[str, str],
    strict: bool,
    allow_outside_assets: bool,
    debug: bool,
) -> None:
    """Build every SPEC × audience × language in parallel (no SPEC: the workshop deck)."""
    from .batch import BatchOptions, expand_matrix, run_batch, summary_table
    from .build import builtin_spec

    variants = expand_matrix(specs or (builtin_spec(),), audiences, langs)
    options = BatchOptions(
        out_dir=out_dir,
        jobs=jobs,
        strict=strict,
        force=force,
        allow_outside_assets=allow_outside_assets,
        cli_vars=cli_vars,
    )
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


from .i18n.commands import i18n  # noqa: E402 - the i18n group, registered after main

main.add_command(i18n)

from .commands_extra import pdf, preview, template  # noqa: E402 - registered after main

main.add_command(preview)
main.add_command(pdf)
main.add_command(template)


if __name__ == "__main__":
    main()
