"""gettext catalogues for decks: extract a .pot, create or merge <lang>.po, report status.

The unit of translation is one user-visible text of the deck *before* ``{variable}``
substitution, as :func:`coprod_slides.texts.iter_deck_texts` yields it: a title, a
bullet, a diagram label, one paragraph or bullet of the speaker notes. Its ``msgctxt``
is ``<slide-id>.<field path>`` (``deck.<path>`` for deck-level texts), so identical
English in two places can be translated differently and a moved slide keeps its
translations. Entries are keyed by (msgctxt, msgid): an audience that rewrites a title
adds a second entry with the same context, and the build looks up the pair.

Output is reproducible: entries in reading order, the creation date from
``SOURCE_DATE_EPOCH`` (or a fixed date), source references relative to the spec's folder.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import polib

from .. import atomic
from ..decks import catalogue_folder
from ..deckspec.loader import display_path, load_spec
from ..epoch import source_date_epoch
from ..errors import Diagnostics, Loc, SpecError
from ..model import Deck, Slide
from ..specvalues.yamlload import Text
from ..texts import iter_deck_texts, split_notes
from ..variables import placeholders
from .languages import language_info, parse_iso_date
from .memory import load_memory
from .pofile import (
    WRAP_WIDTH,
    find_catalog,
    new_catalog_path,
    package_paths,
    read_catalog,
)

PROJECT = "coprod-slides"
POT_NAME = "messages.pot"
# How much longer than the source a fixed-size text may grow before it may not fit.
GROWTH_LIMIT = 1.4
TITLE_BUDGET = 60


# --------------------------------------------------------------------------- messages


@dataclass
class Message:
    """One entry of the template: a text to translate and where it comes from."""

    msgctxt: str
    msgid: str
    kind: str
    occurrences: list[tuple[str, str]] = field(default_factory=list)
    comment: str = ""
    flags: list[str] = field(default_factory=list)
    legacy: str = ""  # the positional context older catalogues used (migrated on update)


def context_of(slide_id: str, path: str, text: str | None = None) -> str:
    """The stable gettext context of a text: ``ladder.title``, ``deck.footer``,
    ``agenda.bullets#3f2a1c``, ``agenda.why`` (an explicit ``key: why``).

    A text in a list (a bullet, a notes paragraph, a diagram rung) is named by its field
    and a fingerprint of its source text, not its position: inserting, removing or
    reordering items leaves every other item's context (and translation) where it was.
    An explicit ``key:`` on the item names it instead, so even an edit keeps the context.
    """
    if isinstance(text, Text) and text.key:
        return f"{slide_id}.{text.key}"
    field_path = _INDEX.sub("", path)
    if field_path == path or text is None:
        return f"{slide_id}.{path}"
    return f"{slide_id}.{field_path}#{fingerprint(text)}"


_INDEX = re.compile(r"\[\d+\]")


def fingerprint(text: str) -> str:
    """Six hex digits of the source text's SHA-1 (whitespace-normalised)."""
    normal = " ".join(str(text).split())
    return hashlib.sha1(normal.encode("utf-8")).hexdigest()[:6]


def legacy_context(slide_id: str, path: str) -> str:
    """The positional context of catalogues made before fingerprints (``bullets[3]``)."""
    return f"{slide_id}.{path}"


def context_stem(msgctxt: str) -> str:
    """A context without its fingerprint or position: the field it belongs to."""
    return _INDEX.sub("", msgctxt.split("#", 1)[0])


def field_kind(path: str) -> str:
    """What kind of text a field path holds: title, bullet, label, notes, alt, …"""
    if path.startswith("data."):
        return "label"
    if path.startswith("notes."):
        return "notes"
    last = re.sub(r"\[\d+\]", "", path).rsplit(".", 1)[-1]
    if last in ("bullets", "contact", "credits"):
        return "bullet"
    return last


_COMMENTS = {
    "title": "Slide title: keep it under ~60 characters",
    "subtitle": "Subtitle: keep it under ~120 characters",
    "bullet": "Bullet point: ~90 characters at 20 pt",
    "heading": "Column heading: keep it under ~40 characters",
    "notes": "Speaker notes paragraph; length is free",
    "alt": "Alt text for screen readers: describe the picture; length is free",
    "caption": "Image caption: one line, ~100 characters",
    "quote": "Quotation: keep within ~30% of the source length",
    "attribution": "Attribution: a name or source, usually kept as written",
    "byline": "Byline: a name or organisation, usually kept as written",
    "author": "Author: a name, usually kept as written",
    "date": "Date shown on the title slide",
    "message": "Closing message: keep it under ~120 characters",
    "footer": "Footer on every slide: small text, ~60 characters",
}


def label_budget(source: str) -> int:
    """The characters a diagram label may take: its fixed box fits ~1.4× the source."""
    return max(int(len(source) * GROWTH_LIMIT), 1)


def translator_comment(slide_id: str, path: str, source: str) -> str:
    """The ``#.`` comment: the box the translation must fit, and what to keep unchanged."""
    kind = field_kind(path)
    if kind == "label":
        lines = [f"Diagram label: max ~{label_budget(source)} characters, fits a fixed box"]
    elif kind == "title" and slide_id == "deck":
        lines = ["Deck title on the title slide: keep it under ~60 characters"]
    else:
        lines = [_COMMENTS.get(kind, "Slide text: allow at most ~30% growth")]
    names = list(dict.fromkeys(placeholders(source)))
    if names:
        lines.append("Keep " + ", ".join(f"{{{n}}}" for n in names) + " unchanged")
    if "*" in source:
        lines.append("Keep the **bold** / *italic* markers around the matching words")
    return "\n".join(lines)


# --------------------------------------------------------------------------- locations


def _unit_offsets(text: str) -> list[int]:
    """For notes: the line offset (within ``text``) of each paragraph/bullet unit."""
    lines = str(text).split("\n")
    offsets: list[int] = []
    index = 0
    for prefix, body in split_notes(text):
        if prefix == "\n":
            continue
        found = None
        for number in range(index, len(lines)):
            start = re.sub(r"^\s*[-*•]\s+", "", lines[number]).strip()
            if start and body.startswith(start):
                found = number
                break
        if found is None:
            offsets.append(offsets[-1] if offsets else 0)
            continue
        offsets.append(found)
        index = found + 1
    return offsets


def source_loc(deck_slides: dict[str, Slide], slide_id: str, path: str, text: Text) -> Loc | None:
    """Where ``text`` was written; for a notes paragraph, the paragraph's own line."""
    loc = text.loc
    match = re.fullmatch(r"notes\.(full|brief)\[(\d+)\]", path)
    if loc is None or match is None or loc.line <= 0:
        return loc
    slide = deck_slides.get(slide_id)
    notes = getattr(slide.notes, match.group(1), None) if slide and slide.notes else None
    if not notes or "\n" not in str(notes).rstrip("\n"):
        return loc
    offsets = _unit_offsets(notes)
    index = int(match.group(2))
    if index >= len(offsets):
        return loc
    # A literal block (``notes: |``) starts on the line after its indicator.
    return replace(loc, line=loc.line + 1 + offsets[index], col=1)


def reference_path(display: str, spec_dir: Path) -> str:
    """A source reference that does not depend on the working folder.

    Files in the spec's folder tree: relative to it (``workshop.yaml``); the package's
    library and diagram data: ``coprod_slides/library/ladder.yaml``; else as displayed.
    """
    if display.startswith("coprod_slides/"):
        return display
    path = Path(display)
    full = (path if path.is_absolute() else Path.cwd() / path).resolve()
    try:
        return full.relative_to(spec_dir.resolve()).as_posix()
    except ValueError:
        pass
    for folder, name in package_paths():
        try:
            return f"{name}/{full.relative_to(folder.resolve()).as_posix()}"
        except ValueError:
            continue
    return display


# --------------------------------------------------------------------------- extraction


def catalog_dir(spec_path: Path, deck: Deck | None = None) -> Path:
    """The folder of a spec's catalogues: its ``translations:`` folder, else ``locales/``
    (``coprod/<deck>``: a built-in deck's catalogues)."""
    folder = deck.translations if deck is not None else None
    return catalogue_folder(Path(spec_path).parent, str(folder) if folder else None)


def load_variants(spec_path: Path, *, allow_outside: bool = False) -> list[Deck]:
    """The deck (placeholders kept) and the deck as each of its audiences sees it."""
    base = load_source_deck(spec_path, allow_outside=allow_outside)
    decks = [base]
    for name in base.audiences:
        decks.append(load_source_deck(spec_path, audience=name, allow_outside=allow_outside))
    return decks


def load_source_deck(
    spec_path: Path, *, audience: str | None = None, allow_outside: bool = False
) -> Deck:
    """The deck as translators see it: ``{variables}`` kept. ``allow_outside``
    (``--allow-outside-assets``) for an ``extends:`` outside the spec's folder tree."""
    return load_spec(
        Path(spec_path),
        Diagnostics(),
        audience=audience,
        substitute_vars=False,
        allow_outside=allow_outside,
    )


def spec_catalogue(
    spec_path: Path, lang: str, *, allow_outside: bool = False
) -> tuple[Deck, Path, Path]:
    """The deck (placeholders kept), its catalogue folder and ``lang``'s catalogue there;
    one clear error when there is none yet."""
    deck = load_source_deck(spec_path, allow_outside=allow_outside)
    folder = catalog_dir(spec_path, deck)
    path = find_catalog(folder, lang)
    if path is None:
        raise SpecError(
            f"no catalogue for '{lang}' in {display_path(folder)}; run 'coprod-slides i18n "
            f"update {display_path(Path(spec_path))} --lang {lang}' to create it"
        )
    return deck, folder, path


def deck_messages(deck: Deck, spec_dir: Path) -> list[Message]:
    """The messages of one deck, in reading order, de-duplicated by (msgctxt, msgid)."""
    slides = {s.id: s for s in deck.slides}
    out: dict[tuple[str, str], Message] = {}
    for slide_id, path, text in reading_order(deck):
        if slide_id == "deck" and path == "date" and _is_iso_date(text):
            continue  # an ISO date is localised at build time, not translated
        key = (context_of(slide_id, path, text), str(text))
        message = out.get(key)
        if message is None:
            message = out[key] = Message(
                msgctxt=key[0],
                msgid=key[1],
                kind=field_kind(path),
                comment=translator_comment(slide_id, path, str(text)),
                flags=["python-brace-format"] if placeholders(str(text)) else [],
                legacy=legacy_context(slide_id, path),
            )
        loc = source_loc(slides, slide_id, path, text)
        if loc is not None:
            ref = (reference_path(loc.path, spec_dir), str(loc.line) if loc.line > 0 else "")
            if ref not in message.occurrences:
                message.occurrences.append(ref)
    for name, value in deck.vars.items():
        if not str(value).strip() or _is_iso_date(value) or str(value).strip().isdigit():
            continue  # nothing to translate in a blank, a date or a plain number
        key = (context_of("deck", f"vars.{name}"), str(value))
        out.setdefault(
            key,
            Message(
                msgctxt=key[0],
                msgid=key[1],
                kind="variable",
                comment=(
                    f"Default of the variable {{{name}}}: shown wherever the deck uses "
                    f"{{{name}}}, unless the user gives --var {name}=..."
                ),
            ),
        )
    return list(out.values())


_DECK_ORDER = ("title", "subtitle", "author", "date", "footer", "logo.alt")


def reading_order(deck: Deck) -> list[tuple[str, str, Text]]:
    """The deck's texts as a reader meets them: the deck's own (title, subtitle, …, footer),
    then each slide's title, its content, and its speaker notes last."""
    order = {slide.id: number for number, slide in enumerate(deck.slides, 1)}

    def rank(item: tuple[int, tuple[str, str, Text]]) -> tuple[int, int, int]:
        position, (slide_id, path, _) = item
        if slide_id == "deck":
            group = _DECK_ORDER.index(path) if path in _DECK_ORDER else len(_DECK_ORDER)
            return 0, group, position
        group = 0 if path == "title" else 2 if path.startswith("notes.") else 1
        return order.get(slide_id, len(order) + 1), group, position

    return [item for _, item in sorted(enumerate(iter_deck_texts(deck)), key=rank)]


def _is_iso_date(text: str) -> bool:
    return parse_iso_date(text) is not None


def merge_reading_order(lists: Iterable[list[Message]]) -> list[Message]:
    """The union of several message lists. A message new in a later list goes just before
    the next message of that list already known (an audience's inserted slide sits beside
    its neighbours; an audience's rewritten title next to the original), else at the end.
    """
    merged: list[Message] = []
    index: dict[tuple[str, str], Message] = {}
    for messages in lists:
        keys = [(m.msgctxt, m.msgid) for m in messages]
        for position, message in enumerate(messages):
            known = index.get(keys[position])
            if known is not None:
                for ref in message.occurrences:
                    if ref not in known.occurrences:
                        known.occurrences.append(ref)
                continue
            following = next((index[k] for k in keys[position + 1 :] if k in index), None)
            at = merged.index(following) if following is not None else len(merged)
            merged.insert(at, message)
            index[keys[position]] = message
    return merged


def collect_messages(spec_path: Path, *, allow_outside: bool = False) -> tuple[Deck, list[Message]]:
    """The base deck and the messages of it and all its audiences, in reading order."""
    decks = load_variants(spec_path, allow_outside=allow_outside)
    spec_dir = Path(spec_path).parent
    return decks[0], merge_reading_order(deck_messages(d, spec_dir) for d in decks)


def creation_date() -> str:
    """The template's date: the build's SOURCE_DATE_EPOCH, else a fixed date (reproducible)."""
    when = source_date_epoch()  # a malformed SOURCE_DATE_EPOCH is a SpecError
    return when.astimezone(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M+0000")


def base_metadata(date: str) -> dict[str, str]:
    return {
        "Project-Id-Version": PROJECT,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": date,
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Generated-By": PROJECT,
    }


def build_pot(messages: list[Message], title: str, date: str | None = None) -> polib.POFile:
    """A template (.pot) holding ``messages`` in order."""
    pot = polib.POFile(wrapwidth=WRAP_WIDTH)
    pot.header = (
        f'Translation template for the deck "{title}".\n'
        f"Made by '{PROJECT} i18n extract'; do not edit: translate <lang>.po "
        "files instead."
    )
    pot.metadata = base_metadata(date or creation_date())
    for message in messages:
        pot.append(
            polib.POEntry(
                msgctxt=message.msgctxt,
                msgid=message.msgid,
                msgstr="",
                occurrences=list(message.occurrences),
                comment=message.comment,
                flags=list(message.flags),
            )
        )
    return pot


def catalog_text(po: polib.POFile) -> str:
    text = str(po)
    return text if text.endswith("\n") else text + "\n"


def write_catalog(po: polib.POFile, path: Path) -> None:
    """Write a catalogue atomically (a temp file renamed into place), UTF-8, LF endings."""
    path = Path(path)
    if path.exists() and path.is_dir():
        raise SpecError(f"{path}: is a folder; give a file name such as {path / POT_NAME}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic.atomic_write_text(catalog_text(po), path)  # keeps a catalogue's mode (0644)
    except PermissionError:
        raise SpecError(f"{path}: cannot write here (permission denied)") from None
    except OSError as exc:
        raise SpecError(f"{path}: could not write the catalogue ({exc.strerror or exc})") from None


def extract(
    spec_path: Path, output: Path | None = None, *, allow_outside: bool = False
) -> tuple[Path, int]:
    """Write the spec's template; return its path and the number of messages."""
    deck, messages = collect_messages(spec_path, allow_outside=allow_outside)
    out = Path(output) if output else catalog_dir(spec_path, deck) / POT_NAME
    write_catalog(build_pot(messages, str(deck.title)), out)
    return out, len(messages)


# --------------------------------------------------------------------------- update


@dataclass
class UpdateStats:
    path: Path
    created: bool = False
    kept: int = 0
    fuzzy: int = 0
    memory: int = 0  # translated from the translation memory (exact matches)
    memory_fuzzy: int = 0  # offered from the memory as fuzzy (near matches)
    new: int = 0
    obsolete: int = 0
    dropped: int = 0

    def summary(self) -> str:
        verb = "created" if self.created else "updated"
        memory = (
            f", {self.memory} from memory, {self.memory_fuzzy} near matches (fuzzy)"
            if self.memory or self.memory_fuzzy
            else ""
        )
        return (
            f"{verb} {self.path}: {self.kept} kept, {self.fuzzy} fuzzy{memory}, "
            f"{self.new} new, {self.obsolete} obsolete"
        )


def _is_translated(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr) or any((entry.msgstr_plural or {}).values())


SIMILAR = 0.5  # an edited list item keeps its old translation (fuzzy) from this difflib ratio


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _carry(entry: polib.POEntry, match: polib.POEntry) -> None:
    entry.msgstr = match.msgstr
    entry.tcomment = match.tcomment
    if "fuzzy" in match.flags:
        entry.flags.append("fuzzy")
        entry.previous_msgid = match.previous_msgid
        entry.previous_msgctxt = match.previous_msgctxt
    for flag in match.flags:  # review states (see review.py) travel with the translation
        if flag not in entry.flags and flag != "fuzzy" and flag not in _TEMPLATE_FLAGS:
            entry.flags.append(flag)


_TEMPLATE_FLAGS = ("python-brace-format",)


def merge_catalog(
    pot: polib.POFile,
    old: polib.POFile | None,
    lang: str,
    stats: UpdateStats,
    title: str = "",
    *,
    legacy: dict[tuple[str, str], str] | None = None,
    memory=None,
) -> polib.POFile:
    """``old``'s translations carried onto ``pot``'s entries (msgmerge, written out).

    1. Same msgctxt and msgid (or the positional context of an older catalogue,
       ``legacy``): kept, review state included.
    2. A string edited in place — an old translated entry of the same field (slide id
       and field, ignoring fingerprint and position) that is no longer in the deck —
       gets the most similar such translation, marked fuzzy with the previous msgid
       (``#|``); a list item needs similarity ≥ 0.5, so a new bullet never takes
       another bullet's Welsh.
    3. Otherwise the translation ``memory`` (memory.py): an exact match translated, a
       near match fuzzy with the source it translated as the previous msgid.
    Translated entries no longer in the template: obsolete (``#~``), kept one cycle —
    entries that were obsolete already are dropped.
    """
    info = language_info(lang)
    po = polib.POFile(wrapwidth=WRAP_WIDTH)
    active = [e for e in old if not e.obsolete] if old is not None else []
    by_key = {(e.msgctxt or "", e.msgid): e for e in active}
    by_stem: dict[str, list[polib.POEntry]] = {}
    for entry in active:
        by_stem.setdefault(context_stem(entry.msgctxt or ""), []).append(entry)
    revived = {(e.msgctxt or "", e.msgid): e for e in (old.obsolete_entries() if old else [])}
    used: set[int] = set()
    legacy = legacy or {}

    entries = []
    for template in pot:
        key = (template.msgctxt or "", template.msgid)
        entry = polib.POEntry(
            msgctxt=template.msgctxt,
            msgid=template.msgid,
            msgstr="",
            occurrences=list(template.occurrences),
            comment=template.comment,
            flags=list(template.flags),
        )
        match = by_key.get(key)
        if match is None and key in legacy:
            match = by_key.get((legacy[key], key[1]))
        if match is None and key in revived and _is_translated(revived[key]):
            match = revived[key]
        if match is not None and id(match) not in used:
            used.add(id(match))
            _carry(entry, match)
            stats.kept += 1
            entries.append((entry, True))
        else:
            entries.append((entry, False))

    for entry, done in entries:
        if done:
            continue
        listed = "#" in entry.msgctxt
        candidates = [
            e
            for e in by_stem.get(context_stem(entry.msgctxt), [])
            if id(e) not in used and _is_translated(e)
        ]
        scored = sorted(
            ((_similarity(entry.msgid, e.msgid), n, e) for n, e in enumerate(candidates)),
            key=lambda t: (-t[0], t[1]),
        )
        previous = None
        if scored and (not listed or scored[0][0] >= SIMILAR):
            previous = scored[0][2]
        if previous is not None:
            used.add(id(previous))
            entry.msgstr = previous.msgstr
            entry.tcomment = previous.tcomment
            entry.flags.append("fuzzy")
            entry.previous_msgid = previous.msgid
            stats.fuzzy += 1
            continue
        suggestion = memory.lookup(entry.msgid) if memory is not None else None
        if suggestion is not None:
            entry.msgstr = suggestion.target
            if suggestion.exact:
                stats.memory += 1
            else:
                entry.flags.append("fuzzy")
                entry.previous_msgid = suggestion.source
                stats.memory_fuzzy += 1
            entry.tcomment = f"From translation memory: {suggestion.origin}"
            continue
        stats.new += 1
    po.extend(entry for entry, _ in entries)

    translations = {(e.msgid, e.msgstr) for e, _ in entries if e.msgstr and "fuzzy" not in e.flags}
    for entry in active:
        if id(entry) in used:
            continue
        if (entry.msgid, entry.msgstr) in translations and "fuzzy" not in entry.flags:
            continue  # e.g. two positional entries that are now one: nothing is lost
        if _is_translated(entry):
            po.append(
                polib.POEntry(
                    msgctxt=entry.msgctxt,
                    msgid=entry.msgid,
                    msgstr=entry.msgstr,
                    tcomment=entry.tcomment,
                    flags=[f for f in entry.flags if f == "fuzzy"],
                    obsolete=True,
                )
            )
            stats.obsolete += 1
        else:
            stats.dropped += 1

    date = pot.metadata.get("POT-Creation-Date") or creation_date()
    metadata = base_metadata(date)
    if old is not None:
        for key, value in old.metadata.items():
            if (
                key in ("PO-Revision-Date", "Last-Translator", "Language-Team")
                or key not in metadata
            ):
                metadata[key] = value
    metadata.update(
        {
            "Project-Id-Version": pot.metadata.get("Project-Id-Version") or PROJECT,
            "POT-Creation-Date": date,
            "Language": info.gettext_code,
            "Content-Type": "text/plain; charset=UTF-8",
            "Plural-Forms": info.plural_forms,
        }
    )
    if metadata.get("Language-Team", "").startswith("LANGUAGE"):
        metadata["Language-Team"] = f"{info.name} <LL@li.org>"
    po.metadata = metadata
    if old is not None and old.header:
        po.header = old.header
    else:
        po.header = (
            f'{info.name} ({info.gettext_code}) translation of the deck "{title}".'
            if title
            else f"{info.name} ({info.gettext_code}) translation of a coprod-slides deck."
        )
    return po


def update(
    spec_path: Path,
    langs: Iterable[str],
    tm_files: Iterable[Path] = (),
    *,
    memory: bool = True,
    allow_outside: bool = False,
) -> list[UpdateStats]:
    """Create or merge ``<folder>/<lang>.po`` for each language from a fresh extraction.

    Strings with no translation of their own are looked up in the translation memory
    (memory.py): the bundled catalogues, ``tm_files`` (.po or .tmx), and the catalogue
    itself; ``memory=False`` leaves them empty.
    """
    langs = list(dict.fromkeys(langs))
    for lang in langs:
        language_info(lang)  # refuse an unknown code before writing anything
    deck, messages = collect_messages(spec_path, allow_outside=allow_outside)
    folder = catalog_dir(spec_path, deck)
    pot = build_pot(messages, str(deck.title))
    legacy = {(m.msgctxt, m.msgid): m.legacy for m in messages if m.legacy != m.msgctxt}
    results = []
    for lang in langs:
        existing = find_catalog(folder, lang)
        path = existing or new_catalog_path(folder, lang)
        stats = UpdateStats(path=path, created=existing is None)
        old = read_catalog(existing) if existing else None
        tm = load_memory(lang, list(tm_files), own=old) if memory else None
        po = merge_catalog(pot, old, lang, stats, str(deck.title), legacy=legacy, memory=tm)
        write_catalog(po, path)
        results.append(stats)
    return results
