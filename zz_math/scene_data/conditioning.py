"""Numbers of the ``conditioning`` scene: curvature of raw against centred inputs, full-batch descent."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from zz_math._types import FloatArray
from zz_math.claims import consistent_digits
from zz_math.export import descents_json
from zz_math.metrics import Curvature, bounding_box, curvature, tortuosity
from zz_math.problem import Problem
from zz_math.runs import (
    RegimeRun,
    comparison_regime,
    dataset_of,
    regime_run,
)

__all__ = ["ZIGZAG_TORTUOSITY", "ConditioningData", "conditioning_data", "conditioning_json", "off_axis_start", "thin_valley_zigzags"]


@dataclass(frozen=True, slots=True)
class ConditioningData:
    """Curvature of raw against centred inputs, and full-batch descent across the valley.

    Attributes
    ----------
    regimes
        The problem's regime and its centred comparison.
    start
        Where both descents start (see :func:`off_axis_start`).
    runs
        Full-batch gradient descent, each at its own best learning rate.
    bounds
        Axes bounds holding both paths.
    thin_zigzags
        True when the run with the larger condition number zig-zags: its path is more than
        :data:`ZIGZAG_TORTUOSITY` times the straight line. The scene's title says so only then.
    matrix_digits
        Decimals with which ``Σ`` and ``μμᵀ`` of each regime, rounded, add up to ``E[x xᵀ]``
        rounded.
    """

    regimes: tuple[str, str]
    start: FloatArray
    runs: tuple[RegimeRun, RegimeRun]
    bounds: tuple[float, float, float, float]
    matrix_digits: int
    thin_zigzags: bool


def conditioning_data(problem: Problem) -> ConditioningData:
    """Numbers of the ``conditioning`` scene."""
    regimes = (problem.activation, comparison_regime(problem))
    raw = curvature(dataset_of(problem, regimes[0]))
    start = off_axis_start(problem, raw)
    moved = dataclasses.replace(problem, w_start=(float(start[0]), float(start[1])))
    runs = (
        regime_run(moved, regimes[0], "full-batch"),
        regime_run(moved, regimes[1], "full-batch"),
    )
    points = np.vstack([r.best_trajectory.weights for r in runs])
    digits = max(
        consistent_digits(
            np.stack([r.curvature.covariance, np.outer(r.curvature.mean, r.curvature.mean)])
        )
        for r in runs
    )
    return ConditioningData(
        regimes=regimes,
        start=start,
        runs=runs,
        bounds=bounding_box(points, margin=0.12),
        matrix_digits=digits,
        thin_zigzags=thin_valley_zigzags(runs),
    )


def off_axis_start(problem: Problem, raw: Curvature) -> FloatArray:
    """A start as far from the optimum as ``w_start``, midway between the valley's two axes.

    From a start on one of the valley's axes full-batch descent runs straight; from between them
    the steep direction overshoots at every step, which is the zig-zag across a thin valley.
    """
    target = np.asarray(problem.w_target)
    distance = float(np.linalg.norm(np.asarray(problem.w_start) - target))
    diagonal = raw.eigenvectors @ np.array([1.0, 1.0]) / math.sqrt(2.0)
    toward_start = np.asarray(problem.w_start) - target
    if float(diagonal @ toward_start) < 0:
        diagonal = -diagonal
    return np.asarray(target + distance * diagonal)


def conditioning_json(problem: Problem) -> dict[str, Any]:
    """Both full-batch descents and their figures as JSON."""
    data = conditioning_data(problem)
    return descents_json(data.regimes, data.runs, data.bounds)


ZIGZAG_TORTUOSITY = 1.05


def thin_valley_zigzags(runs: tuple[RegimeRun, RegimeRun]) -> bool:
    """Whether full-batch descent in the thinner of the two valleys visibly zig-zags."""
    thin = max(runs, key=lambda r: r.curvature.condition_number)
    return bool(tortuosity(thin.best_trajectory.weights) > ZIGZAG_TORTUOSITY)
