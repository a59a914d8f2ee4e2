"""Building and picturing decks for the page: a bounded pool, a warm LibreOffice, a cache.

- At most ``workers`` builds or conversions run at once (:attr:`Workshop.slots`); other
  requests wait their turn, so 20 previews at once queue instead of exhausting memory.
- LibreOffice stays loaded: ``soffice --accept`` and a small UNO worker
  (``office_worker.py``, run by a Python with LibreOffice's ``uno`` module, e.g. Debian's
  ``python3-uno``) convert each deck without starting an office. Without ``uno`` (or if the
  worker fails) each conversion runs ``soffice --convert-to`` with the server's profile.
- Pictures are cached by the hash of the slide's own parts (its XML, relationships and the
  parts it uses), so a change re-renders only the slides it touched.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import secrets
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path

from pptx import Presentation
from pptx.oxml.ns import qn

from ..errors import SpecError
from ..preview import INSTALL_HINT, _run, pdf_to_pngs

PICTURE_WIDTH = 800  # pixels across a slide picture (shown about 400 wide)
MAX_CACHED_PICTURES = 3000  # about 150 MB; the oldest go first
CONVERT_TIMEOUT = 120


UNO_PYTHONS = (
    "/usr/bin/python3",
    "/usr/lib/libreoffice/program/python",
    "/opt/libreoffice/program/python",
    "/Applications/LibreOffice.app/Contents/Resources/python",
)


def uno_python() -> str | None:
    """A Python that can ``import uno`` (LibreOffice's bindings), or None."""
    for candidate in UNO_PYTHONS:
        if Path(candidate).exists():
            probe = subprocess.run([candidate, "-c", "import uno"], capture_output=True, timeout=30)
            if probe.returncode == 0:
                return candidate
    return None


def find_tools() -> tuple[str, str] | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftoppm = shutil.which("pdftoppm")
    return (soffice, pdftoppm) if soffice and pdftoppm else None


@dataclass
class Pictures:
    """One picture (PNG path) per slide, in deck order."""

    paths: list[Path]


class Workshop:
    """The server's build/convert pool and its warm LibreOffice."""

    def __init__(self, root: Path, workers: int = 2, warm: bool = True) -> None:
        self.root = root
        self.slots = threading.BoundedSemaphore(workers)
        self.tools = find_tools()
        self._office_lock = threading.Lock()
        self._office: subprocess.Popen | None = None
        self._worker: subprocess.Popen | None = None
        self._render_lock = threading.Lock()
        self._profile = root / "lo-profile"
        self.cache = root / "pictures"
        self.cache.mkdir(exist_ok=True)
        if self.tools and warm:
            self._start_office()

    # ------------------------------------------------------------------ LibreOffice

    def _office_args(self) -> list[str]:
        assert self.tools is not None
        return [self.tools[0], f"-env:UserInstallation={self._profile.resolve().as_uri()}"]

    def _start_office(self) -> None:
        """Start LibreOffice and a UNO worker in the background (see office_worker.py)."""
        self._primer = threading.Thread(target=self._start_worker, daemon=True)
        self._primer.start()

    def _start_worker(self) -> None:
        python = uno_python()
        if python is None or self.tools is None:
            return
        pipe = f"coprod-slides-{os.getpid()}-{secrets.token_hex(4)}"
        office = subprocess.Popen(
            [
                self.tools[0],
                f"-env:UserInstallation={(self.root / 'lo-warm').resolve().as_uri()}",
                "--headless",
                "--invisible",
                "--norestore",
                "--nologo",
                "--nodefault",
                "--nolockcheck",
                f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        worker = subprocess.Popen(
            [python, str(Path(__file__).with_name("office_worker.py")), pipe],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        self._office, self._worker = office, worker
        if self._answer(worker, CONVERT_TIMEOUT) != "ready":
            self._stop_worker()

    @staticmethod
    def _answer(worker: subprocess.Popen, timeout: float) -> str | None:
        assert worker.stdout is not None
        ready, _, _ = select.select([worker.stdout], [], [], timeout)
        if not ready:
            return None
        line = worker.stdout.readline()
        return line.strip() if line else None

    def _stop_worker(self) -> None:
        for attr in ("_worker", "_office"):
            proc = getattr(self, attr, None)
            setattr(self, attr, None)
            if proc is not None and proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                    proc.wait(timeout=10)
                except (ProcessLookupError, PermissionError, subprocess.TimeoutExpired):
                    proc.kill()
                    proc.wait()

    def close(self) -> None:
        primer = getattr(self, "_primer", None)
        if primer is not None:
            primer.join(timeout=CONVERT_TIMEOUT)
        with self._office_lock:
            self._stop_worker()

    def _convert_warm(self, deck: Path, pdf: Path) -> bool:
        """Convert through the warm office; False when there is none (or it failed)."""
        worker = getattr(self, "_worker", None)
        if worker is None or worker.poll() is not None:
            return False
        assert worker.stdin is not None
        try:
            worker.stdin.write(f"{deck.resolve()}\t{pdf.resolve()}\n")
            worker.stdin.flush()
        except OSError:
            self._stop_worker()
            return False
        answer = self._answer(worker, CONVERT_TIMEOUT)
        if answer != "ok":
            self._stop_worker()  # hung or broken: the plain conversion takes over
            return False
        return pdf.exists() and pdf.stat().st_size > 0

    def to_pdf(self, data: bytes, workdir: Path) -> Path:
        """The .pptx bytes as a PDF, converted by the warm LibreOffice."""
        if self.tools is None:
            raise SpecError(INSTALL_HINT.format(what="this"))
        deck = workdir / "deck.pptx"
        deck.write_bytes(data)
        with self._office_lock:  # one office: one conversion at a time
            if self._convert_warm(deck, workdir / "deck.pdf"):
                return workdir / "deck.pdf"
            result = _run(
                [
                    *self._office_args(),
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(workdir),
                    str(deck),
                ],
                CONVERT_TIMEOUT,
                "LibreOffice",
            )
        pdf = workdir / "deck.pdf"
        if not pdf.exists() or pdf.stat().st_size == 0:
            detail = (result.stderr or b"").decode("utf-8", "replace").strip().splitlines()
            raise SpecError(
                "LibreOffice could not convert the deck" + (f" ({detail[-1]})" if detail else "")
            )
        return pdf

    # ------------------------------------------------------------------ pictures

    def pictures(self, data: bytes) -> Pictures:
        """A picture of every slide; only slides whose parts changed are converted."""
        keys = slide_keys(data)

        def missing() -> list[int]:
            return [i for i, key in enumerate(keys) if not (self.cache / f"{key}.png").exists()]

        if missing():
            with self._render_lock:  # another request may have rendered them meanwhile
                wanted = missing()
                if wanted:
                    self._render(data, keys, wanted)
                    self._prune(keep=set(keys))
        return Pictures([self.cache / f"{key}.png" for key in keys])

    def _prune(self, keep: set[str]) -> None:
        pictures = sorted(self.cache.glob("*.png"), key=lambda p: p.stat().st_mtime)
        for path in pictures[: max(0, len(pictures) - MAX_CACHED_PICTURES)]:
            if path.stem not in keep:
                path.unlink(missing_ok=True)

    def _render(self, data: bytes, keys: list[str], wanted: list[int]) -> None:
        assert self.tools is not None
        subset = data if len(wanted) == len(keys) else keep_slides(data, wanted)
        workdir = Path(tempfile.mkdtemp(prefix="render-", dir=self.root))
        try:
            pdf = self.to_pdf(subset, workdir)
            pages = pdf_to_pngs(pdf, workdir, self.tools[1], width=PICTURE_WIDTH)
            if len(pages) != len(wanted):
                raise SpecError("LibreOffice gave a different number of pages than slides")
            for index, page in zip(wanted, pages, strict=True):
                target = self.cache / f"{keys[index]}.png"
                tmp = target.with_suffix(".tmp")
                shutil.copyfile(page, tmp)
                os.replace(tmp, target)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)


# ---------------------------------------------------------------------- slide hashing

_SLIDE = re.compile(r"ppt/slides/slide(\d+)\.xml$")
_TARGET = re.compile(rb'Target="([^"]+)"')


def _slide_order(names: dict[str, bytes]) -> list[str]:
    """Slide part names in presentation order (from presentation.xml and its rels)."""
    rels = names["ppt/_rels/presentation.xml.rels"].decode("utf-8")
    targets = dict(re.findall(r'Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
    targets.update(
        {k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="([^"]+)"', rels)}  # either order
    )
    order = re.findall(r'<p:sldId [^>]*r:id="([^"]+)"', names["ppt/presentation.xml"].decode())
    return ["ppt/" + targets[rid].lstrip("/").removeprefix("ppt/") for rid in order]


def slide_keys(data: bytes) -> list[str]:
    """One hash per slide of everything its picture depends on: the slide's XML and
    relationships, the parts they point to (layout, master, media), the theme and the
    presentation part (size, number of slides), and its position (slide numbers)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    shared = hashlib.sha256()
    for name in sorted(parts):
        if name.startswith(("ppt/slideLayouts/", "ppt/slideMasters/", "ppt/theme/")):
            shared.update(name.encode() + parts[name])
    shared.update(parts["ppt/presentation.xml"])
    keys = []
    for position, name in enumerate(_slide_order(parts), 1):
        digest = shared.copy()
        digest.update(f"{position}:{name}".encode() + parts[name])
        rels_name = name.replace("slides/", "slides/_rels/") + ".rels"
        rels = parts.get(rels_name, b"")
        digest.update(rels)
        for target in _TARGET.findall(rels):
            path = os.path.normpath(os.path.join("ppt/slides", target.decode()))
            if path.startswith("ppt/media/"):
                digest.update(parts.get(path, b""))
        keys.append(digest.hexdigest())
    return keys


def keep_slides(data: bytes, keep: list[int]) -> bytes:
    """The deck with only the slides at the 0-based positions in ``keep``."""
    prs = Presentation(io.BytesIO(data))
    for index, slide in enumerate(prs.slides):
        if index in keep:  # a slide number shows its place in the whole deck, as text
            for fld in list(slide._element.iter(qn("a:fld"))):
                if fld.get("type") == "slidenum":
                    fld.tag = qn("a:r")
                    fld.attrib.clear()
    id_list = prs.slides._sldIdLst
    for index, entry in reversed(list(enumerate(id_list))):
        if index not in keep:
            prs.part.drop_rel(entry.rId)
            id_list.remove(entry)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
