"""Scan every message the tests make the tool produce for Python internals.

Each error and warning a test causes (a SpecError's problems, a Diagnostics error or warning,
a click usage error) is recorded; after each test, any message naming an exception class
(``KeyError``, ``XMLSyntaxError``, ``BadZipFile``…), showing an object repr (``<_io.BytesIO
object at 0x…>``) or a traceback fails that test. A message says what is wrong with the
user's file in the user's words. The run ends with a count of the messages scanned.

Wired in by tests/conftest.py (``from .message_scan import *``).
"""

from __future__ import annotations

import builtins
import re

import pytest

# Every built-in exception name, and those of the libraries we read files with.
_LIBRARY_EXCEPTIONS = (
    "XMLSyntaxError",
    "XMLSchemaError",
    "ParseError",
    "ParserError",
    "ScannerError",
    "ComposerError",
    "ConstructorError",
    "ReaderError",
    "YAMLError",
    "MarkedYAMLError",
    "BadZipFile",
    "BadZipfile",
    "LargeZipFile",
    "UnidentifiedImageError",
    "DecompressionBombError",
    "DecompressionBombWarning",
    "PackageNotFoundError",
    "InvalidXmlError",
    "UnsafeXML",
    "SpecError",
    "Terminated",
)
EXCEPTION_NAMES = sorted(
    {
        name
        for name, value in vars(builtins).items()
        if isinstance(value, type) and issubclass(value, BaseException)
    }
    | set(_LIBRARY_EXCEPTIONS)
)
LEAK = re.compile(
    r"\b(" + "|".join(EXCEPTION_NAMES) + r")\b"
    r"|<[^<>\n]* object at 0x[0-9a-fA-F]+>"
    r"|Traceback \(most recent call last\)"
    r"|\bNoneType\b|\b_io\.\w+|\blxml\.etree\b"
)

_messages: list[str] = []
_scanned = 0


def leaks(message: str) -> list[str]:
    """The internals ``message`` shows (empty when it is clean)."""
    return [m.group(0) for m in LEAK.finditer(message)]


def _wrap(cls, method: str, messages_of) -> None:
    original = getattr(cls, method)
    if getattr(original, "_scanned", False):
        return

    def wrapper(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        try:
            _messages.extend(messages_of(self, *args, **kwargs))
        except Exception:  # noqa: BLE001 - recording must never change behaviour
            pass
        return result

    wrapper._scanned = True
    setattr(cls, method, wrapper)


def pytest_configure(config) -> None:
    import click

    from coprod_slides.errors import Diagnostics, SpecError

    _wrap(SpecError, "__init__", lambda self, *a, **k: [str(p) for p in self.problems])
    _wrap(Diagnostics, "error", lambda self, loc, message: [str(message)])
    _wrap(Diagnostics, "warn", lambda self, loc, message: [str(message)])
    _wrap(click.ClickException, "__init__", lambda self, *a, **k: [self.format_message()])


@pytest.fixture(autouse=True)
def no_python_internals_in_messages():
    global _scanned
    start = len(_messages)
    yield
    produced = _messages[start:]
    del _messages[start:]
    _scanned += len(produced)
    leaked = [m for m in produced if leaks(m)]
    assert not leaked, "messages show Python internals:\n" + "\n".join(leaked[:5])


def pytest_terminal_summary(terminalreporter) -> None:
    if _scanned:
        terminalreporter.write_line(
            f"message scan: {_scanned:,} error and warning messages checked for exception "
            "names, object reprs and tracebacks"
        )
