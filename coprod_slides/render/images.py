"""Loading pictures from specs safely: inside the project, not too big, not a bomb."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from ..errors import Loc, SpecError
from ..inputs import IMAGE_MAX_BYTES, IMAGE_MAX_PHOTO_PIXELS, IMAGE_MAX_PIXELS, read_asset
from ..inputs import resolve_asset as resolve_asset  # re-exported: assets resolve there

MAX_IMAGE_BYTES = IMAGE_MAX_BYTES
MAX_PIXELS = IMAGE_MAX_PIXELS  # decoded in full: PNG, GIF, BMP, TIFF, WebP (e.g. 8000 × 5000)
# A JPEG (what cameras and phones write) is decoded at 1/2, 1/4 or 1/8 of its size (Pillow's
# draft mode), never above ~2 × MAX_EDGE on a side, so a 48 MP or 108 MP photo costs about as
# much memory as a 12 MP one. Over this many pixels it is a bomb, not a photo.
MAX_PHOTO_PIXELS = IMAGE_MAX_PHOTO_PIXELS  # 108 MP phone photos (12000 × 9000) and a margin
MAX_EDGE = 2560  # longer edge after downscaling: sharp on a 4K projector, small in the file
ALLOWED_FORMATS = {
    "PNG": "png",
    "JPEG": "jpeg",
    "GIF": "png",
    "BMP": "png",
    "TIFF": "png",
    "WEBP": "png",
}


@dataclass(frozen=True)
class LoadedImage:
    data: bytes
    ext: str  # png or jpeg
    width: int
    height: int


def load_image(path: Path, loc: Loc | None, ref: str) -> LoadedImage:
    """Read, check and normalise a picture: EXIF orientation applied, huge ones downscaled."""
    data = read_asset(path, ref, "image", loc, MAX_IMAGE_BYTES)
    Image.MAX_IMAGE_PIXELS = MAX_PHOTO_PIXELS  # Pillow's own check; ours is per format below
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                fmt = img.format or ""
                if fmt not in ALLOWED_FORMATS:
                    raise SpecError(
                        f"image '{ref}' is {fmt or 'an unknown format'}; use PNG "
                        "or JPEG (SVG and other formats are not supported)",
                        loc,
                    )
                limit = MAX_PHOTO_PIXELS if fmt == "JPEG" else MAX_PIXELS
                if img.width * img.height > limit:
                    raise SpecError(_bomb_message(ref, img.width, img.height, fmt), loc)
                if fmt == "JPEG":  # decode at a reduced size: bounded memory for photos
                    img.draft(img.mode, (MAX_EDGE, MAX_EDGE))
                img.load()
                ImageOps.exif_transpose(img, in_place=True)  # no second full-size copy
                return _normalise(img, fmt, ref, loc)
    except SpecError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise SpecError(
            f"image '{ref}' decompresses to more than {MAX_PHOTO_PIXELS:,} pixels "
            "(a decompression bomb?); use a smaller image",
            loc,
        ) from None
    except UnidentifiedImageError:
        if _looks_like_svg(data):
            raise SpecError(
                f"image '{ref}' is SVG, which decks cannot embed here; export it "
                "as PNG (or use a diagram slide)",
                loc,
            ) from None
        raise SpecError(
            f"image '{ref}' is not a picture (or is damaged beyond reading): it is not PNG, "
            "JPEG, GIF, BMP, TIFF or WebP; export it as PNG or JPEG",
            loc,
        ) from None
    except (OSError, SyntaxError, ValueError) as exc:
        detail = "the file ends too soon" if "truncated" in str(exc) else str(exc)
        raise SpecError(
            f"image '{ref}' is damaged or truncated ({detail}); re-export it", loc
        ) from None


def _looks_like_svg(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<svg", b"<?xml")) and b"<svg" in head


def _bomb_message(ref: str, width: int, height: int, fmt: str) -> str:
    if fmt == "JPEG":
        return (
            f"image '{ref}' is {width}×{height} pixels, more than the "
            f"{MAX_PHOTO_PIXELS:,}-pixel limit for photos (a decompression bomb?); "
            "scale it down first"
        )
    return (
        f"image '{ref}' is {width}×{height} pixels, more than the {MAX_PIXELS:,}-pixel "
        f"limit for {fmt or 'this format'} pictures (JPEG photos may have up to "
        f"{MAX_PHOTO_PIXELS // 1_000_000} million); scale it down or save it as JPEG"
    )


def _normalise(img, fmt: str, ref: str, loc: Loc | None) -> LoadedImage:
    if max(img.size) > MAX_EDGE:
        img.thumbnail((MAX_EDGE, MAX_EDGE), Image.Resampling.LANCZOS)  # in place: ours since load()
    out = io.BytesIO()
    ext = ALLOWED_FORMATS[fmt]
    if ext == "jpeg":
        if img.mode not in ("RGB", "L"):
            img = img.convert("RGB")
        img.save(out, "JPEG", quality=88, optimize=True)
    else:
        if img.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            img = img.convert("RGBA")
        img.save(out, "PNG", optimize=False, compress_level=6)
    return LoadedImage(out.getvalue(), ext, img.width, img.height)
