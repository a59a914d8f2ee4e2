"""Camera photos (48 MP and more) are accepted and downscaled; bombs are still refused."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from click.testing import CliRunner
from PIL import Image
from pptx import Presentation

from coprod_slides.build import build
from coprod_slides.cli import main
from coprod_slides.errors import SpecError

SPEC = "title: T\nslides:\n  - {type: image, image: %s, alt: A photo from the workshop}\n"


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _picture(data: bytes):
    slide = Presentation(io.BytesIO(data)).slides[0]
    return next(s for s in slide.shapes if s.shape_type == 13)


def test_a_48_megapixel_phone_photo_is_accepted_and_downscaled(tmp_path, write_spec):
    photo = Image.new("RGB", (8000, 6000), (0, 114, 178))
    exif = photo.getexif()
    exif[0x0112] = 6  # held upright: the camera says "rotate 90°"
    photo.save(tmp_path / "IMG_0001.jpg", quality=85, exif=exif)
    picture = _picture(build(write_spec(SPEC % "IMG_0001.jpg")).data)
    assert picture.image.size == (1920, 2560)  # portrait, long edge 2,560 px
    assert picture.image.content_type == "image/jpeg"


def test_a_huge_png_is_refused_with_what_to_do(tmp_path, write_spec, monkeypatch):
    header = struct.pack(">IIBBBBB", 8000, 6000, 8, 2, 0, 0, 0)  # checked before decoding
    (tmp_path / "scan.png").write_bytes(
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(b"\0"))
    )
    monkeypatch.chdir(tmp_path)
    write_spec(SPEC % "scan.png")
    result = CliRunner().invoke(main, ["build", "deck.yaml"])
    assert result.exit_code == 1
    assert (
        "deck.yaml:3:26: image 'scan.png' is 8000×6000 pixels, more than the 40,000,000-pixel "
        "limit for PNG pictures (JPEG photos may have up to 120 million); scale it down or "
        "save it as JPEG"
    ) in result.output


def test_a_jpeg_declaring_400_million_pixels_is_a_bomb(tmp_path, write_spec):
    small = io.BytesIO()
    Image.new("RGB", (16, 16), "white").save(small, "JPEG")
    data = small.getvalue()
    sof = data.index(b"\xff\xc0")  # baseline frame header: length, precision, height, width
    data = data[: sof + 5] + struct.pack(">HH", 20000, 20000) + data[sof + 9 :]
    (tmp_path / "bomb.jpg").write_bytes(data)
    with pytest.raises(SpecError) as error:
        build(write_spec(SPEC % "bomb.jpg"))
    assert "image 'bomb.jpg' decompresses to more than 120,000,000 pixels" in str(error.value)
