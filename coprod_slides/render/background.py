"""What colour is behind a shape: a slide's real background, resolved as PowerPoint draws it.

A slide's background is its own ``p:bg``, else its layout's, else its master's: a fill
(``p:bgPr``: solid, gradient, picture, pattern) or a reference into the theme's background
fill styles (``p:bgRef``). Scheme colours go through the master's colour map (``bg1`` → ``lt1``
…, overridden by a layout's ``p:clrMapOvr``) and their modifiers (``lumMod``, ``lumOff``,
``tint``, ``shade``). Large pieces of the layout's and master's own art (over a quarter of the
slide, such as a full-bleed picture or a coloured half) count as background where they lie.
Gradients count as the mean of their stops; pictures are sampled with Pillow under the shape.
"""

from __future__ import annotations

import colorsys
import io
from dataclasses import dataclass
from typing import Any

from lxml import etree
from PIL import Image
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from ..layout.drawing import Rect

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
_A = f"{{{NS['a']}}}"
_P = f"{{{NS['p']}}}"
_R_EMBED = f"{{{NS['r']}}}embed"
EMU_PER_PT = 12700
BACKDROP_SHARE = 0.25  # art covering more of the slide than this counts as background

_PRESET = {
    "black": "000000",
    "white": "FFFFFF",
    "red": "FF0000",
    "green": "008000",
    "blue": "0000FF",
    "yellow": "FFFF00",
    "gray": "808080",
    "grey": "808080",
    "darkGray": "A9A9A9",
    "lightGray": "D3D3D3",
    "navy": "000080",
    "orange": "FFA500",
}
_SYSTEM = {"windowText": "000000", "window": "FFFFFF", "btnFace": "F0F0F0"}
_DEFAULT_MAP = {
    "bg1": "lt1",
    "tx1": "dk1",
    "bg2": "lt2",
    "tx2": "dk2",
    "accent1": "accent1",
    "accent2": "accent2",
    "accent3": "accent3",
    "accent4": "accent4",
    "accent5": "accent5",
    "accent6": "accent6",
    "hlink": "hlink",
    "folHlink": "folHlink",
}


# ---------------------------------------------------------------- colours


def _to_rgb(hex6: str) -> tuple[float, float, float]:
    return tuple(int(hex6[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _to_hex(rgb) -> str:
    return "".join(f"{max(0, min(255, round(c * 255))):02X}" for c in rgb)


def _modified(hex6: str, element) -> str:
    """Apply DrawingML colour modifiers (the ones templates use) in document order."""
    r, g, b = _to_rgb(hex6)
    for mod in element:
        name = etree.QName(mod).localname
        try:
            value = int(mod.get("val") or 0) / 100000
        except ValueError:
            continue
        if name in ("lumMod", "lumOff"):
            h, lum, s = colorsys.rgb_to_hls(r, g, b)
            lum = lum * value if name == "lumMod" else lum + value
            r, g, b = colorsys.hls_to_rgb(h, max(0.0, min(1.0, lum)), s)
        elif name == "tint":  # towards white
            r, g, b = (c + (1 - c) * (1 - value) for c in (r, g, b))
        elif name == "shade":  # towards black
            r, g, b = (c * value for c in (r, g, b))
    return _to_hex((r, g, b))


@dataclass
class Palette:
    """A theme's colour slots and the colour map in force (how ``bg1``/``tx1`` map to slots)."""

    scheme: dict[str, str]
    color_map: dict[str, str]

    def color(self, element, placeholder: str | None = None) -> str | None:
        """The hex colour of a colour element (``a:srgbClr``, ``a:schemeClr`` …), or None."""
        if element is None:
            return None
        name = etree.QName(element).localname
        value: str | None = None
        if name == "srgbClr":
            value = (element.get("val") or "").upper()
        elif name == "schemeClr":
            slot = element.get("val") or ""
            if slot == "phClr":
                value = placeholder
            else:
                value = self.scheme.get(self.color_map.get(slot, slot))
        elif name == "sysClr":
            value = (element.get("lastClr") or _SYSTEM.get(element.get("val") or "", "")).upper()
        elif name == "prstClr":
            value = _PRESET.get(element.get("val") or "")
        elif name == "scrgbClr":
            try:
                rgb = [int(element.get(k) or 0) / 100000 for k in ("r", "g", "b")]
            except ValueError:
                return None
            value = _to_hex([c ** (1 / 2.2) for c in rgb])
        if not value or len(value) != 6:
            return None
        try:
            int(value, 16)
        except ValueError:
            return None
        return _modified(value, element)


def _color_child(parent) -> object | None:
    for child in parent:
        if etree.QName(child).localname in (
            "srgbClr",
            "schemeClr",
            "sysClr",
            "prstClr",
            "scrgbClr",
            "hslClr",
        ):
            return child
    return None


def mean_color(colors: list[str]) -> str:
    rgbs = [_to_rgb(c) for c in colors]
    return _to_hex([sum(c[i] for c in rgbs) / len(rgbs) for i in range(3)])


# ---------------------------------------------------------------- fills


@dataclass
class Fill:
    """A resolved fill: a colour, or a picture (sampled where needed), or nothing."""

    color: str | None = None
    picture: Image.Image | None = None  # sampled at 64 px wide

    def under(self, rect: Rect | None, width: float, height: float, frame: Rect) -> str | None:
        """The mean colour of this fill under ``rect`` (slide points), the fill covering
        ``frame``."""
        if self.picture is None:
            return self.color
        image = self.picture
        if rect is None:
            rect = frame
        sx, sy = image.width / max(frame.w, 1), image.height / max(frame.h, 1)
        left = max(0, int((rect.x - frame.x) * sx))
        top = max(0, int((rect.y - frame.y) * sy))
        right = min(image.width, max(left + 1, int((rect.right - frame.x) * sx)))
        bottom = min(image.height, max(top + 1, int((rect.bottom - frame.y) * sy)))
        if right <= left or bottom <= top:
            return self.color
        region = image.crop((left, top, right, bottom)).resize((1, 1), resample=2)
        pixel = region.getpixel((0, 0))
        if not isinstance(pixel, tuple):  # _picture gives RGB images: one value per channel
            return self.color
        return _to_hex([c / 255 for c in pixel[:3]])


def _picture(part: Any, rid: str | None) -> Image.Image | None:
    if not rid:
        return None
    try:
        blob = part.related_part(rid).blob
    except (KeyError, AttributeError):
        return None
    try:
        image = Image.open(io.BytesIO(blob))
        if image.width * image.height > 40_000_000:
            return None
        image.draft("RGB", (256, 256))
        return image.convert("RGB").resize((64, max(1, round(64 * image.height / image.width))))
    except Exception:  # noqa: BLE001 - a picture Pillow cannot read (EMF, WMF, damaged)
        return None


def resolve_fill(
    fill_parent, palette: Palette, part, placeholder: str | None = None
) -> Fill | None:
    """The fill of an element holding a fill choice (``p:bgPr``, ``p:spPr``), or None."""
    if fill_parent is None:
        return None
    for child in fill_parent:
        name = etree.QName(child).localname
        if name == "noFill":
            return Fill()
        if name == "solidFill":
            return Fill(palette.color(_color_child(child), placeholder))
        if name == "gradFill":
            stops = [
                color
                for gs in child.iter(_A + "gs")
                if (color := palette.color(_color_child(gs), placeholder))
            ]
            return Fill(mean_color(stops) if stops else None)
        if name == "pattFill":
            colors = [
                color for c in child if (color := palette.color(_color_child(c), placeholder))
            ]
            return Fill(mean_color(colors) if colors else None)
        if name == "blipFill":
            blip = child.find(_A + "blip")
            rid = blip.get(_R_EMBED) if blip is not None else None
            return Fill(None, _picture(part, rid))
    return None


# ---------------------------------------------------------------- slides, layouts, masters


def palette_of(master, layout=None) -> Palette:
    """The palette in force on ``layout`` (or on the master itself)."""
    scheme = theme_scheme(master)
    mapping = dict(_DEFAULT_MAP)
    clr_map = master._element.find(_P + "clrMap")
    if clr_map is not None:
        mapping.update({k: v for k, v in clr_map.attrib.items()})
    if layout is not None:
        override = layout._element.find(f"{_P}clrMapOvr/{_A}overrideClrMapping")
        if override is not None:
            mapping.update({k: v for k, v in override.attrib.items()})
    return Palette(scheme, mapping)


def theme_scheme(master) -> dict[str, str]:
    """The colour slots of the master's own theme (each master may have its own)."""
    try:
        part = master.part.part_related_by(RT.THEME)
    except KeyError:
        return {}
    root = getattr(part, "_element", None)
    if root is None:
        root = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False))
    scheme = root.find(f"{_A}themeElements/{_A}clrScheme")
    empty = Palette({}, {})
    colors = {}
    if scheme is not None:
        for slot in scheme:
            value = empty.color(_color_child(slot))
            if value:
                colors[etree.QName(slot).localname] = value
    return colors


def _theme_root(master):
    part = master.part.part_related_by(RT.THEME)
    root = getattr(part, "_element", None)
    return root if root is not None else etree.fromstring(part.blob)


def _background_fill(owner, master, palette: Palette) -> Fill | None:
    bg = owner._element.find(f"{_P}cSld/{_P}bg")
    if bg is None:
        return None
    pr = bg.find(_P + "bgPr")
    if pr is not None:
        return resolve_fill(pr, palette, owner.part)
    ref = bg.find(_P + "bgRef")
    if ref is None:
        return None
    placeholder = palette.color(_color_child(ref))
    try:
        idx = int(ref.get("idx") or 0)
    except ValueError:
        return Fill(placeholder)
    lists = "bgFillStyleLst" if idx >= 1001 else "fillStyleLst"
    number = idx - 1001 if idx >= 1001 else idx - 1
    try:
        styles = _theme_root(master).find(f"{_A}themeElements/{_A}fmtScheme/{_A}{lists}")
    except KeyError:
        styles = None
    if styles is None or number < 0 or number >= len(styles):
        return Fill(placeholder)
    wrapper = etree.Element("wrap")
    wrapper.append(etree.fromstring(etree.tostring(styles[number])))
    theme_part = master.part.part_related_by(RT.THEME)
    return resolve_fill(wrapper, palette, theme_part, placeholder) or Fill(placeholder)


@dataclass
class Backdrop:
    """What lies behind shapes on a slide: the background fill and the large art on top of it."""

    width: float
    height: float
    base: Fill
    art: list[tuple[Rect, Fill]]

    def color_under(self, rect: Rect | None = None) -> str:
        """The mean colour behind ``rect`` (the whole slide when None)."""
        frame = Rect(0, 0, self.width, self.height)
        rect = rect or frame
        base = self.base.under(rect, self.width, self.height, frame) or "FFFFFF"
        best, cover = base, 0.0
        for art_rect, fill in self.art:
            share = _overlap(rect, art_rect) / max(rect.w * rect.h, 1)
            if share > 0.5 and share > cover:
                color = fill.under(rect, self.width, self.height, art_rect)
                if color:
                    best, cover = color, share
        return best


def _overlap(a: Rect, b: Rect) -> float:
    w = min(a.right, b.right) - max(a.x, b.x)
    h = min(a.bottom, b.bottom) - max(a.y, b.y)
    return w * h if w > 0 and h > 0 else 0.0


def _big_art(owner, palette: Palette, width: float, height: float) -> list[tuple[Rect, Fill]]:
    found = []
    for shape in owner._element.iterfind(f"{_P}cSld/{_P}spTree/*"):
        name = etree.QName(shape).localname
        if name not in ("sp", "pic"):
            continue
        if shape.find(f".//{_P}nvPr/{_P}ph") is not None:
            continue
        off = shape.find(f"{_P}spPr/{_A}xfrm/{_A}off")
        ext = shape.find(f"{_P}spPr/{_A}xfrm/{_A}ext")
        if off is None or ext is None:
            continue
        try:
            rect = Rect(
                int(off.get("x")) / EMU_PER_PT,
                int(off.get("y")) / EMU_PER_PT,
                int(ext.get("cx")) / EMU_PER_PT,
                int(ext.get("cy")) / EMU_PER_PT,
            )
        except (TypeError, ValueError):
            continue
        if rect.w * rect.h < BACKDROP_SHARE * width * height:
            continue
        fill: Fill | None
        if name == "pic":
            blip = shape.find(f"{_P}blipFill/{_A}blip")
            fill = Fill(
                None, _picture(owner.part, blip.get(_R_EMBED) if blip is not None else None)
            )
        else:
            fill = resolve_fill(shape.find(_P + "spPr"), palette, owner.part)
            if fill is None:
                style = shape.find(f"{_P}style/{_A}fillRef")
                if style is not None and style.get("idx") not in (None, "0"):
                    fill = Fill(palette.color(_color_child(style)))
        if fill is not None and (fill.color or fill.picture is not None):
            found.append((rect, fill))
    return found


def backdrop(layout, width: float, height: float, slide=None) -> Backdrop:
    """The backdrop of a slide on ``layout`` (``slide`` adds its own background, if any)."""
    master = layout.slide_master
    palette = palette_of(master, layout)
    fill = None
    for owner in ([slide] if slide is not None else []) + [layout, master]:
        fill = _background_fill(owner, master, palette)
        if fill is not None:
            break
    art = []
    if layout._element.get("showMasterSp") != "0":
        art += _big_art(master, palette, width, height)
    art += _big_art(layout, palette, width, height)
    return Backdrop(
        width,
        height,
        fill or Fill(palette.scheme.get(palette.color_map.get("bg1", "lt1"), "FFFFFF")),
        art,
    )
