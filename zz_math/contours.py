"""Contour lines of the toy's quadratic loss, exact and clipped to a viewing box.

For squared error the mean loss is exactly ``L(w) = L(w*) + ½ (w − w*)ᵀ C (w − w*)`` with
``C = E[x xᵀ]``, so each level set is an ellipse around the optimum whose axes are the eigenvectors
of ``C``. Tracing it with :func:`zz_math.ellipses.level_ellipse` is exact and needs no grid
(marching squares on :func:`zz_math.metrics.loss_grid` would only approximate it). The ellipse is
then cut exactly at the edges of the rectangle the scene shows, which can leave several pieces.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from zz_math._types import FloatArray
from zz_math.ellipses import level_ellipse

__all__ = ["ContourLine", "clip_polyline", "quadratic_contours"]

ELLIPSE_SAMPLES = 241


@dataclass(frozen=True, slots=True)
class ContourLine:
    """One loss level, as the polylines of its ellipse that lie inside the box.

    Attributes
    ----------
    level
        Loss value of the line.
    pieces
        Polylines, each of shape ``(P, 2)``; empty when the ellipse misses the box or the level is
        at or below the minimum loss.
    """

    level: float
    pieces: tuple[FloatArray, ...]


def _clip_segment(
    start: FloatArray, end: FloatArray, bounds: tuple[float, float, float, float]
) -> tuple[float, float] | None:
    """Liang–Barsky: the parameter interval of ``start → end`` inside ``bounds``, or ``None``."""
    delta = end - start
    low, high = 0.0, 1.0
    dx, dy = float(delta[0]), float(delta[1])
    x, y = float(start[0]), float(start[1])
    checks = ((-dx, x - bounds[0]), (dx, bounds[1] - x), (-dy, y - bounds[2]), (dy, bounds[3] - y))
    for p, q in checks:
        if p == 0.0:
            if q < 0.0:
                return None
            continue
        t = q / p  # Python floats: overflow gives ±inf, which the comparisons handle
        if p < 0.0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return None
    return low, high


def clip_polyline(
    points: FloatArray, bounds: tuple[float, float, float, float]
) -> tuple[FloatArray, ...]:
    """Pieces of the polyline ``points`` inside ``(x_min, x_max, y_min, y_max)``.

    Unlike :func:`zz_math.ellipses.clip_to_box`, which keeps the sample points inside, segments are
    cut exactly where they cross the box, so a line that leaves the box ends on its edge. When the polyline is closed (last point
    equals the first) a piece that runs through the closing point is kept in one piece.
    """
    p = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    pieces: list[list[FloatArray]] = []
    current: list[FloatArray] | None = None
    for start, end in itertools.pairwise(p):
        interval = _clip_segment(start, end, bounds)
        if interval is None:
            current = None
            continue
        t0, t1 = interval
        a = start + t0 * (end - start)
        b = start + t1 * (end - start)
        if current is None or t0 > 0.0:
            current = [a]
            pieces.append(current)
        current.append(b)
        if t1 < 1.0:
            current = None
    closed = len(p) > 2 and np.array_equal(p[0], p[-1])
    if closed and len(pieces) > 1 and np.array_equal(pieces[-1][-1], pieces[0][0]):
        pieces[0] = pieces.pop()[:-1] + pieces[0]
    return tuple(np.asarray(piece, dtype=np.float64) for piece in pieces if len(piece) > 1)


def quadratic_contours(
    centre: FloatArray | tuple[float, float],
    matrix: FloatArray,
    floor: float,
    levels: FloatArray | tuple[float, ...],
    bounds: tuple[float, float, float, float],
    samples: int = ELLIPSE_SAMPLES,
) -> tuple[ContourLine, ...]:
    """Contour lines of ``floor + ½ (w − centre)ᵀ matrix (w − centre)`` at ``levels``, clipped."""
    lines = []
    eigenvalues, eigenvectors = np.linalg.eigh(np.asarray(matrix, dtype=np.float64))
    for level in np.asarray(levels, dtype=np.float64):
        excess = float(level) - floor
        pieces: tuple[FloatArray, ...] = ()
        if excess > 0:
            ring = level_ellipse(np.asarray(centre), eigenvalues, eigenvectors, excess, samples)
            pieces = clip_polyline(ring, bounds)
        lines.append(ContourLine(level=float(level), pieces=pieces))
    return tuple(lines)
