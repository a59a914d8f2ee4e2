"""Review states of translations, and the per-audience word counts ``i18n status`` shows.

A catalogue entry is, for its string:

- ``new``: no translation;
- ``fuzzy``: a translation to check (the source changed, or a near match from memory);
- ``needs review``: translated, but flagged ``needs-review`` or carrying a translator
  comment line that starts with ``Review:`` (``# Review: no established Welsh term``);
- ``reviewed``: translated with neither mark. A reviewer removes the mark in any PO
  editor (or CAT tool, through XLIFF) when the translation is signed off.

``build --require-reviewed`` refuses a deck that would show any string that is not
``reviewed`` — the check a public body runs before publishing.
"""

from __future__ import annotations

import polib

NEW, FUZZY, NEEDS_REVIEW, REVIEWED = "new", "fuzzy", "needs review", "reviewed"
STATES = (REVIEWED, NEEDS_REVIEW, FUZZY, NEW)
REVIEW_FLAG = "needs-review"
REVIEW_PREFIX = "Review:"


def needs_review_mark(entry: polib.POEntry) -> str | None:
    """Why a translated entry still needs review (its ``Review:`` note), or None."""
    for line in (entry.tcomment or "").splitlines():
        if line.strip().startswith(REVIEW_PREFIX):
            return line.strip()
    if REVIEW_FLAG in entry.flags:
        return REVIEW_FLAG
    return None


def review_state(entry: polib.POEntry | None) -> str:
    if entry is None or not entry.msgstr:
        return NEW
    if "fuzzy" in entry.flags:
        return FUZZY
    if needs_review_mark(entry):
        return NEEDS_REVIEW
    return REVIEWED


def words(text: str) -> int:
    """Words as a translation quote counts them: runs of letters/digits between spaces."""
    return len([w for w in str(text).split() if any(c.isalnum() for c in w)])
