"""The page's own words in English and Welsh, from the tool's catalogue
(``coprod_slides/i18n/tool/cy.po``); English is the source and a missing string falls back
to it."""

from __future__ import annotations

from ..i18n.tool import translator

UI_LANGUAGES = {"en": "English", "cy": "Cymraeg"}

__all__ = ["UI_LANGUAGES", "translator"]
