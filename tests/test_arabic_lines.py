"""Arabic lines as renderers set them: Noto Sans Arabic's own line height (2.11 em, room for
stacked marks) is not what LibreOffice or PowerPoint lay out, so text in it is written at an
explicit line pitch (1.35 em) and fitted at that pitch: not shrunk for space it never uses,
and never taller than its box."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import features
from pptx import Presentation
from pptx.util import Emu

from coprod_slides.build import build
from coprod_slides.layout.fonts import SET_LINE_RATIO
from coprod_slides.preview import pptx_to_pdf

from .conftest import soffice

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

# Twelve short points: the box's height, not its width, decides the size.
ARABIC = [
    "نسأل مبكرا",
    "نستمع جيدا",
    "نتقاسم القرار",
    "ندفع للناس",
    "نبني الثقة",
    "نتعلم معا",
    "نصمم معا",
    "ننفذ معا",
    "نراجع معا",
    "نشارك النتائج",
    "نحترم الوقت",
    "نعود للناس",
]
ENGLISH = [
    "Ask early",
    "Listen well",
    "Share decisions",
    "Pay people",
    "Build trust",
    "Learn together",
    "Design together",
    "Deliver together",
    "Review together",
    "Share results",
    "Respect time",
    "Report back",
]

# Six longer points, Arabic and English translations of each other: the width decides.
ARABIC_POINTS = [
    "الناس يعرفون حياتهم أفضل من أي شخص آخر، ولديهم خبرة حقيقية في الخدمات التي يستخدمونها كل يوم",
    "القرارات التي نتخذها معا تدوم أطول، لأن كل من يتأثر بها كان له صوت في صنعها",
    "عندما نعمل معا منذ البداية نتجنب الأخطاء المكلفة ونبني الثقة بين الناس والمؤسسات",
    "المشاركة الحقيقية تعني تقاسم السلطة وليس مجرد طلب الرأي بعد اتخاذ القرار",
    "نبدأ بالسؤال عما يهم الناس، ثم نصمم الخدمة معهم خطوة بخطوة، ونراجعها معا بانتظام",
    "لا أحد يملك كل الإجابات وحده، ولذلك نحتاج إلى كل من يعرف جزءا من الصورة",
]
ENGLISH_POINTS = [
    "People know their own lives better than anyone else, and they have real experience of the "
    "services they use every day",
    "Decisions we make together last longer, because everyone affected by them had a voice in "
    "making them",
    "When we work together from the start we avoid costly mistakes and build trust between "
    "people and organisations",
    "Real participation means sharing power, not just asking for opinions after the decision "
    "is made",
    "We start by asking what matters to people, then design the service with them step by "
    "step, and review it together",
    "Nobody has all the answers alone, so we need everyone who knows a piece of the picture",
]


def _deck(folder: Path, language: str, title: str, bullets: list[str]) -> Presentation:
    spec = folder / f"{language}.yaml"
    items = "\n".join(f'      - "{b}"' for b in bullets)
    spec.write_text(
        f'title: "{title}"\nlanguage: {language}\nslides:\n  - type: bullets\n    id: points\n'
        f'    title: "{title}"\n    bullets:\n{items}\n',
        encoding="utf-8",
    )
    result = build(spec)
    assert not [str(w) for w in result.diagnostics.warnings if "does not fit" in str(w)]
    (folder / f"{language}.pptx").write_bytes(result.data)
    return Presentation(io.BytesIO(result.data))


def _body(prs):
    return next(s for s in prs.slides[0].placeholders if s.placeholder_format.idx == 1)


def _size(shape) -> float:
    return shape.text_frame.paragraphs[0].runs[0].font.size.pt


def test_arabic_is_not_set_smaller_than_english_for_its_line_height(tmp_path):
    arabic = _body(_deck(tmp_path, "ar", "ما نفعله", ARABIC))
    english = _body(_deck(tmp_path, "en-GB", "What we do", ENGLISH))
    # the same twelve lines: only the line pitch differs (1.35 em against 1.2)
    assert _size(arabic) >= _size(english) * 1.2 / SET_LINE_RATIO - 0.5
    for p in arabic.text_frame._txBody.iter(f"{A}p"):
        pitch = p.find(f"{A}pPr/{A}lnSpc/{A}spcPts")
        assert pitch is not None, "every Arabic paragraph carries its line pitch"
        assert int(pitch.get("val")) == round(SET_LINE_RATIO * _size(arabic) * 100)
    assert english.text_frame._txBody.find(f".//{A}lnSpc/{A}spcPts") is None  # English as before


@pytest.mark.skipif(
    not features.check_feature("raqm"), reason="Pillow without libraqm measures Arabic unjoined"
)
def test_arabic_words_are_measured_joined_not_letter_by_letter(tmp_path):
    arabic = _body(_deck(tmp_path, "ar", "لماذا يهم", ARABIC_POINTS))
    english = _body(_deck(tmp_path, "en-GB", "Why it matters", ENGLISH_POINTS))
    assert _size(arabic) >= _size(english)  # the same points: not set smaller than English


RENDERED = {"short points": ARABIC, "long points": ARABIC_POINTS}


@pytest.mark.skipif(
    not soffice() or not shutil.which("pdftotext"),
    reason="LibreOffice and poppler's pdftotext render the slide; CI installs them via .ci/run",
)
@pytest.mark.parametrize("case", RENDERED)
def test_rendered_arabic_lines_stay_inside_their_box(tmp_path, case):
    points = RENDERED[case]
    prs = _deck(tmp_path, "ar", "ما نفعله", points)
    body = _body(prs)
    size = _size(body)
    top, bottom = Emu(body.top).pt, Emu(body.top + body.height).pt
    pdf = pptx_to_pdf((tmp_path / "ar.pptx").read_bytes(), "ar-render", tmp_path, soffice())
    boxes = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [
        (float(y0), float(y1))
        for y0, y1 in re.findall(
            r'<line xMin="[^"]*" yMin="([^"]*)" xMax="[^"]*" yMax="([^"]*)"', boxes
        )
    ]
    inside = [line for line in lines if top <= line[0] < bottom]
    assert max(y1 for _, y1 in inside) <= bottom  # the glyph boxes of the last line end inside
    if points is not ARABIC:
        return
    assert len(inside) == len(ARABIC)  # one line per point
    starts = [y0 for y0, _ in inside]
    gap = int(
        body.text_frame._txBody.findall(f"{A}p")[1].find(f"{A}pPr/{A}spcBef/{A}spcPts").get("val")
    )
    pitch = SET_LINE_RATIO * size + gap / 100  # the written line pitch and the space between points
    steps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert all(abs(step - pitch) < 0.3 for step in steps), (pitch, steps)
