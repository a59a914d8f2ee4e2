"""A small translated project for the i18n tests: a spec and its Welsh catalogue."""

from __future__ import annotations

from pathlib import Path

import polib

from coprod_slides.i18n.catalog import update


def translated_project(
    folder: Path, spec: str, welsh: dict[str, str], review_mark: str | None = None
) -> Path:
    """``folder/deck.yaml`` holding ``spec``, and ``locales/cy.po`` made by ``i18n update``
    with ``welsh`` filled in (a missing msgid stays untranslated); with ``review_mark``, the
    string starting "Ask" carries it as the translator's comment. Callers switch the bundled
    translation memory off, so only these translations are used."""
    path = folder / "deck.yaml"
    path.write_text(spec, encoding="utf-8")
    update(path, ["cy"])
    po_path = folder / "locales" / "cy.po"
    po = polib.pofile(str(po_path))
    for entry in po:
        entry.msgstr = welsh.get(entry.msgid, "")
        if review_mark and entry.msgid.startswith("Ask"):
            entry.tcomment = review_mark
    po.save(str(po_path))
    return path
