"""What a deck needs to know about a language: its tag, direction, script, plurals, dates.

Everything comes from babel (CLDR data), never from tables typed by hand, with one
exception: our users are in Wales and the UK first, so a bare ``en``/``cy``/``gd`` means
the British variety (``ga`` the Irish), as ``spec.schema.normalise_language`` does.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from functools import cache

from ..errors import SpecError
from ..specvalues.fields import did_you_mean

# A bare language code means the variety our users most likely speak.
UK_FIRST_REGIONS = {"en": "GB", "cy": "GB", "gd": "GB", "ga": "IE"}

# Scripts the theme fonts (Arial / Liberation Sans and friends) cover.
THEME_FONT_SCRIPTS = frozenset({"Latn", "Grek", "Cyrl"})
# Scripts that need a font of their own: family name and the files to bundle or register.
SCRIPT_FONTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "Arab": ("Noto Sans Arabic", ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf")),
    "Hebr": ("Noto Sans Hebrew", ("NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf")),
}

_CODE_RE = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")
HOW_TO_WRITE = (
    "write a language code such as 'cy' (Welsh), 'ar' (Arabic) or 'pt-BR' "
    "(Portuguese, Brazil): a 2- or 3-letter language, optionally '-' and a region"
)


@dataclass(frozen=True)
class LanguageInfo:
    """Facts about one language, for translation and rendering.

    ``tag`` is the code as given, normalised to BCP 47 spelling (``pt_br`` → ``pt-BR``);
    ``default_region_tag`` adds the likely region when there is none (``cy`` → ``cy-GB``,
    ``ar`` → ``ar-EG``): the ``lang`` PowerPoint and spell-checkers want.
    """

    tag: str
    name: str  # in English, e.g. "Welsh"
    rtl: bool
    script: str  # ISO 15924, e.g. "Latn", "Arab"
    plural_forms: str  # a gettext Plural-Forms header value
    default_region_tag: str
    native_name: str = ""  # e.g. "Cymraeg"
    gettext_code: str = ""  # e.g. "cy", "pt_BR": the .po file name and 'Language:' header


def parse_locale(code: str):
    """A babel Locale for ``code`` (``cy``, ``pt-BR``, ``pt_BR``); SpecError if unknown."""
    from babel import Locale, UnknownLocaleError  # lazy: babel (an English build needs none)

    text = str(code or "").strip()
    if not _CODE_RE.match(text):
        raise SpecError(f"'{text}' is not a language code; {HOW_TO_WRITE}")
    try:
        return Locale.parse(text.replace("_", "-"), sep="-")
    except UnknownLocaleError:
        raise SpecError(f"unknown language code '{text}'{_suggest(text)}; {HOW_TO_WRITE}") from None
    except ValueError as exc:
        raise SpecError(f"'{text}' is not a language code ({exc}); {HOW_TO_WRITE}") from None


def _suggest(text: str) -> str:
    from babel.localedata import locale_identifiers  # lazy: babel, only for a wrong code

    known = [ident.replace("_", "-") for ident in locale_identifiers()]
    return did_you_mean(text.replace("_", "-"), known)


def _bcp47(language: str, script: str | None, territory: str | None) -> str:
    return "-".join(p for p in (language, script, territory) if p)


@cache
def _likely(locale_id: str) -> tuple[str | None, str | None]:
    """(script, territory) from CLDR likely subtags for a babel identifier like 'ar'."""
    from babel.core import get_global  # lazy: babel (an English build needs none)

    likely = get_global("likely_subtags")
    value = likely.get(locale_id) or likely.get(locale_id.split("_")[0]) or ""
    script = territory = None
    for part in value.split("_")[1:]:
        if len(part) == 4 and part.isalpha():
            script = part
        elif part.isupper() or part.isdigit():
            territory = part
    return script, territory


def plural_forms(locale) -> str:
    """The gettext ``Plural-Forms`` value for a babel Locale (Welsh: nplurals=6).

    CLDR operands that gettext does not have (``e``/``c``, the compact decimal exponent)
    are always 0 for the integer ``n`` gettext passes, so they are written as 0.
    """
    from babel.plural import to_gettext  # lazy: babel (an English build needs none)

    text = to_gettext(locale.plural_form)
    return re.sub(r"\b[ec]\b", "0", text)


@cache
def language_info(code: str) -> LanguageInfo:
    """Facts about language ``code``; SpecError (saying how to write one) if it is unknown."""
    locale = parse_locale(code)
    likely_script, likely_territory = _likely(str(locale))
    script = locale.script or likely_script or "Latn"
    territory = locale.territory or UK_FIRST_REGIONS.get(locale.language) or likely_territory
    return LanguageInfo(
        tag=_bcp47(locale.language, locale.script, locale.territory),
        name=locale.english_name or locale.language,
        rtl=locale.text_direction == "rtl" or locale.character_order == "right-to-left",
        script=script,
        plural_forms=plural_forms(locale),
        default_region_tag=_bcp47(locale.language, locale.script, territory),
        native_name=locale.display_name or "",
        gettext_code=str(locale),
    )


def format_date(value: _dt.date | _dt.datetime | str, lang: str) -> str:
    """A date written out in ``lang`` ('5 Mawrth 2024' in Welsh, 'March 5, 2024' in en-US).

    Text that is not an ISO date (``2024-03-05``) is returned unchanged: a spec's
    ``date: "Spring 2024"`` is translated like any other text, not reformatted.
    """
    from babel.dates import format_date as babel_date  # lazy: babel (an English build needs none)

    if isinstance(value, str):
        parsed = parse_iso_date(value)
        if parsed is None:
            return value
        value = parsed
    if isinstance(value, _dt.datetime):
        value = value.date()
    info = language_info(lang)
    return babel_date(value, format="long", locale=info.default_region_tag.replace("-", "_"))


def parse_iso_date(text: str) -> _dt.date | None:
    """``2024-03-05`` → a date; anything else → None."""
    if not re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", str(text)):
        return None
    try:
        return _dt.date.fromisoformat(str(text).strip())
    except ValueError:
        return None


def needs_font(lang: str, theme_font: str | None = None) -> str | None:
    """The font family that covers ``lang``'s script.

    Latin, Greek and Cyrillic: the theme font (``theme_font``, returned as given). Arabic:
    "Noto Sans Arabic"; Hebrew: "Noto Sans Hebrew" (files in :data:`SCRIPT_FONTS`). Other
    scripts: None — no bundled font covers them; the renderer should warn.
    """
    script = language_info(lang).script
    if script in THEME_FONT_SCRIPTS:
        return theme_font
    if script in SCRIPT_FONTS:
        return SCRIPT_FONTS[script][0]
    return None
