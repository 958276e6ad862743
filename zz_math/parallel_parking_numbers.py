"""Per-step numbers the ``parallel-parking`` scene shows while it drives a descent.

The scene's figures come from :func:`zz_math.story.parallel_parking_data`; this module adds what
changes step by step (a running NE / SW / other tally and the car's heading) and the clipped
contour lines of each regime's loss.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from zz_math._types import FloatArray, IntArray
from zz_math.contours import ContourLine, quadratic_contours
from zz_math.descent import Trajectory, quadratic_loss
from zz_math.story import RegimeRun

__all__ = ["RunningTally", "car_headings", "regime_contours", "running_tally"]


@dataclass(frozen=True, slots=True)
class RunningTally:
    """NE / SW / other counts after each step, as :func:`zz_math.metrics.direction_tally` counts.

    Attributes
    ----------
    north_east, south_west, other
        Entry ``k`` counts the first ``k`` updates; shape ``(K + 1,)``, entry 0 is 0.
    """

    north_east: IntArray
    south_west: IntArray
    other: IntArray


def running_tally(updates: FloatArray) -> RunningTally:
    """Cumulative NE / SW / other counts of ``updates`` (shape ``(K, 2)``)."""
    u = np.asarray(updates, dtype=np.float64).reshape(-1, 2)
    still = np.all(u == 0.0, axis=1)
    ne = np.all(u >= 0.0, axis=1) & ~still
    sw = np.all(u <= 0.0, axis=1) & ~still
    other = ~(ne | sw | still)

    def cumulative(flags: np.ndarray) -> IntArray:
        return np.concatenate([[0], np.cumsum(flags)]).astype(np.int64)

    return RunningTally(
        north_east=cumulative(ne), south_west=cumulative(sw), other=cumulative(other)
    )


def car_headings(updates: FloatArray) -> FloatArray:
    """Heading of a car that drives each update forwards or in reverse, in ``(−π/2, π/2]``.

    A car facing the right half-plane drives an update that points left in reverse, so its heading
    is the update's angle folded by π: a NE update and a SW update along the same line give the
    same heading. Zero updates keep the previous heading (0 at the start).
    """
    u = np.asarray(updates, dtype=np.float64).reshape(-1, 2)
    headings = np.zeros(u.shape[0], dtype=np.float64)
    previous = 0.0
    for index, (dx, dy) in enumerate(u):
        if dx == 0.0 and dy == 0.0:
            headings[index] = previous
            continue
        angle = float(np.arctan2(dy, dx))
        if angle > np.pi / 2:
            angle -= np.pi
        elif angle <= -np.pi / 2:
            angle += np.pi
        headings[index] = previous = angle
    return headings


def regime_contours(
    run: RegimeRun, levels: FloatArray, bounds: tuple[float, float, float, float]
) -> tuple[ContourLine, ...]:
    """Contour lines of ``run``'s mean loss at ``levels``, clipped to ``bounds``."""
    trajectory: Trajectory = run.trajectory
    floor = float(quadratic_loss(run.dataset, trajectory.optimum, trajectory.optimum))
    return quadratic_contours(trajectory.optimum, run.curvature.matrix, floor, levels, bounds)
