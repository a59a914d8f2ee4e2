"""Translate a deck at build time from ``<lang>.po``, with checked fallbacks.

The deck must be loaded *before* ``{variable}`` substitution (``load_spec(...,
substitute_vars=False)``): catalogue msgids keep their placeholders, and the caller
applies the variables to the translated deck afterwards.

Every text of the result is a :class:`~coprod_slides.specvalues.textvalues.Translated`
with the language it is in. A text with no usable translation keeps its source words and
language (``is_fallback``; the renderer tags its runs with that language); each such text
gives one warning. A translation that would break
the deck — a dropped ``{placeholder}``, unbalanced ``**bold**``/``*italic*`` markers,
control or bidi-override characters — is an error naming the catalogue line.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..deckspec.loader import display_path
from ..errors import Diagnostics, Loc, SpecError
from ..model import Coverage, Deck, Localisation, Notes
from ..specvalues.textvalues import Text, Translated
from ..texts import map_deck_texts, split_notes
from ..variables import placeholders
from .catalog import catalog_dir, context_of, legacy_context, source_loc
from .languages import format_date, language_info, parse_iso_date
from .pofile import catalog_text_lines, find_catalog, msgstr_line, read_catalog
from .review import needs_review_mark

# C0 controls other than tab, newline and carriage return.
CONTROL_CHARS = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f]")
# Bidi embeddings/overrides (U+202A–U+202E) and isolates (U+2066–U+2069): the renderer
# sets paragraph direction itself; these would make text display differently from how
# it reads in the catalogue.
BIDI_CHARS = re.compile("[\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class CatalogLoc(Loc):
    """Where a translation is written: ``cy.po:123 (msgctxt agenda.bullets#3f2a1c)``."""

    msgctxt: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line} (msgctxt {self.msgctxt})"


@dataclass(frozen=True)
class Translation:
    msgstr: str
    fuzzy: bool
    line: int
    review: str | None = None  # why it still needs review (review.py), if it does


@dataclass
class Catalog:
    """The usable translations of one .po file, keyed by (msgctxt, msgid)."""

    path: Path
    display: str
    entries: dict[tuple[str, str], Translation] = field(default_factory=dict)

    def lookup(self, msgctxt: str, msgid: str) -> Translation | None:
        return self.entries.get((msgctxt, msgid))


def _char_name(char: str) -> str:
    return f"U+{ord(char):04X}" + (
        f" ({unicodedata.name(char)})" if unicodedata.name(char, "") else ""
    )


def _markers(text: str) -> tuple[int, int]:
    """(bold ``**`` markers, italic ``*`` markers) in ``text``."""
    return text.count("**"), text.replace("**", "").count("*")


def translation_problems(msgid: str, msgstr: str) -> list[str]:
    """What is wrong with ``msgstr`` as a translation of ``msgid`` (empty if nothing)."""
    problems = []
    for pattern, what in (
        (CONTROL_CHARS, "control character"),
        (BIDI_CHARS, "bidi override character"),
    ):
        found = pattern.search(msgstr)
        if found:
            problems.append(
                f"translation contains the {what} {_char_name(found.group(0))}; remove it"
            )
    source, target = Counter(placeholders(msgid)), Counter(placeholders(msgstr))
    for name in source:
        if target[name] < source[name]:
            problems.append(f"translation drops {{{name}}}; keep it exactly as in the source")
    for name in target:
        if target[name] > source[name]:
            extra = "" if source[name] else ", which the source does not have"
            problems.append(
                f"translation adds {{{name}}}{extra}; write literal braces as {{{{ and }}}}"
            )
    (bold_s, italic_s), (bold_t, italic_t) = _markers(msgid), _markers(msgstr)
    if bold_s != bold_t:
        problems.append(
            f"translation has {bold_t} '**' bold markers, the source {bold_s}; "
            "keep **…** around the matching words"
        )
    if italic_s != italic_t:
        problems.append(
            f"translation has {italic_t} '*' italic markers, the source "
            f"{italic_s}; keep *…* around the matching words"
        )
    return problems


def load_translations(
    path: Path, *, use_fuzzy: bool = False, diag: Diagnostics | None = None
) -> Catalog:
    """Read and check a catalogue; problems go to ``diag`` as errors (``file:line: …``).

    Entries with problems are left out, so a caller that does not stop on errors falls
    back to the source for them. Fuzzy entries are checked only when they would be used.
    """
    diag = diag if diag is not None else Diagnostics()
    display = display_path(Path(path))
    key = _catalog_key(Path(path), display, use_fuzzy)
    if key is not None and key in _CATALOGS:  # a batch builds many variants in one worker
        return _CATALOGS[key]
    errors = len(diag.errors)
    catalog = _load_translations(Path(path), display, use_fuzzy, diag)
    if key is not None and len(diag.errors) == errors:  # only a clean one: errors are reported
        if len(_CATALOGS) >= 16:
            _CATALOGS.pop(next(iter(_CATALOGS)))
        _CATALOGS[key] = catalog
    return catalog


#: (file identity and times, display name, use_fuzzy) -> its Catalog, read once per process
_CATALOGS: dict[tuple, Catalog] = {}


def _catalog_key(path: Path, display: str, use_fuzzy: bool) -> tuple | None:
    try:
        info = path.stat()
    except OSError:
        return None  # read_catalog says what is wrong
    return (
        str(path.resolve()),
        info.st_ino,
        info.st_size,
        info.st_mtime_ns,
        info.st_ctime_ns,
        display,
        use_fuzzy,
    )


def _load_translations(path: Path, display: str, use_fuzzy: bool, diag: Diagnostics) -> Catalog:
    po = read_catalog(Path(path), display)
    lines = catalog_text_lines(Path(path))
    catalog = Catalog(path=Path(path), display=display)
    for entry in po:
        if entry.obsolete or not entry.msgid or not entry.msgstr:
            continue
        fuzzy = "fuzzy" in entry.flags
        line = msgstr_line(lines, entry)
        if not fuzzy or use_fuzzy:
            problems = translation_problems(entry.msgid, entry.msgstr)
            for problem in problems:
                diag.error(None, f"{display}:{line}: msgctxt '{entry.msgctxt or ''}': {problem}")
            if problems:
                continue
        catalog.entries[(entry.msgctxt or "", entry.msgid)] = Translation(
            entry.msgstr, fuzzy, line, needs_review_mark(entry)
        )
    return catalog


def _where(slide_id: str, path: str) -> str:
    return f"deck {path}" if slide_id == "deck" else f"slide '{slide_id}' {path}"


def translate_deck(
    deck: Deck,
    catalog_path: Path,
    lang: str,
    *,
    use_fuzzy: bool = False,
    require_reviewed: bool = False,
    diag: Diagnostics,
) -> tuple[Deck, Coverage]:
    """``deck`` with every text looked up in ``catalog_path``; and the coverage.

    Raises SpecError for a catalogue that cannot be used (syntax, broken translations).
    Missing (or fuzzy, unless ``use_fuzzy``) strings keep the source text, one warning each.
    """
    catalog = load_translations(catalog_path, use_fuzzy=use_fuzzy, diag=diag)
    diag.raise_if_errors()
    slides = {s.id: s for s in deck.slides}
    coverage = Coverage()
    fallbacks: set[tuple[str, str]] = set()
    source_lang = deck.language
    target_lang = language_info(lang).default_region_tag

    def fn(slide_id: str, path: str, text: Text) -> str:
        if not str(text).strip():
            return text
        if slide_id == "deck" and path == "date" and parse_iso_date(text) is not None:
            return format_date(str(text), lang)
        coverage.total += 1
        msgctxt = context_of(slide_id, path, text)
        found = catalog.lookup(msgctxt, str(text))
        if found is None:  # a catalogue from before fingerprints, not yet updated
            msgctxt = legacy_context(slide_id, path)
            found = catalog.lookup(msgctxt, str(text))
        if found is not None and (use_fuzzy or not found.fuzzy):
            coverage.translated += 1
            where = CatalogLoc(catalog.display, found.line, 0, msgctxt=msgctxt)
            if require_reviewed and (found.review or found.fuzzy):
                why = found.review or "fuzzy"
                diag.error(
                    where,
                    f"not reviewed ({why}); review the translation and remove the mark, "
                    "or build without --require-reviewed",
                )
            return Translated(found.msgstr, target_lang, where, text.key)
        loc = source_loc(slides, slide_id, path, text)
        if found is not None:
            coverage.fuzzy += 1
            message = (
                f"{_where(slide_id, path)}: the {lang} translation is fuzzy (needs "
                "review); using the source text (--use-fuzzy uses it)"
            )
        else:
            coverage.missing += 1
            message = f"{_where(slide_id, path)}: no {lang} translation; using the source text"
        if require_reviewed:
            diag.error(loc, message.split(";")[0] + "; --require-reviewed needs every string")
        else:
            diag.warn(loc, message)
        fallbacks.add((slide_id, path))
        return Translated(text, source_lang, text.loc, text.key, is_fallback=True)

    translated = _with_notes_languages(
        map_deck_texts(deck, fn), fallbacks, source_lang, target_lang
    )
    values = dict(deck.vars)
    for name, value in values.items():
        found = catalog.lookup(context_of("deck", f"vars.{name}"), str(value))
        if found is not None and (use_fuzzy or not found.fuzzy):
            values[name] = found.msgstr
    translated = replace(translated, vars=values)
    return translated, coverage


def _with_notes_languages(
    deck: Deck, fallbacks: set[tuple[str, str]], source_lang: str, target_lang: str
) -> Deck:
    """``deck`` with its speaker notes as Translated texts: notes are translated one unit
    (paragraph or bullet, ``notes.full[i]``) at a time, so each unit that fell back keeps
    the source language (``unit_languages``); notes whose every unit fell back are a
    fallback as a whole."""

    def languages(slide_id: str, depth: str, text: Text | None) -> Text | None:
        if text is None:
            return None
        count = sum(1 for prefix, _ in split_notes(text) if prefix != "\n")
        kept = [(slide_id, f"notes.{depth}[{i}]") in fallbacks for i in range(count)]
        whole = bool(kept) and all(kept)
        return Translated(
            text,
            source_lang if whole else target_lang,
            text.loc,
            text.key,
            is_fallback=whole,
            unit_languages=tuple(source_lang if k else None for k in kept) if any(kept) else (),
        )

    slides = tuple(
        replace(
            slide,
            notes=Notes(
                full=languages(slide.id, "full", slide.notes.full),
                brief=languages(slide.id, "brief", slide.notes.brief),
            ),
        )
        if slide.notes is not None
        else slide
        for slide in deck.slides
    )
    return replace(deck, slides=slides)


def localise(
    deck: Deck,
    spec_path: Path,
    lang: str,
    *,
    use_fuzzy: bool = False,
    min_coverage: float | None = None,
    strict: bool = False,
    require_reviewed: bool = False,
    diag: Diagnostics,
) -> Deck:
    """The deck in ``lang``, from the spec's catalogue (``locales/<lang>.po`` or the
    ``translations:`` folder).

    ``deck`` must still hold its ``{placeholders}`` (load with ``substitute_vars=False``);
    apply the variables afterwards (``variables.apply_vars(deck, deck.vars, diag)``) —
    ISO-date variables are already localised here. The result's ``language`` is the region
    tag (``cy-GB``); its ``localisation`` holds the spec's language, the direction and the
    :class:`Coverage`.

    Errors (SpecError): unknown language, no catalogue, a broken catalogue, coverage
    below ``min_coverage`` (a percentage), and — with ``strict`` — any missing string.
    """
    info = language_info(lang)
    folder = catalog_dir(spec_path, deck)
    path = find_catalog(folder, lang)
    if path is None:
        source = deck.language.split("-")[0].lower()
        if info.gettext_code.split("_")[0] == source:
            return _retagged(deck, info, None)
        expected = display_path(folder / f"{info.gettext_code}.po")
        raise SpecError(
            f"no catalogue for '{lang}': run 'coprod-slides i18n update "
            f"{display_path(Path(spec_path))} --lang {lang}' to create {expected}"
        )
    own = Diagnostics()
    translated, coverage = translate_deck(
        deck, path, lang, use_fuzzy=use_fuzzy, require_reviewed=require_reviewed, diag=own
    )
    own.raise_if_errors()
    diag.warnings.extend(w for w in own.warnings if w not in diag.warnings)
    if strict and (coverage.missing or coverage.fuzzy):
        raise SpecError(own.warnings)
    if min_coverage is not None and coverage.percent < float(min_coverage):
        raise SpecError(
            f"{lang}: {int(coverage.percent)}% translated, below --min-coverage "
            f"{float(min_coverage):g} ({coverage.missing} missing, "
            f"{coverage.fuzzy} fuzzy in {display_path(path)})"
        )
    return _retagged(translated, info, coverage, path)


def _retagged(deck: Deck, info, coverage: Coverage | None, path: Path | None = None) -> Deck:
    values = dict(deck.vars)
    for name, value in values.items():
        if parse_iso_date(value) is not None:
            values[name] = format_date(value, info.tag)
    return replace(
        deck,
        language=info.default_region_tag,
        vars=values,
        localisation=Localisation(
            source_language=deck.language, rtl=info.rtl, coverage=coverage, catalogue=path
        ),
    )
