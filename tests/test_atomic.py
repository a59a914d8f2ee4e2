"""One atomic writer for every file the tool writes: modes kept, nothing half-written."""

from __future__ import annotations

import os
import stat

import pytest
from click.testing import CliRunner

from coprod_slides import atomic
from coprod_slides.cli import main

SPEC = """\
title: "Modes"
language: en-GB
slides:
  - type: bullets
    title: "Hello"
    bullets: ["One", "Two"]
"""

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix_only
@pytest.mark.parametrize("existing", [0o644, 0o664])
def test_i18n_update_keeps_a_catalogues_mode(tmp_path, existing):
    spec = tmp_path / "deck.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["i18n", "update", str(spec), "--lang", "cy"]).exit_code == 0
    po = tmp_path / "locales" / "cy.po"
    po.chmod(existing)
    spec.write_text(SPEC.replace('"Two"', '"Two", "Three"'), encoding="utf-8")
    result = runner.invoke(main, ["i18n", "update", str(spec), "--lang", "cy"])
    assert result.exit_code == 0, result.output
    assert 'msgid "Three"' in po.read_text(encoding="utf-8")
    assert mode(po) == existing
    assert [p.name for p in po.parent.iterdir() if p.name.startswith(".")] == []


@posix_only
def test_new_catalogue_gets_the_usual_mode(tmp_path):
    spec = tmp_path / "deck.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    result = CliRunner().invoke(main, ["i18n", "extract", str(spec)])
    assert result.exit_code == 0, result.output
    assert mode(tmp_path / "locales" / "messages.pot") == 0o666 & ~atomic._UMASK


@posix_only
def test_run_sheet_and_deck_keep_their_modes(tmp_path):
    spec = tmp_path / "deck.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    runner = CliRunner()
    deck, stem = tmp_path / "deck.pptx", tmp_path / "sheet"
    assert runner.invoke(main, ["build", str(spec), "-o", str(deck)]).exit_code == 0
    assert runner.invoke(main, ["runsheet", str(spec), "-o", str(stem)]).exit_code == 0
    written = [deck, *sorted(tmp_path.glob("sheet*"))]
    assert len(written) == 3  # the deck, the run sheet's .md and .csv
    for path in written:
        path.chmod(0o640)
    assert runner.invoke(main, ["build", str(spec), "-o", str(deck)]).exit_code == 0
    assert runner.invoke(main, ["runsheet", str(spec), "-o", str(stem)]).exit_code == 0
    assert [mode(p) for p in written] == [0o640] * 3
