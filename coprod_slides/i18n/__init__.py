"""Translated decks: gettext catalogues (extract, update, status) and build-time translation.

- :mod:`.catalog` — the template and catalogues: ``extract``, ``update``;
- :mod:`.status` — ``catalog_status``: where each catalogue stands (``i18n status``);
- :mod:`.pofile` — finding and strictly reading a language's catalogue;
- :mod:`.translate` — ``translate_deck`` and ``localise`` for ``build --lang``;
- :mod:`.languages` — tags, direction, script, plural forms and dates from babel;
- ``coprod_slides/cli/commands/i18n.py`` — the ``coprod-slides i18n`` click group.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .catalog import collect_messages, extract, update
    from .languages import LanguageInfo, format_date, language_info, needs_font
    from .status import catalog_status
    from .translate import Coverage, localise, translate_deck

#: Imported on first use: the CLI imports this package for its commands, and ``--help`` must
#: not pay for polib, YAML and the spec model.
_HOMES = {
    "catalog": ("collect_messages", "extract", "update"),
    "status": ("catalog_status",),
    "languages": ("LanguageInfo", "format_date", "language_info", "needs_font"),
    "translate": ("Coverage", "localise", "translate_deck"),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _HOME_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


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
