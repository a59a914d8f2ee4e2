"""Batch throughput against pandoc at the same parallel width, as a ratio from one run.

    python benchmarks/pandoc_width.py               # width 2, 5 paired repetitions
    python benchmarks/pandoc_width.py --width 4 --reps 9

coprod-slides: ``coprod-slides batch workshop.yaml --audience all --lang all --force -j W``
(the workshop's four audiences × its languages, source and Welsh: 8 decks) in a copy of
``decks/``. pandoc: the same number of decks, each ``pandoc -o N.pptx deck.md`` of a
Markdown deck with the workshop's 12 slides, texts and ``::: notes`` (made from a built
workshop deck), run ``W`` at a time with ``xargs -P W``. The two alternate (A B A B ...), so
each pair saw the same load; the ratio of decks per second is taken pair by pair and its
median and range reported (target: at least 2). Needs pandoc on PATH (``apt-get install -y
pandoc``).
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


def timed(cmd: list[str], cwd: Path, env: dict, stdin: bytes | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, input=stdin, check=True, capture_output=True)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--width", type=int, default=2, help="parallel processes (default 2)")
    parser.add_argument("--reps", type=int, default=5, help="paired repetitions (median)")
    args = parser.parse_args(argv)
    pandoc = shutil.which("pandoc")
    if not pandoc:
        sys.exit("pandoc is not on PATH (apt-get install -y pandoc)")
    cli = cli_command()
    work = Path(tempfile.mkdtemp(prefix="coprod-pandoc-"))
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as an installed tool: bytecode cached
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    project = work / "project"
    shutil.copytree(
        WORKSHOP.parent, project, ignore=shutil.ignore_patterns("__init__.py", "__pycache__")
    )
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
    for _ in range(args.reps):
        a = timed(batch, work, env)
        b = timed(xargs, work, env, numbers)
        ours.append(decks / a)
        theirs.append(decks / b)
        ratios.append((decks / a) / (decks / b))
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
