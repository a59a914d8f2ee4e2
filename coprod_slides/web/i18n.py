"""The page's own words in English and Welsh, from a gettext catalogue (``locales/cy.po``).

English is the source; a missing Welsh string falls back to English. The catalogue is in
the same form as the tool's others, so it can be merged into the tool's own catalogue.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

UI_LANGUAGES = {"en": "English", "cy": "Cymraeg"}
LOCALES = Path(__file__).parent / "locales"


@functools.cache
def _messages(lang: str) -> dict[str, str]:
    import polib

    path = LOCALES / f"{lang}.po"
    if not path.is_file():
        return {}
    return {
        entry.msgid: entry.msgstr
        for entry in polib.pofile(str(path))
        if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags
    }


def translator(lang: str) -> Callable[[str], str]:
    messages = _messages(lang) if lang != "en" else {}

    def gettext(message: str) -> str:
        return messages.get(message, message)

    return gettext
