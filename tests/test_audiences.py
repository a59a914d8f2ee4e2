"""Audiences, variables, overrides, extends and run sheets."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner
from pptx import Presentation

from coprod_slides.build import BuildOptions, build
from coprod_slides.cli import main
from coprod_slides.deckspec.loader import load_spec
from coprod_slides.errors import SpecError
from coprod_slides.runsheet import rows, to_csv, to_markdown

BASE = """
title: "Workshop for {org}"
vars: {org: Example Council, facilitator: Sam}
audiences:
  citizens:
    description: Plain language, no strategy
    exclude_tags: [strategic]
    vars: {org: Our Town}
    notes: brief
  board:
    only: [money, cover]
    overrides:
      money: {title: "Value for {org}"}
  helpers:
    include_tags: [practice]
    insert:
      - after: cover
        slides:
          - {type: section, id: welcome, title: "Hello {facilitator}"}
slides:
  - {type: title, id: cover, duration: 2}
  - type: bullets
    id: practice
    tags: [practice]
    title: "In practice"
    bullets: ["Ask {org} residents"]
    duration: 10
    notes:
      full: "Long version for {facilitator}. More detail here."
      brief: "Short version."
  - type: bullets
    id: money
    tags: [strategic]
    title: Money
    bullets: [Budgets]
    duration: 5.5
    notes: "Talk about budgets."
  - type: diagram
    id: ladder
    diagram: ladder
    audiences: [helpers]
    duration: 8
"""


def ids(deck):
    return [s.id for s in deck.slides]


def test_no_audience_leaves_out_audience_only_slides(write_spec):
    deck = load_spec(write_spec(BASE))
    assert ids(deck) == ["cover", "practice", "money"]  # ladder is for helpers only
    assert deck.title == "Workshop for Example Council"


def test_exclude_tags_vars_and_brief_notes(write_spec):
    spec = write_spec(BASE)
    deck = load_spec(spec, audience="citizens")
    assert ids(deck) == ["cover", "practice"]
    assert deck.title == "Workshop for Our Town"
    assert str(deck.slides[1].content["bullets"][0].text) == "Ask Our Town residents"
    prs = Presentation(io.BytesIO(build(spec, BuildOptions(audience="citizens")).data))
    assert prs.slides[1].notes_slide.notes_text_frame.text == "Short version."


def test_only_orders_and_overrides_deep_merge(write_spec):
    deck = load_spec(write_spec(BASE), audience="board")
    assert ids(deck) == ["money", "cover"]
    assert deck.slides[0].title == "Value for Example Council"
    assert str(deck.slides[0].content["bullets"][0].text) == "Budgets"  # untouched field kept


def test_include_tags_insert_and_per_slide_audiences(write_spec):
    deck = load_spec(write_spec(BASE), audience="helpers")
    assert ids(deck) == ["cover", "welcome", "practice", "ladder"]
    assert deck.slides[1].title == "Hello Sam"


def test_cli_var_overrides_audience_and_spec(write_spec):
    deck = load_spec(write_spec(BASE), audience="citizens", cli_vars={"org": "Cardiff"})
    assert deck.title == "Workshop for Cardiff"


def test_vars_reach_notes_and_diagram_labels(write_spec):
    spec = write_spec("""
        title: T
        vars: {org: Powys}
        slides:
          - type: diagram
            diagram: ladder
            notes: "Ask how {org} works today."
            data:
              arrow_label: "People in {org} move both ways"
    """)
    deck = load_spec(spec)
    assert str(deck.slides[0].notes.full) == "Ask how Powys works today."
    assert deck.slides[0].content["data"]["arrow_label"] == "People in Powys move both ways"


def test_undefined_variable_has_position(write_spec, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = write_spec(
        'title: T\nslides:\n  - type: bullets\n    bullets:\n      - "Hello {orgg}"\n',
        name="v.yaml",
    )
    with pytest.raises(SpecError) as info:
        load_spec(spec)
    assert str(info.value) == (
        "v.yaml:5:9: slide 'bullets-1' bullets[0]: undefined variable "
        "{orgg}; define it under 'vars:' or pass --var orgg=..."
    )


def test_braces_escape(write_spec):
    deck = load_spec(write_spec('title: "Use {{org}} for variables"\nslides:\n  - type: title\n'))
    assert deck.title == "Use {org} for variables"


def test_unknown_audience_lists_known(write_spec):
    with pytest.raises(
        SpecError,
        match=r"unknown audience 'citizen' \(did you mean "
        r"'citizens'\?\); this spec defines: citizens, board, helpers",
    ):
        load_spec(write_spec(BASE), audience="citizen")


def test_override_of_missing_id_points_at_key(write_spec, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = write_spec(
        "title: T\noverrides:\n  monye: {title: x}\nslides:\n  - {type: title, id: money}\n",
        name="o.yaml",
    )
    with pytest.raises(SpecError) as info:
        load_spec(spec)
    assert str(info.value) == (
        "o.yaml:3:3: overrides.monye: no slide with id 'monye' (did you "
        "mean 'money'?); ids in this deck: money"
    )


def test_override_with_invalid_field(write_spec, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = write_spec(
        "title: T\noverrides:\n  money: {durration: 3}\nslides:\n  - {type: title, id: money}\n",
        name="o.yaml",
    )
    with pytest.raises(SpecError) as info:
        load_spec(spec)
    assert str(info.value).startswith(
        "o.yaml:3:11: slide 1: unknown key for a title slide 'durration' (did you mean 'duration'?)"
    )


def test_extends_chain_changes_only_what_differs(write_spec):
    write_spec(BASE, name="base.yaml")
    write_spec("extends: base.yaml\nvars: {org: Gwynedd}\n", name="middle.yaml")
    child = write_spec(
        """
        extends: middle.yaml
        title: "Child deck for {org}"
        remove: [ladder]
        overrides:
          practice: {title: "Locally"}
    """,
        name="child.yaml",
    )
    deck = load_spec(child)
    assert deck.title == "Child deck for Gwynedd"
    assert ids(deck) == ["cover", "practice", "money"]
    assert deck.slides[1].title == "Locally"
    assert load_spec(child, audience="board").slides[0].title == "Value for Gwynedd"


def test_extends_builtin_workshop(write_spec):
    spec = write_spec("extends: coprod/workshop\nvars: {org: Test}\n")
    deck = load_spec(spec)
    assert len(deck.slides) >= 8


def test_extends_cycle_reports_chain(write_spec, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_spec("extends: b.yaml\ntitle: A\nslides: [{type: title}]\n", name="a.yaml")
    write_spec("extends: a.yaml\n", name="b.yaml")
    with pytest.raises(SpecError) as info:
        load_spec(tmp_path / "a.yaml")
    assert str(info.value) == (
        "b.yaml:1:10: extends: cycle a.yaml → b.yaml → a.yaml; remove one of the 'extends:'"
    )


def test_alias_bomb_in_vars(write_spec):
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]")
    spec = write_spec("\n".join(lines) + "\ntitle: T\nvars: {x: *a8}\nslides: [{type: title}]\n")
    with pytest.raises(SpecError, match="alias bomb"):
        load_spec(spec)


def test_runsheet_totals_and_cues(write_spec):
    deck = load_spec(write_spec(BASE), audience="helpers")
    sheet = rows(deck)
    assert [r.start_minute for r in sheet] == [0, 2, 2, 12]  # the section has no duration
    assert sheet[2].cue == "Long version for Sam."
    deck = load_spec(write_spec(BASE))
    md = to_markdown(deck, start="09:30")
    assert "Total: 17.5 minutes, 09:30–09:48" in md
    assert "| 3 | 09:42 | 5.5 | Money | Talk about budgets. |" in md
    table = list(csv.reader(io.StringIO(to_csv(deck))))
    assert table[0] == ["order", "slide_id", "title", "start", "duration_min", "cue"]
    assert table[3][:5] == ["3", "money", "Money", "0:12", "5.5"]


def test_cli_build_prints_total_and_names_output(write_spec, tmp_path, monkeypatch):
    spec = write_spec(BASE)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", str(spec), "--audience", "citizens"])
    assert result.exit_code == 0, result.output
    assert "deck-citizens.pptx" in result.output and "12 minutes in total" in result.output
    assert (tmp_path / "deck-citizens.pptx").exists()


def test_cli_unknown_audience(write_spec):
    result = CliRunner().invoke(main, ["build", str(write_spec(BASE)), "-a", "nobody"])
    assert result.exit_code == 1
    assert "unknown audience 'nobody'; this spec defines: citizens, board, helpers" in result.output
    assert "Traceback" not in result.output


def test_cli_check_all_audiences(write_spec):
    result = CliRunner().invoke(main, ["check", str(write_spec(BASE)), "--audience", "all"])
    assert result.exit_code == 0, result.output
    for name in ("[citizens]: OK", "[board]: OK", "[helpers]: OK"):
        assert name in result.output


def test_cli_runsheet(write_spec, tmp_path, monkeypatch):
    spec = write_spec(BASE)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["runsheet", str(spec), "-a", "board", "--start", "14:00"])
    assert result.exit_code == 0, result.output
    md = (tmp_path / "deck-board-runsheet.md").read_text()
    assert "Total: 7.5 minutes, 14:00–14:08" in md
    assert (tmp_path / "deck-board-runsheet.csv").exists()


def test_cli_audiences_lists_names_descriptions_slides_and_time(write_spec, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["audiences", str(write_spec(BASE))])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "deck.yaml: 3 audiences"
    assert lines[1].split() == [
        "(none)",
        "3",
        "slides",
        "17.5",
        "min",
        *("the deck as written, without audience-only slides".split()),
    ]
    assert lines[2].split() == [
        "citizens",
        "2",
        "slides",
        "12",
        "min",
        "Plain",
        "language,",
        "no",
        "strategy",
    ]
    assert lines[4].split()[:5] == ["helpers", "4", "slides", "20", "min"]
    builtin = runner.invoke(main, ["audiences", "coprod/workshop"])
    assert builtin.exit_code == 0 and builtin.output.startswith("coprod/workshop: 4 audiences")
    assert any(line.split()[0] == "board" for line in builtin.output.splitlines()[1:])


def test_every_command_takes_a_builtin_deck_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["check", "coprod/example"]).exit_code == 0
    assert runner.invoke(main, ["check"]).exit_code == 0  # no SPEC: the workshop
    result = runner.invoke(main, ["build", "coprod/example"])
    assert result.exit_code == 0 and (tmp_path / "example.pptx").exists()
    wrong = runner.invoke(main, ["build", "coprod/workshp"])
    assert wrong.exit_code == 2
    assert "'coprod/workshp' is not a built-in deck; the built-in decks are" in wrong.output
