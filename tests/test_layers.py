"""Layering that can be checked: loading a spec needs no python-pptx, and the import contracts
in pyproject.toml hold (``lint-imports``, run by .ci/run before the tests)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT

LOAD_EVERY_WAY = """
import sys
from pathlib import Path
from coprod_slides.deckspec.loader import load_spec
from coprod_slides.errors import Diagnostics
from coprod_slides import bilingual, texts, variables
from coprod_slides.i18n.translate import localise

spec = Path(sys.argv[1])
deck = load_spec(spec, Diagnostics())
load_spec(spec, Diagnostics(), audience="citizens")
localise(load_spec(spec, Diagnostics(), substitute_vars=False), spec, "cy", diag=Diagnostics())
assert len(list(texts.iter_deck_texts(deck))) > 100
print(sorted(name for name in sys.modules if name == "pptx" or name.startswith("pptx.")))
"""


def test_loading_validating_and_translating_a_spec_does_not_import_python_pptx():
    result = subprocess.run(
        [sys.executable, "-c", LOAD_EVERY_WAY, str(ROOT / "decks" / "workshop.yaml")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_import_contracts_hold():
    lint = shutil.which("lint-imports")
    if lint is None:
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    result = subprocess.run([lint], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
