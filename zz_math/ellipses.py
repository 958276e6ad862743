"""Level sets of a quadratic loss: curvature ellipses from an eigen-decomposition.

For squared error the loss is ``L(w) = L(w*) + ½ (w − w*)ᵀ C (w − w*)`` with ``C = E[x xᵀ]``, so the
set where the loss exceeds its minimum by ``e`` is an ellipse around ``w*`` whose semi-axes point
along the eigenvectors of ``C`` and measure ``√(2e / λ)``. A large condition number makes it long
and thin: the valley that plain gradient descent zig-zags across.
"""

from __future__ import annotations

import numpy as np

from zz_math._types import FloatArray

__all__ = [
    "clip_to_box",
    "ellipse_levels",
    "level_ellipse",
    "mean_outer_product",
    "semi_axes",
]

DEFAULT_POINTS = 361


def semi_axes(eigenvalues: FloatArray, excess: float) -> FloatArray:
    """Semi-axis lengths ``√(2 e / λ_i)`` of the level set ``½ dᵀ C d = e``, one per eigenvalue."""
    values = np.asarray(eigenvalues, dtype=np.float64)
    if np.any(values <= 0):
        raise ValueError(f"eigenvalues must be > 0 for a bounded level set, got {values!r}")
    if excess < 0:
        raise ValueError(f"excess must be ≥ 0, got {excess!r}")
    return np.asarray(np.sqrt(2.0 * excess / values))


def level_ellipse(
    center: FloatArray,
    eigenvalues: FloatArray,
    eigenvectors: FloatArray,
    excess: float,
    n_points: int = DEFAULT_POINTS,
) -> FloatArray:
    """Closed polyline of the points ``w`` with ``½ (w − center)ᵀ C (w − center) = excess``.

    ``C`` is given by its eigenvalues and unit eigenvectors (as columns). Returns shape
    ``(n_points, 2)``; the last point repeats the first.
    """
    if n_points < 3:
        raise ValueError(f"n_points must be ≥ 3, got {n_points}")
    radii = semi_axes(eigenvalues, excess)
    angle = np.linspace(0.0, 2.0 * np.pi, n_points)
    unit_circle = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    points = np.asarray(center, dtype=np.float64) + (unit_circle * radii) @ np.asarray(
        eigenvectors, dtype=np.float64
    ).T
    points[-1] = points[0]
    return np.asarray(points)


def ellipse_levels(
    matrix: FloatArray,
    center: FloatArray,
    through: FloatArray,
    count: int,
    inner_share: float = 0.05,
) -> FloatArray:
    """Loss excesses for ``count`` nested ellipses, the outermost through the point ``through``.

    Excesses fall geometrically down to ``inner_share`` of the outermost one, so the rings are
    evenly spaced in log-distance from the centre. Returned from outermost to innermost.
    """
    if count < 1:
        raise ValueError(f"count must be ≥ 1, got {count}")
    if not 0 < inner_share <= 1:
        raise ValueError(f"inner_share must be in (0, 1], got {inner_share!r}")
    delta = np.asarray(through, dtype=np.float64) - np.asarray(center, dtype=np.float64)
    outer = 0.5 * float(delta @ np.asarray(matrix, dtype=np.float64) @ delta)
    return np.asarray(outer * np.geomspace(1.0, inner_share, count))


def clip_to_box(
    points: FloatArray, bounds: tuple[float, float, float, float]
) -> list[FloatArray]:
    """Pieces of a closed polyline that lie inside ``(x_min, x_max, y_min, y_max)``.

    Each piece is a run of consecutive points inside the box (at least two points); a run that
    wraps past the end of the closed polyline is joined into one piece.
    """
    p = np.asarray(points, dtype=np.float64)
    x_min, x_max, y_min, y_max = bounds
    inside = (p[:, 0] >= x_min) & (p[:, 0] <= x_max) & (p[:, 1] >= y_min) & (p[:, 1] <= y_max)
    if np.all(inside):
        return [p]
    # drop the repeated closing point and rotate so the polyline starts outside the box
    ring, ring_inside = p[:-1], inside[:-1]
    first_out = int(np.flatnonzero(~ring_inside)[0])
    ring = np.roll(ring, -first_out, axis=0)
    ring_inside = np.roll(ring_inside, -first_out)
    pieces: list[FloatArray] = []
    run_start: int | None = None
    for index, flag in enumerate([*ring_inside.tolist(), False]):
        if flag and run_start is None:
            run_start = index
        elif not flag and run_start is not None:
            if index - run_start >= 2:
                pieces.append(np.asarray(ring[run_start:index]))
            run_start = None
    return pieces


def mean_outer_product(mean: FloatArray) -> FloatArray:
    """``μ μᵀ``: what a non-zero input mean adds to the curvature ``E[x xᵀ] = Σ + μ μᵀ``."""
    mu = np.asarray(mean, dtype=np.float64)
    return np.asarray(np.outer(mu, mu))
