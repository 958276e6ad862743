"""The frame a scene is drawn in: its shape, its safe area, its regions and the smallest text.

Every scene lays itself out from a :class:`Layout` built from the frame it is rendering, never from
typed frame coordinates, so 16:9, 4:3, 1:1 and 9:16 all follow from this one place:

- the frame's short side is always :data:`SHORT_SIDE` units, so a font size means the same number of
  pixels in every shape at one quality;
- the safe area leaves :data:`SAFE_MARGIN` of each side free;
- no letter is smaller than the floor: capitals at least :data:`CAP_FLOOR` of the short side and at
  least :data:`CAP_FLOOR_PIXELS` on the rendered picture (what a 640 px GIF needs; narrower GIFs are
  drawn :data:`GIF_DRAWN_WIDTH` wide and scaled down); font sizes are
  raised to meet it, never lowered;
- regions (:class:`Box`) split side by side where there is width and stacked where there is height.
"""

from __future__ import annotations

import functools
import math
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

if TYPE_CHECKING:  # the command line sizes frames without importing manim
    from manim import Mobject

__all__ = [
    "ASPECTS",
    "CAP_FLOOR",
    "CAP_FLOOR_PIXELS",
    "GIF_DRAWN_WIDTH",
    "SAFE_MARGIN",
    "SHORT_SIDE",
    "Box",
    "Layout",
    "as_label",
    "as_panel",
    "aspect_tag",
    "cap_ratio",
    "fit_drawing",
    "frame_units",
    "pixel_size",
    "text_height",
    "text_width",
]

ASPECTS: dict[str, tuple[int, int]] = {"16:9": (16, 9), "4:3": (4, 3), "1:1": (1, 1), "9:16": (9, 16)}
SHORT_SIDE = 8.0
SAFE_MARGIN = 0.05
CAP_FLOOR = 0.025
CAP_FLOOR_PIXELS = 12
# The narrowest a GIF is drawn: every scene's words fit every shape there with the pixel floor
# met (audited at 640 × 360). A narrower GIF is drawn at this width and scaled down, so that its
# layout is the 640 px one and its smallest letters are proportionally under the floor.
GIF_DRAWN_WIDTH = 640
# A frame this much wider than tall puts things side by side; this much taller, stacks them.
WIDE = 1.2

Shape = Literal["wide", "square", "tall"]


def frame_units(aspect: str) -> tuple[float, float]:
    """``(width, height)`` of the frame in manim units: the short side is :data:`SHORT_SIDE`."""
    across, down = ASPECTS[aspect]
    if across >= down:
        return SHORT_SIDE * across / down, SHORT_SIDE
    return SHORT_SIDE, SHORT_SIDE * down / across


def aspect_tag(aspect: str) -> str:
    """``aspect`` in a file name: ``16x9``."""
    return aspect.replace(":", "x")


def pixel_size(aspect: str, short_side: int) -> tuple[int, int]:
    """``(width, height)`` in pixels with ``short_side`` pixels on the short side (even numbers)."""
    across, down = ASPECTS[aspect]
    long_side = 2 * round(short_side * max(across, down) / min(across, down) / 2)
    return (long_side, short_side) if across >= down else (short_side, long_side)


@functools.cache
def cap_ratio(font: str, kind: Literal["text", "math"] = "text") -> float:
    """Height of a capital letter per point of font size, measured (``Text`` in ``font``, or TeX)."""
    from manim import MathTex, Text

    from scenes.safe_tex import sans_template

    size = 100.0
    letter = (
        Text("H", font=font, font_size=size)
        if kind == "text"
        else MathTex(r"\mathrm{H}", font_size=size, tex_template=sans_template())
    )
    return float(letter.height) / size


@dataclass(frozen=True, slots=True)
class Box:
    """A region of the frame: ``left``, ``right``, ``bottom``, ``top`` in manim units."""

    left: float
    right: float
    bottom: float
    top: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom

    @property
    def center(self) -> np.ndarray:
        return np.array([(self.left + self.right) / 2, (self.bottom + self.top) / 2, 0.0])

    @property
    def shape(self) -> Shape:
        """``wide``, ``square`` or ``tall``."""
        ratio = self.width / self.height
        return "wide" if ratio >= WIDE else "tall" if ratio <= 1 / WIDE else "square"

    def below(self, y: float, gap: float = 0.0) -> Box:
        """The part of this box under the height ``y`` (less ``gap``)."""
        return Box(self.left, self.right, self.bottom, min(self.top, y - gap))

    def above(self, y: float, gap: float = 0.0) -> Box:
        """The part of this box over the height ``y`` (plus ``gap``)."""
        return Box(self.left, self.right, max(self.bottom, y + gap), self.top)

    def rows(self, weights: Sequence[float], gap: float) -> list[Box]:
        """The box cut into rows from top to bottom, heights in proportion to ``weights``."""
        room = self.height - gap * (len(weights) - 1)
        boxes, top = [], self.top
        for weight in weights:
            height = room * weight / sum(weights)
            boxes.append(Box(self.left, self.right, top - height, top))
            top -= height + gap
        return boxes

    def columns(self, weights: Sequence[float], gap: float) -> list[Box]:
        """The box cut into columns from left to right, widths in proportion to ``weights``."""
        room = self.width - gap * (len(weights) - 1)
        boxes, left = [], self.left
        for weight in weights:
            width = room * weight / sum(weights)
            boxes.append(Box(left, left + width, self.bottom, self.top))
            left += width + gap
        return boxes

    def split(self, weights: Sequence[float], gap: float) -> list[Box]:
        """Side by side in a wide box, stacked otherwise."""
        return self.columns(weights, gap) if self.shape == "wide" else self.rows(weights, gap)

    def grid(self, count: int, item_aspect: float, gap: float) -> list[Box]:
        """``count`` cells of width/height ``item_aspect`` in the rows × columns that make them
        largest, row by row; the cells are centred in the box."""
        best: tuple[float, int, int] = (0.0, 1, count)
        for columns in range(1, count + 1):
            rows = math.ceil(count / columns)
            cell_w = (self.width - gap * (columns - 1)) / columns
            cell_h = (self.height - gap * (rows - 1)) / rows
            scale = min(cell_w / item_aspect, cell_h)
            if scale > best[0] + 1e-9:
                best = (scale, rows, columns)
        height, rows, columns = best
        width = height * item_aspect
        top = self.center[1] + (rows * height + (rows - 1) * gap) / 2
        cells = []
        for index in range(count):
            row, column = divmod(index, columns)
            in_row = min(columns, count - row * columns)
            left = self.center[0] - (in_row * width + (in_row - 1) * gap) / 2 + column * (width + gap)
            y_top = top - row * (height + gap)
            cells.append(Box(left, left + width, y_top - height, y_top))
        return cells

    def fit(self, mobject: Mobject, *, grow: bool = False) -> Mobject:
        """Scale ``mobject`` to fit inside the box (down only unless ``grow``) and centre it there."""
        scale = min(self.width / max(mobject.width, 1e-9), self.height / max(mobject.height, 1e-9))
        if scale < 1 or grow:
            mobject.scale(scale)
        return mobject.move_to(self.center)

    def holds(self, mobject: Mobject, tolerance: float = 1e-6) -> bool:
        """Whether ``mobject``'s bounding box is inside this box."""
        return bool(
            mobject.get_left()[0] >= self.left - tolerance
            and mobject.get_right()[0] <= self.right + tolerance
            and mobject.get_bottom()[1] >= self.bottom - tolerance
            and mobject.get_top()[1] <= self.top + tolerance
        )


@dataclass(frozen=True, slots=True)
class Layout:
    """The frame being rendered: its size in units and pixels, its safe area and its text floor.

    Attributes
    ----------
    frame_width, frame_height
        The frame in manim units.
    pixel_height
        Its height on the rendered picture.
    font
        The course's font family (the floor is measured in it).
    """

    frame_width: float
    frame_height: float
    pixel_height: int
    font: str

    @property
    def short_side(self) -> float:
        return min(self.frame_width, self.frame_height)

    @property
    def frame(self) -> Box:
        return Box(-self.frame_width / 2, self.frame_width / 2, -self.frame_height / 2, self.frame_height / 2)

    @property
    def safe(self) -> Box:
        """The frame less :data:`SAFE_MARGIN` of its width and of its height on every side."""
        dx, dy = SAFE_MARGIN * self.frame_width, SAFE_MARGIN * self.frame_height
        return Box(-self.frame_width / 2 + dx, self.frame_width / 2 - dx,
                   -self.frame_height / 2 + dy, self.frame_height / 2 - dy)

    @property
    def shape(self) -> Shape:
        return self.frame.shape

    @property
    def units_per_pixel(self) -> float:
        return self.frame_height / self.pixel_height

    @property
    def cap_floor(self) -> float:
        """Smallest capital height on screen, in units."""
        return max(CAP_FLOOR * self.short_side, CAP_FLOOR_PIXELS * self.units_per_pixel)

    def text_size(self, size: float) -> float:
        """Font size for :class:`Text` of nominal ``size``, raised so its capitals meet the floor."""
        return max(size, self.cap_floor / cap_ratio(self.font, "text"))

    def math_size(self, size: float) -> float:
        """Font size for :class:`MathTex` of nominal ``size``, raised so its capitals meet the floor."""
        return max(size, self.cap_floor / cap_ratio(self.font, "math"))


def as_panel(mobject: Mobject, name: str) -> Mobject:
    """Mark ``mobject`` as a panel called ``name`` (a plane, a plot, a diagram) for the layout audit:
    no text from elsewhere and no other panel may overlap it."""
    mobject.panel_name = name  # type: ignore[attr-defined]
    return mobject


def as_label(text: Mobject, panel: Mobject) -> Mobject:
    """Mark ``text`` as a label drawn on ``panel`` (allowed to overlap it, not other texts)."""
    # A weak reference: copying the label (every animation copies what it moves) must not copy
    # the whole panel with it.
    text.label_of = weakref.ref(panel)  # type: ignore[attr-defined]
    return text


# A sample of letters, digits and spaces that calibrates measured widths against manim's Text.
CALIBRATION = "The quick brown fox jumps 0123456789"
MEASURE_SIZE = 20


@functools.cache
def _font_file(font: str) -> str | None:
    """The file fontconfig picks for ``font`` (``None`` without ``fc-match``)."""
    import shutil
    import subprocess

    tool = shutil.which("fc-match")
    if tool is None:
        return None
    found = subprocess.run([tool, "-f", "%{file}", font], capture_output=True, text=True, check=False)
    return found.stdout.strip() or None


@functools.cache
def _measurer(font: str) -> tuple[object, float] | None:
    """A FreeType face of ``font`` and the factor from its lengths to :class:`Text` widths."""
    from manim import Text
    from PIL import ImageFont

    path = _font_file(font)
    if path is None:
        return None
    face = ImageFont.truetype(path, MEASURE_SIZE)
    length = face.getlength(CALIBRATION)
    return face, Text(CALIBRATION, font=font, font_size=MEASURE_SIZE).width / length


def text_width(words: str, font: str, size: float) -> float:
    """Width in units of ``words`` set as :class:`Text` in ``font`` at ``size``, measured with
    FreeType (a :class:`Text` is built only when the font file cannot be found)."""
    measurer = _measurer(font)
    if measurer is None:
        from manim import Text

        return float(Text(words, font=font, font_size=size).width)
    face, factor = measurer
    return float(face.getlength(words)) * factor * size / MEASURE_SIZE  # type: ignore[attr-defined]


@functools.cache
def text_height(font: str, size: float) -> float:
    """Height of one line of :class:`Text` in ``font`` at ``size`` with capitals and descenders."""
    from manim import Text

    return float(Text("ÉHgjpqy", font=font, font_size=size).height)


# A drawing fitted to a box: how many times it is drawn again smaller, and what overflow is none.
FIT_ROUNDS = 4
FIT_SLACK = 1e-3


def fit_drawing(draw: Callable[[float, float], Any], box: Box, aspects: tuple[float, float], name: str,
                rounds: int = FIT_ROUNDS) -> Any:
    """``draw(width, height)`` as large as ``box`` holds at a width/height ratio within ``aspects``,
    marked as the panel ``name`` and centred in ``box``. Labels that stick out take room from the
    drawing: it is drawn again smaller, at most ``rounds`` times."""
    low, high = aspects
    width, height = min(box.width, box.height * high), min(box.height, box.width / low)
    drawing = draw(width, height)
    for _ in range(rounds):
        over_w, over_h = drawing.width - box.width, drawing.height - box.height
        if over_w <= FIT_SLACK and over_h <= FIT_SLACK:
            break
        width, height = width - max(over_w, 0.0), height - max(over_h, 0.0)
        drawing = draw(width, height)
    as_panel(drawing, name)
    return drawing.move_to(box.center)

