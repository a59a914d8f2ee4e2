"""Where commands write: folders made as needed, the wrong kind of file named, checked first."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from coprod_slides.cli import main


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_output_folders_are_created(here):
    result = CliRunner().invoke(main, ["build", "-o", "out/decks/workshop.pptx"])
    assert result.exit_code == 0, result.output
    assert "wrote out/decks/workshop.pptx (18 slides" in result.output
    assert (here / "out" / "decks" / "workshop.pptx").is_file()


def test_a_trailing_slash_means_a_folder(here):
    result = CliRunner().invoke(main, ["build", "-o", "newdir/", "--audience", "board"])
    assert result.exit_code == 0, result.output
    assert (here / "newdir" / "workshop-board.pptx").is_file()
    runsheet = CliRunner().invoke(main, ["runsheet", "-o", "sheets/"])
    assert runsheet.exit_code == 0, runsheet.output
    assert sorted(p.name for p in (here / "sheets").iterdir()) == [
        "workshop-runsheet.csv",
        "workshop-runsheet.md",
    ]


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["build", "-o", "deck.pdf"],
            "deck.pdf: 'coprod-slides build' writes .pptx files; "
            "for a .pdf file use 'coprod-slides pdf'",
        ),
        (
            ["pdf", "-o", "deck.pptx"],
            "deck.pptx: 'coprod-slides pdf' writes .pdf files; "
            "for a .pptx file use 'coprod-slides build'",
        ),
        (
            ["runsheet", "-o", "deck.pdf"],
            "deck.pdf: 'coprod-slides runsheet' writes .md and "
            ".csv files; for a .pdf file use 'coprod-slides pdf'",
        ),
        (
            ["preview", "-o", "deck.pdf"],
            "deck.pdf: 'coprod-slides preview' writes a folder of "
            "pictures; for a .pdf file use 'coprod-slides pdf'",
        ),
    ],
    ids=lambda v: v[0] if isinstance(v, list) else "",
)
def test_the_wrong_kind_of_output_names_the_right_command_and_keeps_the_file(
    here, monkeypatch, args, message
):
    existing = here / args[-1]
    existing.write_bytes(b"%PDF-1.4 my real PDF")

    def no_slow_work(*a, **k):
        raise AssertionError("the output path is checked before building")

    monkeypatch.setattr("coprod_slides.build.build", no_slow_work)
    monkeypatch.setattr("coprod_slides.build.load", no_slow_work)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == message
    assert existing.read_bytes() == b"%PDF-1.4 my real PDF"


def test_an_output_under_a_file_is_refused_before_building(here, monkeypatch):
    (here / "notes.txt").write_text("x")

    def no_slow_work(*a, **k):
        raise AssertionError("the output path is checked before building")

    monkeypatch.setattr("coprod_slides.preview.build_pdf", no_slow_work)
    result = CliRunner().invoke(main, ["pdf", "-o", "notes.txt/deck.pdf"])
    assert result.exit_code == 1
    assert "'notes.txt' is a file, not a folder" in result.output


def test_a_name_without_extension_gets_the_commands(here):
    result = CliRunner().invoke(main, ["build", "-o", "Workshop v1.2"])
    assert result.exit_code == 0, result.output
    assert Path("Workshop v1.2.pptx").is_file()
