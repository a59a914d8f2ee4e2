"""Catalogue files: find a language's .po, read it strictly, and point at its lines.

Below everything else in i18n: extraction, update, memory, status and translation all
read catalogues through here.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import polib

from ..decks import DECKS_DIR
from ..deckspec.loader import display_path
from ..errors import SpecError
from ..inputs import CATALOG_MAX_BYTES, check_regular_file, decode_utf8, os_reason, read_limited
from .languages import language_info

WRAP_WIDTH = 78
MAX_CATALOG_BYTES = CATALOG_MAX_BYTES


def package_paths() -> list[tuple[Path, str]]:
    """The folders of the catalogues shipped with coprod-slides, each with its display name."""
    return [
        (DECKS_DIR, "coprod_slides/decks"),
        (Path(__file__).resolve().parent.parent, "coprod_slides"),
    ]


def find_catalog(folder: Path, lang: str) -> Path | None:
    """The existing catalogue for ``lang`` in ``folder``: pt_BR.po, pt-BR.po, then pt.po."""
    info = language_info(lang)
    names = [f"{info.gettext_code}.po", f"{info.tag}.po", f"{str(lang).strip()}.po"]
    language = info.gettext_code.split("_")[0]
    names.append(f"{language}.po")
    for name in dict.fromkeys(names):
        candidate = folder / name
        if candidate.is_file() or candidate.is_symlink():  # a broken link is read, and named
            return candidate
    return None


def new_catalog_path(folder: Path, lang: str) -> Path:
    return folder / f"{language_info(lang).gettext_code}.po"


_KEYWORD = re.compile(r"(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)(?=[\s\"])\s*(.*)$")
# The escapes polib decodes; it would keep any other (\a, \x41, \101) as literal text.
_ESCAPES = set('\\"bfnrtv')


def _check_string(text: str, where: str, col: int) -> str | None:
    """An error message if ``text`` is not exactly one well-formed "quoted string"."""
    if not text.startswith('"'):
        return f'{where}:{col}: expected a "quoted string"'
    i = 1
    while i < len(text):
        char = text[i]
        if char == "\\":
            if i + 1 >= len(text):
                break
            if text[i + 1] not in _ESCAPES:
                return (
                    f"{where}:{col + i}: unknown escape '\\{text[i + 1]}' in a string "
                    '(only \\n, \\t, \\" and \\\\ are read); write the character itself, '
                    "or '\\\\' for a backslash"
                )
            i += 2
            continue
        if char == '"':
            rest = text[i + 1 :].strip()
            if rest:
                return (
                    f"{where}:{col + i + 1}: unexpected text after the closing quote: "
                    f'{rest[:30]!r}; escape quotes inside a string as \\"'
                )
            return None
        i += 1
    return f"{where}:{col}: unterminated string; add the closing '\"'"


def check_po_syntax(text: str, name: str) -> None:
    """Line-by-line PO syntax check (polib accepts some broken files silently)."""
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        where = f"{name}:{number}"
        body, offset = stripped, len(line) - len(line.lstrip())
        if not stripped:
            continue
        if stripped.startswith("#"):
            match = re.match(r"#[~|]\s*(?:\|\s*)?", stripped)
            if not match:
                continue
            body, offset = stripped[match.end() :], offset + match.end()
            if not body:
                continue
        if body.startswith('"'):
            problem = _check_string(body, where, offset + 1)
        else:
            keyword = _KEYWORD.match(body)
            if not keyword:
                word = body.split()[0][:30]
                problem = (
                    f"{where}: syntax error at {word!r}: each line is a keyword "
                    '(msgctxt, msgid, msgstr) with a "quoted string", a '
                    '"continuation" or a # comment'
                )
            else:
                problem = _check_string(keyword.group(2), where, offset + keyword.start(2) + 1)
        if problem:
            raise SpecError(problem)


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:8192] or data[:4] in (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde"):
        raise SpecError(f"{name}: this is a binary file (a compiled .mo?), not a .po catalogue")
    return decode_utf8(data, name, "save the catalogue as UTF-8 with 'charset=UTF-8' in its header")


def _check_charset(text: str, name: str) -> None:
    for number, line in enumerate(text.split("\n"), 1):
        match = re.search(r"Content-Type:[^\"]*?charset=([\w.:-]+)", line)
        if match:
            charset = match.group(1)
            if charset.lower().replace("-", "").replace("_", "") not in ("utf8", "charset"):
                raise SpecError(
                    f"{name}:{number}: the catalogue declares charset={charset}; "
                    "coprod-slides reads UTF-8 only — convert the file to UTF-8 "
                    "(e.g. msgconv -t UTF-8) and set 'charset=UTF-8'"
                )
            return


def read_catalog(path: Path, display: str | None = None) -> polib.POFile:
    """Parse a .po/.pot strictly; any problem becomes one SpecError line with file:line."""
    path = Path(path)
    name = display or display_path(path)
    size = check_regular_file(path, name, ".po file").st_size
    try:
        data = read_limited(path, MAX_CATALOG_BYTES) if size <= MAX_CATALOG_BYTES else b""
    except (OSError, RuntimeError) as exc:
        raise SpecError(f"{name}: cannot read the catalogue ({os_reason(exc)})") from None
    size = max(size, len(data))
    if size > MAX_CATALOG_BYTES:
        raise SpecError(
            f"{name}: file is {size // 1024} KiB; catalogues are limited to "
            f"{MAX_CATALOG_BYTES // (1024 * 1024)} MiB"
        )
    text = _decode(data, name).replace("\r\n", "\n")
    _check_charset(text, name)
    check_po_syntax(text, name)
    try:
        po = polib.pofile(text, wrapwidth=WRAP_WIDTH, check_for_duplicates=False)
    except (OSError, ValueError) as exc:
        message = str(exc)
        line = re.search(r"\(line (\d+)\)", message)
        detail = re.sub(r"\s*in po file|\s*\(line \d+\)", "", message).strip(" :")
        detail = detail[:1].lower() + detail[1:] if detail else "syntax error"
        where = f"{name}:{line.group(1)}" if line else name
        raise SpecError(
            f"{where}: {detail}; each entry is an optional msgctxt, then msgid, "
            'then msgstr, each with a "quoted string"'
        ) from None
    _check_plurals(po, text, name)
    seen: dict[tuple[str, str], int] = {}
    for entry in po:
        key = (entry.msgctxt or "", entry.msgid)
        if entry.obsolete:
            continue
        if key in seen:
            raise SpecError(
                f"{name}:{entry.linenum}: msgctxt '{key[0]}' msgid "
                f"{_short(key[1])} appears twice (first at line {seen[key]}); "
                "remove one of them"
            )
        seen[key] = entry.linenum
    return po


_PLURAL_FORMS = re.compile(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*")


def _check_plurals(po: polib.POFile, text: str, name: str) -> None:
    """A Plural-Forms header must parse and give an index below nplurals for every n; a
    plural entry needs the header and exactly its forms (msgstr[0] to msgstr[nplurals-1])."""
    live = [entry for entry in po if not entry.obsolete]
    for entry in live:
        if entry.msgid_plural and not entry.msgstr_plural and entry.msgstr:
            raise SpecError(
                f"{name}:{entry.linenum}: an entry with msgid_plural needs msgstr[0], "
                "msgstr[1], … (one per plural form), not a plain msgstr"
            )
        if entry.msgstr_plural and not entry.msgid_plural:
            raise SpecError(
                f"{name}:{entry.linenum}: msgstr[0] without msgid_plural; give the plural "
                "source text with msgid_plural, or write a plain msgstr"
            )
    value = po.metadata.get("Plural-Forms")
    plural_entries = [entry for entry in live if entry.msgid_plural]
    if value is None:
        if plural_entries:
            raise SpecError(
                f"{name}:{plural_entries[0].linenum}: a plural entry but no Plural-Forms "
                "header; 'coprod-slides i18n update' writes the right one for the language"
            )
        return
    line = next(
        (number for number, ln in enumerate(text.split("\n"), 1) if "Plural-Forms:" in ln), 0
    )
    where = f"{name}:{line}" if line else name
    match = _PLURAL_FORMS.fullmatch(value)
    try:
        if not match or not 1 <= int(match.group(1)) <= 10:
            raise ValueError
        choose = gettext.c2py(match.group(2))
        count = int(match.group(1))
        if any(not 0 <= choose(n) < count for n in range(1001)):
            raise ValueError
    except (ValueError, SyntaxError, RecursionError, ArithmeticError, TypeError):
        raise SpecError(
            f"{where}: malformed header 'Plural-Forms: {_short(value, 60)[1:-1]}'; "
            "it reads 'nplurals=<n>; plural=<expression>;' with the expression giving 0 to "
            "n-1 — 'coprod-slides i18n update' writes the right one for the language"
        ) from None
    for entry in plural_entries:
        forms = {int(i) for i in entry.msgstr_plural or {}}
        extra = [i for i in forms if i >= count]
        if extra:
            raise SpecError(
                f"{name}:{entry.linenum}: msgstr[{max(extra)}] but the header "
                f"declares nplurals={count} (msgstr[0] to msgstr[{count - 1}]); "
                "remove the extra forms or fix Plural-Forms"
            )
        missing = [i for i in range(count) if i not in forms]
        if missing and forms:
            raise SpecError(
                f"{name}:{entry.linenum}: msgstr[{missing[0]}] is missing; the header "
                f"declares nplurals={count}, so give msgstr[0] to msgstr[{count - 1}]"
            )


def _short(text: str, limit: int = 40) -> str:
    text = str(text)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def msgstr_line(text_lines: list[str], entry: polib.POEntry) -> int:
    """The line of an entry's ``msgstr`` (polib's linenum is where the entry starts)."""
    start = max(entry.linenum - 1, 0)
    for number in range(start, min(len(text_lines), start + 200)):
        if text_lines[number].lstrip().startswith("msgstr"):
            return number + 1
    return int(entry.linenum)


def catalog_text_lines(path: Path) -> list[str]:
    return Path(path).read_bytes().decode("utf-8", "replace").replace("\r\n", "\n").split("\n")
