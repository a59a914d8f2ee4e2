"""Exchange with CAT tools: XLIFF 2.0 and 1.2 out and back in, TMX out.

Translation units are written with translate-toolkit (the Translate House library
behind Pootle and Weblate's formats), so the files are what CAT tools expect. Each unit
id is the catalogue entry's msgctxt (made XML-safe, unique), its notes are the
translator comment the extractor wrote and any review note, and its state carries the
review state (review.py):

======================  =================  ===============================
catalogue               XLIFF 2.0 state    XLIFF 1.2 target state/approved
======================  =================  ===============================
new / fuzzy             initial            needs-translation / no
needs review            translated         translated / no
reviewed                final              signed-off / yes
======================  =================  ===============================

Importing puts each target back on the entry with the same id and source (a unit
whose source changed since the export is skipped and reported), and sets the review
state from the unit's state: final/reviewed (2.0) or approved (1.2) → reviewed, the
``Review:`` note cleared; translated → needs review; initial → fuzzy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import polib

from ..deckspec.loader import display_path
from ..errors import Problem, SpecError
from .catalog import spec_catalogue, write_catalog
from .pofile import read_catalog
from .review import FUZZY, NEEDS_REVIEW, NEW, REVIEW_FLAG, REVIEW_PREFIX, REVIEWED, review_state
from .translate import translation_problems

FORMATS = {"xliff": ".xlf", "xliff12": ".xlf", "tmx": ".tmx"}
XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"


def _xliff12_classes():
    from translate.storage.xliff import (  # lazy: translate-toolkit (~0.2 s) only for XLIFF 1.2
        xlifffile,
        xliffunit,
    )

    class Xliff12Unit(xliffunit):
        namespace = XLIFF12_NS

    class Xliff12File(xlifffile):
        UnitClass = Xliff12Unit
        namespace = XLIFF12_NS
        XMLskeleton = xlifffile.XMLskeleton.replace("1.1", "1.2")

    return Xliff12File


def unit_ids(po: polib.POFile) -> dict[str, polib.POEntry]:
    """A unique, XML-safe id per active entry, derived from its msgctxt, in order."""
    ids: dict[str, polib.POEntry] = {}
    for entry in po:
        if entry.obsolete:
            continue
        base = re.sub(r"[^A-Za-z0-9._:-]", "-", entry.msgctxt or "msg") or "msg"
        if not re.match(r"[A-Za-z_]", base):
            base = f"u-{base}"
        unit_id, number = base, 2
        while unit_id in ids:
            unit_id, number = f"{base}-{number}", number + 1
        ids[unit_id] = entry
    return ids


def catalogue_of(spec_path: Path, lang: str, *, allow_outside: bool = False) -> tuple[Path, str]:
    """``lang``'s catalogue of the spec, and the spec's own language."""
    deck, _, path = spec_catalogue(spec_path, lang, allow_outside=allow_outside)
    return path, str(deck.language)


def export_units(
    spec_path: Path, lang: str, fmt: str, *, allow_outside: bool = False
) -> tuple[bytes, int]:
    """The catalogue of ``lang`` as an XLIFF 2.0 (``xliff``), XLIFF 1.2 or TMX file."""
    path, source_lang = catalogue_of(spec_path, lang, allow_outside=allow_outside)
    po = read_catalog(path)
    if fmt == "tmx":
        return _tmx(po, source_lang, lang)
    if fmt == "xliff":
        from translate.storage.xliff2 import Xliff2File  # lazy: translate-toolkit (~0.2 s)

        store = Xliff2File(sourcelanguage=source_lang, targetlanguage=lang)
    elif fmt == "xliff12":
        store = _xliff12_classes()(sourcelanguage=source_lang, targetlanguage=lang)
    else:
        raise SpecError(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
    count = 0
    for unit_id, entry in unit_ids(po).items():
        unit = store.addsourceunit(entry.msgid)
        unit.setid(unit_id)
        if entry.comment:
            unit.addnote(entry.comment, origin="developer")
        if entry.tcomment:
            unit.addnote(entry.tcomment, origin="translator")
        state = review_state(entry)
        if entry.msgstr:
            unit.target = entry.msgstr
        _set_state(unit, fmt, state)
        count += 1
    return bytes(store), count


def _set_state(unit, fmt: str, state: str) -> None:
    if fmt == "xliff":
        value = {NEW: "initial", FUZZY: "initial", NEEDS_REVIEW: "translated"}.get(state, "final")
        unit.xmlelement.set("state", value)
        return
    target = unit.xmlelement.find(unit.namespaced("target"))
    approved = state == REVIEWED
    unit.xmlelement.set("approved", "yes" if approved else "no")
    if target is not None:
        target.set(
            "state",
            {NEW: "new", FUZZY: "needs-translation", NEEDS_REVIEW: "translated"}.get(
                state, "signed-off"
            ),
        )


def _tmx(po: polib.POFile, source_lang: str, lang: str) -> tuple[bytes, int]:
    from translate.storage.tmx import tmxfile  # lazy: translate-toolkit (~0.2 s)

    store = tmxfile(sourcelanguage=source_lang, targetlanguage=lang)
    count = 0
    for entry in po:
        if entry.obsolete or not entry.msgstr or "fuzzy" in entry.flags:
            continue
        store.addtranslation(entry.msgid, source_lang, entry.msgstr, lang)
        count += 1
    return bytes(store), count


@dataclass
class ImportStats:
    path: Path
    updated: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)

    def summary(self, display: str) -> str:
        return (
            f"imported into {display}: {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.skipped)} skipped"
        )


def _read_units(data: bytes, name: str):
    """(id, source, target, state) of every unit of an XLIFF 2.0 or 1.x file."""
    from lxml import etree  # lazy: lxml only when an XLIFF file is read back

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise SpecError(f"{name}:{exc.lineno}: not well-formed XML ({exc.msg})") from None
    namespace = etree.QName(root).namespace or ""
    if not namespace.startswith("urn:oasis:names:tc:xliff:document:"):
        raise SpecError(f"{name}: not an XLIFF file (root <{etree.QName(root).localname}>)")
    units = []
    if namespace.endswith(":2.0"):
        from translate.storage.xliff2 import Xliff2File  # lazy: translate-toolkit (~0.2 s)

        for unit in Xliff2File.parsestring(data).units:
            state = unit.xmlelement.get("state") or ("translated" if unit.target else "initial")
            reviewed = state in ("final", "reviewed")
            units.append((unit.getid(), unit.source, unit.target, reviewed, state == "initial"))
        return units
    from translate.storage.xliff import xlifffile  # lazy: translate-toolkit (~0.2 s)

    for unit in xlifffile.parsestring(data).units:
        target = unit.xmlelement.find(unit.namespaced("target"))
        state = target.get("state", "") if target is not None else ""
        reviewed = unit.xmlelement.get("approved") == "yes" or state in ("signed-off", "final")
        fuzzy = state in ("new", "needs-translation", "needs-adaptation", "needs-l10n")
        unit_id = unit.xmlelement.get("id")
        units.append((unit_id, unit.source, unit.target, reviewed, fuzzy))
    return units


def import_units(
    spec_path: Path, lang: str, xliff: Path, *, allow_outside: bool = False
) -> ImportStats:
    """Put an XLIFF file's translations and states back into ``lang``'s catalogue."""
    path, _ = catalogue_of(spec_path, lang, allow_outside=allow_outside)
    po = read_catalog(path)
    ids = unit_ids(po)
    name = display_path(Path(xliff))
    try:
        data = Path(xliff).read_bytes()
    except OSError as exc:
        raise SpecError(f"{name}: {exc.strerror or exc}") from None
    stats = ImportStats(path=path)
    problems = []
    for unit_id, source, target, reviewed, fuzzy in _read_units(data, name):
        entry = ids.get(unit_id or "")
        if entry is None or entry.msgid != source:
            stats.skipped.append(f"{name}: unit '{unit_id}': its source is not in the catalogue")
            continue
        if not target:
            stats.unchanged += 1
            continue
        for problem in translation_problems(source, target):
            problems.append(f"{name}: unit '{unit_id}': {problem}")
        before = (entry.msgstr, list(entry.flags), entry.tcomment)
        entry.msgstr = str(target)
        _apply_state(entry, reviewed, fuzzy)
        if (entry.msgstr, list(entry.flags), entry.tcomment) == before:
            stats.unchanged += 1
        else:
            stats.updated += 1
    if problems:
        raise SpecError([Problem(None, p) for p in problems])
    write_catalog(po, path)
    return stats


def _apply_state(entry: polib.POEntry, reviewed: bool, fuzzy: bool) -> None:
    lines = (entry.tcomment or "").splitlines()
    has_note = any(line.startswith(REVIEW_PREFIX) for line in lines)
    flags = [f for f in entry.flags if f not in ("fuzzy", REVIEW_FLAG)]
    if fuzzy:
        flags.append("fuzzy")
    elif reviewed:  # signed off in the CAT tool: the review note has done its job
        lines = [line for line in lines if not line.startswith(REVIEW_PREFIX)]
        entry.previous_msgid = None
        entry.previous_msgctxt = None
    elif not has_note:
        flags.append(REVIEW_FLAG)
    entry.flags = flags
    entry.tcomment = "\n".join(lines)
