"""Gradient descent on the toy neuron: one-sample SGD, mini-batch SGD, full-batch GD, momentum.

Each method returns a :class:`Trajectory`. Descent stops at the first step whose weights are within
``tolerance`` of the least-squares optimum, after ``max_steps`` updates, or when it diverges.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from zz_math._types import FloatArray, IntArray
from zz_math.data import Dataset
from zz_math.engine import (
    DIVERGENCE_FACTOR,
    DescentSpec,
    MethodName,
    descend,
    least_squares_optimum,
)

__all__ = [
    "DIVERGENCE_FACTOR",
    "DescentSpec",
    "MethodName",
    "Trajectory",
    "least_squares_optimum",
    "quadratic_loss",
    "trajectory",
]


@dataclass(frozen=True, slots=True)
class Trajectory:
    """A run of descent.

    Attributes
    ----------
    method
        ``"sgd"``, ``"minibatch"``, ``"full-batch"`` or ``"momentum"``.
    regime
        Input regime of the data.
    learning_rate
        Step size.
    weights
        Weights per step, shape ``(K + 1, 2)``; ``weights[0]`` is the start.
    sample_indices
        Samples used by each update, shape ``(K, B)``; ``B`` is 1 for one-sample SGD and
        ``0`` for full-batch methods, which use every sample.
    gradients
        Gradient of each update's loss at ``weights[k]``, shape ``(K, 2)``.
    losses
        Mean loss over all the data at each row of ``weights``, shape ``(K + 1,)``.
    optimum
        The least-squares optimum descent heads for.
    tolerance
        Arrival radius around the optimum.
    steps_to_tolerance
        First ``k`` with ``‖weights[k] − optimum‖ ≤ tolerance``, or ``None`` if never reached.
    diverged
        True when the weights blew up (the run stopped there).
    """

    method: MethodName
    regime: str
    learning_rate: float
    weights: FloatArray
    sample_indices: IntArray
    gradients: FloatArray
    losses: FloatArray
    optimum: FloatArray
    tolerance: float
    steps_to_tolerance: int | None
    diverged: bool

    @property
    def n_steps(self) -> int:
        """Number of updates ``K``."""
        return int(self.gradients.shape[0])

    @property
    def updates(self) -> FloatArray:
        """``weights[k+1] − weights[k]``, shape ``(K, 2)``."""
        return np.diff(self.weights, axis=0)

    @property
    def reached(self) -> bool:
        """True when descent arrived within tolerance."""
        return self.steps_to_tolerance is not None


def quadratic_loss(dataset: Dataset, weights: FloatArray, optimum: FloatArray | None = None) -> FloatArray:
    """Mean loss ``½ mean((x·w − y)²)`` at each row of ``weights``, vectorised.

    Written as ``L(w*) + ½ (w − w*)ᵀ C (w − w*)`` with ``C = E[x xᵀ]``, which is exact for squared
    error and costs ``O(rows)`` whatever the number of samples.
    """
    w_opt = least_squares_optimum(dataset) if optimum is None else optimum
    second_moment = dataset.inputs.T @ dataset.inputs / dataset.n_samples
    residual = dataset.inputs @ w_opt - dataset.targets
    floor = 0.5 * float(residual @ residual) / dataset.n_samples
    delta = np.asarray(weights, dtype=np.float64) - w_opt
    return np.asarray(floor + 0.5 * np.einsum("...i,ij,...j->...", delta, second_moment, delta))


def trajectory(dataset: Dataset, spec: DescentSpec, learning_rate: float) -> Trajectory:
    """Every step of ``spec`` at ``learning_rate`` in the course's sample order."""
    arrivals, recording = descend(dataset, spec, np.array([float(learning_rate)]))
    assert recording is not None
    optimum = least_squares_optimum(dataset)
    arrived = int(arrivals.steps[0, 0])
    return Trajectory(
        method=spec.method,
        regime=dataset.regime,
        learning_rate=float(learning_rate),
        weights=recording.weights,
        sample_indices=recording.sample_indices,
        gradients=recording.gradients,
        losses=quadratic_loss(dataset, recording.weights, optimum),
        optimum=optimum,
        tolerance=float(spec.tolerance),
        steps_to_tolerance=arrived if arrived >= 0 else None,
        diverged=bool(arrivals.diverged[0, 0]),
    )
