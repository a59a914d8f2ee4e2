"""Property-based fuzzing through the CLI: damaged and hostile templates, and mutated specs.

For every generated input, ``coprod-slides build`` either exits 0 with a deck that is a sound
package (the ECMA-376 schema check of tests/ooxml; python-pptx re-opens it), or exits 1 or 2
with one line per problem (plus the count) naming no Python internals, and writes nothing
(an earlier deck at the output path is left byte for byte).

Templates are mutated the ways files get damaged or made hostile: parts removed, duplicated,
truncated, given a DOCTYPE (entities, "billion laughs", XXE), given the wrong content type,
renamed, swapped, garbage added, and bytes of the zip itself flipped or cut.

A fixed, derandomised budget keeps CI fast (``EXAMPLES`` below); search longer with
``COPROD_FUZZ_SCALE=20 COPROD_FUZZ_RANDOM=1`` (``make fuzz`` does).
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import warnings
import zipfile
from functools import cache
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import event, given, note
from hypothesis import strategies as st

from coprod_slides.cli import main

from .fuzz_budget import budget
from .package_check import problems
from .template_makers import pptx_default
from .test_fuzz import mutated

EXAMPLES = {"template": 50, "spec_cli": 20}  # about 30 s in all on a quiet machine
PREVIOUS = b"a deck built earlier, which a failed build must not touch"
SUMMARY = re.compile(r"(\d+) problems? found; nothing was written\.")
# What a message must never show: exception class names, object reprs, tracebacks.
INTERNALS = re.compile(
    r"\b\w+(Error|Exception|Warning)\b|\bBadZipFile\b|\bKeyError\b|\bStopIteration\b"
    r"|<[^<>]* object at 0x[0-9a-fA-F]+>|Traceback \(most recent call last\)"
)

SPEC = """\
title: Fuzzed template
template: brand.pptx
slides:
  - type: title
    title: Working together
    subtitle: A workshop
  - type: bullets
    title: Why co-produce
    bullets: [Share power, Value lived experience, Build trust]
  - type: diagram
    diagram: ladder
  - type: closing
    message: Thank you
"""


def fuzz_settings(name: str):
    return budget(EXAMPLES[name])


@cache
def bases() -> dict[str, tuple[tuple[str, bytes], ...]]:
    """Sound templates to damage: python-pptx's default and the built-in coprod template
    (not a fixture: Hypothesis would print all their bytes with a falsifying example)."""
    from coprod_slides.assets import TEMPLATES_DIR

    with tempfile.TemporaryDirectory() as folder:
        paths = {"default": pptx_default(Path(folder) / "default.pptx")}
        paths["coprod"] = next(Path(TEMPLATES_DIR).glob("*.pptx"))
        out = {}
        for name, path in paths.items():
            with zipfile.ZipFile(path) as z:
                out[name] = tuple((i.filename, z.read(i)) for i in z.infolist())
    return out


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz-templates")


# ---------------------------------------------------------------- damaging a package

OPTIONAL = re.compile(
    r"^docProps/|presProps|viewProps|tableStyles|printerSettings|notesMaster|handoutMaster"
)
DOCTYPES = [
    b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/hostname">]>',
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
    b"<!DOCTYPE x>",
    b'<!DOCTYPE x PUBLIC "-//W3C//DTD XHTML 1.0//EN" "http://example.org/x.dtd">',
]
CONTENT_TYPES = [
    "application/xml",
    "application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml",
    "application/vnd.openxmlformats-officedocument.theme+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
    "image/png",
    "text/plain",
    "",
]


def _with_doctype(blob: bytes, doctype: bytes) -> bytes:
    if blob.startswith(b"<?xml"):
        head, _, rest = blob.partition(b"?>")
        return head + b"?>" + doctype + rest
    return doctype + blob


def _retype(types: bytes, part: str, content_type: str) -> bytes:
    """[Content_Types].xml with ``part``'s override (added if missing) set to the new type."""
    pattern = re.compile(rb'<Override PartName="/' + re.escape(part.encode()) + rb'"[^>]*/>')
    override = b'<Override PartName="/%s" ContentType="%s"/>' % (
        part.encode(),
        content_type.encode(),
    )
    if pattern.search(types):
        return pattern.sub(override, types, count=1)
    return types.replace(b"</Types>", override + b"</Types>")


@st.composite
def damaged_template(draw) -> bytes:
    base = draw(st.sampled_from(sorted(bases())))
    note(f"base template: {base}")
    entries = list(bases()[base])
    for _ in range(draw(st.integers(1, 2))):
        names = [name for name, _ in entries]
        index = draw(st.integers(0, len(entries) - 1))
        name, blob = entries[index]
        action = draw(
            st.sampled_from(
                [
                    "remove-optional",
                    "orphan-part",
                    "remove",
                    "duplicate",
                    "truncate",
                    "doctype",
                    "content-type",
                    "rename",
                    "swap",
                    "garbage",
                    "empty",
                ]
            )
        )
        event(action)
        note(f"{action} {name}")
        if action == "remove-optional":  # parts a deck can do without: it should build
            optional = [i for i, (n, _) in enumerate(entries) if OPTIONAL.search(n)]
            if optional:
                name = entries[draw(st.sampled_from(optional))][0]
                entries = [e for e in entries if e[0] != name]
        elif action == "orphan-part":  # an unrelated part with a proper content type
            entries.append((f"ppt/extra/orphan{index}.xml", b"<x/>"))
        elif action == "remove":
            del entries[index]
        elif action == "duplicate":
            entries.append((name, draw(st.sampled_from([blob, b"<x/>", b""]))))
        elif action == "truncate":
            entries[index] = (name, blob[: draw(st.integers(0, max(len(blob) - 1, 0)))])
        elif action == "doctype":
            entries[index] = (name, _with_doctype(blob, draw(st.sampled_from(DOCTYPES))))
        elif action == "content-type":
            at = names.index("[Content_Types].xml") if "[Content_Types].xml" in names else None
            if at is not None:
                types = _retype(entries[at][1], name, draw(st.sampled_from(CONTENT_TYPES)))
                entries[at] = ("[Content_Types].xml", types)
        elif action == "rename":
            entries[index] = (draw(st.sampled_from(names)) + draw(st.sampled_from(["", "x"])), blob)
        elif action == "swap":
            other = draw(st.integers(0, len(entries) - 1))
            entries[index] = (name, entries[other][1])
        elif action == "garbage":
            entries.append(
                (
                    draw(st.sampled_from(["ppt/extra.xml", "customXml/item9.xml", "ppt/x.bin"])),
                    draw(st.binary(max_size=64)),
                )
            )
        else:
            entries[index] = (name, b"")
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names: intended
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for name, blob in entries:
                z.writestr(name, blob)
    data = bytearray(out.getvalue())
    if draw(st.integers(0, 9)) == 9:  # sometimes damage the zip itself
        event("zip bytes")
        at = draw(st.integers(0, len(data) - 1))
        if draw(st.booleans()):
            data[at] ^= draw(st.integers(1, 255))
            note(f"flip byte {at}")
        else:
            del data[at:]
            note(f"cut at byte {at}")
    return bytes(data)


# ---------------------------------------------------------------- the property


def build_cleanly(project: Path, *args: str) -> str:
    """Build into a fresh output beside an older deck; assert the property; 'built' or
    'refused'."""
    old = project / "old.pptx"
    old.write_bytes(PREVIOUS)
    out = project / "deck.pptx"
    out.unlink(missing_ok=True)
    cwd = os.getcwd()
    os.chdir(project)
    try:
        result = CliRunner().invoke(main, ["build", "deck.yaml", "-o", "deck.pptx", *args])
        again = CliRunner().invoke(main, ["build", "deck.yaml", "-o", "old.pptx", *args])
    finally:
        os.chdir(cwd)
    errors = [ln for ln in result.stderr.splitlines() if not ln.startswith("warning: ")]
    assert "Traceback" not in result.output, result.output
    if result.exit_code == 0:
        found = problems(out.read_bytes(), out)
        assert not found, "\n".join(found)
        return "built"
    assert result.exit_code in (1, 2), result.output
    assert not out.exists(), "a failed build left an output file"
    assert again.exit_code == result.exit_code and old.read_bytes() == PREVIOUS
    if result.exit_code == 1:  # one line per problem, then the count
        summary = SUMMARY.fullmatch(errors[-1])
        assert summary and int(summary.group(1)) == len(errors) - 1, result.stderr
    else:
        assert errors, result.output
    for line in errors:
        assert not INTERNALS.search(line), line
    return "refused"


@fuzz_settings("template")
@given(data=st.data())
def test_damaged_templates_give_a_sound_deck_or_one_clean_line(project, data):
    (project / "deck.yaml").write_text(SPEC, "utf-8")
    (project / "brand.pptx").write_bytes(data.draw(damaged_template()))
    event(build_cleanly(project))


@fuzz_settings("spec_cli")
@given(spec=mutated())
def test_mutated_specs_through_the_cli(project, spec):
    """The spec fuzzer's mutations (test_fuzz.py), through the command line this time."""
    from PIL import Image

    if not (project / "pic.png").exists():
        Image.new("RGB", (64, 40), (0, 114, 178)).save(project / "pic.png")
    (project / "deck.yaml").write_text(
        yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), "utf-8"
    )
    event(build_cleanly(project))


def test_the_undamaged_bases_build_sound_decks(project):
    """The control: every base template builds a sound deck as it is."""
    for entries in bases().values():
        (project / "deck.yaml").write_text(SPEC, "utf-8")
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for name, blob in entries:
                z.writestr(name, blob)
        (project / "brand.pptx").write_bytes(out.getvalue())
        assert build_cleanly(project) == "built"
