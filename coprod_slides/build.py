"""The build pipeline: spec → validated model → layout → pptx bytes → atomic write."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import Diagnostics, SpecError
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
    from .decks import DECKS_DIR

    return DECKS_DIR / f"{name}.yaml"


def load(spec: Path, diag: Diagnostics, options: BuildOptions | None = None) -> Deck:
    from .deckspec.loader import load_spec

    options = options or BuildOptions()
    if options.bilingual:
        return _load_bilingual(spec, diag, options)
    if not options.lang:
        return load_spec(spec, diag, audience=options.audience, cli_vars=options.cli_vars)
    from .i18n.translate import localise
    from .variables import apply_vars

    deck = load_spec(
        spec, diag, audience=options.audience, cli_vars=options.cli_vars, substitute_vars=False
    )
    deck = localise(
        deck,
        spec,
        options.lang,
        use_fuzzy=options.use_fuzzy,
        min_coverage=options.min_coverage,
        strict=options.strict,
        diag=diag,
    )
    deck = apply_vars(deck, {**deck.extra["vars"], **options.cli_vars}, diag)
    diag.raise_if_errors()
    return deck


def _load_bilingual(spec: Path, diag: Diagnostics, options: BuildOptions) -> Deck:
    """Both languages of a bilingual deck; a language equal to the spec's is not translated."""
    from dataclasses import replace

    from .bilingual import combine
    from .deckspec.loader import load_spec

    source = load_spec(spec, diag, audience=options.audience, cli_vars=options.cli_vars)
    source_primary = source.language.split("-")[0].lower()
    decks = []
    for lang in options.bilingual:
        if lang.split("-")[0].lower() == source_primary:
            decks.append(source)
        else:
            decks.append(load(spec, diag, replace(options, bilingual=None, lang=lang)))
    return combine(decks[0], decks[1], options.bilingual_mode)


def render_bytes(deck: Deck, diag: Diagnostics, options: BuildOptions) -> bytes:
    from .render.deck import RenderOptions, render_deck
    from .render.package import to_reproducible_bytes

    prs = render_deck(
        deck,
        diag,
        RenderOptions(
            template=options.template,
            allow_outside_assets=options.allow_outside_assets,
            notes_depth=deck.extra.get("notes_depth", "full"),
        ),
    )
    if deck.extra.get("bilingual"):
        from .i18n.standards import check_bilingual

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


def write_output(data: bytes, out: Path) -> None:
    """Write atomically; every way the output path can be wrong is one SpecError line."""
    from .errors import Loc
    from .render.package import atomic_write_bytes

    where = Loc(str(out))
    try:
        if out.is_dir():
            raise SpecError(f"is a folder; give a file name such as {out / 'deck.pptx'}", where)
        parent = out.parent
        if not parent.is_dir():
            if parent.exists():
                raise SpecError(
                    f"'{parent}' is a file, not a folder; choose an output path in a folder", where
                )
            raise SpecError(f"the folder '{parent}' does not exist; create it first", where)
        atomic_write_bytes(data, out)
    except PermissionError:
        raise SpecError(
            "cannot write here (permission denied); choose another output path", where
        ) from None
    except OSError as exc:
        raise SpecError(
            f"could not write the deck ({exc.strerror or exc}); nothing was written", where
        ) from None
