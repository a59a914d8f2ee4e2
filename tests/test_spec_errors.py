"""Bad specs give one clear line each: path:line:col: what is wrong, and how to fix it."""

from __future__ import annotations

import pytest

from coprod_slides.deckspec.loader import load_spec
from coprod_slides.errors import SpecError

HEAD = "title: Test deck\nslides:\n"

CASES = [
    (
        "unknown slide type",
        HEAD + "  - type: bulets\n    bullets: [a]\n",
        "deck.yaml:3:11: slide 1, type: unknown slide type 'bulets' (did you mean "
        "'bullets'?); expected one of title, section, bullets, two-column, quote, image, "
        "diagram, closing, activity, comparison",
    ),
    (
        "typo in a slide key",
        HEAD + "  - type: bullets\n    titel: Hello\n    bullets: [a]\n",
        "deck.yaml:4:5: slide 1: unknown key for a bullets slide 'titel' (did you mean "
        "'title'?); allowed: audiences, bullets, duration, hide_title, id, notes, tags, title, "
        "type, use",
    ),
    (
        "unknown top-level key",
        "title: T\nslide:\n  - type: title\nslides:\n  - type: title\n",
        "deck.yaml:2:1: unknown top-level key 'slide' (did you mean 'slides'?); allowed: "
        "audiences, author, date, extends, insert, language, layouts, overrides, remove, "
        "slides, subtitle, template, theme, title, translations, vars",
    ),
    (
        "wrong type for duration",
        HEAD + "  - type: title\n    duration: five\n",
        "deck.yaml:4:15: slide 1, duration: expected a number, got text",
    ),
    (
        "empty file",
        "# nothing here\n\n",
        "deck.yaml: the file is empty; a spec needs at least 'title:' and 'slides:'",
    ),
    (
        "YAML syntax error",
        HEAD + "  - type: bullets\n    bullets: [a, b\n",
        "deck.yaml:5:1: YAML syntax error: expected ',' or ']', but got '<stream end>'",
    ),
    (
        "tab indentation",
        HEAD + "  - type: title\n\ttitle: x\n",
        "deck.yaml:4:1: tab character in indentation; YAML indents with spaces — replace the "
        "tab with spaces",
    ),
    (
        "duplicate key",
        HEAD + "  - type: title\n    title: a\n    title: b\n",
        "deck.yaml:5:5: duplicate key 'title' (first defined at line 4); remove one of them",
    ),
    (
        "duplicate slide id",
        HEAD + "  - type: title\n    id: a\n  - type: section\n    id: a\n    title: S\n",
        "deck.yaml:5:5: slide id 'a' is used twice (first at line 3); give each slide a "
        "unique 'id:'",
    ),
    (
        "missing bullets",
        HEAD + "  - type: bullets\n    title: Hi\n",
        "deck.yaml:3:5: slide 1: missing required key 'bullets'",
    ),
    (
        "image without alt",
        HEAD + "  - type: image\n    image: a.png\n",
        "deck.yaml:3:5: slide 1: missing required key 'alt' (describe the picture for "
        "people who cannot see it)",
    ),
    (
        "bad colour",
        "title: T\ntheme:\n  colors:\n    accent1: nvy\nslides:\n  - type: title\n",
        "deck.yaml:4:14: theme.colors.accent1: 'nvy' is not a colour (did you mean 'navy', "
        "#000080?); write it as hex, e.g. '#0072B2', or as a CSS colour name such as 'navy'",
    ),
    (
        "unknown diagram kind",
        HEAD + "  - type: diagram\n    diagram: laddder\n",
        "deck.yaml:4:14: slide 1, diagram: unknown diagram kind 'laddder' (did you mean "
        "'ladder'?); known: around-the-table, cynefin, ladder, levels, outputs-outcomes, "
        "how-not-extra",
    ),
    (
        "slides not a list",
        "title: T\nslides: hello\n",
        "deck.yaml:2:9: slides: expected a list of slides (each starting with '- type:' or "
        "'- use:')",
    ),
    (
        "top level is a list",
        "- type: title\n",
        "deck.yaml:1:1: a deck spec must be a mapping with 'title:' and 'slides:' at the top level",
    ),
    (
        "sub-list first",
        HEAD + "  - type: bullets\n    bullets:\n      - [a]\n",
        "deck.yaml:5:9: slide 1, bullets[0]: a sub-list must follow the bullet it belongs to",
    ),
    (
        "missing title",
        "slides:\n  - type: title\n",
        "deck.yaml:1:1: missing required key 'title' (the deck's title)",
    ),
    (
        "language tag",
        "title: T\nlanguage: english please\nslides:\n  - type: title\n",
        "deck.yaml:2:11: language: 'english please' is not a language tag; use a code like "
        "'en-GB', 'cy' or 'ar'",
    ),
    (
        "merge key",
        "title: T\nbase: &b {type: title}\nslides:\n  - <<: *b\n",
        "deck.yaml:4:5: YAML merge keys ('<<') are not supported; use 'use:' or 'extends:' to "
        "reuse content",
    ),
    (
        "negative duration",
        HEAD + "  - type: title\n    duration: -3\n",
        "deck.yaml:4:15: slide 1, duration: must be at least 0, got -3",
    ),
    (
        "bullet of wrong type",
        HEAD + "  - type: bullets\n    bullets:\n      - {a: b}\n",
        "deck.yaml:5:9: slide 1, bullets[0]: expected bullet text or a list of sub-bullets, "
        "got a mapping",
    ),
]


@pytest.mark.parametrize("name,text,expected", CASES, ids=[c[0] for c in CASES])
def test_bad_spec_message(name, text, expected, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "deck.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as info:
        load_spec(tmp_path / "deck.yaml")
    messages = [str(p) for p in info.value.problems]
    assert expected in messages, "\n".join(messages)


def test_non_utf8(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "deck.yaml").write_bytes(b"title: caf\xe9\nslides: []\n")
    with pytest.raises(SpecError) as info:
        load_spec(tmp_path / "deck.yaml")
    assert str(info.value) == (
        "deck.yaml:1:11: not valid UTF-8 (byte 0xe9); save the file as UTF-8"
    )


def test_binary_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "deck.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(SpecError, match="deck.yaml: this is a binary file, not a YAML spec"):
        load_spec(tmp_path / "deck.yaml")


def test_all_errors_are_collected(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "deck.yaml").write_text(
        HEAD + "  - type: bulets\n  - type: title\n    duration: x\n  - type: quote\n",
        encoding="utf-8",
    )
    with pytest.raises(SpecError) as info:
        load_spec(tmp_path / "deck.yaml")
    lines = [str(p) for p in info.value.problems]
    assert len(lines) == 3, lines
    assert lines[0].startswith("deck.yaml:3:11:")
    assert lines[1].startswith("deck.yaml:5:15:")
    assert lines[2] == "deck.yaml:6:5: slide 3: missing required key 'quote'"


def test_alias_bomb_fails_fast(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    lines.append("title: T\nslides: *a8\n")
    (tmp_path / "deck.yaml").write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(SpecError, match="expands to more than 200,000 values"):
        load_spec(tmp_path / "deck.yaml")


def test_deep_nesting(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "deck.yaml").write_text(
        "title: T\nslides: " + "[" * 10000 + "]" * 10000, encoding="utf-8"
    )
    with pytest.raises(SpecError, match=r"deck.yaml:2:\d+: nesting is deeper than 64 levels"):
        load_spec(tmp_path / "deck.yaml")


def test_library_slide_unknown(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "deck.yaml").write_text(HEAD + "  - use: coprod/laddder\n", encoding="utf-8")
    with pytest.raises(SpecError) as info:
        load_spec(tmp_path / "deck.yaml")
    assert str(info.value).startswith(
        "deck.yaml:3:10: slide 1, use: unknown library slide "
        "'coprod/laddder' (did you mean 'ladder'?)"
    )


def test_override_error_points_at_spec_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "deck.yaml").write_text(
        HEAD + "  - use: coprod/ladder\n    duration: soon\n", encoding="utf-8"
    )
    with pytest.raises(SpecError) as info:
        load_spec(tmp_path / "deck.yaml")
    assert str(info.value) == "deck.yaml:4:15: slide 1, duration: expected a number, got text"


def test_css_colour_names_and_short_hex_are_colours(write_spec):
    from coprod_slides.deckspec.loader import load_spec

    spec = write_spec(
        "title: T\ntheme:\n  colors: {primary: navy, accent1: '#07b', accent2: Rebecca Purple}\n"
        "slides:\n  - type: title\n"
    )
    colors = load_spec(spec).theme.colors
    assert (colors["dk2"], colors["accent1"], colors["accent2"]) == (  # primary is dk2
        "000080",
        "0077BB",
        "663399",
    )


def test_a_spec_without_slides_is_an_error(write_spec):
    from coprod_slides.deckspec.loader import load_spec
    from coprod_slides.errors import SpecError

    with pytest.raises(SpecError) as error:
        load_spec(write_spec("title: T\nslide:\n  - type: title\n"))
    assert "no 'slides:' list at the top level" in str(error.value)


def test_a_sub_bullet_indented_too_far_is_explained(write_spec):
    from coprod_slides.deckspec.loader import load_spec
    from coprod_slides.errors import SpecError

    spec = write_spec(
        "title: T\nslides:\n  - type: bullets\n    title: Plan\n    bullets:\n"
        "      - Who is missing\n        - carers\n"
    )
    with pytest.raises(SpecError) as error:
        load_spec(spec)
    assert (
        str(error.value)
        .split(f"{spec.name}:", 1)[1]
        .startswith(
            "6:9: 'Who is missing' runs on into the next line, which starts with "
            "'- carers', so YAML reads both as one text ('Who is missing - carers')."
        )
    )
    fine = write_spec(
        "title: T\nslides:\n  - type: bullets\n    title: Plan\n    bullets:\n"
        "      - Who is missing - and why\n        we plan - today\n",
        name="fine.yaml",
    )
    assert load_spec(fine).slides[0].content["bullets"][0].text == (
        "Who is missing - and why we plan - today"
    )
