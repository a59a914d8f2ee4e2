"""A catalogue of hostile inputs and faults, run through the CLI and classified.

Usage: python scripts/hostile.py [--kind KIND] [--list] [--verbose]

Every case is made fresh in a temporary project folder (a small deck with a picture, a
Welsh catalogue and the built-in template beside it), then ``coprod-slides`` runs on it
(in-process, or as a real process for faults that need one: closed pipes, a deleted working
folder, odd environments). Each result is one of:

- clean refusal: exit 1 or 2; stderr is one line per problem (plus warnings) and the count;
  no traceback, no exception class name or object repr; no output file, and an older file
  at the output path left byte for byte;
- valid build: exit 0 and a deck that is a sound package (the ECMA-376 schema check of
  tests/ooxml, no DOCTYPE, python-pptx re-opens it);
- failure: anything else (exit 3, a traceback, a message leaking internals, an invalid
  deck, partial output, a changed older file).

It prints the counts per kind and every failure, and exits 1 when there is a failure.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import math
import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import warnings
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.message_scan import leaks  # noqa: E402
from tests.package_check import problems  # noqa: E402

PREVIOUS = b"a deck built earlier, which a failed build must not touch"
CASES_DIR = ROOT / "tests" / "bad_inputs"
SHARED = Path(os.environ.get("COPROD_SHARED") or ROOT.parent / "shared")

BASE = {
    "title": "Working with {org}",
    "subtitle": "A hostile-input workshop",
    "author": "Example Council",
    "language": "en-GB",
    "vars": {"org": "Example Council", "place": "Gwynedd"},
    "theme": {
        "footer": "co-production",
        "slide_numbers": True,
        "min_size": 12,
        "colors": {"accent1": "#0072B2"},
        "fonts": {"heading": "Arial", "body": "Arial"},
    },
    "audiences": {"board": {"description": "Board", "notes": "brief", "only": ["cover", "why"]}},
    "slides": [
        {"type": "title", "id": "cover", "notes": "Welcome to {place}."},
        {"type": "section", "id": "part", "title": "Why", "subtitle": "It matters"},
        {
            "type": "bullets",
            "id": "why",
            "title": "Why co-produce",
            "duration": 5,
            "tags": ["core"],
            "bullets": ["Share power", ["Lived experience", "Trust"], "Value {org}"],
        },
        {
            "type": "two-column",
            "id": "compare",
            "title": "Compare",
            "left": {"heading": "Before", "bullets": ["Consult"]},
            "right": {"heading": "After", "bullets": ["Co-produce"]},
        },
        {"type": "quote", "id": "q", "quote": "Nothing about us without us", "attribution": "X"},
        {"type": "image", "id": "pic", "title": "A picture", "image": "pic.png", "alt": "Blue"},
        {"type": "diagram", "id": "ladder", "diagram": "ladder", "data": {"highlight": 2}},
        {"type": "closing", "id": "end", "message": "Thank you", "contact": ["a@example.org"]},
    ],
}


@dataclass
class Case:
    kind: str
    name: str
    setup: Callable[[Path], None] = lambda project: None
    args: list[str] = field(default_factory=list)
    command: str = "build"
    output: str | None = "out.pptx"
    process: bool = False  # run as a real process
    env: dict[str, str] | None = None
    cwd_deleted: bool = False
    close_stdout: bool = False


@dataclass
class Outcome:
    case: Case
    result: str  # "refused", "built" or "failure"
    detail: str = ""


# ---------------------------------------------------------------- building blocks


def write_spec(project: Path, data, name: str = "deck.yaml") -> None:
    (project / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def base_project(project: Path) -> None:
    from PIL import Image

    write_spec(project, BASE)
    Image.new("RGB", (64, 40), (0, 114, 178)).save(project / "pic.png")
    (project / "locales").mkdir(exist_ok=True)
    shutil.copyfile(CASES_DIR / "po-good.po", project / "locales" / "cy.po")


def spec_text(text: str | bytes) -> Callable[[Path], None]:
    def setup(project: Path) -> None:
        data = text.encode("utf-8") if isinstance(text, str) else text
        (project / "deck.yaml").write_bytes(data)

    return setup


def edited(edit: Callable[[dict], None]) -> Callable[[Path], None]:
    def setup(project: Path) -> None:
        data = yaml.safe_load(yaml.safe_dump(BASE))
        edit(data)
        write_spec(project, data)

    return setup


def png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def template_entries() -> list[tuple[str, bytes]]:
    from coprod_slides.assets import TEMPLATES_DIR

    with zipfile.ZipFile(next(Path(TEMPLATES_DIR).glob("*.pptx"))) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]


def zipped(entries: list[tuple[str, bytes]], method=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(out, "w", method) as z:
            for name, blob in entries:
                z.writestr(name, blob)
    return out.getvalue()


def with_template(data: bytes | Callable[[], bytes], name: str = "brand.pptx"):
    def setup(project: Path) -> None:
        spec = yaml.safe_load(yaml.safe_dump(BASE))
        spec["template"] = name
        write_spec(project, spec)
        (project / name).write_bytes(data() if callable(data) else data)

    return setup


def with_image(data: bytes | Callable[[Path], None], name: str = "pic2.png"):
    def setup(project: Path) -> None:
        spec = yaml.safe_load(yaml.safe_dump(BASE))
        spec["slides"][5]["image"] = name
        write_spec(project, spec)
        if callable(data):
            data(project / name)
        else:
            (project / name).write_bytes(data)

    return setup


# ---------------------------------------------------------------- the catalogue

HOSTILE_VALUES = [
    math.nan,
    math.inf,
    -math.inf,
    -1,
    0,
    10**30,
    True,
    None,
    [],
    {},
    ["a", "b"],
    {"a": 1},
    "",
    " ",
    "x" * 30_000,
    "{undefined}",
    "\u202e evil",
    "[link](javascript:alert(1))",
    "<b>&amp;</b>",
    "🙂" * 50,
]


def leaf_paths(value, path=()):
    if isinstance(value, dict):
        for key, child in value.items():
            yield from leaf_paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from leaf_paths(child, (*path, index))
    if path:
        yield path


def set_path(data, path, value) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def spec_cases() -> list[Case]:
    """Every value of the base spec swapped, in turn, for hostile values of every type."""
    cases = []
    paths = list(leaf_paths(BASE))
    for index, path in enumerate(paths):
        for offset in range(3):  # three values per path, rotating through the list
            value = HOSTILE_VALUES[(index * 3 + offset) % len(HOSTILE_VALUES)]

            def edit(data, path=path, value=value):
                set_path(data, path, value)

            label = ".".join(map(str, path)) + f" = {str(value)[:20]!r}"
            cases.append(Case("spec values", label, edited(edit)))
    return cases


def yaml_cases() -> list[Case]:
    texts = {
        "unclosed quote": 'title: "open\nslides: []\n',
        "tab indent": "title: T\nslides:\n\t- type: title\n",
        "bad indent": "title: T\n  slides: x\n",
        "duplicate key": "title: A\ntitle: B\nslides: []\n",
        "python tag": "title: !!python/object/apply:os.system ['true']\nslides: []\n",
        "binary tag": "title: !!binary aGVsbG8=\nslides: []\n",
        "set tag": "title: !!set {a, b}\nslides: []\n",
        "timestamp": "title: 2024-01-01\nslides: [{type: title}]\n",
        "merge key": "a: &a {title: T}\n<<: *a\nslides: []\n",
        "two documents": "title: T\nslides: []\n---\ntitle: U\n",
        "empty": "",
        "comments only": "# nothing\n",
        "top-level list": "- a\n- b\n",
        "top-level scalar": "hello\n",
        "null document": "~\n",
        "NUL byte": "title: a\x00b\nslides: []\n",
        "control char": "title: a\x07b\nslides: []\n",
        "bidi override": "title: a\u202eb\nslides: []\n",
        "escaped surrogate": 'title: "\\ud800"\nslides: []\n',
        "escaped noncharacter": 'title: "\\uffff"\nslides: []\n',
        "undefined alias": "title: *nope\nslides: []\n",
        "anchor loop": "a: &a [*a]\n",
        "huge int": "title: T\nslides: [{type: title, duration: " + "9" * 5000 + "}]\n",
        "long line": "title: " + "x" * 200_000 + "\nslides: []\n",
        "deep flow": "title: " + "[" * 5000 + "]" * 5000 + "\n",
        "deep block": "title: T\nx:\n" + "".join("  " * i + "- \n" for i in range(1, 200)),
        "unclosed flow": "title: T\nslides: [\n",
        "colon in value": "title: a: b\nslides: []\n",
        "no slides": "title: T\n",
        "slides mapping": "title: T\nslides: {a: 1}\n",
        "CRLF": "title: T\r\nslides:\r\n  - type: title\r\n",
        "BOM": "\ufefftitle: T\nslides: [{type: title}]\n",
        "lone CR": "title: T\rslides: []\r",
        "directive": "%YAML 1.1\n---\ntitle: T\nslides: []\n",
        "unknown directive": "%FOO bar\n---\ntitle: T\nslides: []\n",
    }
    cases = [Case("yaml", name, spec_text(text)) for name, text in texts.items()]
    raw = {
        "latin-1": "title: café\nslides: []\n".encode("latin-1"),
        "utf-16": "title: T\nslides: []\n".encode("utf-16"),
        "utf-32": "title: T\nslides: []\n".encode("utf-32"),
        "binary": bytes(range(256)),
        "png as spec": b"\x89PNG\r\n\x1a\n" + bytes(64),
        "zip as spec": zipped([("a", b"b")]),
    }
    cases += [Case("yaml", name, spec_text(blob)) for name, blob in raw.items()]
    alias = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
    )
    cases.append(Case("yaml", "alias bomb", spec_text(alias)))
    cases.append(Case("yaml", "6 MiB spec", spec_text("title: T\nslides: []\n#" + "x" * 6_300_000)))
    many = "title: T\nslides:\n" + "  - {type: title}\n" * 1500
    cases.append(Case("yaml", "1,500 slides", spec_text(many)))
    return cases


def variable_cases() -> list[Case]:
    def vars_of(values: dict) -> Callable[[Path], None]:
        def edit(data):
            data["vars"] = values

        return edited(edit)

    bomb = {"v0": "ten chars."} | {f"v{i}": f"{{v{i - 1}}}{{v{i - 1}}}" for i in range(1, 25)}
    chain = {"v0": "end"} | {f"v{i}": f"{{v{i - 1}}}" for i in range(1, 3000)}
    cases = {
        "self": {"org": "The {org}"},
        "cycle of two": {"org": "{place}", "place": "{org}"},
        "cycle of three": {"org": "{a}", "a": "{b}", "b": "{org}", "place": "x"},
        "nested": {"org": "{place} Council", "place": "Gwynedd"},
        "nested undefined": {"org": "{nowhere}", "place": "x"},
        "doubling bomb": {**bomb, "org": "{v24}", "place": "x"},
        "long chain": {**chain, "org": "{v2999}", "place": "x"},
        "escaped braces": {"org": "{{org}}", "place": "}}{{"},
        "bad name": {"org": "x", "place": "y", "bad name": "z"},
        "number": {"org": 12, "place": 3.5},
        "nan": {"org": math.nan, "place": "x"},
        "list": {"org": ["a"], "place": "x"},
        "control char": {"org": "a\x01b", "place": "x"},
        "missing place": {"org": "x"},
    }
    out = [Case("variables", name, vars_of(values)) for name, values in cases.items()]
    out.append(
        Case("variables", "--var cycle", args=["--var", "org={place}", "--var", "place={org}"])
    )
    out.append(Case("variables", "--var no equals", args=["--var", "org"]))
    out.append(Case("variables", "--var bidi", args=["--var", "org=\u202eX"]))
    out.append(Case("variables", "--var huge", args=["--var", "org=" + "x" * 200_000]))
    return out


def extends_cases() -> list[Case]:
    def chain(files: dict[str, str], child: str = "extends: base.yaml\ntitle: Child\n"):
        def setup(project: Path) -> None:
            (project / "deck.yaml").write_text(child, "utf-8")
            for name, text in files.items():
                path = (project / name).resolve()
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, "utf-8")

        return setup

    good = yaml.safe_dump(BASE)

    def symlink_outside(project: Path) -> None:
        (project.parent / "elsewhere.yaml").write_text(good)
        (project / "base.yaml").symlink_to(project.parent / "elsewhere.yaml")
        (project / "deck.yaml").write_text("extends: base.yaml\n")

    def symlink_loop(project: Path) -> None:
        (project / "base.yaml").symlink_to(project / "base.yaml")
        (project / "deck.yaml").write_text("extends: base.yaml\n")

    def folder(project: Path) -> None:
        (project / "base.yaml").mkdir()
        (project / "deck.yaml").write_text("extends: base.yaml\n")

    deep = {f"s{i}.yaml": f"extends: s{i + 1}.yaml\n" for i in range(12)} | {"s12.yaml": good}
    cases = [
        Case(
            "extends",
            "outside the folder",
            chain({"../elsewhere.yaml": good}, "extends: ../elsewhere.yaml\n"),
        ),
        Case("extends", "absolute path", chain({}, "extends: /etc/passwd\n")),
        Case("extends", "symlink outside", symlink_outside),
        Case("extends", "symlink loop", symlink_loop),
        Case("extends", "a folder", folder),
        Case("extends", "itself", chain({}, "extends: deck.yaml\n")),
        Case("extends", "cycle", chain({"base.yaml": "extends: deck.yaml\n"})),
        Case("extends", "missing", chain({})),
        Case("extends", "binary base", chain({"base.yaml": "\x00\x01"})),
        Case("extends", "list base", chain({"base.yaml": "- a\n"})),
        Case("extends", "chain of 13", chain(deep, "extends: s0.yaml\n")),
        Case("extends", "unknown built-in", chain({}, "extends: coprod/nothing\n")),
        Case("extends", "number", chain({}, "extends: 5\n")),
        Case("extends", "good", chain({"base.yaml": good})),
        Case(
            "extends",
            "outside, allowed",
            chain({"../elsewhere.yaml": good}, "extends: ../elsewhere.yaml\n"),
            ["--allow-outside-assets"],
        ),
    ]
    return cases


def image_cases() -> list[Case]:
    from PIL import Image

    def pil(mode: str, size, fmt: str, **kw):
        def make(path: Path) -> None:
            Image.new(mode, size).save(path, fmt, **kw)

        return make

    header = struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0)
    bomb = (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + png_chunk(b"IEND", b"")
    )
    good = io.BytesIO()
    Image.new("RGB", (64, 40), (0, 114, 178)).save(good, "PNG")
    good = good.getvalue()
    bad_crc = bytearray(good)
    bad_crc[30] ^= 0xFF

    def loop(path: Path) -> None:
        path.symlink_to(path)

    def folder(path: Path) -> None:
        path.mkdir()

    def outside(path: Path) -> None:
        (path.parent.parent / "outside.png").write_bytes(good)
        path.symlink_to(path.parent.parent / "outside.png")

    def sparse(path: Path) -> None:
        with path.open("wb") as handle:
            handle.write(b"\x89PNG\r\n\x1a\n")
            handle.truncate(31 * 1024 * 1024)

    def fifo(path: Path) -> None:
        os.mkfifo(path)

    images = {
        "decompression bomb": bomb,
        "truncated png": good[: len(good) // 2],
        "bad crc png": bytes(bad_crc),
        "empty file": b"",
        "text file": b"hello",
        "svg": b'<svg xmlns="http://www.w3.org/2000/svg"/>',
        "svg with entity": b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x "y">]><svg/>',
        "html": b"<html><body>x</body></html>",
        "pdf": b"%PDF-1.4\n%%EOF",
        "zip": zipped([("a", b"b")]),
        "symlink loop": loop,
        "folder": folder,
        "symlink outside": outside,
        "31 MiB": sparse,
        "fifo": fifo,
        "cmyk jpeg": pil("CMYK", (40, 30), "JPEG"),
        "16-bit png": pil("I;16", (40, 30), "PNG"),
        "1-bit png": pil("1", (40, 30), "PNG"),
        "palette gif": pil("P", (40, 30), "GIF"),
        "webp": pil("RGB", (40, 30), "WEBP"),
        "tiff": pil("RGB", (40, 30), "TIFF"),
        "bmp": pil("RGB", (40, 30), "BMP"),
        "ico": pil("RGB", (32, 32), "ICO"),
        "1x1": pil("RGB", (1, 1), "PNG"),
        "very wide": pil("L", (8000, 2), "PNG"),
        "rgba": pil("RGBA", (40, 30), "PNG"),
        "la": pil("LA", (40, 30), "PNG"),
    }
    cases = [Case("images", name, with_image(data)) for name, data in images.items()]
    cases.append(Case("images", "missing", with_image(lambda path: None)))

    def absolute(project: Path) -> None:
        with_image(b"")(project)
        spec = yaml.safe_load((project / "deck.yaml").read_text())
        spec["slides"][5]["image"] = "/etc/hostname"
        write_spec(project, spec)

    cases.append(Case("images", "absolute path", absolute))
    cases.append(
        Case(
            "images", "logo missing", edited(lambda d: d["theme"].update(logo={"image": "no.png"}))
        )
    )
    cases.append(
        Case(
            "images",
            "logo bomb",
            lambda p: (
                with_image(bomb, "logo.png")(p),
                write_spec(p, {**BASE, "theme": {**BASE["theme"], "logo": {"image": "logo.png"}}}),
            ),
        )
    )
    return cases


def font_cases() -> list[Case]:
    values = {
        "number": 12,
        "list": ["Arial"],
        "mapping": {"name": "Arial"},
        "empty": "",
        "nan": math.nan,
        "unknown family": "No Such Font 123",
        "control char": "Ari\x07al",
        "very long": "A" * 5000,
        "path-like": "../../etc/passwd",
        "bidi": "\u202eArial",
    }
    cases = []
    for role in ("heading", "body"):
        for name, value in values.items():

            def edit(data, role=role, value=value):
                data["theme"]["fonts"][role] = value

            cases.append(Case("fonts", f"{role}: {name}", edited(edit)))
    cases.append(
        Case("fonts", "fonts: a list", edited(lambda d: d["theme"].update(fonts=["Arial"])))
    )
    cases.append(Case("fonts", "fonts: a number", edited(lambda d: d["theme"].update(fonts=3))))
    return cases


def catalogue_cases() -> list[Case]:
    def po(text: bytes | str, name: str = "cy.po"):
        def setup(project: Path) -> None:
            base_project(project)
            data = text.encode("utf-8") if isinstance(text, str) else text
            (project / "locales" / name).write_bytes(data)

        return setup

    cases = []
    for path in sorted(CASES_DIR.glob("po-*.po")):
        cases.append(Case("catalogues", path.stem, po(path.read_bytes()), ["--lang", "cy"]))
    good = (CASES_DIR / "po-good.po").read_text("utf-8")

    def folder(project: Path) -> None:
        base_project(project)
        (project / "locales" / "cy.po").unlink()
        (project / "locales" / "cy.po").mkdir()

    def loop(project: Path) -> None:
        base_project(project)
        (project / "locales" / "cy.po").unlink()
        (project / "locales" / "cy.po").symlink_to(project / "locales" / "cy.po")

    extra = {
        "doctype in po": good.replace("msgid", "#<!DOCTYPE x>\nmsgid", 1),
        "huge msgstr": good + '\nmsgctxt "z"\nmsgid "z"\nmsgstr "' + "x" * 100_000 + '"\n',
        "21 MiB": "#" + "x" * (21 * 1024 * 1024),
        "empty": "",
        "utf-16": good.encode("utf-16"),
        "nplurals=0": good.replace("nplurals=6", "nplurals=0"),
        "plural lambda": good.replace("plural=(", "plural=(lambda: 1)() + ("),
        "plural pow bomb": good.replace("plural=(", "plural=(9**9**9**9) + ("),
        "plural deep": good.replace("plural=(", "plural=" + "(" * 500 + "n" + ")" * 500 + " + ("),
        "fuzzy only": good.replace('msgctxt "deck.title"', '#, fuzzy\nmsgctxt "deck.title"'),
    }
    for name, text in extra.items():
        cases.append(Case("catalogues", name, po(text), ["--lang", "cy"]))
    cases.append(Case("catalogues", "a folder", folder, ["--lang", "cy"]))
    cases.append(Case("catalogues", "symlink loop", loop, ["--lang", "cy"]))
    cases.append(Case("catalogues", "--lang path", base_project, ["--lang", "../../etc/passwd"]))
    cases.append(Case("catalogues", "--lang unknown", base_project, ["--lang", "qq"]))
    cases.append(
        Case(
            "catalogues",
            "translations: number",
            edited(lambda d: d.update(translations=5)),
            ["--lang", "cy"],
        )
    )
    cases.append(
        Case(
            "catalogues",
            "translations: outside",
            edited(lambda d: d.update(translations="../..")),
            ["--lang", "cy"],
        )
    )
    return cases


LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE a:theme [\n <!ENTITY l0 "lol">\n'
    + b"".join(b' <!ENTITY l%d "' % i + b"&l%d;" % (i - 1) * 10 + b'">\n' for i in range(1, 10))
    + b"]>\n"
)


def template_cases() -> list[Case]:
    entries = template_entries()
    names = [name for name, _ in entries]

    def replaced(name: str, blob: bytes) -> bytes:
        return zipped([(n, blob if n == name else b) for n, b in entries])

    theme = dict(entries)["ppt/theme/theme1.xml"]
    body = theme.split(b"?>", 1)[1]
    cases = []
    specific = {
        "billion laughs theme": replaced(
            "ppt/theme/theme1.xml", LAUGHS + body.replace(b'name="', b'name="&l9;', 1)
        ),
        "XXE layout": replaced(
            names[names.index(next(n for n in names if "slideLayout1.xml" in n))],
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            + dict(entries)[next(n for n in names if "slideLayout1.xml" in n)].split(b"?>", 1)[1],
        ),
        "external DTD": replaced(
            "ppt/presProps.xml",
            b'<!DOCTYPE x SYSTEM "http://example.org/x.dtd">'
            + dict(entries)["ppt/presProps.xml"].split(b"?>", 1)[1],
        ),
        "zip bomb": zipped([*entries, ("ppt/media/zeros.bin", b"\0" * 50_000_000)]),
        "truncated zip": zipped(entries)[:5000],
        "empty file": b"",
        "text file": b"not a zip",
        "pdf": b"%PDF-1.4",
        "ole, encrypted": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(504)
        + "EncryptedPackage".encode("utf-16-le"),
        "ole, ppt": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(504)
        + "PowerPoint Document".encode("utf-16-le"),
        "ole, other": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
        "keynote zip": zipped([("Index/Document.iwa", b"\0"), ("Metadata/x.plist", b"")]),
        "odp": zipped([("mimetype", b"application/vnd.oasis.opendocument.presentation")]),
        "odt": zipped([("mimetype", b"application/vnd.oasis.opendocument.text")]),
        "empty zip": zipped([]),
        "strict": replaced(
            "_rels/.rels",
            dict(entries)["_rels/.rels"].replace(
                b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                b"http://purl.oclc.org/ooxml/officeDocument/relationships",
            ),
        ),
        "zip path traversal": zipped([*entries, ("../../evil.xml", b"<x/>")]),
        "absolute zip name": zipped([*entries, ("/etc/evil.xml", b"<x/>")]),
        "stored, no compression": zipped(entries, zipfile.ZIP_STORED),
    }
    stored = bytearray(zipped(entries, zipfile.ZIP_STORED))
    info = zipfile.ZipFile(io.BytesIO(bytes(stored))).getinfo("ppt/presProps.xml")
    name_len, extra_len = struct.unpack_from("<HH", stored, info.header_offset + 26)
    stored[info.header_offset + 30 + name_len + extra_len + 3] ^= 0x20
    specific["bad CRC"] = bytes(stored)
    for name, data in specific.items():
        cases.append(Case("templates", name, with_template(data)))
    for path in sorted((SHARED / "template-corpus" / "refuse").glob("*")):
        cases.append(
            Case(
                "templates",
                f"corpus refuse/{path.name}",
                with_template(path.read_bytes(), path.name),
            )
        )

    def keynote_folder(project: Path) -> None:
        with_template(b"", "talk.key")(project)
        (project / "talk.key").unlink()
        (project / "talk.key" / "Index").mkdir(parents=True)

    cases.append(Case("templates", "keynote folder", keynote_folder))
    # each part of the built-in template: removed, emptied, truncated, given a DOCTYPE,
    # duplicated, or given a wrong content type
    types = dict(entries)["[Content_Types].xml"]
    for index, (name, blob) in enumerate(entries):
        rest = entries[:index] + entries[index + 1 :]
        variants = {
            "removed": rest,
            "emptied": [*rest, (name, b"")],
            "truncated": [*rest, (name, blob[: len(blob) // 2])],
            "duplicated": [*entries, (name, blob)],
        }
        if name.endswith((".xml", ".rels")):
            head, _, tail = blob.partition(b"?>")
            variants["DOCTYPE"] = [*rest, (name, head + b"?><!DOCTYPE x>" + tail)]
        if name != "[Content_Types].xml":
            wrong = types.replace(
                b"</Types>",
                b'<Override PartName="/%s" ContentType="text/plain"/></Types>' % name.encode(),
            )
            variants["content type"] = [
                (n, wrong if n == "[Content_Types].xml" else b) for n, b in entries
            ]
        for label, parts in variants.items():
            cases.append(Case("template parts", f"{name} {label}", with_template(zipped(parts))))
    cases.append(
        Case(
            "templates",
            "inspect: billion laughs",
            with_template(specific["billion laughs theme"]),
            ["brand.pptx"],
            command="template inspect",
            output=None,
        )
    )
    cases.append(Case("templates", "--template folder", base_project, ["--template", "."]))
    cases.append(
        Case("templates", "--template /dev/zero", base_project, ["--template", "/dev/zero"])
    )
    return cases


def fault_cases() -> list[Case]:
    def locales_file(project: Path) -> None:
        base_project(project)
        shutil.rmtree(project / "locales")
        (project / "locales").write_text("not a folder")

    cases = [
        Case("faults", "output in /sys (read-only)", base_project, output="/sys/deck.pptx"),
        Case("faults", "output under a file", base_project, output="deck.yaml/out.pptx"),
        Case(
            "faults",
            "output is a folder",
            lambda p: (p / "dir").mkdir(),
            output="dir",
        ),
        Case("faults", "output is the spec", base_project, output="deck.yaml"),
        Case("faults", "output to /dev/full", base_project, output="/dev/full"),
        Case("faults", "output name too long", base_project, output="x" * 300 + ".pptx"),
        Case(
            "faults", "spec is /dev/zero", base_project, ["/dev/zero"], command="check", output=None
        ),
        Case("faults", "spec is a folder", base_project, ["."], command="check", output=None),
        Case(
            "faults", "spec missing", base_project, ["nothing.yaml"], command="check", output=None
        ),
        Case("faults", "new in /sys", base_project, ["/sys/newdeck"], command="new", output=None),
        Case(
            "faults",
            "closed stdout: diagrams",
            base_project,
            [],
            command="diagrams",
            output=None,
            process=True,
            close_stdout=True,
        ),
        Case(
            "faults",
            "closed stdout: check",
            base_project,
            ["deck.yaml"],
            command="check",
            output=None,
            process=True,
            close_stdout=True,
        ),
        Case(
            "faults",
            "closed stdout: template inspect",
            base_project,
            [str(next((ROOT / "assets" / "templates").glob("*.pptx")))],
            command="template inspect",
            output=None,
            process=True,
            close_stdout=True,
        ),
        Case(
            "faults",
            "deleted working folder",
            base_project,
            process=True,
            cwd_deleted=True,
            output="/tmp/coprod-hostile-out.pptx",
        ),
        Case("faults", "HOME unset", base_project, process=True, env={"HOME": ""}),
        Case(
            "faults",
            "TMPDIR missing",
            base_project,
            process=True,
            env={"TMPDIR": "/nonexistent/tmp"},
        ),
        Case("faults", "LANG=C", base_project, process=True, env={"LANG": "C", "LC_ALL": "C"}),
        Case(
            "faults",
            "SOURCE_DATE_EPOCH garbage",
            base_project,
            process=True,
            env={"SOURCE_DATE_EPOCH": "yesterday"},
        ),
        Case(
            "faults",
            "SOURCE_DATE_EPOCH huge",
            base_project,
            process=True,
            env={"SOURCE_DATE_EPOCH": "99999999999999"},
        ),
        Case(
            "faults",
            "runsheet to /sys",
            base_project,
            ["deck.yaml", "-o", "/sys/rs"],
            command="runsheet",
            output=None,
        ),
        Case(
            "faults",
            "i18n update, locales is a file",
            locales_file,
            ["deck.yaml", "--lang", "fr"],
            command="i18n update",
            output=None,
        ),
    ]
    return cases


KINDS = {
    "spec values": spec_cases,
    "yaml": yaml_cases,
    "variables": variable_cases,
    "extends": extends_cases,
    "images": image_cases,
    "fonts": font_cases,
    "catalogues": catalogue_cases,
    "templates": template_cases,
    "faults": fault_cases,
}


# ---------------------------------------------------------------- running and classifying


def run(case: Case, project: Path) -> tuple[int, str, str]:
    command = case.command.split()
    args = [*command]
    if case.command == "build":
        args.append("deck.yaml")
    args += case.args
    if case.output:
        args += ["-o", case.output]
    if case.process:
        env = {**os.environ, **(case.env or {})}
        env = {k: v for k, v in env.items() if v != ""}
        cwd = project
        if case.cwd_deleted:
            gone = Path(tempfile.mkdtemp())
            shutil.copytree(project, gone, dirs_exist_ok=True)
            cwd = gone
            args = [a.replace("deck.yaml", str(gone / "deck.yaml")) for a in args]
        cmd = [sys.executable, "-c", "from coprod_slides.cli import main; main()", *args]
        if case.cwd_deleted:
            cmd = ["sh", "-c", f'cd "{cwd}" && rm -rf "{cwd}" && exec "$@"', "sh", *cmd]
        stdout = subprocess.PIPE
        proc = subprocess.Popen(
            cmd,
            cwd=cwd if not case.cwd_deleted else project,
            env=env,
            stdout=stdout,
            stderr=subprocess.PIPE,
        )
        if case.close_stdout:
            proc.stdout.close()
            err = proc.stderr.read()
            proc.wait(timeout=120)
            return proc.returncode, "", err.decode("utf-8", "replace")
        out, err = proc.communicate(timeout=120)
        return proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
    from click.testing import CliRunner

    from coprod_slides.cli import main

    cwd = os.getcwd()
    os.chdir(project)
    try:
        result = CliRunner().invoke(main, args)
    finally:
        os.chdir(cwd)
    if result.exception and not isinstance(result.exception, SystemExit):
        import traceback

        tb = "".join(traceback.format_exception(result.exception))
        return 3, result.stdout, result.stderr + "\nTraceback (most recent call last):\n" + tb
    return result.exit_code, result.stdout, result.stderr


def classify(case: Case, project: Path) -> Outcome:
    out = (project / case.output) if case.output and not case.output.startswith("/") else None
    try:
        if (
            out is not None
            and out.parent.is_dir()
            and not out.exists()
            and case.output != "deck.yaml"
        ):
            out.write_bytes(PREVIOUS)  # an older deck a failed build must not touch
    except OSError:  # a name too long, a folder in the way: the path is the fault
        out = None
    before = sorted(p.name for p in project.iterdir())
    try:
        earlier = out.read_bytes() if out is not None and out.is_file() else None
    except OSError:
        earlier = None
    code, stdout, stderr = run(case, project)
    errors = [ln for ln in stderr.splitlines() if ln.strip() and not ln.startswith("warning: ")]
    leaked = [ln for ln in stderr.splitlines() if leaks(ln)]
    if "Traceback" in stderr or "Traceback" in stdout:
        return Outcome(case, "failure", "traceback: " + stderr.strip().splitlines()[-1][:200])
    if leaked:
        return Outcome(case, "failure", "leaks internals: " + leaked[0][:200])
    if code == 0:
        if out is not None and out.suffix == ".pptx":
            data = out.read_bytes()
            if data == earlier:
                return Outcome(case, "failure", "exit 0 but no deck written")
            found = problems(data, out)
            if found:
                return Outcome(case, "failure", "invalid deck: " + found[0][:200])
        return Outcome(case, "built")
    if case.close_stdout and code in (0, 141, 1):
        return Outcome(case, "refused" if code else "built")
    if code not in (1, 2):
        return Outcome(case, "failure", f"exit {code}: " + (errors[-1] if errors else "")[:200])
    if not errors:
        return Outcome(case, "failure", f"exit {code} with no message")
    if out is not None and out.is_file() and out.read_bytes() != earlier:
        return Outcome(case, "failure", "a failed build changed the output file")
    after = sorted(p.name for p in project.iterdir())
    new = [n for n in after if n not in before and not n.startswith((".", "out.pptx"))]
    if new:
        return Outcome(case, "failure", f"a failed run left {new}")
    return Outcome(case, "refused", errors[0][:200])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", action="append", choices=sorted(KINDS), help="only these kinds")
    parser.add_argument("--list", action="store_true", help="list the cases, run nothing")
    parser.add_argument("--verbose", action="store_true", help="print every case's outcome")
    options = parser.parse_args()
    cases = [case for kind in options.kind or KINDS for case in KINDS[kind]()]
    if options.list:
        for case in cases:
            print(f"{case.kind}: {case.name}")
        return 0
    counts: dict[str, Counter] = {}
    failures = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, contextlib.redirect_stderr(io.StringIO()):
        for number, case in enumerate(cases):
            project = Path(tmp) / f"case{number}" / "project"
            project.mkdir(parents=True)
            if case.setup is not base_project:
                base_project(project)
            case.setup(project)
            signal.alarm(180)
            outcome = classify(case, project)
            signal.alarm(0)
            counts.setdefault(case.kind, Counter())[outcome.result] += 1
            if outcome.result == "failure":
                failures.append(outcome)
            if options.verbose:
                print(
                    f"{outcome.result:8} {case.kind}: {case.name}: {outcome.detail}",
                    file=sys.__stdout__,
                )
            shutil.rmtree(project.parent, ignore_errors=True)
    total = Counter()
    print(f"{'kind':16} {'cases':>6} {'refused':>8} {'built':>6} {'failures':>9}")
    for kind, counter in counts.items():
        total.update(counter)
        print(
            f"{kind:16} {sum(counter.values()):6} {counter['refused']:8} "
            f"{counter['built']:6} {counter['failure']:9}"
        )
    print(
        f"{'all':16} {sum(total.values()):6} {total['refused']:8} {total['built']:6} "
        f"{total['failure']:9}   ({time.perf_counter() - started:.0f} s)"
    )
    for outcome in failures:
        print(f"FAILURE {outcome.case.kind}: {outcome.case.name}: {outcome.detail}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
