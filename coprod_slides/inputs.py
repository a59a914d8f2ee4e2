"""The one place files from outside are opened: specs, templates, images, catalogues.

Every file a user hands us is read here, with its limit from :data:`LIMITS` (the table the
README's "What the tool refuses, and why" section states), and every way reading can fail
becomes one line naming the file: not found, a folder, a device, permission denied, a symlink
loop, over the size limit. Templates (.pptx/.potx) get the most checks, because they are zip
packages of XML made by other programs: each XML part must be well-formed and carry no
DOCTYPE (entity declarations are how "billion laughs" and XXE attacks start), each zip entry's
size and CRC is checked as it is read, and files that are something else (a legacy .ppt, an
encrypted file, a .thmx theme, Strict Open XML, Keynote, a renamed Word or Excel file) are
named for what they are, with what to do.

Fonts are never read from a spec: a spec names font families (text), and the files measured
are the ones shipped in ``assets/fonts``.
"""

from __future__ import annotations

import errno
import io
import os
import posixpath
import re
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote
from zlib import error as zlib_error

from lxml import etree

from .errors import Loc, SpecError

if TYPE_CHECKING:  # python-pptx is imported where a template is opened, not here
    from pptx.presentation import Presentation as PresentationT

MIB = 1024 * 1024

# ---------------------------------------------------------------- the limits, in one table

SPEC_MAX_BYTES = 5 * MIB
CATALOG_MAX_BYTES = 20 * MIB
IMAGE_MAX_BYTES = 30 * MIB
IMAGE_MAX_PIXELS = 40_000_000  # decompressed (e.g. 8000 × 5000)
IMAGE_MAX_PHOTO_PIXELS = 120_000_000  # a JPEG, decoded at reduced size (108 MP phone photos)
TEMPLATE_MAX_BYTES = 100 * MIB  # on disk
TEMPLATE_MAX_UNPACKED = 200 * MIB
TEMPLATE_MAX_RATIO = 100  # unpacked : packed, for the whole file and for each part over 1 MiB
TEMPLATE_MAX_ENTRIES = 20_000


@dataclass(frozen=True)
class InputKind:
    """One kind of file from outside: its size limit and what else is refused, and why."""

    name: str
    max_bytes: int
    refused: str


LIMITS: dict[str, InputKind] = {
    "spec": InputKind(
        "spec",
        SPEC_MAX_BYTES,
        "not UTF-8, UTF-16, binary, more than one YAML document, a device or a pipe",
    ),
    "catalogue": InputKind(
        "catalogue",
        CATALOG_MAX_BYTES,
        "not UTF-8, a compiled .mo, a malformed Plural-Forms header or plural form",
    ),
    "image": InputKind(
        "image",
        IMAGE_MAX_BYTES,
        f"over {IMAGE_MAX_PIXELS // 1_000_000} million pixels, or "
        f"{IMAGE_MAX_PHOTO_PIXELS // 1_000_000} million for a JPEG photo (a decompression bomb), "
        "SVG, ICO, damaged or truncated",
    ),
    "template": InputKind(
        "template",
        TEMPLATE_MAX_BYTES,
        "a DOCTYPE or entity declaration in any XML part, XML that is not well-formed, a zip "
        "entry with a bad CRC or size, a zip bomb, a broken relationship, macros, and files "
        "that are something else (legacy .ppt, encrypted, .thmx, Strict Open XML, Keynote, "
        "Word, Excel, OpenDocument)",
    ),
}


# ---------------------------------------------------------------- reading any file


def os_reason(exc: BaseException) -> str:
    """Why a file could not be read, in the user's words (no exception class names)."""
    if isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == errno.ELOOP:
        return "a symlink loop"
    code = getattr(exc, "errno", None)
    reasons = {
        errno.ENOENT: "not found",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EISDIR: "is a folder",
        errno.ENOTDIR: "a folder on its path is a file",
        errno.ENAMETOOLONG: "the name is too long",
        errno.EIO: "an input/output error (a failing disk or network drive?)",
    }
    if code in reasons:
        return reasons[code]
    return (getattr(exc, "strerror", None) or "it cannot be read").lower()


def read_limited(path: Path, max_bytes: int) -> bytes:
    """Up to ``max_bytes + 1`` bytes: bounded, should the file grow after it was checked."""
    with Path(path).open("rb") as handle:
        return handle.read(max_bytes + 1)


def decode_utf8(data: bytes, name: str, fix: str) -> str:
    """``data`` as UTF-8 text (a byte-order mark dropped); a stray byte is one SpecError at
    its ``name:line:col``, ending with ``fix`` (how to save the file)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SpecError(
            f"{name}:{line}:{col}: not valid UTF-8 (byte 0x{data[exc.start]:02x}); {fix}"
        ) from None


def check_regular_file(path: Path, name: str, what: str) -> os.stat_result:
    """``path``'s stat; a folder, a device or an unreadable path is one clear SpecError."""
    try:
        info = Path(path).stat()
    except (OSError, RuntimeError) as exc:
        reason = os_reason(exc)
        if reason == "not found":
            raise SpecError(f"{name}: file not found") from None
        raise SpecError(f"{name}: cannot read the {what} ({reason})") from None
    if stat.S_ISDIR(info.st_mode):
        raise SpecError(f"{name}: is a folder, not a {what}")
    if not stat.S_ISREG(info.st_mode):
        raise SpecError(f"{name}: is not a regular file (a device or a pipe?); give a {what}")
    return info


# ---------------------------------------------------------------- assets named in a spec


def resolve_asset(
    ref: str, base_dir: Path, loc: Loc | None, *, allow_outside: bool = False, what: str = "image"
) -> Path:
    """Resolve a spec-relative asset path; refuse escapes from the spec's folder tree.

    Symlinks are followed first (a loop is reported as one), so a link inside the folder that
    points outside is refused like a ``..`` path.
    """
    raw = Path(ref)
    path = raw if raw.is_absolute() else base_dir / raw
    try:
        resolved = path.resolve()
        root = base_dir.resolve()
        if not allow_outside and not resolved.is_relative_to(root):
            raise SpecError(
                f"{what} '{ref}' is outside the spec's folder ({root}); move it into the "
                "project or pass --allow-outside-assets",
                loc,
            )
        try:
            info = resolved.stat()
        except FileNotFoundError:
            raise SpecError(
                f"{what} '{ref}' not found (looked for {resolved}); check the "
                "path, which is relative to the spec file",
                loc,
            ) from None
        if not stat.S_ISREG(info.st_mode):
            raise SpecError(f"{what} '{ref}' is not a file", loc)
        if not os.access(resolved, os.R_OK):
            raise PermissionError(errno.EACCES, "permission denied")
    except (OSError, RuntimeError) as exc:
        raise unreadable_asset(what, ref, exc, loc) from None
    return resolved


def unreadable_asset(what: str, ref: str, exc: BaseException, loc: Loc | None) -> SpecError:
    reason = os_reason(exc)
    fix = "its permissions" if reason == "permission denied" else "the path"
    return SpecError(f"{what} '{ref}' cannot be read ({reason}); check {fix}", loc)


def read_asset(path: Path, ref: str, what: str, loc: Loc | None, max_bytes: int) -> bytes:
    """An asset's bytes (already resolved), bounded; any failure names the asset."""
    try:
        size = path.stat().st_size
        if size <= max_bytes:
            data = read_limited(path, max_bytes)
            size = len(data)
    except (OSError, RuntimeError) as exc:
        raise unreadable_asset(what, ref, exc, loc) from None
    if size > max_bytes:
        raise SpecError(
            f"{what} '{ref}' is {size // MIB} MiB; the limit is {max_bytes // MIB} MiB — "
            "export a smaller file",
            loc,
        )
    return data


# ---------------------------------------------------------------- XML from outside

XML_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
)
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


class UnsafeXML(ValueError):
    """An XML part that is not well-formed or declares a DOCTYPE; ``reason`` says which."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _as_utf8(blob: bytes) -> bytes:
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if blob.startswith(bom):
            return blob[2:].decode(codec, "replace").encode("utf-8")
    return blob


def parse_xml(blob: bytes) -> etree._Element:
    """Parse XML from outside: no DOCTYPE, no entities, no network; else UnsafeXML."""
    if _DOCTYPE.search(_as_utf8(blob)):
        raise UnsafeXML(
            "declares a DOCTYPE, which Office files never contain (it is how XML entity "
            "attacks start)"
        )
    try:
        root = etree.fromstring(blob, XML_PARSER)
    except etree.XMLSyntaxError as exc:
        line = getattr(exc, "lineno", 0) or 0
        raise UnsafeXML(f"is not well-formed XML (line {line})" if line else "is not XML") from None
    if root is None:
        raise UnsafeXML("is empty")
    return root


# ---------------------------------------------------------------- templates

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OOXML = "application/vnd.openxmlformats-officedocument."
CT_PRESENTATION = _OOXML + "presentationml.presentation.main+xml"
_CONVERTIBLE = {
    _OOXML + "presentationml.template.main+xml",
    _OOXML + "presentationml.slideshow.main+xml",
}
_MACRO = {
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
}
_SAVE_AS = "save it from PowerPoint as .pptx or .potx"
_CHOOSE = "use the organisation's PowerPoint template (.pptx or .potx) instead"

# What a file that is not a PowerPoint template is, and what to do: one plain line each.
NOT_A_TEMPLATE = {
    "legacy-ppt": "this is a PowerPoint 97–2003 file (.ppt), which cannot be used as a "
    "template; open it in PowerPoint or LibreOffice and save it as .pptx or .potx",
    "encrypted": "this file is encrypted (password-protected); open it in PowerPoint, remove "
    "the password (File > Info > Protect Presentation) and save it again",
    "ole": "this is an old binary Office file, not a PowerPoint template; " + _CHOOSE,
    "thmx": "this is an Office theme (.thmx), not a template; in PowerPoint apply it to a "
    "presentation (Design > Themes > Browse for Themes) and save that as .potx",
    "strict": "this is saved as Strict Open XML, which cannot be read here; in PowerPoint use "
    "File > Save As and choose 'PowerPoint Presentation (.pptx)'",
    "macro": "this is a macro-enabled presentation (.pptm/.potm); macros are never used: "
    + _SAVE_AS,
    "keynote": "this is a Keynote presentation; in Keynote choose File > Export To > PowerPoint "
    "and use the .pptx",
    "word": "this is a Word document, not a PowerPoint template; " + _CHOOSE,
    "excel": "this is an Excel workbook, not a PowerPoint template; " + _CHOOSE,
    "odp": "this is an OpenDocument presentation (.odp); in LibreOffice use File > Save As and "
    "choose PowerPoint (.pptx)",
    "other-odf": "this is an OpenDocument file, not a presentation; " + _CHOOSE,
    "pdf": "this is a PDF, not a PowerPoint template; " + _CHOOSE,
    "empty": "the file is empty; " + _SAVE_AS,
    "not-zip": "this is not a PowerPoint file (a .pptx is a zip package; this is not one); "
    + _CHOOSE,
}
_OTHER_OFFICE = {
    _OOXML + "wordprocessingml.document.main+xml": "word",
    _OOXML + "wordprocessingml.template.main+xml": "word",
    "application/vnd.ms-word.document.macroEnabled.main+xml": "word",
    _OOXML + "spreadsheetml.sheet.main+xml": "excel",
    _OOXML + "spreadsheetml.template.main+xml": "excel",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": "excel",
    _OOXML + "themeManager+xml": "thmx",
}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_STRICT = (b"http://purl.oclc.org/ooxml/",)


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def is_kind(display: str, kind: str, loc: Loc | None) -> SpecError:
    """The refusal for a file that is something other than a PowerPoint template."""
    return SpecError(f"{display}: {NOT_A_TEMPLATE[kind]}", loc)


def damaged(display: str, reason: str, loc: Loc | None) -> SpecError:
    """The refusal for a PowerPoint package that is damaged or unsafe."""
    return SpecError(
        f"{display}: not a usable PowerPoint template ({reason}); {_SAVE_AS}",
        loc,
    )


def _sniff_ole(data: bytes) -> str:
    """Legacy .ppt, an encrypted OOXML file, or another OLE compound file."""
    if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
        return "encrypted"
    if _utf16("PowerPoint Document") in data:
        return "legacy-ppt"
    return "ole"


def resolve_template(
    ref: str, base_dir: Path, loc: Loc | None, *, allow_outside: bool = False
) -> Path:
    """A spec's ``template:`` path: relative to the spec and inside its folder tree."""
    return resolve_asset(str(ref), base_dir, loc, allow_outside=allow_outside, what="template")


def open_template(path: Path, loc: Loc | None = None, display: str | None = None) -> PresentationT:
    """Check ``path`` and open it with python-pptx; a problem raises one clear SpecError."""
    from pptx import Presentation  # lazy: loading a spec must not import python-pptx

    path = Path(path)
    display = display or path.name
    try:
        if path.is_dir():
            if (path / "Index.zip").exists() or (path / "Index").is_dir():
                raise is_kind(display, "keynote", loc)
            raise SpecError(f"{display}: is a folder, not a template (.pptx or .potx)", loc)
        info = path.stat()
    except (OSError, RuntimeError) as exc:
        reason = os_reason(exc)
        if reason == "not found":
            raise SpecError(
                f"{display}: template not found (looked for {path.absolute()})", loc
            ) from None
        raise SpecError(f"{display}: cannot read the template ({reason})", loc) from None
    if not stat.S_ISREG(info.st_mode):
        raise SpecError(f"{display}: is not a regular file (a device or a pipe?)", loc)
    if info.st_size > TEMPLATE_MAX_BYTES:
        raise damaged(
            display,
            f"{info.st_size // MIB} MB; the limit is {TEMPLATE_MAX_BYTES // MIB} MB",
            loc,
        )
    try:
        raw = read_limited(path, TEMPLATE_MAX_BYTES)
    except (OSError, RuntimeError) as exc:
        raise SpecError(f"{display}: cannot read the template ({os_reason(exc)})", loc) from None
    data = checked_package(raw, display, loc)
    try:
        prs = Presentation(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - python-pptx raises many kinds on damaged files
        raise damaged(display, "a part PowerPoint needs is missing or damaged", loc) from None
    problem = _probe(prs)
    if problem:
        raise damaged(display, problem, loc)
    return prs


def checked_package(data: bytes, display: str, loc: Loc | None) -> bytes:
    """The package's bytes, checked and rewritten (a template's main content type made a
    presentation's), or a SpecError saying what the file is or what is wrong with it."""
    if not data:
        raise is_kind(display, "empty", loc)
    if data.startswith(_OLE_MAGIC):
        raise is_kind(display, _sniff_ole(data), loc)
    if data.startswith(b"%PDF"):
        raise is_kind(display, "pdf", loc)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        if data.startswith(b"PK"):
            raise damaged(display, "the zip package is damaged or truncated", loc) from None
        raise is_kind(display, "not-zip", loc) from None
    with archive:
        entries = _read_entries(archive, display, loc)
    _identify(entries, display, loc)
    types = _parse_part(entries, "[Content_Types].xml", display, loc)
    roots = {name: _parse_part(entries, name, display, loc) for name in _xml_parts(entries, types)}
    overrides = types.findall(f"{{{CT_NS}}}Override")
    content_types = {o.get("ContentType") for o in overrides}
    if content_types & _MACRO:
        raise is_kind(display, "macro", loc)
    for content_type, kind in _OTHER_OFFICE.items():
        if content_type in content_types:
            raise is_kind(display, kind, loc)
    if CT_PRESENTATION not in content_types:
        converted = False
        for override in overrides:
            if override.get("ContentType") in _CONVERTIBLE:
                override.set("ContentType", CT_PRESENTATION)
                converted = True
        if not converted:
            raise damaged(display, "it has no presentation part", loc)
        entries["[Content_Types].xml"] = etree.tostring(
            types, xml_declaration=True, encoding="UTF-8", standalone=True
        )
    check_content_types(entries, types, roots, display, loc)
    check_relationships(entries, display, loc)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:  # read once, in memory
        for name, blob in entries.items():
            dst.writestr(name, blob)
    return out.getvalue()


def _read_entries(archive: zipfile.ZipFile, display: str, loc: Loc | None) -> dict[str, bytes]:
    """Every entry's bytes, with the size limits, each entry's declared size and its CRC
    checked as it is read (a zip bomb stops at its limit, not after filling memory)."""
    infos = archive.infolist()
    if len(infos) > TEMPLATE_MAX_ENTRIES:
        raise damaged(
            display, f"{len(infos):,} files inside; the limit is {TEMPLATE_MAX_ENTRIES:,}", loc
        )
    unpacked = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if unpacked > TEMPLATE_MAX_UNPACKED:
        raise damaged(
            display,
            f"it unpacks to {unpacked // MIB} MB, over the {TEMPLATE_MAX_UNPACKED // MIB} MB "
            "limit: a zip bomb?",
            loc,
        )
    if unpacked > MIB and unpacked > TEMPLATE_MAX_RATIO * max(packed, 1):
        raise damaged(
            display,
            f"compressed {unpacked // max(packed, 1)}:1, over the {TEMPLATE_MAX_RATIO}:1 "
            "limit: a zip bomb?",
            loc,
        )
    entries: dict[str, bytes] = {}
    for info in infos:
        if info.file_size > MIB and info.file_size > TEMPLATE_MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise damaged(
                display,
                f"{info.filename} is compressed {info.file_size // max(info.compress_size, 1)}"
                f":1, over the {TEMPLATE_MAX_RATIO}:1 limit: a zip bomb?",
                loc,
            )
        if info.is_dir():
            continue
        if info.filename in entries:
            raise damaged(display, f"the zip holds '{info.filename}' twice", loc)
        if info.flag_bits & 0x1:
            raise is_kind(display, "encrypted", loc)
        try:
            with archive.open(info) as handle:
                blob = handle.read(info.file_size + 1)
        except zipfile.BadZipFile as exc:
            crc = "CRC" in str(exc)
            what = "fails its checksum (CRC)" if crc else "is damaged"
            raise damaged(
                display, f"{info.filename} {what}: the file was corrupted; copy it again", loc
            ) from None
        except (OSError, ValueError, RuntimeError, EOFError, NotImplementedError, zlib_error):
            raise damaged(
                display, f"{info.filename} cannot be unpacked (damaged or truncated)", loc
            ) from None
        if len(blob) != info.file_size:
            raise damaged(
                display,
                f"{info.filename} is {len(blob):,} bytes but the zip says {info.file_size:,}",
                loc,
            )
        entries[info.filename] = blob
    return entries


def _identify(entries: dict[str, bytes], display: str, loc: Loc | None) -> None:
    """Refuse zips that are not OOXML at all (Keynote, OpenDocument, Strict Open XML)."""
    names = set(entries)
    if any(n.startswith("Index/") and n.endswith(".iwa") for n in names) or "Index.zip" in names:
        raise is_kind(display, "keynote", loc)
    mimetype = entries.get("mimetype", b"")
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        kind = "odp" if b"presentation" in mimetype else "other-odf"
        raise is_kind(display, kind, loc)
    for name in ("_rels/.rels", "[Content_Types].xml"):
        if any(marker in entries.get(name, b"") for marker in _STRICT):
            raise is_kind(display, "strict", loc)
    if "[Content_Types].xml" not in names:
        raise damaged(display, "no [Content_Types].xml: not an Office file", loc)


def _xml_parts(entries: dict[str, bytes], types: etree._Element) -> list[str]:
    """The parts that are XML, by name or content type (binary parts are never parsed)."""
    content_types = content_types_of(entries, types)
    return [
        name
        for name in entries
        if name.endswith((".xml", ".rels", ".vml")) or content_types.get(name, "").endswith("xml")
    ]


def _parse_part(
    entries: dict[str, bytes], name: str, display: str, loc: Loc | None
) -> etree._Element:
    try:
        return parse_xml(entries[name])
    except UnsafeXML as exc:
        raise damaged(display, f"{name} {exc.reason}", loc) from None


_MIME = re.compile(r"[\w!#$%&'*+.^`|~-]+/[\w!#$%&'*+.^`|~-]+(\s*;.*)?")
_PML = _OOXML + "presentationml."
# What the parts python-pptx reads (and writes back) must be, by how they are related.
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
EXPECTED_CONTENT_TYPES = {
    _RT + "officeDocument": {CT_PRESENTATION, *_CONVERTIBLE},
    _RT + "slideMaster": {_PML + "slideMaster+xml"},
    _RT + "slideLayout": {_PML + "slideLayout+xml"},
    _RT + "slide": {_PML + "slide+xml"},
    _RT + "notesMaster": {_PML + "notesMaster+xml"},
    _RT + "notesSlide": {_PML + "notesSlide+xml"},
    _RT + "handoutMaster": {_PML + "handoutMaster+xml"},
    _RT + "theme": {_OOXML + "theme+xml"},
    _RT + "presProps": {_PML + "presProps+xml"},
    _RT + "viewProps": {_PML + "viewProps+xml"},
    _RT + "tableStyles": {_PML + "tableStyles+xml"},
    _RT + "extended-properties": {_OOXML + "extended-properties+xml"},
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties": {
        "application/vnd.openxmlformats-package.core-properties+xml"
    },
}


# The root element each content type python-pptx reads must have.
ROOT_ELEMENTS = {
    CT_PRESENTATION: "presentation",
    **{content_type: "presentation" for content_type in _CONVERTIBLE},
    _PML + "slideMaster+xml": "sldMaster",
    _PML + "slideLayout+xml": "sldLayout",
    _PML + "slide+xml": "sld",
    _PML + "notesMaster+xml": "notesMaster",
    _PML + "notesSlide+xml": "notes",
    _PML + "handoutMaster+xml": "handoutMaster",
    _PML + "presProps+xml": "presentationPr",
    _PML + "viewProps+xml": "viewPr",
    _PML + "tableStyles+xml": "tblStyleLst",
    _OOXML + "theme+xml": "theme",
    _OOXML + "extended-properties+xml": "Properties",
    "application/vnd.openxmlformats-package.core-properties+xml": "coreProperties",
    "application/vnd.openxmlformats-package.relationships+xml": "Relationships",
}


def content_types_of(entries: dict[str, bytes], types: etree._Element) -> dict[str, str]:
    """Each part's content type (its Override, else the Default for its extension)."""
    by_ext = {
        (d.get("Extension") or "").lower(): d.get("ContentType") or ""
        for d in types.iter(f"{{{CT_NS}}}Default")
    }
    by_name = {
        (o.get("PartName") or "").lstrip("/"): o.get("ContentType") or ""
        for o in types.iter(f"{{{CT_NS}}}Override")
    }
    return {
        name: by_name.get(name) or by_ext.get(name.rpartition(".")[2].lower(), "")
        for name in entries
        if name != "[Content_Types].xml"
    }


def check_content_types(
    entries: dict[str, bytes],
    types: etree._Element,
    roots: dict[str, etree._Element],
    display: str,
    loc: Loc | None,
) -> None:
    """Every part has a well-formed content type, and each part python-pptx reads has the
    one its relationship calls for (else it would be copied into the deck as it is)."""
    for element in types:
        value = element.get("ContentType")
        if value is not None and not _MIME.fullmatch(value):
            shown = value if value.strip() else "an empty one"
            raise damaged(
                display, f"[Content_Types].xml has a malformed content type ({shown})", loc
            )
    content_types = content_types_of(entries, types)
    for name, content_type in content_types.items():
        if not content_type and not name.endswith("/"):
            raise damaged(display, f"{name} has no content type", loc)
    for target, rel_type in _relationships(entries, display, loc):
        wanted = EXPECTED_CONTENT_TYPES.get(rel_type)
        found = content_types.get(target)
        if wanted and found is not None and found not in wanted:
            kind = rel_type.rpartition("/")[2]
            raise damaged(
                display, f"{target} is used as a {kind} but its content type is {found}", loc
            )
    for name, content_type in content_types.items():
        root = roots.get(name)
        wanted_root = ROOT_ELEMENTS.get(content_type)
        if root is not None and wanted_root and etree.QName(root).localname != wanted_root:
            raise damaged(
                display,
                f"{name} holds <{etree.QName(root).localname}>, not the "
                f"<{wanted_root}> its content type calls for",
                loc,
            )


def _relationships(
    entries: dict[str, bytes], display: str, loc: Loc | None
) -> Iterator[tuple[str, str]]:
    """(resolved target, type) of each internal relationship."""
    for rels_name in list(entries):
        if not rels_name.endswith(".rels"):
            continue
        folder, _, file_name = rels_name.rpartition("/")
        source = posixpath.join(posixpath.dirname(folder), file_name[: -len(".rels")])
        base = posixpath.dirname(source)
        for rel in _parse_part(entries, rels_name, display, loc).iter(f"{{{REL_NS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = unquote(rel.get("Target") or "")
            resolved = posixpath.normpath(
                target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
            ).lstrip("/")
            yield resolved, rel.get("Type") or ""


def check_relationships(entries: dict[str, bytes], display: str, loc: Loc | None) -> None:
    """Every internal relationship an XML part uses must point at a part in the package
    (python-pptx would silently drop it and write a deck that needs repair)."""
    lower = {name.lower() for name in entries}
    for rels_name in list(entries):
        if not rels_name.endswith(".rels"):
            continue
        folder, _, file_name = rels_name.rpartition("/")
        source = posixpath.join(posixpath.dirname(folder), file_name[: -len(".rels")])
        base = posixpath.dirname(source)
        rels = _parse_part(entries, rels_name, display, loc)
        source_xml = entries.get(source, b"")
        for rel in rels.iter(f"{{{REL_NS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = unquote(rel.get("Target") or "")
            resolved = posixpath.normpath(
                target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
            ).lstrip("/")
            if resolved.lower() in lower:
                continue
            rid = rel.get("Id") or ""
            if rid and re.search(rb'="' + re.escape(rid.encode()) + rb'"', source_xml):
                raise damaged(
                    display,
                    f"broken relationship: {source or 'the package'} uses {resolved}, "
                    "which is missing",
                    loc,
                )


def _probe(prs: PresentationT) -> str | None:
    """Touch what rendering needs, so a damaged template fails here, not mid-build: what is
    wrong, or None."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT  # lazy: not for loading a spec

    try:
        if not prs.slide_width or not prs.slide_height:
            return "it sets no slide size"
        if not len(prs.slide_masters) or not len(prs.slide_layouts):
            return "it has no slide layouts"
        for master in prs.slide_masters:
            try:
                master.part.part_related_by(RT.THEME)
            except KeyError:
                return "a slide master has no theme"
            _ = [shape.shape_type for shape in master.shapes]
            for layout in master.slide_layouts:
                try:
                    layout.slide_master  # noqa: B018 - layouts point back at their master
                except KeyError:
                    return f"layout '{layout.name}' has no slide master"
                _ = [shape.shape_type for shape in layout.shapes]
                for shape in layout.placeholders:  # own values only: inheriting is slow
                    _ = (shape.placeholder_format.type, shape._element.xfrm)
    except Exception:  # noqa: BLE001 - python-pptx raises many kinds on damaged parts
        return "a slide master or layout is damaged"
    return None
