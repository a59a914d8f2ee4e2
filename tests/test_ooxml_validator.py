"""The shipped OOXML check finds what a strict reader refuses (so its passes mean something)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from coprod_slides.build import build

from .conftest import ROOT
from .ooxml import check_package


@pytest.fixture(scope="module")
def deck() -> bytes:
    return build(ROOT / "decks" / "example.yaml").data


def _edit(data: bytes, part: str, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == part:
                body = change(body)
                if body is None:
                    continue
            dst.writestr(item, body)
    return out.getvalue()


def test_a_built_deck_is_valid(deck):
    assert check_package(deck) == []


@pytest.mark.parametrize(
    "part, change, expected",
    [
        (
            "ppt/slides/slide1.xml",
            lambda b: b.replace(b"<p:cSld>", b"<p:cSld><p:bogus/>", 1),
            r"ppt/slides/slide1.xml: line \d+: Element .*bogus",
        ),
        (
            "ppt/slides/slide1.xml",
            lambda b: b.replace(b'<a:rPr sz="4400"', b'<a:rPr sz="huge"', 1),
            r"ppt/slides/slide1.xml: line \d+: .*'huge' is not a valid value",
        ),
        (
            "ppt/slides/slide1.xml",
            lambda b: b.replace(
                b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>",
                b"<?xml version='1.0'?><!DOCTYPE p [<!ENTITY x 'y'>]>",
                1,
            ),
            "ppt/slides/slide1.xml: has a DOCTYPE",
        ),
        ("ppt/slides/slide1.xml", lambda b: b[:-40], "ppt/slides/slide1.xml: not well-formed XML"),
        ("ppt/slides/slide2.xml", lambda b: None, "targets missing ppt/slides/slide2.xml"),
        ("[Content_Types].xml", lambda b: None, r"missing \[Content_Types\]\.xml"),
    ],
    ids=["unknown-element", "bad-attribute", "doctype", "truncated", "missing-part", "no-types"],
)
def test_a_broken_deck_is_reported(deck, part, change, expected):
    problems = check_package(_edit(deck, part, change))
    assert any(re.search(expected, p) for p in problems), problems


def test_duplicate_shape_ids_are_reported(deck):
    def duplicate(body: bytes) -> bytes:
        ids = re.findall(rb'<p:cNvPr id="(\d+)"', body)
        return body.replace(b'<p:cNvPr id="%s"' % ids[1], b'<p:cNvPr id="%s"' % ids[0], 1)

    problems = check_package(_edit(deck, "ppt/slides/slide1.xml", duplicate))
    assert any("duplicate shape ids" in p for p in problems), problems
