"""Warnings a user can read: grouped by kind with counts, and pointing at their own lines."""

from __future__ import annotations

from click.testing import CliRunner

from coprod_slides.cli import main
from coprod_slides.cli.report import print_warnings
from coprod_slides.errors import Diagnostics

SPEC = """\
title: "Our workshop"
slides:
  - use: coprod/welcome
  - type: bullets
    title: "Local plans"
    bullets: ["One", "Two", "Three", "Four", "Five"]
"""


def _untranslated_project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "deck.yaml").write_text(SPEC, encoding="utf-8")
    result = CliRunner().invoke(main, ["i18n", "update", "deck.yaml", "--lang", "fr"])
    assert result.exit_code == 0, result.output


def test_a_flood_of_warnings_is_grouped_by_kind(tmp_path, monkeypatch):
    _untranslated_project(tmp_path, monkeypatch)
    result = CliRunner().invoke(main, ["build", "deck.yaml", "--lang", "fr"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert len(lines) == 4  # three examples and a count
    assert all("no fr translation; using the source text" in line for line in lines[:3])
    more = int(lines[3].split()[3])
    assert lines[3] == f"warning: … and {more} more like that"
    assert f"{more + 3} warnings of 1 kind; {more} not shown (--verbose shows them all)" in (
        result.output
    )
    verbose = CliRunner().invoke(main, ["build", "deck.yaml", "--lang", "fr", "--verbose"])
    shown = [line for line in verbose.output.splitlines() if line.startswith("warning:")]
    assert len(shown) == more + 3 and "not shown" not in verbose.output


def test_a_warning_about_a_library_slide_points_at_the_users_use_line(tmp_path, monkeypatch):
    _untranslated_project(tmp_path, monkeypatch)
    result = CliRunner().invoke(main, ["check", "deck.yaml", "--lang", "fr", "-v"])
    about_welcome = [line for line in result.output.splitlines() if "'welcome'" in line]
    assert about_welcome
    for line in about_welcome:
        assert line.startswith("warning: deck.yaml:3:5: slide 'welcome' ")
        assert "(library slide coprod/welcome, line " in line
    assert "coprod_slides/library" not in result.output


def test_a_warning_that_names_no_place_is_put_on_the_spec(tmp_path, monkeypatch, capsys):
    """Not 'warning: error: …': a warning with no location reads as the spec's own."""
    monkeypatch.chdir(tmp_path)
    diag = Diagnostics()
    diag.warn(None, "template colour dk2 #44546A is replaced by #AFBBCB in diagrams")
    print_warnings(diag, spec=tmp_path / "deck.yaml")
    assert capsys.readouterr().err == (
        "warning: deck.yaml: template colour dk2 #44546A is replaced by #AFBBCB in diagrams\n"
    )
