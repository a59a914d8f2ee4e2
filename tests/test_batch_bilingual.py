"""batch builds bilingual decks too: a language pair (cy,en) is one variant."""

from __future__ import annotations

import io

from click.testing import CliRunner
from pptx import Presentation

from coprod_slides.build import builtin_spec
from coprod_slides.cli.app import main


def test_batch_builds_a_bilingual_pair(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        main,
        ["batch", str(builtin_spec()), "-l", "cy,en", "--bilingual-mode", "alternate", "-j", "1"],
    )
    assert result.exit_code == 0, result.output
    deck = tmp_path / "out" / "workshop-cy-en.pptx"
    prs = Presentation(io.BytesIO(deck.read_bytes()))
    langs = [
        next(r.get("lang") for r in s._element.iter() if r.tag.endswith("}rPr") and r.get("lang"))
        for s in list(prs.slides)[:2]
    ]
    assert langs == ["cy-GB", "en-GB"]  # Welsh slide, then its English twin
    again = CliRunner().invoke(
        main, ["batch", str(builtin_spec()), "-l", "cy,en", "--bilingual-mode", "alternate"]
    )
    assert "1 unchanged" in again.output  # the pair's catalogues are in its input hash
