"""The 'cynefin' diagram kind: when co-production fits, after the Cynefin framework."""

from __future__ import annotations

import itertools

import pytest

from coprod_slides.diagrams import cynefin, describe_data
from coprod_slides.layout.drawing import Group, iter_shapes
from coprod_slides.render.theme import DEFAULT_COLORS

from .diagram_helpers import AREAS, Kind
from .diagram_helpers import check_layout as check_basics

KIND = Kind(cynefin, "when-to-coproduce", keep=("position", "highlight", "excluded", "accent"))
validated, ctx = KIND.validated, KIND.ctx


def domain(name, position, **extra):
    return {"name": name, "position": position, **extra}


CUSTOM = {
    "sparse, other order": {
        "domains": [
            domain("Clear", "bottom-right", practice="Follow the procedure"),
            domain("Complicated", "top-right", verdict="Ask an expert"),
            domain(
                "Complex",
                "top-left",
                practice="Try, learn, adapt",
                verdict="Co-produce",
                highlight=True,
            ),
            domain("Chaos", "bottom-left", verdict="Act now", excluded=True),
        ],
        "centre": "Disorder",
        "credit": None,
        "accent": "accent1",
    },
    "no centre, two highlights": {
        "domains": [
            domain("Complex", "top-left", verdict="Yes", highlight=True),
            domain("Complicated", "top-right", verdict="Sometimes", highlight=True),
            domain("Chaotic", "bottom-left", verdict="No", excluded=True),
            domain("Clear", "bottom-right", verdict="No", excluded=True),
        ],
        "centre": None,
    },
}


def domains_of(drawing):
    return [g for g in drawing.children if isinstance(g, Group) and g.name.startswith("Domain")]


def centre_of(drawing):
    return next(g for g in drawing.children if g.name.startswith("Centre"))


def check_layout(drawing, area, c):
    check_basics(drawing, area, c)
    # domain backgrounds are deliberate containers: their texts sit on them, nothing else does
    backgrounds = []
    for group in domains_of(drawing):
        background, *inside = group.children
        assert "background" in background.name and background.label is None
        assert all(background.rect.contains(s.rect) for s in inside)
        backgrounds.append(background)
    for a, b in itertools.combinations(backgrounds, 2):
        assert not a.rect.overlaps(b.rect), (a.name, b.name)


def test_default_data_validates_to_the_four_domains():
    result = validated()
    by_name = {d["name"]: d for d in result["domains"]}
    assert {n: d["position"] for n, d in by_name.items()} == {
        "Complex": "top-left",
        "Complicated": "top-right",
        "Chaotic": "bottom-left",
        "Clear": "bottom-right",
    }
    assert [n for n, d in by_name.items() if d["highlight"]] == ["Complex"]
    assert [n for n, d in by_name.items() if d["excluded"]] == ["Chaotic"]
    assert "probe – sense – respond" in by_name["Complex"]["practice"]
    assert "wicked problems" in by_name["Complex"]["verdict"]
    assert "act first" in by_name["Chaotic"]["verdict"]
    assert "co-produce later" in by_name["Chaotic"]["verdict"]  # what it is not the time for
    assert "Dashed edge" in result["key"] and "not the time" in result["key"]
    assert result["centre"] == "Confusion"
    assert "Snowden" in result["credit"]
    assert set(describe_data("cynefin")) == {"domains", "centre", "credit", "key", "accent"}


def four(**changes):
    domains = [
        domain("A", "top-left"),
        domain("B", "top-right"),
        domain("C", "bottom-left"),
        domain("D", "bottom-right"),
    ]
    for index, change in changes.items():
        domains[int(index[1:])].update(change)
    return {"domains": domains}


test_bad_data_is_reported_with_its_path = KIND.bad_data_test(
    [
        ({"domains": "Complex"}, "data.domains: expected a list"),
        ({"domains": four()["domains"][:3]}, "data.domains: needs at least 4"),
        ({"domains": [*four()["domains"], domain("E", "top-left")]}, "data.domains: has 5 items"),
        (
            four(d3={"position": "top-left"}),
            "data.domains[3].position: 'top-left' is already taken by domains[0]",
        ),
        (
            four(d1={"position": "top-middle"}),
            "data.domains[1].position: unknown position 'top-middle'",
        ),
        (four(d2={"highlight": "yes"}), "data.domains[2].highlight: expected true or false"),
        (
            four(d0={"verdit": "x"}),
            "data.domains[0]: unknown key 'verdit' (did you mean 'verdict'?)",
        ),
        (four(d0={"name": ""}), "data.domains[0].name: must not be empty"),
        ({"accent": "teal"}, "data.accent: 'teal' is not a theme colour"),
        ({"center": "Confusion"}, "unknown key 'center' (did you mean 'centre'?)"),
    ]
)


test_layout_is_clean = KIND.clean_layout_test(CUSTOM, check_layout)


@pytest.mark.parametrize("case", [None, *CUSTOM])
def test_domains_sit_in_their_places_on_a_2x2_grid(case):
    drawing = cynefin.draw(validated(CUSTOM.get(case)), AREAS[0], ctx())
    groups = domains_of(drawing)
    assert [g.name.split(")")[0] for g in groups] == [
        "Domain (top left",
        "Domain (top right",
        "Domain (bottom left",
        "Domain (bottom right",
    ]
    tl, tr, bl, br = (g.children[0].rect for g in groups)
    assert tl.y == tr.y < bl.y == br.y and tl.x == bl.x < tr.x == br.x
    assert tl.w == tr.w == bl.w == br.w and tl.h == tr.h == bl.h == br.h
    assert tr.x - tl.right == bl.y - tl.bottom  # one gap both ways
    names = {g.name.split(": ", 1)[1]: g.name.split(")")[0][8:] for g in groups}
    if case is None:
        assert names == {
            "Complex": "top left",
            "Complicated": "top right",
            "Chaotic": "bottom left",
            "Clear": "bottom right",
        }
    # the domain names share a size; a domain's texts are centred in its box
    name_shapes = [g.children[1] for g in groups]
    assert len({s.label.size for s in name_shapes}) == 1
    for group in groups:
        background, *texts = group.children
        top, bottom = (
            texts[0].rect.y - background.rect.y,
            background.rect.bottom - texts[-1].rect.bottom,
        )
        assert top > 0 and bottom > 0


def test_highlight_and_excluded_styles():
    drawing = cynefin.draw(validated(), AREAS[0], ctx())
    backgrounds = {g.name.split(": ", 1)[1]: g.children[0] for g in domains_of(drawing)}
    assert backgrounds["Complex"].fill == DEFAULT_COLORS["accent3"]
    assert backgrounds["Complicated"].fill == backgrounds["Clear"].fill == DEFAULT_COLORS["lt2"]
    chaotic = backgrounds["Chaotic"]
    assert chaotic.dash and chaotic.line and chaotic.fill == DEFAULT_COLORS["lt1"]
    assert not any(b.dash for n, b in backgrounds.items() if n != "Chaotic")
    complex_texts = domains_of(drawing)[0].children[1:]
    assert {t.label.color for t in complex_texts} == {DEFAULT_COLORS["lt1"]}  # white on accent


def test_confusion_overlaps_the_four_corners_on_purpose():
    drawing = cynefin.draw(validated(), AREAS[0], ctx())
    centre = centre_of(drawing)
    assert centre.name == "Centre: Confusion"
    (ellipse,) = centre.children
    assert ellipse.geom == "ellipse" and ellipse.label.paras[0].text == "Confusion"
    backgrounds = [g.children[0] for g in domains_of(drawing)]
    assert all(ellipse.rect.overlaps(b.rect) for b in backgrounds)  # deliberate
    assert ellipse.rect.contains(ellipse.text_rect)
    for group in domains_of(drawing):
        for text in group.children[1:]:
            assert not ellipse.rect.overlaps(text.rect), text.name  # texts stay clear of it
    assert drawing.children.index(centre) > max(
        drawing.children.index(g) for g in domains_of(drawing)
    )  # drawn on top


def test_credit_is_small_at_the_bottom():
    drawing = cynefin.draw(validated(), AREAS[0], ctx())
    credit = drawing.children[-1]
    assert credit.name == "Credit" and credit.label.size == 14
    assert credit.rect.bottom == pytest.approx(AREAS[0].bottom)
    assert credit.rect.y > max(g.children[0].rect.bottom for g in domains_of(drawing))
    no_credit = cynefin.draw(validated({"credit": None}), AREAS[0], ctx())
    assert not any(s.name == "Credit" for s in iter_shapes(no_credit.children))


def test_longer_labels_fit_or_warn():
    KIND.assert_longer_labels_fit_or_warn((None, *CUSTOM.values()))


def test_default_labels_40_percent_longer_still_fit():
    KIND.assert_longer_labels_fit(AREAS[:1])  # in 4:3 the key and credit then take two rows


def test_too_long_name_warns_with_the_slide():
    c = ctx()
    cynefin.draw(validated(four(d0={"name": "Complex" * 5})), AREAS[1], c)
    KIND.assert_fit_warning(c)


def test_rtl_keeps_the_frameworks_layout():
    # The domains' places are the framework's convention, not a reading order: not mirrored.
    ltr, rtl = KIND.draw_both_ways(validated())
    assert ltr == rtl
    complex_, complicated = domains_of(rtl)[:2]
    assert complex_.children[0].rect.x < complicated.children[0].rect.x


def test_alt_text_gives_the_message():
    text = cynefin.alt_text(validated())
    assert text.startswith(
        "Four kinds of problem, after the Cynefin framework; co-production fits the Complex one."
    )
    assert "top left, Complex (highlighted). Emergent practice" in text
    assert "Emergencies: act first, co-produce later" in text
    assert "dashed border: Dashed edge" not in text
    assert "The Chaotic domain has a dashed border: not the time to co-produce." in text
    assert "At the centre: Confusion." in text and "Dave Snowden" in text
    assert cynefin.draw(validated(), AREAS[0], ctx()).alt == text
