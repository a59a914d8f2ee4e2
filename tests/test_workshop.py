"""The built-in workshop deck: every audience builds cleanly, diagrams are native and named."""

from __future__ import annotations

import io
import re

import pytest
from click.testing import CliRunner
from pptx import Presentation

from coprod_slides.build import BuildOptions, build, builtin_spec
from coprod_slides.cli import main
from coprod_slides.diagrams import kind_names

from .conftest import pdf_pages, render_pdf

AUDIENCES = [None, "citizens", "practitioners", "commissioners", "board"]
DEFAULT_NAME = re.compile(r"^(Rectangle|TextBox|Oval|Group|Straight Connector|Freeform) \d+$")


@pytest.fixture(scope="module")
def builds():
    return {a: build(builtin_spec(), BuildOptions(audience=a)) for a in AUDIENCES}


def shapes_of(shapes):
    for shape in shapes:
        yield shape
        if shape.shape_type == 6:
            yield from shapes_of(shape.shapes)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_each_audience_builds_without_warnings(builds, audience, tmp_path, check_ooxml):
    result = builds[audience]
    assert not result.diagnostics.warnings, [str(w) for w in result.diagnostics.warnings]
    out = tmp_path / "deck.pptx"
    out.write_bytes(result.data)
    check_ooxml(out)


def ids_of(result) -> list[str]:
    return [s.id for s in result.deck.slides]


def test_audiences_differ_meaningfully(builds):
    ids = {a: ids_of(builds[a]) for a in AUDIENCES}
    assert "strategic" not in ids["citizens"] and "strategic" in ids["board"]
    commissioners = ids["commissioners"]
    assert commissioners.index("outputs-outcomes") < commissioners.index("levels")
    assert commissioners.index("levels") < commissioners.index("when-to-coproduce")
    # their "Avoid: treating co-production as an extra project" point needs slide 9
    assert "how-not-extra" in commissioners
    # what matters to a board: when co-production fits, and that it is not extra work
    assert {"when-to-coproduce", "how-not-extra"} <= set(ids["board"])
    assert len(ids["board"]) < len(ids["practitioners"])
    practitioners = ids["practitioners"]
    first_diagram = next(
        i for i, s in enumerate(builds["practitioners"].deck.slides) if s.type == "diagram"
    )
    assert practitioners.index("values") < first_diagram  # "keep these in mind as we go"
    board_minutes = builds["board"].total_minutes
    assert board_minutes < builds[None].total_minutes / 2


def test_values_slide_has_five_values_and_its_source_in_the_title(builds):
    values = next(s for s in builds["practitioners"].deck.slides if s.id == "values")
    assert len(values.content["bullets"]) == 5
    assert not any("Network" in str(b.text) for b in values.content["bullets"])
    assert "Co-production Network for Wales" in str(values.title)
    assert len(str(values.title)) <= 50  # one line at the title size


@pytest.mark.parametrize("audience", AUDIENCES)
def test_cover_notes_count_the_diagrams_the_deck_shows(builds, audience):
    deck = builds[audience].deck
    count = sum(s.type == "diagram" for s in deck.slides)
    depth = deck.notes_depth
    cover = str(deck.slides[0].notes.at_depth(depth))
    assert f" {count} simple pictures" in " ".join(cover.split())


@pytest.mark.parametrize("audience", AUDIENCES)
def test_credits_name_only_what_the_deck_shows(builds, audience):
    deck = builds[audience].deck
    credits = " ".join(str(c) for c in deck.slides[-1].content["credits"])
    ids = set(ids_of(builds[audience]))
    assert ("Arnstein" in credits) == ("ladder" in ids)
    if "values" not in ids:  # where it is shown, the values slide names its source itself
        assert "Five values" not in credits
    assert ("Cynefin" in credits) == ("when-to-coproduce" in ids)
    assert "Noreen" in credits


def test_references_slide_links_to_the_sources(builds):
    prs = Presentation(io.BytesIO(builds[None].data))
    index = ids_of(builds[None]).index("references")
    slide = prs.slides[index]
    links = {}
    for shape in slide.shapes:
        if not shape.has_text_frame:
            continue
        for para in shape.text_frame.paragraphs:
            for run in para.runs:
                if run.hyperlink.address:
                    links[run.text] = run.hyperlink.address
    assert links["A bunch of diagrams about co-production"].startswith(
        "https://info.copronet.wales/"
    )
    assert "thinklocalactpersonal.org.uk" in links["The ladder of co-production"]
    assert links["A Ladder of Citizen Participation"] == "https://doi.org/10.1080/01944366908977225"
    assert "Cynefin" in links["Cynefin framework"]
    assert links["Co-production Network for Wales"] == "https://copronet.wales/"
    rels = [r for r in slide.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert len(rels) == 5 and all(r.is_external for r in rels)
    text = "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    assert "](" not in text  # the markup is gone, only the words show


TOTALS = {  # minutes: a two-hour workshop, a shorter commissioners' session, a board briefing
    None: (110, 130),
    "citizens": (110, 130),
    "practitioners": (110, 130),
    "commissioners": (95, 120),
    "board": (35, 50),
}


@pytest.mark.parametrize("audience", AUDIENCES)
def test_run_sheet_can_be_run(builds, audience):
    from coprod_slides.runsheet import advice, breaks, rows, to_markdown

    deck = builds[audience].deck
    total = builds[audience].total_minutes
    low, high = TOTALS[audience]
    assert low <= total <= high, total
    assert not advice(deck)
    if total > 90:  # a break, not in the first or last half hour
        (pause,) = breaks(deck)
        assert pause.duration >= 10 and 30 <= pause.start_minute <= total - 30
        ids = ids_of(builds[audience])
        assert ids[1:3] == ["welcome", "ground-rules"]  # housekeeping, then ground rules
    by_id = {row.slide_id: row for row in rows(deck)}
    if "group-work" in by_id:
        group_work = next(s for s in deck.slides if s.id == "group-work")
        assert group_work.type == "activity"
        assert 20 <= by_id["group-work"].duration <= 25  # group work with feedback
    close = [by_id[i].duration for i in ("evaluation", "references", "credits")]
    assert sum(close) == 10 and ids_of(builds[audience])[-3:] == [
        "evaluation",
        "references",
        "credits",
    ]
    assert f"Total: {total:g} minutes" in to_markdown(deck)


def test_icebreaker_is_an_activity_sized_by_the_group_size_var():
    result = build(builtin_spec(), BuildOptions(cli_vars={"group_size": "3"}))
    icebreaker = next(s for s in result.deck.slides if s.id == "icebreaker")
    assert icebreaker.type == "activity"
    assert str(icebreaker.content["group_size"]) == "Groups of 3"
    assert "groups of 3" in str(icebreaker.notes.full)
    group_work = next(s for s in result.deck.slides if s.id == "group-work")
    assert str(group_work.content["group_size"]) == "Groups of 3"


def test_every_diagram_kind_is_in_the_workshop(builds):
    kinds = {s.content["diagram"] for s in builds[None].deck.slides if s.type == "diagram"}
    assert kinds == set(kind_names())


def test_diagrams_are_native_named_grouped_with_alt_text(builds):
    prs = Presentation(io.BytesIO(builds[None].data))
    diagram_slides = 0
    for slide in prs.slides:
        assert slide.shapes.title is not None and slide.shapes.title.text.strip()
        assert slide.notes_slide.notes_text_frame.text.strip()
        groups = [s for s in slide.shapes if s.shape_type == 6]
        if not groups:
            continue
        diagram_slides += 1
        group = groups[0]
        descr = group._element.xpath("./p:nvGrpSpPr/p:cNvPr")[0].get("descr")
        assert descr and len(descr) > 40, group.name
        inner = list(shapes_of(group.shapes))
        assert len(inner) >= 6
        assert not [s for s in inner if s.shape_type == 13], "diagrams must not be pictures"
        for shape in inner:
            assert shape.name and not DEFAULT_NAME.match(shape.name), shape.name
        editable = [s for s in inner if s.has_text_frame and s.text_frame.text.strip()]
        assert len(editable) >= 4
    assert diagram_slides == 6


def test_notes_follow_the_audience_depth(builds):
    board = Presentation(io.BytesIO(builds["board"].data))
    full = Presentation(io.BytesIO(builds[None].data))

    def words(prs, result, slide_id):
        slide = prs.slides[ids_of(result).index(slide_id)]
        return len(slide.notes_slide.notes_text_frame.text.split())

    board_words = words(board, builds["board"], "around-the-table")
    assert board_words < words(full, builds[None], "around-the-table") / 2


def test_vars_fill_the_deck(tmp_path):
    result = build(
        builtin_spec(),
        BuildOptions(
            audience="board", cli_vars={"org": "Cyngor Gwynedd", "facilitator": "Sam Jones"}
        ),
    )
    prs = Presentation(io.BytesIO(result.data))
    cover = "\n".join(s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame)
    assert "A briefing for the board of Cyngor Gwynedd" in cover
    assert "Sam Jones · Cyngor Gwynedd" in cover
    assert prs.core_properties.author == "Sam Jones"


def test_build_without_arguments_writes_the_workshop(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and (tmp_path / "workshop.pptx").exists()


def test_diagrams_command_lists_kinds():
    result = CliRunner().invoke(main, ["diagrams"])
    assert result.exit_code == 0
    for name in kind_names():
        assert f"{name}: " in result.output


def test_library_command_lists_slides():
    result = CliRunner().invoke(main, ["library"])
    assert result.exit_code == 0
    assert "coprod/ladder: The ladder on its side [diagram]" in result.output


@pytest.mark.render
def test_workshop_converts_with_libreoffice(builds, tmp_path):
    out = tmp_path / "workshop.pptx"
    out.write_bytes(builds[None].data)
    assert pdf_pages(render_pdf(out, tmp_path)) == len(builds[None].deck.slides)


def test_gallery_builds_cleanly(tmp_path, check_ooxml):
    from .conftest import ROOT

    result = build(ROOT / "decks" / "diagram-gallery.yaml")
    assert not result.diagnostics.warnings, [str(w) for w in result.diagnostics.warnings]
    kinds = [s.content["diagram"] for s in result.deck.slides if s.type == "diagram"]
    assert set(kinds) == set(kind_names())
    ladders = [
        s for s in result.deck.slides if s.type == "diagram" and s.content["diagram"] == "ladder"
    ]
    rungs = [sum(len(g["rungs"]) for g in s.content["data"]["groups"]) for s in ladders]
    assert rungs == [3, 6]
    out = tmp_path / "gallery.pptx"
    out.write_bytes(result.data)
    check_ooxml(out)


def _readability():
    """scripts/readability.py, loaded as a module (it is a script, not part of the package)."""
    import importlib.util
    import sys

    from .conftest import ROOT

    spec = importlib.util.spec_from_file_location("readability", ROOT / "scripts/readability.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("readability", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_citizens_deck_has_no_staff_words():
    readability = _readability()
    texts = readability.deck_texts("citizens")
    found = sorted(
        {m.group(0) for m in readability.STAFF_WORDS.finditer(texts.slides + texts.notes)}
    )
    assert not found, found
    # the check itself finds them where staff words are expected
    staff = readability.deck_texts("commissioners")
    assert readability.STAFF_WORDS.search(staff.slides + staff.notes)
    assert "probe" not in (texts.slides + texts.notes).lower()


def test_citizens_deck_reads_easily():
    pytest.importorskip("textstat")
    pytest.importorskip("pyphen")
    readability = _readability()
    citizens = readability.deck_texts("citizens")
    default = readability.deck_texts(None)
    for part in ("slides", "notes"):
        ease, grade = readability.scores(getattr(citizens, part))
        # Flesch reading ease 70+ is "fairly easy", read easily by most adults
        assert ease >= 70 and grade <= 6, (part, ease, grade)
        assert ease > readability.scores(getattr(default, part))[0], part
