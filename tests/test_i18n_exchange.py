"""XLIFF 2.0 and 1.2 export/import and TMX export: a round trip loses nothing, and a CAT
tool's edits and sign-offs come back as translations and review states."""

from __future__ import annotations

import polib
import pytest
from click.testing import CliRunner
from lxml import etree

from coprod_slides.cli.commands.i18n import i18n
from coprod_slides.i18n.memory import read_tmx

from .i18n_helpers import translated_project

SPEC = """title: "Plan"
language: en-GB
slides:
  - type: bullets
    id: agenda
    title: "What we will cover"
    bullets:
      - "Ask the room what they think"
      - "Sharing power"
      - "Sharing power"
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setattr("coprod_slides.i18n.memory.bundled_catalogs", lambda lang: [])
    welsh = {
        "Plan": "Cynllun",
        "What we will cover": "Beth fyddwn ni'n ei drafod",
        "Ask the room what they think": "Gofynnwch i'r grŵp",
    }
    return translated_project(tmp_path, SPEC, welsh, "Review: check the verb")


def run(*args):
    result = CliRunner().invoke(i18n, [str(a) for a in args], catch_exceptions=False)
    return result


@pytest.mark.parametrize("fmt", ["xliff", "xliff12"])
def test_round_trip_is_lossless(project, fmt):
    po_path = project.parent / "locales" / "cy.po"
    before = po_path.read_bytes()
    out = project.parent / f"cy-{fmt}.xlf"
    result = run("export", project, "--lang", "cy", "--format", fmt, "-o", out)
    assert result.exit_code == 0 and "(4 units)" in result.output, result.output
    root = etree.parse(str(out)).getroot()
    version = "2.0" if fmt == "xliff" else "1.2"
    assert root.get("version") == version
    assert etree.QName(root).namespace == f"urn:oasis:names:tc:xliff:document:{version}"
    result = run("import", project, out, "--lang", "cy")
    assert result.exit_code == 0, result.output
    assert "0 updated, 4 unchanged, 0 skipped" in result.output
    assert po_path.read_bytes() == before


def test_cat_tool_edits_and_sign_off_come_back(project):
    po_path = project.parent / "locales" / "cy.po"
    out = project.parent / "cy.xlf"
    run("export", project, "--lang", "cy", "-o", out)
    tree = etree.parse(str(out))
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    states = {
        u.get("id"): u.find("x:segment", ns).get("state") for u in tree.iterfind(".//x:unit", ns)
    }
    assert sorted(states.values()) == ["final", "final", "initial", "translated"]
    for unit in tree.iterfind(".//x:unit", ns):
        segment = unit.find("x:segment", ns)
        source = segment.find("x:source", ns).text
        if source.startswith("Ask"):
            segment.find("x:target", ns).text = "Gofynnwch i'r grŵp beth maen nhw'n ei feddwl"
            segment.set("state", "final")  # the reviewer signs it off
        if source == "Sharing power":
            etree.SubElement(
                segment, "{urn:oasis:names:tc:xliff:document:2.0}target"
            ).text = "Rhannu pŵer"
            segment.set("state", "translated")
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    result = run("import", project, out, "--lang", "cy")
    assert "2 updated" in result.output, result.output
    entries = {e.msgid: e for e in polib.pofile(str(po_path))}
    ask = entries["Ask the room what they think"]
    assert ask.msgstr == "Gofynnwch i'r grŵp beth maen nhw'n ei feddwl"
    assert "Review:" not in ask.tcomment  # reviewed now
    power = entries["Sharing power"]
    assert power.msgstr == "Rhannu pŵer" and "needs-review" in power.flags


def test_import_refuses_broken_placeholders_and_skips_changed_sources(project):
    out = project.parent / "cy.xlf"
    run("export", project, "--lang", "cy", "--format", "xliff12", "-o", out)
    text = out.read_text(encoding="utf-8").replace(
        "<source>Plan</source>", "<source>Plan B</source>"
    )
    out.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(i18n, ["import", str(project), str(out), "--lang", "cy"])
    assert result.exit_code == 0
    assert "its source is not in the catalogue" in result.output
    assert "1 skipped" in result.output
    out.write_text("<xliff><oops>", encoding="utf-8")
    result = CliRunner().invoke(i18n, ["import", str(project), str(out), "--lang", "cy"])
    assert result.exit_code == 1 and "cy.xlf:1: not well-formed XML" in result.output


def test_tmx_export_feeds_another_deck(project):
    tmx = project.parent / "cy.tmx"
    result = run("export", project, "--lang", "cy", "--format", "tmx", "-o", tmx)
    assert "(3 units)" in result.output  # translated, reviewed or not; never fuzzy/empty
    pairs = dict(read_tmx(tmx, "cy"))
    assert pairs["What we will cover"] == "Beth fyddwn ni'n ei drafod"
    other = project.parent / "other"
    other.mkdir()
    (other / "deck.yaml").write_text(SPEC.replace("Plan", "Another"), encoding="utf-8")
    result = run("update", other / "deck.yaml", "--lang", "cy", "--tm", tmx)
    assert "2 from memory" in result.output, result.output
