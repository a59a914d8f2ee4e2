"""The commands of ``coprod-slides`` and the group's help, without click (``cli/launch.py``
prints ``--help`` from them before click is imported).

Adding a command: write one module under ``cli/commands/`` and add its entry to COMMANDS.
"""

from __future__ import annotations

GROUP_HELP = """Build designed, editable PowerPoint decks about co-production from YAML specs.

SPEC may be a file, a built-in deck such as coprod/workshop, or left out (the
built-in workshop deck)."""

# command name -> ("module:attribute" of a click command or group, its --help line: the first
# paragraph of its docstring, which tests/test_cli_startup.py checks against the command)
COMMANDS: dict[str, tuple[str, str]] = {
    "build": (
        "coprod_slides.cli.commands.build:build",
        "Build SPEC into a .pptx (no SPEC: the built-in co-production workshop deck).",
    ),
    "check": (
        "coprod_slides.cli.commands.build:check",
        "Validate SPEC, fit its text and check its assets; writes nothing.",
    ),
    "batch": (
        "coprod_slides.cli.commands.batch:batch",
        "Build every SPEC × audience × language in parallel (no SPEC: the workshop deck).",
    ),
    "preview": (
        "coprod_slides.cli.commands.preview:preview",
        "Pictures of every slide and a contact sheet, via LibreOffice (no SPEC: the workshop).",
    ),
    "pdf": (
        "coprod_slides.cli.commands.preview:pdf",
        "The slides as a PDF, and a handout PDF with the speaker notes under each slide.",
    ),
    "runsheet": (
        "coprod_slides.cli.commands.runsheet:runsheet",
        "Write a facilitator's run sheet (Markdown and CSV) for SPEC.",
    ),
    "handouts": (
        "coprod_slides.cli.commands.handouts:handouts",
        "Printable A4 handouts for SPEC, as PDF and .pptx: summary, worksheet, feedback form.",
    ),
    "new": (
        "coprod_slides.cli.commands.new:new",
        "Scaffold a starter spec that uses the co-production library.",
    ),
    "diagrams": (
        "coprod_slides.cli.commands.listing:diagrams",
        "List the diagram kinds, what each shows and the data each takes.",
    ),
    "library": (
        "coprod_slides.cli.commands.listing:library",
        "List the library slides a spec can use with 'use: coprod/<name>'.",
    ),
    "audiences": (
        "coprod_slides.cli.commands.listing:audiences",
        "List SPEC's audiences: name, description, slide count and total time.",
    ),
    "template": (
        "coprod_slides.cli.commands.template:template",
        "Organisation templates (.pptx/.potx): see what a template offers.",
    ),
    "i18n": (
        "coprod_slides.cli.commands.i18n:i18n",
        "Translate decks with gettext catalogues (.pot/.po), as Sphinx does.",
    ),
    "doctor": (
        "coprod_slides.cli.commands.doctor:doctor",
        "Check what this machine has (LibreOffice, poppler, fonts, web extras) and say which "
        "commands need each; exits 0 either way.",
    ),
    "serve": (
        "coprod_slides.cli.commands.serve:serve",
        "A local web page to tailor, preview and download SPEC (no SPEC: the workshop).",
    ),
}
