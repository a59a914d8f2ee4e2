"""Build a deck on every template of a corpus and measure what a reader would see (issue 14).

    python benchmarks/template_corpus.py                       # ../shared/template-corpus
    python benchmarks/template_corpus.py --corpus DIR --out DIR --json results.json
    python benchmarks/template_corpus.py --time 5              # also time builds (median of 5)

Run by hand. For each template the workshop deck (or ``--spec``) is built in this process and
the built .pptx is measured from its resolved rectangles (a slide placeholder without its own
position takes its layout's, then its master's):

- layout: the layout each slide type got (``Master / Layout`` when the template has several
  masters);
- warn: warnings of the build; fit: of those, text the fitting engine could not fit;
- title-body: slides with body text in a title or subtitle placeholder (a title placeholder
  holding anything but the slide's title; a subtitle placeholder on other than a title or
  section slide);
- overlap: pairs of boxes overlapping by more than 5 % of the smaller one, between the title,
  body text, diagram group, picture, logo and footer, and between any box we add or move and
  the layout's and master's own art (pictures, shapes with text; plain shapes only for boxes
  we add: a template may set its own placeholders on a coloured band);
- invisible: diagram shapes whose fill and outline both merge into the slide's real
  background under them (ΔE < 3, see coprod_slides/layout/palette.py);
- rtl: left-to-right paragraphs that read right-to-left (and the reverse), from the
  paragraph's own ``rtl`` or what it inherits from the placeholder, layout and master;
- schema: problems ``ooxml_check.py`` reports for the deck (the template's own in brackets).

A per-template table is printed; ``--json`` keeps every finding for before/after comparison.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OVERLAP_SHARE = 0.05
SHORT_TYPES = {
    "title": "title",
    "section": "sect",
    "bullets": "bull",
    "two-column": "two",
    "diagram": "diag",
    "closing": "close",
    "quote": "quote",
    "image": "image",
}


def _shared() -> Path:
    for candidate in (ROOT.parent / "shared", ROOT.parents[1] / "shared"):
        if candidate.is_dir():
            return candidate
    return ROOT.parent / "shared"


@dataclass
class Result:
    template: str
    ok: bool = True
    error: str = ""
    layouts: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    overflow: int = 0
    title_body: list[str] = field(default_factory=list)
    overlaps: list[str] = field(default_factory=list)
    invisible: list[str] = field(default_factory=list)
    rtl: list[str] = field(default_factory=list)
    schema: int = 0
    schema_template: int = 0
    replaced: int = 0
    seconds: float = 0.0


# ---------------------------------------------------------------- geometry


def _rect(shape):
    from coprod_slides.layout.drawing import Rect

    try:
        left, top, width, height = shape.left, shape.top, shape.width, shape.height
    except (AttributeError, KeyError, ValueError):
        return None
    if None in (left, top, width, height):
        return None
    return Rect(left / 12700, top / 12700, width / 12700, height / 12700)


def _inter(a, b) -> float:
    w = min(a.right, b.right) - max(a.x, b.x)
    h = min(a.bottom, b.bottom) - max(a.y, b.y)
    return w * h if w > 0 and h > 0 else 0.0


def _share(a, b) -> float:
    smaller = min(max(a.w, 1) * max(a.h, 1), max(b.w, 1) * max(b.h, 1))
    return _inter(a, b) / smaller


def _has_text(shape) -> bool:
    return bool(getattr(shape, "has_text_frame", False) and shape.text_frame.text.strip())


def _ph_type(shape) -> str:
    ph = shape._element.ph
    return (ph.get("type") if ph is not None else None) or "obj"


def _layout_art(layout, width: float, height: float) -> list[tuple[str, object, bool]]:
    """(name, rect, hard) for the layout's and master's own art; hard = picture or text."""
    from coprod_slides.render.background import BACKDROP_SHARE

    shapes = list(layout.shapes)
    if layout._element.get("showMasterSp") != "0":
        shapes += list(layout.slide_master.shapes)
    art = []
    for shape in shapes:
        if shape.is_placeholder:
            continue
        rect = _rect(shape)
        if rect is None or rect.w * rect.h >= BACKDROP_SHARE * width * height:
            continue
        if rect.w < 2 or rect.h < 2:  # rules and hairlines
            continue
        hard = shape.shape_type == 13 or _has_text(shape)  # 13: PICTURE
        art.append((f"art '{shape.name}'", rect, hard))
    return art


def _same_as_layout(shape, layout) -> bool:
    """A placeholder still where its layout puts it (the template's own design)."""
    if (
        shape._element.spPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}xfrm")
        is None
    ):
        return True
    rect = _rect(shape)
    idx = shape.placeholder_format.idx
    kind = _ph_type(shape)
    for source in layout.placeholders:
        if source.placeholder_format.idx == idx or _ph_type(source) == kind:
            other = _rect(source)
            if other is not None and rect is not None:
                return all(
                    abs(getattr(rect, k) - getattr(other, k)) < 1 for k in ("x", "y", "w", "h")
                )
    return False


def _items(slide, layout):
    """(kind, name, rect, added) for what the build put on the slide."""
    items = []
    for shape in slide.shapes:
        rect = _rect(shape)
        if rect is None:
            continue
        if shape.is_placeholder:
            kind = _ph_type(shape)
            if kind in ("ftr", "sldNum", "dt", "hdr"):
                items.append(("footer", shape.name, rect, False))
            elif not _has_text(shape):
                continue
            elif kind in ("title", "ctrTitle"):
                items.append(("title", shape.name, rect, not _same_as_layout(shape, layout)))
            else:
                items.append(("body", shape.name, rect, not _same_as_layout(shape, layout)))
        elif shape.shape_type == 6:  # GROUP
            items.append(("diagram", shape.name, rect, True))
        elif shape.shape_type == 13:
            kind = "logo" if shape.name == "Logo" else "picture"
            items.append((kind, shape.name, rect, True))
        elif _has_text(shape):
            items.append(("body", shape.name, rect, True))
    return items


def _overlaps(slide, layout, width, height) -> list[str]:
    items = _items(slide, layout)
    found = []
    for i, (kind_a, _na, rect_a, _) in enumerate(items):
        for kind_b, _nb, rect_b, _ in items[i + 1 :]:
            if kind_a == kind_b == "body" and _share(rect_a, rect_b) < 0.5:
                continue  # partner text boxes, captions: touching is fine
            if _share(rect_a, rect_b) > OVERLAP_SHARE:
                found.append(f"{kind_a}×{kind_b}")
    for kind, _name, rect, added in items:
        if kind == "footer":
            continue
        for _art, art_rect, hard in _layout_art(layout, width, height):
            if not (added or hard):
                continue
            if _share(rect, art_rect) > OVERLAP_SHARE:
                found.append(f"{kind}×art")
    return found


# ---------------------------------------------------------------- colour


_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _invisible(slide, layout, width, height) -> list[str]:
    from coprod_slides.layout.palette import INVISIBLE_DELTA_E, delta_e
    from coprod_slides.render.background import backdrop, palette_of

    back = backdrop(layout, width, height, slide)
    palette = palette_of(layout.slide_master, layout)
    found = []
    for group in slide.shapes:
        if group.shape_type != 6:
            continue
        for sp in group._element.iter(
            "{http://schemas.openxmlformats.org/presentationml/2006/main}sp"
        ):
            sppr = sp.find("{http://schemas.openxmlformats.org/presentationml/2006/main}spPr")
            fill = sppr.find(_A + "solidFill") if sppr is not None else None
            if fill is None or len(fill) == 0:
                continue
            color = palette.color(fill[0])
            xfrm = sppr.find(_A + "xfrm")
            rect = _xfrm_rect(xfrm)
            if color is None or rect is None:
                continue
            under = back.color_under(rect)
            if delta_e(color, under) >= INVISIBLE_DELTA_E:
                continue
            line = sppr.find(f"{_A}ln/{_A}solidFill")
            if line is not None and len(line):
                outline = palette.color(line[0])
                if outline and delta_e(outline, under) >= INVISIBLE_DELTA_E:
                    continue
            name = sp.find(".//{http://schemas.openxmlformats.org/presentationml/2006/main}cNvPr")
            found.append(f"{name.get('name')} #{color} on #{under}")
    return found


def _xfrm_rect(xfrm):
    from coprod_slides.layout.drawing import Rect

    if xfrm is None:
        return None
    off, ext = xfrm.find(_A + "off"), xfrm.find(_A + "ext")
    if off is None or ext is None:
        return None
    return Rect(
        int(off.get("x")) / 12700,
        int(off.get("y")) / 12700,
        int(ext.get("cx")) / 12700,
        int(ext.get("cy")) / 12700,
    )


# ---------------------------------------------------------------- direction

_RTL_CHARS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_LTR_CHARS = re.compile("[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")


def _first_strong(text: str) -> str | None:
    for char in text:
        if _RTL_CHARS.match(char):
            return "rtl"
        if _LTR_CHARS.match(char):
            return "ltr"
    return None


def _style_rtl(style, level: int) -> str | None:
    if style is None:
        return None
    node = style.find(f"{_A}lvl{level + 1}pPr")
    return node.get("rtl") if node is not None else None


def _inherited_rtl(shape, slide, level: int, prs) -> bool:
    p_ns = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
    chain = [shape._element.find(f".//{_A}lstStyle")]
    if shape.is_placeholder:
        layout = slide.slide_layout
        master = layout.slide_master
        kind = _ph_type(shape)
        for owner in (layout, master):
            for source in owner.placeholders:
                if _ph_type(source) == kind or (
                    kind not in ("title", "ctrTitle", "subTitle")
                    and _ph_type(source) in ("body", "obj")
                ):
                    chain.append(source._element.find(f".//{_A}lstStyle"))
                    break
        styles = master._element.find(f"{p_ns}txStyles")
        if styles is not None:
            name = "titleStyle" if kind in ("title", "ctrTitle") else "bodyStyle"
            chain.append(styles.find(p_ns + name))
    else:
        chain.append(prs.part._element.find(f"{p_ns}defaultTextStyle"))
    for style in chain:
        value = _style_rtl(style, level)
        if value is not None:
            return value in ("1", "true")
    return False


def _direction_leaks(slide, prs) -> list[str]:
    found = []
    for shape in _walk(slide.shapes):
        if not getattr(shape, "has_text_frame", False):
            continue
        for para in shape.text_frame.paragraphs:
            text = para.text.strip()
            strong = _first_strong(text)
            if strong is None:
                continue
            ppr = para._p.find(_A + "pPr")
            own = ppr.get("rtl") if ppr is not None else None
            rtl = (
                own in ("1", "true")
                if own is not None
                else _inherited_rtl(shape, slide, para.level, prs)
            )
            if (strong == "ltr") == rtl:
                found.append(f"{'RTL' if rtl else 'LTR'} paragraph {text[:30]!r}")
    return found


def _walk(shapes):
    for shape in shapes:
        if shape.shape_type == 6:
            yield from _walk(shape.shapes)
        else:
            yield shape


# ---------------------------------------------------------------- one template


def measure(template: Path, spec: Path, out_dir: Path, check: Path | None) -> Result:
    from pptx import Presentation

    from coprod_slides.build import BuildOptions, build
    from coprod_slides.errors import SpecError

    result = Result(template.name)
    started = time.perf_counter()
    try:
        built = build(spec, BuildOptions(template=template))
    except SpecError as exc:
        result.ok, result.error = False, str(exc).splitlines()[0][:120]
        return result
    except Exception as exc:  # noqa: BLE001 - a crash is what we measure
        result.ok, result.error = False, f"CRASH {type(exc).__name__}: {exc}"[:120]
        return result
    result.seconds = time.perf_counter() - started
    result.warnings = [w.message for w in built.diagnostics.warnings]
    result.overflow = sum("does not fit" in w for w in result.warnings)
    result.replaced = sum("replaced" in w and "colour" in w for w in result.warnings)
    out = out_dir / (template.stem + ".pptx")
    out.write_bytes(built.data)
    prs = Presentation(str(out))
    width, height = prs.slide_width / 12700, prs.slide_height / 12700
    several = len(prs.slide_masters) > 1
    for number, (spec_slide, slide) in enumerate(
        zip(built.deck.slides, prs.slides, strict=True), 1
    ):
        layout = slide.slide_layout
        name = layout.name
        if several:
            name = f"{layout.slide_master.name or 'master'} / {name}"
        names = result.layouts.setdefault(spec_slide.type, [])
        if name not in names:
            names.append(name)
        titles = {" ".join(str(t or "").split()) for t in (spec_slide.title, built.deck.title)}
        for shape in slide.placeholders:
            kind = _ph_type(shape)
            text = " ".join(shape.text_frame.text.split()) if shape.has_text_frame else ""
            if not text:
                continue
            if kind in ("title", "ctrTitle") and text not in titles:
                result.title_body.append(f"slide {number}: title placeholder holds {text[:30]!r}")
            if kind == "subTitle" and spec_slide.type not in ("title", "section"):
                result.title_body.append(
                    f"slide {number}: {spec_slide.type} text in a subtitle placeholder"
                )
        result.overlaps += [f"slide {number}: {o}" for o in _overlaps(slide, layout, width, height)]
        result.invisible += [
            f"slide {number}: {o}" for o in _invisible(slide, layout, width, height)
        ]
        result.rtl += [f"slide {number}: {o}" for o in _direction_leaks(slide, prs)]
    if check is not None:
        result.schema = _schema_problems(check, out)
        result.schema_template = _schema_problems(check, template)
    return result


def _schema_problems(check: Path, path: Path) -> int:
    done = subprocess.run(
        [sys.executable, str(check), str(path)], capture_output=True, text=True, timeout=300
    )
    if done.returncode == 0:
        return 0
    return max(1, sum(1 for line in done.stdout.splitlines() if not line.endswith(": OK")))


def time_builds(template: Path | None, spec: Path, reps: int) -> float:
    from coprod_slides.build import BuildOptions, build

    times = []
    for _ in range(reps + 1):
        started = time.perf_counter()
        build(spec, BuildOptions(template=template))
        times.append(time.perf_counter() - started)
    return statistics.median(times[1:])


# ---------------------------------------------------------------- report


def table(results: list[Result]) -> str:
    head = (
        f"{'template':34} {'ok':3} {'warn':>4} {'fit':>4} {'t-b':>4} {'ovl':>4} "
        f"{'inv':>4} {'rtl':>4} {'col':>4} {'schema':>7}"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        if not r.ok:
            lines.append(f"{r.template[:34]:34} NO  {r.error}")
            continue
        schema = f"{r.schema}({r.schema_template})"
        lines.append(
            f"{r.template[:34]:34} {'yes':3} {len(r.warnings):>4} {r.overflow:>4} "
            f"{len(r.title_body):>4} {len(r.overlaps):>4} {len(r.invisible):>4} "
            f"{len(r.rtl):>4} {r.replaced:>4} {schema:>7}"
        )
    good = [r for r in results if r.ok]
    lines.append("-" * len(head))
    lines.append(
        f"{'total':34} {len(good):>3} {sum(len(r.warnings) for r in good):>4} "
        f"{sum(r.overflow for r in good):>4} {sum(len(r.title_body) for r in good):>4} "
        f"{sum(len(r.overlaps) for r in good):>4} {sum(len(r.invisible) for r in good):>4} "
        f"{sum(len(r.rtl) for r in good):>4} {sum(r.replaced for r in good):>4}"
    )
    clean = sum(
        1
        for r in good
        if not (r.overflow or r.title_body or r.overlaps or r.invisible or r.rtl or r.schema)
    )
    lines.append(f"templates with no finding: {clean} of {len(results)}")
    lines.append("")
    lines.append("layout per slide type:")
    for r in good:
        parts = [
            f"{SHORT_TYPES.get(kind, kind)}={'|'.join(names)}" for kind, names in r.layouts.items()
        ]
        lines.append(f"  {r.template[:34]:34} " + "; ".join(parts))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=_shared() / "template-corpus")
    parser.add_argument("--spec", type=Path, default=ROOT / "decks" / "workshop.yaml")
    parser.add_argument("--out", type=Path, default=None, help="keep the built decks here")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--details", action="store_true", help="print every finding")
    parser.add_argument("--only", default=None, help="templates whose name contains this")
    parser.add_argument("--no-schema", action="store_true")
    parser.add_argument("--time", type=int, default=0, metavar="REPS")
    args = parser.parse_args(argv)
    check = _shared() / "tools" / "ooxml_check.py"
    check = None if args.no_schema or not check.exists() else check
    templates = sorted(
        p for p in args.corpus.iterdir() if p.suffix in (".pptx", ".potx") and p.is_file()
    )
    if args.only:
        templates = [t for t in templates if args.only in t.name]
    out_dir = args.out or Path(tempfile.mkdtemp(prefix="template-corpus-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    results = [measure(t, args.spec, out_dir, check) for t in templates]
    print(table(results))
    if args.details:
        for r in results:
            findings = r.title_body + r.overlaps + r.invisible + r.rtl
            if findings or r.warnings:
                print(f"\n{r.template}:")
                for line in r.warnings:
                    print(f"  warning: {line[:150]}")
                for line in findings:
                    print(f"  {line}")
    if args.time:
        base = time_builds(None, args.spec, args.time)
        ratios = [time_builds(t, args.spec, args.time) / base for t in templates]
        print(
            f"\nbuild time on a template / without: median {statistics.median(ratios):.2f}×, "
            f"max {max(ratios):.2f}× (median of {args.time} builds each; without: {base:.2f} s)"
        )
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=1))
    print(f"\ndecks in {out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
