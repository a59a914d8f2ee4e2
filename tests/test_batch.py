"""Batch builds: matrix expansion, partial failure, manifest, incremental rebuilds, output."""

from __future__ import annotations

import json
import os
import textwrap
import time

import pytest
from click.testing import CliRunner

from coprod_slides.batch import BatchOptions, Variant, expand_matrix, run_batch
from coprod_slides.cli import main

SPEC = """
title: "Batch test for {org}"
vars: {org: Example}
audiences:
  citizens: {exclude_tags: [strategic]}
  board: {only: [cover, money]}
slides:
  - {type: title, id: cover}
  - {type: bullets, id: money, tags: [strategic], title: Money, bullets: [Budgets]}
  - type: image
    id: pic
    image: pic.png
    alt: A small picture
"""


@pytest.fixture
def project(tmp_path):
    from PIL import Image

    Image.new("RGB", (40, 30), (0, 114, 178)).save(tmp_path / "pic.png")
    (tmp_path / "deck.yaml").write_text(textwrap.dedent(SPEC), encoding="utf-8")
    return tmp_path


def names(outcomes):
    return [(o.variant.name, o.status) for o in outcomes]


def test_matrix_expansion(project):
    spec = project / "deck.yaml"
    assert expand_matrix([spec], (), ()) == [Variant(spec)]
    all_audiences = expand_matrix([spec], ("all",), ())
    assert [v.audience for v in all_audiences] == ["citizens", "board"]
    (project / "locales").mkdir()
    (project / "locales" / "cy.po").write_text("")
    (project / "locales" / "fr.po").write_text("")
    matrix = expand_matrix([spec], ("citizens", "board"), ("all",))
    assert [(v.audience, v.lang) for v in matrix] == [
        ("citizens", None),
        ("citizens", "cy"),
        ("citizens", "fr"),
        ("board", None),
        ("board", "cy"),
        ("board", "fr"),
    ]


def test_batch_builds_and_writes_manifest(project):
    spec = project / "deck.yaml"
    out = project / "out"
    outcomes = run_batch(expand_matrix([spec], ("all",), ()), BatchOptions(out, jobs=2))
    assert names(outcomes) == [("deck-citizens", "built"), ("deck-board", "built")]
    manifest = json.loads((out / "manifest.json").read_text())
    entries = {e["output"]: e for e in manifest["variants"]}
    assert set(entries) == {"deck-citizens.pptx", "deck-board.pptx"}
    assert entries["deck-board.pptx"]["slides"] == 2
    assert entries["deck-citizens.pptx"]["slides"] == 2
    assert len(entries["deck-board.pptx"]["input_hash"]) == 64
    assert (out / "deck-board.pptx").stat().st_size == entries["deck-board.pptx"]["size"]


def test_incremental_skip_and_rebuild_on_each_input(project):
    spec = project / "deck.yaml"
    out = project / "out"
    variants = expand_matrix([spec], ("board",), ())
    options = BatchOptions(out, jobs=1)
    assert names(run_batch(variants, options)) == [("deck-board", "built")]
    assert names(run_batch(variants, options)) == [("deck-board", "skipped")]
    # the spec changes
    spec.write_text(spec.read_text().replace("Budgets", "Money matters"))
    assert names(run_batch(variants, options)) == [("deck-board", "built")]
    # an asset changes
    from PIL import Image

    Image.new("RGB", (40, 30), (230, 159, 0)).save(project / "pic.png")
    assert names(run_batch(variants, options)) == [("deck-board", "built")]
    # a base spec in the extends chain changes
    (project / "child.yaml").write_text("extends: deck.yaml\n")
    child = expand_matrix([project / "child.yaml"], ("board",), ())
    assert names(run_batch(child, options)) == [("child-board", "built")]
    assert names(run_batch(child, options)) == [("child-board", "skipped")]
    spec.write_text(spec.read_text().replace("Money matters", "Money"))
    assert names(run_batch(child, options)) == [("child-board", "built")]
    # --var changes, --force, and a deleted output
    options.build.cli_vars = {"org": "Other"}
    assert names(run_batch(variants, options)) == [("deck-board", "built")]
    options.force = True
    assert names(run_batch(variants, options)) == [("deck-board", "built")]
    options.force = False
    (out / "deck-board.pptx").unlink()
    assert names(run_batch(variants, options)) == [("deck-board", "built")]


def test_one_failure_does_not_stop_the_others(project, monkeypatch):
    monkeypatch.chdir(project)
    bad = project / "bad.yaml"
    bad.write_text("title: Bad\nslides:\n  - type: bulets\n")
    out = project / "out"
    outcomes = run_batch([Variant(bad), Variant(project / "deck.yaml")], BatchOptions(out, 2))
    assert names(outcomes) == [("bad", "failed"), ("deck", "built")]
    assert outcomes[0].errors[0].startswith("bad.yaml:3:11: slide 1, type: unknown slide type")
    assert not (out / "bad.pptx").exists()
    manifest = json.loads((out / "manifest.json").read_text())
    assert [e["status"] for e in manifest["variants"]] == ["failed", "built"]


def test_cli_batch_plain_output_and_exit_code(project, monkeypatch):
    monkeypatch.chdir(project)
    (project / "bad.yaml").write_text("title: Bad\nslides: 3\n")
    runner = CliRunner()
    result = runner.invoke(main, ["batch", "deck.yaml", "-a", "all", "-o", "out", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "[1/2] built out/deck-citizens.pptx" in result.output
    assert "deck  citizens" in result.output and "2 built, 0 unchanged, 0 failed" in result.output
    again = runner.invoke(main, ["batch", "deck.yaml", "-a", "all", "-o", "out"])
    assert "0 built, 2 unchanged, 0 failed" in again.output
    failing = runner.invoke(main, ["batch", "deck.yaml", "bad.yaml", "-o", "out", "-j", "1"])
    assert failing.exit_code == 1
    assert "bad.yaml:2:9: slides: expected a list of slides" in failing.output


PO_HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: {lang}\\n"\n'
)


def test_a_changed_catalogue_rebuilds_only_its_language(project):
    locales = project / "locales"
    locales.mkdir()
    for lang in ("cy", "fr"):
        (locales / f"{lang}.po").write_text(PO_HEADER.format(lang=lang), encoding="utf-8")
    variants = expand_matrix([project / "deck.yaml"], ("board",), ("cy", "fr"))
    options = BatchOptions(project / "out", jobs=1)
    assert names(run_batch(variants, options)) == [
        ("deck-board-cy", "built"),
        ("deck-board-fr", "built"),
    ]
    fr = locales / "fr.po"
    fr.write_text(fr.read_text(encoding="utf-8") + "# a translator's note\n", encoding="utf-8")
    assert names(run_batch(variants, options)) == [
        ("deck-board-cy", "skipped"),
        ("deck-board-fr", "built"),
    ]


def test_catalogue_candidates_cover_every_name_the_build_may_pick(tmp_path):
    from coprod_slides.batch import catalog_candidates

    for name in ("pt_BR.po", "pt.po", "fr.po", "he.po", "notes.txt"):
        (tmp_path / name).write_text("")
    found = lambda lang: [p.name for p in catalog_candidates(tmp_path, lang)]  # noqa: E731
    assert found("pt-BR") == ["pt.po", "pt_BR.po"]
    assert found("fr") == ["fr.po"]
    # 'iw' is an old code for Hebrew: no file is named for it, so every catalogue counts
    assert found("iw") == ["fr.po", "he.po", "pt.po", "pt_BR.po"]
    assert catalog_candidates(tmp_path / "missing", "cy") == []


def _age(root, seconds=60):
    """As if every file and folder under ``root`` was written a minute ago: a batch trusts
    the stamps of inputs that have not changed in the last moments only."""
    then = time.time() - seconds
    for path in [root, *root.rglob("*")]:
        os.utime(path, (then, then))


def test_a_batch_with_nothing_to_do_reads_no_spec(project, monkeypatch):
    from coprod_slides import batch

    monkeypatch.setattr(batch, "_tool_stamp", lambda: "this tool")  # this tree may be fresh
    reads = []
    peek = batch._peek_cached.__wrapped__

    def counted(path, mtime_ns, size):
        reads.append(path)
        return peek(path, mtime_ns, size)

    monkeypatch.setattr(batch, "_peek_cached", counted)
    spec = project / "deck.yaml"
    locales = project / "locales"
    locales.mkdir()
    (locales / "cy.po").write_text(PO_HEADER.format(lang="cy"), encoding="utf-8")
    variants = expand_matrix([spec], ("board",), ("-", "cy"))
    options = BatchOptions(project / "out", jobs=1)
    _age(project)
    assert names(run_batch(variants, options)) == [
        ("deck-board", "built"),
        ("deck-board-cy", "built"),
    ]
    manifest = json.loads((project / "out" / "manifest.json").read_text())
    welsh = {e["output"]: e for e in manifest["variants"]}["deck-board-cy.pptx"]
    assert set(welsh["inputs"]["files"]) == {
        str(spec),
        str(project / "pic.png"),
        str(locales / "cy.po"),
    }
    reads.clear()
    assert names(run_batch(variants, options)) == [
        ("deck-board", "skipped"),
        ("deck-board-cy", "skipped"),
    ]
    assert reads == []
    # output written beside the specs does not defeat the check
    (project / "notes.txt").write_text("x")
    assert names(run_batch(variants, options))[0] == ("deck-board", "skipped")
    assert reads == []
    # each change is still seen when the earlier run trusted the stamps
    for change, rebuilt in (
        (lambda: (locales / "cy_GB.po").write_text(PO_HEADER.format(lang="cy")), ["cy"]),
        (lambda: spec.write_text(spec.read_text().replace("Budgets", "Money")), ["", "cy"]),
        (lambda: (project / "pic.png").write_bytes(b"not a picture any more"), ["", "cy"]),
    ):
        _age(project)
        run_batch(variants, options)  # the stamps of the aged files are stored
        reads.clear()
        change()
        built = [
            o.variant.lang or "" for o in run_batch(variants, options) if o.status != "skipped"
        ]
        assert built == rebuilt
