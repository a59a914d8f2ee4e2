"""Review states (build --require-reviewed), the term base (i18n check), status words."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from coprod_slides.build import BuildOptions, build
from coprod_slides.cli.commands.i18n import i18n
from coprod_slides.errors import SpecError
from coprod_slides.i18n.status import catalog_status

from .i18n_helpers import translated_project

SPEC = """title: "Plan"
language: en-GB
slides:
  - type: bullets
    id: agenda
    title: "The ladder of participation"
    bullets:
      - "Co-production means sharing power"
      - "Ask the room what they think"
"""
WELSH = {
    "Plan": "Cynllun",
    "The ladder of participation": "Ysgol cyfranogiad",
    "Co-production means sharing power": "Mae cydgynhyrchu'n golygu rhannu pŵer",
    "Ask the room what they think": "Gofynnwch i'r grŵp beth maen nhw'n ei feddwl",
}


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setattr("coprod_slides.i18n.memory.bundled_catalogs", lambda lang: [])
    return translated_project(tmp_path, SPEC, WELSH, "Review: no established Welsh term")


def test_require_reviewed_refuses_a_string_marked_for_review(project):
    po_path = project.parent / "locales" / "cy.po"
    assert build(project, BuildOptions(lang="cy")).data  # a draft build is fine
    with pytest.raises(SpecError) as info:
        build(project, BuildOptions(lang="cy", require_reviewed=True))
    (problem,) = info.value.problems
    assert str(problem).startswith(f"{po_path.name}:") or "cy.po:" in str(problem)
    assert "msgctxt agenda.bullets#" in str(problem) and "Review: no established" in str(problem)
    (status,) = catalog_status(project)
    assert status.needs_review == 1 and status.rows["(all)"].words["needs review"] == 6
    po = polib.pofile(str(po_path))
    for entry in po:
        entry.tcomment = ""  # the reviewer signs it off
    po.save(str(po_path))
    assert build(project, BuildOptions(lang="cy", require_reviewed=True)).data
    assert catalog_status(project)[0].needs_review == 0


def test_require_reviewed_refuses_missing_strings(project):
    po_path = project.parent / "locales" / "cy.po"
    po = polib.pofile(str(po_path))
    for entry in po:
        entry.tcomment = ""
        if entry.msgid == "Plan":
            entry.msgstr = ""
    po.save(str(po_path))
    with pytest.raises(SpecError, match="no cy translation; --require-reviewed"):
        build(project, BuildOptions(lang="cy", require_reviewed=True))


def test_term_base_holds_one_welsh_term_per_english_term(project):
    runner = CliRunner()
    terms = project.parent / "locales" / "terms.csv"
    terms.write_text(
        "en,cy\nladder of participation,ysgol cyfranogiad\nco-production,cydgynhyrchu\n"
        "ask the room,gofynnwch i'r grŵp\n",
        encoding="utf-8",
    )
    result = runner.invoke(i18n, ["check", str(project), "--lang", "cy"])
    assert result.exit_code == 0, result.output
    po_path = project.parent / "locales" / "cy.po"
    po = polib.pofile(str(po_path))
    for entry in po:
        if entry.msgid.startswith("The ladder"):
            entry.msgstr = "Ysgol gyfranogi"  # another term for the same concept
    po.save(str(po_path))
    result = runner.invoke(i18n, ["check", str(project), "--lang", "cy"])
    assert result.exit_code == 1
    assert "(msgctxt agenda.title): 'ladder of participation' is 'ysgol cyfranogiad'" in (
        result.output
    )
    terms.write_text(terms.read_text(encoding="utf-8") + "co-production,cyd-gynhyrchu\n")
    result = runner.invoke(i18n, ["check", str(project), "--lang", "cy"])
    assert result.exit_code == 1
    assert "terms.csv:5: 'co-production' is given two translations" in result.output


def test_term_base_allows_welsh_mutations_and_reads_tbx(project, tmp_path):
    from coprod_slides.i18n.terms import read_terms, term_problems

    tbx = tmp_path / "terms.tbx"
    tbx.write_text(
        '<?xml version="1.0"?><martif type="TBX" xml:lang="en"><text><body>'
        '<termEntry><langSet xml:lang="en"><tig><term>co-production</term></tig></langSet>'
        '<langSet xml:lang="cy"><tig><term>cydgynhyrchu</term></tig></langSet></termEntry>'
        "</body></text></martif>",
        encoding="utf-8",
    )
    terms = read_terms(Path(tbx), "en-GB", "cy")
    assert [(t.source, t.target) for t in terms] == [("co-production", "cydgynhyrchu")]
    assert term_problems(terms, "Why co-production?", "Pam gydgynhyrchu?") == []  # soft
    assert term_problems(terms, "Why co-production?", "Pam cyd-greu?") != []
