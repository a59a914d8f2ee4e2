"""Batch throughput against pandoc at the same parallel width, as a ratio from one run.

    python benchmarks/pandoc_width.py               # width 2, 5 paired repetitions
    python benchmarks/pandoc_width.py --width 4 --reps 9

coprod-slides: ``coprod-slides batch workshop.yaml --audience all --lang all --force -j W``
(the workshop's four audiences × its languages, source and Welsh: 8 decks) in a copy of
``decks/``. pandoc: the same number of decks, each ``pandoc -o N.pptx deck.md`` of a
Markdown deck with the workshop's 12 slides, texts and ``::: notes`` (made from a built
workshop deck), run ``W`` at a time with ``xargs -P W``. The two alternate (A B A B ...), so
each pair saw the same load; the ratio of decks per second is taken pair by pair and its
median and range reported (target: at least 2). On a shared machine wall times follow the
load, so the same is reported for decks per CPU second (user + system of the whole process
tree, from ``wait4``: the batch's workers, xargs' pandocs). Needs pandoc on PATH (``apt-get
install -y pandoc``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import WORKSHOP, cli_command, deck_contents, markdown_deck  # noqa: E402


def timed(cmd: list[str], cwd: Path, env: dict, stdin: bytes | None = None) -> tuple[float, float]:
    """Wall seconds and CPU seconds (the process and every child it waited for)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        cmd,
        cwd=cwd,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    process.stdin.write(stdin or b"")
    process.stdin.close()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        sys.exit(f"{cmd[0]} failed (exit {process.returncode})")
    return wall, usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--width", type=int, default=2, help="parallel processes (default 2)")
    parser.add_argument("--reps", type=int, default=5, help="paired repetitions (median)")
    parser.add_argument(
        "--source",
        type=Path,
        help="run coprod-slides from this source tree instead (python -m coprod_slides.cli "
        "with PYTHONPATH), e.g. an earlier commit from 'git archive'",
    )
    args = parser.parse_args(argv)
    pandoc = shutil.which("pandoc")
    if not pandoc:
        sys.exit("pandoc is not on PATH (apt-get install -y pandoc)")
    cli = cli_command()
    work = Path(tempfile.mkdtemp(prefix="coprod-pandoc-"))
    env = dict(os.environ)
    if args.source:
        cli = [sys.executable, "-m", "coprod_slides.cli"]
        env["PYTHONPATH"] = str(args.source.resolve())
    env.pop("SOURCE_DATE_EPOCH", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as an installed tool: bytecode cached
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    project = work / "project"
    decks_dir = args.source / "decks" if args.source else WORKSHOP.parent  # its own decks
    shutil.copytree(decks_dir, project, ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    built = work / "workshop.pptx"
    subprocess.run(
        [*cli, "build", str(project / "workshop.yaml"), "-o", str(built)],
        env=env,
        check=True,
        capture_output=True,
    )
    md = work / "deck.md"
    md.write_text(markdown_deck(deck_contents(built)), encoding="utf-8")
    batch = [
        *cli,
        "batch",
        str(project / "workshop.yaml"),
        "--audience",
        "all",
        "--lang",
        "all",
        "--force",
        "-j",
        str(args.width),
        "-o",
        str(work / "out"),
    ]
    subprocess.run(batch, cwd=work, env=env, check=True, capture_output=True)  # warm-up
    decks = len(list((work / "out").glob("*.pptx")))
    (work / "pandoc").mkdir()
    numbers = "".join(f"{i}\n" for i in range(decks)).encode()
    xargs = ["xargs", "-P", str(args.width), "-I{}", pandoc, "-o", "pandoc/{}.pptx", str(md)]
    timed(xargs, work, env, numbers)  # warm-up
    ours, theirs, ratios = [], [], []
    ours_cpu, theirs_cpu, ratios_cpu = [], [], []
    for _ in range(args.reps):
        a, a_cpu = timed(batch, work, env)
        b, b_cpu = timed(xargs, work, env, numbers)
        ours.append(decks / a)
        theirs.append(decks / b)
        ratios.append(b / a)
        ours_cpu.append(decks / a_cpu)
        theirs_cpu.append(decks / b_cpu)
        ratios_cpu.append(b_cpu / a_cpu)
    shutil.rmtree(work, ignore_errors=True)

    def line(name: str, values: list[float]) -> str:
        return (
            f"{name:<34} median {statistics.median(values):6.2f} "
            f"(min {min(values):.2f}, max {max(values):.2f})"
        )

    print(f"{decks} decks, width {args.width}, {args.reps} paired runs")
    print(line("coprod-slides batch, decks/s", ours))
    print(line("pandoc via xargs -P, decks/s", theirs))
    print(line("ratio (coprod-slides / pandoc)", ratios))
    print(line("coprod-slides batch, decks/CPU s", ours_cpu))
    print(line("pandoc via xargs -P, decks/CPU s", theirs_cpu))
    print(line("ratio per CPU second", ratios_cpu))
    return 0


if __name__ == "__main__":
    sys.exit(main())
