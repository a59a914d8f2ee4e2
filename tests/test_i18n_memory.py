"""Translations follow their text: stable message identity (no positional contexts), fuzzy
matching of edited strings, migration of positional catalogues, and translation memory
(bundled catalogues, --tm catalogues and TMX files)."""

from __future__ import annotations

import io
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from pptx import Presentation

from coprod_slides.build import BuildOptions, build
from coprod_slides.cli.commands.i18n import i18n
from coprod_slides.i18n.catalog import update

BULLETS = [
    "Who needs to be round the table",
    "When co-production fits, and when it doesn't",
    "Meeting people where they are",
    "Levels of involvement",
    "Outputs and outcomes",
    "How we work, not extra work",
    "What we will try next",
]


def spec_with(bullets: list, title: str = "Plan") -> str:
    lines = "\n".join(f"      - {b}" if b.startswith("{") else f"      - {b!r}" for b in bullets)
    return (
        f'title: "{title}"\nlanguage: en-GB\nslides:\n  - type: bullets\n    id: agenda\n'
        f'    title: "What we will cover"\n    bullets:\n{lines}\n'
    )


@pytest.fixture
def own_only(monkeypatch):
    monkeypatch.setattr("coprod_slides.i18n.memory.bundled_catalogs", lambda lang: [])


def translations(po_path: Path) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in polib.pofile(str(po_path)) if not e.obsolete}


def translate_all(po_path: Path) -> None:
    po = polib.pofile(str(po_path))
    for entry in po:
        entry.msgstr = f"CY {entry.msgid}"
    po.save(str(po_path))


def test_inserting_a_bullet_at_the_top_shifts_no_translation(tmp_path, own_only):
    spec = tmp_path / "deck.yaml"
    spec.write_text(spec_with(BULLETS), encoding="utf-8")
    update(spec, ["cy"])
    po = tmp_path / "locales" / "cy.po"
    translate_all(po)
    spec.write_text(spec_with(["A new first point", *BULLETS]), encoding="utf-8")
    (stats,) = update(spec, ["cy"])
    assert (stats.kept, stats.fuzzy, stats.new, stats.obsolete) == (len(BULLETS) + 2, 0, 1, 0)
    entries = translations(po)
    for bullet in BULLETS:  # each keeps its own Welsh, none fuzzy
        assert entries[bullet].msgstr == f"CY {bullet}"
        assert "fuzzy" not in entries[bullet].flags
    assert entries["A new first point"].msgstr == ""
    result = build(spec, BuildOptions(lang="cy"))
    body = [s for s in Presentation(io.BytesIO(result.data)).slides[0].shapes if s.has_text_frame]
    text = "\n".join(s.text_frame.text for s in body)
    for bullet in BULLETS:
        assert f"CY {bullet}" in text
    assert [str(w).split(": ", 1)[1] for w in result.diagnostics.warnings] == [
        "slide 'agenda' bullets[0]: no cy translation; using the source text"
    ]


def test_removing_and_reordering_keeps_every_translation(tmp_path, own_only):
    spec = tmp_path / "deck.yaml"
    spec.write_text(spec_with(BULLETS), encoding="utf-8")
    update(spec, ["cy"])
    po = tmp_path / "locales" / "cy.po"
    translate_all(po)
    shuffled = list(reversed(BULLETS[1:]))
    spec.write_text(spec_with(shuffled), encoding="utf-8")
    (stats,) = update(spec, ["cy"])
    assert (stats.kept, stats.fuzzy, stats.new) == (len(shuffled) + 2, 0, 0)
    assert stats.obsolete == 1  # the removed bullet, kept one cycle
    entries = translations(po)
    assert all(entries[b].msgstr == f"CY {b}" for b in shuffled)


def test_an_edited_bullet_keeps_its_own_translation_as_fuzzy(tmp_path, own_only):
    spec = tmp_path / "deck.yaml"
    spec.write_text(spec_with(BULLETS), encoding="utf-8")
    update(spec, ["cy"])
    po = tmp_path / "locales" / "cy.po"
    translate_all(po)
    edited = ["A new first point", *BULLETS]
    edited[4] = "Levels of involvement, from informing to sharing power"
    spec.write_text(spec_with(edited), encoding="utf-8")
    (stats,) = update(spec, ["cy"])
    assert (stats.fuzzy, stats.new) == (1, 1)
    entry = translations(po)[edited[4]]
    assert "fuzzy" in entry.flags
    assert entry.msgstr == "CY Levels of involvement"  # its own, not a neighbour's
    assert entry.previous_msgid == "Levels of involvement"
    assert '#| msgid "Levels of involvement"' in po.read_text(encoding="utf-8")


def test_an_explicit_key_keeps_the_context_through_edits(tmp_path, own_only):
    spec = tmp_path / "deck.yaml"
    keyed = "{key: why, text: 'Why we do this'}"
    spec.write_text(spec_with([keyed, *BULLETS[:2]]), encoding="utf-8")
    update(spec, ["cy"])
    po = tmp_path / "locales" / "cy.po"
    assert translations(po)["Why we do this"].msgctxt == "agenda.why"
    translate_all(po)
    spec.write_text(
        spec_with(["{key: why, text: 'Why we do all this'}", *BULLETS[:2]]), encoding="utf-8"
    )
    update(spec, ["cy"])
    entry = translations(po)["Why we do all this"]
    assert entry.msgctxt == "agenda.why"
    assert "fuzzy" in entry.flags and entry.msgstr == "CY Why we do this"


def test_a_positional_catalogue_migrates_without_losing_anything(tmp_path, own_only):
    spec = tmp_path / "deck.yaml"
    spec.write_text(spec_with(BULLETS), encoding="utf-8")
    old = polib.POFile()
    old.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "cy"}
    old.append(polib.POEntry(msgctxt="agenda.title", msgid="What we will cover", msgstr="CY t"))
    for index, bullet in enumerate(BULLETS):
        old.append(
            polib.POEntry(
                msgctxt=f"agenda.bullets[{index}]",
                msgid=bullet,
                msgstr=f"CY {bullet}",
                tcomment="Review: no established Welsh term" if index == 2 else "",
            )
        )
    (tmp_path / "locales").mkdir()
    old.save(str(tmp_path / "locales" / "cy.po"))
    (stats,) = update(spec, ["cy"])
    assert (stats.kept, stats.fuzzy, stats.obsolete) == (len(BULLETS) + 1, 0, 0)
    entries = translations(tmp_path / "locales" / "cy.po")
    assert all("#" in entries[b].msgctxt for b in BULLETS)
    assert entries[BULLETS[2]].tcomment == "Review: no established Welsh term"


def test_a_new_deck_of_library_slides_gets_the_bundled_welsh_at_once(tmp_path):
    spec = tmp_path / "my-workshop.yaml"
    spec.write_text(
        'title: "Working together in Ceredigion"\nlanguage: en-GB\nslides:\n'
        "  - {type: title, id: cover}\n  - use: coprod/intro\n  - use: coprod/ladder\n"
        "  - use: coprod/around-the-table\n",
        encoding="utf-8",
    )
    (stats,) = update(spec, ["cy"])
    assert stats.memory >= 40 and stats.new <= 2, stats.summary()
    result = build(spec, BuildOptions(lang="cy"))
    prs = Presentation(io.BytesIO(result.data))
    titles = [s.shapes.title.text_frame.text for s in prs.slides]
    assert "Beth yw cydgynhyrchu?" in titles
    missing = [str(w) for w in result.diagnostics.warnings]
    assert len(missing) == 1 and "deck title" in missing[0]  # only the user's own title


def test_tm_files_give_exact_and_near_matches(tmp_path, own_only):
    spec = tmp_path / "deck.yaml"
    spec.write_text(spec_with(["Ask the room", "Meeting people where they are now"]), "utf-8")
    tmx = tmp_path / "unit.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en-GB" '
        'creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" '
        'datatype="plaintext"/><body><tu><tuv xml:lang="en-GB"><seg>Ask the room</seg></tuv>'
        '<tuv xml:lang="cy-GB"><seg>Gofynnwch i\'r grŵp</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    other = polib.POFile()
    other.append(
        polib.POEntry(msgid="Meeting people where they are", msgstr="Cwrdd â phobl lle maen nhw")
    )
    other.save(str(tmp_path / "other.po"))
    runner = CliRunner()
    result = runner.invoke(
        i18n,
        ["update", str(spec), "--lang", "cy", "--tm", str(tmx), "--tm", str(tmp_path / "other.po")],
    )
    assert result.exit_code == 0, result.output
    assert "1 from memory, 1 near matches (fuzzy)" in result.output
    entries = translations(tmp_path / "locales" / "cy.po")
    assert entries["Ask the room"].msgstr == "Gofynnwch i'r grŵp"
    assert "fuzzy" not in entries["Ask the room"].flags
    near = entries["Meeting people where they are now"]
    assert near.msgstr == "Cwrdd â phobl lle maen nhw" and "fuzzy" in near.flags
    assert near.previous_msgid == "Meeting people where they are"  # the old source shown
    bad = tmp_path / "bad.tmx"
    bad.write_text("<tmx><body><tu>", encoding="utf-8")
    result = runner.invoke(i18n, ["update", str(spec), "--lang", "cy", "--tm", str(bad)])
    assert result.exit_code == 1 and "bad.tmx:1: not well-formed XML" in result.output
