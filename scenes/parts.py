"""Drawing parts that several scenes share: the weight plane and groups whose children have names.

A part owns its geometry and answers questions about it, so a scene never computes screen
positions by hand nor picks a child by its index: ``plane.point_of(w_star)``,
``panel.part("path")``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
from manim import Axes, Circle, Dot, Mobject, VGroup, VMobject

from zz_math._types import FloatArray

__all__ = ["Parts", "WeightPlane"]


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
