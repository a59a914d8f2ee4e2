"""Shared fixtures: the repo root on sys.path, spec writing, the OOXML checker, LibreOffice.

Every deck the tests write (a .pptx whose docProps/app.xml names coprod-slides as its
application) is checked against the ECMA-376 schemas shipped in tests/ooxml: each test's
tmp_path after the test, and the whole temporary tree at the end of the session.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# ../shared beside the repo (the template corpus); COPROD_SHARED points elsewhere
SHARED = Path(os.environ.get("COPROD_SHARED") or ROOT.parent / "shared")

from tests.ooxml import check_package  # noqa: E402 - after the repo root is on sys.path

OUR_APPLICATION = b"<Application>coprod-slides</Application>"


@pytest.fixture
def write_spec(tmp_path):
    """Write a YAML spec (dedented) into a temp folder and return its path."""

    def _write(text: str, name: str = "deck.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


def ooxml_problems(path: Path) -> list[str]:
    """Schema and package problems of a deck (tests/ooxml: no ../shared needed)."""
    return [f"{path}: {problem}" for problem in check_package(path)]


_CHECKED: dict[tuple[str, int, int], list[str]] = {}
_OURS: set[tuple[str, int, int]] = set()
_EXEMPT: set[Path] = set()  # tmp_paths of tests that break decks on purpose


def _is_our_deck(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as package:
            return OUR_APPLICATION in package.read("docProps/app.xml")
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return False


def invalid_decks(folder: Path) -> list[str]:
    """Problems of every deck we wrote under ``folder`` (each file version checked once)."""
    problems = []
    for path in sorted(folder.rglob("*.pptx")):
        if any(path.is_relative_to(exempt) for exempt in _EXEMPT):
            continue
        try:
            info = path.stat()
        except OSError:
            continue
        key = (str(path), info.st_mtime_ns, info.st_size)
        if key not in _CHECKED:
            ours = _is_our_deck(path)
            _CHECKED[key] = ooxml_problems(path) if ours else []
            if ours:
                _OURS.add(key)
        problems += _CHECKED[key]
    return problems


_BUILT: list[int] = [0]  # decks built in memory (in this process) and checked
_BUILT_PROBLEMS: list[str] = []


@pytest.fixture(scope="session", autouse=True)
def every_deck_built_is_checked():
    """Every deck the package serialises in this process is schema-checked as it is made."""
    from coprod_slides.render import package

    original = package.to_reproducible_bytes

    def checked(*args, **kwargs):
        data = original(*args, **kwargs)
        _BUILT[0] += 1
        _BUILT_PROBLEMS.extend(check_package(data))
        return data

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(package, "to_reproducible_bytes", checked)
        yield


@pytest.fixture(autouse=True)
def every_deck_written_is_valid(request):
    """After each test: the decks it built, and those it wrote in its tmp_path, are valid."""
    if request.node.get_closest_marker("invalid_decks_on_purpose"):
        if "tmp_path" in request.fixturenames:
            _EXEMPT.add(request.getfixturevalue("tmp_path"))
        yield
        return
    del _BUILT_PROBLEMS[:]
    uses_tmp = "tmp_path" in request.fixturenames
    folder = request.getfixturevalue("tmp_path") if uses_tmp else None
    yield
    problems = list(_BUILT_PROBLEMS) + (invalid_decks(folder) if folder else [])
    if problems:
        pytest.fail("a deck the test made is not valid OOXML:\n" + "\n".join(problems[:10]))


def pytest_sessionfinish(session, exitstatus):
    """Decks written outside a test's tmp_path (module fixtures) are checked here."""
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is None or exitstatus not in (0,):
        return
    try:
        base = factory.getbasetemp()
    except (OSError, ValueError):
        return
    problems = invalid_decks(base)
    if problems:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line("decks written by the tests that are not valid OOXML:", red=True)
            for line in problems[:20]:
                reporter.write_line(f"  {line}", red=True)
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter):
    message_scan_summary(terminalreporter)
    if _OURS or _BUILT[0]:
        invalid = sum(1 for key in _OURS if _CHECKED.get(key))
        terminalreporter.write_line(
            f"OOXML schema check (tests/ooxml): {_BUILT[0]} decks built in the test process, "
            f"{len(_OURS)} deck files written by the tests ({invalid} invalid)"
        )


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
    pdf = convert(exe, deck, outdir, "pdf", timeout=240)
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
)
from .message_scan import pytest_terminal_summary as message_scan_summary  # noqa: E402
from .office import convert  # noqa: E402
