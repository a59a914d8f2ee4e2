"""Fonts (bundled metric-compatible TTFs, cmap coverage) and the text-fitting engine."""

from __future__ import annotations

import pytest

from coprod_slides.layout import fonts
from coprod_slides.layout.fit import (
    Box,
    FitResult,
    Insets,
    Para,
    Run,
    fit_text,
    layout_height,
    para_size_pt,
    para_width,
    parse_inline,
    plain,
    wrap,
)
from coprod_slides.layout.fonts import (
    DEFAULT_FAMILY,
    FONT_FILES,
    FONTS_DIR,
    font_file,
    is_known_family,
    line_height_pt,
    measuring_family,
    missing_glyphs,
    register_font,
    text_width_pt,
)

SENTENCE = "Co-production means sharing power with the people who use services"

# --- fonts -------------------------------------------------------------------------------------


def test_every_family_and_style_has_a_bundled_file():
    assert {"arial", "liberation sans", "helvetica", "calibri", "carlito"} <= set(FONT_FILES)
    for family in FONT_FILES:
        for bold in (False, True):
            for italic in (False, True):
                assert font_file(family, bold, italic).is_file()
    assert font_file("Arial").name == "LiberationSans-Regular.ttf"
    assert font_file("Arial", bold=True, italic=True).name == "LiberationSans-BoldItalic.ttf"
    assert font_file("Calibri", italic=True).name == "Carlito-Italic.ttf"
    assert font_file("Helvetica").parent == FONTS_DIR
    assert is_known_family(DEFAULT_FAMILY)


def test_hello_width_matches_arial_metrics():
    # Arial advance widths (per 1000 em): H 722, e 556, l 222, o 556 -> 2278;
    # Arial Bold: H 722, e 556, l 278, o 611 -> 2445.
    regular = text_width_pt("Hello", 100, "Arial")
    bold = text_width_pt("Hello", 100, "Arial", bold=True)
    assert regular == pytest.approx(227.8, abs=0.3)
    assert bold == pytest.approx(244.5, abs=0.3)
    assert bold > regular
    assert text_width_pt("Hello", 100, "Arial", italic=True) == pytest.approx(regular, abs=0.5)


def test_calibri_is_measured_with_carlito():
    # Calibri: H 623, e 498, l 229, o 527 -> 2106 per 1000 em
    assert text_width_pt("Hello", 100, "Calibri") == pytest.approx(210.6, abs=0.5)
    assert text_width_pt("Hello", 100, "Calibri") < text_width_pt("Hello", 100, "Arial")


def test_widths_scale_linearly_and_take_the_widest_line():
    assert text_width_pt(SENTENCE, 50, "Arial") == pytest.approx(
        text_width_pt(SENTENCE, 100, "Arial") / 2
    )
    assert text_width_pt("", 20, "Arial") == 0
    assert text_width_pt("Hi\nHello", 100, "Arial") == pytest.approx(
        text_width_pt("Hello", 100, "Arial")
    )


def test_line_height_is_at_least_1_2_em():
    assert line_height_pt(20, "Arial") == pytest.approx(24.0)
    assert line_height_pt(10, "Calibri") >= 12.0
    assert line_height_pt(40, "Arial") == pytest.approx(2 * line_height_pt(20, "Arial"))


def test_family_names_are_normalised_and_unknown_ones_fall_back():
    assert measuring_family("  CALIBRI ") == "calibri"
    assert measuring_family("Liberation  Sans") == "liberation sans"
    assert is_known_family("Helvetica")
    assert not is_known_family("Comic Sans MS")
    assert measuring_family("Comic Sans MS") == "arial"
    assert font_file("Comic Sans MS") == font_file("Arial")
    assert text_width_pt("Hello", 100, "Comic Sans MS") == text_width_pt("Hello", 100, "Arial")


def test_missing_glyphs_finds_arabic_but_not_welsh():
    assert missing_glyphs("Arial", "Cydgynhyrchu ŵ ŷ Ŵ Ŷ â ê î ô û ẁ ẃ ẅ ỳ") == set()
    assert missing_glyphs("Calibri", "Cyd-gynhyrchu: ŵ ŷ") == set()
    arabic = "الإنتاج المشترك"
    missing = missing_glyphs("Arial", arabic)
    assert missing == {ch for ch in arabic if not ch.isspace()}
    assert missing_glyphs("Arial", "Hello مرحبا") == set("مرحبا")


def test_missing_glyphs_ignores_whitespace_and_control_characters():
    assert missing_glyphs("Arial", "a\tb\nc\u200d\u00a0 ") == set()
    assert missing_glyphs("Arial", "") == set()


def test_cmap_coverage_is_read_from_the_font():
    covered = fonts.codepoints(str(font_file("Arial")))
    assert set(map(ord, "AZaz09ŵŷ€–—“”")) <= covered
    assert ord("م") not in covered
    assert ord("中") not in covered
    assert len(covered) > 1000


@pytest.fixture
def registered():
    names: list[str] = []

    def _register(family: str, *args, **kwargs) -> None:
        names.append(family.lower())
        register_font(family, *args, **kwargs)

    yield _register
    for name in names:
        FONT_FILES.pop(name, None)
    fonts._PATHS.clear()


def test_register_font_adds_a_family_with_style_fallbacks(registered):
    regular = FONTS_DIR / "Carlito-Regular.ttf"
    bold = FONTS_DIR / "Carlito-Bold.ttf"
    assert not is_known_family("Test Sans")
    measured_before = text_width_pt("Hello", 100, "Test Sans")
    registered("Test Sans", regular, bold=bold)
    assert is_known_family("test sans")
    assert font_file("Test Sans") == regular.resolve()
    assert font_file("Test Sans", bold=True) == bold.resolve()
    assert font_file("Test Sans", italic=True) == regular.resolve()  # missing: regular
    assert font_file("Test Sans", bold=True, italic=True) == bold.resolve()
    assert text_width_pt("Hello", 100, "Test Sans") == text_width_pt("Hello", 100, "Calibri")
    assert text_width_pt("Hello", 100, "Test Sans") != measured_before


def test_register_font_rejects_a_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        register_font("Nowhere Sans", tmp_path / "missing.ttf")
    assert not is_known_family("Nowhere Sans")


# --- inline markup -----------------------------------------------------------------------------


def test_parse_inline_bold_and_italic_runs():
    para = parse_inline("Make **services** fit *real* lives")
    assert para.runs == (
        Run("Make "),
        Run("services", bold=True),
        Run(" fit "),
        Run("real", italic=True),
        Run(" lives"),
    )


def test_parse_inline_nesting_and_triple_markers():
    assert parse_inline("a **b *c* d** e").runs == (
        Run("a "),
        Run("b ", bold=True),
        Run("c", bold=True, italic=True),
        Run(" d", bold=True),
        Run(" e"),
    )
    assert parse_inline("***both***").runs == (Run("both", bold=True, italic=True),)
    assert parse_inline("**bold *both***").runs == (
        Run("bold ", bold=True),
        Run("both", bold=True, italic=True),
    )


def test_parse_inline_escapes_and_unclosed_markers_are_literal():
    assert parse_inline(r"\*not italic\* and a \\ backslash").runs == (
        Run("*not italic* and a \\ backslash"),
    )
    assert parse_inline("**unclosed bold").runs == (Run("**unclosed bold"),)
    assert parse_inline("an *unclosed italic").runs == (Run("an *unclosed italic"),)
    assert parse_inline("5 * 3 * 2").runs == (Run("5 * 3 * 2"),)  # spaced stars: arithmetic
    assert parse_inline("a ****b**** c").runs == (Run("a ****b**** c"),)
    assert parse_inline("***a*").runs == (Run("**"), Run("a", italic=True))


def test_parse_inline_keeps_paragraph_options():
    para = parse_inline("", level=2, bullet=True, scale=0.9)
    assert para.runs == (Run(""),)
    assert (para.level, para.bullet, para.scale) == (2, True, 0.9)
    assert plain("**x**").runs == (Run("**x**"),)
    assert parse_inline("x *y*").text == "x y"


# --- wrapping ----------------------------------------------------------------------------------


def test_wrap_is_greedy_by_measured_width():
    para = plain(SENTENCE)
    width = text_width_pt(SENTENCE, 20, "Arial")
    assert wrap(para, width + 0.01, 20, "Arial") == ([SENTENCE], True)
    lines, ok = wrap(para, width / 2 + 20, 20, "Arial")
    assert ok and len(lines) == 2 and " ".join(lines) == SENTENCE
    for line in lines:
        assert text_width_pt(line, 20, "Arial") <= width / 2 + 20


def test_wrap_honours_explicit_newlines_and_keeps_empty_paragraphs():
    para = Para((Run("first line\nsecond"), Run(" line", bold=True)))
    assert wrap(para, 1000, 12, "Arial") == (["first line", "second line"], True)
    assert wrap(plain(""), 100, 12, "Arial") == ([""], True)
    assert wrap(plain("end\n"), 100, 12, "Arial") == (["end", ""], True)


def test_wrap_measures_bold_runs_in_bold():
    text = "Shared power and shared decisions"
    regular = text_width_pt(text, 20, "Arial")
    bold = text_width_pt(text, 20, "Arial", bold=True)
    width = (regular + bold) / 2
    assert len(wrap(plain(text), width, 20, "Arial")[0]) == 1
    assert len(wrap(Para((Run(text, bold=True),)), width, 20, "Arial")[0]) == 2
    mixed = parse_inline("Shared power and **shared decisions**")
    assert len(wrap(mixed, regular + 0.5, 20, "Arial")[0]) == 2


def test_wrap_reports_a_word_wider_than_the_line():
    lines, ok = wrap(plain("a Llanfairpwllgwyngyll b"), 60, 20, "Arial")
    assert not ok
    assert "Llanfairpwllgwyngyll" in lines  # placed alone, never split into letters


def test_wrap_breaks_after_hyphens_like_powerpoint():
    word_width = text_width_pt("co-production", 20, "Arial")
    tail = text_width_pt("production", 20, "Arial")
    lines, ok = wrap(plain("co-production"), (word_width + tail) / 2, 20, "Arial")
    assert ok and lines == ["co-", "production"]
    assert wrap(plain("co-production"), word_width + 1, 20, "Arial")[0] == ["co-production"]
    assert wrap(plain("-5 degrees"), text_width_pt("-5", 20, "Arial") + 1, 20, "Arial")[0] == [
        "-5",
        "degrees",
    ]


def test_wrap_breaks_between_cjk_characters():
    lines, ok = wrap(plain("共同生产服务"), 60, 20, "Arial")
    assert ok and len(lines) > 1 and "".join(lines) == "共同生产服务"


def test_wrap_uses_the_paragraph_scale():
    assert para_size_pt(20, 1.3) == 26
    assert para_size_pt(21, 0.9) == 19
    text = "Bigger heading words here"
    width = text_width_pt(text, 20, "Arial") + 1
    assert len(wrap(parse_inline(text), width, 20, "Arial")[0]) == 1
    assert len(wrap(parse_inline(text, scale=1.3), width, 20, "Arial")[0]) == 2


def test_level_indentation_reduces_width():
    base = para_width(plain("x"), 400, indent_pt=27)
    assert base == 400
    assert para_width(parse_inline("x", level=2), 400, indent_pt=27) == 400 - 54
    bullet = para_width(parse_inline("x", bullet=True), 400, indent_pt=27)
    assert bullet == pytest.approx(400 - 16.2)
    assert para_width(plain("x"), 400, safety=0.06) == pytest.approx(376)
    text = " ".join([SENTENCE] * 2)
    width = text_width_pt(text, 18, "Arial") / 3 + 30
    flat = layout_height([parse_inline(text)], width, 18, "Arial")
    deep = layout_height([parse_inline(text, level=3, bullet=True)], width, 18, "Arial")
    assert len(deep[1][0]) > len(flat[1][0])
    assert deep[0] > flat[0]
    box = Box(width + 14.4, 150)
    flat_fit = fit_text([parse_inline(text)], box, "Arial", 28, 10)
    deep_fit = fit_text([parse_inline(text, level=3, bullet=True)], box, "Arial", 28, 10)
    assert deep_fit.size_pt < flat_fit.size_pt


def test_layout_height_counts_lines_spacing_and_space_before():
    paras = [plain("one"), Para((Run("two"),), space_before=0.5)]
    height, lines, ok = layout_height(paras, 400, 20, "Arial")
    assert ok and lines == (("one",), ("two",))
    assert height == pytest.approx(2 * 24 + 0.5 * 20)
    first_only = layout_height([Para((Run("x"),), space_before=2)], 400, 20, "Arial")[0]
    assert first_only == pytest.approx(24)  # no space before the first paragraph
    double = layout_height([plain("one"), plain("two")], 400, 20, "Arial", line_spacing=1.5)[0]
    assert double == pytest.approx(2 * 24 * 1.5)


# --- fitting -----------------------------------------------------------------------------------


def bullets(n: int, words: str = "Services fit people's real lives better when they help design"):
    return [parse_inline(f"{words} ({i + 1})", bullet=True) for i in range(n)]


def test_short_text_fits_at_the_maximum():
    result = fit_text([plain("Hello")], Box(400, 100), "Arial", max_pt=28, min_pt=12)
    assert result == FitResult(28, True, (("Hello",),), pytest.approx(28 * 1.2 + 7.2), "")


def test_empty_text_fits_at_the_maximum():
    for paras in ([], [plain("")], [plain("   "), plain("")]):
        result = fit_text(paras, Box(10, 5), "Arial", max_pt=40, min_pt=10)
        assert result.fits and result.size_pt == 40 and result.reason == ""


def test_longer_text_gets_a_smaller_size():
    box = Box(600, 300)
    sizes = [fit_text(bullets(n), box, "Arial", 32, 10).size_pt for n in (2, 4, 6, 8)]
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[0] > sizes[-1]
    base = "Working together with people who use services improves outcomes for everyone"
    longer = base + " and builds trust between staff"
    assert len(longer) >= 1.4 * len(base)
    small = Box(300, 120)
    for family in ("Arial", "Calibri"):
        assert (
            fit_text([plain(longer)], small, family, 40, 8).size_pt
            <= fit_text([plain(base)], small, family, 40, 8).size_pt
        )


def test_chosen_size_is_the_largest_that_fits():
    paras = bullets(6)
    box = Box(560, 330)
    insets = Insets()
    result = fit_text(paras, box, "Arial", 36, 10)
    assert result.fits and 10 < result.size_pt < 36
    assert result.size_pt * 2 == int(result.size_pt * 2)  # a multiple of 0.5 pt
    inner = box.width - insets.left - insets.right
    avail = box.height - insets.top - insets.bottom

    def fits(size: float) -> bool:
        height, _, ok = layout_height(paras, inner, size, "Arial", safety=0.06)
        return ok and height <= avail

    assert fits(result.size_pt)
    assert not fits(result.size_pt + 0.5)
    height, lines, _ = layout_height(paras, inner, result.size_pt, "Arial", safety=0.06)
    assert result.lines == lines
    assert result.height_pt == pytest.approx(height + insets.top + insets.bottom)
    assert result.height_pt <= box.height


def test_a_word_too_wide_fails_with_a_reason_naming_it():
    # wide enough at 14 pt for "Cyd-" / "gynhyrchu" (a hyphen break), not for "gwasanaethau"
    line = text_width_pt("gynhyrchu", 14, "Arial") + text_width_pt("gwasanaethau", 14, "Arial")
    box = Box(line / 2 / 0.94 + 14.4, 300)
    result = fit_text([plain("Cyd-gynhyrchu gwasanaethau")], box, "Arial", 28, 14)
    assert not result.fits
    assert result.size_pt == 14
    assert result.reason == "word 'gwasanaethau' is wider than the box at 14 pt"
    hyphenated = fit_text([plain("Cyd-gynhyrchu")], Box(60, 300), "Arial", 28, 14)
    assert hyphenated.reason == "word 'Cyd-gynhyrchu' is wider than the box at 14 pt"


def test_height_overflow_fails_with_a_reason_giving_the_heights():
    result = fit_text(bullets(12), Box(400, 180), "Arial", 28, 14)
    assert not result.fits
    assert result.size_pt == 14
    assert result.height_pt > 180
    assert result.reason.startswith("needs ") and result.reason.endswith(", box has 180 pt")
    assert f"needs {result.height_pt:.1f}".rstrip("0").rstrip(".") in result.reason


def test_safety_margin_shrinks_the_usable_width():
    text = "Services fit people's real lives"
    width = text_width_pt(text, 20, "Arial") + 14.4 + 0.5
    box = Box(width, 40)
    assert fit_text([plain(text)], box, "Arial", 20, 8, safety=0).size_pt == 20
    assert fit_text([plain(text)], box, "Arial", 20, 8).size_pt < 20


def test_sizes_snap_to_the_step_grid_and_min_above_max_is_clamped():
    result = fit_text([plain("Hi")], Box(400, 100), "Arial", max_pt=27.3, min_pt=10)
    assert result.size_pt == 27
    result = fit_text([plain("Hi")], Box(400, 100), "Arial", max_pt=20, min_pt=30)
    assert result.size_pt == 20
    with pytest.raises(ValueError):
        fit_text([plain("Hi")], Box(400, 100), "Arial", max_pt=20, min_pt=10, step=0)
