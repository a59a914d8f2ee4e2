"""Opening files from outside (coprod_slides/inputs.py): templates that are not templates,
damaged or hostile packages, and the refuse/ corpus, each refused in one exact line."""

from __future__ import annotations

import io
import os
import struct
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from coprod_slides import inputs
from coprod_slides.cli import main
from coprod_slides.errors import SpecError

from .conftest import SHARED
from .template_makers import pptx_default

CORPUS = SHARED / "template-corpus"
SAVE = "save it from PowerPoint as .pptx or .potx"
CHOOSE = "use the organisation's PowerPoint template (.pptx or .potx) instead"


@pytest.fixture(scope="module")
def default_entries(tmp_path_factory) -> dict[str, bytes]:
    path = pptx_default(tmp_path_factory.mktemp("tpl") / "default.pptx")
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def zip_of(entries: dict[str, bytes] | list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    items = entries.items() if isinstance(entries, dict) else entries
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            z.writestr(name, data)
    return out.getvalue()


def refusal(tmp_path: Path, data: bytes, name: str = "brand.pptx") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(SpecError) as info:
        inputs.open_template(path)
    assert len(info.value.problems) == 1
    message = str(info.value.problems[0])
    assert "\n" not in message
    return message


def damaged(reason: str, name: str = "brand.pptx") -> str:
    return f"{name}: not a usable PowerPoint template ({reason}); {SAVE}"


# ---------------------------------------------------------------- what the file is


def test_files_that_are_something_else_are_named(tmp_path, default_entries):
    assert refusal(tmp_path, b"not a zip at all") == (
        "brand.pptx: this is not a PowerPoint file (a .pptx is a zip package; this is not "
        f"one); {CHOOSE}"
    )
    assert refusal(tmp_path, b"") == f"brand.pptx: the file is empty; {SAVE}"
    assert refusal(tmp_path, b"%PDF-1.7\n...") == (
        f"brand.pptx: this is a PDF, not a PowerPoint template; {CHOOSE}"
    )
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    assert refusal(tmp_path, ole + "WordDocument".encode("utf-16-le")) == (
        f"brand.pptx: this is an old binary Office file, not a PowerPoint template; {CHOOSE}"
    )
    assert refusal(tmp_path, ole + "PowerPoint Document".encode("utf-16-le")).startswith(
        "brand.pptx: this is a PowerPoint 97–2003 file (.ppt)"
    )
    assert refusal(tmp_path, ole + "EncryptedPackage".encode("utf-16-le")).startswith(
        "brand.pptx: this file is encrypted (password-protected)"
    )
    keynote = zip_of({"Index/Document.iwa": b"\0\1", "Metadata/Properties.plist": b""})
    assert refusal(tmp_path, keynote, "talk.key") == (
        "talk.key: this is a Keynote presentation; in Keynote choose File > Export To > "
        "PowerPoint and use the .pptx"
    )
    odp = zip_of({"mimetype": b"application/vnd.oasis.opendocument.presentation"})
    assert refusal(tmp_path, odp).startswith(
        "brand.pptx: this is an OpenDocument presentation (.odp)"
    )
    word = zip_of(
        {
            "[Content_Types].xml": b'<Types xmlns="http://schemas.openxmlformats.org/package/'
            b'2006/content-types"><Override PartName="/word/document.xml" ContentType="'
            b'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"'
            b"/></Types>"
        }
    )
    assert refusal(tmp_path, word) == (
        f"brand.pptx: this is a Word document, not a PowerPoint template; {CHOOSE}"
    )
    excel = word.replace(b"wordprocessingml.document", b"spreadsheetml.sheet")
    excel = zip_of(
        {
            "[Content_Types].xml": zipfile.ZipFile(io.BytesIO(word))
            .read("[Content_Types].xml")
            .replace(b"wordprocessingml.document", b"spreadsheetml.sheet")
        }
    )
    assert refusal(tmp_path, excel).startswith("brand.pptx: this is an Excel workbook")


def test_a_keynote_folder_is_named(tmp_path):
    bundle = tmp_path / "talk.key"
    (bundle / "Index").mkdir(parents=True)
    with pytest.raises(SpecError) as info:
        inputs.open_template(bundle)
    assert str(info.value) == (
        "talk.key: this is a Keynote presentation; in Keynote choose File > Export To > "
        "PowerPoint and use the .pptx"
    )


def test_strict_open_xml_and_macros_are_named(tmp_path, default_entries):
    strict = dict(default_entries)
    strict["_rels/.rels"] = strict["_rels/.rels"].replace(
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
    )
    assert refusal(tmp_path, zip_of(strict)) == (
        "brand.pptx: this is saved as Strict Open XML, which cannot be read here; in "
        "PowerPoint use File > Save As and choose 'PowerPoint Presentation (.pptx)'"
    )
    macro = dict(default_entries)
    macro["[Content_Types].xml"] = macro["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        b"application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
    )
    assert refusal(tmp_path, zip_of(macro)) == (
        "brand.pptx: this is a macro-enabled presentation (.pptm/.potm); macros are never "
        f"used: {SAVE}"
    )


# ---------------------------------------------------------------- damaged or hostile packages

LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE a:theme [\n <!ENTITY lol "lol">\n'
    + b"".join(
        b' <!ENTITY lol%d "' % i + (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10 + b'">\n'
        for i in range(1, 10)
    )
    + b"]>\n"
)


def test_a_doctype_anywhere_is_refused(tmp_path, default_entries):
    theme = "ppt/theme/theme1.xml"
    body = default_entries[theme].split(b"?>", 1)[1]
    bomb = dict(default_entries)
    bomb[theme] = LAUGHS + body.replace(b'name="', b'name="&lol9;', 1)
    assert refusal(tmp_path, zip_of(bomb)) == damaged(
        "ppt/theme/theme1.xml declares a DOCTYPE, which Office files never contain (it is "
        "how XML entity attacks start)"
    )
    xxe = dict(default_entries)
    layout = "ppt/slideLayouts/slideLayout1.xml"
    xxe[layout] = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY f SYSTEM "file:///etc/passwd">]>'
        + default_entries[layout].split(b"?>", 1)[1]
    )
    assert "slideLayout1.xml declares a DOCTYPE" in refusal(tmp_path, zip_of(xxe))
    rels = dict(default_entries)
    rels["_rels/.rels"] = b"<!DOCTYPE r>" + rels["_rels/.rels"].split(b"?>", 1)[1]
    assert "_rels/.rels declares a DOCTYPE" in refusal(tmp_path, zip_of(rels))


def test_broken_xml_and_zip_damage_are_named(tmp_path, default_entries):
    broken = dict(default_entries)
    broken["ppt/presProps.xml"] = broken["ppt/presProps.xml"][:-20]
    assert refusal(tmp_path, zip_of(broken)) == damaged(
        "ppt/presProps.xml is not well-formed XML (line 2)"
    )
    twice = list(default_entries.items()) + [("ppt/presProps.xml", b"<x/>")]
    with pytest.warns(UserWarning):  # zipfile warns about the duplicate name it writes
        data = zip_of(twice)
    assert refusal(tmp_path, data) == damaged("the zip holds 'ppt/presProps.xml' twice")
    good = zip_of(default_entries)
    assert refusal(tmp_path, good[: len(good) // 2]) == damaged(
        "the zip package is damaged or truncated"
    )


def test_a_bad_crc_is_named(tmp_path, default_entries):
    stored = io.BytesIO()
    with zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as z:
        for name, blob in default_entries.items():
            z.writestr(name, blob)
    data = bytearray(stored.getvalue())
    info = zipfile.ZipFile(stored).getinfo("ppt/presProps.xml")
    name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
    data[info.header_offset + 30 + name_len + extra_len + 5] ^= 0x20  # one byte of its data
    assert refusal(tmp_path, bytes(data)) == damaged(
        "ppt/presProps.xml fails its checksum (CRC): the file was corrupted; copy it again"
    )


def test_zip_bombs(tmp_path, default_entries, monkeypatch):
    bomb = zip_of({**default_entries, "ppt/media/zeros.bin": b"\0" * 5_000_000})
    message = refusal(tmp_path, bomb)
    assert message.startswith("brand.pptx: not a usable PowerPoint template (compressed ")
    assert message.endswith(f":1, over the 100:1 limit: a zip bomb?); {SAVE}")
    monkeypatch.setattr(inputs, "TEMPLATE_MAX_UNPACKED", 10_000)
    assert "it unpacks to 0 MB, over the 0 MB limit: a zip bomb?" in refusal(
        tmp_path, zip_of(default_entries)
    )


def test_broken_relationships_and_missing_parts(tmp_path, default_entries):
    missing = {k: v for k, v in default_entries.items() if k != "ppt/slideLayouts/slideLayout2.xml"}
    assert refusal(tmp_path, zip_of(missing)) == damaged(
        "broken relationship: ppt/slideMasters/slideMaster1.xml uses "
        "ppt/slideLayouts/slideLayout2.xml, which is missing"
    )
    no_types = {k: v for k, v in default_entries.items() if k != "[Content_Types].xml"}
    assert refusal(tmp_path, zip_of(no_types)) == damaged(
        "no [Content_Types].xml: not an Office file"
    )


def test_unreadable_and_missing_templates(tmp_path, default_entries):
    path = tmp_path / "brand.pptx"
    with pytest.raises(SpecError) as info:
        inputs.open_template(path)
    assert str(info.value) == f"brand.pptx: template not found (looked for {path})"
    path.write_bytes(zip_of(default_entries))
    if os.geteuid() != 0:  # root reads anything
        path.chmod(0)
        with pytest.raises(SpecError) as info:
            inputs.open_template(path)
        assert str(info.value) == "brand.pptx: cannot read the template (permission denied)"
        path.chmod(0o644)
    loop = tmp_path / "loop.pptx"
    loop.symlink_to(loop)
    with pytest.raises(SpecError) as info:
        inputs.open_template(loop)
    assert str(info.value) == "loop.pptx: cannot read the template (a symlink loop)"


# ---------------------------------------------------------------- the refuse/ corpus

REFUSE = {
    "oxsdk__macro_enabled.pptm": "this is a macro-enabled presentation (.pptm/.potm); macros "
    f"are never used: {SAVE}",
    "poi__clusterfuzz-5463285576892416.pptx": "not a usable PowerPoint template (the zip "
    f"package is damaged or truncated); {SAVE}",
    "renamed_docx__testOptionalHyphen.pptx": "this is a Word document, not a PowerPoint "
    f"template; {CHOOSE}",
    "tika__testPPT.ppt": "this is a PowerPoint 97–2003 file (.ppt), which cannot be used as a "
    "template; open it in PowerPoint or LibreOffice and save it as .pptx or .potx",
    "tika__testPPT.thmx": "this is an Office theme (.thmx), not a template; in PowerPoint "
    "apply it to a presentation (Design > Themes > Browse for Themes) and save that as .potx",
    "tika__testPPT_protected_passtika.pptx": "this file is encrypted (password-protected); "
    "open it in PowerPoint, remove the password (File > Info > Protect Presentation) and "
    "save it again",
}


@pytest.mark.parametrize("name", sorted(REFUSE))
def test_refuse_corpus_each_file_in_one_clean_line(tmp_path, name):
    source = CORPUS / "refuse" / name
    if not source.exists():
        pytest.skip(f"{source} not found: the template corpus needs ../shared beside the repo")
    spec = tmp_path / "deck.yaml"
    spec.write_text("title: T\nslides:\n  - type: title\n    title: Hi\n", encoding="utf-8")
    out = tmp_path / "deck.pptx"
    result = CliRunner().invoke(
        main, ["build", str(spec), "--template", str(source), "-o", str(out)]
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{name}: {REFUSE[name]}",
        "1 problem found; nothing was written.",
    ]
    assert not out.exists()


def test_refuse_corpus_covers_every_file():
    if not (CORPUS / "refuse").is_dir():
        pytest.skip(f"{CORPUS} not found: the template corpus needs ../shared beside the repo")
    assert sorted(p.name for p in (CORPUS / "refuse").iterdir()) == sorted(REFUSE)


def test_content_types_are_checked(tmp_path, default_entries):
    types = default_entries["[Content_Types].xml"]
    theme = b'PartName="/ppt/theme/theme1.xml" ContentType="'
    wrong = types.replace(
        theme + b"application/vnd.openxmlformats-officedocument.theme+xml",
        theme + b"text/plain",
    )
    assert wrong != types
    assert refusal(tmp_path, zip_of({**default_entries, "[Content_Types].xml": wrong})) == (
        damaged("ppt/theme/theme1.xml is used as a theme but its content type is text/plain")
    )
    empty = wrong.replace(theme + b"text/plain", theme)
    assert refusal(tmp_path, zip_of({**default_entries, "[Content_Types].xml": empty})) == (
        damaged("[Content_Types].xml has a malformed content type (an empty one)")
    )
    stray = {**default_entries, "ppt/notes.odd": b"?"}
    assert refusal(tmp_path, zip_of(stray)) == damaged("ppt/notes.odd has no content type")


def test_a_part_must_hold_what_its_content_type_says(tmp_path, default_entries):
    swapped = {**default_entries, "ppt/presProps.xml": default_entries["ppt/viewProps.xml"]}
    assert refusal(tmp_path, zip_of(swapped)) == damaged(
        "ppt/presProps.xml holds <viewPr>, not the <presentationPr> its content type calls for"
    )
