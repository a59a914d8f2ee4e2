"""Scaling in slides: builds of 10, 100 and 1000 slides, and their ratios, from one run.

    python benchmarks/scaling.py                 # 10, 100, 1000 slides; 3 repetitions each
    python benchmarks/scaling.py --sizes 10 100 --reps 5

Each deck is the workshop's content repeated: a title slide, then the library slides the
workshop uses (bullets, two columns, diagrams, notes on every slide) in turn, each with its
own id, so half the slides carry one of the six diagrams. Each size is built with
``coprod-slides build`` in a subprocess; the sizes are interleaved (10, 100, 1000, 10, ...) so
a change in the machine's load affects them alike. Reports, per size, the median wall and CPU
seconds (user + system, from ``os.wait4``) and the peak RSS, then the ratios 100/10 and
1000/100 (linear: 10; the target for 1000/100 is at most 11). CPU time is the steadier figure
on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import cli_command  # noqa: E402 - same folder

LIBRARY = (
    "intro",
    "agenda",
    "around-the-table",
    "when-to-coproduce",
    "ladder",
    "levels",
    "outputs-outcomes",
    "how-not-extra",
    "strategic",
    "reflect",
    "credits",
    "values",
)


def deck_spec(slides: int) -> str:
    lines = [
        'title: "Scaling: {n} slides"'.replace("{n}", str(slides)),
        "language: en-GB",
        "slides:",
        "  - type: title",
        "    id: cover",
        '    title: "A long deck"',
        "    notes: Welcome everyone.",
    ]
    for index in range(slides - 1):
        lines += [f"  - use: coprod/{LIBRARY[index % len(LIBRARY)]}", f"    id: s{index}"]
    return "\n".join(lines) + "\n"


def build_once(cli: list[str], spec: Path, out: Path, env: dict) -> dict:
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*cli, "build", str(spec), "-o", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"build of {spec} failed: {proc.stderr.read().decode(errors='replace')}")
    proc.stderr.close()
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--reps", type=int, default=3, help="builds per size (median)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write results here")
    args = parser.parse_args(argv)
    cli = cli_command()
    work = Path(tempfile.mkdtemp(prefix="coprod-scaling-"))
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as an installed tool: bytecode cached
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    specs = {}
    for size in args.sizes:
        specs[size] = work / f"deck-{size}.yaml"
        specs[size].write_text(deck_spec(size), encoding="utf-8")
        build_once(cli, specs[size], work / f"deck-{size}.pptx", env)  # warm-up
    runs: dict[int, list[dict]] = {size: [] for size in args.sizes}
    for _ in range(args.reps):
        for size in args.sizes:
            runs[size].append(build_once(cli, specs[size], work / f"deck-{size}.pptx", env))
    results = {}
    print(f"{'slides':>6}  {'wall s (min-max)':>22}  {'cpu s (min-max)':>22}  {'peak MB':>7}")
    for size in args.sizes:
        row = {}
        for key in ("wall", "cpu"):
            values = [r[key] for r in runs[size]]
            row[key] = (statistics.median(values), min(values), max(values))
        row["rss_mb"] = max(r["rss_mb"] for r in runs[size])
        results[size] = row
        print(
            f"{size:>6}  {row['wall'][0]:8.2f} ({row['wall'][1]:.2f}-{row['wall'][2]:.2f})"
            f"  {row['cpu'][0]:8.2f} ({row['cpu'][1]:.2f}-{row['cpu'][2]:.2f})"
            f"  {row['rss_mb']:7.0f}"
        )
    ratios = {}
    for small, large in zip(args.sizes, args.sizes[1:], strict=False):
        for key in ("wall", "cpu"):
            ratios[f"{large}/{small} {key}"] = results[large][key][0] / results[small][key][0]
    for name, value in ratios.items():
        print(f"{name}: {value:.2f}")
    if args.json:
        args.json.write_text(
            json.dumps({"runs": runs, "results": results, "ratios": ratios}, indent=2) + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
