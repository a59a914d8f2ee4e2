"""Property-based fuzzing: whatever the spec, the result is a sound deck or a clean SpecError.

Generated specs cover every slide type (and diagram labels, taken from each kind's default
data with the texts replaced). Three families:

- valid specs with ordinary text: they build, and the deck is well-formed;
- hostile strings (any Unicode, XML-illegal characters, bidi controls and marks, very long
  words, braces and markup) in titles, bullets, notes and labels;
- mutated specs (keys deleted, values swapped for other types, random keys and text).

Every deck that builds must be well-formed XML throughout, re-open with python-pptx, carry an
explicit size on every run, and warn only about things it knows (text that does not fit,
contrast); a sample also passes the OOXML schema check. Bounded for CI: the whole file runs in
well under a minute. Examples are derandomised, so a CI run is repeatable; to search harder
locally: COPROD_FUZZ_SCALE=20 COPROD_FUZZ_RANDOM=1 pytest tests/test_fuzz.py. Failures print
the spec.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, given
from hypothesis import event as hypothesis_event
from hypothesis import strategies as st
from lxml import etree
from pptx import Presentation

from coprod_slides import diagrams
from coprod_slides.build import BuildOptions, build
from coprod_slides.deckspec.loader import load_spec
from coprod_slides.errors import SpecError
from coprod_slides.layout.fit import Box, Insets, Para, Run, fit_text
from coprod_slides.specvalues.yamlload import plain_data

from .conftest import ooxml_problems
from .fuzz_budget import budget

EXAMPLES = {  # per test; the counts reported to the lead
    "valid": 40,
    "wild": 40,
    "hostile": 40,
    "mutated": 60,
    "raw_text": 250,
    "raw_bytes": 150,
    "writer": 150,
    "fit": 200,
}


def fuzz_settings(name: str):
    return budget(EXAMPLES[name])


OOXML_SAMPLE = 3  # decks per test run through the (slower) schema checker
_checked: dict[str, int] = {}
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
KNOWN_WARNINGS = re.compile(r"does not fit|WCAG|contrast")
NON_TEXT_KEYS = {"color", "accent", "group", "position", "highlight", "shape", "rung_shape"}

# ---------------------------------------------------------------- text strategies

WORDS = [
    "co-production",
    "people",
    "services",
    "together",
    "Cyngor",
    "Gwynedd",
    "budget",
    "listen",
    "power",
    "équipe",
    "مرحبا",
    "שלום",
    "日本語",
    "🙂",
    "a",
    "the",
    "and",
]
plain_text = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join)
short_text = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)  # labels

# Anything a YAML string can carry: every code point but surrogates (YAML cannot hold those),
# with the troublemakers made likely.
TROUBLE = [
    "\x00",
    "\x01",
    "\x07",
    "\x0b",
    "\x1f",
    "\x7f",
    "\x85",
    "\ufffe",
    "\uffff",
    "\u202e",
    "\u202d",
    "\u2066",
    "\u2069",
    "\u200e",
    "\u200f",
    "\u2028",
    "\t",
    "\r",
    "\n",
    "{",
    "}",
    "{org}",
    "{{",
    "**",
    "*",
    "\\",
    '"',
    "'",
    ": ",
    "# ",
    "&",
    "<",
    "]]>",
    "\ufeff",
]
any_char = st.characters(exclude_categories=("Cs",))
hostile_text = st.one_of(
    st.text(any_char, min_size=1, max_size=80),
    st.lists(
        st.one_of(st.sampled_from(TROUBLE), st.sampled_from(WORDS), st.text(any_char, max_size=5)),
        min_size=1,
        max_size=15,
    ).map("".join),
    st.integers(200, 3000).map(lambda n: "W" * n),  # one very long word
    st.integers(1, 300).map(lambda n: "word " * n),  # many words
)
# Text a deck can hold but layout and fonts may not expect: any script, emoji, combining
# marks, RTL/LTR marks, very long words; no XML-illegal or bidi-control characters, and
# no braces (an unknown {name} is, rightly, an error).
wild_char = st.characters(
    exclude_categories=("Cs", "Cc"),
    exclude_characters="{}\ufffe\uffff\u202a\u202b\u202c\u202d\u202e"
    "\u2066\u2067\u2068\u2069\u2028\u2029\x85",
)
wild_text = st.one_of(
    st.text(wild_char, min_size=1, max_size=60).filter(str.strip),
    st.lists(
        st.one_of(
            st.sampled_from(
                WORDS + ["\u200f", "\u200e", "{org}", "**bold**", "*it*", "- ", "e\u0301", "👩‍👩‍👧"]
            ),
            st.text(wild_char, min_size=1, max_size=8),
        ),
        min_size=1,
        max_size=12,
    ).map(" ".join),
    st.integers(30, 280).map(lambda n: "Ŵ" * n),  # a very long word (within the limits)
)


# ---------------------------------------------------------------- spec strategies


def _notes(text):
    return st.one_of(st.none(), text, st.builds(lambda a, b: f"{a}\n\n- {b}\n- {a}", text, text))


@st.composite
def bullets(draw, text):
    items: list = []
    for _ in range(draw(st.integers(1, 6))):
        items.append(draw(text))
        if draw(st.booleans()) and draw(st.booleans()):
            items.append([draw(text) for _ in range(draw(st.integers(1, 3)))])
    return items


def _replace_texts(value, text_for):
    """Diagram default data with every free text replaced (colours and ids kept)."""
    if isinstance(value, dict):
        return {
            k: (v if k in NON_TEXT_KEYS else _replace_texts(v, text_for)) for k, v in value.items()
        }
    if isinstance(value, list):
        return [_replace_texts(v, text_for) for v in value]
    if isinstance(value, str):
        return text_for()
    return value


@st.composite
def slide(draw, text, label):
    kind = draw(
        st.sampled_from(
            ["title", "section", "bullets", "two-column", "quote", "image", "diagram", "closing"]
        )
    )
    out: dict = {"type": kind}
    maybe = lambda: draw(st.booleans())  # noqa: E731
    if kind != "title" or maybe():
        out["title"] = draw(text)
    if kind in ("title", "section") and maybe():
        out["subtitle"] = draw(text)
    if kind == "bullets":
        out["bullets"] = draw(bullets(text))
    if kind == "two-column":
        for side in ("left", "right"):
            column = {"bullets": draw(bullets(text))}
            if maybe():
                column["heading"] = draw(text)
            out[side] = column
    if kind == "quote":
        out["quote"] = draw(text)
        if maybe():
            out["attribution"] = draw(text)
    if kind == "image":
        out.update(image="pic.png", alt=draw(text))
        if maybe():
            out["caption"] = draw(text)
    if kind == "diagram":
        name = draw(st.sampled_from(diagrams.kind_names()))
        out["diagram"] = name
        if maybe():
            data = plain_data(diagrams.default_data(name))
            out["data"] = _replace_texts(data, lambda: draw(label))
    if kind == "closing":
        out["message"] = draw(text)
        out["contact"] = [draw(text) for _ in range(draw(st.integers(0, 3)))]
    notes = draw(_notes(text))
    if notes:
        out["notes"] = notes
    if maybe():
        out["duration"] = draw(st.integers(0, 30))
    return out


@st.composite
def spec(draw, text=plain_text, label=short_text):
    result = {"title": draw(text), "vars": {"org": "Example Council"}}
    if draw(st.booleans()):
        result["subtitle"] = draw(text)
    if draw(st.booleans()):
        result["theme"] = {"footer": draw(text), "slide_numbers": draw(st.booleans())}
    result["slides"] = draw(st.lists(slide(text, label), min_size=1, max_size=6))
    return result


# ---------------------------------------------------------------- mutations

OTHER_VALUES = [
    None,
    0,
    -1,
    3.5,
    True,
    "",
    " ",
    "x",
    [],
    {},
    ["a"],
    {"a": "b"},
    [[[]]],
    "{undefined}",
    "**",
    "\u202e",
    "2024-01-01",
    "null",
    "~",
]


# a fresh copy each time: the lists and mappings are edited by later mutations
other_value = st.sampled_from(OTHER_VALUES).map(copy.deepcopy)


@st.composite
def mutated(draw):
    """A valid spec with a few random edits: deletions, type swaps, random keys and text."""
    data = draw(spec())
    for _ in range(draw(st.integers(1, 4))):
        containers = list(_containers(data))
        parent = draw(st.sampled_from(containers))
        keys = list(parent) if isinstance(parent, dict) else list(range(len(parent)))
        action = draw(st.sampled_from(["delete", "swap", "text", "add"]))
        if action == "add" and isinstance(parent, dict):
            parent[
                draw(
                    st.one_of(
                        st.sampled_from(
                            ["type", "title", "bulets", "use", "id", "notes", "layouts", "template"]
                        ),
                        st.text(any_char, min_size=1, max_size=8),
                    )
                )
            ] = draw(other_value)
        elif keys:
            key = draw(st.sampled_from(keys))
            if action == "delete":
                del parent[key]
            elif action == "swap":
                parent[key] = draw(other_value)
            else:
                parent[key] = draw(hostile_text)
    return data


def _containers(value):
    if isinstance(value, (dict, list)):
        yield value
        for child in value.values() if isinstance(value, dict) else value:
            yield from _containers(child)


# ---------------------------------------------------------------- checking a result


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    from PIL import Image

    folder = tmp_path_factory.mktemp("fuzz")
    Image.new("RGB", (64, 40), (0, 114, 178)).save(folder / "pic.png")
    return folder


def write(project: Path, data) -> Path:
    path = project / "deck.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def event(text: str) -> None:
    """Count outcomes for --hypothesis-show-statistics (a no-op outside a property)."""
    try:
        hypothesis_event(text)
    except Exception:  # noqa: BLE001 - InvalidArgument outside @given
        pass


def build_or_spec_error(path: Path, family: str, *, refuse_ok: bool = True):
    """The property: a SpecError (with lines to show) or a sound deck; nothing else."""
    try:
        result = build(path, BuildOptions())
    except SpecError as exc:
        assert exc.problems and all(str(p).strip() for p in exc.problems)
        if not refuse_ok:
            raise AssertionError(f"a valid spec was refused:\n{exc}") from None
        event("refused (SpecError)")  # --hypothesis-show-statistics shows the split
        return None
    check_deck(result, path.parent / f"{family}.pptx", family)
    event("built" + (" with fit warnings" if result.diagnostics.warnings else ""))
    return result


def check_deck(result, out: Path, family: str) -> None:
    data = result.data
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.endswith((".xml", ".rels")):
                root = etree.fromstring(zf.read(name))  # well-formed, or this raises
                if name.startswith("ppt/slides/slide"):
                    for run in root.iter(f"{A}r"):
                        rpr = run.find(f"{A}rPr")
                        assert rpr is not None and rpr.get("sz"), f"a run without a size in {name}"
    assert len(Presentation(io.BytesIO(data)).slides) == len(result.deck.slides)
    for warning in result.diagnostics.warnings:
        assert KNOWN_WARNINGS.search(warning.message), str(warning)
    if _checked.get(family, 0) < OOXML_SAMPLE:
        _checked[family] = _checked.get(family, 0) + 1
        out.write_bytes(data)
        assert ooxml_problems(out) == []


# ---------------------------------------------------------------- the properties


@fuzz_settings("valid")
@given(data=spec())
def test_valid_specs_build_sound_decks(project, data):
    build_or_spec_error(write(project, data), "valid", refuse_ok=False)


@fuzz_settings("wild")
@given(data=spec(text=wild_text, label=wild_text))
def test_wild_but_legal_text_builds_sound_decks(project, data):
    """Any script, emoji, marks and very long words: a deck (fitted, or with a fit warning),
    or at most a length-limit error."""
    try:
        build_or_spec_error(write(project, data), "wild", refuse_ok=False)
    except AssertionError as exc:
        problems = str(exc).splitlines()[1:]
        assert problems and all(
            re.search(r"the limit is|needs at least|must not be empty", p) for p in problems
        ), str(exc)
        event("refused (a length limit)")


@fuzz_settings("hostile")
@given(data=spec(text=hostile_text, label=hostile_text))
def test_hostile_strings_give_a_sound_deck_or_a_clean_error(project, data):
    build_or_spec_error(write(project, data), "hostile")


@fuzz_settings("mutated")
@given(data=mutated())
def test_mutated_specs_give_a_sound_deck_or_a_clean_error(project, data):
    build_or_spec_error(write(project, data), "mutated")


@fuzz_settings("raw_text")
@given(
    text=st.one_of(
        st.text(any_char, max_size=300),
        st.lists(
            st.sampled_from(
                [
                    "title: T\n",
                    "slides:\n",
                    "  - ",
                    "type: ",
                    "title",
                    "bullets",
                    "[",
                    "]",
                    "{",
                    "}",
                    "&a ",
                    "*a ",
                    "<<: ",
                    "- ",
                    "  ",
                    ": ",
                    "'",
                    '"',
                    "\n",
                    "\t",
                    "#",
                    "!!binary ",
                    "!!python/x ",
                    "--- ",
                    "? ",
                    "%YAML 1.1\n",
                ]
            ),
            max_size=40,
        ).map("".join),
    )
)
def test_any_text_as_a_spec_loads_or_fails_cleanly(project, text):
    path = project / "raw.yaml"
    path.write_text(text, "utf-8")
    try:
        load_spec(path)
    except SpecError as exc:
        assert exc.problems


@fuzz_settings("raw_bytes")
@given(blob=st.binary(max_size=400))
def test_any_bytes_as_a_spec_load_or_fail_cleanly(project, blob):
    path = project / "raw.yaml"
    path.write_bytes(blob)
    try:
        load_spec(path)
    except SpecError as exc:
        assert exc.problems


@fuzz_settings("writer")
@given(texts=st.lists(st.text(any_char, max_size=60), min_size=1, max_size=5))
def test_text_writer_always_writes_well_formed_xml(texts):
    """The last line of defence: even text no spec could carry becomes well-formed XML."""
    from pptx import Presentation as New

    from coprod_slides.render.text import write_paras

    prs = New()
    box = prs.slides.add_slide(prs.slide_layouts[6]).shapes.add_textbox(0, 0, 100, 100)
    paras = [Para((Run(t, bold=i % 2 == 0),)) for i, t in enumerate(texts)]
    write_paras(box.text_frame, paras, 18)
    xml = etree.tostring(box._element)
    etree.fromstring(xml)
    out = io.BytesIO()
    prs.save(out)  # python-pptx serialises it too


@fuzz_settings("fit")
@given(
    words=st.lists(
        st.one_of(st.sampled_from(WORDS), st.text(any_char, min_size=1, max_size=30)),
        min_size=1,
        max_size=60,
    ),
    width=st.floats(20, 900),
    height=st.floats(10, 500),
)
def test_fitting_fits_or_says_why(words, width, height):
    assume(any(w.strip() for w in words))
    result = fit_text(
        [Para((Run(" ".join(words)),))],
        Box(width, height),
        "Arial",
        max_pt=28,
        min_pt=12,
        insets=Insets(4, 4, 4, 4),
    )
    assert 12 <= result.size_pt <= 28
    assert result.fits or result.reason
    if result.reason.startswith("word"):
        assert len(result.reason) < 120  # long words are shortened in messages


# ---------------------------------------------------------------- regressions found by fuzzing


def test_regression_deck_title_longer_than_a_core_property(project):
    """A deck title of 256–300 characters (allowed) crashed python-pptx's 255-character core
    properties (an internal error); the property is now shortened, the slide keeps it all."""
    title = "A long deck title " * 16  # 288 characters
    result = build_or_spec_error(
        write(project, {"title": title, "slides": [{"type": "title"}]}),
        "regression",
        refuse_ok=False,
    )
    props = Presentation(io.BytesIO(result.data)).core_properties
    assert len(props.title) <= 255 and props.title.endswith("…")
