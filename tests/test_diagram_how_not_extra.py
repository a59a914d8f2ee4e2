"""The 'how-not-extra' diagram kind: co-production runs through the work, not on top."""

from __future__ import annotations

import pytest

from coprod_slides.diagrams import how_not_extra as hne
from coprod_slides.layout.drawing import Group, iter_shapes
from coprod_slides.render.theme import DEFAULT_COLORS

from .diagram_helpers import AREAS, Kind, check_layout, shape_names

KIND = Kind(hne, "how-not-extra", keep=("color",))
validated, ctx = KIND.validated, KIND.ctx

SIX = ["Assessments", "Meetings", "Commissioning", "Reviews", "Planning", "Recruitment"]
CUSTOM = {
    "two blocks": {"not_this": {"blocks": ["Planning", "Reviews"]}},
    "six blocks": {"not_this": {"blocks": SIX}},
    "different counts, no captions": {
        "not_this": {"caption": None},
        "but_this": {"caption": None, "blocks": ["Assessments", "Meetings"]},
    },
    "no words on the band": {"but_this": {"on_each": None}},
}


def panel_parts(drawing, index):
    return list(iter_shapes(drawing.children[index].children))


def by_prefix(shapes, prefix):
    return [s for s in shapes if s.name.startswith(prefix)]


def test_default_data_validates():
    data = validated()
    assert data["not_this"]["blocks"] == ("Assessments", "Meetings", "Commissioning")
    assert data["but_this"]["blocks"] is None  # repeats not_this's blocks
    assert data["not_this"]["extra"] == data["but_this"]["through"] == "Co-production"


test_bad_data_is_reported_with_its_path = KIND.bad_data_test(
    [
        ({"not_this": "stack"}, "data.not_this: expected a mapping"),
        ({"not_this": {"blocks": ["One"]}}, "data.not_this.blocks: needs at least 2"),
        ({"not_this": {"blocks": SIX + ["Seventh"]}}, "data.not_this.blocks: has 7 items"),
        ({"but_this": {"blocks": [1.5, None]}}, "data.but_this.blocks[1]: expected text"),
        ({"but_this": {"trough": "x"}}, "unknown but_this key 'trough' (did you mean 'through'?)"),
        ({"sideways": True}, "unknown how-not-extra key 'sideways'"),
        ({"but_this": {"color": "green"}}, "data.but_this.color: 'green' is not a theme colour"),
    ]
)


test_layout_is_clean = KIND.clean_layout_test(CUSTOM)


@pytest.mark.parametrize("count", [2, 3, 4, 5, 6])
def test_both_stacks_share_one_grid(count):
    blocks = SIX[:count]
    drawing = hne.draw(validated({"not_this": {"blocks": blocks}}), AREAS[0], ctx())
    left = by_prefix(panel_parts(drawing, 0), "Work block")
    right = by_prefix(panel_parts(drawing, 1), "Work block")
    assert [s.name for s in left] == [f"Work block {i + 1}: {b}" for i, b in enumerate(blocks)]
    assert [s.name for s in right] == [f"{s.name} (Co-production)" for s in left]
    assert [round(s.rect.y, 3) for s in left] == [round(s.rect.y, 3) for s in right]
    gaps = {round(b.rect.y - a.rect.bottom, 3) for a, b in zip(left, left[1:], strict=False)}
    assert len(gaps) == 1
    sizes = {s.label.size for s in left + right}
    assert len(sizes) == 1  # the same words at the same size on both sides


def test_not_this_piles_a_dashed_crossed_out_extra_on_top():
    drawing = hne.draw(validated(), AREAS[0], ctx())
    parts = panel_parts(drawing, 0)
    extra = by_prefix(parts, "Extra block")[0]
    blocks = by_prefix(parts, "Work block")
    cross = by_prefix(parts, "Cross")[0]
    assert extra.dash and extra.line == DEFAULT_COLORS["accent6"]
    assert extra.rect.bottom < blocks[0].rect.y  # separate, on top
    assert cross.geom == "mathMultiply" and cross.rect.x >= extra.rect.right
    assert abs(cross.rect.cy - extra.rect.cy) < 0.01


def test_but_this_runs_a_band_through_every_block():
    drawing = hne.draw(validated(), AREAS[0], ctx())
    parts = panel_parts(drawing, 1)
    band = by_prefix(parts, "Band: ")[0]
    blocks = by_prefix(parts, "Work block")
    assert band.fill == DEFAULT_COLORS["accent3"]
    assert band.rect.y < blocks[0].rect.y and band.rect.bottom >= blocks[-1].rect.bottom
    for block in blocks:  # each block meets the band
        assert abs(block.rect.right - band.rect.x) < 0.01
    withs = by_prefix(parts, "Band at block")
    assert len(withs) == len(blocks)
    assert all(band.rect.contains(w.rect) for w in withs)
    caption = by_prefix(parts, "Caption")[0]
    assert "it makes the work better" in caption.name


def test_panels_contain_their_parts():
    drawing = hne.draw(validated(), AREAS[0], ctx())
    for index in (0, 1):
        panel, *rest = panel_parts(drawing, index)
        assert panel.name.startswith("Panel") and panel.label is None
        assert all(panel.rect.contains(s.rect) for s in rest)
    assert not panel_parts(drawing, 0)[0].rect.overlaps(panel_parts(drawing, 1)[0].rect)


def test_longer_labels_fit_or_warn():
    KIND.assert_longer_labels_fit_or_warn()


def test_rtl_swaps_the_panels_and_the_band_side():
    c = ctx(rtl=True)
    drawing = hne.draw(validated(), AREAS[0], c)
    not_this, but_this = panel_parts(drawing, 0)[0], panel_parts(drawing, 1)[0]
    assert not_this.rect.x > but_this.rect.x
    band = by_prefix(panel_parts(drawing, 1), "Band: ")[0]
    block = by_prefix(panel_parts(drawing, 1), "Work block")[0]
    assert band.rect.right <= block.rect.x + 0.01
    assert block.label.align == "r"
    check_layout(drawing, AREAS[0], c)


def test_repeated_names_are_numbered():
    drawing = hne.draw(
        validated({"not_this": {"title": "Same"}, "but_this": {"title": "Same"}}), AREAS[0], ctx()
    )
    names = shape_names(drawing)
    assert "Title: Same" in names and "Title: Same (2)" in names


def test_groups_in_reading_order():
    drawing = hne.draw(validated(), AREAS[0], ctx())
    assert all(isinstance(g, Group) for g in drawing.children)
    assert [g.name for g in drawing.children] == ["Not this: Not this", "But this: But this"]


def test_alt_text_carries_the_message():
    alt = hne.alt_text(validated())
    assert alt.startswith("Co-production is not extra work on top; it runs through the work.")
    assert "Assessments, Meetings, Commissioning" in alt
    assert "it makes the work better" in alt
