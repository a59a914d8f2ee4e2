"""What the diagram kinds' tests share: their data, a context to draw in, and layout checks."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pytest

from coprod_slides.diagrams import DATA_DIR
from coprod_slides.errors import Diagnostics
from coprod_slides.layout.drawing import Connector, DrawContext, Drawing, Rect, Shape, iter_shapes
from coprod_slides.render.theme import DEFAULT_COLORS
from coprod_slides.specvalues.merge import deep_merge
from coprod_slides.specvalues.yamlload import YMap, load_yaml_file

AREAS = [Rect(48, 118, 864, 372), Rect(36, 120, 648, 340)]  # 16:9 and 4:3 content zones


def stretch(value: Any, keep: tuple[str, ...] = ()) -> Any:
    """``value`` with every text 40% longer (as translations run), except under ``keep`` keys."""
    if isinstance(value, str):
        return value + " " + value[: int(len(value) * 0.4)]
    if isinstance(value, dict):
        return {k: v if k in keep else stretch(v, keep) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [stretch(v, keep) for v in value]
    return value


def labelled(drawing: Drawing) -> list[Shape]:
    return [s for s in iter_shapes(drawing.children) if isinstance(s, Shape) and s.label]


def shape_names(drawing: Drawing) -> list[str]:
    return [s.name for s in iter_shapes(drawing.children)]


def check_layout(drawing: Drawing, area: Rect, c: DrawContext, slack: float = 0.0) -> None:
    """Names unique; everything inside ``area`` (connector ends within ``slack``); text rects
    inside their shapes; every label fits at the minimum size or more; no two texts overlap."""
    names = shape_names(drawing)
    assert all(n.strip() for n in names)
    assert len(names) == len(set(names)), [n for n in names if names.count(n) > 1]
    for s in iter_shapes(drawing.children):
        if isinstance(s, Connector):
            for x, y in (s.start, s.end):
                assert area.x - slack <= x <= area.right + slack, s.name
                assert area.y - slack <= y <= area.bottom + slack, s.name
        else:
            assert area.contains(s.rect), s.name
            if s.text_rect:
                assert s.rect.contains(s.text_rect), s.name
    texts = labelled(drawing)
    for s in texts:
        assert s.label.fits, s.name
        assert s.label.size >= c.min_size, s.name
    for a, b in itertools.combinations(texts, 2):
        assert not (a.text_rect or a.rect).overlaps(b.text_rect or b.rect), (a.name, b.name)


def assert_no_warnings(c: DrawContext) -> None:
    assert not c.diagnostics.warnings, [w.message for w in c.diagnostics.warnings]


def assert_fits_or_warns(drawing: Drawing, c: DrawContext) -> None:
    """Labels that do not fit are warned about; none is set below 14 pt."""
    unfit = [s.name for s in labelled(drawing) if not s.label.fits]
    assert not unfit or c.diagnostics.warnings
    assert all(s.label.size >= 14 for s in labelled(drawing))


@dataclass(frozen=True)
class Kind:
    """A diagram kind under test: its module, the slide id its warnings name, its non-text keys."""

    module: ModuleType
    slide_id: str
    keep: tuple[str, ...] = ()  # keys whose values are not text (colours, positions, numbers)

    def default(self) -> YMap:
        return load_yaml_file(DATA_DIR / f"{self.module.NAME}.yaml")

    def validated(self, override: Any = None) -> Any:
        """The default data with ``override`` merged on, validated; fails the test on errors."""
        diag = Diagnostics()
        data = deep_merge(self.default(), override or {})
        result = self.module.DATA.validate(data, "data", None, diag)
        assert not diag.errors, [str(e) for e in diag.errors]
        return result

    def ctx(self, rtl: bool = False) -> DrawContext:
        return DrawContext(colors=dict(DEFAULT_COLORS), rtl=rtl, slide_id=self.slide_id)

    def draw_both_ways(self, data: Any, area: Rect = AREAS[0]) -> tuple[Drawing, Drawing]:
        """``data`` drawn in ``area`` for a left-to-right and for a right-to-left deck."""
        return (
            self.module.draw(data, area, self.ctx()),
            self.module.draw(data, area, self.ctx(rtl=True)),
        )

    def stretched(self, override: Any = None) -> Any:
        """Like :meth:`validated`, with every text of the merged data 40% longer."""
        merged = deep_merge(self.default(), override or {})
        return self.validated(stretch(dict(merged), self.keep))

    def errors(self, bad: Any) -> list[str]:
        """The error messages for the default data with ``bad`` merged on."""
        diag = Diagnostics()
        result = self.module.DATA.validate(deep_merge(self.default(), bad), "data", None, diag)
        assert result is not None  # None would read as "left out", not as invalid
        return [e.message for e in diag.errors]

    def assert_reported(self, bad: Any, where: str) -> None:
        messages = self.errors(bad)
        assert any(where in m for m in messages), messages

    def assert_fit_warning(self, c: DrawContext, *words: str) -> None:
        """A warning says something 'does not fit' and names the slide and each of ``words``."""
        messages = [w.message for w in c.diagnostics.warnings]
        assert any(
            "does not fit" in m and self.slide_id in m and all(w in m for w in words)
            for m in messages
        ), messages

    def assert_clean(
        self, override: Any, area: Rect, check: Callable[..., None] = check_layout, **kw: Any
    ) -> Drawing:
        """Drawn in ``area``, the data passes ``check`` and no label needs a warning."""
        c = self.ctx()
        drawing = self.module.draw(self.validated(override), area, c)
        check(drawing, area, c, **kw)
        assert_no_warnings(c)
        return drawing

    def assert_longer_labels_fit_or_warn(self, overrides: tuple[Any, ...] = (None,)) -> None:
        """With texts 40% longer, in both areas: labels that do not fit come with a warning."""
        for area in AREAS:
            for override in overrides:
                c = self.ctx()
                assert_fits_or_warns(self.module.draw(self.stretched(override), area, c), c)

    def assert_longer_labels_fit(self, areas: list[Rect]) -> None:
        """The default data with texts 40% longer still fits, with no warning, in ``areas``."""
        for area in areas:
            c = self.ctx()
            drawing = self.module.draw(self.stretched(), area, c)
            assert all(s.label.fits for s in labelled(drawing))
            assert not c.diagnostics.warnings

    # Tests every kind runs on its own cases: assign them to a ``test_…`` name in the module.

    def bad_data_test(self, cases: list[tuple[Any, str]]) -> Callable[..., None]:
        """A test that each (bad, where) case is reported with an error containing ``where``."""

        @pytest.mark.parametrize("bad, where", cases)
        def test(bad: Any, where: str) -> None:
            self.assert_reported(bad, where)

        return test

    def clean_layout_test(
        self, custom: dict[str, Any], check: Callable[..., None] = check_layout
    ) -> Callable[..., None]:
        """A test that the default data and each ``custom`` case draw cleanly in both areas."""

        @pytest.mark.parametrize("area", AREAS)
        @pytest.mark.parametrize("case", [None, *custom])
        def test(case: str | None, area: Rect) -> None:
            self.assert_clean(custom.get(case), area, check)

        return test
