"""Paths: assets resolve relative to the spec and stay inside its folder; outputs fail clearly.

Refusals (absolute paths outside the folder, ``..`` escapes, a symlink inside pointing out,
loops) are in the bad-input catalogue; here: what is allowed, the --allow-outside-assets
escape hatch, and output folders that cannot be written.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from coprod_slides.decks import DECKS_DIR
from PIL import Image

from coprod_slides.cli import main

SPEC = "title: Paths\nslides:\n  - type: image\n    image: {ref}\n    alt: A picture\n"


@pytest.fixture
def layout(tmp_path):
    """tmp/project/deck.yaml, tmp/project/pics/in.png, tmp/outside.png, tmp/elsewhere/ (cwd)."""
    project = tmp_path / "project"
    (project / "pics").mkdir(parents=True)
    Image.new("RGB", (20, 10), (0, 114, 178)).save(project / "pics" / "in.png")
    Image.new("RGB", (20, 10), (213, 94, 0)).save(tmp_path / "outside.png")
    (tmp_path / "elsewhere").mkdir()
    return tmp_path


def build(layout: Path, ref: str, *args: str, monkeypatch, cwd: str = "elsewhere"):
    spec = layout / "project" / "deck.yaml"
    spec.write_text(SPEC.format(ref=ref), encoding="utf-8")
    monkeypatch.chdir(layout / cwd)
    return CliRunner().invoke(main, ["build", str(spec), "-o", str(layout / "out.pptx"), *args])


@pytest.mark.parametrize(
    "ref",
    [
        "pics/in.png",  # relative to the spec, whatever the working folder
        "./pics/../pics/in.png",  # '..' that stays inside
        "{project}/pics/in.png",  # absolute, but inside the spec's folder
        "inside-link.png",  # a symlink inside pointing inside
        "linked-pics/in.png",  # through a symlinked folder that stays inside
    ],
)
def test_assets_inside_the_spec_folder_are_used(layout, ref, monkeypatch):
    project = layout / "project"
    (project / "inside-link.png").symlink_to(project / "pics" / "in.png")
    (project / "linked-pics").symlink_to(project / "pics", target_is_directory=True)
    result = build(layout, ref.format(project=project), monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert (layout / "out.pptx").exists()


@pytest.mark.parametrize(
    "ref", ["../outside.png", "{root}/outside.png", "outside-link.png", "outside-dir/outside.png"]
)
def test_assets_outside_are_refused_unless_allowed(layout, ref, monkeypatch):
    project = layout / "project"
    (project / "outside-link.png").symlink_to(layout / "outside.png")
    (project / "outside-dir").symlink_to(layout, target_is_directory=True)
    ref = ref.format(root=layout)
    refused = build(layout, ref, monkeypatch=monkeypatch)
    assert refused.exit_code == 1
    assert f"image '{ref}' is outside the spec's folder" in refused.stderr
    assert "--allow-outside-assets" in refused.stderr
    assert not (layout / "out.pptx").exists()
    allowed = build(layout, ref, "--allow-outside-assets", monkeypatch=monkeypatch)
    assert allowed.exit_code == 0, allowed.output


def test_unwritable_output_folder(layout, monkeypatch):
    """A read-only folder (root ignores permissions, so a failing write is simulated too)."""
    folder = layout / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.geteuid() == 0:  # root writes anyway: make the write itself fail
            import coprod_slides.atomic as package

            def refuse(*args, **kwargs):
                raise PermissionError(13, "Permission denied")

            monkeypatch.setattr(package.tempfile, "NamedTemporaryFile", refuse)
        (layout / "project" / "deck.yaml").write_text(SPEC.format(ref="pics/in.png"), "utf-8")
        out = folder / "deck.pptx"
        monkeypatch.chdir(layout)
        result = CliRunner().invoke(
            main, ["build", str(layout / "project" / "deck.yaml"), "-o", "locked/deck.pptx"]
        )
        assert result.exit_code == 1
        assert result.stderr.splitlines()[0] == (
            "locked/deck.pptx: cannot write here (permission denied); choose another output path"
        )
        assert not out.exists()
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_a_built_in_deck_is_named_as_typed_not_where_it_is_installed(tmp_path, monkeypatch):
    """`check coprod/workshop` from any folder names the deck as the user typed it, and lines
    in it as coprod/workshop.yaml:LINE:COL; no absolute path of the installed package."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    ok = runner.invoke(main, ["check", "coprod/workshop"])
    assert ok.exit_code == 0, ok.output
    assert ok.stdout.splitlines()[-1].startswith("coprod/workshop: OK (")
    bad = runner.invoke(main, ["check", "coprod/workshop", "--audience", "nobody"])
    assert bad.exit_code == 1
    first, where = bad.stderr.splitlines()[:2]
    assert first == "coprod/workshop [nobody]: 1 problem(s)"
    assert re.match(r"coprod/workshop\.yaml:\d+:\d+: unknown audience 'nobody'", where), where
    missing = runner.invoke(main, ["check", "coprod/workshop", "--lang", "fr"])
    assert "create coprod_slides/decks/locales/fr.po" in missing.stderr
    for result in (ok, bad, missing):
        assert str(DECKS_DIR) not in result.output
