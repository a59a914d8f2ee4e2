"""``coprod-slides doctor``: what this machine has, and which commands need what."""

from __future__ import annotations

import importlib.util
import platform
import shutil
import subprocess
import sys

import click

from ... import __version__
from ..handling import handle_errors

INSTALL = {
    "LibreOffice": {
        "linux": "sudo apt-get install libreoffice-impress (Debian/Ubuntu)",
        "darwin": "brew install --cask libreoffice, or the installer from libreoffice.org",
        "win32": "winget install TheDocumentFoundation.LibreOffice, or libreoffice.org",
    },
    "poppler": {
        "linux": "sudo apt-get install poppler-utils (Debian/Ubuntu)",
        "darwin": "brew install poppler",
        "win32": "conda install -c conda-forge poppler, or a poppler build on PATH",
    },
}


def _platform() -> str:
    return (
        "win32"
        if sys.platform.startswith("win")
        else sys.platform
        if sys.platform in ("darwin",)
        else "linux"
    )


def _version(exe: str, *args: str) -> str:
    try:
        result = subprocess.run(
            [exe, *args], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return "found, but it did not run"
    text = (result.stdout or result.stderr).strip().splitlines()
    return text[0].strip() if text else "found"


def _line(ok: bool, name: str, detail: str) -> None:
    click.echo(f"  [{'ok' if ok else '--'}] {name}: {detail}")


@click.command()
@handle_errors
def doctor() -> None:
    """Check what this machine has (LibreOffice, poppler, fonts, web extras) and say which
    commands need each; exits 0 either way."""
    from ...layout.fonts import FONTS_DIR  # lazy: Pillow, when the command runs

    where = _platform()
    click.echo(
        f"coprod-slides {__version__}, Python {platform.python_version()} "
        f"on {platform.system()} {platform.release()}"
    )
    click.echo("Needed by every command (installed with coprod-slides):")
    for module in ("pptx", "PIL", "yaml", "click", "lxml", "polib"):
        found = importlib.util.find_spec(module) is not None
        _line(found, module, "installed" if found else "missing: reinstall coprod-slides")
    fonts = sorted(p.name for p in FONTS_DIR.glob("*.ttf"))
    _line(
        bool(fonts),
        "bundled fonts",
        f"{len(fonts)} in {FONTS_DIR} (text is measured "
        "with these, so fitting does not depend on the fonts of this machine)",
    )

    click.echo("Needed by 'preview' and 'pdf' (and previews in 'serve'):")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    _line(
        bool(soffice),
        "LibreOffice",
        f"{_version(soffice, '--version')} ({soffice})"
        if soffice
        else f"not found; install it: {INSTALL['LibreOffice'][where]}",
    )
    pdftoppm = shutil.which("pdftoppm")
    _line(
        bool(pdftoppm),
        "poppler (pdftoppm)",
        f"{_version(pdftoppm, '-v')} ({pdftoppm})"
        if pdftoppm
        else f"not found; install it: {INSTALL['poppler'][where]}",
    )
    click.echo("Needed by 'serve' (pip install 'coprod-slides[web]'):")
    for module in ("flask", "waitress"):
        found = importlib.util.find_spec(module) is not None
        _line(found, module, "installed" if found else "not installed")
    ready = bool(soffice and pdftoppm)
    click.echo(
        "build, check, batch, runsheet, new, audiences, library, diagrams, template, i18n: ready"
    )
    click.echo(
        "preview, pdf: " + ("ready" if ready else "need LibreOffice and poppler (see above)")
    )
