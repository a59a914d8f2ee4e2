"""Is a built .pptx a sound package? The ECMA-376 schema check shipped in tests/ooxml, plus
a DOCTYPE check and python-pptx re-opening it.

``problems(data)`` returns one line per problem; [] means sound.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

from lxml import etree

from .ooxml import check_package

NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def structure_problems(data: bytes) -> list[str]:
    """Well-formed XML without DOCTYPEs, unique entries, a content type for every part and
    an existing target for every internal relationship; python-pptx re-opens it."""
    from pptx import Presentation

    problems: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = z.infolist()
        names = [i.filename for i in infos]
        if len(set(names)) != len(names):
            problems.append("duplicate zip entries")
        docs = {}
        for name in names:
            if not name.endswith((".xml", ".rels")):
                continue
            blob = z.read(name)
            if b"<!DOCTYPE" in blob or b"<!ENTITY" in blob:
                problems.append(f"{name}: DOCTYPE")
            try:
                docs[name] = etree.fromstring(blob, etree.XMLParser(resolve_entities=False))
            except etree.XMLSyntaxError as exc:
                problems.append(f"{name}: not well-formed XML: {exc}")
    types = docs.get("[Content_Types].xml")
    if types is None:
        return [*problems, "missing [Content_Types].xml"]
    defaults = {(e.get("Extension") or "").lower() for e in types.iter(f"{{{NS_CT}}}Default")}
    overrides = {(e.get("PartName") or "").lstrip("/") for e in types.iter(f"{{{NS_CT}}}Override")}
    for name in names:
        if name == "[Content_Types].xml" or name.endswith("/"):
            continue
        if name not in overrides and name.rsplit(".", 1)[-1].lower() not in defaults:
            problems.append(f"{name}: no content type")
    problems += [f"override for missing part /{o}" for o in overrides if o not in names]
    for name, doc in docs.items():
        if not name.endswith(".rels"):
            continue
        base = posixpath.dirname(posixpath.dirname(name))
        for rel in doc.iter(f"{{{NS_REL}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target") or ""
            full = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(base, target))
            )
            if full not in names:
                problems.append(f"{name}: relationship {rel.get('Id')} targets missing {full}")
    if not problems:
        try:
            Presentation(io.BytesIO(data))
        except Exception as exc:  # noqa: BLE001 - any failure to re-open is the finding
            problems.append(f"python-pptx cannot re-open it: {exc}")
    return problems


def problems(data: bytes, path=None) -> list[str]:
    """Structure and re-opening, and the ECMA-376 schema check (tests/ooxml)."""
    found = structure_problems(data)
    return found + [p for p in check_package(data) if p not in found]
