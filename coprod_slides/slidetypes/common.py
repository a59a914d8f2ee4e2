"""Pieces several slide types share: bullet lists, columns, optional text boxes."""

from __future__ import annotations

import math
import re
from typing import Any

from ..errors import Diagnostics, Loc
from ..layout.fit import Para, Run, parse_inline
from ..model import Bullet, Column
from ..specvalues.fields import INVALID, Field, Mapping_, Str, join_path, type_name
from ..specvalues.textvalues import loc_of
from ..specvalues.yamlload import Text, YList
from .base import Canvas, Partner, TextLimits

MAX_BULLET_DEPTH = 4
MAX_BULLET_CHARS = 5_000  # far more than fits a slide (a fit warning says so before this)


class BulletsField(Field):
    """A list of bullet texts; a nested list holds the sub-bullets of the item before it."""

    expected = "a list of bullet texts (a nested list for sub-bullets)"

    def validate(self, value: Any, path: str, loc: Loc | None, diag: Diagnostics) -> Any:
        if not isinstance(value, list):
            return self.wrong_type(value, path, loc, diag)
        out: list[Bullet] = []
        ok = self._walk(value, path, loc, 0, out, diag)
        return tuple(out) if ok else INVALID

    def _walk(
        self,
        items: list[Any],
        path: str,
        loc: Loc | None,
        level: int,
        out: list[Bullet],
        diag: Diagnostics,
    ) -> bool:
        ok = True
        for index, item in enumerate(items):
            item_path = join_path(path, index)
            item_loc = items.loc_of(index) if isinstance(items, YList) else loc
            if isinstance(item, list):
                if level + 1 >= MAX_BULLET_DEPTH:
                    diag.error(
                        item_loc,
                        f"{item_path}: bullets nest at most {MAX_BULLET_DEPTH} levels deep",
                    )
                    ok = False
                elif index == 0:
                    diag.error(
                        item_loc, f"{item_path}: a sub-list must follow the bullet it belongs to"
                    )
                    ok = False
                else:
                    ok = self._walk(item, item_path, item_loc, level + 1, out, diag) and ok
            elif isinstance(item, dict) and set(item) == {"text", "key"}:
                ok = self._keyed(item, item_path, item_loc, level, out, diag) and ok
            elif (
                isinstance(item, (str, int, float))
                and not isinstance(item, bool)
                and (not isinstance(item, float) or math.isfinite(item))
            ):
                text = item if isinstance(item, Text) else Text(str(item), item_loc)
                if not text.strip():
                    diag.error(item_loc, f"{item_path}: empty bullet; remove it or add text")
                    ok = False
                elif len(text) > MAX_BULLET_CHARS:
                    diag.error(
                        item_loc,
                        f"{item_path}: text is {len(text):,} characters; the "
                        f"limit is {MAX_BULLET_CHARS:,}",
                    )
                    ok = False
                out.append(Bullet(text, level))
            else:
                diag.error(
                    item_loc,
                    f"{item_path}: expected bullet text or a list of "
                    f"sub-bullets, got {type_name(item)}",
                )
                ok = False
        return ok

    @staticmethod
    def _keyed(
        item: dict[str, Any],
        path: str,
        loc: Loc | None,
        level: int,
        out: list[Bullet],
        diag: Diagnostics,
    ) -> bool:
        """``{text: ..., key: ...}``: a bullet with an explicit translation key (msgctxt)."""
        key, value = str(item["key"]), item["text"]
        if not re.fullmatch(r"[A-Za-z0-9_.-]+", key):
            diag.error(loc, f"{path}.key: use letters, digits, '-', '_' or '.', got {key!r}")
            return False
        if not isinstance(value, str) or not value.strip():
            diag.error(loc, f"{path}.text: expected the bullet's text")
            return False
        where = value.loc if isinstance(value, Text) else loc
        out.append(Bullet(Text(value, where, key), level))
        return True


COLUMN = Mapping_(
    {"heading": Str(), "bullets": BulletsField(required=True)},
    build=lambda v, _m: Column(v["heading"], v["bullets"]),
)


def bullet_paras(bullets: tuple[Bullet, ...]) -> list[Para]:
    paras = []
    for index, bullet in enumerate(bullets):
        para = parse_inline(
            str(bullet.text),
            level=bullet.level,
            bullet=True,
            scale=1.0 if bullet.level == 0 else 0.88,
        )
        space = 0.5 if bullet.level == 0 and index else (0.2 if index else 0.0)
        paras.append(Para(para.runs, para.level, para.bullet, para.scale, space))
    return paras


def column_paras(column: Column) -> tuple[list[Para], list[Text]]:
    """A column's paragraphs (bold heading, then its bullets) and their source texts."""
    paras = []
    if column.heading:
        heading = parse_inline(str(column.heading))
        paras.append(Para(tuple(Run(r.text, True, r.italic) for r in heading.runs), scale=1.1))
    body = bullet_paras(column.bullets)
    if paras and body:
        first = body[0]
        body[0] = Para(first.runs, first.level, first.bullet, first.scale, 0.5)
    texts = ([column.heading] if column.heading else []) + [b.text for b in column.bullets]
    return paras + body, texts


def optional_text(
    canvas: Canvas,
    role: int,
    text: Any,
    limits: TextLimits,
    what: str,
    partner_text: Any = None,
) -> None:
    """Text (one paragraph per line) into the placeholder in ``role``, if both exist."""
    shape = canvas.text_placeholder(role)
    if shape is None or not text:
        return
    canvas.use(shape)
    paras = [parse_inline(line) for line in str(text).split("\n")]
    partner = None
    if partner_text and str(partner_text) != str(text):  # e.g. a byline: same in both
        partner_paras = [parse_inline(line) for line in str(partner_text).split("\n")]
        partner = Partner(partner_paras, [partner_text] * len(partner_paras))
    canvas.fit(
        shape,
        paras,
        limits,
        what=what,
        loc=loc_of(text),
        texts=[text] * len(paras),
        partner=partner,
    )


def slide_id_title(slide: Any, deck: Any, _: Any) -> str:
    """The default fallback title: the slide's id as words."""
    return str(slide.id).replace("-", " ").capitalize()
