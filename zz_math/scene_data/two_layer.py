"""Numbers of the ``two-layer`` scene: per-sample gradients of a small sigmoid net."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from zz_math._types import FloatArray
from zz_math.problem import Problem
from zz_math.runs import (
    dataset_of,
)
from zz_math.two_layer import TwoLayerGradients, init_net, teacher_targets, two_layer_gradients

__all__ = ["TWO_LAYER_SAMPLES", "TwoLayerData", "two_layer_data"]


TWO_LAYER_SAMPLES = 12


@dataclass(frozen=True, slots=True)
class TwoLayerData:
    """Per-sample second-layer gradients of a small sigmoid net.

    Attributes
    ----------
    inputs
        Latent inputs ``z`` of the samples shown (both signs).
    gradients
        Per-sample gradients of both layers.
    unit_signs
        Per sample and output unit, the shared sign of its incoming weight gradients (0: mixed).
    uniform_share
        Share of (sample, unit) pairs whose incoming gradients share a sign (1.0 by the argument).
    first_layer_mixed_share
        Share of (sample, hidden unit) pairs whose incoming layer-1 gradients have mixed signs.
    """

    inputs: FloatArray
    gradients: TwoLayerGradients
    unit_signs: FloatArray
    uniform_share: float
    first_layer_mixed_share: float


def two_layer_data(problem: Problem) -> TwoLayerData:
    """Numbers of the ``two-layer`` scene."""
    z = dataset_of(problem, problem.activation).latent[:TWO_LAYER_SAMPLES]
    net = init_net(problem.seed)
    gradients = two_layer_gradients(net, z, teacher_targets(z, problem.seed))
    unit_signs = gradients.unit_signs()
    signs1 = np.sign(gradients.grad_w1)
    mixed1 = ~np.all(signs1 == signs1[:, :, :1], axis=2)
    return TwoLayerData(
        inputs=z,
        gradients=gradients,
        unit_signs=unit_signs,
        uniform_share=float(np.mean(unit_signs != 0)),
        first_layer_mixed_share=float(np.mean(mixed1)),
    )
