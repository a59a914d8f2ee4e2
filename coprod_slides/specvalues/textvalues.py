"""Text values: a spec's text with where it was written, and a translated deck's text with
the language it is in.

Both are ``str`` (every layer reads them as text) with declared, immutable fields: a change
makes a new value (``with_text``). Every field survives pickling (batch workers receive
decks that way) and deepcopy (variants).
"""

from __future__ import annotations

from typing import Any, NoReturn

from ..errors import Loc


class Text(str):
    """Text written in a spec: where (``loc``, for messages) and, for an item written with
    ``key:``, the translation key that names it in catalogues (instead of a fingerprint
    of its words)."""

    loc: Loc | None
    key: str | None

    def __new__(cls, value: str, loc: Loc | None = None, key: str | None = None) -> Text:
        obj = super().__new__(cls, value)
        fields = obj.__dict__
        fields["loc"] = loc
        fields["key"] = key
        return obj

    def with_text(self, value: str) -> Text:
        """Other words (e.g. after ``{variables}``) with the same fields."""
        return Text(value, self.loc, self.key)

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is immutable; make a new one, not .{name}")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is immutable; cannot delete .{name}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (Text, (str(self), self.loc, self.key))


class Translated(Text):
    """Text of a translated or bilingual deck, and the language it is written in.

    ``language`` is that language's tag. ``is_fallback``: the catalogue had no usable
    translation, so the text kept the source language; the writer tags its runs with
    ``language`` (spell-check, screen readers). ``loc`` is where to change the words: the
    catalogue line of a translation, the spec line of a fallback.

    Speaker notes are one text of several units, paragraphs and bullets
    (``texts.split_notes``); ``unit_languages`` names, per unit, a language other than
    the slide's (a paragraph that fell back, the second half of bilingual notes), or None.
    """

    language: str
    is_fallback: bool
    unit_languages: tuple[str | None, ...]

    def __new__(
        cls,
        value: str,
        language: str,
        loc: Loc | None = None,
        key: str | None = None,
        is_fallback: bool = False,
        unit_languages: tuple[str | None, ...] = (),
    ) -> Translated:
        obj = str.__new__(cls, value)
        obj.__dict__.update(
            loc=loc,
            key=key,
            language=language,
            is_fallback=is_fallback,
            unit_languages=tuple(unit_languages),
        )
        return obj

    def with_text(self, value: str) -> Translated:
        return Translated(value, *self._fields())

    def _fields(self) -> tuple[Any, ...]:
        return (self.language, self.loc, self.key, self.is_fallback, self.unit_languages)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Translated, (str(self), *self._fields()))

    def __repr__(self) -> str:
        kept = ", fallback" if self.is_fallback else ""
        return f"Translated({str(self)!r}, {self.language}{kept})"


def loc_of(value: object) -> Loc | None:
    """Where ``value`` was written, if it is a spec's text (a plain ``str`` has no place)."""
    return value.loc if isinstance(value, Text) else None


def fallback_language(text: str) -> str | None:
    """The language ``text`` kept for want of a translation (its runs are tagged with it),
    or None for a text in the deck's language."""
    return text.language if isinstance(text, Translated) and text.is_fallback else None


def unit_languages(text: str, count: int) -> list[str | None]:
    """Per unit (paragraph or bullet) of ``count``: the language to tag it with, if not the
    slide's (see :class:`Translated`)."""
    whole = fallback_language(text)
    units = text.unit_languages if isinstance(text, Translated) else ()
    return [(units[i] if i < len(units) else None) or whole for i in range(count)]
