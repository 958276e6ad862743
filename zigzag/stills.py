"""Stills of any moment, and a contact sheet of a scene's sections, without rendering video.

A still is drawn by walking the scene (:mod:`zigzag.walk`): the frames before the moment are never
drawn, so a still comes in about the time the scene takes to build. The moment is a time in seconds
(the video frame at that time), a section's name (its settled last frame), or nothing (the settled
final frame, never a frame part-way through a fade).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from zigzag.walk import walk_scene

if TYPE_CHECKING:
    from manim import Scene

__all__ = ["Still", "at_name", "contact_sheet", "parse_at", "section_stills", "still_at"]

SHEET_COLUMNS = 3
SHEET_THUMB_WIDTH = 480
SHEET_GAP = 16
SHEET_LABEL = 22
LABEL_SMALLEST = 11


@dataclass(frozen=True, slots=True)
class Still:
    """A picture of one moment: RGB pixels, the video frame, its time and its section."""

    pixels: np.ndarray
    frame: int
    seconds: float
    section: str


def parse_at(value: str | None) -> float | str | None:
    """``--at``: seconds (``12.5``, ``12.5s``), a section name, or ``None`` for the final frame."""
    if value is None or value == "":
        return None
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*s?\s*", value)
    return float(match.group(1)) if match else value.strip()


def at_name(at: float | str | None) -> str:
    """How a moment appears in a file name: ``""``, ``at-12.5s`` or the section's name."""
    if at is None:
        return ""
    if isinstance(at, float):
        return f"at-{at:g}s"
    return re.sub(r"[^A-Za-z0-9_-]+", "-", at)


def _section_of(sections: list[tuple[str, int]], frame: int) -> str:
    names = [name for name, start in sections if start <= frame]
    return names[-1] if names else ""


def still_at(scene_class: type[Scene], values: dict[str, Any], at: float | str | None) -> Still:
    """The still of ``scene_class`` at ``at`` under the manim settings ``values``.

    Raises
    ------
    KeyError
        ``at`` names a section the scene does not have (the message lists its sections).
    """
    fps = int(values["frame_rate"])
    if isinstance(at, str):
        walk = walk_scene(scene_class, values, sections=at)
        if not walk.section_stills:
            names = ", ".join(name for name, _ in walk.sections)
            raise KeyError(f"no section {at!r}; sections: {names}")
        name, frame, pixels = walk.section_stills[0]
        return Still(pixels, frame, frame / fps, name)
    wanted = -1 if at is None else round(at * fps)
    walk = walk_scene(scene_class, values, still_frame=wanted)
    assert walk.still is not None
    frame = walk.frames - 1 if wanted < 0 or wanted >= walk.frames else wanted
    return Still(walk.still, frame, frame / fps, _section_of(walk.sections, frame))


def section_stills(scene_class: type[Scene], values: dict[str, Any]) -> list[Still]:
    """The settled end of every section of ``scene_class``, in order."""
    fps = int(values["frame_rate"])
    walk = walk_scene(scene_class, values, sections=True)
    return [Still(pixels, frame, frame / fps, name) for name, frame, pixels in walk.section_stills]


def _label_font(size: int) -> Any:
    from PIL import ImageFont

    tool = shutil.which("fc-match")
    if tool:
        found = subprocess.run([tool, "-f", "%{file}", "sans"], capture_output=True, text=True, check=False)
        if found.stdout and Path(found.stdout).is_file():
            return ImageFont.truetype(found.stdout, size)
    return ImageFont.load_default(size)


def _fitted(draw: Any, words: str, width: int, fonts: dict[int, Any]) -> tuple[str, Any]:
    """``words`` and the largest of ``fonts`` they fit ``width`` in; cut short with "…" at the
    smallest when even that is too wide."""
    for size in sorted(fonts, reverse=True):
        if draw.textlength(words, font=fonts[size]) <= width:
            return words, fonts[size]
    font = fonts[min(fonts)]
    while len(words) > 1 and draw.textlength(words + "…", font=font) > width:
        words = words[:-1]
    return words + "…", font


def contact_sheet(stills: list[Still], background: str, foreground: str) -> bytes:
    """One PNG: a thumbnail per still with its section's name and time, in rows of
    :data:`SHEET_COLUMNS` (one column for portrait frames' sake when there are few)."""
    from PIL import Image, ImageDraw

    height, width = stills[0].pixels.shape[:2]
    thumb_w = SHEET_THUMB_WIDTH if width >= height else round(SHEET_THUMB_WIDTH * width / height)
    thumb_h = round(thumb_w * height / width)
    columns = min(SHEET_COLUMNS if width >= height else SHEET_COLUMNS + 1, len(stills))
    rows = -(-len(stills) // columns)
    cell_h = thumb_h + 2 * SHEET_LABEL + 2 * SHEET_GAP
    sheet = Image.new("RGB", (columns * (thumb_w + SHEET_GAP) + SHEET_GAP, rows * cell_h + SHEET_GAP),
                      background)
    draw = ImageDraw.Draw(sheet)
    fonts = {size: _label_font(size) for size in range(SHEET_LABEL - 4, LABEL_SMALLEST - 1, -1)}
    for index, still in enumerate(stills):
        row, column = divmod(index, columns)
        x = SHEET_GAP + column * (thumb_w + SHEET_GAP)
        y = SHEET_GAP + row * cell_h
        thumb = Image.fromarray(still.pixels).resize((thumb_w, thumb_h), Image.Resampling.LANCZOS)
        sheet.paste(thumb, (x, y))
        draw.rectangle((x - 1, y - 1, x + thumb_w, y + thumb_h), outline=foreground)
        minutes, seconds = divmod(still.seconds, 60)
        # The section's name on one line (smaller, then cut short, if it is wider than its
        # thumbnail), its time on the next.
        name, font = _fitted(draw, still.section, thumb_w, fonts)
        top = y + thumb_h + SHEET_GAP // 2
        draw.text((x, top), name, fill=foreground, font=font)
        draw.text((x, top + SHEET_LABEL), f"{int(minutes)}:{seconds:05.2f}", fill=foreground, font=fonts[SHEET_LABEL - 4])
    buffer = io.BytesIO()
    sheet.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def png_bytes(pixels: np.ndarray) -> bytes:
    """``pixels`` as a PNG file's bytes."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
