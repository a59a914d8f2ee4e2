"""Texts keep their place in the spec and, translated, their language through pickle and
deepcopy (batch workers receive decks by pickling; variants are deep-copied)."""

from __future__ import annotations

import copy
import pickle

import pytest

from coprod_slides.errors import Loc
from coprod_slides.specvalues.textvalues import (
    Text,
    Translated,
    fallback_language,
    unit_languages,
)


def fallback_notes() -> Translated:
    return Translated(
        "Croeso\n\nWelcome",
        "cy-GB",
        Loc("deck.yaml", 3, 5),
        "welcome",
        is_fallback=False,
        unit_languages=(None, "en-GB"),
    )


def copies(value):
    return [pickle.loads(pickle.dumps(value)), copy.deepcopy(value), copy.copy(value)]


def test_pickle_and_deepcopy_keep_every_field_of_a_translated_text():
    for copied in copies(fallback_notes()):
        assert type(copied) is Translated and copied == "Croeso\n\nWelcome"
        assert copied.loc == Loc("deck.yaml", 3, 5) and copied.key == "welcome"
        assert copied.language == "cy-GB" and copied.is_fallback is False
        assert copied.unit_languages == (None, "en-GB")


def test_pickle_keeps_a_fallback_and_a_spec_texts_location_and_key():
    kept = Translated("Welcome", "en-GB", Loc("deck.yaml", 3, 5), is_fallback=True)
    for copied in copies(kept):
        assert copied.is_fallback and fallback_language(copied) == "en-GB"
    for copied in copies(Text("Hello", Loc("deck.yaml", 1, 1), "hello")):
        assert type(copied) is Text and copied == "Hello"
        assert (copied.loc, copied.key) == (Loc("deck.yaml", 1, 1), "hello")


def test_texts_are_immutable_and_change_into_new_values():
    notes = fallback_notes()
    with pytest.raises(AttributeError):
        notes.is_fallback = True  # type: ignore[misc]
    with pytest.raises(AttributeError):
        Text("Hello").loc = None  # type: ignore[misc]
    changed = notes.with_text("Croeso, Cyngor\n\nWelcome, Council")  # after {variables}
    assert changed.unit_languages == (None, "en-GB") and changed.loc == notes.loc


def test_languages_of_notes_units():
    assert unit_languages(fallback_notes(), 3) == [None, "en-GB", None]
    whole = Translated("Welcome\n\nAgain", "en-GB", is_fallback=True)
    assert unit_languages(whole, 2) == ["en-GB", "en-GB"]
    assert unit_languages(Text("Hello"), 1) == [None]
    assert fallback_language("plain words") is None
