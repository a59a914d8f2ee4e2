"""The build pipeline: spec → validated model → layout → pptx bytes → atomic write."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import atomic
from .decks import DECKS_DIR
from .errors import Diagnostics, Loc, SpecError

if TYPE_CHECKING:  # the model (PyYAML, lxml) is loaded by the first build, not by batch's check
    from .model import Deck


@dataclass
class BuildOptions:
    strict: bool = False
    allow_outside_assets: bool = False
    template: Path | None = None
    audience: str | None = None
    lang: str | None = None
    use_fuzzy: bool = False
    min_coverage: float | None = None
    require_reviewed: bool = False
    bilingual: tuple[str, str] | None = None
    bilingual_mode: str = "side-by-side"
    cli_vars: dict[str, str] = field(default_factory=dict)


@dataclass
class BuildResult:
    deck: Deck
    data: bytes
    diagnostics: Diagnostics = field(default_factory=Diagnostics)

    @property
    def total_minutes(self) -> float:
        return sum(s.duration or 0 for s in self.deck.slides)


def builtin_spec(name: str = "workshop") -> Path:
    path: Path = DECKS_DIR / f"{name}.yaml"
    return path


def load(spec: Path, diag: Diagnostics, options: BuildOptions | None = None) -> Deck:
    from .deckspec.loader import load_spec  # lazy: a no-op batch imports this module, loads no spec

    options = options or BuildOptions()
    if options.bilingual:
        return _load_bilingual(spec, diag, options)
    if not options.lang:
        return load_spec(
            spec,
            diag,
            audience=options.audience,
            cli_vars=options.cli_vars,
            allow_outside=options.allow_outside_assets,
        )
    from .i18n.translate import localise  # lazy: polib and the catalogues, for --lang only
    from .variables import apply_vars  # lazy: the model (PyYAML), as load_spec

    deck = load_spec(
        spec,
        diag,
        audience=options.audience,
        cli_vars=options.cli_vars,
        allow_outside=options.allow_outside_assets,
        substitute_vars=False,
    )
    deck = localise(
        deck,
        spec,
        options.lang,
        use_fuzzy=options.use_fuzzy,
        min_coverage=options.min_coverage,
        strict=options.strict,
        require_reviewed=options.require_reviewed,
        diag=diag,
    )
    deck = apply_vars(deck, deck.vars, diag)  # --var values are among them
    diag.raise_if_errors()
    return deck


def _load_bilingual(spec: Path, diag: Diagnostics, options: BuildOptions) -> Deck:
    """Both languages of a bilingual deck; a language equal to the spec's is not translated."""
    from .bilingual import combine  # lazy: the model (PyYAML), as load_spec
    from .deckspec.loader import load_spec  # lazy: a no-op batch imports this module, loads no spec

    source = load_spec(
        spec,
        diag,
        audience=options.audience,
        cli_vars=options.cli_vars,
        allow_outside=options.allow_outside_assets,
    )
    assert options.bilingual is not None  # load() sends only bilingual builds here
    source_primary = source.language.split("-")[0].lower()
    decks = []
    for lang in options.bilingual:
        if lang.split("-")[0].lower() == source_primary:
            decks.append(source)
        else:
            decks.append(load(spec, diag, replace(options, bilingual=None, lang=lang)))
    return combine(decks[0], decks[1], options.bilingual_mode)


def render_bytes(deck: Deck, diag: Diagnostics, options: BuildOptions) -> bytes:
    from .render.deck import RenderOptions, render_deck  # lazy: python-pptx, to render
    from .render.package import to_reproducible_bytes  # lazy: python-pptx, to render only

    prs = render_deck(
        deck,
        diag,
        RenderOptions(
            template=options.template,
            allow_outside_assets=options.allow_outside_assets,
        ),
    )
    if deck.bilingual is not None:
        from .i18n.standards import check_bilingual  # lazy: python-pptx, to render only

        for finding in check_bilingual(prs, deck):
            diag.warn(None, f"Welsh Language Standards: {finding}")
    return to_reproducible_bytes(prs)


def build(spec: Path, options: BuildOptions | None = None) -> BuildResult:
    """Build a deck in memory. Raises SpecError on input errors (or warnings under strict)."""
    options = options or BuildOptions()
    diag = Diagnostics()
    deck = load(spec, diag, options)
    data = render_bytes(deck, diag, options)
    if options.strict and diag.warnings:
        raise SpecError(diag.warnings)
    return BuildResult(deck, data, diag)


def default_output(
    spec: Path, audience: str | None = None, lang: str | None = None, suffix: str = ".pptx"
) -> Path:
    """./<spec>[-<audience>][-<lang>].pptx"""
    parts = [spec.stem] + [p for p in (audience, lang) if p]
    return Path.cwd() / ("-".join(parts) + suffix)


# What each kind of output file is written by: an -o with another command's extension is
# a mistake the message can correct ("build -o deck.pdf" -> use "coprod-slides pdf").
WRITTEN_BY = {
    ".pptx": "build",
    ".pdf": "pdf",
    ".png": "preview",
    ".md": "runsheet",
    ".csv": "runsheet",
}

# Extensions of files no command writes: "-o deck.ppt" is a mistake, not a name to extend.
OTHER_FILE_KINDS = (
    ".ppt",
    ".pps",
    ".ppsx",
    ".pot",
    ".potx",
    ".odp",
    ".key",
    ".doc",
    ".docx",
    ".odt",
    ".txt",
    ".html",
    ".htm",
    ".yaml",
    ".yml",
    ".json",
    ".jpg",
    ".jpeg",
    ".svg",
    ".xlsx",
)


def plan_output(
    output: str | Path | None,
    default: Path,
    command: str,
    suffixes: tuple[str, ...] = (".pptx",),
) -> Path:
    """Where a command writes, decided (and checked) before any slow work.

    ``-o`` may name a file, or a folder (an existing one, or any path ending in '/'), in
    which case the default file name goes inside it. A file name without an extension gets
    the command's; one with another command's extension is an error naming that command.
    """
    given = None if output is None else Path(output)
    if given is None:
        out = default
    elif _names_a_folder(str(output), given):
        out = given / default.name
    elif given.suffix.lower() in suffixes:
        out = given
    elif given.suffix.lower() not in (*WRITTEN_BY, *OTHER_FILE_KINDS):
        out = given.with_name(given.name + suffixes[0])  # "deck", "Workshop v1.2"
    else:
        out = given
        other = WRITTEN_BY.get(given.suffix.lower())
        what = f"'coprod-slides {command}' writes {' and '.join(suffixes)} files"
        if other and other != command:
            fix = f"for a {given.suffix.lower()} file use 'coprod-slides {other}'"
        else:
            fix = f"name it {given.with_suffix(suffixes[0]).name}"
        raise SpecError(f"{what}; {fix}", Loc(str(given)))
    check_writable_folder(out.parent, Loc(str(out)))
    if out.is_dir():
        raise SpecError(
            f"is a folder; give a file name such as {out / default.name}", Loc(str(out))
        )
    return out


def plan_folder(output: str | Path | None, default: Path, command: str) -> Path:
    """A folder a command writes into (``preview``): checked before any slow work."""
    folder = default if output is None else Path(output)
    other = WRITTEN_BY.get(folder.suffix.lower())
    if output is not None and other and other != command and not folder.is_dir():
        raise SpecError(
            f"'coprod-slides {command}' writes a folder of pictures; for a "
            f"{folder.suffix.lower()} file use 'coprod-slides {other}'",
            Loc(str(output)),
        )
    if folder.exists() and not folder.is_dir():
        raise SpecError(f"is a file; give a folder for the {command}", Loc(str(folder)))
    check_writable_folder(folder, Loc(str(folder)))
    return folder


def _names_a_folder(text: str, path: Path) -> bool:
    return text.endswith(("/", "\\")) or path.is_dir()


def check_writable_folder(folder: Path, where: Loc) -> None:
    """The folder exists and is writable, or can be created: else one clear SpecError."""
    existing = folder
    while not existing.exists():
        if existing.parent == existing:
            break
        existing = existing.parent
    if existing.exists() and not existing.is_dir():
        raise SpecError(f"'{existing}' is a file, not a folder; choose another output path", where)
    if not os.access(existing, os.W_OK | os.X_OK):
        raise SpecError(
            f"cannot write in '{existing}' (permission denied); choose another output path", where
        )


def write_output(data: bytes, out: Path) -> None:
    """Write atomically, creating missing folders; every way the output path can be wrong
    is one SpecError line."""
    where = Loc(str(out))
    try:
        if out.is_dir():
            raise SpecError(f"is a folder; give a file name such as {out / 'deck.pptx'}", where)
        parent = out.parent
        if not parent.is_dir():
            check_writable_folder(parent, where)
            parent.mkdir(parents=True, exist_ok=True)
        atomic.atomic_write_bytes(data, out)
    except PermissionError:
        raise SpecError(
            "cannot write here (permission denied); choose another output path", where
        ) from None
    except OSError as exc:
        raise SpecError(
            f"could not write the deck ({exc.strerror or exc}); nothing was written", where
        ) from None


def fit_problems(spec_path: Path, lang: str, audiences: list[str]) -> list[str]:
    """Translated strings that do not fit their box, from real builds of the deck in
    ``lang`` (as written and for each audience), each as its catalogue line (for
    ``i18n status``)."""
    from .i18n.translate import CatalogLoc  # lazy: polib, as in load()

    found: list[str] = []
    for audience in [None, *audiences]:
        try:
            result = build(Path(spec_path), BuildOptions(lang=lang, audience=audience))
        except SpecError:
            continue  # a broken catalogue is reported by build and check
        for warning in result.diagnostics.warnings:
            if isinstance(warning.loc, CatalogLoc) and "does not fit" in warning.message:
                line = f"{warning.loc}: {_after_slide(warning.message)}"
                if line not in found:
                    found.append(line)
    return found


def _after_slide(message: str) -> str:
    """'slide 6 slide 'ladder': rung '…' does not fit (…)' → the part after the slide."""
    return message.split(": ", 1)[1] if ": " in message else message
