"""Texts keep their place in the spec and their translation marks through pickle and deepcopy
(batch workers receive decks by pickling; variants are deep-copied)."""

from __future__ import annotations

import copy
import pickle

from coprod_slides.errors import Loc
from coprod_slides.specvalues.yamlload import Text


def marked() -> Text:
    text = Text("Croeso", Loc("deck.yaml", 3, 5))
    text.fallback = True
    text.fallback_units = [False, True]
    text.partner_from = 2
    return text


def test_pickle_keeps_location_and_marks():
    for copied in (pickle.loads(pickle.dumps(marked())), copy.deepcopy(marked())):
        assert isinstance(copied, Text) and copied == "Croeso"
        assert copied.loc == Loc("deck.yaml", 3, 5)
        assert copied.fallback is True
        assert copied.fallback_units == [False, True]
        assert copied.partner_from == 2


def test_an_unmarked_text_stays_plain():
    copied = pickle.loads(pickle.dumps(Text("Hello", Loc("deck.yaml", 1, 1))))
    assert vars(copied) == {"loc": Loc("deck.yaml", 1, 1)}
