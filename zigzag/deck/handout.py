"""``handout.pdf``: one A4 page a slide, with the section's heading, its settled last frame and its
notes, in the course's font, drawn with cairo (already installed with manim): real text, searchable
and copyable, set as glyphs, never interpreted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from zigzag.deck import DeckSlide, DeckStyle

__all__ = ["write_handout"]

PAGE_WIDTH, PAGE_HEIGHT = 595.28, 841.89  # A4 in points
MARGIN = 48.0
HEADING_SIZE = 15.0
SMALL_SIZE = 9.0
NOTES_SIZE = 11.5
NOTES_SMALLEST = 7.0
LINE_SPACING = 1.35
# The frame takes at most this share of the page's inner height.
FRAME_SHARE = 0.5
GAP = 14.0
# The frame's pictures are embedded at most this many pixels wide (about 140 dpi on the page).
FRAME_PIXELS = 1000
INK = (0.1, 0.1, 0.1)
MUTED = (0.4, 0.4, 0.4)


def _rgb(colour: str) -> tuple[float, float, float]:
    value = colour.lstrip("#")
    return int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255


def _wrap(context: object, words: str, width: float) -> list[str]:
    """``words`` in lines no wider than ``width`` at the context's font (a blank line kept)."""
    lines: list[str] = []
    for paragraph in words.split("\n"):
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}" if line else word
            if line and context.text_extents(trial).x_advance > width:  # type: ignore[attr-defined]
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return lines


def _write_lines(context: object, lines: list[str], x: float, y: float, size: float) -> float:
    for line in lines:
        y += size * LINE_SPACING
        context.move_to(x, y)  # type: ignore[attr-defined]
        context.show_text(line)  # type: ignore[attr-defined]
    return y


def _notes_size(context: object, notes: str, width: float, room: float) -> tuple[float, list[str]]:
    """The largest notes size (down to the smallest) whose wrapped lines fit ``room``."""
    size = NOTES_SIZE
    while True:
        context.set_font_size(size)  # type: ignore[attr-defined]
        lines = _wrap(context, notes, width)
        if len(lines) * size * LINE_SPACING <= room or size <= NOTES_SMALLEST:
            return size, lines
        size -= 0.5


def _surface(frame: Image.Image) -> Any:
    """``frame`` as a cairo image, at most :data:`FRAME_PIXELS` wide (enough for the page)."""
    import cairo

    if frame.width > FRAME_PIXELS:
        frame = frame.resize((FRAME_PIXELS, round(frame.height * FRAME_PIXELS / frame.width)), Image.Resampling.BILINEAR)
    pixels = np.asarray(frame.convert("RGBA"))[:, :, [2, 1, 0, 3]].copy()  # cairo's byte order: BGRA
    return cairo.ImageSurface.create_for_data(memoryview(pixels), cairo.FORMAT_RGB24, frame.width, frame.height)


def _page(context: object, slide: DeckSlide, frame: Image.Image, number: int, total: int, style: DeckStyle) -> None:
    import cairo

    c: cairo.Context = context  # type: ignore[assignment]
    inner = PAGE_WIDTH - 2 * MARGIN
    c.select_font_face(style.font, cairo.FONT_SLANT_NORMAL, cairo.FONT_WEIGHT_NORMAL)
    c.set_source_rgb(*MUTED)
    c.set_font_size(SMALL_SIZE)
    c.move_to(MARGIN, MARGIN)
    c.show_text(f"{style.title} · {number}/{total} · {slide.section}")
    c.set_source_rgb(*INK)
    c.set_font_size(HEADING_SIZE)
    y = _write_lines(c, _wrap(c, slide.heading, inner), MARGIN, MARGIN + GAP, HEADING_SIZE)
    image = _surface(frame)
    scale = min(inner / image.get_width(), FRAME_SHARE * (PAGE_HEIGHT - 2 * MARGIN) / image.get_height())
    y += GAP
    c.save()
    c.translate(MARGIN, y)
    c.scale(scale, scale)
    c.set_source_surface(image, 0, 0)
    c.paint()
    c.restore()
    c.set_source_rgb(*_rgb(style.accent))
    c.rectangle(MARGIN, y, image.get_width() * scale, image.get_height() * scale)
    c.set_line_width(0.75)
    c.stroke()
    y += image.get_height() * scale + GAP
    c.set_source_rgb(*INK)
    size, lines = _notes_size(c, slide.notes, inner, PAGE_HEIGHT - MARGIN - y)
    c.set_font_size(size)
    _write_lines(c, lines, MARGIN, y, size)
    c.show_page()


def write_handout(path: Path, slides: list[DeckSlide], frames: list[Image.Image], style: DeckStyle) -> None:
    """Write the deck's handout to ``path``."""
    import cairo

    surface = cairo.PDFSurface(str(path), PAGE_WIDTH, PAGE_HEIGHT)
    surface.set_metadata(cairo.PDFMetadata.TITLE, style.title)
    if style.author:
        surface.set_metadata(cairo.PDFMetadata.AUTHOR, style.author)
    if style.credits:
        surface.set_metadata(cairo.PDFMetadata.SUBJECT, style.credits)
    context = cairo.Context(surface)
    for number, (slide, frame) in enumerate(zip(slides, frames, strict=True), start=1):
        _page(context, slide, frame, number, len(slides), style)
    surface.finish()
