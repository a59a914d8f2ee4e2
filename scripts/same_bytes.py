#!/usr/bin/env python3
"""Show that a change leaves the built decks byte-identical.

Builds every deck variant the project ships (each deck in decks/, the workshop's audiences,
Welsh, bilingual in both modes, and a Welsh deck whose strings are mostly untranslated) with
the code at a base git revision and with the working tree, then compares the files byte for
byte:

    python scripts/same_bytes.py                 # base: HEAD
    python scripts/same_bytes.py --base main~3   # any revision
    python scripts/same_bytes.py --keep out/     # keep both sets of decks for a look

Each side is installed with ``pip install --no-deps --target`` into a temporary folder (no
network, a few seconds), so the two builds share nothing but the Python environment.
Exit code 0: every deck identical; 1: a difference (listed).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EPOCH = "1700000000"

VARIANTS: list[tuple[str, list[str]]] = [
    ("workshop", ["decks/workshop.yaml"]),
    ("workshop-citizens", ["decks/workshop.yaml", "--audience", "citizens"]),
    ("workshop-practitioners", ["decks/workshop.yaml", "--audience", "practitioners"]),
    ("workshop-commissioners", ["decks/workshop.yaml", "--audience", "commissioners"]),
    ("workshop-board", ["decks/workshop.yaml", "--audience", "board"]),
    ("workshop-cy", ["decks/workshop.yaml", "--lang", "cy"]),
    ("workshop-citizens-cy", ["decks/workshop.yaml", "--audience", "citizens", "--lang", "cy"]),
    ("workshop-cy-en", ["decks/workshop.yaml", "--bilingual", "cy,en"]),
    (
        "workshop-cy-en-alternate",
        ["decks/workshop.yaml", "--bilingual", "cy,en", "--bilingual-mode", "alternate"],
    ),
    ("example", ["decks/example.yaml"]),
    # decks/locales/cy.po holds few of example.yaml's strings: most fall back to English,
    # tagged en-GB in a Welsh deck (and in the Welsh half of bilingual notes)
    ("example-cy", ["decks/example.yaml", "--lang", "cy"]),
    ("example-cy-en", ["decks/example.yaml", "--bilingual", "cy,en"]),
    ("diagram-gallery", ["decks/diagram-gallery.yaml"]),
]


def install(source: Path, target: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(source),
        ],
        check=True,
        capture_output=True,
    )


def build_all(site: Path, decks_root: Path, out: Path) -> dict[str, str]:
    """Build every variant with the package installed in ``site``; name → sha256 or error."""
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(site), "SOURCE_DATE_EPOCH": EPOCH}
    result = {}
    for name, args in VARIANTS:
        spec = decks_root / args[0]
        if not spec.exists():
            result[name] = "missing spec"
            continue
        target = out / f"{name}.pptx"
        run = subprocess.run(
            [
                sys.executable,
                "-c",
                "from coprod_slides.cli import main; main()",
                "build",
                str(spec),
                *args[1:],
                "-o",
                str(target),
            ],
            env=env,
            capture_output=True,
            text=True,
            cwd=decks_root,
        )
        if run.returncode or not target.exists():
            last = (run.stderr.strip().splitlines() or ["(no message)"])[-1]
            result[name] = f"failed: {last}"
            continue
        result[name] = hashlib.sha256(target.read_bytes()).hexdigest()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="HEAD", help="git revision to compare with")
    parser.add_argument("--keep", type=Path, help="keep both sets of decks in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="same-bytes-") as tmp:
        work = Path(tmp)
        base_tree = work / "base-tree"
        subprocess.run(
            [
                "git",
                "-C",
                str(ROOT),
                "worktree",
                "add",
                "--detach",
                "-q",
                str(base_tree),
                args.base,
            ],
            check=True,
        )
        try:
            install(base_tree, work / "base-site")
            install(ROOT, work / "new-site")
            out = args.keep or work / "decks"
            before = build_all(work / "base-site", base_tree, out / "base")
            after = build_all(work / "new-site", ROOT, out / "new")
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base_tree)],
                check=False,
            )
        for leftover in ROOT.glob("build"):
            shutil.rmtree(leftover, ignore_errors=True)
    differ = 0
    for name, _ in VARIANTS:
        same = before[name] == after[name] and len(before[name]) == 64
        differ += not same
        mark = "same" if same else "DIFFERENT"
        print(f"{mark:9}  {name:28} {before[name][:16]}  {after[name][:16]}")
    print(f"{len(VARIANTS) - differ} of {len(VARIANTS)} decks byte-identical to {args.base}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
