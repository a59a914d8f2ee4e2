"""The bad-input catalogue: each hostile or broken input gives one clear line, exit 1, no
traceback, and writes nothing — no new output file, an existing one left byte for byte.

Cases live in ``tests/bad_inputs/expected.yaml`` (the exact message of each) with their
files beside it. Inputs that are big or odd (over-size files, bombs, symlinks, broken
templates) are made here by GENERATORS instead of being committed.

Each case is built in a fresh project folder (the case's spec and files copied in, the
working folder set to it), so messages name files as a user would see them.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from coprod_slides.cli import main
from coprod_slides.specvalues import yamlload

CASES_DIR = Path(__file__).parent / "bad_inputs"
EXPECTED: dict[str, dict] = yaml.safe_load((CASES_DIR / "expected.yaml").read_text("utf-8"))
SUMMARY = "1 problem found; nothing was written."
PREVIOUS = b"a deck built earlier, which a failed build must not touch"


# ---------------------------------------------------------------- generated inputs


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def _image_bomb(project: Path) -> None:
    """A 100-byte PNG declaring 30000 × 30000 pixels (900 million): a decompression bomb."""
    header = struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0)
    (project / "bomb.png").write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _png_chunk(b"IEND", b"")
    )


def _big_image(project: Path) -> None:
    """31 MiB (sparse: costs no disk) behind a PNG signature: over the 30 MiB image limit."""
    with (project / "big.png").open("wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\n")
        handle.truncate(31 * 1024 * 1024)


def _huge_spec(project: Path) -> None:
    """A 6 MiB spec (valid YAML, padded with a comment): over the 5 MiB limit."""
    head = b"title: Huge\nslides:\n  - type: title\n# "
    (project / "file-huge.yaml").write_bytes(head + b"x" * (6 * 1024 * 1024 - len(head)))


def _string_50mb(project: Path) -> None:
    """One 50 MiB string: refused by size before any parsing (fast, not a hang)."""
    head = b"title: Long\nslides:\n  - type: title\n    notes: '"
    (project / "string-50mb.yaml").write_bytes(head + b"a" * (50 * 1024 * 1024) + b"'\n")


def _alias_bomb(project: Path) -> None:
    """Nine levels of ten aliases each: a billion values once expanded."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 10)}]")
    lines += ["title: Bomb", "slides: *a8", ""]
    (project / "alias-bomb.yaml").write_text("\n".join(lines), encoding="utf-8")


def _deep_nesting(project: Path) -> None:
    """A list nested 10,000 levels deep."""
    (project / "deep-nesting.yaml").write_text(
        "title: Deep\nslides: " + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8"
    )


def _slides_10000(project: Path) -> None:
    (project / "slides-10000.yaml").write_text(
        "title: Many\nslides:\n" + "  - {type: section, title: Again}\n" * 10_000, encoding="utf-8"
    )


def _outside_image(project: Path) -> None:
    """A real picture just outside the project folder, and a symlink inside pointing at it."""
    from PIL import Image

    Image.new("RGB", (8, 8), (0, 114, 178)).save(project.parent / "outside.png")
    (project / "link.png").symlink_to(project.parent / "outside.png")


def _outside_spec(project: Path) -> None:
    """A spec just outside the project folder, and a symlink inside pointing at it."""
    (project.parent / "elsewhere.yaml").write_text("title: Elsewhere\nslides: []\n")
    (project / "link.yaml").symlink_to(project.parent / "elsewhere.yaml")


def _symlink_loop(project: Path) -> None:
    (project / "loop.png").symlink_to(project / "loop2.png")
    (project / "loop2.png").symlink_to(project / "loop.png")


def _photos_folder(project: Path) -> None:
    (project / "photos").mkdir()


def _template_zip_bomb(project: Path) -> None:
    """A .pptx whose one slide part inflates to 200 MiB of zeros (about 200 KiB on disk)."""
    with zipfile.ZipFile(project / "bomb.pptx", "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("ppt/slides/slide1.xml", "w", force_zip64=True) as part:
            block = b"\x00" * (1024 * 1024)
            for _ in range(200):
                part.write(block)


def _template_broken_rels(project: Path) -> None:
    """The base template with its presentation relationships pointing at missing parts."""
    from coprod_slides.render.deck import base_template_path

    source = zipfile.ZipFile(base_template_path())
    with zipfile.ZipFile(project / "broken.pptx", "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "ppt/_rels/presentation.xml.rels":
                data = re.sub(rb'Target="slideMasters/', b'Target="nowhere/', data)
            out.writestr(info, data)


GENERATORS = {
    "image-bomb": _image_bomb,
    "big-image": _big_image,
    "huge-spec": _huge_spec,
    "string-50mb": _string_50mb,
    "alias-bomb": _alias_bomb,
    "deep-nesting": _deep_nesting,
    "slides-10000": _slides_10000,
    "outside-image": _outside_image,
    "outside-spec": _outside_spec,
    "symlink-loop": _symlink_loop,
    "photos-folder": _photos_folder,
    "template-zip-bomb": _template_zip_bomb,
    "template-broken-rels": _template_broken_rels,
}


# ---------------------------------------------------------------- running a case


def make_project(tmp_path: Path, name: str, case: dict) -> tuple[Path, str]:
    """A project folder holding the case's spec and files; returns (folder, spec name)."""
    project = tmp_path / "project"
    project.mkdir()
    spec = case.get("spec", f"{name}.yaml")
    if (CASES_DIR / spec).is_file():
        shutil.copyfile(CASES_DIR / spec, project / spec)
    for dest, source in (case.get("files") or {}).items():
        (project / dest).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CASES_DIR / source, project / dest)
    for generator in case.get("generate") or ():
        GENERATORS[generator](project)
    return project.resolve(), spec


def expected_line(case: dict, project: Path) -> str:
    return case["message"].replace("{dir}", str(project))


def leftovers(folder: Path) -> list[str]:
    """Temporary files an interrupted or failed write could leave (none, ever)."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def invoke(project: Path, spec: str, out: str, args: list[str], monkeypatch):
    monkeypatch.chdir(project)
    return CliRunner().invoke(main, ["build", spec, "-o", out, *args])


def check_failure(result, case: dict, project: Path) -> None:
    lines = result.stderr.splitlines()
    assert result.exit_code == case.get("exit", 1), result.output
    assert "Traceback" not in result.output
    assert lines, "no message on stderr"
    assert lines[0] == expected_line(case, project)
    assert lines[1:] == [SUMMARY], "expected one problem line and the summary"


def _params():
    for name, case in EXPECTED.items():
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else []
        # the inputs include decks broken on purpose; that nothing is written is checked here
        marks.append(pytest.mark.invalid_decks_on_purpose)
        yield pytest.param(name, case, id=name, marks=marks)


def test_catalogue_is_big_and_small():
    assert len(EXPECTED) >= 40
    size = sum(p.stat().st_size for p in CASES_DIR.iterdir())
    assert size < 1024 * 1024, f"tests/bad_inputs holds {size:,} bytes; generate big inputs"
    used = {case.get("spec", f"{name}.yaml") for name, case in EXPECTED.items()}
    used |= {src for case in EXPECTED.values() for src in (case.get("files") or {}).values()}
    used |= {"po-good.po"}  # the control in test_good_catalogue_builds
    committed = {p.name for p in CASES_DIR.iterdir()} - {"expected.yaml"}
    assert committed <= used, f"files no case uses: {sorted(committed - used)}"


@pytest.mark.parametrize("name, case", _params())
def test_bad_input_gives_one_line_and_writes_nothing(name, case, tmp_path, monkeypatch):
    project, spec = make_project(tmp_path, name, case)
    out = case.get("output", "out.pptx")
    result = invoke(project, spec, out, case.get("args", []), monkeypatch)
    check_failure(result, case, project)
    if "output" in case:  # the output path itself is the problem: nothing may change there
        assert leftovers(project) == []
        return
    assert not (project / out).exists(), "a failed build created the output file"
    assert leftovers(project) == []


@pytest.mark.parametrize("name, case", [p for p in _params() if "output" not in p.values[1]])
def test_bad_input_leaves_existing_output_untouched(name, case, tmp_path, monkeypatch):
    project, spec = make_project(tmp_path, name, case)
    out = project / "out.pptx"
    out.write_bytes(PREVIOUS)
    os.utime(out, (1_000_000_000, 1_000_000_000))
    result = invoke(project, spec, "out.pptx", case.get("args", []), monkeypatch)
    check_failure(result, case, project)
    assert out.read_bytes() == PREVIOUS
    assert out.stat().st_mtime == 1_000_000_000
    assert leftovers(project) == []


def test_output_is_spec_leaves_spec_alone(tmp_path, monkeypatch):
    project, spec = make_project(tmp_path, "output-is-spec", EXPECTED["output-is-spec"])
    before = (project / spec).read_bytes()
    result = invoke(project, spec, spec, [], monkeypatch)
    check_failure(result, EXPECTED["output-is-spec"], project)
    assert (project / spec).read_bytes() == before


# ---------------------------------------------------------------- hostile inputs: bounded work
# Hostile inputs must fail fast. Wall time is no test on a shared machine, so these count the
# work done instead: the limit that refuses the input is what stops the work.


def _count_calls(monkeypatch, owner, name: str) -> list[int]:
    """Wrap ``owner.name`` so that each call adds one to the returned counter."""
    calls = [0]
    original = getattr(owner, name)

    def counted(*args, **kwargs):
        calls[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


def _refuse(name: str, tmp_path: Path, monkeypatch) -> None:
    project, spec = make_project(tmp_path, name, EXPECTED[name])
    result = invoke(project, spec, "out.pptx", [], monkeypatch)
    check_failure(result, EXPECTED[name], project)


def test_alias_bomb_stops_at_the_value_limit(tmp_path, monkeypatch):
    """A billion values once expanded: refused after building MAX_NODES + 1 of them."""
    built = _count_calls(monkeypatch, yamlload._Converter, "convert")
    _refuse("alias-bomb", tmp_path, monkeypatch)
    assert built[0] == yamlload.MAX_NODES + 1


@pytest.mark.parametrize("name", ["file-huge", "string-50mb", "file-is-device"])
def test_oversized_or_endless_spec_is_refused_unread(name, tmp_path, monkeypatch):
    """Refused by its size or kind before a byte of it is read or parsed."""
    reads = _count_calls(monkeypatch, yamlload, "read_limited")
    parses = _count_calls(monkeypatch, yamlload, "load_yaml")
    _refuse(name, tmp_path, monkeypatch)
    assert (reads[0], parses[0]) == (0, 0)


def test_deep_nesting_is_refused_before_anything_recurses(tmp_path, monkeypatch):
    """10,000 levels: the flat walk over parse events refuses it; no tree is composed."""
    composed = _count_calls(monkeypatch, yaml, "compose")
    converted = _count_calls(monkeypatch, yamlload._Converter, "convert")
    _refuse("deep-nesting", tmp_path, monkeypatch)
    assert (composed[0], converted[0]) == (0, 0)


SUBPROCESS_CASES = [name for name, case in EXPECTED.items() if case.get("subprocess")]


@pytest.mark.parametrize("name", SUBPROCESS_CASES)
def test_real_process_prints_no_traceback(name, tmp_path):
    """The installed command, in its own process: one line on stderr, exit 1, no traceback."""
    case = EXPECTED[name]
    project, spec = make_project(tmp_path, name, case)
    out = case.get("output", "out.pptx")
    command = [
        sys.executable,
        "-c",
        "from coprod_slides.cli import main; main()",
        "build",
        spec,
        "-o",
        out,
        *case.get("args", []),
    ]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [expected_line(case, project), SUMMARY]
    assert result.stdout == ""
    assert not (project / "out.pptx").exists()
    assert leftovers(project) == []


def test_subprocess_sample_covers_each_kind():
    kinds = {name.split("-")[0] for name in SUBPROCESS_CASES}
    assert {"yaml", "file", "image", "po", "text", "template"} - kinds <= {"template"}


def test_good_spec_builds(tmp_path, monkeypatch):
    """The control: the spec the output-path cases use is itself fine."""
    project, spec = make_project(tmp_path, "good", {"spec": "good.yaml"})
    result = invoke(project, spec, "out.pptx", [], monkeypatch)
    assert result.exit_code == 0, result.output
    assert (project / "out.pptx").stat().st_size > 10_000


def test_good_catalogue_builds(tmp_path, monkeypatch):
    """The control for the catalogue cases: the same deck with a sound cy.po."""
    case = {"spec": "po-deck.yaml", "files": {"locales/cy.po": "po-good.po"}}
    project, spec = make_project(tmp_path, "po-good", case)
    result = invoke(project, spec, "out.pptx", ["--lang", "cy"], monkeypatch)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    with zipfile.ZipFile(io.BytesIO((project / "out.pptx").read_bytes())) as zf:
        slides = b"".join(zf.read(n) for n in zf.namelist() if n.startswith("ppt/slides/s"))
    assert b"Gweithio gyda Example Council" in slides


def test_readme_limits_match_the_code():
    """The README's "What the tool refuses" section states the limits the code enforces."""
    from coprod_slides import inputs, variables
    from coprod_slides.deckspec import schema, variants
    from coprod_slides.i18n import pofile
    from coprod_slides.render import images

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    section = readme.split("\n## What the tool refuses, and why\n", 1)[1].split("\n## ", 1)[0]
    mib = 1024 * 1024
    for stated in (
        f"| {yamlload.MAX_FILE_BYTES // mib} MiB, UTF-8",
        f"| {yamlload.MAX_DEPTH} levels |",
        f"| {yamlload.MAX_NODES:,} (alias",
        f"| {variants.MAX_CHAIN} specs",
        f"| {schema.MAX_SLIDES:,} per deck",
        f"| {schema.MAX_BULLET_CHARS:,} characters each, nested at most "
        f"{schema.MAX_BULLET_DEPTH} levels |",
        f"after `{{variables}}` {variables.MAX_EXPANDED:,} |",
        f"| {images.MAX_IMAGE_BYTES // mib} MiB and "
        f"{images.MAX_PIXELS // 1_000_000} million pixels",
        f"over {images.MAX_EDGE:,} px",
        f"| {pofile.MAX_CATALOG_BYTES // mib} MiB, UTF-8",
        f"| {inputs.TEMPLATE_MAX_BYTES // mib} MiB on disk, "
        f"{inputs.TEMPLATE_MAX_UNPACKED // mib} MiB unpacked, "
        f"{inputs.TEMPLATE_MAX_ENTRIES:,} parts, compression at most "
        f"{inputs.TEMPLATE_MAX_RATIO}:1",
    ):
        assert stated in section, stated
