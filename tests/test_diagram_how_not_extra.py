"""The 'how-not-extra' diagram kind: co-production runs through the work, not on top."""

from __future__ import annotations

import itertools

import pytest

from coprod_slides.diagrams import DATA_DIR
from coprod_slides.diagrams import how_not_extra as hne
from coprod_slides.errors import Diagnostics
from coprod_slides.layout.drawing import DrawContext, Group, Rect, Shape, iter_shapes
from coprod_slides.render.theme import DEFAULT_COLORS
from coprod_slides.spec.merge import deep_merge
from coprod_slides.spec.yamlload import load_yaml_file

AREAS = [Rect(48, 118, 864, 372), Rect(36, 120, 648, 340)]  # 16:9 and 4:3 content zones


def default():
    return load_yaml_file(DATA_DIR / "how-not-extra.yaml")


def validated(override=None):
    diag = Diagnostics()
    result = hne.DATA.validate(deep_merge(default(), override or {}), "data", None, diag)
    assert not diag.errors, [str(e) for e in diag.errors]
    return result


def ctx(rtl=False):
    return DrawContext(colors=dict(DEFAULT_COLORS), rtl=rtl, slide_id="how-not-extra")


def stretch(value):
    if isinstance(value, str):
        return value + " " + value[: int(len(value) * 0.4)]
    if isinstance(value, dict):
        return {k: v if k == "color" else stretch(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [stretch(v) for v in value]
    return value


SIX = ["Assessments", "Meetings", "Commissioning", "Reviews", "Planning", "Recruitment"]
CUSTOM = {
    "two blocks": {"not_this": {"blocks": ["Planning", "Reviews"]}},
    "six blocks": {"not_this": {"blocks": SIX}},
    "different counts, no captions": {"not_this": {"caption": None},
                                      "but_this": {"caption": None,
                                                   "blocks": ["Assessments", "Meetings"]}},
    "no words on the band": {"but_this": {"on_each": None}},
}


def labelled(drawing):
    return [s for s in iter_shapes(drawing.children) if isinstance(s, Shape) and s.label]


def check_layout(drawing, area, c):
    shapes = list(iter_shapes(drawing.children))
    names = [s.name for s in shapes]
    assert all(n.strip() for n in names)
    assert len(names) == len(set(names)), [n for n in names if names.count(n) > 1]
    for s in shapes:
        assert area.contains(s.rect), s.name
    texts = labelled(drawing)
    for s in texts:
        assert s.label.fits, s.name
        assert s.label.size >= c.min_size, s.name
    for a, b in itertools.combinations(texts, 2):
        assert not (a.text_rect or a.rect).overlaps(b.text_rect or b.rect), (a.name, b.name)


def panel_parts(drawing, index):
    return list(iter_shapes(drawing.children[index].children))


def by_prefix(shapes, prefix):
    return [s for s in shapes if s.name.startswith(prefix)]


def test_default_data_validates():
    data = validated()
    assert data["not_this"]["blocks"] == ("Assessments", "Meetings", "Commissioning")
    assert data["but_this"]["blocks"] is None  # repeats not_this's blocks
    assert data["not_this"]["extra"] == data["but_this"]["through"] == "Co-production"


@pytest.mark.parametrize("bad, where", [
    ({"not_this": "stack"}, "data.not_this: expected a mapping"),
    ({"not_this": {"blocks": ["One"]}}, "data.not_this.blocks: needs at least 2"),
    ({"not_this": {"blocks": SIX + ["Seventh"]}}, "data.not_this.blocks: has 7 items"),
    ({"but_this": {"blocks": [1.5, None]}}, "data.but_this.blocks[1]: expected text"),
    ({"but_this": {"trough": "x"}}, "unknown but_this key 'trough' (did you mean 'through'?)"),
    ({"sideways": True}, "unknown how-not-extra key 'sideways'"),
    ({"but_this": {"color": "green"}}, "data.but_this.color: 'green' is not a theme colour"),
])
def test_bad_data_is_reported_with_its_path(bad, where):
    diag = Diagnostics()
    hne.DATA.validate(deep_merge(default(), bad), "data", None, diag)
    assert any(where in e.message for e in diag.errors), [e.message for e in diag.errors]


@pytest.mark.parametrize("area", AREAS)
@pytest.mark.parametrize("case", [None, *CUSTOM])
def test_layout_is_clean(case, area):
    c = ctx()
    drawing = hne.draw(validated(CUSTOM.get(case)), area, c)
    check_layout(drawing, area, c)
    assert not c.diagnostics.warnings, [w.message for w in c.diagnostics.warnings]


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
    for area in AREAS:
        c = ctx()
        drawing = hne.draw(validated(stretch(dict(default()))), area, c)
        unfit = [s.name for s in labelled(drawing) if not s.label.fits]
        assert not unfit or c.diagnostics.warnings
        assert all(s.label.size >= 14 for s in labelled(drawing))


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
    drawing = hne.draw(validated({"not_this": {"title": "Same"}, "but_this": {"title": "Same"}}),
                       AREAS[0], ctx())
    names = [s.name for s in iter_shapes(drawing.children)]
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
