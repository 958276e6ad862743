"""Numbers of the ``parallel-parking`` scene: the problem's regime against its zero-centred comparison,
and what changes step by step while the scene drives a descent (tally, car heading, contours)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from zz_math._types import FloatArray, IntArray
from zz_math.claims import Heading, heading
from zz_math.contours import ContourLine, quadratic_contours
from zz_math.descent import Trajectory, quadratic_loss
from zz_math.export import descents_json, to_jsonable
from zz_math.metrics import bounding_box, contour_levels, direction_flags
from zz_math.problem import Problem
from zz_math.runs import (
    RegimeRun,
    comparison_regime,
    regime_run,
)

__all__ = ["ParallelParkingData", "RunningTally", "car_headings", "parallel_parking_data", "parallel_parking_json", "regime_contours", "running_tally"]


@dataclass(frozen=True, slots=True)
class ParallelParkingData:
    """The headline scene: the problem's regime against its zero-centred comparison.

    Attributes
    ----------
    runs
        The problem's activation first, then the zero-centred comparison.
    bounds
        ``(w1_min, w1_max, w2_min, w2_max)`` that hold both paths.
    contour_levels
        Loss levels for the contour lines of the first regime.
    comparison_levels
        Loss levels for the comparison regime.
    headings
        Per run, which way the optimum lies from the start and whether one step can go there.
    """

    runs: tuple[RegimeRun, RegimeRun]
    bounds: tuple[float, float, float, float]
    contour_levels: FloatArray
    comparison_levels: FloatArray
    headings: tuple[Heading, Heading]


def parallel_parking_data(problem: Problem) -> ParallelParkingData:
    """Numbers of the ``parallel-parking`` scene."""
    first = regime_run(problem, problem.activation)
    second = regime_run(problem, comparison_regime(problem))
    points = np.vstack([first.trajectory.weights, second.trajectory.weights])
    return ParallelParkingData(
        runs=(first, second),
        bounds=bounding_box(points, margin=0.12),
        contour_levels=contour_levels(first.dataset, problem.w_start, problem.tolerance),
        comparison_levels=contour_levels(second.dataset, problem.w_start, problem.tolerance),
        headings=(
            heading(first.trajectory.weights[0], first.trajectory.optimum, first.signs),
            heading(second.trajectory.weights[0], second.trajectory.optimum, second.signs),
        ),
    )


def parallel_parking_json(problem: Problem) -> dict[str, Any]:
    """The scene's descents, figures, bounds and contour levels as JSON."""
    data = parallel_parking_data(problem)
    return {
        **descents_json(None, data.runs, data.bounds),
        "contour_levels": to_jsonable(data.contour_levels),
    }


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
    flags = direction_flags(updates)

    def cumulative(name: str) -> IntArray:
        return np.concatenate([[0], np.cumsum(flags[name])]).astype(np.int64)

    return RunningTally(
        north_east=cumulative("north_east"),
        south_west=cumulative("south_west"),
        other=cumulative("other"),
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
