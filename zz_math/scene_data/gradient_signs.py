"""Numbers of the ``gradient-signs`` scene: sign rasters of per-step gradients."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from zz_math._types import IntArray
from zz_math.claims import Agreement, SignClass, sign_agreement
from zz_math.metrics import sign_patterns
from zz_math.problem import Problem
from zz_math.runs import (
    comparison_regime,
    regime_run,
    trajectory_of,
)

__all__ = ["RASTER_STEPS", "GradientSignsData", "gradient_signs_data"]


RASTER_STEPS = 40


@dataclass(frozen=True, slots=True)
class GradientSignsData:
    """Sign rasters of per-step gradients.

    Attributes
    ----------
    regimes
        Regimes of the rasters (the problem's, then the comparison).
    signs
        Per regime, signs of the first SGD gradients, shape ``(R, 2)``.
    uniform_share
        Per regime, share of steps whose two gradient components are non-zero with one sign.
    agreement
        Per regime, steps with one sign, opposite signs, one zero component, both zero.
    batch_signs
        Signs of mini-batch gradients (the mean over each batch) on the problem's inputs.
    batch_uniform_share
        Share of mini-batch steps whose components are non-zero with one sign.
    batch_agreement
        The mini-batch steps counted like ``agreement``.
    batch_size
        Samples per mini-batch.
    input_signs
        Per regime, the sign class of its inputs.
    """

    regimes: tuple[str, str]
    signs: tuple[IntArray, IntArray]
    uniform_share: tuple[float, float]
    agreement: tuple[Agreement, Agreement]
    batch_signs: IntArray
    batch_uniform_share: float
    batch_agreement: Agreement
    batch_size: int
    input_signs: tuple[SignClass, SignClass]


def _uniform_share(signs: IntArray) -> float:
    if signs.shape[0] == 0:
        return float("nan")
    return float(sign_agreement(signs.astype(np.float64)).same / signs.shape[0])


def gradient_signs_data(problem: Problem) -> GradientSignsData:
    """Numbers of the ``gradient-signs`` scene."""
    regimes = (problem.activation, comparison_regime(problem))
    signs = tuple(
        sign_patterns(regime_run(problem, r).trajectory.gradients[:RASTER_STEPS]) for r in regimes
    )
    batch = trajectory_of(problem, problem.activation, "minibatch")
    batch_signs = sign_patterns(batch.gradients[:RASTER_STEPS])
    return GradientSignsData(
        regimes=regimes,
        signs=(signs[0], signs[1]),
        uniform_share=(_uniform_share(signs[0]), _uniform_share(signs[1])),
        agreement=(
            sign_agreement(signs[0].astype(np.float64)),
            sign_agreement(signs[1].astype(np.float64)),
        ),
        batch_signs=batch_signs,
        batch_uniform_share=_uniform_share(batch_signs),
        batch_agreement=sign_agreement(batch_signs.astype(np.float64)),
        batch_size=min(problem.batch_size, problem.n_samples),
        input_signs=(
            regime_run(problem, regimes[0]).signs,
            regime_run(problem, regimes[1]).signs,
        ),
    )
