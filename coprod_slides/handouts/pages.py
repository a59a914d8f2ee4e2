"""The three handouts as A4 portrait .pptx files, drawn through the deck's render pieces.

Each page is one slide on the built-in template's blank layout, re-sized to A4 and themed
with the deck's colours and fonts. Text is fitted with the deck's fitter (``DrawContext``
labels), diagrams are drawn by their own modules (see :mod:`.pictures`), shapes are written by
``render.drawing`` (native, grouped, with alt text), runs carry the deck's language, and the
package is written reproducibly (``render.package``), as for decks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from pptx import Presentation
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.presentation import Presentation as PresentationT
from pptx.slide import Slide as SlideT
from pptx.util import Emu

from ..diagrams._common import tint
from ..errors import Diagnostics
from ..layout.drawing import (
    Connector,
    DrawContext,
    Drawing,
    Element,
    Label,
    Rect,
    Shape,
    mirror,
)
from ..layout.fit import Box, Insets, Para, fit_text, parse_inline
from ..layout.fonts import text_width_pt
from ..model import Deck, Theme
from ..render import package
from ..render.deck import base_template_path, script_for, tag_language
from ..render.drawing import add_drawing
from ..render.template import remove_existing_slides
from ..render.text import Script, set_body, write_paras
from ..render.theme import apply_theme
from ..slidetypes.base import content_as
from ..slidetypes.diagram import DiagramContent
from .content import FeedbackForm, FormSection, HandoutContent, Picture, Worksheet
from .pictures import FittedPicture, fit_picture, problem_message, scale_drawing

A4_EMU = (7_560_000, 10_692_000)  # 210 × 297 mm
PAGE_W, PAGE_H = A4_EMU[0] / 12700, A4_EMU[1] / 12700  # 595.3 × 841.9 pt
PAGE = Rect(0, 0, PAGE_W, PAGE_H)
MARGIN = 30.0
CONTENT_W = PAGE_W - 2 * MARGIN
BODY_TOP = 96.0
FOOTER_Y = PAGE_H - 30.0
BODY_BOTTOM = FOOTER_Y - 8.0
#: Smallest text on a printed page: diagram labels (scaled from the slide) and body text.
PICTURE_MIN_PT = 6.0
PICTURE_MAX_PT = 10.0
PICTURES_PER_PAGE = 6
TEXT_COLUMN = 148.0  # the summary's title-and-message column
NARROW_COLUMN = 112.0  # …narrowed when a picture needs the width and the message allows
TEXT_MIN_PT = 8.0
WRITING_LINE = 24.0  # points between the ruled lines of a writing space (about 8.5 mm)
NO_INSETS = Insets(0, 0, 0, 0)
TIGHT = Insets(2, 1, 2, 1)

HANDOUTS = ("summary", "worksheet", "feedback")


@dataclass
class Page:
    """One A4 page being drawn: the presentation, its slide and a fitting context."""

    deck: Deck
    name: str  # "summary", "worksheet", "feedback"
    diag: Diagnostics
    prs: PresentationT
    slide: SlideT
    ctx: DrawContext
    script: Script | None

    @property
    def theme(self) -> Theme:
        return self.deck.theme

    def color(self, slot: str) -> str:
        return self.theme.colors.get(slot, slot)

    def label(self, text, box: Rect, **options) -> Label:
        return self.ctx.label(text, box, **options)

    def add(self, name: str, alt: str, *elements: Element) -> None:
        """Elements as one named group, with alt text, in reading order; mirrored for a
        right-to-left language (pages are laid out left to right)."""
        drawing = Drawing(name, alt, tuple(elements))
        if self.ctx.rtl:
            drawing = mirror(drawing, PAGE)
        add_drawing(self.slide, drawing, self.theme.body_font, self.script)

    def place(self, rect: Rect) -> Rect:
        """Where ``rect`` of the left-to-right layout goes on this page."""
        return Rect(PAGE.w - rect.right, rect.y, rect.w, rect.h) if self.ctx.rtl else rect

    def text(
        self,
        name: str,
        text,
        rect: Rect,
        *,
        max_pt: float,
        min_pt: float = TEXT_MIN_PT,
        bold: bool = False,
        color: str | None = None,
        align: str = "l",
        anchor: str = "t",
        fill: str | None = None,
        insets: Insets = TIGHT,
        what: str = "text",
    ) -> Shape:
        label = self.label(
            text,
            rect,
            fill=fill,
            max_size=max_pt,
            min_size=min_pt,
            bold=bold,
            align=align,
            anchor=anchor,
            insets=insets,
            color=color,
            what=what,
        )
        return Shape(name, "rect", rect, fill=fill, label=label)

    def warnings_to(self, diag: Diagnostics) -> None:
        prefix = f"slide '{self.ctx.slide_id}': "
        for warning in self.ctx.diagnostics.warnings:
            diag.warn(warning.loc, f"{self.name} handout: {warning.message.replace(prefix, '')}")


def new_document(theme: Theme):
    """An empty A4 portrait presentation on the built-in template, in the deck's theme."""
    prs = Presentation(str(base_template_path()))
    remove_existing_slides(prs)
    apply_theme(prs, theme.colors, theme.heading_font, theme.body_font)
    prs.slide_width, prs.slide_height = Emu(A4_EMU[0]), Emu(A4_EMU[1])
    prs.part._element.find(qn("p:sldSz")).set("type", "A4")
    return prs


def new_page(prs, deck: Deck, name: str, diag: Diagnostics) -> Page:
    """A new page (slide) of ``prs`` for ``deck``'s language."""
    blank = next(layout for layout in prs.slide_layouts if layout.name == "Blank")
    slide = prs.slides.add_slide(blank)
    script = script_for(deck.language)
    ctx = DrawContext(
        colors=deck.theme.colors,
        font=script.cs_font if script and script.cs_font else deck.theme.body_font,
        min_size=TEXT_MIN_PT,
        max_size=12.0,
        rtl=bool(script and script.rtl),
        slide_id=name,
        loc=deck.loc,
        diagnostics=Diagnostics(),
    )
    return Page(deck, name, diag, prs, slide, ctx, script)


def render_handout(
    kind: str,
    contents: Sequence[tuple[HandoutContent, Callable[..., str]]],
    diag: Diagnostics,
) -> bytes:
    """One handout as .pptx bytes: a page per language, the first language first (a
    bilingual handout prints double-sided, Welsh on the front, at the same sizes)."""
    first = contents[0][0].deck
    prs = new_document(first.theme)
    titles: list[str] = []
    sheets = [_sheets(kind, content) for content, _ in contents]
    for number in range(max(len(s) for s in sheets)):  # sheet by sheet, each in every language
        slides = []
        for (content, gettext), pages in zip(contents, sheets, strict=True):
            if number >= len(pages):
                continue
            page = new_page(prs, content.deck, kind, diag)
            title = f"{content.deck.title}: {PAGES[kind](page, pages[number], gettext)}"
            if title not in titles:
                titles.append(title)
            page.warnings_to(diag)
            tag_language(page.slide, content.deck.language)
            slides.append(page.slide)
        if len(slides) == 2:
            same_sizes(slides[0], slides[1])
    package.set_core_properties(
        prs,
        title=" / ".join(titles),
        author=str(first.author or ""),
        subject=str(first.subtitle or ""),
        language=first.language,
        keywords="co-production, handout",
    )
    return package.to_reproducible_bytes(prs)


def _sheets(kind: str, content: HandoutContent) -> list[HandoutContent]:
    """A summary of more than six pictures goes on as many pages as it needs."""
    pictures = content.pictures
    if kind != "summary" or len(pictures) <= PICTURES_PER_PAGE:
        return [content]
    return [
        replace(content, pictures=pictures[i : i + PICTURES_PER_PAGE])
        for i in range(0, len(pictures), PICTURES_PER_PAGE)
    ]


def same_sizes(first, second) -> None:
    """Each text set at the smaller of its two languages' fitted sizes (matched by shape name
    and place): neither language is smaller than the other. Shrinking never breaks a fit."""
    texts = [_sized_texts(slide) for slide in (first, second)]
    for key in texts[0].keys() & texts[1].keys():
        (a, size_a), (b, size_b) = texts[0][key], texts[1][key]
        if size_a != size_b:
            larger, target, own = (a, size_b, size_a) if size_a > size_b else (b, size_a, size_b)
            for element in larger.iter(qn("a:rPr"), qn("a:endParaRPr")):
                if element.get("sz"):
                    scaled = int(element.get("sz")) * target / own
                    element.set("sz", str(max(100, int(scaled // 50 * 50))))


def _sized_texts(slide) -> dict:
    """(group names…, shape name, occurrence) -> (txBody, its smallest run size)."""
    found: dict = {}
    for body in slide._element.iter(qn("p:txBody")):
        sizes = [int(v) for v in body.xpath(".//a:rPr/@sz")]
        if not sizes:
            continue
        path = tuple(
            _name(element, grouped=element.tag == qn("p:grpSp"))
            for element in reversed(list(body.iterancestors(qn("p:grpSp"), qn("p:sp"))))
        )
        occurrence = 0
        while (*path, occurrence) in found:
            occurrence += 1
        found[(*path, occurrence)] = (body, min(sizes))
    return found


def _name(element, grouped: bool) -> str:
    """A shape's name; a group's up to its colon ("Picture 2: <title in this language>")."""
    name = element.find(".//" + qn("p:cNvPr")).get("name") or ""
    return name.split(":")[0] if grouped else name


# ---------------------------------------------------------------- the page frame


def page_title(page: Page, text, subline: str | None) -> None:
    """A real title placeholder (screen readers, the outline) above a rule and a subline."""
    sp = parse_xml(
        f'<p:sp {nsdecls("a", "p")}><p:nvSpPr><p:cNvPr id="2" name="Title"/><p:cNvSpPr>'
        '<a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="title"/></p:nvPr></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{_emu(MARGIN)}" y="{_emu(26)}"/><a:ext cx="{_emu(CONTENT_W)}" '
        f'cy="{_emu(40)}"/></a:xfrm></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p/>'
        "</p:txBody></p:sp>"
    )
    page.slide.shapes._spTree.insert(2, sp)
    shape = page.slide.shapes[0]
    paras = [parse_inline(str(text))]
    font = page.theme.heading_font
    result = fit_text(paras, Box(CONTENT_W, 40), font, max_pt=24, min_pt=14, insets=TIGHT)
    if not result.fits:
        page.diag.warn(
            getattr(text, "loc", None),
            f"{page.name} handout: title does not fit ({result.reason}); shorten it",
        )
    set_body(shape.text_frame, insets=TIGHT, anchor="b")
    write_paras(
        shape.text_frame,
        paras,
        result.size_pt,
        color=page.color("dk2"),
        font=font,
        bold=True,
        langs=[_lang_of(text)],
        script=page.script,
    )
    rule = Connector(
        "Rule", (MARGIN, 70), (MARGIN + CONTENT_W, 70), page.color("accent1"), 2.0, head=False
    )
    elements: list[Element] = [rule]
    if subline:
        elements.append(
            page.text("Subtitle", subline, Rect(MARGIN, 74, CONTENT_W, 20), max_pt=10.5)
        )
    page.add("Heading", subline or str(text), *elements)


def page_footer(page: Page, right: str | None = None) -> None:
    footer = page.theme.footer
    elements: list[Element] = []
    width = CONTENT_W / 2 - 6 if right else CONTENT_W
    if footer:
        elements.append(
            page.text("Footer", footer, Rect(MARGIN, FOOTER_Y, width, 20), max_pt=8, min_pt=6.5)
        )
    if right:
        elements.append(
            page.text(
                "Credit",
                right,
                Rect(MARGIN + CONTENT_W / 2 + 6, FOOTER_Y, CONTENT_W / 2 - 6, 20),
                max_pt=7.5,
                min_pt=6.0,
                align="r",
            )
        )
    if elements:
        page.add("Footer", " · ".join(str(t) for t in (footer, right) if t), *elements)


def writing_space(page: Page, name: str, rect: Rect) -> list[Element]:
    """A framed box with ruled lines to write on."""
    ink = tint(page.color("dk1"), 0.45)
    elements: list[Element] = [Shape(name, "rect", rect, line=ink, line_width=0.75)]
    y = rect.y + WRITING_LINE
    while y < rect.bottom - 6:
        elements.append(
            Connector(
                f"{name}: line",
                (rect.x + 8, y),
                (rect.right - 8, y),
                tint(ink, 0.6),
                0.5,
                head=False,
            )
        )
        y += WRITING_LINE
    return elements


# ---------------------------------------------------------------- 1. the pictures at a glance


def summary_page(page: Page, content: HandoutContent, _: Callable[..., str]) -> str:
    """One row per picture: its number, title and message on the left, the picture beside
    them (wide and low, as on a slide, so the labels keep their sizes)."""
    deck = content.deck
    count = sum(1 for slide in deck.slides if slide.type == "diagram")  # on every sheet
    page_title(
        page,
        deck.title,
        _("The {count} pictures of the workshop, each with its message", count=count),
    )
    gap = 8.0
    y = BODY_TOP
    for picture, plan in zip(
        content.pictures, _plan_rows(page, content.pictures, gap), strict=True
    ):
        _picture_row(page, picture, Rect(MARGIN, y, CONTENT_W, plan.height), plan)
        y += plan.height + gap
    page_footer(page, _credit(deck))
    return _("The pictures at a glance")


ROW_PAD = 6.0
CREDIT_H = 26.0  # a diagram's credit, at the foot of its row's text column


def _art(page: Page, y: float, height: float, column: float) -> Rect:
    """Where a row's picture goes: beside its text column, ``height`` the row's."""
    x = MARGIN + ROW_PAD + column + 8
    return page.place(Rect(x, y + ROW_PAD, MARGIN + CONTENT_W - ROW_PAD - x, height - 2 * ROW_PAD))


@dataclass(frozen=True)
class RowPlan:
    height: float
    column: float  # the text column's width
    picture: FittedPicture


def _fit(page: Page, picture: Picture, height: float, column: float) -> FittedPicture:
    return fit_picture(
        picture.slide,
        _art(page, 0, height, column),  # the picture mirrors itself inside
        page.theme.colors,
        page.ctx.font,
        min_pt=PICTURE_MIN_PT,
        max_pt=PICTURE_MAX_PT,
        rtl=page.ctx.rtl,
    )


def _plan(page: Page, picture: Picture, height: float, column: float) -> RowPlan | None:
    """The row at this size, or None when its message would not fit the text column."""
    if not _message_fits(page, picture, height, column):
        return None
    return RowPlan(height, column, _fit(page, picture, height, column))


def _fits(plan: RowPlan | None) -> bool:
    return plan is not None and not plan.picture.problems


def _taller(page: Page, picture: Picture, base: float) -> RowPlan | None:
    """The lowest taller row (either column width) in which the picture fits, if any."""
    for extra in (8.0, 16.0, 24.0, 36.0):
        for column in (TEXT_COLUMN, NARROW_COLUMN):
            plan = _plan(page, picture, base + extra, column)
            if plan is not None and _fits(plan):
                return plan
    return None


def _message_fits(page: Page, picture: Picture, height: float, column: float) -> bool:
    """Whether the row's title and message fit a text column ``column`` wide in a row
    ``height`` high (as _picture_row sets them)."""
    texts = [(picture.title, Box(column - 22, 30), 10.5, 8.0)]
    if picture.takeaway:
        message = _message_box(picture, Rect(0, 0, column, height - 2 * ROW_PAD))
        texts.append((picture.takeaway, Box(message.w, message.h), 9.0, 7.0))
    for text, box, max_pt, min_pt in texts:
        para = parse_inline(str(text))
        bold = Para(tuple(replace(r, bold=True) for r in para.runs))
        if not fit_text(
            [bold], box, page.ctx.font, max_pt=max_pt, min_pt=min_pt, insets=TIGHT
        ).fits:
            return False
    return True


def _message_box(picture: Picture, column: Rect) -> Rect:
    credit_h = CREDIT_H if content_as(picture.slide, DiagramContent).data.get("credit") else 0.0
    return Rect(column.x, column.y + 32, column.w, column.h - 32 - credit_h)


def _plan_rows(page: Page, pictures: Sequence[Picture], gap: float) -> list[RowPlan]:
    """Equal rows (six to a page). A picture whose labels do not fit gets more room: a
    narrower text column if its message allows, else a taller row, taken from the page's
    free rows or from other rows that still fit when lower. Pictures are fitted at y = 0 and
    moved into place afterwards."""
    base = (BODY_BOTTOM - BODY_TOP - gap * (PICTURES_PER_PAGE - 1)) / PICTURES_PER_PAGE
    # (a message that does not fit even the standard row is reported when it is written)
    plans = [
        _plan(page, p, base, TEXT_COLUMN)
        or RowPlan(base, TEXT_COLUMN, _fit(page, p, base, TEXT_COLUMN))
        for p in pictures
    ]
    spare = (base + gap) * (PICTURES_PER_PAGE - len(pictures))
    for index, picture in enumerate(pictures):
        if _fits(plans[index]):
            continue
        narrow = _plan(page, picture, base, NARROW_COLUMN)
        if narrow is not None and _fits(narrow):
            plans[index] = narrow
            continue
        taller = _taller(page, picture, base)
        if taller is None:
            continue
        extra = taller.height - base
        if spare >= extra:
            spare -= extra
            plans[index] = taller
            continue
        donors = [i for i in range(len(pictures)) if i != index and _fits(plans[i])]
        while donors:  # rows that can give a share of the height and still fit
            cut = extra / len(donors)
            lower = {
                i: _plan(page, pictures[i], plans[i].height - cut, plans[i].column) for i in donors
            }
            fitting = {i: plan for i, plan in lower.items() if plan is not None and _fits(plan)}
            if len(fitting) == len(lower):
                for i, plan in fitting.items():
                    plans[i] = plan
                plans[index] = taller
                break
            donors = list(fitting)
    y, placed = BODY_TOP, []
    for plan in plans:
        moved = replace(plan.picture, drawing=scale_drawing(plan.picture.drawing, 1.0, 0, y))
        placed.append(replace(plan, picture=moved))
        y += plan.height + gap
    return placed


def _picture_row(page: Page, picture: Picture, row: Rect, plan: RowPlan) -> None:
    pad = ROW_PAD
    fitted = plan.picture
    number_ = picture.number
    frame = Shape(
        f"Picture {number_}: frame",
        "roundRect",
        row,
        fill=tint(page.color("lt2") if "lt2" in page.theme.colors else "F2F2F2", 0.5),
        line=tint(page.color("dk2"), 0.3),
        line_width=0.75,
        adjust=(0.06,),
    )
    badge = Rect(row.x + pad, row.y + pad, 18, 18)
    accent = page.color("accent1")
    number = Shape(
        f"Picture {number_}: number",
        "ellipse",
        badge,
        fill=accent,
        label=page.label(
            str(number_),
            badge,
            fill=accent,
            max_size=9.5,
            min_size=7,
            bold=True,
            insets=NO_INSETS,
        ),
    )
    column = Rect(row.x + pad, row.y + pad, plan.column, row.h - 2 * pad)
    title = page.text(
        f"Picture {number_}: title",
        picture.title,
        Rect(badge.right + 4, column.y - 1, column.right - badge.right - 4, 30),
        max_pt=10.5,
        min_pt=8,
        bold=True,
        color=page.color("dk2"),
        anchor="t",
        what="title",
    )
    credit = content_as(picture.slide, DiagramContent).data.get("credit")
    credit_h = CREDIT_H if credit else 0.0
    elements: list[Element] = [frame, number, title]
    if picture.takeaway:
        box = _message_box(picture, column)
        elements.append(
            page.text(
                f"Picture {number_}: message",
                picture.takeaway,
                box,
                max_pt=9,
                min_pt=7,
                bold=True,
                color=page.color("dk1"),
                what="takeaway",
            )
        )
    if credit:  # a diagram's credit line is as wide as the diagram: here it goes beside it
        elements.append(
            page.text(
                f"Picture {number_}: credit",
                credit,
                Rect(column.x, column.bottom - credit_h, column.w, credit_h),
                max_pt=6,
                min_pt=5.5,
                anchor="b",
                what="credit",
            )
        )
    alt = " ".join(str(t) for t in (picture.title, picture.takeaway) if t)
    page.add(f"Picture {number_}: {picture.title}", alt, *elements)
    if fitted.problems:
        page.diag.warn(
            fitted.problems[0].loc or picture.slide.loc,
            problem_message("summary handout", str(picture.title), fitted.problems, PICTURE_MIN_PT),
        )
    add_drawing(page.slide, fitted.drawing, page.theme.body_font, page.script)


def _credit(deck: Deck) -> str | None:
    """The deck's first credit (the source article), for the summary's footer."""
    for slide in deck.slides:
        credits = slide.content.get("credits") if slide.type == "closing" else None
        if credits:
            return credits[0]
    return None


# ---------------------------------------------------------------- 2. "Over to you" worksheet


def worksheet_page(page: Page, content: HandoutContent, _: Callable[..., str]) -> str:
    sheet: Worksheet = content.worksheet
    page_title(page, sheet.title, None)
    _name_line(page, _("Name or group:"), BODY_TOP - 10)
    y = _line_section(page, sheet, BODY_TOP + 20, _)
    y += 16
    questions = sheet.questions or (_("Your notes"),)
    gap = 10.0
    share = (BODY_BOTTOM - y - gap * (len(questions) - 1)) / len(questions)
    for number, question in enumerate(questions, 1):
        top = y + (number - 1) * (share + gap)
        prompt = page.text(
            f"Question {number}",
            question,
            Rect(MARGIN, top, CONTENT_W, 30),
            max_pt=11.5,
            min_pt=8.5,
            bold=True,
            color=page.color("dk2"),
            anchor="b",
            what="question",
        )
        space = writing_space(
            page, f"Answer {number}", Rect(MARGIN, top + 32, CONTENT_W, share - 32)
        )
        page.add(f"Question {number}", str(question), prompt, *space)
    page_footer(page)
    return str(sheet.title)


def _line_section(page: Page, sheet: Worksheet, top: float, _: Callable[..., str]) -> float:
    """The to–for–with line to mark, with its instructions; returns the y below it."""
    heading = page.text(
        "Line: heading",
        _("Where is it now? Where should it be?"),
        Rect(MARGIN, top, CONTENT_W, 25),
        max_pt=13,
        min_pt=10,
        bold=True,
        color=page.color("dk2"),
        what="heading",
    )
    steps = _(
        "Think of one service. Write its name here, then mark the line: "
        "an X where it is now, and a circle where it should be."
    )
    how = page.text(
        "Line: how to mark it",
        steps,
        Rect(MARGIN, top + 25, CONTENT_W, 32),
        max_pt=10.5,
        what="instructions",
    )
    service_y = top + 58
    service = page.text(
        "Line: service",
        _("Service:"),
        Rect(MARGIN, service_y, 70, 20),
        max_pt=10.5,
        bold=True,
        anchor="b",
    )
    service_line = Connector(
        "Line: service (write here)",
        (MARGIN + 72, service_y + 19),
        (MARGIN + CONTENT_W, service_y + 19),
        tint(page.color("dk1"), 0.45),
        0.75,
        head=False,
    )
    line_y = service_y + 54
    ink = page.color("dk1")
    x0, x1 = MARGIN + 10, MARGIN + CONTENT_W - 10
    axis = Connector(
        "Line: to, for, with", (x0, line_y), (x1, line_y), ink, 2.25, head=True, tail=True
    )
    elements: list[Element] = [heading, how, service, service_line, axis]
    slot = (x1 - x0) / len(sheet.line)
    marks = {x0 + slot * (i + 0.5) for i in range(len(sheet.line))}
    for tick in range(1, 12):  # light ticks between the points help people place a mark
        tx = x0 + (x1 - x0) * tick / 12
        if min(abs(tx - m) for m in marks) > 4:
            elements.append(
                Connector(
                    f"Line: tick {tick}",
                    (tx, line_y - 5),
                    (tx, line_y + 5),
                    tint(ink, 0.5),
                    0.75,
                    head=False,
                )
            )
    for index, point in enumerate(sheet.line):
        cx = x0 + slot * (index + 0.5)
        color = page.color(point.color)
        elements.append(
            Shape(
                f"Line: point {index + 1}",
                "ellipse",
                Rect(cx - 8, line_y - 8, 16, 16),
                fill=color,
                line=ink,
                line_width=1.0,
            )
        )
        elements.append(
            page.text(
                f"Line: label {index + 1}",
                point.label,
                Rect(cx - slot / 2 + 4, line_y + 12, slot - 8, 32),
                max_pt=11.5,
                min_pt=8.5,
                bold=True,
                align="ctr",
                what="line label",
            )
        )
    labels = ", ".join(str(p.label) for p in sheet.line)
    page.add("The to-for-with line", f"{steps} {labels}", *elements)
    return line_y + 46


# ---------------------------------------------------------------- 3. feedback form


def feedback_page(page: Page, content: HandoutContent, _: Callable[..., str]) -> str:
    form: FeedbackForm = content.feedback
    page_title(page, form.title, _("Please fill this in before you go. Your name is optional."))
    _name_line(page, _("Name:"), BODY_TOP)
    top = BODY_TOP + 34
    weights = [_section_weight(s) for s in form.sections]
    heading_h, gap = 28.0, 14.0
    fixed = sum(heading_h + gap + _scale_count(s) * 44 for s in form.sections)
    free = BODY_BOTTOM - top - fixed
    for section, weight in zip(form.sections, weights, strict=True):
        height = heading_h + _scale_count(section) * 44 + free * weight / sum(weights)
        _form_section(page, section, Rect(MARGIN, top, CONTENT_W, height))
        top += height + gap
    page_footer(page)
    return str(form.title)


def _section_weight(section: FormSection) -> float:
    written = sum(1 for p in section.prompts if not p.scale)
    return written * (1.6 if section.action else 1.0)


def _scale_count(section: FormSection) -> int:
    return sum(1 for p in section.prompts if p.scale)


def _form_section(page: Page, section: FormSection, area: Rect) -> None:
    accent = page.color("accent1")
    elements: list[Element] = []
    kind = "Action" if section.action else "Feedback"
    if section.action:  # the part that matters most: framed in the accent colour
        elements.append(
            Shape(f"{kind}: frame", "rect", area.inset(-6, -4), line=accent, line_width=1.75)
        )
    elements.append(
        page.text(
            f"{kind}: heading",
            section.heading,
            Rect(area.x, area.y, area.w, 26),
            max_pt=13,
            min_pt=10,
            bold=True,
            color=page.color("dk2"),
            what="heading",
        )
    )
    y = area.y + 30
    written = [p for p in section.prompts if not p.scale]
    share = (area.bottom - y - 44 * (len(section.prompts) - len(written))) / max(1, len(written))
    for number, prompt in enumerate(section.prompts, 1):
        name = f"{kind} {number}"
        if prompt.scale:
            elements += _scale_row(page, name, prompt.text, Rect(area.x, y, area.w, 40))
            y += 44
            continue
        elements.append(
            page.text(
                name,
                prompt.text,
                Rect(area.x, y, area.w, 22),
                max_pt=10.5,
                min_pt=8,
                anchor="b",
                what="question",
            )
        )
        elements += writing_space(
            page, f"{name}: write here", Rect(area.x, y + 24, area.w, share - 30)
        )
        y += share
    page.add(f"{kind}: {section.heading}", str(section.heading), *elements)


def _scale_row(page: Page, name: str, text, rect: Rect) -> Sequence[Element]:
    """The question, then five numbered circles to tick."""
    question = page.text(
        name,
        text,
        Rect(rect.x, rect.y, rect.w * 0.55, rect.h),
        max_pt=10.5,
        min_pt=8,
        anchor="ctr",
        what="question",
    )
    elements: list[Element] = [question]
    ink = page.color("dk1")
    start = rect.x + rect.w * 0.58
    step = (rect.right - start) / 5
    for value in range(1, 6):
        box = Rect(start + (value - 1) * step + (step - 26) / 2, rect.cy - 13, 26, 26)
        elements.append(
            Shape(
                f"{name}: {value}",
                "ellipse",
                box,
                fill=page.color("lt1"),
                line=ink,
                line_width=1.0,
                label=page.label(
                    str(value),
                    box,
                    fill=page.color("lt1"),
                    max_size=11,
                    min_size=8,
                    insets=NO_INSETS,
                ),
            )
        )
    return elements


# ---------------------------------------------------------------- helpers


def _name_line(page: Page, label: str, y: float) -> None:
    """``label`` and a line to write on after it."""
    width = min(120.0, 8 + _text_width(label, 10.5, page.ctx.font))
    text = page.text("Name", label, Rect(MARGIN, y, width, 20), max_pt=10.5, bold=True, anchor="b")
    line = Connector(
        "Name (write here)",
        (MARGIN + width + 2, y + 19),
        (MARGIN + CONTENT_W / 2 + 60, y + 19),
        tint(page.color("dk1"), 0.45),
        0.75,
        head=False,
    )
    page.add("Name", label, text, line)


def _text_width(text: str, size: float, font: str) -> float:
    return text_width_pt(text, size, font, bold=True)


def _emu(points: float) -> int:
    return int(round(points * 12700))


def _lang_of(text) -> str | None:
    if getattr(text, "fallback", False) or getattr(text, "fallback_lang", None):
        return getattr(text, "fallback_lang", None)
    return None


PAGES = {"summary": summary_page, "worksheet": worksheet_page, "feedback": feedback_page}
