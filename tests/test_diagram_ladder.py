"""The 'ladder' diagram kind: the ladder of participation on its side."""

from __future__ import annotations

import itertools

import pytest

from coprod_slides.diagrams import describe_data, ladder
from coprod_slides.layout.drawing import Connector, Rect, Shape, iter_shapes
from coprod_slides.render.theme import DEFAULT_COLORS

from .diagram_helpers import AREAS, Kind, assert_no_warnings, check_layout

KIND = Kind(ladder, "ladder", keep=("color", "highlight", "rung_shape"))
validated, ctx = KIND.validated, KIND.ctx
SLACK = 0.5  # connector ends may touch the area's edge


def group(label, color, *rungs):
    return {"label": label, "color": color, "rungs": list(rungs)}


CUSTOM = {
    "three rungs, one group": {"groups": [group("Doing WITH", "accent3", "Ask", "Plan", "Do")]},
    "three rungs, highlight": {
        "groups": [
            group("For", "accent2", "Inform"),
            group("With", "accent3", "Co-design", "Co-produce"),
        ],
        "highlight": 3,
    },
    "four groups": {
        "groups": [
            group("To", "accent6", "Coerce"),
            group("For", "accent2", "Tell"),
            group("With", "accent3", "Design"),
            group("By", "accent1", "Lead", "Own"),
        ],
        "highlight": 3,
        "credit": None,
    },
    "nine rungs": {
        "groups": [
            group("Doing TO", "accent6", "Coerce", "Educate"),
            group("Doing FOR", "accent2", "Inform", "Ask", "Involve", "Listen"),
            group("Doing WITH", "#009E73", "Co-design", "Co-deliver", "Co-produce"),
        ],
        "arrow_label": None,
    },
}


def rungs_of(drawing):
    return [
        s
        for s in iter_shapes(drawing.children)
        if isinstance(s, Shape) and s.name.startswith("Rung ")
    ]


def test_default_data_validates_to_the_tlap_ladder():
    result = validated()
    assert [g["label"] for g in result["groups"]] == ["Doing TO", "Doing FOR", "Doing WITH"]
    assert [r for g in result["groups"] for r in g["rungs"]] == [
        "Coercion",
        "Educating",
        "Informing",
        "Consultation",
        "Engagement",
        "Co-design",
        "Co-production",
    ]
    assert "both ways" in result["arrow_label"]
    assert "right time" in result["message"] and "proportion" in result["message"]
    assert "Arnstein" in result["credit"] and "TLAP" in result["credit"]
    assert result["rung_shape"] == "boxes"  # no direction: people move both ways
    # three distinct hues, none of them the red or the green of a "bad → good" scale
    colours = [g["color"] for g in result["groups"]]
    assert len(set(colours)) == 3 and not {"accent3", "accent6"} & set(colours)
    assert set(describe_data("ladder")) == {
        "groups",
        "arrow_label",
        "message",
        "rung_shape",
        "highlight",
        "credit",
    }


test_bad_data_is_reported_with_its_path = KIND.bad_data_test(
    [
        ({"groups": "Doing TO"}, "data.groups: expected a list"),
        ({"groups": []}, "data.groups: needs at least 1"),
        ({"groups": [group("A", "accent1", "x")] * 5}, "data.groups: has 5 items"),
        (
            {"groups": [group("A", "accent1", "x", "y")]},
            "lays out 3 to 9 rungs in all; these groups have 2",
        ),
        (
            {"groups": [group("A", "accent1", *"abcde"), group("B", "accent2", *"fghij")]},
            "these groups have 10",
        ),
        (
            {"groups": [{"label": "A", "colour": "accent1", "rungs": ["x", "y", "z"]}]},
            "data.groups[0]: unknown key 'colour'",
        ),
        ({"groups": [group("A", "blue", "x", "y", "z")]}, "data.groups[0].color: 'blue' is not"),
        (
            {"groups": [group("A", "accent1", "x", 3, ["y"])]},
            "data.groups[0].rungs[2]: expected text",
        ),
        ({"highlight": 8}, "data.highlight: there are 7 rungs; got rung 8"),
        ({"highlight": 0}, "data.highlight: must be at least 1"),
        (
            {"highlight": "Co-producton"},
            "no rung is called 'Co-producton' (did you mean 'Co-production'?)",
        ),
        ({"arrow": "x"}, "unknown key 'arrow' (did you mean 'arrow_label'?)"),
    ]
)


def test_highlight_by_label_becomes_the_rung_number():
    assert validated({"highlight": "Co-design"})["highlight"] == 6
    assert validated({"highlight": 2})["highlight"] == 2
    assert validated()["highlight"] is None


@pytest.mark.parametrize("case", [None, *CUSTOM])
def test_layout_is_clean(case):
    KIND.assert_clean(CUSTOM.get(case), AREAS[0], slack=SLACK)


@pytest.mark.parametrize("case", ["three rungs, one group", "four groups", "nine rungs"])
def test_layout_is_clean_in_a_4_3_area(case):
    KIND.assert_clean(CUSTOM[case], AREAS[1], slack=SLACK)


def test_long_rung_words_get_the_width_they_need_in_a_4_3_area():
    c = ctx()
    drawing = ladder.draw(validated(), AREAS[1], c)  # 'Consultation' at 14 pt: ~89 of 648 pt
    check_layout(drawing, AREAS[1], c, slack=SLACK)
    assert_no_warnings(c)
    rungs = {r.name.split(": ")[1]: r for r in rungs_of(drawing)}
    assert rungs["Consultation"].rect.w > rungs["Co-design"].rect.w + 20
    assert len({round(r.rect.y, 3) for r in rungs.values()}) == 1  # still one row
    assert len({r.label.size for r in rungs.values()}) == 1  # one size for the set


LONG_WORDS = [
    "Partnership",
    "Involvement",
    "Informing",
    "Asking",
    "Listening",
    "Coaching",
    "Supporting",
    "Enabling",
    "Deliberation",
]


def test_words_too_long_for_any_row_warn_by_name():
    c = ctx()
    data = validated({"groups": [group("Doing WITH", "accent3", *LONG_WORDS)]})
    ladder.draw(data, Rect(36, 120, 600, 340), c)  # nine long words need ~730 pt at 14 pt
    messages = [w.message for w in c.diagnostics.warnings]
    assert messages and all("rung" in m and "ladder" in m for m in messages)
    assert any("Deliberation" in m for m in messages)


@pytest.mark.parametrize("count", [3, 4, 5, 6, 7, 8, 9])
def test_rungs_sit_in_one_evenly_spaced_row(count):
    labels = ["Ask", "Tell", "Plan", "Meet", "Try", "Do", "Test", "Share", "Own"][:count]
    split = [labels[: count // 3], labels[count // 3 : 2 * count // 3], labels[2 * count // 3 :]]
    groups = [
        group(name, color, *part)
        for name, color, part in zip(
            ("TO", "FOR", "WITH"), ("accent6", "accent2", "accent3"), split, strict=True
        )
        if part
    ]
    area = AREAS[0]
    c = ctx()
    drawing = ladder.draw(validated({"groups": groups, "rung_shape": "chevrons"}), area, c)
    check_layout(drawing, area, c, slack=SLACK)
    rungs = rungs_of(drawing)
    assert len(rungs) == count
    assert len({round(r.rect.y, 3) for r in rungs}) == 1
    assert len({round(r.rect.w, 3) for r in rungs}) == 1
    steps = {round(b.rect.x - a.rect.x, 3) for a, b in itertools.pairwise(rungs)}
    assert len(steps) == 1
    assert rungs[0].geom == "homePlate" and {r.geom for r in rungs[1:]} == {"chevron"}
    assert rungs[0].rect.x == pytest.approx(area.x) and rungs[-1].rect.right == pytest.approx(
        area.right
    )
    sizes = {r.label.size for r in rungs}
    assert len(sizes) == 1  # one size for the set


def test_groups_have_a_bracket_and_label_over_their_rungs():
    drawing = ladder.draw(validated(), AREAS[0], ctx())
    (top,) = drawing.children
    groups = [g for g in top.children if g.name.startswith("Group ")]
    assert [g.name for g in groups] == [
        "Group 1: Doing TO",
        "Group 2: Doing FOR",
        "Group 3: Doing WITH",
    ]
    spans = []
    for g in groups:
        lines = [e for e in g.children if isinstance(e, Connector) and "Bracket" in e.name]
        assert len(lines) == 3 and not any(line.head or line.tail for line in lines)
        label = next(e for e in g.children if e.name.startswith("Group label"))
        rungs = [e for e in g.children if isinstance(e, Shape) and e.name.startswith("Rung")]
        bar = lines[1]
        assert bar.start[1] == bar.end[1] == pytest.approx(label.rect.cy)
        assert label.rect.bottom < min(r.rect.y for r in rungs)
        assert label.fill == rungs[0].fill == bar.color  # one colour per group
        spans.append((bar.start[0], bar.end[0]))
    for (_, right), (left, _) in itertools.pairwise(spans):
        assert right < left  # brackets do not touch


def test_two_headed_arrow_runs_under_the_rungs_with_its_message():
    drawing = ladder.draw(validated(), AREAS[0], ctx())
    (top,) = drawing.children
    arrow_group = next(g for g in top.children if g.name.startswith("Arrow"))
    arrow, label = arrow_group.children
    assert isinstance(arrow, Connector) and arrow.head and arrow.tail
    rungs = rungs_of(drawing)
    assert arrow.start[1] > max(r.rect.bottom for r in rungs)
    first, last = (r.text_rect or r.rect for r in (rungs[0], rungs[-1]))
    assert arrow.start[0] <= first.x + 4.0 and arrow.end[0] >= last.right - 4.0
    assert label.rect.y > arrow.start[1]
    assert "both ways" in label.label.paras[0].text


def test_default_rungs_are_boxes_joined_by_two_headed_arrows_with_the_core_message():
    c = ctx()
    drawing = ladder.draw(validated(), AREAS[0], c)
    check_layout(drawing, AREAS[0], c, slack=SLACK)
    assert_no_warnings(c)
    rungs = rungs_of(drawing)
    assert {r.geom for r in rungs} == {"roundRect"}  # no chevrons pointing one way
    steps = [
        e
        for e in iter_shapes(drawing.children)
        if isinstance(e, Connector) and e.name.startswith("Step")
    ]
    assert len(steps) == 6 and all(s.head and s.tail for s in steps)
    message = next(s for s in iter_shapes(drawing.children) if s.name == "Core message")
    arrow_label = next(s for s in iter_shapes(drawing.children) if s.name == "Arrow label")
    assert message.label.paras[0].text == "The right approach, at the right time, in proportion"
    assert message.label.bold and message.rect.y >= arrow_label.rect.bottom
    assert "right time" in drawing.alt


def test_highlight_picks_out_one_rung_and_tints_the_rest():
    drawing = ladder.draw(validated({"highlight": "Co-production"}), AREAS[0], ctx())
    rungs = rungs_of(drawing)
    lit = [r for r in rungs if r.line]
    assert [r.name for r in lit] == ["Rung 7: Co-production"]
    assert lit[0].fill == DEFAULT_COLORS["accent5"]
    assert rungs[5].fill != DEFAULT_COLORS["accent5"]  # Co-design, same group, tinted


def test_chevrons_follow_their_labels_then_turn_into_boxes_when_too_narrow():
    data = validated(
        {
            "groups": [
                group("Doing FOR", "accent2", *LONG_WORDS[:5]),
                group("Doing WITH", "accent3", *LONG_WORDS[5:]),
            ],
            "rung_shape": "chevrons",
        }
    )
    wide, narrow = AREAS[0], Rect(48, 118, 740, 372)
    c = ctx()
    drawing = ladder.draw(data, wide, c)
    check_layout(drawing, wide, c, slack=SLACK)
    assert_no_warnings(c)
    rungs = rungs_of(drawing)
    assert rungs[0].geom == "homePlate" and {r.geom for r in rungs[1:]} == {"chevron"}
    assert rungs[8].rect.w > rungs[3].rect.w + 20  # 'Deliberation' wider than 'Asking'
    assert rungs[0].rect.x == pytest.approx(wide.x)
    assert rungs[-1].rect.right == pytest.approx(wide.right)

    c = ctx()
    drawing = ladder.draw(data, narrow, c)
    rungs = rungs_of(drawing)
    assert {r.geom for r in rungs} == {"roundRect"}
    steps = [
        e
        for e in iter_shapes(drawing.children)
        if isinstance(e, Connector) and e.name.startswith("Step")
    ]
    assert len(steps) == len(rungs) - 1 and all(s.head for s in steps)
    for step, a, b in zip(steps, rungs, rungs[1:], strict=False):
        assert a.rect.right <= step.start[0] < step.end[0] <= b.rect.x
    check_layout(drawing, narrow, c, slack=SLACK)
    assert_no_warnings(c)


def test_longer_labels_fit_or_warn():
    KIND.assert_longer_labels_fit_or_warn((None, *CUSTOM.values()))


def test_default_labels_40_percent_longer_still_fit_in_16_9():
    KIND.assert_longer_labels_fit(AREAS[:1])


def test_rtl_mirrors_the_order():
    area = AREAS[0]
    ltr_drawing, rtl_drawing = KIND.draw_both_ways(validated({"rung_shape": "chevrons"}), area)
    ltr, rtl = rungs_of(ltr_drawing), rungs_of(rtl_drawing)
    assert [r.name for r in rtl] == [r.name for r in ltr]  # reading order kept
    assert rtl[0].rect.x > rtl[-1].rect.x  # first rung now on the right
    assert rtl[0].rect.right == pytest.approx(area.right)
    assert all(r.flip_h for r in rtl) and not any(r.flip_h for r in ltr)
    check_layout(rtl_drawing, area, ctx(), slack=SLACK)


def test_alt_text_gives_the_message():
    text = ladder.alt_text(validated())
    assert "left to right" in text
    assert "Doing TO: Coercion, Educating" in text
    assert "Doing WITH: Co-design, Co-production" in text
    assert "People move both ways" in text and "Arnstein" in text
    assert "Highlighted: Co-design" in ladder.alt_text(validated({"highlight": 6}))
    drawing = ladder.draw(validated(), AREAS[0], ctx())
    assert drawing.alt == text
