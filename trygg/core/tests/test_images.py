"""Photo intake: a crafted image cannot make one upload take hundreds of megabytes."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageFile

from trygg.core.images import MAX_DIMENSION, MAX_PIXELS, ImageRejected, clean_image

ROOT = Path(__file__).resolve().parents[3]


def _chunk(kind: bytes, payload: bytes) -> bytes:
    return (
        struct.pack(">I", len(payload))
        + kind
        + payload
        + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)
    )


def png_claiming(width: int, height: int, *, rows: int = 4) -> bytes:
    """A small, well-formed PNG header declaring width x height RGBA (pixel data cut short)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    raw = (b"\x00" + b"\x00" * 4 * width) * rows
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", zlib.compress(raw, 9))
        + _chunk(b"IEND", b"")
    )


def _png(width: int, height: int, mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (width, height), "white").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "size",
    [(8000, 7600), (MAX_DIMENSION + 1, 100), (100, MAX_DIMENSION + 1), (30_000, 30_000)],
)
def test_a_huge_declared_size_is_refused_from_the_header_without_decoding(size, monkeypatch):
    data = png_claiming(*size)
    assert len(data) < 200_000  # a few kilobytes claiming tens of megapixels

    def no_decoding(self, *args, **kwargs):
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    started = time.perf_counter()
    with pytest.raises(ImageRejected) as info:
        clean_image(data, max_bytes=8 * 1024 * 1024)
    assert info.value.code == "too_many_pixels"
    assert time.perf_counter() - started < 0.5


def test_an_ordinary_photo_is_shrunk_and_kept():
    cleaned = clean_image(_png(3000, 2000), max_bytes=8 * 1024 * 1024)
    assert (cleaned.width, cleaned.height) == (2048, 1365)
    assert cleaned.extension == "jpg"


def test_a_large_jpeg_is_decoded_at_reduced_scale(monkeypatch):
    buffer = io.BytesIO()
    Image.new("RGB", (5000, 4000), "gray").save(buffer, format="JPEG", quality=50)
    seen = []
    original = ImageFile.ImageFile.load

    def spy(self):
        seen.append(self.size)
        return original(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy)
    cleaned = clean_image(buffer.getvalue(), max_bytes=8 * 1024 * 1024)
    assert max(cleaned.width, cleaned.height) == 2048
    assert seen and max(w * h for w, h in seen) <= 2500 * 2000  # draft: 1/2 scale, not 20 MP


def test_the_pixel_limit_is_at_most_24_megapixels():
    assert MAX_PIXELS <= 24_000_000
    assert Image.MAX_IMAGE_PIXELS is not None and Image.MAX_IMAGE_PIXELS <= MAX_PIXELS


MEMORY_PROBE = """
import resource, sys
sys.path.insert(0, {root!r})
from trygg.core.images import clean_image
data = open({path!r}, "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
clean_image(data, max_bytes=8 * 1024 * 1024)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print((after - before) // 1024)
"""


def test_memory_of_one_upload_at_the_pixel_limit_is_bounded(tmp_path):
    """A compressed-to-nothing RGBA PNG just under the limit (the 227 KB / 760 MB case was 60
    megapixels): decoding it takes one copy, not four."""
    side = int(MAX_PIXELS**0.5) - 1
    path = tmp_path / "bomb.png"
    Image.new("RGBA", (side, side), (10, 20, 30, 255)).save(path, format="PNG")
    assert path.stat().st_size < 1_000_000
    code = MEMORY_PROBE.format(root=str(ROOT), path=str(path))
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    grown_mb = int(result.stdout.strip())
    decoded_mb = side * side * 4 / 1024 / 1024
    assert grown_mb < decoded_mb * 1.6, f"{grown_mb} MB for a {decoded_mb:.0f} MB image"
