"""The digest's small bar chart of incidents per day, drawn straight into a PNG.

Mail clients drop SVG and scripts, so the chart is a plain 8-bit RGB PNG written
with ``zlib`` and ``struct``: a few kilobytes, no imaging library. Labels are text
in the message around the picture, not pixels, so the PNG needs no font.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence

Colour = tuple[int, int, int]

BACKGROUND: Colour = (255, 255, 255)
GRID: Colour = (226, 230, 236)
AXIS: Colour = (120, 128, 140)
BAR: Colour = (70, 110, 170)
HIGHLIGHT: Colour = (196, 40, 40)


def encode_png(pixels: Sequence[bytes | bytearray], width: int) -> bytes:
    """A PNG of RGB rows (``3 * width`` bytes each), filter type 0 on every row."""
    if not pixels or any(len(row) != 3 * width for row in pixels):
        raise ValueError(f"every row must hold {3 * width} bytes for width {width}")
    raw = b"".join(b"\x00" + bytes(row) for row in pixels)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return (
            struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, len(pixels), 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def bar_chart(
    values: Sequence[int],
    *,
    bar_width: int = 16,
    gap: int = 4,
    height: int = 120,
    padding: int = 8,
    highlight_last: bool = True,
) -> bytes:
    """A PNG bar chart of ``values`` left to right; the last bar in red when ``highlight_last``.

    Faint grid lines mark every whole count when the largest value is small, every fifth,
    tenth... otherwise. A day with nothing gets a thin stub so the days stay countable.
    """
    count = max(len(values), 1)
    width = padding * 2 + count * bar_width + (count - 1) * gap
    total_height = height + padding * 2
    top = max(max(values, default=0), 1)
    canvas = [bytearray(bytes(BACKGROUND) * width) for _ in range(total_height)]
    baseline = padding + height  # the row just below the plot area

    def fill(x0: int, y0: int, x1: int, y1: int, colour: Colour) -> None:
        for y in range(max(y0, 0), min(y1, total_height)):
            row = canvas[y]
            row[3 * max(x0, 0) : 3 * min(x1, width)] = bytes(colour) * (min(x1, width) - max(x0, 0))

    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 10**9) if top / s <= 6)
    for level in range(step, top + 1, step):
        y = baseline - round(level * height / top)
        fill(padding, y, width - padding, y + 1, GRID)
    for index, value in enumerate(values):
        x = padding + index * (bar_width + gap)
        bar_height = round(value * height / top) if value > 0 else 0
        colour = HIGHLIGHT if highlight_last and index == len(values) - 1 else BAR
        if bar_height:
            fill(x, baseline - bar_height, x + bar_width, baseline, colour)
        else:
            fill(x, baseline - 2, x + bar_width, baseline, GRID)
    fill(padding - 2, baseline, width - padding + 2, baseline + 2, AXIS)
    return encode_png(canvas, width)
