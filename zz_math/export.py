"""JSON for ``zigzag data``: generic for any dataclass, with the trajectory tables of the scenes
that draw descents (the runs' data, steps and figures) as their readers expect them."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np

from zz_math.runs import RegimeRun

__all__ = ["descents_json", "metrics_json", "to_jsonable", "trajectory_json"]


def to_jsonable(value: Any) -> Any:
    """Plain JSON data from dataclasses, numpy arrays and scalars (non-finite floats become None)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, np.ndarray):
        return to_jsonable(value.tolist())
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        number = float(value)
        return number if math.isfinite(number) else None
    return value


def trajectory_json(run_: RegimeRun) -> dict[str, Any]:
    t = run_.trajectory
    return {
        "regime": run_.regime,
        "method": t.method,
        "learning_rate": t.learning_rate,
        "inputs": to_jsonable(run_.dataset.inputs),
        "targets": to_jsonable(run_.dataset.targets),
        "sample_index": to_jsonable(t.sample_indices[:, 0]) if t.sample_indices.shape[1] == 1
        else to_jsonable(t.sample_indices),
        "weights": to_jsonable(t.weights),
        "gradients": to_jsonable(t.gradients),
        "losses": to_jsonable(t.losses),
        "optimum": to_jsonable(t.optimum),
        "steps_to_tolerance": t.steps_to_tolerance,
        "diverged": t.diverged,
    }


def metrics_json(run_: RegimeRun) -> dict[str, Any]:
    values: dict[str, Any] = to_jsonable(
        {
            "quadrant_share": run_.figures.quadrant_share,
            "tortuosity": run_.figures.tortuosity,
            "steps_to_tolerance": run_.figures.steps_to_tolerance,
            "tally": run_.figures.tally,
            "condition_number": run_.curvature.condition_number,
            "at_course_learning_rate_over_orders": run_.at_course_rate,
            "best_learning_rate": run_.best.learning_rate,
            "learning_rate_search": run_.best,
            "at_best_learning_rate": run_.best_figures,
        }
    )
    return values


def descents_json(
    names: tuple[str, ...] | None, runs: tuple[RegimeRun, ...], bounds: tuple[float, ...]
) -> dict[str, Any]:
    """``trajectories``, ``metrics`` and ``bounds`` of a scene that draws several descents.

    With ``names`` each trajectory carries its panel name and the metrics are keyed by it;
    without, they are keyed by regime.
    """
    if names is None:
        return {
            "trajectories": [trajectory_json(r) for r in runs],
            "metrics": {r.regime: metrics_json(r) for r in runs},
            "bounds": list(bounds),
        }
    return {
        "trajectories": [
            {**trajectory_json(r), "panel": name} for name, r in zip(names, runs, strict=True)
        ],
        "metrics": {name: metrics_json(r) for name, r in zip(names, runs, strict=True)},
        "bounds": list(bounds),
    }
