"""Shared fixtures: the repo root on sys.path, spec writing, the OOXML checker, LibreOffice."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# ../shared beside the repo; COPROD_SHARED points elsewhere (e.g. from a git worktree)
SHARED = Path(os.environ.get("COPROD_SHARED") or ROOT.parent / "shared")
OOXML_CHECK = SHARED / "tools" / "ooxml_check.py"


@pytest.fixture
def write_spec(tmp_path):
    """Write a YAML spec (dedented) into a temp folder and return its path."""

    def _write(text: str, name: str = "deck.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


def ooxml_problems(path: Path) -> list[str]:
    """Run ../shared/tools/ooxml_check.py on a deck; skip when shared/ is not beside the repo."""
    if not OOXML_CHECK.exists():
        pytest.skip(
            f"{OOXML_CHECK} not found: the OOXML schema check needs ../shared beside the repo"
        )
    result = subprocess.run(
        [sys.executable, str(OOXML_CHECK), str(path)], capture_output=True, text=True, timeout=120
    )
    lines = [ln for ln in result.stdout.splitlines() if not ln.endswith(": OK")]
    return lines if result.returncode else []


@pytest.fixture
def check_ooxml():
    def _check(path: Path) -> None:
        problems = ooxml_problems(path)
        assert not problems, "\n".join(problems)

    return _check


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def render_pdf(deck: Path, outdir: Path) -> Path:
    """Convert a deck to PDF with LibreOffice (skip when it is not installed)."""
    exe = soffice()
    if not exe:
        pytest.skip("LibreOffice (soffice) is not installed; CI installs it via .ci/run")
    profile = outdir / "lo-profile"
    subprocess.run(
        [
            exe,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(deck),
        ],
        capture_output=True,
        timeout=240,
        check=False,
    )
    pdf = outdir / (deck.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice did not convert {deck}"
    return pdf


def pdf_pages(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        for line in out.splitlines():
            if line.startswith("Pages:"):
                return int(line.split()[1])
    return pdf.read_bytes().count(b"/Type /Page") - pdf.read_bytes().count(b"/Type /Pages")


# Every message the tests produce is scanned for Python internals (exception names, reprs).
from .message_scan import (  # noqa: E402, F401
    no_python_internals_in_messages,
    pytest_configure,
    pytest_terminal_summary,  # noqa: E402, F401
)
