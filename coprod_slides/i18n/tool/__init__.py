"""The tool's own words (handout labels, run sheet headings, …) in the deck's language.

A gettext catalogue per language beside this file (``cy.po``); English is the source
and any missing string falls back to it. The same small API serves the web page:

    _ = translator("cy-GB")
    _("Slide {number} of {total}", number=2, total=7)  ->  "Sleid 2 o 7"
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

LOCALES = Path(__file__).parent


def _primary(lang: str | None) -> str:
    return str(lang or "en").replace("_", "-").split("-")[0].lower()


@functools.cache
def messages(lang: str) -> dict[str, str]:
    """msgid -> msgstr of the tool's catalogue for ``lang`` (translated, not fuzzy)."""
    import polib  # lazy: the tool's words are English unless a Welsh deck asks for them

    path = LOCALES / f"{_primary(lang)}.po"
    if not path.is_file():
        return {}
    return {
        entry.msgid: entry.msgstr
        for entry in polib.pofile(str(path))
        if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags
    }


def translator(lang: str | None) -> Callable[..., str]:
    """``_(message, **values)``: ``message`` in ``lang``, with ``{names}`` filled in."""
    table = messages(_primary(lang)) if _primary(lang) != "en" else {}

    def gettext(message: str, **values) -> str:
        text = table.get(message, message)
        return text.format(**values) if values else text

    return gettext


def languages() -> list[str]:
    """The languages the tool's own words are translated into (besides English)."""
    return sorted(p.stem for p in LOCALES.glob("*.po"))
