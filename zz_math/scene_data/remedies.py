"""Numbers of the ``remedies`` scene: the problem and four remedies, each at its own best rate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from zz_math.descent import MethodName
from zz_math.export import descents_json
from zz_math.metrics import bounding_box
from zz_math.problem import Problem
from zz_math.runs import (
    RegimeRun,
    regime_run,
    remedy_regimes,
)

__all__ = ["RemediesData", "remedies_data", "remedies_json"]


@dataclass(frozen=True, slots=True)
class RemediesData:
    """Side-by-side panels, each at its own best learning rate.

    Attributes
    ----------
    panels
        Panel names: the problem's activation, ``centered``, ``tanh``, ``minibatch``, ``shifted``.
    runs
        The run of each panel.
    bounds
        Shared axes bounds for all panels.
    """

    panels: tuple[str, ...]
    runs: tuple[RegimeRun, ...]
    bounds: tuple[float, float, float, float]


def remedies_data(problem: Problem) -> RemediesData:
    """Numbers of the ``remedies`` scene."""
    first, centred, zero_centred, shifted = remedy_regimes(problem)
    plan: list[tuple[str, str, MethodName]] = [
        (first, first, "sgd"),
        (centred, centred, "sgd"),
        (zero_centred, zero_centred, "sgd"),
        ("minibatch", first, "minibatch"),
        (shifted, shifted, "sgd"),
    ]
    runs = tuple(regime_run(problem, regime, method) for _, regime, method in plan)
    points = np.vstack([r.best_trajectory.weights for r in runs])
    return RemediesData(
        panels=tuple(name for name, _, _ in plan),
        runs=runs,
        bounds=bounding_box(points, margin=0.1),
    )


def remedies_json(problem: Problem) -> dict[str, Any]:
    """Every panel's descent and figures as JSON."""
    data = remedies_data(problem)
    return descents_json(data.panels, data.runs, data.bounds)
