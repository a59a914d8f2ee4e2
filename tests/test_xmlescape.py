"""The saxutils stand-in: escape() as the standard library's, the rest of it on first use."""

from __future__ import annotations

import subprocess
import sys

import pytest

from coprod_slides.xmlescape import escape

CASES = [
    "",
    "plain",
    "a & b < c > d",
    "&amp; already",
    "\"quoted\" 'single'",
    "Cymraeg ŵ ŷ",
    "<<&>>",
]


@pytest.mark.parametrize("text", CASES)
def test_escape_matches_the_standard_library(text):
    import xml.sax.saxutils as real

    assert escape(text) == real.escape(text)
    entities = {'"': "&quot;", "'": "&apos;"}
    assert escape(text, entities) == real.escape(text, entities)


def _run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return result.stdout.strip()


def test_python_pptx_runs_without_urllib_and_the_rest_still_loads():
    out = _run(
        "import sys, coprod_slides, pptx\n"
        "from pptx.shapes.autoshape import AutoShapeType\n"
        "print('urllib.request' in sys.modules, AutoShapeType(1).basename)\n"
        "from xml.sax.saxutils import quoteattr, XMLGenerator\n"
        "import xml.sax.saxutils as s\n"
        "print('urllib.request' in sys.modules, quoteattr('a\"b'), s.unescape('&lt;'))\n"
    )
    assert out.splitlines() == ["False Rectangle", "True 'a\"b' <"]
