"""Benchmarks for coprod-slides (issue 6): run by hand, not in CI.

    python benchmarks/run.py                # 5 repetitions of everything, then a table
    python benchmarks/run.py --reps 3 --json results.json

Measures, as the median of ``--reps`` repetitions (after one unmeasured warm-up run):

a. ``coprod-slides --help`` (wall time of the process);
b. ``coprod-slides build`` of the built-in workshop deck;
c. the floor: a plain python-pptx script that opens the same base template, adds the same
   number of slides, text boxes (with the same texts) and notes as the built workshop deck, and
   saves;
d. ``coprod-slides batch --force`` of 12 variants (3 copies of the workshop spec × its 4
   audiences) against 12 separate ``build`` processes run one after another;
e. a no-op ``batch`` of the same 12 (nothing changed), per variant;
f. ``pandoc -o x.pptx deck.md`` of a Markdown deck with the same slides and ``::: notes``
   (when pandoc is on PATH): decks per second against the batch's.

Peak RSS comes from ``os.wait4`` (the rusage of each measured process); for the batch, the
command runs through a tiny wrapper that reports its own peak and its largest worker's
(``RUSAGE_CHILDREN``: the workers are waited for when the pool shuts down).

Standard library plus python-pptx (which the project installs); pandoc is optional.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "assets" / "templates" / "coprod-16x9.pptx"
WORKSHOP = ROOT / "decks" / "workshop.yaml"
AUDIENCES = ("citizens", "practitioners", "commissioners", "board")
COPIES = 3  # × 4 audiences = 12 variants

TARGETS = {  # issue 19
    "build_vs_floor": 1.0,  # build no slower than the floor
    "batch_vs_pandoc_throughput": 2.0,  # batch decks/s ≥ 2 × pandoc's (one at a time here;
    # pandoc_width.py compares at the same parallel width)
    "batch_vs_separate": 0.35,  # batch of 12 ≤ 0.35 × 12 separate builds
    "noop_per_variant_ms": 10.0,
    "help_ms": 50.0,
    "rss_per_worker_mb": 150.0,
}

FLOOR_SCRIPT = Path(__file__).resolve().parent / "floor.py"  # python-pptx alone

# Runs the CLI in-process and reports its own peak RSS and its largest child's (a batch worker).
RSS_WRAPPER = """\
import json
import resource
import sys

from coprod_slides.cli import main

report, args = sys.argv[1], sys.argv[2:]
code = 0
try:
    main(args, prog_name="coprod-slides")
except SystemExit as exc:
    code = exc.code or 0
finally:
    with open(report, "w", encoding="utf-8") as handle:
        json.dump({"self_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                   "children_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss},
                  handle)
sys.exit(code)
"""


@dataclass
class Run:
    seconds: float
    maxrss_kb: int
    extra: dict = field(default_factory=dict)


@dataclass
class Measure:
    name: str
    runs: list[Run]
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def spread(self) -> tuple[float, float]:
        times = [r.seconds for r in self.runs]
        return min(times), max(times)

    @property
    def rss_mb(self) -> float:
        return max(r.maxrss_kb for r in self.runs) / 1024

    def summary(self) -> dict:
        low, high = self.spread
        return {
            "name": self.name,
            "median_s": self.median,
            "min_s": low,
            "max_s": high,
            "peak_rss_mb": round(self.rss_mb, 1),
            "note": self.note,
            "runs": [asdict(r) for r in self.runs],
        }


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``cmd``; its wall time and peak RSS (this process only, from wait4)."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code != 0:
            log.seek(0)
            sys.exit(f"{' '.join(cmd)} failed ({code}):\n{log.read().decode(errors='replace')}")
    return Run(seconds, usage.ru_maxrss)


def repeat(name: str, reps: int, once, note: str = "") -> Measure:
    once()  # warm-up: page cache, .pyc files, first-run costs
    runs = [once() for _ in range(reps)]
    measure = Measure(name, runs, note)
    low, high = measure.spread
    print(
        f"  {name:<34} median {measure.median * 1000:8.0f} ms "
        f"(min {low * 1000:.0f}, max {high * 1000:.0f}), peak RSS {measure.rss_mb:.0f} MB",
        file=sys.stderr,
    )
    return measure


def cli_command() -> list[str]:
    script = Path(sys.executable).parent / "coprod-slides"
    if script.exists():
        return [str(script)]
    found = shutil.which("coprod-slides")
    return [found] if found else [sys.executable, "-m", "coprod_slides.cli"]


# ---------------------------------------------------------------- the deck's contents


def deck_contents(pptx_path: Path) -> list[dict]:
    """Per slide: the text of every shape (groups flattened), the title and the notes."""
    from pptx import Presentation

    def flatten(shapes):
        for shape in shapes:
            if shape.shape_type == 6:  # GROUP
                yield from flatten(shape.shapes)
            else:
                yield shape

    slides = []
    for slide in Presentation(str(pptx_path)).slides:
        shapes = list(flatten(slide.shapes))
        texts = [s.text_frame.text if s.has_text_frame else "" for s in shapes]
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        notes = (
            slide.notes_slide.notes_text_frame.text
            if slide.has_notes_slide and slide.notes_slide.notes_text_frame
            else ""
        )
        slides.append(
            {"title": title or next((t for t in texts if t), ""), "shapes": texts, "notes": notes}
        )
    return slides


def markdown_deck(slides: list[dict]) -> str:
    """A pandoc Markdown deck: one '#' heading per slide, its texts as bullets, its notes."""

    def clean(text: str) -> str:
        return " ".join(text.replace("\v", " ").split()).replace("*", "\\*").replace("#", "\\#")

    out = []  # no metadata title: pandoc would add a title slide
    for slide in slides:
        title = clean(slide["title"]) or "Slide"
        out += [f"# {title}", ""]
        for text in slide["shapes"]:
            if text.strip() and clean(text) != title:
                out.append(f"- {clean(text)}")
        out.append("")
        if slide["notes"].strip():
            out += [
                "::: notes",
                "",
                *[clean(p) for p in slide["notes"].split("\n") if p.strip()],
                ":::",
                "",
            ]
    return "\n".join(out)


# ---------------------------------------------------------------- the benchmark


def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    pandoc = shutil.which("pandoc")
    pandoc_version = ""
    if pandoc:
        pandoc_version = subprocess.run(
            [pandoc, "--version"], capture_output=True, text=True
        ).stdout.splitlines()[0]
    import pptx

    return {
        "nproc": os.cpu_count(),
        "cpu": model or platform.processor(),
        "ram": ram,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "python_pptx": pptx.__version__,
        "pandoc": pandoc_version,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=5, help="repetitions per measure (median)")
    parser.add_argument(
        "--jobs", type=int, default=0, help="batch worker processes (default 0: the number of CPUs)"
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write results here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="keep the environment's bytecode setting (by default the commands "
        "may cache .pyc files, in the temporary folder, as an installed "
        "tool does; PYTHONDONTWRITEBYTECODE would recompile every run)",
    )
    args = parser.parse_args(argv)
    if args.reps < 1:
        parser.error("--reps must be at least 1")

    cli = cli_command()
    work = Path(tempfile.mkdtemp(prefix="coprod-bench-"))
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    if not args.no_bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    info = machine()
    info["package"] = subprocess.run(
        [sys.executable, "-c", "import coprod_slides as c; print(c.__file__, c.__version__)"],
        env=env,
        cwd=work,
        capture_output=True,
        text=True,
    ).stdout.strip()
    info["bytecode_cache"] = not args.no_bytecode_cache
    print(
        f"machine: {info['nproc']} CPU(s), {info['cpu']}, {info['ram']} RAM, "
        f"Python {info['python']}; {info['pandoc'] or 'no pandoc'}",
        file=sys.stderr,
    )
    print(
        f"command: {' '.join(cli)} ({info['package']}); {args.reps} repetitions; "
        f"work folder {work}",
        file=sys.stderr,
    )
    measures: dict[str, Measure] = {}
    try:
        # a. --help
        measures["help"] = repeat(
            "a. --help", args.reps, lambda: timed([*cli, "--help"], work, env)
        )

        # b. build the workshop deck
        built = work / "workshop.pptx"
        measures["build"] = repeat(
            "b. build workshop",
            args.reps,
            lambda: timed([*cli, "build", "-o", str(built)], work, env),
        )

        # c. the floor
        slides = deck_contents(built)
        shapes = sum(len(s["shapes"]) for s in slides)
        chars = sum(len(t) for s in slides for t in s["shapes"])
        floor_spec = work / "floor.json"
        floor_spec.write_text(
            json.dumps({"template": str(TEMPLATE), "slides": slides}), encoding="utf-8"
        )
        floor_py = FLOOR_SCRIPT
        measures["floor"] = repeat(
            "c. floor (python-pptx)",
            args.reps,
            lambda: timed(
                [sys.executable, str(floor_py), str(floor_spec), str(work / "floor.pptx")],
                work,
                env,
            ),
            note=f"{len(slides)} slides, {shapes} text boxes ({chars} characters), notes",
        )

        # d. batch of 12 against 12 separate builds
        project = work / "project"
        shutil.copytree(
            WORKSHOP.parent, project, ignore=shutil.ignore_patterns("__init__.py", "__pycache__")
        )
        specs = []
        for copy in range(COPIES):
            spec = project / f"workshop-{copy + 1}.yaml"
            shutil.copyfile(WORKSHOP, spec)
            specs.append(spec)
        variants = [(spec, audience) for spec in specs for audience in AUDIENCES]
        out = work / "out"
        wrapper = work / "rss_wrapper.py"
        wrapper.write_text(RSS_WRAPPER, encoding="utf-8")
        batch_args = [
            "batch",
            *map(str, specs),
            *[f"--audience={a}" for a in AUDIENCES],
            "-o",
            str(out),
            "-j",
            str(args.jobs),
        ]

        def batch_once(force: bool) -> Run:
            report = work / "rss.json"
            run = timed(
                [
                    sys.executable,
                    str(wrapper),
                    str(report),
                    *batch_args,
                    *(["--force"] if force else []),
                ],
                work,
                env,
            )
            usage = json.loads(report.read_text(encoding="utf-8"))
            entries = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["variants"]
            statuses = {e["status"] for e in entries}
            if statuses != ({"built"} if force else {"skipped"}) or len(entries) != len(variants):
                sys.exit(f"batch (force={force}) did not do what was measured: {statuses}")
            usage["variant_seconds"] = [e["seconds"] for e in entries]
            run.extra = usage
            run.maxrss_kb = usage["children_kb"] or usage["self_kb"]  # per worker
            return run

        measures["batch"] = repeat(
            f"d. batch --force ({len(variants)})",
            args.reps,
            lambda: batch_once(True),
            note="peak RSS: the largest worker",
        )
        separate_dir = work / "separate"
        separate_dir.mkdir()

        def separate_once() -> Run:
            runs = [
                timed(
                    [
                        *cli,
                        "build",
                        str(spec),
                        "--audience",
                        audience,
                        "-o",
                        str(separate_dir / f"{spec.stem}-{audience}.pptx"),
                    ],
                    work,
                    env,
                )
                for spec, audience in variants
            ]
            return Run(sum(r.seconds for r in runs), max(r.maxrss_kb for r in runs))

        measures["separate"] = repeat(
            f"d. {len(variants)} separate builds", args.reps, separate_once
        )

        # e. no-op batch
        measures["noop"] = repeat(
            f"e. no-op batch ({len(variants)})",
            args.reps,
            lambda: batch_once(False),
            note="peak RSS: the batch process (no workers start)",
        )
        for run in measures["noop"].runs:
            run.maxrss_kb = run.extra["self_kb"]

        # f. pandoc
        pandoc = shutil.which("pandoc")
        if pandoc:
            md = work / "deck.md"
            md.write_text(markdown_deck(slides), encoding="utf-8")
            measures["pandoc"] = repeat(
                "f. pandoc deck.md",
                args.reps,
                lambda: timed([pandoc, "-o", str(work / "pandoc.pptx"), str(md)], work, env),
                note=f"{_count_slides(work / 'pandoc.pptx', md, pandoc, work)} slides with notes",
            )
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)

    results = report(measures, len(variants), info)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}", file=sys.stderr)
    return 0


def _count_slides(pptx_path: Path, md: Path, pandoc: str, work: Path) -> int:
    from pptx import Presentation

    if not pptx_path.exists():
        subprocess.run([pandoc, "-o", str(pptx_path), str(md)], cwd=work, check=True)
    # pandoc adds a title slide for the metadata title; count what it wrote
    return len(Presentation(str(pptx_path)).slides)


def report(measures: dict[str, Measure], n_variants: int, info: dict) -> dict:
    m = {k: v.median for k, v in measures.items()}
    rows = []
    for key, measure in measures.items():
        low, high = measure.spread
        rows.append(
            (
                measure.name,
                f"{m[key] * 1000:.0f}",
                f"{low * 1000:.0f}-{high * 1000:.0f}",
                f"{measure.rss_mb:.0f}",
                measure.note,
            )
        )
    header = ("measure", "median ms", "min-max ms", "peak RSS MB", "note")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print()
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())

    batch_rate = n_variants / m["batch"]
    ratios = {
        "build_vs_floor": (
            m["build"] / m["floor"],
            "≤",
            TARGETS["build_vs_floor"],
            "build / floor",
        ),
        "batch_vs_separate": (
            m["batch"] / m["separate"],
            "≤",
            TARGETS["batch_vs_separate"],
            f"batch of {n_variants} / {n_variants} separate builds",
        ),
        "noop_per_variant_ms": (
            m["noop"] * 1000 / n_variants,
            "≤",
            TARGETS["noop_per_variant_ms"],
            "no-op batch, ms per variant",
        ),
        "help_ms": (m["help"] * 1000, "≤", TARGETS["help_ms"], "--help, ms"),
        "rss_per_worker_mb": (
            max(measures[k].rss_mb for k in ("build", "batch")),
            "≤",
            TARGETS["rss_per_worker_mb"],
            "peak RSS MB (build process, largest batch worker)",
        ),
    }
    if "pandoc" in m:
        pandoc_rate = 1 / m["pandoc"]
        ratios["batch_vs_pandoc_throughput"] = (
            batch_rate / pandoc_rate,
            "≥",
            TARGETS["batch_vs_pandoc_throughput"],
            f"batch {batch_rate:.2f} decks/s / pandoc {pandoc_rate:.2f} decks/s",
        )
    print()
    print(f"{'target':<28} {'value':>8}  {'goal':<7} {'ok':<4} detail")
    for key, (value, op, goal, detail) in ratios.items():
        ok = value <= goal if op == "≤" else value >= goal
        print(f"{key:<28} {value:8.2f}  {op} {goal:<5g} {'yes' if ok else 'NO':<4} {detail}")
    return {
        "machine": info,
        "measures": {k: v.summary() for k, v in measures.items()},
        "throughput_decks_per_s": {
            "batch": batch_rate,
            **({"pandoc": 1 / m["pandoc"]} if "pandoc" in m else {}),
        },
        "ratios": {
            k: {
                "value": v,
                "op": op,
                "target": goal,
                "ok": v <= goal if op == "≤" else v >= goal,
                "detail": d,
            }
            for k, (v, op, goal, d) in ratios.items()
        },
    }


if __name__ == "__main__":
    sys.exit(main())
