"""Photo intake: verify it is an image, strip all metadata, bound its size."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_SIDE = 2048
MAX_PIXELS = 60_000_000


class ImageRejected(ValueError):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    extension: str
    width: int
    height: int


def clean_image(data: bytes, *, max_bytes: int) -> CleanImage:
    """Re-encode `data` without EXIF/GPS/XMP metadata. Raises ImageRejected(code)."""
    if len(data) > max_bytes:
        raise ImageRejected("too_large")
    if not data:
        raise ImageRejected("empty")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            if fmt not in ALLOWED_FORMATS:
                raise ImageRejected("format")
            if probe.width * probe.height > MAX_PIXELS:
                raise ImageRejected("too_many_pixels")
            probe.verify()
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            img = ImageOps.exif_transpose(opened)
            img.thumbnail((MAX_SIDE, MAX_SIDE))
            has_alpha = img.mode in ("RGBA", "LA") or (
                img.mode == "P" and "transparency" in img.info
            )
            out = io.BytesIO()
            if has_alpha:
                clean = img.convert("RGBA")
                clean.save(out, format="PNG", optimize=True)
                ext = "png"
            else:
                clean = img.convert("RGB")
                clean.save(out, format="JPEG", quality=85, optimize=True)
                ext = "jpg"
            return CleanImage(out.getvalue(), ext, clean.width, clean.height)
    except ImageRejected:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombError,
    ) as error:
        raise ImageRejected("not_image") from error
