"""Batch builds: every spec × audience × language, in parallel, incrementally.

Each variant's inputs (its spec chain, assets, catalogue, the library, bundled
fonts and template, and the tool version) are hashed; a variant whose hash
matches the manifest and whose output is still there is skipped. One failing
variant does not stop the others.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import signal
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from . import __version__, atomic
from .assets import ASSETS_DIR
from .build import BuildOptions
from .decks import catalogue_folder
from .errors import Diagnostics, SpecError, format_problem

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Variant:
    spec: Path
    audience: str | None = None
    lang: str | None = None

    @property
    def name(self) -> str:
        lang = self.lang.replace(",", "-") if self.lang else None  # a bilingual pair: cy-en
        return "-".join([self.spec.stem] + [p for p in (self.audience, lang) if p])

    @property
    def bilingual(self) -> tuple[str, str] | None:
        """``--lang cy,en``: one deck in both languages (the first shown first)."""
        if not self.lang or "," not in self.lang:
            return None
        first, second = (part.strip() for part in self.lang.split(",", 1))
        return first, second


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
    inputs: dict[str, Any] | None = None  # what the hash read, as stat saw it (InputRecord)

    def manifest_entry(self) -> dict[str, Any]:
        entry: dict[str, Any] = {
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
        if self.inputs and self.status in ("built", "skipped"):
            entry["inputs"] = self.inputs
        return entry


@dataclass
class BatchOptions:
    """How to run a batch; ``build`` holds the deck options shared by every variant (its
    audience and language are set per variant)."""

    out_dir: Path
    jobs: int = 0
    force: bool = False
    build: BuildOptions = field(default_factory=BuildOptions)


# ---------------------------------------------------------------- matrix


def expand_matrix(
    specs: Iterable[Path],
    audiences: tuple[str, ...],
    langs: tuple[str, ...],
    *,
    allow_outside: bool = False,
) -> list[Variant]:
    """Spec × audience × language. 'all' means every audience / every catalogue
    (``allow_outside``: as --allow-outside-assets, for an ``extends:`` outside the folder)."""
    variants: list[Variant] = []
    for spec in specs:
        for audience in _audiences_for(spec, audiences, allow_outside):
            for lang in _langs_for(spec, langs):
                variants.append(Variant(spec, audience, lang))
    return variants


def _audiences_for(
    spec: Path, requested: tuple[str, ...], allow_outside: bool = False
) -> list[str | None]:
    if not requested:
        return [None]
    if "all" in requested:
        from .deckspec.loader import display_path  # lazy: PyYAML and the model
        from .deckspec.variants import audience_names, load_chain  # lazy: as above

        chain = load_chain(spec, Diagnostics(), display_path, allow_outside=allow_outside)
        names = audience_names(chain)
        return list(names) or [None]
    return list(requested)


def _langs_for(spec: Path, requested: tuple[str, ...]) -> list[str | None]:
    if not requested:
        return [None]
    if "all" in requested:
        return [None] + sorted(p.stem for p in catalog_folder(spec).glob("*.po"))
    return [None if lang in ("source", "-") else lang for lang in requested]


# ---------------------------------------------------------------- input hashing
#
# A variant's input hash covers the bytes of every input. Reading them all on every run
# would make a batch with nothing to do cost as much as parsing every spec, so the
# manifest also keeps, per variant, what the hash read as the file system describes it
# (size, modification time and inode of each file; time and inode of each catalogue
# folder, whose listing picks the catalogue, so a catalogue appearing or going is seen).
# When all still match, the stored hash is the hash, and the run decides without reading
# a spec (see ``unchanged_hash``). Other folders are not stamped: a spec, asset or
# template that is missing fails its build, and failed variants are always built again;
# so output written beside the specs (``-o .``) does not defeat the check.

# A file changed this close to being stamped is not trusted by its stamp: a second change
# within the same clock tick would leave its time as it was (git's "racily clean" files).
RACY_NS = 2_000_000_000


def _file_digest(path: Path, record: InputRecord | None = None) -> str:
    """The SHA-256 of a file's bytes, read once per batch while its size and time stay."""
    info = path.stat()
    if record is not None:
        record.file(str(path), info)
    return _digest_cached(str(path), info.st_size, info.st_mtime_ns)


@lru_cache(maxsize=1024)
def _digest_cached(path: str, size: int, mtime_ns: int) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


class InputRecord:
    """The stamps of what one input hash read: files (size, time, inode) and folders
    (time, inode; None for a missing one), as kept in the manifest."""

    def __init__(self) -> None:
        self.started = time.time_ns()
        self.files: dict[str, list[int]] = {}
        self.folders: dict[str, list[int] | None] = {}
        self.trusted = True

    def file(self, path: str, info: os.stat_result) -> None:
        self.files[path] = [info.st_size, info.st_mtime_ns, info.st_ino]
        if info.st_mtime_ns > self.started - RACY_NS:
            self.trusted = False

    def folder(self, path: Path) -> None:
        key = str(path)
        if key in self.folders:
            return
        try:
            info = os.stat(key)
        except OSError:
            self.folders[key] = None
            return
        self.folders[key] = [info.st_mtime_ns, info.st_ino]
        if info.st_mtime_ns > self.started - RACY_NS:
            self.trusted = False

    def as_json(self, settings: str) -> dict[str, Any] | None:
        tool = _tool_stamp()
        if not self.trusted or tool is None:
            return None
        return {"tool": tool, "settings": settings, "files": self.files, "folders": self.folders}


def unchanged_hash(entry: dict[str, Any], variant: Variant, options: BatchOptions) -> str:
    """The manifest entry's input hash if every input it records is as it was (and the
    tool and settings are the same), from stat calls alone; "" if anything may differ."""
    stamps = entry.get("inputs")
    digest = entry.get("input_hash")
    if not isinstance(stamps, dict) or not isinstance(digest, str) or not digest:
        return ""
    if stamps.get("settings") != _settings(variant, options):
        return ""
    if stamps.get("tool") != _tool_stamp():
        return ""
    try:
        for path, stamp in stamps["files"].items():
            info = os.stat(path)
            if stamp != [info.st_size, info.st_mtime_ns, info.st_ino]:
                return ""
        for path, stamp in stamps["folders"].items():
            try:
                info = os.stat(path)
            except FileNotFoundError:
                if stamp is None:
                    continue
                return ""
            if stamp != [info.st_mtime_ns, info.st_ino]:
                return ""
    except (OSError, TypeError, ValueError, AttributeError):
        return ""
    return digest


_TOOL_SUFFIXES = (".py", ".yaml", ".ttf", ".pptx", ".potx", ".po", ".png", ".jpg", ".jpeg")


def _tool_roots() -> tuple[Path, Path]:
    return Path(__file__).resolve().parent, ASSETS_DIR


@cache
def _tool_digest() -> str:
    """Version, package code, library, diagram data, fonts and templates."""
    digest = hashlib.sha256(__version__.encode())
    for root in _tool_roots():
        for relative in _tool_files(str(root)):
            digest.update(relative.encode())
            digest.update(_file_digest(root / relative).encode())
    return digest.hexdigest()


@cache
def _tool_stamp() -> str | None:
    """The tool's files as stat describes them (path, size, time, inode), hashed: equal
    stamps mean an equal :func:`_tool_digest`. None while a file is fresh (racy)."""
    digest = hashlib.sha256(__version__.encode())
    newest = 0
    for root in _tool_roots():
        for relative in _tool_files(str(root)):
            info = os.stat(root / relative)
            newest = max(newest, info.st_mtime_ns)
            digest.update(
                f"{relative}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ino}\n".encode()
            )
    if newest > time.time_ns() - RACY_NS:
        return None
    return digest.hexdigest()


def _tool_files(root: str) -> list[str]:
    """The files under ``root`` whose suffix is in _TOOL_SUFFIXES, outside ``__pycache__``:
    their paths relative to ``root``, sorted."""
    found: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        prefix = os.path.relpath(folder, root)
        for name in files:
            if os.path.splitext(name)[1] in _TOOL_SUFFIXES:
                found.append(name if prefix == "." else f"{prefix}/{name}")
    return sorted(found)


def _peek(spec: Path) -> Any:
    """A spec's YAML, read without validating but with the loader's limits (size, nesting,
    alias expansion: a hostile spec must not hang the batch); None if it cannot be read."""
    try:
        info = spec.stat()
        return _peek_cached(str(spec.resolve()), info.st_mtime_ns, info.st_size)
    except (OSError, RuntimeError):
        return None


@lru_cache(maxsize=64)
def _peek_cached(path: str, mtime_ns: int, size: int) -> Any:
    from .specvalues.yamlload import load_yaml_file  # lazy: PyYAML, only when hashing

    try:
        return load_yaml_file(Path(path))
    except SpecError:
        return None


def spec_chain_files(spec: Path) -> list[Path]:
    """The spec and every spec it extends (read cheaply, without validating)."""
    files, current, seen = [], spec, set()
    while current.resolve() not in seen and current.exists():
        seen.add(current.resolve())
        files.append(current)
        data = _peek(current)
        ref = data.get("extends") if isinstance(data, dict) else None
        if not isinstance(ref, str) or ref.startswith("coprod/"):
            break
        current = current.parent / ref
    return files


def catalog_folder(spec: Path) -> Path:
    """The spec's catalogue folder (its 'translations:' key, else locales/), read cheaply."""
    data = _peek(spec)
    folder = data.get("translations") if isinstance(data, dict) else None
    return catalogue_folder(spec.parent, folder if isinstance(folder, str) else None)


def catalog_candidates(folder: Path, lang: str) -> list[Path]:
    """Every catalogue in ``folder`` that could be ``lang``'s, found without babel (whose
    locale data costs more than the rest of the hashing): those named with the same language
    subtag (``cy.po``, ``pt_BR.po``, ``pt-BR.po`` for pt-BR), or, when none is (an alias such
    as ``iw`` for ``he.po``), all of them. The build picks one with babel's help
    (``i18n.catalog.find_catalog``); hashing them all keeps that choice covered."""
    try:
        names = sorted(p.name for p in folder.iterdir() if p.suffix == ".po" and p.is_file())
    except OSError:
        return []
    primary = _language_subtag(lang)
    same = [name for name in names if _language_subtag(name[:-3]) == primary]
    return [folder / name for name in (same or names)]


def _language_subtag(code: str) -> str:
    return str(code).strip().replace("-", "_").split("_")[0].split("@")[0].split(".")[0].lower()


def _referenced_files(spec_files: list[Path]) -> list[Path]:
    """Files named by string values in the specs (images, logos, templates)."""
    found: set[Path] = set()

    def walk(value: Any, base: Path) -> None:
        if isinstance(value, dict):
            for v in value.values():
                walk(v, base)
        elif isinstance(value, list):
            for v in value:
                walk(v, base)
        elif (
            isinstance(value, str) and len(value) < 400 and "\n" not in value and "." in value[-6:]
        ):
            candidate = base / value
            try:
                if candidate.is_file():
                    found.add(candidate)
            except OSError:
                pass

    for spec in spec_files:
        walk(_peek(spec), spec.parent)
    return sorted(found)


def _settings(variant: Variant, options: BatchOptions) -> str:
    """The variant's build settings, as hashed (and kept with the stamps)."""
    deck = options.build
    settings = {
        "audience": variant.audience,
        "lang": variant.lang,
        "strict": deck.strict,
        "vars": sorted(deck.cli_vars.items()),
        "outside": deck.allow_outside_assets,
        "template": str(deck.template or ""),
        "fuzzy": deck.use_fuzzy,
        "coverage": deck.min_coverage,
        "bilingual_mode": deck.bilingual_mode if variant.bilingual else None,
        "reviewed": deck.require_reviewed,
        "epoch": os.environ.get("SOURCE_DATE_EPOCH", ""),
    }
    return json.dumps(settings, sort_keys=True)


def input_hash(variant: Variant, options: BatchOptions, record: InputRecord | None = None) -> str:
    """The SHA-256 of everything the variant's deck depends on; ``record`` collects the
    stamps of what was read."""
    digest = hashlib.sha256(_tool_digest().encode())
    chain = spec_chain_files(variant.spec)
    for path in chain + _referenced_files(chain):
        digest.update(str(path).encode())
        digest.update(_file_digest(path, record).encode())
    for lang in variant.bilingual or ((variant.lang,) if variant.lang else ()):
        folder = catalog_folder(variant.spec)
        if record is not None:
            record.folder(folder)  # None while it is missing: its creation is seen too
        for catalog in catalog_candidates(folder, lang):
            digest.update(catalog.name.encode())
            digest.update(_file_digest(catalog, record).encode())
    deck = options.build
    if deck.template is not None and deck.template.is_file():
        digest.update(_file_digest(deck.template, record).encode())
    digest.update(_settings(variant, options).encode())
    return digest.hexdigest()


# ---------------------------------------------------------------- building


def output_path(variant: Variant, out_dir: Path) -> Path:
    return out_dir / f"{variant.name}.pptx"


def build_variant(variant: Variant, options: BatchOptions, digest: str = "") -> Outcome:
    """Build one variant (runs in a worker process); never raises for input problems.

    ``digest`` is the variant's input hash when the caller has computed it already."""
    from .build import build, write_output  # lazy: the build stack, not for a no-op batch
    from .deckspec.loader import display_path  # lazy: as above

    start = time.perf_counter()
    out = output_path(variant, options.out_dir)
    outcome = Outcome(variant, out, "failed")
    try:
        outcome.input_hash = digest or input_hash(variant, options)
        result = build(
            variant.spec,
            replace(options.build, audience=variant.audience, lang=variant.lang)
            if variant.bilingual is None
            else replace(
                options.build, audience=variant.audience, lang=None, bilingual=variant.bilingual
            ),
        )
        write_output(result.data, out)
        outcome.status = "built"
        outcome.slides = len(result.deck.slides)
        outcome.warnings = [str(w) for w in result.diagnostics.warnings]
        outcome.size = len(result.data)
    except SpecError as exc:
        context = display_path(variant.spec)
        outcome.errors = [format_problem(p, context) for p in exc.problems]
    except Exception as exc:  # noqa: BLE001 - one broken variant must not stop the batch
        outcome.errors = [f"internal error: {type(exc).__name__}: {exc}"]
    outcome.seconds = time.perf_counter() - start
    return outcome


def _warm_up(langs: tuple[str, ...] = ()) -> None:
    """Load what every build needs once per worker (python-pptx, template, fonts, library).

    Workers forked from a parent that ran :func:`_preload` have it all already. Workers
    ignore Ctrl-C: the parent handles it, lets the builds in flight finish (each writes
    atomically) and drops the queued ones.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(Exception):  # only a head start: each build reports its problems
        _preload(langs)


def _preload(langs: tuple[str, ...] = ()) -> None:
    """What the first build in a process would load: python-pptx and the render stack, the
    library slides, the diagram kinds and their default data, the bundled fonts' metrics and
    glyph tables, Pillow's JPEG writer (the thumbnail) and, for ``langs``, the translation
    code and babel's data for each language. All are cached per process, so a second call
    costs nothing."""
    # lazy (all five): the preload runs in the parent only when something is to be built
    from PIL import JpegImagePlugin  # noqa: F401 - lazy: the thumbnail's writer, not all five

    from . import diagrams  # lazy: PyYAML and the diagram data
    from .deckspec.library import library_names, library_slide  # lazy: PyYAML
    from .layout import fonts  # lazy: Pillow's font tables
    from .render import deck  # noqa: F401 - lazy: python-pptx, the writers and their speed-ups

    for name in library_names():
        library_slide(name)
    for name in diagrams.kind_names():
        diagrams.get_kind(name)
        diagrams.default_data(name)
    for family in ("Arial", "Calibri"):
        fonts.line_height_pt(12, family)
        fonts.missing_glyphs(family, "x")
        for bold, italic in itertools.product((False, True), repeat=2):
            fonts.text_width_pt("x", 12, family, bold, italic)
    if langs:
        from .i18n import translate  # noqa: F401 - lazy: polib and the catalogues, for langs
        from .i18n.languages import language_info  # lazy: as above (babel's data)

        for lang in langs:
            with contextlib.suppress(SpecError):  # an unknown code fails in its own build
                language_info(lang)


def read_manifest(out_dir: Path) -> dict[str, dict[str, Any]]:
    path = out_dir / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {entry["output"]: entry for entry in data.get("variants", [])}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def write_manifest(
    out_dir: Path, outcomes: list[Outcome], kept: Iterable[dict[str, Any]] = ()
) -> Path:
    """Write ``out_dir/manifest.json`` atomically; ``kept`` are earlier entries still valid."""
    entries = {entry["output"]: entry for entry in kept}
    entries.update((o.output.name, o.manifest_entry()) for o in outcomes)
    data = {
        "tool": "coprod-slides",
        "version": __version__,
        "variants": [entries[name] for name in sorted(entries)],
    }
    path = out_dir / MANIFEST
    text = (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()
    with contextlib.suppress(OSError):
        if path.read_bytes() == text:  # a run with nothing to do: no write, no fsync
            return path
    try:
        atomic.atomic_write_bytes(text, path)
    except OSError as exc:  # e.g. the disk filled up: the old manifest is kept, whole
        raise SpecError(
            f"{path}: could not write the manifest ({exc.strerror or exc}); the "
            "previous one is unchanged, so the next run rebuilds what it lacks"
        ) from None
    return path


WORKER_DIED = (
    "the worker process building it stopped unexpectedly (killed, out of memory "
    "or crashed); nothing was written for it"
)


def _failed(variant: Variant, options: BatchOptions, message: str) -> Outcome:
    return Outcome(variant, output_path(variant, options.out_dir), "failed", errors=[message])


def _build_in_pool(
    work: Iterable[tuple[Variant, str]],
    options: BatchOptions,
    jobs: int,
    record: Callable[[Outcome], None],
    langs: tuple[str, ...] = (),
) -> list[Variant]:
    """Build in ``jobs`` worker processes; return the variants lost to a broken pool.

    ``work`` yields each variant to build with its input hash as it is hashed: the first ones
    are building while the rest are hashed. The parent loads the render stack first, so
    forked workers start with it.
    A worker that dies (killed, out of memory, a crash in a C library) breaks the whole
    pool: every variant not finished by then fails with BrokenProcessPool, not only the one
    that was running. Those are returned, to be built again one at a time.
    On Ctrl-C or SIGTERM the builds in flight finish (they write atomically), the queued
    ones are dropped, and the exception goes on.
    """
    from concurrent.futures import ProcessPoolExecutor, as_completed  # lazy: no pool, no-op batch
    from concurrent.futures.process import BrokenProcessPool  # lazy: as above

    lost: list[Variant] = []
    futures: dict = {}
    seen: set = set()
    with contextlib.suppress(Exception):  # a head start for the workers; each build reports
        _preload(langs)
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_warm_up, initargs=(langs,))
    try:
        for variant, digest in work:
            futures[pool.submit(build_variant, variant, options, digest)] = variant
        for future in as_completed(futures):
            seen.add(future)
            variant = futures[future]
            try:
                outcome = future.result()
            except BrokenProcessPool:
                lost.append(variant)
                continue
            except Exception as exc:  # noqa: BLE001 - e.g. an option that cannot be pickled
                outcome = _failed(variant, options, f"worker failed: {type(exc).__name__}: {exc}")
            record(outcome)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        # interrupted: the builds that were running have finished (and written) meanwhile
        for future in futures:
            if (
                future not in seen
                and future.done()
                and not future.cancelled()
                and future.exception() is None
            ):
                record(future.result())
    order = {v: i for i, v in enumerate(futures.values())}
    return sorted(lost, key=order.__getitem__)


def _build_isolated(
    variants: list[Variant], options: BatchOptions, record: Callable[[Outcome], None]
) -> None:
    """Build one at a time in a single worker, replaced when it dies: only the variant that
    really kills its worker fails."""
    from concurrent.futures import ProcessPoolExecutor  # lazy: no pool for a no-op batch
    from concurrent.futures.process import BrokenProcessPool  # lazy: as above

    pool: ProcessPoolExecutor | None = None
    try:
        for variant in variants:
            if pool is None:
                pool = ProcessPoolExecutor(max_workers=1, initializer=_warm_up)
            try:
                outcome = pool.submit(build_variant, variant, options).result()
            except BrokenProcessPool:
                pool.shutdown(wait=True)
                pool = None
                outcome = _failed(variant, options, WORKER_DIED)
            except Exception as exc:  # noqa: BLE001
                outcome = _failed(variant, options, f"worker failed: {type(exc).__name__}: {exc}")
            record(outcome)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def run_batch(
    variants: list[Variant],
    options: BatchOptions,
    progress: Callable[[Outcome, int, int], None] | None = None,
) -> list[Outcome]:
    """Build the variants (skipping unchanged ones); write the manifest; return outcomes.

    The manifest is written even when the batch is interrupted or a worker dies: it lists
    every variant that finished, and keeps the earlier entries of those that did not (their
    files were not touched), so it always matches the files in the folder.
    """
    options.out_dir.mkdir(parents=True, exist_ok=True)
    _digest_cached.cache_clear()  # digests are reused within one batch, never across batches
    previous = read_manifest(options.out_dir)
    outcomes: list[Outcome] = []
    stamps: dict[str, dict[str, Any] | None] = {}

    def record(outcome: Outcome) -> None:
        outcome.inputs = stamps.get(outcome.output.name)
        outcomes.append(outcome)
        if progress:
            progress(outcome, len(outcomes), len(variants))

    def needing_build():
        """Hash each variant in turn: record the unchanged ones, yield (variant, hash) for
        the others, lazily, so that building starts while the rest are hashed. A variant
        whose recorded inputs all stat as they did is unchanged without being hashed."""
        for variant in variants:
            out = output_path(variant, options.out_dir)
            entry = previous.get(out.name) or {}
            built = entry.get("status") in ("built", "skipped")
            try:
                size = out.stat().st_size if built and not options.force else -1
            except OSError:
                size = -1
            digest = ""
            if size >= 0 and size == entry.get("size"):
                digest = unchanged_hash(entry, variant, options)
                if digest:
                    stamps[out.name] = entry["inputs"]
            if not digest:
                inputs = InputRecord()
                try:
                    digest = input_hash(variant, options, inputs)
                    stamps[out.name] = inputs.as_json(_settings(variant, options))
                except (SpecError, OSError):
                    digest = ""  # built anyway: build_variant reports the problem
            if size >= 0 and digest and entry.get("input_hash") == digest:
                record(
                    Outcome(
                        variant,
                        out,
                        "skipped",
                        digest,
                        entry.get("slides", 0),
                        list(entry.get("warnings", [])),
                        [],
                        size,
                        0.0,
                    )
                )
            else:
                yield variant, digest

    jobs = options.jobs or os.cpu_count() or 1
    work = needing_build()
    try:
        first = list(itertools.islice(work, 2))  # a pool only for two or more
        if len(first) <= 1 or jobs == 1:
            for variant, digest in itertools.chain(first, work):
                record(build_variant(variant, options, digest))
        else:
            langs = tuple(sorted({v.lang for v in variants if v.lang}))
            width = min(jobs, len(variants) - len(outcomes))
            lost = _build_in_pool(itertools.chain(first, work), options, width, record, langs)
            _build_isolated(lost, options, record)
    finally:
        done = {o.output.name for o in outcomes}
        unfinished = [
            previous[name]
            for name in (output_path(v, options.out_dir).name for v in variants)
            if name in previous and name not in done
        ]
        order = {v: i for i, v in enumerate(variants)}
        outcomes.sort(key=lambda o: order[o.variant])
        write_manifest(options.out_dir, outcomes, unfinished)
    return outcomes


def summary_table(outcomes: list[Outcome]) -> str:
    header = ("deck", "audience", "lang", "status", "slides", "warnings", "size", "time")
    rows = [header]
    for o in outcomes:
        rows.append(
            (
                o.variant.spec.stem,
                o.variant.audience or "-",
                o.variant.lang or "-",
                o.status,
                str(o.slides or "-"),
                str(len(o.warnings)),
                f"{o.size / 1024:.0f} KiB" if o.size else "-",
                f"{o.seconds:.2f}s" if o.status == "built" else "-",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
