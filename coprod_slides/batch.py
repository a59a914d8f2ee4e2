"""Batch builds: every spec × audience × language, in parallel, incrementally.

Each variant's inputs (its spec chain, assets, catalogue, the library, bundled
fonts and template, and the tool version) are hashed; a variant whose hash
matches the manifest and whose output is still there is skipped. One failing
variant does not stop the others.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from . import __version__
from .errors import SpecError

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Variant:
    spec: Path
    audience: str | None = None
    lang: str | None = None

    @property
    def name(self) -> str:
        return "-".join([self.spec.stem] + [p for p in (self.audience, self.lang) if p])


@dataclass
class Outcome:
    variant: Variant
    output: Path
    status: str  # built, skipped, failed
    input_hash: str = ""
    slides: int = 0
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    size: int = 0
    seconds: float = 0.0

    def manifest_entry(self) -> dict[str, Any]:
        return {
            "spec": str(self.variant.spec),
            "audience": self.variant.audience,
            "lang": self.variant.lang,
            "output": self.output.name,
            "status": self.status,
            "input_hash": self.input_hash,
            "slides": self.slides,
            "warnings": self.warnings,
            "errors": self.errors,
            "size": self.size,
            "seconds": round(self.seconds, 3),
        }


@dataclass
class BatchOptions:
    out_dir: Path
    jobs: int = 0
    strict: bool = False
    force: bool = False
    allow_outside_assets: bool = False
    cli_vars: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------- matrix


def expand_matrix(specs: Iterable[Path], audiences: tuple[str, ...],
                  langs: tuple[str, ...]) -> list[Variant]:
    """Spec × audience × language. 'all' means every audience / every catalogue."""
    variants: list[Variant] = []
    for spec in specs:
        for audience in _audiences_for(spec, audiences):
            for lang in _langs_for(spec, langs):
                variants.append(Variant(spec, audience, lang))
    return variants


def _audiences_for(spec: Path, requested: tuple[str, ...]) -> list[str | None]:
    if not requested:
        return [None]
    if "all" in requested:
        from .errors import Diagnostics
        from .spec.loader import display_path
        from .spec.variants import audience_names, load_chain

        names = audience_names(load_chain(spec, Diagnostics(), display_path))
        return list(names) or [None]
    return list(requested)


def _langs_for(spec: Path, requested: tuple[str, ...]) -> list[str | None]:
    if not requested:
        return [None]
    if "all" in requested:
        return [None] + sorted(p.stem for p in catalog_folder(spec).glob("*.po"))
    return [None if lang in ("source", "-") else lang for lang in requested]


# ---------------------------------------------------------------- input hashing


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@cache
def _tool_digest() -> str:
    """Version, package code, library, diagram data, fonts and templates."""
    package = Path(__file__).resolve().parent
    from .assets import ASSETS_DIR

    digest = hashlib.sha256(__version__.encode())
    roots = [package, ASSETS_DIR]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix in (
                ".py", ".yaml", ".ttf", ".pptx", ".potx", ".po", ".png", ".jpg", ".jpeg"
            ):
                digest.update(str(path.relative_to(root)).encode())
                digest.update(_file_digest(path).encode())
    return digest.hexdigest()


def spec_chain_files(spec: Path) -> list[Path]:
    """The spec and every spec it extends (read cheaply, without validating)."""
    import yaml

    files, current, seen = [], spec, set()
    while current is not None and current.resolve() not in seen and current.exists():
        seen.add(current.resolve())
        files.append(current)
        try:
            data = yaml.safe_load(current.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError, OSError):
            break
        ref = data.get("extends") if isinstance(data, dict) else None
        if not isinstance(ref, str) or ref.startswith("coprod/"):
            break
        current = current.parent / ref
    return files


def catalog_folder(spec: Path) -> Path:
    """The spec's catalogue folder (its 'translations:' key, else locales/), read cheaply."""
    import yaml

    folder = "locales"
    try:
        data = yaml.safe_load(spec.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("translations"), str):
            folder = data["translations"]
    except (yaml.YAMLError, UnicodeDecodeError, OSError):
        pass
    return spec.parent / folder


def _referenced_files(spec_files: list[Path]) -> list[Path]:
    """Files named by string values in the specs (images, logos, templates)."""
    import yaml

    found: set[Path] = set()

    def walk(value: Any, base: Path) -> None:
        if isinstance(value, dict):
            for v in value.values():
                walk(v, base)
        elif isinstance(value, list):
            for v in value:
                walk(v, base)
        elif isinstance(value, str) and len(value) < 400 and "\n" not in value and \
                "." in value[-6:]:
            candidate = base / value
            try:
                if candidate.is_file():
                    found.add(candidate)
            except OSError:
                pass

    for spec in spec_files:
        try:
            walk(yaml.safe_load(spec.read_text(encoding="utf-8")), spec.parent)
        except (yaml.YAMLError, UnicodeDecodeError, OSError):
            continue
    return sorted(found)


def input_hash(variant: Variant, options: BatchOptions) -> str:
    digest = hashlib.sha256(_tool_digest().encode())
    chain = spec_chain_files(variant.spec)
    for path in chain + _referenced_files(chain):
        digest.update(str(path).encode())
        digest.update(_file_digest(path).encode())
    if variant.lang:
        from .i18n.catalog import find_catalog

        catalog = find_catalog(catalog_folder(variant.spec), variant.lang)
        if catalog is not None:
            digest.update(_file_digest(catalog).encode())
    settings = {"audience": variant.audience, "lang": variant.lang, "strict": options.strict,
                "vars": sorted(options.cli_vars.items()),
                "outside": options.allow_outside_assets,
                "epoch": os.environ.get("SOURCE_DATE_EPOCH", "")}
    digest.update(json.dumps(settings, sort_keys=True).encode())
    return digest.hexdigest()


# ---------------------------------------------------------------- building


def output_path(variant: Variant, out_dir: Path) -> Path:
    return out_dir / f"{variant.name}.pptx"


def build_variant(variant: Variant, options: BatchOptions) -> Outcome:
    """Build one variant (runs in a worker process); never raises for input problems."""
    from .build import BuildOptions, build, write_output

    start = time.perf_counter()
    out = output_path(variant, options.out_dir)
    outcome = Outcome(variant, out, "failed", input_hash(variant, options))
    try:
        result = build(variant.spec, BuildOptions(
            strict=options.strict, allow_outside_assets=options.allow_outside_assets,
            audience=variant.audience, lang=variant.lang, cli_vars=options.cli_vars,
        ))
        write_output(result.data, out)
        outcome.status = "built"
        outcome.slides = len(result.deck.slides)
        outcome.warnings = [str(w) for w in result.diagnostics.warnings]
        outcome.size = len(result.data)
    except SpecError as exc:
        outcome.errors = [str(p) for p in exc.problems]
    except Exception as exc:  # noqa: BLE001 - one broken variant must not stop the batch
        outcome.errors = [f"internal error: {type(exc).__name__}: {exc}"]
    outcome.seconds = time.perf_counter() - start
    return outcome


def _warm_up() -> None:
    """Load what every build needs once per worker (python-pptx, template, fonts, library)."""
    import pptx  # noqa: F401

    from .render.deck import base_template_path

    base_template_path()


def read_manifest(out_dir: Path) -> dict[str, dict[str, Any]]:
    path = out_dir / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {entry["output"]: entry for entry in data.get("variants", [])}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def write_manifest(out_dir: Path, outcomes: list[Outcome]) -> Path:
    from .render.package import atomic_write_bytes

    data = {
        "tool": "coprod-slides",
        "version": __version__,
        "variants": [o.manifest_entry() for o in sorted(outcomes, key=lambda o: o.output.name)],
    }
    path = out_dir / MANIFEST
    atomic_write_bytes((json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode(), path)
    return path


def run_batch(variants: list[Variant], options: BatchOptions,
              progress: Callable[[Outcome, int, int], None] | None = None) -> list[Outcome]:
    """Build the variants (skipping unchanged ones); write the manifest; return outcomes."""
    options.out_dir.mkdir(parents=True, exist_ok=True)
    previous = read_manifest(options.out_dir)
    outcomes: list[Outcome] = []
    todo: list[Variant] = []
    for variant in variants:
        out = output_path(variant, options.out_dir)
        digest = input_hash(variant, options)
        entry = previous.get(out.name)
        if (not options.force and entry and entry.get("status") in ("built", "skipped")
                and entry.get("input_hash") == digest and out.exists()):
            outcome = Outcome(variant, out, "skipped", digest, entry.get("slides", 0),
                              list(entry.get("warnings", [])), [], out.stat().st_size, 0.0)
            outcomes.append(outcome)
            if progress:
                progress(outcome, len(outcomes), len(variants))
        else:
            todo.append(variant)
    jobs = options.jobs or os.cpu_count() or 1
    if len(todo) <= 1 or jobs == 1:
        for variant in todo:
            outcomes.append(build_variant(variant, options))
            if progress:
                progress(outcomes[-1], len(outcomes), len(variants))
    else:
        with ProcessPoolExecutor(max_workers=min(jobs, len(todo)),
                                 initializer=_warm_up) as pool:
            futures = {pool.submit(build_variant, v, options): v for v in todo}
            for future in as_completed(futures):
                try:
                    outcome = future.result()
                except Exception as exc:  # noqa: BLE001 - e.g. a worker killed mid-build
                    variant = futures[future]
                    outcome = Outcome(variant, output_path(variant, options.out_dir), "failed",
                                      errors=[f"worker failed: {type(exc).__name__}: {exc}"])
                outcomes.append(outcome)
                if progress:
                    progress(outcome, len(outcomes), len(variants))
    order = {v: i for i, v in enumerate(variants)}
    outcomes.sort(key=lambda o: order[o.variant])
    write_manifest(options.out_dir, outcomes)
    return outcomes


def summary_table(outcomes: list[Outcome]) -> str:
    header = ("deck", "audience", "lang", "status", "slides", "warnings", "size", "time")
    rows = [header]
    for o in outcomes:
        rows.append((o.variant.spec.stem, o.variant.audience or "-", o.variant.lang or "-",
                     o.status, str(o.slides or "-"), str(len(o.warnings)),
                     f"{o.size / 1024:.0f} KiB" if o.size else "-",
                     f"{o.seconds:.2f}s" if o.status == "built" else "-"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)

