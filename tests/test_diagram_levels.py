"""The 'levels' diagram kind: levels of involvement as a narrowing funnel."""

from __future__ import annotations

import pytest

from coprod_slides.diagrams import levels
from coprod_slides.layout.drawing import Connector, Group, Shape

from .diagram_helpers import AREAS, Kind, check_layout, shape_names

KIND = Kind(levels, "levels", keep=("color", "from", "to"))
validated, ctx = KIND.validated, KIND.ctx


def level(name, who, support=None):
    out = {"name": name, "who": who}
    if support:
        out["support"] = support
    return out


CUSTOM = {
    "two": {
        "levels": [
            level("Personal", "Everyone: my life"),
            level("Strategic", "A few: the board", "Time and support"),
        ]
    },
    "four": {
        "levels": [
            level("Personal", "Everyone: what matters to me"),
            level("Group", "Many: people like me", "Trust"),
            level("Community", "Some: our area", "Support"),
            level("Strategic", "A few: the organisation", "Building up"),
        ],
        "shortcut": {"from": 2},
    },
    "five, no caveat": {
        "levels": [
            level("Me", "Everyone"),
            level("Family", "Most", "Trust"),
            level("Street", "Many", "Time"),
            level("Community", "Some", "Help"),
            level("Strategic", "A few", "Skills"),
        ],
        "caveat": None,
    },
    "no shortcut": {"shortcut": None},
    "nothing below": {"shortcut": None, "caveat": None},
}


def test_default_data_validates():
    result = validated()
    assert [lv["name"] for lv in result["levels"]] == ["Personal", "Community", "Strategic"]
    assert result["shortcut"]["label"] and result["caveat"]


test_bad_data_is_reported_with_its_path = KIND.bad_data_test(
    [
        ({"levels": "Personal"}, "data.levels: expected a list"),
        ({"levels": [level("One", "Everyone")]}, "data.levels: needs at least 2"),
        ({"levels": [level(str(i), "x") for i in range(6)]}, "data.levels: has 6 items"),
        ({"levels": [{"name": "A", "whom": "x"}, level("B", "y")]}, "unknown level key 'whom'"),
        ({"shortcut": {"to": 7}}, "data.shortcut.to: level 7 does not exist"),
        ({"shortcut": {"from": 3}}, "'from' and 'to' are both level 3"),
        ({"shortcut": {"from": "one"}}, "data.shortcut.from: expected a whole number"),
        ({"color": "blue"}, "data.color: 'blue' is not a theme colour"),
        ({"colour": "accent1"}, "unknown levels key 'colour'"),
    ]
)


test_layout_is_clean = KIND.clean_layout_test(CUSTOM)


@pytest.mark.parametrize("count", [2, 3, 4, 5])
def test_levels_narrow_and_align(count):
    data = validated(
        {"levels": [level(f"L{i}", f"Who {i}", "Help" if i else None) for i in range(count)]}
    )
    drawing = levels.draw(data, AREAS[0], ctx())
    groups = [g for g in drawing.children if g.name.startswith("Level ")]
    assert len(groups) == count
    boxes = [g.children[0].rect for g in groups]
    heights = [b.h for b in boxes]
    assert heights == sorted(heights, reverse=True) and heights[0] > heights[-1]
    assert len({round(b.cy, 3) for b in boxes}) == 1  # centred on one line
    assert len({round(b.w, 3) for b in boxes}) == 1
    gaps = {round(b2.x - b1.right, 3) for b1, b2 in zip(boxes, boxes[1:], strict=False)}
    assert len(gaps) == 1  # evenly spaced
    names = [g.children[1].rect for g in groups]
    assert len({round(r.y, 3) for r in names}) == 1  # the names share a baseline zone


def test_texts_sit_on_their_level_box_in_one_group():
    drawing = levels.draw(validated(), AREAS[0], ctx())
    for group in drawing.children:
        if group.name.startswith("Level "):
            box, *texts = group.children
            assert box.label is None and texts
            assert all(box.rect.contains(t.rect) for t in texts)


def test_step_arrows_sit_between_levels_with_their_support():
    drawing = levels.draw(validated(), AREAS[0], ctx())
    steps = [g for g in drawing.children if g.name.startswith("Step up")]
    assert [g.name for g in steps] == [
        "Step up: Personal to Community",
        "Step up: Community to Strategic",
    ]
    boxes = [g.children[0].rect for g in drawing.children if g.name.startswith("Level ")]
    for step, left, right in zip(steps, boxes, boxes[1:], strict=False):
        arrow = step.children[0]
        assert arrow.geom == "rightArrow"
        assert left.right <= arrow.rect.x and arrow.rect.right <= right.x
        support = step.children[1]
        assert support.rect.bottom <= arrow.rect.y


def test_shortcut_jumps_from_first_to_last_through_the_caveat():
    drawing = levels.draw(validated(), AREAS[0], ctx())
    shortcut = drawing.children[-1]
    assert shortcut.name == "Shortcut: Personal to Strategic"
    lines = [e for e in shortcut.children if isinstance(e, Connector)]
    box = next(e for e in shortcut.children if isinstance(e, Shape))
    assert all(line.dash for line in lines) and lines[-1].head
    boxes = [g.children[0].rect for g in drawing.children if g.name.startswith("Level ")]
    assert lines[0].start == (boxes[0].cx, boxes[0].bottom)
    assert lines[-1].end == (boxes[-1].cx, boxes[-1].bottom)
    assert box.rect.y > max(b.bottom for b in boxes)
    text = " ".join(r.text for p in box.label.paras for r in p.runs)
    assert "Shortcut to strategic" in text and "citizens' juries" in text


def test_longer_labels_fit_or_warn():
    KIND.assert_longer_labels_fit_or_warn()


def test_too_long_text_warns_with_the_slide():
    c = ctx()
    levels.draw(validated({"levels": [level("Personal" * 8, "x"), level("B", "y")]}), AREAS[0], c)
    KIND.assert_fit_warning(c)


def test_rtl_mirrors_the_order():
    ltr, rtl = KIND.draw_both_ways(validated())
    boxes = [g.children[0].rect for g in rtl.children if g.name.startswith("Level ")]
    assert boxes[0].x > boxes[-1].x
    arrow = next(g for g in rtl.children if g.name.startswith("Step up")).children[0]
    assert arrow.flip_h
    check_layout(rtl, AREAS[0], ctx())
    assert shape_names(ltr) == shape_names(rtl)


def test_reading_order_and_groups():
    drawing = levels.draw(validated(), AREAS[0], ctx())
    assert all(isinstance(g, Group) for g in drawing.children)
    assert [g.name for g in drawing.children] == [
        "Level 1: Personal",
        "Step up: Personal to Community",
        "Level 2: Community",
        "Step up: Community to Strategic",
        "Level 3: Strategic",
        "Shortcut: Personal to Strategic",
    ]


def test_alt_text_carries_the_message():
    alt = levels.alt_text(validated())
    assert "start with what matters to people" in alt
    assert "Personal" in alt and "Strategic" in alt
    assert "citizens' juries" in alt
    assert levels.alt_text(validated(CUSTOM["no shortcut"])).count("Shortcut") == 0
