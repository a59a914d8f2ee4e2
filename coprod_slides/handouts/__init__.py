"""Printable handouts for a workshop: ``coprod-slides handouts``.

Per audience and language, three A4 pages, each as an editable .pptx and a PDF:

- ``<stem>-summary``: the deck's diagrams, drawn small by their own modules, each with its
  one-line message (``takeaway:``);
- ``<stem>-worksheet``: "Over to you": the to–for–with line to mark and the group-work
  questions with space to write;
- ``<stem>-feedback``: the evaluation slide's questions as a form, ending with the person's
  one action.

``content`` decides what the pages say (from the deck variant), ``pictures`` fits a diagram
into a small box, ``pages`` draws the A4 pages. The PDFs come from LibreOffice, all files of
one run converted at once; nothing is written until every file is ready.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from ..build import BuildOptions, default_output, load, write_output
from ..errors import Diagnostics, SpecError
from ..i18n.tool import translator
from ..model import Deck
from ..preview import find_tools, pptxs_to_pdfs
from ..render.deck import RenderOptions, base_template_path
from ..render.template import prepare_presentation
from .content import handout_content
from .pages import HANDOUTS, render_handout


@dataclass
class HandoutSet:
    """The three handouts of one variant, as .pptx bytes by kind."""

    deck: Deck
    stem: str  # <spec>[-<audience>][-<lang>]
    pptx: dict[str, bytes]
    diagnostics: Diagnostics

    def names(self) -> dict[str, str]:
        """kind -> file stem, e.g. ``summary`` -> ``workshop-citizens-cy-summary``."""
        return {kind: f"{self.stem}-{kind}" for kind in self.pptx}


def build_handouts(spec: Path, options: BuildOptions | None = None) -> HandoutSet:
    """The handouts of one variant, in memory. Raises SpecError on bad input (and on
    warnings, such as text that does not fit, under ``strict``).

    With ``options.bilingual`` (e.g. ``cy,en``) each handout has a page per language, the
    first language's first: printed double-sided, Welsh is on the front, at the same sizes.
    """
    options = options or BuildOptions()
    diag = Diagnostics()
    decks = _branded(_decks(spec, diag, options), options, diag)
    contents = []
    for deck in decks:
        gettext = translator(deck.language)
        contents.append((handout_content(deck, diag, gettext), gettext))
    pptx = {kind: render_handout(kind, contents, diag) for kind in HANDOUTS}
    if options.strict and diag.warnings:
        raise SpecError(diag.warnings)
    language = "-".join(options.bilingual) if options.bilingual else options.lang
    stem = default_output(spec, options.audience, language, suffix="").name
    return HandoutSet(decks[0], stem, pptx, diag)


def _decks(spec: Path, diag: Diagnostics, options: BuildOptions) -> list[Deck]:
    """The variant in its language, or in each language of a bilingual pair (first first)."""
    if not options.bilingual:
        return [load(spec, diag, options)]
    single = replace(options, bilingual=None, lang=None)
    source = load(spec, diag, single)
    decks = []
    for lang in options.bilingual:
        if _primary(lang) == _primary(source.language):
            decks.append(source)
        else:
            decks.append(load(spec, diag, replace(single, lang=lang)))
    return decks


def _branded(decks: list[Deck], options: BuildOptions, diag: Diagnostics) -> list[Deck]:
    """With an organisation's template (``--template`` or the spec's ``template:``) the
    handouts take its colours and fonts, as the deck does; the pages keep the A4 design."""
    if options.template is None and not decks[0].template.file:
        return decks
    _, themed = prepare_presentation(
        decks[0],
        RenderOptions(template=options.template, allow_outside_assets=options.allow_outside_assets),
        diag,
        base_template_path(),
    )
    brand = themed.theme
    return [
        replace(
            deck,
            theme=replace(
                deck.theme,
                colors=brand.colors,
                heading_font=brand.heading_font,
                body_font=brand.body_font,
            ),
        )
        for deck in decks
    ]


def _primary(language: str) -> str:
    return language.replace("_", "-").split("-")[0].lower()


def audiences_of(spec: Path, audience: str | None, options: BuildOptions) -> list[str | None]:
    """``all``: the spec as written, then each of its audiences; else just the one given."""
    if audience != "all":
        return [audience]
    deck = load(spec, Diagnostics(), replace(options, audience=None, lang=None))
    return [None, *deck.audiences]


def write_handouts(sets: list[HandoutSet], folder: Path, *, pdf: bool = True) -> list[Path]:
    """Write every set's .pptx (and PDF) into ``folder``; all are made before any is written."""
    files = {name: s.pptx[kind] for s in sets for kind, name in s.names().items()}
    outputs: dict[Path, bytes] = {folder / f"{name}.pptx": data for name, data in files.items()}
    if pdf:
        soffice, _ = find_tools("handouts")
        workdir = Path(tempfile.mkdtemp(prefix="coprod-handouts-"))
        try:
            for name, path in pptxs_to_pdfs(files, workdir, soffice).items():
                outputs[folder / f"{name}.pdf"] = path.read_bytes()
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    written = []
    for path in sorted(outputs, key=lambda p: (p.stem, p.suffix != ".pdf")):
        write_output(outputs[path], path)
        written.append(path)
    return written


__all__ = ["HANDOUTS", "HandoutSet", "audiences_of", "build_handouts", "write_handouts"]
