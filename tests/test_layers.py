"""Layering that can be checked: loading a spec needs no python-pptx, the import contracts
in pyproject.toml hold (``lint-imports``, run by .ci/run before the tests: layers, no circles),
and every import left inside a function says why."""

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


def _function_level_imports():
    """(file, line, first line, comments) of every import inside a function of the package
    (``if TYPE_CHECKING:`` blocks aside); comments: on its lines, or a comment line above it."""
    import ast

    found = []
    for path in sorted((ROOT / "coprod_slides").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()

        def visit(node, in_function, path=path, lines=lines):
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                    continue
                if isinstance(child, ast.Import | ast.ImportFrom) and in_function:
                    above = lines[child.lineno - 2].strip() if child.lineno > 1 else ""
                    own = lines[child.lineno - 1 : child.end_lineno]
                    comments = [above] if above.startswith("#") else []
                    comments += [part.split("#", 1)[1] for part in own if "#" in part]
                    found.append((path.relative_to(ROOT), child.lineno, own[0], comments))
                inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
                visit(child, inner)

        visit(ast.parse(source), False)
    return found


def test_every_import_inside_a_function_says_why_it_is_not_at_the_top():
    """Imports sit at the top of a module; one inside a function is there for start-up time
    (a heavy library a command may not need) and says so with a ``# lazy: <reason>`` comment
    on its line or the line above."""
    unexplained = [
        f"{path}:{line}: {first.strip()}"
        for path, line, first, comments in _function_level_imports()
        if not any("lazy" in comment for comment in comments)
    ]
    assert unexplained == []
