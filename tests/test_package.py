"""Reproducible packaging: SOURCE_DATE_EPOCH, core properties, zip rewriting, atomic writes."""

from __future__ import annotations

import io
import os
import re
import stat
import zipfile
from datetime import datetime, timedelta, timezone

import pytest
from pptx import Presentation

from coprod_slides import atomic
from coprod_slides.errors import SpecError
from coprod_slides.render.package import (
    atomic_write_bytes,
    save_reproducible,
    set_core_properties,
    source_date_epoch,
    to_reproducible_bytes,
)


def _deck(title: str = "Deck"):
    prs = Presentation()
    prs.slides.add_slide(prs.slide_layouts[0]).shapes.title.text = title
    set_core_properties(prs, title=title, author="A. N. Other")
    return prs


# ---------------------------------------------------------------- SOURCE_DATE_EPOCH


def test_source_date_epoch_default(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert source_date_epoch() == datetime(2024, 1, 1, tzinfo=timezone.utc)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "  ")
    assert source_date_epoch() == datetime(2024, 1, 1, tzinfo=timezone.utc)


def test_source_date_epoch_from_env(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    when = source_date_epoch()
    assert when == datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)
    assert when.utcoffset() == timedelta(0)


@pytest.mark.parametrize("value", ["yesterday", "-5", "1.5", "17e8", "99999999999999999999"])
def test_source_date_epoch_invalid(monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(SpecError, match="SOURCE_DATE_EPOCH must be a whole number of seconds"):
        source_date_epoch()


# ---------------------------------------------------------------- core properties


def test_core_properties_leave_no_python_pptx_defaults(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    prs = Presentation()
    set_core_properties(
        prs, title="Co-production", author="", subject="A workshop", keywords="co-production"
    )
    data = to_reproducible_bytes(prs)
    core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()
    for default in ("python-pptx", "Steve Canny", "2013-01-27"):
        assert default not in core
    props = Presentation(io.BytesIO(data)).core_properties
    assert props.title == "Co-production"
    assert props.subject == "A workshop"
    assert props.keywords == "co-production"
    assert props.language == "en-GB"
    assert props.last_modified_by == "coprod-slides"
    assert props.revision == 1
    assert props.created == props.modified == datetime(2024, 1, 1)


def test_core_properties_author_and_explicit_time():
    prs = Presentation()
    when = datetime(2025, 3, 12, 10, 30, tzinfo=timezone(timedelta(hours=1)))
    set_core_properties(prs, title="T", author="A. N. Other", language="cy-GB", when=when)
    props = prs.core_properties
    assert props.author == props.last_modified_by == "A. N. Other"
    assert props.language == "cy-GB"
    assert props.created == props.modified == datetime(2025, 3, 12, 9, 30)  # stored as UTC


# ---------------------------------------------------------------- reproducible bytes


def test_same_input_same_bytes(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = to_reproducible_bytes(_deck())
    second = to_reproducible_bytes(_deck())
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        infos = z.infolist()
        assert infos[0].filename == "[Content_Types].xml"
        assert {info.date_time for info in infos} == {(2024, 1, 1, 0, 0, 0)}
        assert {info.compress_type for info in infos} == {zipfile.ZIP_DEFLATED}
        assert {(info.create_system, info.external_attr >> 16) for info in infos} == {(3, 0o100644)}
        assert z.testzip() is None


def test_entry_order_is_kept():
    prs = _deck()
    raw = io.BytesIO()
    prs.save(raw)
    original = [i.filename for i in zipfile.ZipFile(raw).infolist()]
    rewritten = zipfile.ZipFile(io.BytesIO(to_reproducible_bytes(prs))).namelist()
    assert rewritten == original


def test_source_date_epoch_changes_timestamps_and_core_properties(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    default = to_reproducible_bytes(_deck())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    changed = to_reproducible_bytes(_deck())
    assert changed != default
    assert changed == to_reproducible_bytes(_deck())
    with zipfile.ZipFile(io.BytesIO(changed)) as z:
        assert {info.date_time for info in z.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    props = Presentation(io.BytesIO(changed)).core_properties
    assert props.created == props.modified == datetime(2023, 11, 14, 22, 13, 20)


def test_timestamps_before_1980_are_clamped(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    with zipfile.ZipFile(io.BytesIO(to_reproducible_bytes(_deck()))) as z:
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_output_opens_and_keeps_content():
    prs = Presentation(io.BytesIO(to_reproducible_bytes(_deck("Hello"))))
    assert prs.slides[0].shapes.title.text == "Hello"


# ---------------------------------------------------------------- atomic writes


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_atomic_write_creates_and_replaces(tmp_path):
    out = tmp_path / "deck.pptx"
    atomic_write_bytes(b"first", out)
    assert out.read_bytes() == b"first"
    atomic_write_bytes(b"second", out)
    assert out.read_bytes() == b"second"
    assert _leftovers(tmp_path) == []


def test_new_file_gets_normal_permissions(tmp_path):
    out = tmp_path / "deck.pptx"
    atomic_write_bytes(b"x", out)
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~atomic._UMASK


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_existing_file_keeps_its_permissions(tmp_path):
    out = tmp_path / "deck.pptx"
    out.write_bytes(b"old")
    out.chmod(0o640)
    atomic_write_bytes(b"new", out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_failed_replace_keeps_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    out = tmp_path / "deck.pptx"
    out.write_bytes(b"old deck")

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="No space left"):
        atomic_write_bytes(b"new deck", out)
    assert out.read_bytes() == b"old deck"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.pptx"]


def test_failure_mid_write_keeps_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    out = tmp_path / "deck.pptx"
    out.write_bytes(b"old deck")
    written = []

    def fsync_fails(fd):
        written.append(fd)
        raise KeyboardInterrupt  # not even an Exception: the temp file must still go

    monkeypatch.setattr(os, "fsync", fsync_fails)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_bytes(b"new deck", out)
    assert written, "the write reached fsync"
    assert out.read_bytes() == b"old deck"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.pptx"]


def test_directory_as_output(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(IsADirectoryError, match="is a folder, not a file"):
        atomic_write_bytes(b"x", folder)
    assert list(folder.iterdir()) == []


def test_missing_folder_raises_and_creates_nothing(tmp_path):
    with pytest.raises(FileNotFoundError):
        atomic_write_bytes(b"x", tmp_path / "missing" / "deck.pptx")
    assert list(tmp_path.iterdir()) == []


def test_save_reproducible(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    out = tmp_path / "deck.pptx"
    save_reproducible(_deck(), out)
    assert out.read_bytes() == to_reproducible_bytes(_deck())
    assert _leftovers(tmp_path) == []


# ---------------------------------------------------------------- one core properties part

CORE_RT = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
# what some producers write instead (Open XML SDK reads it too); python-pptx does not see it
OTHER_CORE_RT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/metadata/core-properties"
)
CORE_CT = "application/vnd.openxmlformats-package.core-properties+xml"
TEMPLATE_CORE = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Template title'
    "</dc:title><dc:creator>Template author</dc:creator><dc:description>Template notes"
    "</dc:description></cp:coreProperties>"
)


def _template_with_core(path, relationships: list[tuple[str, str]], parts: list[str]) -> None:
    """The base template with its core properties related as ``relationships`` (type,
    target) and held in ``parts``, each saying 'Template title' and 'Template notes'."""
    from coprod_slides.render.deck import base_template_path

    with zipfile.ZipFile(base_template_path()) as src, zipfile.ZipFile(path, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/core.xml":
                continue
            if info.filename == "_rels/.rels":
                text = re.sub(r"<Relationship [^>]*core-properties[^>]*/>", "", data.decode())
                rels = "".join(
                    f'<Relationship Id="rIdCore{i}" Type="{kind}" Target="{target}"/>'
                    for i, (kind, target) in enumerate(relationships)
                )
                data = text.replace("</Relationships>", rels + "</Relationships>").encode()
            if info.filename == "[Content_Types].xml":
                text = re.sub(r'<Override PartName="/docProps/core.xml"[^>]*/>', "", data.decode())
                overrides = "".join(
                    f'<Override PartName="/{part}" ContentType="{CORE_CT}"/>' for part in parts
                )
                data = text.replace("</Types>", overrides + "</Types>").encode()
            out.writestr(info, data)
        for part in parts:
            out.writestr(part, TEMPLATE_CORE)


@pytest.mark.parametrize(
    "relationships, parts",
    [
        ([(OTHER_CORE_RT, "docProps/core.xml")], ["docProps/core.xml"]),
        (
            [(CORE_RT, "docProps/core.xml"), (OTHER_CORE_RT, "docProps/core2.xml")],
            ["docProps/core.xml", "docProps/core2.xml"],
        ),
        (
            [(CORE_RT, "docProps/a.xml"), (CORE_RT, "docProps/b.xml")],
            ["docProps/a.xml", "docProps/b.xml"],
        ),
        ([], []),
    ],
    ids=["other-relationship-type", "two-types-two-parts", "two-parts", "none"],
)
def test_a_deck_on_any_template_has_one_core_properties_part_with_its_own_values(
    relationships, parts, tmp_path, monkeypatch
):
    from click.testing import CliRunner

    from coprod_slides.cli import main

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.chdir(tmp_path)
    _template_with_core(tmp_path / "brand.pptx", relationships, parts)
    (tmp_path / "deck.yaml").write_text(
        "title: Our deck\nauthor: Sam Jones\nslides:\n  - type: title\n", "utf-8"
    )
    result = CliRunner().invoke(main, ["build", "deck.yaml", "--template", "brand.pptx"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile("deck.pptx") as package:
        names = package.namelist()
        package_rels = package.read("_rels/.rels").decode()
        content_types = package.read("[Content_Types].xml").decode()
        everything = b"".join(package.read(name) for name in set(names))
    assert len(names) == len(set(names)), "duplicate zip entries"
    core_rels = re.findall(r'Type="[^"]*/metadata/core-properties"', package_rels)
    assert core_rels == [f'Type="{CORE_RT}"']
    assert content_types.count(CORE_CT) == 1
    assert b"Template title" not in everything and b"Template notes" not in everything
    props = Presentation("deck.pptx").core_properties
    assert (props.title, props.author) == ("Our deck", "Sam Jones")
    assert props.created == props.modified == datetime(2024, 1, 1)
