"""Content checks for the co-production slide library (coprod_slides/library/*.yaml).

The library carries the workshop's words: every slide must parse and have the common keys,
the diagram slides' speaker notes must cover the article's points (checked by key terms) at
a sensible length, and no string may reuse an 8-word run from the source article.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest
import yaml

from coprod_slides import slidetypes

ROOT = Path(__file__).resolve().parents[1]
LIBRARY = ROOT / "coprod_slides" / "library"
SHARED = Path(os.environ.get("COPROD_SHARED") or ROOT.parent / "shared")
ARTICLE = SHARED / "reference" / "source-article.txt"
# Hashes of the article's normalised 8-word runs (scripts/article_shingles.py writes them):
# the copied-text check needs no copy of the article's text.
SHINGLE_HASHES = ROOT / "tests" / "data" / "article-shingles.txt"

SLIDE_TYPES = set(slidetypes.names())
EXPECTED = {
    "intro": "bullets",
    "agenda": "bullets",
    "around-the-table": "diagram",
    "when-to-coproduce": "diagram",
    "ladder": "diagram",
    "levels": "diagram",
    "outputs-outcomes": "diagram",
    "how-not-extra": "diagram",
    "values": "bullets",
    "reflect": "activity",
    "strategic": "two-column",
    "credits": "closing",
    "welcome": "bullets",
    "ground-rules": "bullets",
    "break": "title",
    "evaluation": "two-column",
    "references": "bullets",
}
DIAGRAM_KINDS = {
    "around-the-table": "around-the-table",
    "when-to-coproduce": "cynefin",
    "ladder": "ladder",
    "levels": "levels",
    "outputs-outcomes": "outputs-outcomes",
    "how-not-extra": "how-not-extra",
}
KEY_TERMS = {
    "around-the-table": ["collaboration", "citizens", "both"],
    "when-to-coproduce": ["complex", "wicked", "emergenc", "Cynefin", "not the time to co-produce"],
    "ladder": [
        "Arnstein",
        "1969",
        "meet people where they are",
        "move back",
        "doing to or doing for can be the right call",
        "capacity",
        "the right approach, at the right time, in proportion",
    ],
    "levels": [
        "what matters",
        "strategic",
        "citizen panels",
        "juries",
        "resources",
        "their community or their neighbourhood",
    ],
    "outputs-outcomes": ["outputs", "outcomes", "cake", "ask"],
    "how-not-extra": ["how you", "better"],
}
SHINGLE = 8


def _files() -> list[Path]:
    return sorted(LIBRARY.glob("*.yaml"))


def _all_content() -> list[Path]:
    """Every file carrying workshop words: library slides, diagram data, the workshop deck."""
    data = ROOT / "coprod_slides" / "diagrams" / "data"
    return _files() + sorted(data.glob("*.yaml")) + [ROOT / "decks" / "workshop.yaml"]


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _strings(node):
    """Every string anywhere in a loaded YAML value (keys excluded)."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _words(text: str) -> list[str]:
    text = text.lower()
    for curly, straight in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(curly, straight)
    return re.findall(r"[a-z0-9']+", text)


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def _word_count(text: str) -> int:
    return len(re.findall(r"[\w'\u2019-]+", text))


def test_library_has_the_expected_files():
    stems = {path.stem for path in _files()}
    missing = set(EXPECTED) - stems
    assert not missing, f"missing library slides: {sorted(missing)}"


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.stem)
def test_slide_has_common_keys(path: Path):
    slide = _load(path)
    assert isinstance(slide, dict), f"{path.name}: expected one slide mapping"
    assert slide.get("id") == path.stem, f"{path.name}: id must equal the file stem"
    assert slide.get("type") in SLIDE_TYPES, f"{path.name}: bad type {slide.get('type')!r}"
    if path.stem in EXPECTED:
        assert slide["type"] == EXPECTED[path.stem]
    assert isinstance(slide.get("title"), str) and slide["title"].strip()
    tags = slide.get("tags")
    assert isinstance(tags, list) and tags and all(isinstance(t, str) for t in tags)
    duration = slide.get("duration", slide.get("minutes"))  # an activity's lasts its minutes
    assert isinstance(duration, int) and not isinstance(duration, bool)
    assert duration > 0
    notes = slide.get("notes")
    assert isinstance(notes, dict), f"{path.name}: notes must have brief and full"
    assert isinstance(notes.get("brief"), str) and notes["brief"].strip()
    assert isinstance(notes.get("full"), str) and notes["full"].strip()
    assert _word_count(notes["brief"]) < _word_count(notes["full"])


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.stem)
def test_type_specific_keys(path: Path):
    slide = _load(path)
    kind = slide["type"]
    if kind == "diagram":
        assert slide.get("diagram") == DIAGRAM_KINDS.get(path.stem, slide.get("diagram"))
        assert "data" not in slide, "library diagrams use the kind's default data"
    elif kind == "bullets":
        bullets = slide.get("bullets")
        assert isinstance(bullets, list) and bullets
        assert not isinstance(bullets[0], list), "a sub-list needs an item before it"
    elif kind == "two-column":
        for side in ("left", "right"):
            column = slide.get(side)
            assert isinstance(column, dict) and column.get("heading") and column.get("bullets")
    elif kind == "activity":
        assert slide.get("steps") and isinstance(slide["steps"], list)
        assert 20 <= slide["minutes"] <= 25, "group work and feedback take 20 to 25 minutes"
    elif kind == "closing":
        assert slide.get("message")
        assert slide.get("credits")
        assert "contact" not in slide


@pytest.mark.parametrize("stem", sorted(KEY_TERMS))
def test_notes_cover_the_article_points(stem: str):
    full = _load(LIBRARY / f"{stem}.yaml")["notes"]["full"].lower()
    missing = [term for term in KEY_TERMS[stem] if term.lower() not in full]
    assert not missing, f"{stem}: full notes lack {missing}"


@pytest.mark.parametrize("stem", sorted(DIAGRAM_KINDS))
def test_diagram_notes_length(stem: str):
    notes = _load(LIBRARY / f"{stem}.yaml")["notes"]
    full = _word_count(notes["full"])
    brief = _word_count(notes["brief"])
    assert 100 <= full <= 260, f"{stem}: full notes have {full} words"
    assert 20 <= brief <= 70, f"{stem}: brief notes have {brief} words"


def test_credits_and_references_name_the_sources():
    credits = " ".join(_load(LIBRARY / "credits.yaml")["credits"])
    references = " ".join(_load(LIBRARY / "references.yaml")["bullets"])
    for name in (
        "Noreen",
        "Sherry R. Arnstein",
        "1969",
        "Think Local Act Personal",
        "National Co-production Advisory Group",
        "Cynefin",
        "Dave Snowden",
    ):
        assert name in credits and name in references
    assert "Co-production Network for Wales" in references
    assert "Five values" not in credits  # the values slide credits itself, in its title
    assert "Shelley" not in credits + references


def test_panels_and_juries_are_framed_by_the_resources_they_need():
    strategic = _load(LIBRARY / "strategic.yaml")
    texts = " ".join(_strings(strategic)).lower()
    assert "quick" not in texts and "speed" not in texts
    panels = [b for b in strategic["left"]["bullets"] if "panel" in b]
    assert panels and "resource" in panels[0].lower()
    assert "proper resources" in strategic["notes"]["full"]


def _hash(shingle: tuple[str, ...]) -> str:
    return hashlib.sha256(" ".join(shingle).encode("utf-8")).hexdigest()[:16]


def article_shingle_hashes(article_text: str) -> set[str]:
    """Hashes of every 8-word run of the article's body (after its '----' line)."""
    lines = article_text.splitlines()
    separator = next((i for i, line in enumerate(lines) if line.strip() == "----"), None)
    assert separator is not None, "the article file has no '----' separator line"
    return {_hash(s) for s in _shingles(_words("\n".join(lines[separator + 1 :])))}


def test_shipped_hashes_match_the_article_when_it_is_beside_the_repo():
    shipped = set(SHINGLE_HASHES.read_text(encoding="utf-8").split())
    assert len(shipped) > 500
    if ARTICLE.exists():  # else the shipped hashes stand in for it
        assert article_shingle_hashes(ARTICLE.read_text(encoding="utf-8")) == shipped, (
            "the article changed: run python scripts/article_shingles.py"
        )


def test_no_eight_word_run_from_the_article():
    article = set(SHINGLE_HASHES.read_text(encoding="utf-8").split())
    copied = []
    for path in _all_content():
        for text in _strings(_load(path)):
            for shingle in _shingles(_words(text)):
                if _hash(shingle) in article:
                    copied.append(f"{path.name}: {' '.join(shingle)!r}")
    assert not copied, "text shared with the article:\n" + "\n".join(sorted(copied))
