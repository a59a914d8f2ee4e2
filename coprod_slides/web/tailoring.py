"""What a facilitator chooses on the page, and how it maps onto a spec and the CLI.

The page never builds anything the CLI could not: every choice becomes a small spec that
``extends:`` the deck being tailored (:func:`tailored_spec`), built with the same options
``coprod-slides build`` takes (:func:`build_args`). The page builds from exactly that file,
so the spec a facilitator downloads rebuilds the same bytes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..build import BuildOptions
from ..decks import BUILTIN_PREFIX, DECKS_DIR, DEFAULT_CATALOGUES
from ..deckspec.library import resolve_slide
from ..deckspec.loader import display_path, load_spec
from ..deckspec.schema import slugify
from ..deckspec.variants import load_chain
from ..errors import Diagnostics
from ..i18n.catalog import catalog_dir
from ..specvalues.yamlload import plain_data

# Variables offered on every deck (the spec may declare more): name → English label.
STANDARD_VARS = ("org", "facilitator", "date", "group_size")
#: The audience name a tailored spec adds when slides are chosen without an audience.
TAILORED_AUDIENCE = "tailored"
SPEC_NAME = "tailored.yaml"
LOGO_NAME = "logo.png"
TEMPLATE_NAMES = {".pptx": "template.pptx", ".potx": "template.potx"}


@dataclass(frozen=True)
class SlideInfo:
    id: str
    title: str
    type: str
    duration: float


@dataclass(frozen=True)
class AudienceInfo:
    name: str
    description: str
    slides: tuple[SlideInfo, ...]  # as the audience sees the deck, in order
    vars: dict[str, str]


@dataclass(frozen=True)
class BaseDeck:
    """The deck being tailored, as each audience sees it."""

    spec: Path
    ref: str  # what ``extends:`` names: coprod/<name> or the spec's absolute path
    title: str
    language: str
    languages: tuple[str, ...]  # catalogue languages beside the spec (e.g. ("cy",))
    catalog_dir: Path | None
    audiences: dict[str | None, AudienceInfo]  # None: the deck as written
    all_slides: dict[str, SlideInfo]  # every slide of the deck, any audience
    inserted: dict[str, dict[str, Any]]  # slide id → the raw slide an audience inserts
    var_names: tuple[str, ...]

    def slides_for(self, audience: str | None) -> dict[str, SlideInfo]:
        """Every slide on offer as ``audience`` sees it (its titles and timings)."""
        return {**self.all_slides, **{s.id: s for s in self.audiences[audience].slides}}

    @property
    def source_lang(self) -> str:
        return self.language.split("-")[0].lower()


@dataclass
class Choices:
    """One browser session's choices. ``order`` lists every slide on offer; ``ticked``
    the ones in the deck."""

    audience: str | None = None
    language: str = ""  # "" the spec's language, a code, or "cy,en" for bilingual
    bilingual_mode: str = "side-by-side"
    vars: dict[str, str] = field(default_factory=dict)  # only the values changed here
    order: list[str] = field(default_factory=list)
    ticked: set[str] = field(default_factory=set)
    titles: dict[str, str] = field(default_factory=dict)  # slide id → new title
    logo: bool = False
    logo_alt: str = ""
    template: str | None = None  # file name in the session folder

    def copy(self) -> Choices:
        return dataclasses.replace(
            self,
            vars=dict(self.vars),
            order=list(self.order),
            ticked=set(self.ticked),
            titles=dict(self.titles),
        )


def _slide_infos(deck) -> tuple[SlideInfo, ...]:
    return tuple(
        SlideInfo(
            str(s.id),
            str(s.title or (deck.title if s.type == "title" else s.id)),
            str(s.type),
            float(s.duration or 0),
        )
        for s in deck.slides
    )


def _raw_slide_id(slide: Any) -> str | None:
    """The id an inserted slide gets: its own, or its title's (as the loader derives it)."""
    resolved = resolve_slide(slide, "", None, Diagnostics())
    if not isinstance(resolved, dict):
        return None
    if isinstance(resolved.get("id"), str):
        return str(resolved["id"])
    title = resolved.get("title")
    return slugify(title) if isinstance(title, str) and title.strip() else None


def load_base(spec: Path) -> BaseDeck:
    """Load the deck as written and as each audience sees it. Raises SpecError."""
    spec = spec.resolve()
    plain = load_spec(spec, Diagnostics())
    audiences: dict[str | None, AudienceInfo] = {
        None: AudienceInfo("", "", _slide_infos(plain), dict(plain.vars))
    }
    for name, description in plain.audiences.items():
        deck = load_spec(spec, Diagnostics(), audience=name)
        audiences[name] = AudienceInfo(name, description, _slide_infos(deck), dict(deck.vars))
    all_slides: dict[str, SlideInfo] = {}
    for info in audiences.values():
        for slide in info.slides:
            all_slides.setdefault(slide.id, slide)
    raw = load_chain(spec, Diagnostics(), display_path)
    inserted: dict[str, dict[str, Any]] = {}
    for settings in (raw.get("audiences") or {}).values():
        for item in (settings or {}).get("insert") or []:
            for slide in item.get("slides") or []:
                slide_id = _raw_slide_id(slide)
                if slide_id and slide_id in all_slides:
                    inserted.setdefault(slide_id, plain_data(slide))
    folder = catalog_dir(spec, plain)
    languages = tuple(sorted(p.stem for p in folder.glob("*.po"))) if folder.is_dir() else ()
    is_builtin = spec.parent == DECKS_DIR.resolve()
    declared = list(raw.get("vars") or {})  # computed values (diagram_count) are not offered
    for settings in (raw.get("audiences") or {}).values():
        declared += list((settings or {}).get("vars") or {})
    var_names = list(STANDARD_VARS) + [n for n in dict.fromkeys(declared) if n not in STANDARD_VARS]
    return BaseDeck(
        spec=spec,
        ref=f"coprod/{spec.stem}" if is_builtin else str(spec),
        title=str(plain.title),
        language=plain.language,
        languages=languages,
        catalog_dir=folder if languages else None,
        audiences=audiences,
        all_slides=all_slides,
        inserted=inserted,
        var_names=tuple(var_names),
    )


def fresh_choices(base: BaseDeck, audience: str | None = None) -> Choices:
    """The choices that rebuild ``audience``'s deck exactly as the spec defines it."""
    shown = [s.id for s in base.audiences[audience].slides]
    extra = [s.id for s in base.audiences[None].slides if s.id not in shown]
    return Choices(audience=audience, order=shown + extra, ticked=set(shown))


def switch_audience(base: BaseDeck, choices: Choices, audience: str | None) -> Choices:
    """New audience: its own slides and order; the language, variables and uploads stay."""
    fresh = fresh_choices(base, audience)
    fresh.language = choices.language
    fresh.bilingual_mode = choices.bilingual_mode
    fresh.vars = dict(choices.vars)
    fresh.logo, fresh.logo_alt, fresh.template = choices.logo, choices.logo_alt, choices.template
    return fresh


def selected(choices: Choices) -> list[str]:
    return [sid for sid in choices.order if sid in choices.ticked]


def var_values(base: BaseDeck, choices: Choices) -> dict[str, str]:
    """Every variable's value as the deck will use it."""
    values = {name: "" for name in base.var_names}
    values.update({k: str(v) for k, v in base.audiences[choices.audience].vars.items()})
    values.update(choices.vars)
    return values


def total_minutes(base: BaseDeck, choices: Choices) -> float:
    slides = base.slides_for(choices.audience)
    return sum(slides[sid].duration for sid in selected(choices) if sid in slides)


def _selection_changed(base: BaseDeck, choices: Choices) -> bool:
    return selected(choices) != [s.id for s in base.audiences[choices.audience].slides]


def build_audience(base: BaseDeck, choices: Choices) -> str | None:
    """The --audience the tailored spec is built with."""
    if choices.audience is None and _selection_changed(base, choices):
        return TAILORED_AUDIENCE
    return choices.audience


def bilingual_pair(choices: Choices) -> tuple[str, str] | None:
    parts = choices.language.split(",")
    return (parts[0], parts[1]) if len(parts) == 2 else None


def needs_catalog(base: BaseDeck, choices: Choices) -> bool:
    langs = bilingual_pair(choices) or ((choices.language,) if choices.language else ())
    return any(lang.split("-")[0].lower() != base.source_lang for lang in langs)


def extends_outside(base: BaseDeck) -> bool:
    """Whether the tailored spec extends a deck outside its own folder: any deck but a
    built-in one (the page writes the spec into a session folder; a downloaded spec sits
    wherever it is saved), so it is built with --allow-outside-assets."""
    return not base.ref.startswith(BUILTIN_PREFIX)


def build_options(base: BaseDeck, choices: Choices) -> BuildOptions:
    pair = bilingual_pair(choices)
    return BuildOptions(
        audience=build_audience(base, choices),
        lang=None if pair or not choices.language else choices.language,
        bilingual=pair,
        bilingual_mode=choices.bilingual_mode,
        allow_outside_assets=extends_outside(base),
    )


def build_args(base: BaseDeck, choices: Choices, spec_name: str = SPEC_NAME) -> list[str]:
    """The ``coprod-slides build`` command line that rebuilds the page's deck."""
    options = build_options(base, choices)
    args = ["coprod-slides", "build", spec_name]
    if options.audience:
        args += ["--audience", options.audience]
    if options.bilingual:
        args += ["--bilingual", ",".join(options.bilingual)]
        if options.bilingual_mode != "side-by-side":
            args += ["--bilingual-mode", options.bilingual_mode]
    elif options.lang:
        args += ["--lang", options.lang]
    if options.allow_outside_assets:
        args.append("--allow-outside-assets")
    return args


def catalogues_ref(base: BaseDeck) -> str:
    """How a tailored spec names the base's catalogues: ``coprod/<deck>`` for a built-in
    deck's own (the same on every machine), else the folder's path."""
    if base.ref.startswith(BUILTIN_PREFIX) and base.catalog_dir == DECKS_DIR / DEFAULT_CATALOGUES:
        return base.ref
    return str(base.catalog_dir)


def tailored_spec(
    base: BaseDeck, choices: Choices, spec_name: str = SPEC_NAME, all_languages: bool = False
) -> str:
    """A spec that ``extends:`` the base with exactly the page's changes (YAML text).

    It names the base's catalogue folder when the deck is translated. ``all_languages`` is
    for a batch of every audience and language: catalogues always, and the page's variables
    for every audience (the organisation is the same whoever the session is for)."""
    data: dict[str, Any] = {"extends": base.ref}
    wants_catalog = all_languages or needs_catalog(base, choices)
    if wants_catalog and base.catalog_dir is not None:
        data["translations"] = catalogues_ref(base)
    if choices.template:
        data["template"] = choices.template
    if choices.logo:
        data["theme"] = {"logo": {"image": LOGO_NAME, "alt": choices.logo_alt or "Logo"}}
    audience = build_audience(base, choices)
    section: dict[str, Any] = {}
    if choices.vars:
        section["vars"] = dict(choices.vars)
    titles = {sid: {"title": t} for sid, t in choices.titles.items() if sid in choices.order}
    if titles:
        section["overrides"] = titles
    if _selection_changed(base, choices):
        order = selected(choices)
        section.update(only=order, include_tags=[], exclude_tags=[], insert=[])
        moved = [base.inserted[sid] for sid in order if sid in base.inserted]
        if moved:
            last = base.audiences[None].slides[-1].id
            data["insert"] = [{"after": last, "slides": moved}]
    if all_languages and choices.vars:
        data["vars"] = dict(choices.vars)
    if audience is None:
        data.update(section)
    elif section:
        data["audiences"] = {audience: section}
    header = (
        "# Made on the coprod-slides page: the deck it extends, with the page's changes.\n"
        "# Rebuild the same deck with:\n#   "
        + " ".join(build_args(base, choices, spec_name))
        + "\n"
    )
    if choices.logo or choices.template:
        header += "# Keep the uploaded files (logo.png, template) beside this file.\n"
    if "translations" in data and data["translations"] == base.ref:
        header += f"# translations: the catalogues that come with {base.ref}.\n"
    elif "translations" in data:
        header += "# translations: the catalogues of the deck this extends, on this machine.\n"
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
