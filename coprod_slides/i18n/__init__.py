"""Translated decks: gettext catalogues (extract, update, status) and build-time translation.

- :mod:`.catalog` — the template and catalogues: ``extract``, ``update``, ``catalog_status``;
- :mod:`.translate` — ``translate_deck`` and ``localise`` for ``build --lang``;
- :mod:`.languages` — tags, direction, script, plural forms and dates from babel;
- :mod:`.commands` — the ``coprod-slides i18n`` click group.
"""

from __future__ import annotations

from .catalog import catalog_status, collect_messages, extract, update
from .languages import LanguageInfo, format_date, language_info, needs_font
from .translate import Coverage, localise, translate_deck

__all__ = [
    "Coverage",
    "LanguageInfo",
    "catalog_status",
    "collect_messages",
    "extract",
    "format_date",
    "language_info",
    "localise",
    "needs_font",
    "translate_deck",
    "update",
]
