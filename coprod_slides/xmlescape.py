"""XML escaping without ``xml.sax.saxutils``, and a stand-in for it until more is needed.

``xml.sax.saxutils`` imports ``urllib.request``, which imports http, email and ssl: about
30 ms of a cold ``build``. python-pptx imports it for ``escape`` alone. So before
python-pptx is imported (:mod:`coprod_slides` calls :func:`install_saxutils_stand_in`), a
stand-in module takes its place that has :func:`escape` and loads the real module the first
time anything else of it is asked for (``quoteattr``, ``XMLGenerator``, ...): code that needs
the real module gets it, code that needs only ``escape`` never pays for it.
"""

from __future__ import annotations

import importlib
import sys
import types
import xml.sax
from typing import Any

_NAME = "xml.sax.saxutils"


def escape(data: str, entities: dict[str, str] | None = None) -> str:
    """``&``, ``<`` and ``>`` as entities, then each key of ``entities`` as its value (exactly
    what ``xml.sax.saxutils.escape`` does)."""
    data = data.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    for key, value in (entities or {}).items():
        data = data.replace(key, value)
    return data


_loaded: list[types.ModuleType] = []  # the real module, once loaded


def _real_saxutils() -> types.ModuleType:
    if not _loaded:
        stand_in = sys.modules.pop(_NAME, None)
        try:
            _loaded.append(importlib.import_module(_NAME))
        except BaseException:
            if stand_in is not None:
                sys.modules[_NAME] = stand_in
            raise
    return _loaded[0]


def _stand_in_getattr(name: str) -> Any:
    if name.startswith("__") and name.endswith("__"):
        raise AttributeError(name)  # introspection (copy, pickle, inspect) is not "using" it
    return getattr(_real_saxutils(), name)


def install_saxutils_stand_in() -> None:
    """Put the stand-in in ``sys.modules`` unless the real module is loaded already."""
    if _NAME in sys.modules:
        return

    stand_in = types.ModuleType(
        _NAME, "xml.sax.saxutils, loaded on first use (see coprod_slides.xmlescape)"
    )
    # set through the modules' dicts: the attributes a module object gets at run time
    vars(stand_in).update(escape=escape, __getattr__=_stand_in_getattr)
    sys.modules[_NAME] = stand_in
    vars(xml.sax)["saxutils"] = stand_in
