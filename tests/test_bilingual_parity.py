"""Welsh Language Standards: in a bilingual deck Welsh is never smaller, later, lower, lighter
or in another colour than English — measured on every pair of the built workshop deck, in both
modes — and the standards check reports a deck where it is."""

from __future__ import annotations

import io

import pytest
from lxml import etree
from pptx import Presentation

from coprod_slides.build import BuildOptions, build, builtin_spec
from coprod_slides.i18n.standards import check_bilingual, text_looks

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _runs(shape_element):
    for run in shape_element.iter(f"{A}r"):
        if (run.findtext(f"{A}t") or "").strip():
            yield run.find(f"{A}rPr")


def _look(sp):
    """What a reader sees of one text shape: sizes, bold, colours, typefaces, position."""
    runs = list(_runs(sp))
    fills = set()
    for rpr in runs:
        fill = rpr.find(f"{A}solidFill")
        if fill is not None:
            fills.add(fill[0].get("val"))
    off = sp.find(f".//{A}off")
    return {
        "sizes": sorted(int(r.get("sz")) for r in runs if r.get("sz")),
        "bold": sorted(r.get("b") == "1" for r in runs),
        "colors": fills,
        "fonts": {
            r.find(f"{A}latin").get("typeface") for r in runs if r.find(f"{A}latin") is not None
        },
        "x": int(off.get("x")) if off is not None else 0,
        "y": int(off.get("y")) if off is not None else 0,
        "langs": {r.get("lang") for r in runs},
    }


def _text_shapes(slide):
    P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
    out = []
    for sp in slide._element.iter(f"{P}sp"):
        if list(_runs(sp)):
            name = sp.find(f"{P}nvSpPr/{P}cNvPr").get("name")
            out.append((name, sp))
    return out


@pytest.fixture(scope="module")
def built():
    spec = builtin_spec()
    decks = {}
    for mode in ("side-by-side", "alternate"):
        result = build(spec, BuildOptions(bilingual=("cy", "en"), bilingual_mode=mode))
        decks[mode] = (result, Presentation(io.BytesIO(result.data)))
    return decks


def _assert_not_less(welsh, english, where):
    assert welsh["sizes"] and english["sizes"], where
    assert min(welsh["sizes"]) >= min(english["sizes"]), where
    assert max(welsh["sizes"]) >= max(english["sizes"]), where
    assert welsh["bold"].count(True) >= english["bold"].count(True), where
    assert welsh["colors"] == english["colors"], where
    assert welsh["fonts"] == english["fonts"], where


def test_side_by_side_pairs_share_size_colour_and_welsh_is_left(built):
    result, prs = built["side-by-side"]
    measured = 0
    for index, slide in enumerate(prs.slides):
        shapes = dict(_text_shapes(slide))
        for name, sp in shapes.items():
            if not name.endswith(" (en-GB)"):
                continue
            welsh_sp = shapes[name[: -len(" (en-GB)")]]
            welsh, english = _look(welsh_sp), _look(sp)
            where = f"slide {index + 1} {name}"
            _assert_not_less(welsh, english, where)
            assert welsh["sizes"] == english["sizes"] or len(set(welsh["sizes"])) > 1, where
            assert welsh["x"] < english["x"], where  # Welsh on the left
            assert welsh["langs"] == {"cy-GB"} and english["langs"] == {"en-GB"}, where
            measured += 1
    assert measured >= 8  # titles, bullets, subtitles and closing texts of the paired slides
    assert check_bilingual(prs, result.deck) == []


def test_alternate_twins_share_every_size_and_welsh_comes_first(built):
    for mode in ("alternate", "side-by-side"):  # side-by-side alternates its diagram slides
        result, prs = built[mode]
        ids = [s.id for s in result.deck.slides]
        twins = result.deck.bilingual.twins
        assert twins, mode
        measured = 0
        for english_id, welsh_id in twins.items():
            i, j = ids.index(welsh_id), ids.index(english_id)
            assert j == i + 1, (mode, welsh_id)  # Welsh first, English straight after
            welsh_shapes, english_shapes = _text_shapes(prs.slides[i]), _text_shapes(prs.slides[j])
            assert len(welsh_shapes) == len(english_shapes), welsh_id
            for (name, w), (_, e) in zip(welsh_shapes, english_shapes, strict=True):
                welsh, english = _look(w), _look(e)
                where = f"{mode} {welsh_id} {name}"
                _assert_not_less(welsh, english, where)
                assert welsh["sizes"] == english["sizes"], where  # one size per pair
                measured += 1
        assert measured >= 60, mode  # every diagram label of the six diagrams included
        assert check_bilingual(prs, result.deck) == []


def test_footer_is_each_slides_own_language_or_both(built):
    result, prs = built["alternate"]
    for slide, model in zip(prs.slides, result.deck.slides, strict=True):
        for name, sp in _text_shapes(slide):
            if name.startswith("Footer"):
                runs = [(r.getparent().findtext(f"{A}t"), r.get("lang")) for r in _runs(sp)]
                assert [lang for _, lang in runs] == [model.language], model.id
                english = "Co-production workshop" in runs[0][0]
                assert english == (model.language == "en-GB"), runs
    result, prs = built["side-by-side"]
    footers = [
        [r.get("lang") for r in _runs(sp)]
        for slide in prs.slides
        for name, sp in _text_shapes(slide)
        if name.startswith("Footer")
    ]
    both = [langs for langs in footers if len(langs) == 3]
    assert both and all(langs[0] == "cy-GB" and langs[2] == "en-GB" for langs in both)


def test_standards_check_flags_an_unequal_deck(built):
    result, prs = built["alternate"]
    prs = Presentation(io.BytesIO(result.data))  # a copy to spoil
    ids = [s.id for s in result.deck.slides]
    ladder = prs.slides[ids.index("ladder")]
    rung = next(sp for name, sp in _text_shapes(ladder) if name.startswith("Rung 1"))
    for rpr in _runs(rung):
        rpr.set("sz", str(int(rpr.get("sz")) - 300))  # Welsh 3 pt smaller
    pair = prs.slides[ids.index("intro")]
    title = _text_shapes(pair)[0][1]
    for rpr in _runs(title):
        rpr.set("b", "0")  # Welsh title no longer bold
    found = check_bilingual(prs, result.deck)
    assert any("'ladder'" in f and "Rung 1" in f and "smaller" in f for f in found), found
    assert any("'intro'" in f and "lighter" in f for f in found), found
    side_result, side = built["side-by-side"]
    side = Presentation(io.BytesIO(side_result.data))
    slide = side.slides[[s.id for s in side_result.deck.slides].index("agenda")]
    shapes = dict(_text_shapes(slide))
    english = next(sp for name, sp in shapes.items() if name.endswith("(en-GB)"))
    welsh = shapes[next(n for n in shapes if n.endswith("(en-GB)"))[: -len(" (en-GB)")]]
    w_off, e_off = welsh.find(f".//{A}off"), english.find(f".//{A}off")
    w_x, e_x = w_off.get("x"), e_off.get("x")
    w_off.set("x", e_x)
    e_off.set("x", w_x)  # English moved to the left
    for rpr in _runs(welsh):  # Welsh in grey
        for old in rpr.findall(f"{A}solidFill"):
            rpr.remove(old)
        etree.SubElement(rpr, f"{A}solidFill").append(etree.Element(f"{A}srgbClr", val="999999"))
    found = check_bilingual(side, side_result.deck)
    assert any("'agenda'" in f and "right of" in f for f in found), found
    assert any("'agenda'" in f and "colour" in f for f in found), found


def test_fitting_each_language_alone_is_flagged(monkeypatch):
    """Without one size per pair (each language fitted on its own, as before), Welsh diagram
    labels come out smaller than English, and the build says so."""
    from coprod_slides.render import parity

    monkeypatch.setattr(parity.SlideSizes, "settle", lambda self, what, size: size)
    monkeypatch.setattr(parity.SlideSizes, "settle_drawing", lambda self, drawing: drawing)
    result = build(builtin_spec(), BuildOptions(bilingual=("cy", "en"), bilingual_mode="alternate"))
    standards = [
        str(w) for w in result.diagnostics.warnings if "Welsh Language Standards" in str(w)
    ]
    assert any("around-the-table" in w and "smaller" in w for w in standards), standards
    assert any("ladder" in w and "smaller" in w for w in standards), standards
    prs = Presentation(io.BytesIO(result.data))
    assert text_looks(prs.slides[0])  # the check reads real shapes


def test_variable_defaults_are_translated_and_tagged_welsh():
    result = build(builtin_spec(), BuildOptions(lang="cy"))
    prs = Presentation(io.BytesIO(result.data))
    byline = [s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame][-1]
    assert byline == "Eich enw · Eich sefydliad"
    result = build(builtin_spec(), BuildOptions(lang="cy", cli_vars={"org": "Acme"}))
    prs = Presentation(io.BytesIO(result.data))
    footer = next(s for s in prs.slides[2].shapes if s.name.startswith("Footer"))
    assert footer.text_frame.text == "Acme · Gweithdy cydgynhyrchu"  # --var wins over the default
    assert {r.get("lang") for r in _runs(footer._element)} == {"cy-GB"}
