"""The 'outputs-outcomes' diagram kind: the logic chain and the cake example."""

from __future__ import annotations

import pytest

from coprod_slides.diagrams import outputs_outcomes as oo
from coprod_slides.layout.drawing import Group, Shape, iter_shapes
from coprod_slides.render.theme import DEFAULT_COLORS

from .diagram_helpers import AREAS, Kind, check_layout

KIND = Kind(oo, "outputs-outcomes", keep=("color", "highlight"))
validated, ctx = KIND.validated, KIND.ctx


def step(label, question, highlight=None):
    return {"label": label, "question": question, "highlight": highlight}


CUSTOM = {
    "two steps": {
        "steps": [step("Outputs", "How many?", "accent1"), step("Outcomes", "So what?", "accent2")]
    },
    "six steps": {
        "steps": [
            step("Needs", "What matters?"),
            step("Inputs", "What we put in"),
            step("Activities", "What we do"),
            step("Outputs", "How many?", "accent1"),
            step("Outcomes", "So what?", "accent2"),
            step("Impact", "What changes for good?"),
        ]
    },
    "no example": {"example": None},
    "no example, no callout": {"example": None, "callout": None},
    "no callout": {"callout": None, "example": {"title": None, "person": None}},
}


def chevrons(drawing):
    chain = drawing.children[0]
    return [g.children[0] for g in chain.children]


def test_default_data_validates():
    data = validated()
    assert [s["label"] for s in data["steps"]] == ["Inputs", "Activities", "Outputs", "Outcomes"]
    assert "cake" in data["example"]["output"] and data["callout"]


test_bad_data_is_reported_with_its_path = KIND.bad_data_test(
    [
        ({"steps": "Inputs"}, "data.steps: expected a list"),
        ({"steps": [step("Only", "one")]}, "data.steps: needs at least 2"),
        ({"steps": [step(str(i), "q") for i in range(7)]}, "data.steps: has 7 items"),
        (
            {"steps": [{"label": "A", "questoin": "x"}, step("B", "y")]},
            "unknown step key 'questoin' (did you mean 'question'?)",
        ),
        (
            {"steps": [step("A", "x", "bright"), step("B", "y")]},
            "data.steps[0].highlight: 'bright' is not a theme colour",
        ),
        ({"example": {"outcome": 3.5, "cake": "yes"}}, "unknown example key 'cake'"),
        ({"example": "cake"}, "data.example: expected a mapping"),
        ({"callout": ["ask"]}, "data.callout: expected text"),
    ]
)


test_layout_is_clean = KIND.clean_layout_test(CUSTOM)


@pytest.mark.parametrize("count", [2, 3, 4, 5, 6])
def test_chain_is_an_even_row_of_nesting_chevrons(count):
    data = validated({"steps": [step(f"Step {i}", f"Question {i}") for i in range(count)]})
    shapes = chevrons(oo.draw(data, AREAS[0], ctx()))
    assert [s.geom for s in shapes] == ["homePlate"] + ["chevron"] * (count - 1)
    assert len({round(s.rect.w, 3) for s in shapes}) == 1
    assert len({round(s.rect.y, 3) for s in shapes}) == 1
    pitches = {round(b.rect.x - a.rect.x, 3) for a, b in zip(shapes, shapes[1:], strict=False)}
    assert len(pitches) == 1
    assert shapes[0].rect.x == AREAS[0].x and abs(shapes[-1].rect.right - AREAS[0].right) < 0.01
    for s in shapes:  # text stays off the chevron's point and notch
        depth = s.rect.h * oo.CHEVRON_DEPTH
        assert s.text_rect.right <= s.rect.right - depth + 0.01
        if s.geom == "chevron":
            assert s.text_rect.x >= s.rect.x + depth - 0.01


def test_outputs_and_outcomes_stand_out_in_contrasting_colours():
    drawing = oo.draw(validated(), AREAS[0], ctx())
    fills = [s.fill for s in chevrons(drawing)]
    assert fills[2] == DEFAULT_COLORS["accent1"] and fills[3] == DEFAULT_COLORS["accent2"]
    assert fills[0] == fills[1] and fills[0] not in (fills[2], fills[3])
    example = next(g for g in drawing.children if g.name.startswith("Example"))
    boxes = [e for e in example.children if isinstance(e, Shape) and e.line]
    assert [b.line for b in boxes] == [DEFAULT_COLORS["accent1"], DEFAULT_COLORS["accent2"]]


def test_example_row_reads_output_person_outcome_then_callout():
    drawing = oo.draw(validated(), AREAS[0], ctx())
    example, callout = drawing.children[1], drawing.children[2]
    names = [s.name for s in iter_shapes(example.children)]
    assert names == [
        "Example heading",
        "Example output: A perfect triple chocolate cake",
        "For whom: for someone who can't eat gluten or dairy",
        "Arrow: output to outcome",
        "Example outcome: A bad outcome",
    ]
    xs = [s.rect.x for s in iter_shapes(example.children) if isinstance(s, Shape)]
    assert xs[1] < xs[2] < xs[3]
    assert callout.name == "Callout: Ask the person what a good outcome is"
    assert callout.geom == "wedgeRoundRectCallout" and callout.adjust[0] < -0.5
    outcome = list(iter_shapes(example.children))[-1]
    assert callout.rect.x > outcome.rect.right
    chain_bottom = max(s.rect.bottom for s in iter_shapes(drawing.children[0].children))
    assert all(
        s.rect.y > chain_bottom for s in iter_shapes(example.children) if isinstance(s, Shape)
    )


def test_longer_labels_fit_or_warn():
    KIND.assert_longer_labels_fit_or_warn()


def test_rtl_mirrors_the_flow():
    data = validated()
    c = ctx(rtl=True)
    drawing = oo.draw(data, AREAS[0], c)
    shapes = chevrons(drawing)
    assert shapes[0].rect.x > shapes[-1].rect.x
    assert all(s.flip_h for s in shapes)
    callout = drawing.children[2]
    assert callout.adjust[0] > 0.5  # its tail still points at the outcome
    example = list(iter_shapes(drawing.children[1].children))
    assert callout.rect.right < example[-1].rect.x
    check_layout(drawing, AREAS[0], c)


def test_groups_are_named_by_meaning():
    drawing = oo.draw(validated(), AREAS[0], ctx())
    chain = drawing.children[0]
    assert isinstance(chain, Group)
    assert chain.name == "Chain: Inputs to Activities to Outputs to Outcomes"
    assert [g.name for g in chain.children][2] == "Step 3: Outputs"
    assert chain.children[2].children[1].name == "Step 3: Outputs (question)"


def test_alt_text_carries_the_message():
    alt = oo.alt_text(validated())
    assert alt.startswith("Outputs are not outcomes.")
    assert "How many?" in alt and "So what?" in alt
    assert "triple chocolate cake" in alt and "A bad outcome" in alt
    assert "Ask the person what a good outcome is" in alt
