"""Reproducible, atomically written packages.

Two builds of the same spec must give the same bytes (so decks can be diffed, cached and
checked into version control without noise), and a failed build must never leave a half-written
deck where a good one was. python-pptx stamps zip entries with the wall clock and leaves its own
strings in the core properties; this module pins both to ``SOURCE_DATE_EPOCH``
(https://reproducible-builds.org/specs/source-date-epoch/) and writes through a temporary file
that is renamed into place only when complete.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.parts.coreprops import CorePropertiesPart

from ..atomic import atomic_write_bytes  # noqa: F401 (re-exported for existing callers)
from ..epoch import DEFAULT_EPOCH, source_date_epoch  # noqa: F401 (re-exported)

#: Zip (DOS) timestamps cannot express dates before 1980 or after 2107.
_ZIP_MIN = (1980, 1, 1, 0, 0, 0)
_ZIP_MAX = (2107, 12, 31, 23, 59, 58)
_COMPRESSLEVEL = 6
#: A regular file, rw-r--r-- (zipfile would otherwise pick 0600 for entries with no mode).
_EXTERNAL_ATTR = 0o100644 << 16
_CONTENT_TYPES = "[Content_Types].xml"


def _as_utc(when: datetime) -> datetime:
    """Aware datetimes converted to UTC; naive ones taken to be UTC already."""
    if when.tzinfo is None:
        return when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc)


def set_core_properties(
    prs,
    *,
    title: str,
    author: str,
    subject: str = "",
    language: str = "en-GB",
    keywords: str = "",
    when: datetime | None = None,
) -> None:
    """Fill the package's core properties (File > Info) and leave no python-pptx defaults.

    ``created`` and ``modified`` are both ``when`` (default: :func:`source_date_epoch`), so the
    properties are reproducible too. python-pptx writes naive UTC timestamps, hence the
    conversion.
    """
    stamp = _as_utc(when or source_date_epoch()).replace(tzinfo=None, microsecond=0)
    one_core_properties_part(prs.part.package)
    props = prs.core_properties
    props.title = _property(title)
    props.author = _property(author)
    props.subject = _property(subject)
    props.keywords = _property(keywords)
    props.language = _property(language)
    props.last_modified_by = _property(author) or "coprod-slides"
    props.comments = ""  # python-pptx's template says "generated using python-pptx"
    props.category = ""
    props.content_status = ""
    props.identifier = ""
    props.version = ""
    props.revision = 1
    props.created = stamp
    props.modified = stamp
    _tidy(props)


def one_core_properties_part(package) -> None:
    """Leave the package one core-properties relationship, of the standard type.

    Some producers relate the part with another namespace's type (``…/officeDocument/2006/
    relationships/metadata/core-properties``): python-pptx does not see it, adds a second
    ``/docProps/core.xml`` and the zip gets two entries of that name, one still the
    template's. A template may also relate two. The first core-properties part is kept,
    related with the standard type; the other relationships are dropped (and with them any
    part nothing else refers to). Call before the first ``prs.core_properties``."""
    rels = package._rels
    found = [
        rel
        for rel in list(rels.values())
        if not rel.is_external and rel.reltype.lower().endswith(_CORE_SUFFIX)
    ]
    if len(found) == 1 and found[0].reltype == RT.CORE_PROPERTIES:
        return
    for rel in found:
        rels.pop(rel.rId)
    kept = next(
        (r.target_part for r in found if isinstance(r.target_part, CorePropertiesPart)), None
    )
    if kept is not None:  # else python-pptx makes a fresh one
        package.relate_to(kept, RT.CORE_PROPERTIES)


_CORE_SUFFIX = "/metadata/core-properties"


#: Office (and python-pptx) hold at most 255 characters in a core property.
MAX_PROPERTY = 255


def _property(text: str) -> str:
    """A core property value: a long deck title or subtitle is shortened, not an error."""
    text = str(text or "")
    return text if len(text) <= MAX_PROPERTY else text[: MAX_PROPERTY - 1].rstrip() + "…"


def _tidy(props) -> None:
    """Drop empty elements and any last-printed date a template carried."""
    element = getattr(props, "_element", None)
    if element is None:
        return
    for child in list(element):
        empty = not (child.text or "").strip() and not len(child)
        if empty or child.tag.endswith("}lastPrinted"):
            element.remove(child)


def _zip_date_time(when: datetime) -> tuple[int, int, int, int, int, int]:
    utc = _as_utc(when)
    stamp = (utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second)
    return min(max(stamp, _ZIP_MIN), _ZIP_MAX)


def to_reproducible_bytes(prs, *, when: datetime | None = None) -> bytes:
    """Serialise ``prs`` so identical inputs give byte-identical output.

    python-pptx's zip is rewritten entry by entry in the same order (``[Content_Types].xml``
    first, as Office expects) with every timestamp set to ``when`` (default
    :func:`source_date_epoch`, clamped to the zip range 1980–2107), fixed attributes and a
    fixed deflate level. The part contents themselves are already deterministic.
    """
    date_time = _zip_date_time(when or source_date_epoch())
    direct = _write_zip(date_time, lambda add: _serialise_parts(prs, add))
    if direct is not None:
        return direct
    raw = io.BytesIO()
    prs.save(raw)
    raw.seek(0)
    with zipfile.ZipFile(raw) as src:
        infos = src.infolist()
        infos.sort(key=lambda info: info.filename != _CONTENT_TYPES)  # stable: keeps the rest
        return _write_zip(date_time, lambda add: [add(i.filename, src.read(i)) for i in infos])


def _write_zip(date_time, write) -> bytes | None:
    """A zip of what ``write(add)`` adds with ``add(name, data)``, every entry stamped alike;
    None when ``write`` raises AttributeError or ImportError."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:

        def add(name: str, data: bytes) -> None:
            entry = zipfile.ZipInfo(name, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # Unix, so that the mode below is what unzip applies
            entry.external_attr = _EXTERNAL_ATTR
            dst.writestr(
                entry, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=_COMPRESSLEVEL
            )

        try:
            write(add)
        except (AttributeError, ImportError):
            return None
    return out.getvalue()


def _serialise_parts(prs, add) -> None:
    """Hand each package item to ``add`` in the order and form ``prs.save()`` writes them
    (``[Content_Types].xml`` first), without python-pptx's own zip (one deflate, not two).

    Uses python-pptx's package writer; if its internals change, AttributeError or ImportError
    makes the caller fall back to saving and rewriting."""
    # lazy: an ImportError here (python-pptx internals moved) must reach the caller's fallback
    from pptx.opc.serialized import PackageWriter

    class _Items:
        def write(self, pack_uri, blob: bytes) -> None:
            add(pack_uri.membername, blob)

    package = prs.part.package
    writer = PackageWriter(None, package._rels, tuple(package.iter_parts()))
    items = _Items()
    writer._write_content_types_stream(items)
    writer._write_pkg_rels(items)
    writer._write_parts(items)


def save_reproducible(prs, path: Path, *, when: datetime | None = None) -> None:
    """Serialise ``prs`` reproducibly and write it atomically to ``path``."""
    atomic_write_bytes(to_reproducible_bytes(prs, when=when), Path(path))
