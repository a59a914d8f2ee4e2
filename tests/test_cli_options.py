"""Every command that builds a deck takes the same deck options (so they cannot drift)."""

from __future__ import annotations

import ast
from pathlib import Path

import click
from click.testing import CliRunner

from coprod_slides.cli import main
from coprod_slides.cli.options import DECK_OPTIONS

DECK = {
    "--audience",
    "--lang",
    "--bilingual",
    "--bilingual-mode",
    "--var",
    "--template",
    "--use-fuzzy",
    "--min-coverage",
    "--strict",
    "--allow-outside-assets",
}
EXPECTED = {
    "build": DECK,
    "check": DECK,
    "preview": DECK,
    "pdf": DECK,
    "batch": DECK - {"--bilingual"},  # its own repeatable -a/-l (-l cy,en: a bilingual deck)
    "runsheet": DECK - {"--template", "--strict"},  # --allow-outside-assets: for extends:
    "handouts": DECK - {"--bilingual-mode"},  # bilingual: a page a language
}


def _commands(group: click.Group, prefix: str = ""):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        yield prefix + name, command
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix}{name} ")


def _long_options(command: click.Command) -> set[str]:
    return {
        opt
        for param in command.params
        if isinstance(param, click.Option)
        for opt in param.opts
        if opt.startswith("--")
    }


def test_every_deck_command_takes_the_one_option_set():
    seen = {name: _long_options(cmd) for name, cmd in _commands(main)}
    for name, expected in EXPECTED.items():
        assert expected <= seen[name], (name, sorted(expected - seen[name]))
        unexpected = (DECK - expected) & seen[name]
        assert not unexpected, (name, sorted(unexpected))
    # a command that takes any deck option is one of the deck commands above ('new' writes
    # its --template and --lang into the spec; i18n's --lang picks catalogues; every command
    # that reads a spec takes --allow-outside-assets, see below)
    for name, options in seen.items():
        if name not in EXPECTED and name != "new" and not name.startswith("i18n"):
            assert not (options & (DECK - {"--lang", "--allow-outside-assets"})), name


def test_a_deck_option_is_defined_once():
    """The same option means the same thing: every deck command shares one definition."""
    seen = {}
    for name, command in _commands(main):
        if name not in EXPECTED:
            continue
        for param in command.params:
            if isinstance(param, click.Option) and "--template" in param.opts:
                seen[name] = (param.help, param.type.name)
    assert len(set(seen.values())) == 1, seen


def test_bad_option_values_read_the_same_in_every_command():
    runner = CliRunner()
    for command in ("build", "check", "pdf", "preview"):
        result = runner.invoke(main, [command, "--bilingual", "cy"])
        assert result.exit_code == 2
        assert "give two different languages, first one first, e.g. cy,en" in result.output
        result = runner.invoke(main, [command, "--var", "novalue"])
        assert "'novalue' should look like name=value" in result.output


def test_cli_modules_import_no_module_that_imports_them_back():
    """No file-level circle: no module-level import of the group (cli/app.py) from the
    modules it lists, nor from the package (which looks ``main`` up on first use)."""
    root = Path(__file__).resolve().parents[1] / "coprod_slides"
    for path in (root / "cli").rglob("*.py"):
        if path.name in ("app.py", "__main__.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.ImportFrom):
                module = node.module or ""
                names = {alias.name for alias in node.names}
                assert not module.endswith("app"), path
                assert not (module in ("", "..", "cli") and "main" in names), path


# 'serve' builds from a spec of its own in a session folder (see web/tailoring.py)
READS_A_SPEC_WITHOUT_THE_OPTION = {"serve"}


def test_every_command_that_reads_a_spec_takes_allow_outside_assets():
    """A spec whose extends: or assets lie outside its folder works with every command that
    reads it (i18n included), given the one shared --allow-outside-assets."""
    shared = DECK_OPTIONS["allow_outside_assets"](lambda: None).__click_params__[0]
    for name, command in _commands(main):
        arguments = {p.name for p in command.params if isinstance(p, click.Argument)}
        if not arguments & {"spec", "specs"} or name in READS_A_SPEC_WITHOUT_THE_OPTION:
            continue
        option = next((p for p in command.params if p.name == "allow_outside_assets"), None)
        assert option is not None, f"{name} lacks --allow-outside-assets"
        assert (option.opts, option.help, option.is_flag) == (
            shared.opts,
            shared.help,
            shared.is_flag,
        ), name


def test_i18n_update_reads_a_spec_extending_one_outside_its_folder_when_allowed(
    tmp_path, monkeypatch
):
    (tmp_path / "base.yaml").write_text(
        "title: Base\nslides:\n  - type: section\n    title: Shared opening\n", "utf-8"
    )
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "deck.yaml").write_text("extends: ../base.yaml\n", "utf-8")
    monkeypatch.chdir(tmp_path / "project")
    runner = CliRunner()
    refused = runner.invoke(main, ["i18n", "update", "deck.yaml", "--lang", "cy"])
    assert refused.exit_code == 1
    assert "outside the spec's folder" in refused.stderr
    assert "--allow-outside-assets" in refused.stderr
    allowed = ["i18n", "update", "deck.yaml", "--lang", "cy", "--allow-outside-assets"]
    result = runner.invoke(main, allowed)
    assert result.exit_code == 0, result.output
    assert 'msgid "Shared opening"' in Path("locales/cy.po").read_text("utf-8")
    for command in (["i18n", "status", "deck.yaml"], ["i18n", "check", "deck.yaml", "-l", "cy"]):
        assert runner.invoke(main, [*command, "--allow-outside-assets"]).exit_code == 0, command
    listed = runner.invoke(main, ["audiences", "deck.yaml", "--allow-outside-assets"])
    assert listed.exit_code == 0 and listed.stdout.startswith("deck.yaml: 0 audiences")
