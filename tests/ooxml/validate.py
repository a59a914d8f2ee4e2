"""Check a .pptx against the ECMA-376 schemas in ``xsd/`` and for package integrity.

Usage from tests: ``check_package(path_or_bytes) -> list[str]`` (empty when valid).
Identical parts (layouts, masters, themes repeat across the decks of a test run) are
validated once per process.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import zipfile
from functools import cache
from pathlib import Path

from lxml import etree

XSD = Path(__file__).resolve().parent / "xsd"
NS_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# part name -> schema (first match wins)
SCHEMA_FOR = (
    (re.compile(r"^\[Content_Types\]\.xml$"), "opc/opc-contentTypes.xsd"),
    (re.compile(r"(^|/)_rels/[^/]*\.rels$"), "opc/opc-relationships.xsd"),
    (re.compile(r"^ppt/theme/[^/]+\.xml$"), "dml-main.xsd"),
    (re.compile(r"^ppt/tableStyles\.xml$"), "dml-main.xsd"),
    (re.compile(r"^docProps/app\.xml$"), "shared-documentPropertiesExtended.xsd"),
    (re.compile(r"^ppt/[^/]+\.xml$"), "pml.xsd"),
    (
        re.compile(
            r"^ppt/(slides|slideLayouts|slideMasters|notesSlides|notesMasters|handoutMasters)"
            r"/[^/]+\.xml$"
        ),
        "pml.xsd",
    ),
)
SHAPE_PARTS = re.compile(r"^ppt/(slides|notesSlides|slideLayouts|slideMasters)/[^/]+\.xml$")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@cache
def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD / name)))


def _schema_name(part: str) -> str | None:
    for pattern, name in SCHEMA_FOR:
        if pattern.search(part):
            return name
    return None


_PART_CACHE: dict[tuple[str, str], tuple[str, ...]] = {}


def _part_problems(name: str, data: bytes) -> tuple[str, ...]:
    """Schema problems of one part, cached by name and content."""
    key = (name, hashlib.sha1(data).hexdigest())
    if key not in _PART_CACHE:
        _PART_CACHE[key] = _validate_part(name, data)
    return _PART_CACHE[key]


def _validate_part(name: str, data: bytes) -> tuple[str, ...]:
    try:
        doc = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        return (f"not well-formed XML: {exc}",)
    if doc.getroottree().docinfo.doctype:
        return ("has a DOCTYPE (not allowed in an Open XML part)",)
    schema_file = _schema_name(name)
    if schema_file is None:
        return ()
    schema = _schema(schema_file)
    if schema.validate(doc):
        return ()
    return tuple(f"line {err.line}: {err.message}" for err in list(schema.error_log)[:3])


def _rels_of(part: str) -> str:
    folder, file = posixpath.split(part)
    return posixpath.join(folder, "_rels", file + ".rels")


def check_package(source: Path | bytes) -> list[str]:
    """Every problem a strict reader would see in the package, one line each."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        return [f"not a zip package: {exc}"]
    listed = package.namelist()
    names = set(listed)
    problems = ["duplicate zip entries"] if len(names) != len(listed) else []
    docs: dict[str, etree._Element] = {}
    for part in sorted(names):
        if not part.endswith((".xml", ".rels")):
            continue
        raw = package.read(part)
        found = _part_problems(part, raw)
        problems += [f"{part}: {p}" for p in found]
        if not found or _schema_name(part) is not None:
            try:
                docs[part] = etree.fromstring(raw, _PARSER)
            except etree.XMLSyntaxError:
                pass
    problems += _content_type_problems(docs.get("[Content_Types].xml"), names)
    problems += _relationship_problems(docs, names)
    problems += _shape_problems(docs)
    return problems


def _content_type_problems(types, names: set[str]) -> list[str]:
    if types is None:
        return ["missing [Content_Types].xml"]
    defaults = {e.get("Extension", "").lower() for e in types.iter(f"{{{NS_CT}}}Default")}
    overrides = {e.get("PartName", "").lstrip("/") for e in types.iter(f"{{{NS_CT}}}Override")}
    problems = [
        f"{part}: no content type"
        for part in sorted(names)
        if part != "[Content_Types].xml"
        and not part.endswith("/")
        and part not in overrides
        and part.rsplit(".", 1)[-1].lower() not in defaults
    ]
    problems += [
        f"[Content_Types].xml: override for missing part /{o}" for o in sorted(overrides - names)
    ]
    return problems


def _relationship_problems(docs: dict, names: set[str]) -> list[str]:
    problems = []
    for part, doc in docs.items():
        if not part.endswith(".rels"):
            continue
        base = posixpath.dirname(posixpath.dirname(part))
        for rel in doc.iter(f"{{{NS_REL}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            full = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(base, target))
            )
            if full not in names:
                problems.append(f"{part}: relationship {rel.get('Id')} targets missing {full}")
    return problems


def _shape_problems(docs: dict) -> list[str]:
    problems = []
    for part, doc in docs.items():
        if not SHAPE_PARTS.match(part):
            continue
        ids = [e.get("id") for e in doc.iter(f"{{{NS_P}}}cNvPr")]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            problems.append(f"{part}: duplicate shape ids {duplicates}")
        rels = docs.get(_rels_of(part))
        rel_ids = (
            {r.get("Id") for r in rels.iter(f"{{{NS_REL}}}Relationship")}
            if rels is not None
            else set()
        )
        for element in doc.iter():
            for attr, value in element.attrib.items():
                if attr.startswith(f"{{{NS_R}}}") and value not in rel_ids:
                    problems.append(f"{part}: r:{attr.split('}')[1]}={value} has no relationship")
    return problems
