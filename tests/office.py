"""LibreOffice from the tests: one headless conversion with a profile of its own."""

from __future__ import annotations

import subprocess
from pathlib import Path


def convert(soffice: str, source: Path, outdir: Path, to: str, timeout: float) -> Path:
    """``source`` converted to ``to`` (pdf, pptx) in ``outdir``, with a private profile there
    (a user's or another test's LibreOffice cannot lock it); the path it should have, which
    the caller checks (LibreOffice reports failure by leaving no file)."""
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{outdir / 'lo-profile'}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            str(source),
        ],
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    return outdir / f"{source.stem}.{to}"
