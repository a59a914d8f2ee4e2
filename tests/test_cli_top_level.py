"""How the command line ends when the world around it goes wrong (not the input)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from coprod_slides.cli import main

CLI = [sys.executable, "-c", "from coprod_slides.cli import main; main()"]


@pytest.mark.parametrize(
    "args",
    [["diagrams"], ["library"], ["new", "Closed Pipe"], ["check"], ["--help"]],
    ids=lambda a: a[0],
)
def test_a_closed_stdout_ends_quietly(tmp_path, args):
    """`coprod-slides … | head -0`: the reader is gone before anything is written."""
    proc = subprocess.Popen(
        CLI + args, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) in (0, 141)
    assert stderr == ""


def test_a_deleted_working_folder_is_one_clear_line(tmp_path):
    gone = tmp_path / "gone"
    gone.mkdir()
    script = f"cd {gone} && rmdir {gone} && exec {sys.executable} -c " + (
        '"from coprod_slides.cli import main; main()" build'
    )
    proc = subprocess.run(["sh", "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        "coprod-slides: the current folder no longer exists (was it deleted or moved?); "
        "cd into an existing folder and run the command again"
    ]


def test_new_in_a_folder_it_cannot_write_is_a_message(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path / "deck.yaml"))

    monkeypatch.setattr("coprod_slides.atomic.atomic_write_bytes", refuse)
    result = CliRunner().invoke(main, ["new", "deck"])
    assert result.exit_code == 1
    assert "permission denied" in result.output
    assert "Error" not in result.output and "internal" not in result.output


def test_exit_3_is_for_bugs_only(tmp_path, monkeypatch):
    import coprod_slides.build as build_module

    def bug(*args, **kwargs):
        return {}["no such key"]

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(build_module, "build", bug)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 3
    assert "internal error" in result.output and "a bug: please report it" in result.output
    assert not list(Path(tmp_path).iterdir())


def test_new_slugifies_the_name_and_fills_in_the_organisation(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "brand").mkdir()
    logo = tmp_path / "brand" / "logo.png"
    from PIL import Image

    Image.new("RGB", (200, 80), "navy").save(logo)
    runner = CliRunner()
    result = runner.invoke(
        main,
        ["new", "Cardiff Workshop", "--org", "Cardiff Council", "--logo", "brand/logo.png"],
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "wrote cardiff-workshop.yaml; build it with: coprod-slides build cardiff-workshop.yaml"
    )
    assert "--var facilitator=" in result.output and "--var org" not in result.output
    text = (tmp_path / "cardiff-workshop.yaml").read_text(encoding="utf-8")
    assert 'title: "Cardiff Workshop"' in text and 'org: "Cardiff Council"' in text
    assert 'image: "brand/logo.png"' in text
    built = runner.invoke(main, ["build", "cardiff-workshop.yaml"])
    assert built.exit_code == 0, built.output
    from pptx import Presentation

    prs = Presentation(str(tmp_path / "cardiff-workshop.pptx"))
    texts = [sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame]
    assert any("Cardiff Council" in t for t in texts), texts


def test_new_quotes_a_path_with_spaces_in_its_hint(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my decks").mkdir()
    result = CliRunner().invoke(main, ["new", "my decks/Board Briefing.yaml", "--lang", "cy"])
    assert result.exit_code == 0, result.output
    assert "coprod-slides build 'my decks/board-briefing.yaml'" in result.output
    assert 'language: "cy"' in (tmp_path / "my decks" / "board-briefing.yaml").read_text()


def test_a_build_with_placeholder_values_names_the_vars_to_set(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 0
    assert (
        'hint: the deck shows placeholder text ("Your organisation", "Your name"); '
        'set it with --var org="…" --var facilitator="…"'
    ) in result.output
    result = runner.invoke(main, ["build", "--var", "org=Cardiff", "--var", "facilitator=Sam"])
    assert "hint" not in result.output


def test_doctor_says_what_is_missing_and_which_commands_need_it(monkeypatch):
    from coprod_slides.cli.commands import doctor

    monkeypatch.setattr(doctor.shutil, "which", lambda name: None)
    result = CliRunner().invoke(main, ["doctor"])
    assert result.exit_code == 0, result.output
    assert "[--] LibreOffice: not found; install it:" in result.output
    assert "[--] poppler (pdftoppm): not found; install it:" in result.output
    assert "preview, pdf: need LibreOffice and poppler (see above)" in result.output
    assert "[ok] bundled fonts:" in result.output
