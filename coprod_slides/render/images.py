"""Loading pictures from specs safely: inside the project, not too big, not a bomb."""

from __future__ import annotations

import errno
import io
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path

from ..errors import Loc, SpecError

MAX_IMAGE_BYTES = 30 * 1024 * 1024
MAX_PIXELS = 40_000_000  # decompressed size we accept (e.g. 8000 × 5000)
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


def resolve_asset(
    ref: str, base_dir: Path, loc: Loc | None, *, allow_outside: bool = False, what: str = "image"
) -> Path:
    """Resolve a spec-relative asset path; refuse escapes from the spec's folder tree."""
    raw = Path(ref)
    path = raw if raw.is_absolute() else base_dir / raw
    try:
        # symlinks are followed first, so one inside the folder pointing outside is refused
        resolved = path.resolve()
        root = base_dir.resolve()
        if not allow_outside and not resolved.is_relative_to(root):
            raise SpecError(
                f"{what} '{ref}' is outside the spec's folder ({root}); move it into the "
                "project or pass --allow-outside-assets",
                loc,
            )
        try:
            info = resolved.stat()
        except FileNotFoundError:
            raise SpecError(
                f"{what} '{ref}' not found (looked for {resolved}); check the "
                "path, which is relative to the spec file",
                loc,
            ) from None
        if not stat.S_ISREG(info.st_mode):
            raise SpecError(f"{what} '{ref}' is not a file", loc)
    except (OSError, RuntimeError) as exc:  # a symlink loop, a name too long, …
        loop = isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == errno.ELOOP
        reason = "a symlink loop" if loop else getattr(exc, "strerror", None) or str(exc)
        raise SpecError(f"{what} '{ref}' cannot be read ({reason}); check the path", loc) from None
    return resolved


def load_image(path: Path, loc: Loc | None, ref: str) -> LoadedImage:
    """Read, check and normalise a picture: EXIF orientation applied, huge ones downscaled."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        raise SpecError(
            f"image '{ref}' is {size // (1024 * 1024)} MiB; the limit is "
            f"{MAX_IMAGE_BYTES // (1024 * 1024)} MiB — export a smaller file",
            loc,
        )
    with path.open("rb") as handle:  # bounded, should the file grow after stat()
        data = handle.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise SpecError(
            f"image '{ref}' is over the {MAX_IMAGE_BYTES // (1024 * 1024)} MiB "
            "limit — export a smaller file",
            loc,
        )
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
