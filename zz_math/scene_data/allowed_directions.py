"""Numbers of the ``allowed-directions`` scene: a fan of one-sample updates from the start, and the
one "nice" arrow scale (1, 2, 3 or 5 times a power of ten) the scene draws them at, said on screen."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from zz_math._types import FloatArray, IntArray
from zz_math.claims import Heading, SignClass, heading, sign_class
from zz_math.metrics import DirectionTally, direction_tally, quadrant, quadrant_share
from zz_math.problem import Problem
from zz_math.runs import (
    dataset_of,
    regime_run,
)

__all__ = ["FAN_SIZE", "NICE_MANTISSAS", "AllowedDirectionsData", "allowed_directions_data", "nice_scale", "view_half_width"]


FAN_SIZE = 24


@dataclass(frozen=True, slots=True)
class AllowedDirectionsData:
    """A fan of one-sample updates from the start.

    Attributes
    ----------
    point
        Current weights (the start).
    sample_indices
        Samples of the fan.
    updates
        ``−η ∇L_n`` for each sample, shape ``(S, 2)``.
    quadrants
        Quadrant of each update (0: on an axis or zero).
    tally
        NE / SW (closed quadrants I and III) / other / still (zero) updates of the fan.
    quadrant_share
        Share of the moving updates of the fan in the closed quadrants I or III.
    to_optimum
        Direction from the point to the optimum.
    to_optimum_quadrant
        Quadrant of ``to_optimum``.
    heading
        Which way the optimum lies and whether one-sample steps can go that way.
    signs
        Sign class of all the inputs.
    """

    point: FloatArray
    sample_indices: IntArray
    updates: FloatArray
    quadrants: IntArray
    tally: DirectionTally
    quadrant_share: float
    to_optimum: FloatArray
    to_optimum_quadrant: int
    heading: Heading
    signs: SignClass


def allowed_directions_data(problem: Problem) -> AllowedDirectionsData:
    """Numbers of the ``allowed-directions`` scene."""
    dataset = dataset_of(problem, problem.activation)
    count = min(FAN_SIZE, dataset.n_samples)
    indices = np.arange(count, dtype=np.int64)
    w = np.asarray(problem.w_start)
    x = dataset.inputs[indices]
    updates = -problem.learning_rate * ((x @ w - dataset.targets[indices])[:, None] * x)
    optimum = regime_run(problem, problem.activation).trajectory.optimum
    signs = sign_class(dataset.inputs)
    return AllowedDirectionsData(
        point=w,
        sample_indices=indices,
        updates=updates,
        quadrants=np.array([quadrant(u) for u in updates], dtype=np.int64),
        tally=direction_tally(updates),
        quadrant_share=quadrant_share(updates),
        to_optimum=optimum - w,
        to_optimum_quadrant=quadrant(optimum - w),
        heading=heading(w, optimum, signs),
        signs=signs,
    )


NICE_MANTISSAS: tuple[float, ...] = (1.0, 2.0, 3.0, 5.0)


def nice_scale(longest: float, room: float) -> float:
    """The largest ``m · 10^n`` (``m`` in 1, 2, 3, 5) with ``longest · scale ≤ room``.

    Raises
    ------
    ValueError
        When ``longest`` or ``room`` is not a positive finite number.
    """
    if not (math.isfinite(longest) and math.isfinite(room)) or longest <= 0 or room <= 0:
        raise ValueError(f"longest and room must be positive and finite, got {longest!r}, {room!r}")
    target = room / longest
    exponent = math.floor(math.log10(target))
    best = 10.0 ** (exponent - 1) * NICE_MANTISSAS[-1]
    for shift in (exponent, exponent + 1):
        for mantissa in NICE_MANTISSAS:
            candidate = mantissa * 10.0**shift
            if candidate <= target * (1 + 1e-12):
                best = max(best, candidate)
    return best


def view_half_width(offsets: FloatArray, margin: float = 0.15) -> float:
    """Half the side of a square view centred on the point that holds every offset, plus ``margin``."""
    extent = float(np.max(np.abs(np.asarray(offsets, dtype=np.float64))))
    if extent == 0.0 or not math.isfinite(extent):
        return 1.0
    return extent * (1.0 + margin)
