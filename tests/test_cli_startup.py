"""``coprod-slides --help`` lists every command without importing any of them (nor click)."""

from __future__ import annotations

import importlib
import subprocess
import sys

import click
from click.testing import CliRunner

from coprod_slides.cli.app import COMMANDS, LazyGroup, main
from coprod_slides.cli.launch import help_page


def test_the_table_gives_each_command_its_own_help_line():
    for name, (target, summary) in COMMANDS.items():
        module, attribute = target.split(":")
        command = getattr(importlib.import_module(module), attribute)
        first_paragraph = (command.short_help or command.help or "").split("\n\n")[0]
        assert summary == " ".join(first_paragraph.split()), name


def test_help_lists_the_same_lines_as_the_loaded_commands():
    lazy = LazyGroup(name="coprod-slides", lazy=COMMANDS, help=main.help)
    loaded = LazyGroup(name="coprod-slides", lazy=COMMANDS, help=main.help)
    for name in COMMANDS:  # every module imported, as click would list them itself
        loaded.get_command(None, name)  # type: ignore[arg-type]
    runner = CliRunner()
    for width in (50, 80, 120):
        env = {"COLUMNS": str(width)}
        from_table = runner.invoke(lazy, ["--help"], env=env, terminal_width=width).output
        from_commands = runner.invoke(loaded, ["--help"], env=env, terminal_width=width).output
        assert from_table == from_commands
        assert "  doctor" in from_table and "serve" in from_table


def test_the_console_script_prints_clicks_help_page_without_click():
    for width in range(50, 79):  # click's width: the terminal's, less 2, within 50..78
        ctx = click.Context(
            main, info_name="coprod-slides", terminal_width=width, **main.context_settings
        )
        assert help_page("coprod-slides", width) == main.get_help(ctx) + "\n", width
    code = (
        "import sys\n"
        "sys.argv = ['coprod-slides', '--help']\n"
        "from coprod_slides.cli.launch import main\n"
        "main()\n"
        "heavy = ('click', 'pptx', 'PIL', 'yaml', 'lxml', 'coprod_slides.cli.commands')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Commands:" in done.stdout and "  batch " in done.stdout
    assert done.stderr.strip() == "[]"


def test_help_through_click_imports_no_command_and_no_render_stack():
    code = (
        "import sys\n"
        "from coprod_slides.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = ('pptx', 'PIL', 'yaml', 'babel', 'polib', 'lxml', 'coprod_slides.cli.commands')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Commands:" in done.stdout and "batch" in done.stdout
    assert done.stderr.strip() == "[]"
