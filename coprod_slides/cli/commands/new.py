"""``coprod-slides new``: a starter spec that uses the co-production library."""

from __future__ import annotations

import json
import os
import re
import shlex
import unicodedata
from pathlib import Path

import click

from ...build import write_output
from ..handling import handle_errors
from ..options import debug_option

STARTER = """\
# A coprod-slides deck. Build it with:  {build_hint}
# Slide types: {types}.
# Library slides (coprod-slides library): use: coprod/<name>, then override any field.
title: {title}
subtitle: "A co-production workshop"
author: "{{facilitator}}"
language: {language}
vars:
  org: {org}
  facilitator: {facilitator}
{template}theme:
  footer: "{{org}}"
{logo}slides:
  - type: title
    byline: "{{facilitator}} · {{org}}"
  - use: coprod/intro
  - use: coprod/around-the-table
  - use: coprod/when-to-coproduce
  - type: bullets
    title: "Our next steps"
    bullets:
      - "Who is missing from our table?"
      - "One thing we will do differently"
      - ["by when", "with whom"]
    notes: |
      Ask each table for one commitment they can make this month.
  - use: coprod/credits
"""


def slugify(name: str) -> str:
    """'Cardiff Workshop' -> 'cardiff-workshop' (letters of any script are kept)."""
    text = unicodedata.normalize("NFKC", name).strip().lower()
    text = re.sub(r"[^\w]+", "-", text).strip("-_")
    return text or "workshop"


def _placeholders(missing: list[str]) -> str:
    words = {"--org": "'Your organisation'", "--facilitator": "'Your name'"}
    return " and ".join(words[m] for m in missing)


def _yaml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML string


def _spec_relative(path: Path, spec_dir: Path) -> str:
    """A path as the spec should write it: relative to the spec's folder, with '/'."""
    try:
        return Path(os.path.relpath(path.resolve(), spec_dir.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return path.resolve().as_posix()


def _target(name: str) -> Path:
    given = Path(name)
    if given.suffix.lower() in (".yaml", ".yml"):
        return given.with_name(slugify(given.stem) + given.suffix.lower())
    return given.with_name(slugify(given.name) + ".yaml")


@click.command()
@click.argument("name")
@click.option("--org", metavar="NAME", help="Your organisation (the {org} on every slide).")
@click.option("--facilitator", metavar="NAME", help="Who runs the session ({facilitator}).")
@click.option(
    "--logo",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="A logo image for every slide (PNG or JPEG).",
)
@click.option(
    "--template",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Your organisation's .pptx or .potx to build on.",
)
@click.option(
    "-l",
    "--lang",
    "language",
    metavar="CODE",
    default="en-GB",
    show_default=True,
    help="The language the deck is written in, e.g. cy, en-GB.",
)
@debug_option
@handle_errors
def new(
    name: str,
    org: str | None,
    facilitator: str | None,
    logo: Path | None,
    template: Path | None,
    language: str,
    debug: bool,
) -> None:
    """Scaffold a starter spec that uses the co-production library.

    NAME is a title or a file name: "Cardiff Workshop" writes cardiff-workshop.yaml.
    """
    from ...deckspec.schema import LANG_RE  # lazy: the model and Pillow, only to write a spec

    path = _target(name)
    if path.exists():
        raise click.UsageError(
            f"{shlex.quote(str(path))} already exists; choose another name, or edit it and "
            f"build it with: coprod-slides build {shlex.quote(str(path))}"
        )
    if not LANG_RE.match(language):
        raise click.BadParameter(
            f"'{language}' is not a language code; use one like en-GB, cy or ar",
            param_hint="--lang",
        )
    title = Path(name).stem if path.suffix and name.lower().endswith(path.suffix) else name
    title = title.strip() or "Workshop"
    if title == title.lower() and re.fullmatch(r"[\w-]+", title):
        title = title.replace("-", " ").replace("_", " ").capitalize()
    spec_dir = path.parent
    from ... import slidetypes  # lazy: the model and Pillow, only to write a spec (~0.2 s)

    text = STARTER.format(
        types=", ".join(slidetypes.names()),
        build_hint=f"coprod-slides build {shlex.quote(str(path))}",
        title=_yaml_str(title),
        language=_yaml_str(language),
        org=_yaml_str(org or "Your organisation"),
        facilitator=_yaml_str(facilitator or "Your name"),
        template=f"template: {_yaml_str(_spec_relative(template, spec_dir))}\n" if template else "",
        logo=f"  logo: {{image: {_yaml_str(_spec_relative(logo, spec_dir))}, "
        f"alt: {_yaml_str((org or 'Organisation') + ' logo')}}}\n"
        if logo
        else "",
    )
    write_output(text.encode("utf-8"), path)
    click.echo(f"wrote {path}; build it with: coprod-slides build {shlex.quote(str(path))}")
    missing = [f"--{o}" for o, v in (("org", org), ("facilitator", facilitator)) if not v]
    if missing:
        names = " ".join(f'--var {m[2:]}="…"' for m in missing)
        click.echo(
            f"hint: the deck says {_placeholders(missing)} until you edit 'vars:' in "
            f"{shlex.quote(str(path))} or build with {names}"
        )
    outside = [p for p in (logo, template) if p and _spec_relative(p, spec_dir).startswith("../")]
    for item in outside:
        click.echo(
            f"note: {item} is outside the spec's folder; copy it next to the spec, or build "
            "with --allow-outside-assets"
        )
