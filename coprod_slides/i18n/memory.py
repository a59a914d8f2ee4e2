"""Translation memory: earlier translations offered to new and edited strings.

``i18n update`` looks a string up here when its own catalogue has nothing for it: the
catalogues bundled with coprod-slides (the library slides' Welsh, for one), the
catalogue being updated (the same sentence elsewhere in the deck), and any catalogue
(.po) or TMX file named with ``--tm``. An exact match of the source is taken as a
translation; a near match (similarity of at least ``NEAR``) is offered marked fuzzy,
with the source it translated shown as ``#| msgid`` for the translator to compare.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polib

from ..deckspec.loader import display_path
from ..errors import SpecError
from .pofile import find_catalog, package_paths, read_catalog

NEAR = 0.75  # difflib ratio from which a translation is offered as fuzzy


@dataclass(frozen=True)
class Suggestion:
    source: str  # the source text the memory's translation was made for
    target: str
    origin: str  # where it came from (a file name)
    exact: bool


@dataclass
class TranslationMemory:
    """Source text → translation, first origin wins."""

    lang: str
    units: dict[str, tuple[str, str]] = field(default_factory=dict)

    def add(self, source: str, target: str, origin: str) -> None:
        if source.strip() and target.strip():
            self.units.setdefault(source, (target, origin))

    def add_catalog(self, po: polib.POFile, origin: str) -> None:
        for entry in po:
            if not entry.obsolete and entry.msgstr and "fuzzy" not in entry.flags:
                self.add(entry.msgid, entry.msgstr, origin)

    def __len__(self) -> int:
        return len(self.units)

    def lookup(self, source: str) -> Suggestion | None:
        """The exact translation of ``source``, else the nearest one (or None)."""
        found = self.units.get(source)
        if found is not None:
            return Suggestion(source, found[0], found[1], True)
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(source)
        best, best_ratio = None, NEAR
        for candidate in self.units:
            matcher.set_seq1(candidate)
            if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio >= best_ratio and (best is None or ratio > best_ratio):
                best, best_ratio = candidate, ratio
        if best is None:
            return None
        target, origin = self.units[best]
        return Suggestion(best, target, origin, False)


def bundled_catalogs(lang: str) -> list[Path]:
    """The catalogues shipped with coprod-slides for ``lang`` (the workshop's, …)."""
    found = []
    for folder, _ in package_paths():
        for locales in sorted(Path(folder).glob("**/locales")):
            path = find_catalog(locales, lang)
            if path is not None and path not in found:
                found.append(path)
    return found


def load_memory(
    lang: str, tm_files: Iterable[Path] = (), own: polib.POFile | None = None
) -> TranslationMemory:
    """The memory for ``lang``: ``--tm`` files first, then the bundled catalogues, then
    ``own`` (the catalogue being updated, for repeated sentences)."""
    memory = TranslationMemory(lang)
    for path in tm_files:
        path = Path(path)
        if path.suffix.lower() == ".tmx":
            for source, target in read_tmx(path, lang):
                memory.add(source, target, display_path(path))
        elif path.suffix.lower() in (".po", ".pot"):
            memory.add_catalog(read_catalog(path), display_path(path))
        else:
            raise SpecError(
                f"{display_path(path)}: --tm takes gettext catalogues (.po) or TMX files (.tmx)"
            )
    for path in bundled_catalogs(lang):
        memory.add_catalog(read_catalog(path), f"coprod-slides {path.name}")
    if own is not None:
        memory.add_catalog(own, "this catalogue")
    return memory


def read_tmx(path: Path, lang: str) -> list[tuple[str, str]]:
    """(source, target) pairs of a TMX file for ``lang``.

    The source of a unit is its variant in the header's ``srclang`` (else its first);
    the target the variant whose language has the same primary subtag as ``lang``
    (``cy`` matches ``cy-GB``). Read with entities and network access off.
    """
    from lxml import etree  # lazy: lxml (~0.1 s) only when a --tm file is TMX

    name = display_path(Path(path))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except OSError as exc:
        raise SpecError(f"{name}: {exc}") from None
    except etree.XMLSyntaxError as exc:
        raise SpecError(f"{name}:{exc.lineno}: not well-formed XML ({exc.msg})") from None
    if etree.QName(root).localname != "tmx":
        raise SpecError(f"{name}: not a TMX file (its root element is <{root.tag}>)")
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    header = root.find("header")
    srclang = _primary(header.get("srclang", "") if header is not None else "")
    want = _primary(lang)
    pairs = []
    for unit in root.iter("tu"):
        variants = [
            (
                _primary(tuv.get(xml_lang) or tuv.get("lang") or ""),
                "".join(tuv.find("seg").itertext()),
            )
            for tuv in unit.findall("tuv")
            if tuv.find("seg") is not None
        ]
        source = next((text for code, text in variants if code == srclang), None)
        if source is None and variants:
            source = variants[0][1]
        target = next((text for code, text in variants if code == want), None)
        if source and target:
            pairs.append((source, target))
    return pairs


def _primary(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].lower()
