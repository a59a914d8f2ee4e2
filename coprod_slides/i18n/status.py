"""``i18n status``: where each catalogue stands, in strings and words, per audience.

For each language and each version of the deck (the spec as written, then each
audience), the strings and their words by review state (review.py), how many of the
strings still to do the translation memory matches exactly or nearly, and how many
repeat a string met earlier (translated once) — the figures a translation quote uses.
"May not fit" comes from building the translated deck and fitting every translated
string in its real box; each is named by the catalogue line a translator edits.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..deckspec.loader import display_path
from ..errors import SpecError
from .catalog import catalog_dir, deck_messages, load_variants, merge_reading_order
from .languages import language_info
from .memory import load_memory
from .pofile import catalog_text_lines, find_catalog, msgstr_line, read_catalog
from .review import FUZZY, NEEDS_REVIEW, NEW, REVIEWED, needs_review_mark, review_state, words

#: What may not fit: (spec, language, audiences) → catalogue lines (``build.fit_problems``
#: builds the translated deck; reporting itself does not need the build stack).
FitCheck = Callable[[Path, str, list[str]], list[str]]

ALL = "(all)"
SPEC_AS_WRITTEN = "(spec)"


@dataclass
class Tally:
    """Strings and words of one version of the deck, by category."""

    strings: Counter = field(default_factory=Counter)
    words: Counter = field(default_factory=Counter)

    def add(self, category: str, text: str) -> None:
        self.strings[category] += 1
        self.words[category] += words(text)


@dataclass
class LanguageStatus:
    lang: str
    path: Path
    rows: dict[str, Tally] = field(default_factory=dict)  # ALL, SPEC_AS_WRITTEN, audiences
    long: list[str] = field(default_factory=list)  # "cy.po:123 (msgctxt …): … does not fit"
    review: list[str] = field(default_factory=list)  # "cy.po:123 (msgctxt …): Review: …"

    @property
    def total(self) -> int:
        return self.rows[ALL].strings["total"]

    @property
    def translated(self) -> int:
        counts = self.rows[ALL].strings
        return counts[REVIEWED] + counts[NEEDS_REVIEW]

    @property
    def fuzzy(self) -> int:
        return self.rows[ALL].strings[FUZZY]

    @property
    def missing(self) -> int:
        return self.rows[ALL].strings[NEW]

    @property
    def needs_review(self) -> int:
        return self.rows[ALL].strings[NEEDS_REVIEW]

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def _tally(messages, entries: dict, memory) -> Tally:
    tally = Tally()
    seen: set[str] = set()
    for message in messages:
        entry = entries.get((message.msgctxt, message.msgid))
        state = review_state(entry)
        tally.add("total", message.msgid)
        tally.add(state, message.msgid)
        if message.msgid in seen:
            tally.add("repeated", message.msgid)
        seen.add(message.msgid)
        if state in (NEW, FUZZY) and memory is not None:
            suggestion = memory.lookup(message.msgid)
            if suggestion is not None:
                tally.add("TM exact" if suggestion.exact else "TM near", message.msgid)
    return tally


def catalog_status(
    spec_path: Path,
    langs: Iterable[str] | None = None,
    tm_files: Iterable[Path] = (),
    fit_check: FitCheck | None = None,
    *,
    allow_outside: bool = False,
) -> list[LanguageStatus]:
    """The status of each catalogue against the spec as it is now (not the .po's own view).

    ``fit_check`` (``build.fit_problems``) fills in what may not fit; without it that
    list stays empty."""
    decks = load_variants(spec_path, allow_outside=allow_outside)
    spec_dir = Path(spec_path).parent
    per_deck = [deck_messages(d, spec_dir) for d in decks]
    merged = merge_reading_order(per_deck)
    names = [SPEC_AS_WRITTEN, *decks[0].audiences]
    folder = catalog_dir(spec_path, decks[0])
    found = _catalogues(folder, langs, spec_path)
    results = []
    for lang, path in found:
        name = display_path(path)
        po = read_catalog(path, name)
        lines = catalog_text_lines(path)
        entries = {(e.msgctxt or "", e.msgid): e for e in po if not e.obsolete}
        memory = load_memory(lang, list(tm_files), own=po) if _known(lang) else None
        status = LanguageStatus(lang=lang, path=path)
        status.rows[ALL] = _tally(merged, entries, memory)
        for label, messages in zip(names, per_deck, strict=False):
            status.rows[label] = _tally(messages, entries, memory)
        for message in merged:
            entry = entries.get((message.msgctxt, message.msgid))
            mark = needs_review_mark(entry) if entry is not None and entry.msgstr else None
            if mark and entry is not None and "fuzzy" not in entry.flags:
                status.review.append(
                    f"{name}:{msgstr_line(lines, entry)} (msgctxt {message.msgctxt}): {mark}"
                )
        status.long = fit_check(spec_path, lang, [*names[1:]]) if fit_check else []
        results.append(status)
    return results


def _known(lang: str) -> bool:
    try:
        language_info(lang)
    except SpecError:
        return False
    return True


def _catalogues(folder: Path, langs, spec_path) -> list[tuple[str, Path]]:
    if langs:
        found = []
        for lang in dict.fromkeys(langs):
            path = find_catalog(folder, lang)
            if path is None:
                raise SpecError(
                    f"no catalogue for '{lang}' in {display_path(folder)}; run "
                    f"'coprod-slides i18n update {display_path(Path(spec_path))} "
                    f"--lang {lang}' to create it"
                )
            found.append((lang, path))
        return found
    found = [(p.stem, p) for p in sorted(folder.glob("*.po"))]
    if not found:
        raise SpecError(
            f"no catalogues (*.po) in {display_path(folder)}; run "
            f"'coprod-slides i18n update {display_path(Path(spec_path))} "
            "--lang cy' to create one"
        )
    return found


COLUMNS = (
    ("total", "total"),
    (REVIEWED, "reviewed"),
    (NEEDS_REVIEW, "needs review"),
    (FUZZY, "fuzzy"),
    (NEW, "new"),
    ("repeated", "repeated"),
    ("TM exact", "TM exact"),
    ("TM near", "TM near"),
)


def format_status(results: list[LanguageStatus]) -> str:
    """Per language: a table of strings/words per audience, then what needs review and
    what may not fit, each as the catalogue line to edit."""
    out: list[str] = []
    for result in results:
        if out:
            out.append("")
        out.append(
            f"{result.lang} ({result.path}): {result.percent:.1f}% translated, "
            f"{result.needs_review} need review, {result.fuzzy} fuzzy, "
            f"{result.missing} new, {len(result.long)} may not fit"
        )
        head = ["strings/words", *(label for _, label in COLUMNS)]
        rows = [
            [name, *(f"{t.strings[key]}/{t.words[key]}" for key, _ in COLUMNS)]
            for name, t in result.rows.items()
        ]
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
        for row in [head, *rows]:
            out.append(
                "  ".join(
                    cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
                    for i, cell in enumerate(row)
                ).rstrip()
            )
        if result.review:
            out.append(f"{result.lang}: needs review ({len(result.review)}):")
            out.extend(f"  {line}" for line in result.review)
        if result.long:
            out.append(f"{result.lang}: may not fit ({len(result.long)}):")
            out.extend(f"  {line}" for line in result.long)
    return "\n".join(out)
