"""Translated decks: extract a .pot, update .po catalogues, status, build-time translation."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from coprod_slides.build import fit_problems
from coprod_slides.cli.commands.i18n import i18n
from coprod_slides.deckspec.loader import display_path, load_spec
from coprod_slides.errors import Diagnostics, SpecError
from coprod_slides.i18n.catalog import collect_messages, context_of, extract, update
from coprod_slides.i18n.languages import format_date, language_info, needs_font
from coprod_slides.i18n.status import catalog_status, format_status
from coprod_slides.i18n.translate import localise, translate_deck
from coprod_slides.specvalues.textvalues import Translated
from coprod_slides.texts import iter_deck_texts
from coprod_slides.variables import apply_vars

SPEC = """
title: "Working with {org}"
subtitle: "A short session"
language: en-GB
vars: {org: Example Council}
theme:
  footer: "Co-production at {org}"
audiences:
  citizens:
    insert:
      - after: cover
        slides:
          - {type: section, id: welcome, title: "Welcome, neighbours"}
  board:
    overrides:
      plan: {title: "The plan for the board"}
slides:
  - type: title
    id: cover
    notes: |
      Welcome people and introduce yourself.

      Ask everyone for one word about **co-production**.
  - type: bullets
    id: plan
    title: "What we'll cover"
    bullets:
      - "Who is around the table at {org}"
      - "When it *fits*"
      - ["and when it doesn't"]
    notes: |
      Say what the session covers.

      - First point for the facilitator
      - Second point, which runs on
        over two lines

      Close the slide.
  - type: quote
    id: saying
    quote: "Nothing about us without us"
    attribution: "Disability rights movement"
"""


def fill(po_path: Path, prefix: str = "XX ", skip: tuple[str, ...] = ()) -> None:
    """Translate every entry of a catalogue as ``prefix + msgid`` (except ``skip`` contexts)."""
    po = polib.pofile(str(po_path))
    for entry in po:
        if entry.msgctxt not in skip and not entry.obsolete:
            entry.msgstr = prefix + entry.msgid
    po.save(str(po_path))


def set_msgstr(
    po_path: Path,
    msgctxt: str,
    msgstr: str,
    flags: list[str] | None = None,
    msgid: str | None = None,
) -> None:
    po = polib.pofile(str(po_path))
    for entry in po:
        if entry.msgctxt == msgctxt and (msgid is None or entry.msgid == msgid):
            entry.msgstr = msgstr
            if flags is not None:
                entry.flags = flags
    po.save(str(po_path))


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def source(spec: Path):
    return load_spec(spec, Diagnostics(), substitute_vars=False)


@pytest.fixture(autouse=True)
def no_bundled_memory(monkeypatch):
    """These tests see only their own catalogue (test_i18n_memory.py tests the memory)."""
    monkeypatch.setattr("coprod_slides.i18n.memory.bundled_catalogs", lambda lang: [])


@pytest.fixture
def spec(write_spec):
    return write_spec(SPEC)


@pytest.fixture
def cy(spec):
    """The spec with a complete, 'XX '-translated Welsh catalogue."""
    update(spec, ["cy"])
    po = spec.parent / "locales" / "cy.po"
    fill(po)
    return po


# --------------------------------------------------------------------------- extract


def test_extract_has_one_message_per_text_of_every_audience(spec):
    out, count = extract(spec)
    assert out == spec.parent / "locales" / "messages.pot"
    pot = polib.pofile(str(out))
    keys = {(e.msgctxt, e.msgid) for e in pot}
    assert count == len(pot)
    for audience in (None, "citizens", "board"):
        deck = load_spec(spec, Diagnostics(), audience=audience, substitute_vars=False)
        for slide_id, path, text in iter_deck_texts(deck):
            assert (context_of(slide_id, path, text), str(text)) in keys
    assert ("welcome.title", "Welcome, neighbours") in keys  # an audience's inserted slide
    assert ("plan.title", "The plan for the board") in keys  # an audience's override
    assert ("plan.title", "What we'll cover") in keys
    assert ("deck.title", "Working with {org}") in keys  # placeholders kept
    assert ("deck.footer", "Co-production at {org}") in keys
    assert ("plan.bullets#421f58", "When it *fits*") in keys  # markup kept
    assert pot.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert pot.metadata["Project-Id-Version"] == "coprod-slides"


def test_extract_comments_references_and_reading_order(spec):
    out, _ = extract(spec)
    pot = polib.pofile(str(out))
    by_ctx = {e.msgctxt: e for e in pot if e.msgid != "The plan for the board"}
    assert by_ctx["plan.title"].comment == "Slide title: keep it under ~60 characters"
    assert by_ctx["plan.bullets#c30951"].comment.splitlines() == [
        "Bullet point: ~90 characters at 20 pt",
        "Keep {org} unchanged",
    ]
    assert "python-brace-format" in by_ctx["plan.bullets#c30951"].flags
    assert by_ctx["plan.notes.full#e78547"].comment == "Speaker notes paragraph; length is free"
    # one message per notes paragraph and bullet, each pointing at its own line
    notes = [e.msgid for e in pot if e.msgctxt.startswith("plan.notes.full")]
    assert notes == [
        "Say what the session covers.",
        "First point for the facilitator",
        "Second point, which runs on over two lines",
        "Close the slide.",
    ]
    assert by_ctx["plan.notes.full#2cf414"].occurrences == [
        ("deck.yaml", str(line_of(spec, "- Second point")))
    ]
    assert by_ctx["plan.title"].occurrences == [("deck.yaml", str(line_of(spec, 'title: "What')))]
    # reading order: deck texts, then per slide its title, content and notes; an
    # audience's inserted slide sits after the cover, its rewritten title by the original
    assert [e.msgctxt for e in pot][:10] == [
        "deck.title",
        "deck.subtitle",
        "deck.footer",
        "cover.notes.full#9dfa17",
        "cover.notes.full#056da4",
        "welcome.title",
        "plan.title",
        "plan.title",
        "plan.bullets#c30951",
        "plan.bullets#421f58",
    ]
    assert [e.msgid for e in pot][6:8] == ["What we'll cover", "The plan for the board"]
    assert [e.msgctxt for e in pot][-4:] == [
        "plan.notes.full#c51716",
        "saying.quote",
        "saying.attribution",
        "deck.vars.org",  # a variable's default is translated too
    ]


def test_diagram_label_comment_gives_a_character_budget():
    from coprod_slides.i18n.catalog import translator_comment

    assert (
        translator_comment("ladder", "data.groups[0].label", "Doing to")
        == "Diagram label: max ~11 characters, fits a fixed box"
    )


def test_extract_is_reproducible(spec, tmp_path, monkeypatch):
    out, _ = extract(spec)
    first = out.read_bytes()
    monkeypatch.chdir(tmp_path.parent)  # another working folder: same bytes
    extract(spec)
    assert out.read_bytes() == first
    other = tmp_path / "elsewhere.pot"
    extract(spec, other)
    assert other.read_bytes() == first


def test_extract_uses_source_date_epoch(spec, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    out, _ = extract(spec)
    assert "POT-Creation-Date: 2023-11-14 22:13+0000" in out.read_text(encoding="utf-8")


def test_translations_folder_from_the_spec(write_spec):
    spec = write_spec(SPEC.replace("language: en-GB", "language: en-GB\ntranslations: po"))
    out, _ = extract(spec)
    assert out == spec.parent / "po" / "messages.pot"
    update(spec, ["cy"])
    assert (spec.parent / "po" / "cy.po").is_file()


# --------------------------------------------------------------------------- update


def test_update_creates_catalogue_with_babel_plural_forms(spec):
    (stats,) = update(spec, ["cy"])
    assert stats.created and stats.new > 0
    po = polib.pofile(str(spec.parent / "locales" / "cy.po"))
    assert po.metadata["Language"] == "cy"
    assert po.metadata["Plural-Forms"].startswith("nplurals=6; plural=")
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert all(e.msgstr == "" for e in po)


def test_update_keeps_translations_marks_changes_fuzzy_and_keeps_obsolete(spec, cy):
    before = polib.pofile(str(cy))
    assert all(e.msgstr for e in before)
    edited = SPEC.replace('"When it *fits*"', '"When it *really* fits"').replace(
        """  - type: quote
    id: saying
    quote: "Nothing about us without us"
    attribution: "Disability rights movement"
""",
        "",
    )
    spec.write_text(edited.lstrip("\n"), encoding="utf-8")
    (stats,) = update(spec, ["cy"])
    assert stats.fuzzy == 1 and stats.obsolete == 2 and stats.new == 0
    po = polib.pofile(str(cy))
    by_ctx = {e.msgctxt: e for e in po if not e.obsolete and "board" not in e.msgid}
    assert by_ctx["plan.title"].msgstr == "XX What we'll cover"
    assert "fuzzy" not in by_ctx["plan.title"].flags
    changed = by_ctx[context_of("plan", "bullets[1]", "When it *really* fits")]
    assert changed.msgid == "When it *really* fits"
    assert "fuzzy" in changed.flags
    assert changed.previous_msgid == "When it *fits*"
    assert changed.msgstr == "XX When it *fits*"
    obsolete = {e.msgctxt: e.msgstr for e in po.obsolete_entries()}
    assert obsolete == {
        "saying.quote": "XX Nothing about us without us",
        "saying.attribution": "XX Disability rights movement",
    }
    assert '#~ msgctxt "saying.quote"' in cy.read_text(encoding="utf-8")
    assert '#| msgid "When it *fits*"' in cy.read_text(encoding="utf-8")
    # obsolete entries are kept one cycle
    update(spec, ["cy"])
    assert polib.pofile(str(cy)).obsolete_entries() == []


def test_update_keeps_translator_comments_and_header(spec, cy):
    po = polib.pofile(str(cy))
    po.header = "DRAFT: review me"
    po[0].tcomment = "Review: no established Welsh term"
    first = po[0].msgctxt
    po.save(str(cy))
    update(spec, ["cy"])
    po = polib.pofile(str(cy))
    assert po.header == "DRAFT: review me"
    assert {e.msgctxt: e.tcomment for e in po}[first] == "Review: no established Welsh term"


def test_unknown_language_says_how_to_write_one(spec):
    with pytest.raises(SpecError) as info:
        update(spec, ["xx"])
    assert "unknown language code 'xx'" in str(info.value)
    assert "'pt-BR'" in str(info.value) and "'cy'" in str(info.value)
    with pytest.raises(SpecError, match="not a language code"):
        language_info("Welsh please")
    assert not (spec.parent / "locales").exists()


# --------------------------------------------------------------------------- translate


def test_localise_translates_every_text(spec, cy):
    diag = Diagnostics()
    deck = localise(source(spec), spec, "cy", diag=diag)
    assert diag.warnings == [] and diag.errors == []
    texts = list(iter_deck_texts(deck))
    assert texts
    for slide_id, path, text in texts:
        assert str(text).startswith("XX "), (slide_id, path, text)
        if not path.startswith("notes."):  # (notes are walked a paragraph at a time)
            assert isinstance(text, Translated) and not text.is_fallback, (slide_id, path)
            assert text.language == "cy-GB"
    assert all(not s.notes.full.unit_languages for s in deck.slides if s.notes)
    assert deck.language == "cy-GB"
    assert deck.localisation.source_language == "en-GB"
    assert deck.localisation.rtl is False
    assert deck.localisation.coverage.percent == 100
    assert "**co-production**" in deck.slides[0].notes.full  # markup survives
    # variables are applied to the translated deck afterwards
    final = apply_vars(deck, deck.vars, Diagnostics())
    assert final.title == "XX Working with XX Example Council"  # the default is translated


def test_localise_an_audience_deck(spec, cy):
    deck = load_spec(spec, Diagnostics(), audience="board", substitute_vars=False)
    diag = Diagnostics()
    result = localise(deck, spec, "cy", diag=diag)
    assert result.slides[1].title == "XX The plan for the board"
    assert diag.warnings == []


def test_missing_strings_fall_back_with_one_warning_each(spec):
    update(spec, ["cy"])
    po = spec.parent / "locales" / "cy.po"
    fill(po, skip=("plan.title", "plan.notes.full#838994"))
    diag = Diagnostics()
    deck, coverage = translate_deck(source(spec), po, "cy", diag=diag)
    messages = [str(w) for w in diag.warnings]
    assert len(messages) == 2
    title_line = line_of(spec, 'title: "What')
    assert messages[0] == (
        f"{display_path(spec)}:{title_line}:12: slide 'plan' title: "
        "no cy translation; using the source text"
    )
    notes_line = line_of(spec, "- First point")
    assert f":{notes_line}:1: slide 'plan' notes.full[1]: no cy translation" in messages[1]
    assert coverage.missing == 2 and coverage.translated == coverage.total - 2
    plan = deck.slides[1]
    assert plan.title == "What we'll cover"
    assert plan.title.is_fallback and plan.title.language == "en-GB"
    assert plan.title.loc.line == title_line  # warnings about it name the spec line
    bullet = plan.content["bullets"][0].text
    assert not bullet.is_fallback and bullet.language == "cy-GB"
    # only one paragraph fell back: one language per paragraph/bullet of the notes
    assert plan.notes.full.unit_languages == (None, "en-GB", None, None)
    assert not plan.notes.full.is_fallback
    # batch workers receive decks pickled: every text keeps its language and location
    copied = pickle.loads(pickle.dumps(deck)).slides[1]
    assert copied.title.is_fallback and copied.title.loc == plan.title.loc
    assert copied.content["bullets"][0].text.language == "cy-GB"
    assert copied.notes.full.unit_languages == (None, "en-GB", None, None)


def test_strict_makes_missing_strings_errors(spec):
    update(spec, ["cy"])
    po = spec.parent / "locales" / "cy.po"
    fill(po, skip=("plan.title",))
    diag = Diagnostics()
    localise(source(spec), spec, "cy", diag=diag)
    assert len(diag.warnings) == 1  # the caller may treat these as errors
    with pytest.raises(SpecError, match="slide 'plan' title: no cy translation"):
        localise(source(spec), spec, "cy", strict=True, diag=Diagnostics())


def test_fuzzy_translations_are_used_only_when_asked(spec, cy):
    set_msgstr(
        cy, "plan.title", "Beth fyddwn ni'n ei drafod", flags=["fuzzy"], msgid="What we'll cover"
    )
    diag = Diagnostics()
    deck, coverage = translate_deck(source(spec), cy, "cy", diag=diag)
    assert deck.slides[1].title == "What we'll cover"
    assert coverage.fuzzy == 1
    assert "fuzzy" in str(diag.warnings[0])
    deck, coverage = translate_deck(source(spec), cy, "cy", use_fuzzy=True, diag=Diagnostics())
    assert deck.slides[1].title == "Beth fyddwn ni'n ei drafod"
    assert coverage.percent == 100


def test_min_coverage(spec):
    update(spec, ["cy"])
    po = spec.parent / "locales" / "cy.po"
    fill(
        po, skip=("plan.title", "plan.bullets#c30951", "plan.bullets#421f58", "plan.bullets#bc7ae4")
    )
    with pytest.raises(SpecError) as info:
        localise(source(spec), spec, "cy", min_coverage=95, diag=Diagnostics())
    total = len(list(iter_deck_texts(source(spec))))
    percent = int(100 * (total - 4) / total)
    assert f"cy: {percent}% translated, below --min-coverage 95 (4 missing" in str(info.value)
    localise(source(spec), spec, "cy", min_coverage=50, diag=Diagnostics())


def test_placeholder_mismatch_is_an_error_with_file_and_line(spec, cy):
    set_msgstr(cy, "deck.title", "XX Gweithio gyda ni")
    line = line_of(cy, 'msgstr "XX Gweithio gyda ni"')
    with pytest.raises(SpecError) as info:
        translate_deck(source(spec), cy, "cy", diag=Diagnostics())
    assert f"cy.po:{line}: msgctxt 'deck.title': translation drops {{org}}" in str(info.value)


def test_added_placeholder_is_an_error(spec, cy):
    set_msgstr(cy, "plan.title", "XX {place}")
    with pytest.raises(SpecError, match=r"msgctxt 'plan.title': translation adds \{place\}"):
        translate_deck(source(spec), cy, "cy", diag=Diagnostics())


def test_markup_mismatch_is_an_error(spec, cy):
    set_msgstr(cy, "plan.bullets#421f58", "XX Pan mae'n ffitio")
    set_msgstr(cy, "cover.notes.full#056da4", "XX **cydgynhyrchu")
    with pytest.raises(SpecError) as info:
        translate_deck(source(spec), cy, "cy", diag=Diagnostics())
    text = str(info.value)
    assert (
        "msgctxt 'plan.bullets#421f58': translation has 0 '*' italic markers, the source 2" in text
    )
    assert (
        "msgctxt 'cover.notes.full#056da4': translation has 1 '**' bold markers, the source 2"
        in text
    )


@pytest.mark.parametrize("char", ["\u0007", "\u001b", "\u000b", "\u202e", "\u2066"])
def test_control_and_bidi_characters_are_refused(spec, cy, char):
    set_msgstr(cy, "plan.title", f"XX Beth{char} fyddwn")
    with pytest.raises(SpecError) as info:
        translate_deck(source(spec), cy, "cy", diag=Diagnostics())
    assert "msgctxt 'plan.title': translation contains the" in str(info.value)
    assert f"U+{ord(char):04X}" in str(info.value)


def test_no_catalogue(spec):
    with pytest.raises(SpecError) as info:
        localise(source(spec), spec, "cy", diag=Diagnostics())
    assert "no catalogue for 'cy': run 'coprod-slides i18n update" in str(info.value)
    assert "--lang cy' to create" in str(info.value) and "locales/cy.po" in str(info.value)


def test_catalogue_for_a_region_tag_falls_back_to_the_language(spec, cy):
    deck = localise(source(spec), spec, "cy-GB", diag=Diagnostics())
    assert deck.title == "XX Working with {org}"
    assert deck.language == "cy-GB"


# --------------------------------------------------------------------------- malformed


GOOD_HEAD = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


@pytest.mark.parametrize(
    "body, line, words",
    [
        ('msgctxt "plan.title"\nmsgid "What we\'ll cover"\nmsgstr "Beth\n', 7, "unterminated"),
        (
            'msgctxt "plan.title"\nmsgid "What we\'ll cover"\nmsgstr "Beth \\q"\n',
            7,
            "unknown escape",
        ),
        ('msgctxt "plan.title"\nmsgid "What we\'ll cover"\nmstr "Beth"\n', 7, "syntax error"),
        (
            'msgctxt "plan.title"\nmsgid "What we\'ll cover"\nmsgstr "Beth" "x"\n',
            7,
            "after the closing quote",
        ),
        (
            'msgctxt "a"\nmsgid "x"\nmsgstr "y"\n\nmsgctxt "a"\nmsgid "x"\nmsgstr "z"\n',
            9,
            "appears twice",
        ),
        ('msgstr "y"\n', 5, "syntax error"),
    ],
)
def test_malformed_catalogue_is_one_clear_line(spec, body, line, words):
    po = spec.parent / "locales" / "cy.po"
    po.parent.mkdir()
    po.write_text(GOOD_HEAD + body, encoding="utf-8")
    with pytest.raises(SpecError) as info:
        localise(source(spec), spec, "cy", diag=Diagnostics())
    assert len(info.value.problems) == 1
    message = str(info.value)
    assert f"cy.po:{line}" in message and words in message


def test_wrong_encoding_and_charset(spec):
    po = spec.parent / "locales" / "cy.po"
    po.parent.mkdir()
    po.write_bytes((GOOD_HEAD + 'msgctxt "a"\nmsgid "x"\nmsgstr "caf\xe9"\n').encode("latin-1"))
    with pytest.raises(SpecError, match=r"cy\.po:7:\d+: not valid UTF-8"):
        localise(source(spec), spec, "cy", diag=Diagnostics())
    po.write_text(
        GOOD_HEAD.replace("UTF-8", "ISO-8859-1") + 'msgid "x"\nmsgstr "y"\n', encoding="utf-8"
    )
    with pytest.raises(SpecError, match=r"cy\.po:3: the catalogue declares charset=ISO-8859-1"):
        localise(source(spec), spec, "cy", diag=Diagnostics())
    po.write_bytes(b"\xde\x12\x04\x95\x00\x00\x00\x00")
    with pytest.raises(SpecError, match="compiled .mo"):
        localise(source(spec), spec, "cy", diag=Diagnostics())


def test_cli_reports_a_malformed_catalogue_without_traceback(spec):
    po = spec.parent / "locales" / "cy.po"
    po.parent.mkdir()
    po.write_text(GOOD_HEAD + 'msgctxt "a"\nmsgid "x"\nmsgstr "y\n', encoding="utf-8")
    result = CliRunner().invoke(i18n, ["status", str(spec)])
    assert result.exit_code == 1
    assert "cy.po:7:" in result.output and "unterminated string" in result.output
    assert "Traceback" not in result.output


# --------------------------------------------------------------------------- status & CLI


def test_status_counts_review_states_words_and_real_fit(spec, cy):
    long_title = "Popeth y byddwn ni'n ei drafod heddiw gyda'n gilydd yn y gweithdy hwn " * 4
    set_msgstr(cy, "plan.title", long_title, msgid="What we'll cover")
    set_msgstr(cy, "saying.attribution", "XX Mudiad hawliau pobl anabl, o hyd")  # 1.9x: fits
    set_msgstr(cy, "plan.bullets#bc7ae4", "XX fuzzy", flags=["fuzzy"])
    set_msgstr(cy, "saying.quote", "")
    po = polib.pofile(str(cy))
    next(e for e in po if e.msgctxt == "deck.subtitle").tcomment = "Review: check the register"
    po.save(str(cy))
    (status,) = catalog_status(spec, fit_check=fit_problems)
    assert (status.translated, status.fuzzy, status.missing) == (status.total - 2, 1, 1)
    assert status.needs_review == 1
    assert status.rows["(all)"].words["new"] == 5  # "Nothing about us without us"
    assert status.rows["board"].strings["total"] < status.rows["(all)"].strings["total"]
    assert len(status.long) == 1, status.long  # from the real fit, not a length ratio
    where, rest = status.long[0].split(" (msgctxt plan.title): ")
    line = int(where.rsplit(":", 1)[1])
    assert cy.read_text(encoding="utf-8").splitlines()[line - 1].startswith("msgstr")
    assert "does not fit" in status.long[0]
    table = format_status([status])
    assert table.splitlines()[1].split()[:3] == ["strings/words", "total", "reviewed"]
    assert "1 need review, 1 fuzzy, 1 new, 1 may not fit" in table.splitlines()[0]
    assert "(msgctxt deck.subtitle): Review: check the register" in table


def test_cli_extract_update_status(spec):
    runner = CliRunner()
    result = runner.invoke(i18n, ["extract", str(spec)])
    assert result.exit_code == 0, result.output
    assert "messages.pot" in result.output
    result = runner.invoke(i18n, ["update", str(spec), "--lang", "cy", "--lang", "ar"])
    assert result.exit_code == 0, result.output
    assert "created" in result.output and "cy.po" in result.output and "ar.po" in result.output
    result = runner.invoke(i18n, ["status", str(spec)])
    assert result.exit_code == 0, result.output
    assert "ar " in result.output and "cy " in result.output and "0.0%" in result.output
    result = runner.invoke(i18n, ["update", str(spec), "--lang", "klingon"])
    assert result.exit_code == 1 and "language code" in result.output


# --------------------------------------------------------------------------- languages


def test_language_facts_from_babel():
    cy, ar = language_info("cy"), language_info("ar")
    assert cy.rtl is False and ar.rtl is True
    assert cy.default_region_tag == "cy-GB" and language_info("en").default_region_tag == "en-GB"
    assert ar.script == "Arab" and cy.script == "Latn"
    assert ar.default_region_tag.startswith("ar-")
    assert cy.plural_forms.startswith("nplurals=6;")
    assert language_info("pt_br").tag == "pt-BR"
    # CLDR's exponent operand is not gettext: written out as 0
    assert " e " not in language_info("pt-BR").plural_forms.replace("(", " ").replace(")", " ")
    assert needs_font("ar") == "Noto Sans Arabic"
    assert needs_font("cy", "Arial") == "Arial"


def test_dates_are_localised():
    assert format_date(dt.date(2024, 3, 5), "cy") == "5 Mawrth 2024"
    assert format_date("2024-03-05", "cy") == "5 Mawrth 2024"
    assert format_date("Spring 2024", "cy") == "Spring 2024"


# --------------------------------------------------------------------------- built-in deck


def test_builtin_welsh_catalogue_is_complete_and_valid():
    root = Path(__file__).resolve().parents[1]
    spec = root / "decks" / "workshop.yaml"
    po = root / "decks" / "locales" / "cy.po"
    assert po.is_file()
    assert "DRAFT" in polib.pofile(str(po)).header
    (status,) = catalog_status(spec, ["cy"])
    assert status.missing == 0 and status.fuzzy == 0, format_status([status])
    deck, messages = collect_messages(spec)
    diag = Diagnostics()
    welsh = localise(source(spec), spec, "cy", min_coverage=100, diag=diag)
    assert diag.warnings == []
    assert welsh.language == "cy-GB"
