"""Variables that use variables, and extends: outside the spec's folder (allowed by a flag)."""

from __future__ import annotations

from click.testing import CliRunner
from pptx import Presentation

from coprod_slides.cli import main


def test_a_variable_may_use_another_and_braces_stay_literal(tmp_path, monkeypatch):
    (tmp_path / "deck.yaml").write_text(
        'title: "{org} and {{org}}"\n'
        'vars: {org: "{city} Council", city: "Gwynedd {{x}}"}\n'
        "slides:\n  - type: title\n",
        "utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "deck.yaml", "-o", "deck.pptx"])
    assert result.exit_code == 0, result.output
    title = Presentation(str(tmp_path / "deck.pptx")).core_properties.title
    assert title == "Gwynedd {x} Council and {org}"


def test_extends_outside_the_folder_needs_the_flag(tmp_path, monkeypatch):
    (tmp_path / "base.yaml").write_text(
        "title: Base\nslides:\n  - type: title\n  - type: closing\n", "utf-8"
    )
    project = tmp_path / "project"
    project.mkdir()
    (project / "deck.yaml").write_text("extends: ../base.yaml\ntitle: Child\n", "utf-8")
    monkeypatch.chdir(project)
    refused = CliRunner().invoke(main, ["build", "deck.yaml", "-o", "deck.pptx"])
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[0] == (
        f"deck.yaml:1:10: extends: '../base.yaml' is outside the spec's folder ({project}); "
        "move it into the project or pass --allow-outside-assets"
    )
    allowed = CliRunner().invoke(
        main, ["build", "deck.yaml", "-o", "deck.pptx", "--allow-outside-assets"]
    )
    assert allowed.exit_code == 0, allowed.output
    assert len(Presentation(str(project / "deck.pptx")).slides) == 2
