"""A term base: one agreed translation per source term, enforced by ``i18n check``.

The term base is a CSV file whose header names the languages (``en,cy``; a ``note``
column is allowed) or a TBX file. Each source term has exactly one translation: two
rows giving the same English term different Welsh are an error in the term base. Then
every translated string whose source contains a term must use its agreed translation.
Welsh initial mutations are allowed (``ysgol gyfranogi`` is not ``cyfranogi``, but
``ysgol cyfranogiad`` after ``yr`` may read ``ysgol gyfranogiad`` …): the first letter
of each word of the term may take its soft, nasal or aspirate form.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..deckspec.loader import display_path
from ..errors import Problem, SpecError
from .catalog import spec_catalogue
from .pofile import catalog_text_lines, msgstr_line, read_catalog
from .translate import translation_problems

# Welsh initial mutations: radical -> the forms it may take (soft, nasal, aspirate).
MUTATIONS = {
    "p": ("b", "mh", "ph"),
    "t": ("d", "nh", "th"),
    "c": ("g", "ngh", "ch"),
    "b": ("f", "m"),
    "d": ("dd", "n"),
    "g": ("", "ng"),
    "ll": ("l",),
    "m": ("f",),
    "rh": ("r",),
}


@dataclass(frozen=True)
class Term:
    source: str
    target: str
    line: int


def _word_pattern(word: str, mutate: bool) -> str:
    if not mutate:
        return re.escape(word)
    lower = word.lower()
    for radical in sorted(MUTATIONS, key=len, reverse=True):
        if lower.startswith(radical):
            forms = (radical, *MUTATIONS[radical])
            rest = re.escape(word[len(radical) :])
            return "(?:" + "|".join(re.escape(f) for f in forms) + ")" + rest
    return re.escape(word)


def term_pattern(term: str, welsh: bool) -> re.Pattern:
    words = term.split()
    body = r"[\s-]+".join(_word_pattern(w, welsh) for w in words)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def read_terms(path: Path, source_lang: str, target_lang: str) -> list[Term]:
    """The term base's (source, target) pairs; conflicting rows are a SpecError."""
    name = display_path(Path(path))
    try:
        data = Path(path).read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(f"{name}: cannot read the term base ({exc})") from None
    if Path(path).suffix.lower() == ".tbx":
        terms = _read_tbx(data, name, source_lang, target_lang)
    else:
        terms = _read_csv(data, name, source_lang, target_lang)
    seen: dict[str, Term] = {}
    problems = []
    for term in terms:
        key = term.source.lower()
        if key in seen and seen[key].target.lower() != term.target.lower():
            problems.append(
                f"{name}:{term.line}: '{term.source}' is given two translations "
                f"('{seen[key].target}' on line {seen[key].line}, '{term.target}' here); "
                "a term base has one per term"
            )
        seen.setdefault(key, term)
    if problems:
        raise SpecError([Problem(None, p) for p in problems])
    return list(seen.values())


def _primary(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].lower()


def _read_csv(data: str, name: str, source_lang: str, target_lang: str) -> list[Term]:
    rows = list(csv.reader(io.StringIO(data)))
    if not rows:
        return []
    header = [_primary(cell.strip()) for cell in rows[0]]
    try:
        src, tgt = header.index(_primary(source_lang)), header.index(_primary(target_lang))
    except ValueError:
        raise SpecError(
            f"{name}:1: the header must name the languages, e.g. "
            f"'{_primary(source_lang)},{_primary(target_lang)}'"
        ) from None
    terms = []
    for number, row in enumerate(rows[1:], 2):
        if len(row) > max(src, tgt) and row[src].strip() and row[tgt].strip():
            terms.append(Term(row[src].strip(), row[tgt].strip(), number))
    return terms


def _read_tbx(data: str, name: str, source_lang: str, target_lang: str) -> list[Term]:
    from lxml import etree  # lazy: lxml (~0.1 s) only for a TBX term base

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(data.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        raise SpecError(f"{name}:{exc.lineno}: not well-formed XML ({exc.msg})") from None
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    terms = []
    for entry in root.iter("{*}termEntry", "termEntry", "{*}conceptEntry", "conceptEntry"):
        by_lang: dict[str, str] = {}
        for lang_set in entry.iter("{*}langSet", "langSet"):
            code = _primary(lang_set.get(xml_lang, ""))
            term = lang_set.find(".//{*}term")
            if term is None:
                term = lang_set.find(".//term")
            if term is not None and term.text and code not in by_lang:
                by_lang[code] = term.text.strip()
        source, target = by_lang.get(_primary(source_lang)), by_lang.get(_primary(target_lang))
        if source and target:
            terms.append(Term(source, target, entry.sourceline or 0))
    return terms


def term_problems(terms: list[Term], msgid: str, msgstr: str) -> list[str]:
    """The agreed terms ``msgid`` uses that ``msgstr`` does not."""
    problems = []
    for term in terms:
        source = term_pattern(term.source, welsh=False)
        uses = len(source.findall(msgid)) - len(source.findall(msgstr))  # names kept as is
        if uses > 0 and not term_pattern(term.target, welsh=True).search(msgstr):
            problems.append(f"'{term.source}' is '{term.target}' in the term base")
    return problems


TERM_BASE_NAMES = ("terms.csv", "terms.tbx")


def default_term_base(folder: Path) -> Path | None:
    """``terms.csv`` or ``terms.tbx`` beside the catalogues, if there is one."""
    return next((folder / n for n in TERM_BASE_NAMES if (folder / n).is_file()), None)


def check_catalog(
    spec_path: Path, lang: str, terms_path: Path | None = None, *, allow_outside: bool = False
) -> list[str]:
    """Every problem of ``lang``'s catalogue a translator must fix, as ``cy.po:123 (msgctxt
    …): …`` lines: broken placeholders or markup, and terms not as the term base has them."""
    deck, folder, path = spec_catalogue(spec_path, lang, allow_outside=allow_outside)
    terms_path = terms_path or default_term_base(folder)
    terms = read_terms(terms_path, deck.language, lang) if terms_path else []
    name = display_path(path)
    lines = catalog_text_lines(path)
    found = []
    for entry in read_catalog(path, name):
        if entry.obsolete or not entry.msgstr or "fuzzy" in entry.flags:
            continue
        where = f"{name}:{msgstr_line(lines, entry)} (msgctxt {entry.msgctxt or ''})"
        for problem in translation_problems(entry.msgid, entry.msgstr):
            found.append(f"{where}: {problem}")
        for problem in term_problems(terms, entry.msgid, entry.msgstr):
            found.append(f"{where}: {problem}")
    return found
