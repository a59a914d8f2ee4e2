"""Loading pictures from specs safely: inside the project, not too big, not a bomb."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from ..errors import Loc, SpecError
from ..inputs import IMAGE_MAX_BYTES, IMAGE_MAX_PIXELS, read_asset
from ..inputs import resolve_asset as resolve_asset  # re-exported: assets resolve there

MAX_IMAGE_BYTES = IMAGE_MAX_BYTES
MAX_PIXELS = IMAGE_MAX_PIXELS  # decompressed size we accept (e.g. 8000 × 5000)
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
    from PIL import Image, ImageOps, UnidentifiedImageError

    data = read_asset(path, ref, "image", loc, MAX_IMAGE_BYTES)
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
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
                if img.width * img.height > MAX_PIXELS:
                    raise SpecError(_bomb_message(ref, img.width, img.height), loc)
                img.load()
                img = ImageOps.exif_transpose(img)
                return _normalise(img, fmt, ref, loc)
    except SpecError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise SpecError(
            f"image '{ref}' decompresses to more than {MAX_PIXELS:,} pixels "
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
            f"image '{ref}' is not a picture Pillow can read; use PNG or JPEG", loc
        ) from None
    except (OSError, SyntaxError, ValueError) as exc:
        detail = "the file ends too soon" if "truncated" in str(exc) else str(exc)
        raise SpecError(
            f"image '{ref}' is damaged or truncated ({detail}); re-export it", loc
        ) from None


def _looks_like_svg(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<svg", b"<?xml")) and b"<svg" in head


def _bomb_message(ref: str, width: int, height: int) -> str:
    return (
        f"image '{ref}' is {width}×{height} pixels, more than the {MAX_PIXELS:,}-pixel "
        "limit; scale it down first"
    )


def _normalise(img, fmt: str, ref: str, loc: Loc | None) -> LoadedImage:
    from PIL import Image

    if max(img.size) > MAX_EDGE:
        img = img.copy()
        img.thumbnail((MAX_EDGE, MAX_EDGE), Image.LANCZOS)
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
