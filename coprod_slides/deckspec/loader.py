"""Load a deck spec file: YAML with positions → library slides resolved → validated Deck."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..decks import DECKS_DIR
from ..errors import Diagnostics
from ..model import Deck, TemplateChoice
from ..specvalues.fields import join_path
from ..variables import apply_vars, collect_vars
from .schema import MAX_SLIDES, explicit_theme_keys, validate_deck
from .variants import (
    apply_audience,
    audience_names,
    check_audiences,
    load_chain,
    without_audience_only_slides,
)

BUILTIN_DECK_PREFIX = "coprod/"  # how messages name a built-in deck
DECKS_DISPLAY = "coprod_slides/decks/"  # and the other files beside the built-in decks


def display_path(path: Path) -> str:
    """A short path for messages: relative to the working folder when possible; a built-in
    deck as ``coprod/workshop.yaml`` (the name the user typed) and its other files by their
    place in the package (``coprod_slides/decks/locales/cy.po``), not by where the package
    happens to be installed; anything else as given."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return str(path)
    try:
        return str(resolved.relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):  # elsewhere, or no working folder
        pass
    try:
        inside = resolved.relative_to(DECKS_DIR)
    except ValueError:
        return str(path)
    if len(inside.parts) == 1 and inside.suffix == ".yaml":
        return BUILTIN_DECK_PREFIX + inside.name
    return DECKS_DISPLAY + inside.as_posix()


def load_spec(
    path: Path,
    diag: Diagnostics | None = None,
    *,
    audience: str | None = None,
    cli_vars: dict[str, str] | None = None,
    substitute_vars: bool = True,
    allow_outside: bool = False,
) -> Deck:
    """Load and validate a spec (with its ``extends`` chain, for one audience if given).

    Raises SpecError listing every problem found. With ``substitute_vars=False`` the
    ``{name}`` placeholders stay in the texts (for translation); the values are in
    ``deck.vars``. ``allow_outside`` lets ``extends:`` leave the spec's folder.
    """
    diag = diag or Diagnostics()
    display = display_path(path)
    data = load_chain(path, diag, display_path, allow_outside=allow_outside)
    check_audiences(data, diag)
    diag.raise_if_errors()
    if audience:
        data = apply_audience(data, audience, diag)
        diag.raise_if_errors()
    else:
        data = without_audience_only_slides(data)
    raw_slides = data["slides"]
    if len(raw_slides) > MAX_SLIDES:  # each file is checked; extends and inserts add up
        diag.error(
            data.loc_of("slides"),
            f"slides: {len(raw_slides):,} slides after "
            f"'extends:' and 'insert:'; the limit is {MAX_SLIDES:,} per deck",
        )
        diag.raise_if_errors()
    slides = [(s, join_path("slides", i), raw_slides.loc_of(i)) for i, s in enumerate(raw_slides)]
    deck = validate_deck(data, path, display, diag, slides)
    diag.raise_if_errors()
    assert deck is not None
    values = collect_vars(data.get("vars"), data.loc_of("vars"), diag, cli_vars)
    diag.raise_if_errors()
    # computed from the slides this deck (this audience) really has; a spec var wins
    values.setdefault("diagram_count", str(sum(s.type == "diagram" for s in deck.slides)))
    if substitute_vars:
        deck = apply_vars(deck, values, diag)
        diag.raise_if_errors()
    audiences = data.get("audiences")
    audiences = audiences if isinstance(audiences, dict) else {}
    own_colors, own_fonts = explicit_theme_keys(data.get("theme"))
    return replace(
        deck,
        audience=audience,
        notes_depth=data.get("_notes_depth", "full"),
        vars=values,
        translations=data.get("translations"),
        template=TemplateChoice(
            file=data.get("template"),
            layouts=data.get("layouts") or {},
            own_colors=own_colors,
            own_fonts=own_fonts,
        ),
        audiences={
            name: str((audiences.get(name) or {}).get("description") or "")
            for name in audience_names(data)
        },
    )
