"""Drawing parts that several scenes share: the weight plane and groups whose children have names.

A part owns its geometry and answers questions about it, so a scene never computes screen
positions by hand nor picks a child by its index: ``plane.point_of(w_star)``,
``panel.part("path")``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
from manim import LEFT, UP, Axes, Circle, Dot, Mobject, VGroup, VMobject

from zz_math._types import FloatArray

__all__ = ["LONE_ROW", "ROW", "SECTION", "FigureTable", "Parts", "WeightPlane"]


class Parts(VGroup):
    """A :class:`VGroup` whose children are also reachable by name, in the order given."""

    def __init__(self, **parts: Mobject) -> None:
        super().__init__(*parts.values())
        self.names = tuple(parts)

    def part(self, name: str) -> Any:
        """The child called ``name``."""
        try:
            return self.submobjects[self.names.index(name)]
        except ValueError:
            raise KeyError(f"no part {name!r}; parts: {', '.join(self.names)}") from None


class WeightPlane(VGroup):
    """The ``(w1, w2)`` plane over ``bounds`` with equal units on both axes and no ticks.

    Parameters
    ----------
    bounds
        ``(w1_min, w1_max, w2_min, w2_max)``.
    height
        Height of the plane on screen.
    max_width
        Widest the plane may be; the unit shrinks to respect it.
    colour
        Colour of the axes.
    stroke_width
        Width of the axes' lines (manim's default when ``None``).
    """

    def __init__(
        self,
        bounds: tuple[float, float, float, float],
        *,
        height: float,
        colour: Any,
        max_width: float | None = None,
        stroke_width: float | None = None,
        **kwargs: Any,
    ) -> None:
        w1_min, w1_max, w2_min, w2_max = bounds
        unit = height / (w2_max - w2_min)
        if max_width is not None:
            unit = min(unit, max_width / (w1_max - w1_min))
        axis_config: dict[str, Any] = {"color": colour, "include_ticks": False}
        if stroke_width is not None:
            axis_config["stroke_width"] = stroke_width
        self.bounds = bounds
        self.axes = Axes(
            x_range=[w1_min, w1_max, w1_max - w1_min],
            y_range=[w2_min, w2_max, w2_max - w2_min],
            x_length=unit * (w1_max - w1_min),
            y_length=unit * (w2_max - w2_min),
            tips=False,
            axis_config=axis_config,
        )
        super().__init__(self.axes, **kwargs)

    def point_of(self, weights: FloatArray | Iterable[float]) -> np.ndarray:
        """Screen point of the weights ``(w1, w2)``."""
        w1, w2 = (float(v) for v in weights)
        return np.asarray(self.axes.c2p(w1, w2))

    def weights_of(self, point: np.ndarray) -> np.ndarray:
        """The weights ``(w1, w2)`` at a screen point."""
        return np.asarray(self.axes.p2c(point), dtype=np.float64)[:2]

    def polyline(self, weights: FloatArray, colour: Any, stroke_width: float) -> VMobject:
        """A polyline through ``weights`` (one row per corner)."""
        line = VMobject(stroke_color=colour, stroke_width=stroke_width)
        line.set_points_as_corners(self.axes.c2p(np.asarray(weights, dtype=np.float64)))
        return line

    def polylines(self, pieces: Iterable[FloatArray], colour: Any, stroke_width: float) -> VGroup:
        """One polyline per piece (contours and ellipses, already clipped to the bounds)."""
        return VGroup(*(self.polyline(piece, colour, stroke_width) for piece in pieces))

    def dot(self, weights: FloatArray, radius: float, colour: Any) -> Dot:
        """A dot at ``weights``."""
        return Dot(self.point_of(weights), radius=radius, color=colour)

    def ring(self, weights: FloatArray, radius: float, colour: Any, stroke_width: float) -> Circle:
        """A ring around ``weights`` (the optimum's marker in the small planes)."""
        return Circle(radius=radius, color=colour, stroke_width=stroke_width).move_to(
            self.point_of(weights)
        )


SECTION, ROW, LONE_ROW = "section", "row", "lone-row"


class FigureTable(VGroup):
    """Row labels under column headers, with an anchor at the centre of every cell.

    Rows are addressed by name: ``table.cell("step", 0)`` is where row ``step`` of column 0 puts
    its value, ``table.label("step")`` the row's label. A row's kind is :data:`SECTION` (a heading),
    :data:`ROW` (indented under a heading) or :data:`LONE_ROW`. Columns are as wide as their widest
    header (at least ``min_column``), the label column as wide as its widest label. A row is
    ``row_height`` tall, and taller by what a label of several lines adds (to ``one_line``, the
    lowest label's height unless given).
    """

    def __init__(  # noqa: PLR0913 - the four sizes of a table and its line, each by name
        self,
        rows: list[tuple[str, Mobject, str]],
        headers: list[Mobject],
        *,
        row_height: float,
        indent: float,
        min_column: float,
        gap: float,
        one_line: float | None = None,
    ) -> None:
        self.names = tuple(name for name, _, _ in rows)
        self.labels = VGroup(*(label for _, label, _ in rows))
        self.headers = VGroup(*headers)
        indents = [indent if kind == ROW else 0.0 for _, _, kind in rows]
        label_column = 2 * gap + max(
            label.width + shift
            for (_, label, kind), shift in zip(rows, indents, strict=True)
            if kind != SECTION
        )
        value_column = max(min_column, max(h.width for h in headers) + gap)
        centres = [label_column + (c + 0.5) * value_column for c in range(len(headers))]
        for header, x in zip(self.headers, centres, strict=True):
            header.move_to(np.array([x, 0.0, 0.0])).align_to(self.headers[0], UP)
        self.cells: list[list[Mobject]] = []
        edge = -row_height / 2  # top of the next row
        # The height of a label of one line: the lowest label's, unless given (a page of a longer
        # table keeps the whole table's rows).
        self.one_line = one_line if one_line is not None else min(label.height for label in self.labels)
        one_line = self.one_line
        for label, shift in zip(self.labels, indents, strict=True):
            # A label of several lines makes its row taller by what it adds to one line.
            height = row_height + max(0.0, label.height - one_line)
            y = edge - height / 2
            edge -= height
            label.move_to(np.array([shift, y, 0.0]), aligned_edge=LEFT)
            self.cells.append(
                [Dot(np.array([x, y, 0.0]), radius=0.001).set_opacity(0.0) for x in centres]
            )
        super().__init__(self.headers, self.labels, VGroup(*(c for row in self.cells for c in row)))

    def row(self, name: str) -> int:
        """Index of row ``name``."""
        try:
            return self.names.index(name)
        except ValueError:
            raise KeyError(f"no row {name!r}; rows: {', '.join(self.names)}") from None

    def cell(self, name: str, column: int) -> Mobject:
        """The anchor at the centre of row ``name``'s cell in ``column``."""
        return self.cells[self.row(name)][column]

    def label(self, name: str) -> Mobject:
        """The label of row ``name``."""
        return self.labels[self.row(name)]
