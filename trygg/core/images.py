"""Photo intake: verify it is an image, strip all metadata, bound its size and its memory.

The pixel limits are checked on the header alone (``Image.open`` reads no pixel data), before
anything is decoded: a few kilobytes of PNG can declare a 60-megapixel image whose decoding
takes hundreds of megabytes. JPEGs are decoded at a reduced scale (``draft``) when they are
larger than needed, and the image is shrunk before it is rotated and converted, so one upload
holds at most one full decoded copy, of at most ``MAX_DECODED_BYTES``.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_SIDE = 2048
"""The stored photo's longest side."""
MAX_PIXELS = 24_000_000
"""Width x height of an accepted photo (a 24-megapixel camera; phones take 12)."""
MAX_DIMENSION = 12_000
"""Longest side of an accepted photo (panoramas)."""
MAX_DECODED_BYTES = 100 * 1024 * 1024
"""Memory that decoding one photo may take (after JPEG draft scaling)."""

# Pillow's own bomb guard, as a second line: it warns above and refuses at twice this.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

_BYTES_PER_PIXEL = {"1": 1, "L": 1, "P": 1, "LA": 2, "RGB": 3, "YCbCr": 3, "RGBA": 4, "CMYK": 4}


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


def _check_header(image: Image.Image) -> None:
    """Refuse by the declared size, before any pixel is decoded."""
    width, height = image.size
    if (
        width < 1
        or height < 1
        or width > MAX_DIMENSION
        or height > MAX_DIMENSION
        or width * height > MAX_PIXELS
    ):
        raise ImageRejected("too_many_pixels")


def _decoded_bytes(image: Image.Image) -> int:
    width, height = image.size
    return width * height * _BYTES_PER_PIXEL.get(image.mode, 8)


def clean_image(data: bytes, *, max_bytes: int) -> CleanImage:
    """Re-encode `data` without EXIF/GPS/XMP metadata. Raises ImageRejected(code)."""
    if len(data) > max_bytes:
        raise ImageRejected("too_large")
    if not data:
        raise ImageRejected("empty")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ALLOWED_FORMATS:
                raise ImageRejected("format")
            _check_header(probe)
            probe.verify()
        with Image.open(io.BytesIO(data)) as opened:
            _check_header(opened)
            width, height = opened.size
            scale = MAX_SIDE / max(width, height)
            if opened.format == "JPEG" and scale < 1:
                # decode at 1/2, 1/4 or 1/8 scale when that still gives the stored size
                opened.draft("RGB", (math.ceil(width * scale), math.ceil(height * scale)))
            if _decoded_bytes(opened) > MAX_DECODED_BYTES:
                raise ImageRejected("too_many_pixels")
            opened.thumbnail((MAX_SIDE, MAX_SIDE))  # decodes, then shrinks in place
            img = ImageOps.exif_transpose(opened)
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
    except Image.DecompressionBombError as error:
        raise ImageRejected("too_many_pixels") from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise ImageRejected("not_image") from error
