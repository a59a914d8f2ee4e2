"""Readability of the workshop deck, per audience: slide text and speaker notes.

    python scripts/readability.py [SPEC]

Prints, for each audience, the Flesch reading ease (higher is easier: 60–70 is plain
English that most adults read easily, 70–80 fairly easy) and the Flesch–Kincaid grade (US
school years) of the text people see on the slides and of the notes the facilitator reads,
at the audience's notes depth. Needs the test extra: textstat 0.7.3, which counts
syllables with pyphen (later releases need an NLTK download).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "decks" / "workshop.yaml"
AUDIENCES = (None, "citizens", "practitioners", "commissioners", "board")
#: Words that belong to staff, not to people who use services.
STAFF_WORDS = re.compile(
    r"\bcommission(ing|er|ers|ed)?\b|\bstrateg(y|ic|ically)\b|\bstakeholders?\b"
    r"|\breport(s|ing)? on\b|\bprobe\b|\bboards?\b",
    re.IGNORECASE,
)
_MARKUP = re.compile(r"\*\*|\*|`|^\s*[-*•]\s+", re.MULTILINE)
_LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")


@dataclass(frozen=True)
class Texts:
    slides: str  # titles, bullets, diagram labels: what people see
    notes: str  # speaker notes at the audience's depth


def deck_texts(audience: str | None, spec: Path = SPEC) -> Texts:
    """Every visible text and the notes of one audience's deck, as plain sentences."""
    from coprod_slides.build import BuildOptions, load
    from coprod_slides.errors import Diagnostics
    from coprod_slides.texts import map_deck_texts

    deck = load(spec, Diagnostics(), BuildOptions(audience=audience))
    depth = deck.notes_depth
    has_brief = {s.id for s in deck.slides if s.notes and s.notes.brief}
    slides: list[str] = []
    notes: list[str] = []

    def collect(slide_id: str, path: str, text) -> str:
        if path.startswith("notes."):
            wanted = depth if (depth == "full" or slide_id in has_brief) else "full"
            if path.startswith(f"notes.{wanted}"):
                notes.append(_plain(text))
        elif path != "alt" and not path.startswith(("data.credit", "credits")):
            slides.append(_plain(text))
        return text

    map_deck_texts(deck, collect)
    return Texts(_sentences(slides), _sentences(notes))


def _plain(text: str) -> str:
    return _MARKUP.sub("", _LINK.sub(r"\1", str(text))).strip()


def _sentences(parts: list[str]) -> str:
    """Join short texts so each reads as a sentence (labels are not one long sentence)."""
    return " ".join(p if p.endswith((".", "?", "!", ":")) else p + "." for p in parts if p)


def scores(text: str) -> tuple[float, float]:
    """(Flesch reading ease, Flesch–Kincaid grade) of ``text``."""
    import textstat

    # textstat rounds words-a-sentence and syllables-a-word to one decimal before the formula
    # (1.26 and 1.34 syllables both become 1.3): measure unrounded, round the result
    textstat.set_rounding(False)
    try:
        return (
            round(textstat.flesch_reading_ease(text), 1),
            round(textstat.flesch_kincaid_grade(text), 1),
        )
    finally:
        textstat.set_rounding(True)


def main(argv: list[str]) -> int:
    spec = Path(argv[0]) if argv else SPEC
    print(f"{'audience':<14} {'slides: ease':>12} {'grade':>6} {'notes: ease':>12} {'grade':>6}")
    for audience in AUDIENCES:
        texts = deck_texts(audience, spec)
        slide_ease, slide_grade = scores(texts.slides)
        note_ease, note_grade = scores(texts.notes)
        staff = sorted(
            {m.group(0).lower() for m in STAFF_WORDS.finditer(texts.slides + texts.notes)}
        )
        print(
            f"{audience or 'default':<14} {slide_ease:>12.1f} {slide_grade:>6.1f} "
            f"{note_ease:>12.1f} {note_grade:>6.1f}"
            + (f"   staff words: {', '.join(staff)}" if staff else "")
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
