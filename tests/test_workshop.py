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


def test_audiences_differ_meaningfully(builds):
    ids = {a: [s.id for s in builds[a].deck.slides] for a in AUDIENCES}
    assert "strategic" not in ids["citizens"] and "strategic" in ids["board"]
    assert ids["commissioners"][2:4] == ["outputs-outcomes", "levels"]
    assert len(ids["board"]) < len(ids["practitioners"])
    assert "values" in ids["practitioners"]
    board_minutes = builds["board"].total_minutes
    assert board_minutes < builds[None].total_minutes / 2


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
    board_words = len(board.slides[2].notes_slide.notes_text_frame.text.split())
    full_words = len(full.slides[3].notes_slide.notes_text_frame.text.split())
    assert board_words < full_words / 2


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
