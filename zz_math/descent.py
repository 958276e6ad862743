"""Gradient descent on the toy neuron: one-sample SGD, mini-batch SGD, full-batch GD, momentum.

Each method returns a :class:`Trajectory`. Descent stops at the first step whose weights are within
``tolerance`` of the least-squares optimum, after ``max_steps`` updates, or when it diverges.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import scipy.linalg

from zz_math._types import FloatArray, IntArray
from zz_math.data import Dataset

__all__ = [
    "DIVERGENCE_FACTOR",
    "MethodName",
    "Trajectory",
    "full_batch_gd",
    "least_squares_optimum",
    "minibatch_sgd",
    "momentum_gd",
    "quadratic_loss",
    "run",
    "sgd",
]

MethodName = Literal["sgd", "minibatch", "full-batch", "momentum"]
DIVERGENCE_FACTOR = 1e6


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


def least_squares_optimum(dataset: Dataset) -> FloatArray:
    """Weights that minimise the mean squared error of ``dataset`` (``scipy.linalg.lstsq``)."""
    solution, *_ = scipy.linalg.lstsq(dataset.inputs, dataset.targets)
    return np.asarray(solution, dtype=np.float64)


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


def _sample_order(n_samples: int, n_draws: int, seed: int) -> IntArray:
    """Sample indices, one shuffled pass over the data after another."""
    rng = np.random.default_rng([seed, 1])
    n_epochs = -(-n_draws // n_samples)
    order = np.concatenate([rng.permutation(n_samples) for _ in range(n_epochs)])
    return np.asarray(order[:n_draws], dtype=np.int64)


def run(
    dataset: Dataset,
    *,
    method: MethodName,
    w_start: FloatArray | tuple[float, float],
    learning_rate: float,
    max_steps: int,
    tolerance: float,
    seed: int = 0,
    batch_size: int = 1,
    beta: float = 0.9,
) -> Trajectory:
    """Run one descent ``method`` on ``dataset``; see the module docstring for when it stops."""
    if not learning_rate > 0:
        raise ValueError(f"learning_rate must be > 0, got {learning_rate!r}")
    inputs, targets = dataset.inputs, dataset.targets
    n = dataset.n_samples
    optimum = least_squares_optimum(dataset)
    w = np.asarray(w_start, dtype=np.float64).copy()
    blow_up = DIVERGENCE_FACTOR * (1.0 + float(np.linalg.norm(w - optimum)))

    if method == "sgd":
        batch = 1
    elif method == "minibatch":
        batch = max(1, min(batch_size, n))
    elif method in ("full-batch", "momentum"):
        batch = 0
    else:
        raise ValueError(f"unknown method {method!r}")
    indices = (
        _sample_order(n, max_steps * batch, seed).reshape(max_steps, batch)
        if batch
        else np.zeros((max_steps, 0), dtype=np.int64)
    )
    second_moment = inputs.T @ inputs / n
    cross = inputs.T @ targets / n

    weights = [w.copy()]
    gradients: list[FloatArray] = []
    velocity = np.zeros_like(w)
    reached: int | None = 0 if np.linalg.norm(w - optimum) <= tolerance else None
    diverged = False
    k = 0
    while reached is None and k < max_steps:
        if batch == 1:
            i = indices[k, 0]
            x = inputs[i]
            gradient = (float(w @ x) - targets[i]) * x
        elif batch:
            rows = indices[k]
            xb = inputs[rows]
            gradient = xb.T @ (xb @ w - targets[rows]) / batch
        else:
            gradient = second_moment @ w - cross
        if method == "momentum":
            velocity = beta * velocity + gradient
            w = w - learning_rate * velocity
        else:
            w = w - learning_rate * gradient
        gradients.append(gradient)
        weights.append(w)
        k += 1
        offset = w - optimum
        distance = math.sqrt(float(offset @ offset))
        if not math.isfinite(distance) or distance > blow_up:
            diverged = True
            break
        if distance <= tolerance:
            reached = k

    weight_array = np.asarray(weights)
    return Trajectory(
        method=method,
        regime=dataset.regime,
        learning_rate=float(learning_rate),
        weights=weight_array,
        sample_indices=np.asarray(indices[:k]),
        gradients=np.asarray(gradients).reshape(k, w.size),
        losses=quadratic_loss(dataset, weight_array, optimum),
        optimum=optimum,
        tolerance=float(tolerance),
        steps_to_tolerance=reached,
        diverged=diverged,
    )


def sgd(dataset: Dataset, **kwargs: float | int | FloatArray | tuple[float, float]) -> Trajectory:
    """One-sample stochastic gradient descent (one shuffled sample per update)."""
    return run(dataset, method="sgd", **kwargs)  # type: ignore[arg-type]


def minibatch_sgd(dataset: Dataset, **kwargs: float | int | FloatArray | tuple[float, float]) -> Trajectory:
    """Mini-batch SGD: each update averages ``batch_size`` per-sample gradients."""
    return run(dataset, method="minibatch", **kwargs)  # type: ignore[arg-type]


def full_batch_gd(dataset: Dataset, **kwargs: float | int | FloatArray | tuple[float, float]) -> Trajectory:
    """Full-batch gradient descent on the mean loss."""
    return run(dataset, method="full-batch", **kwargs)  # type: ignore[arg-type]


def momentum_gd(dataset: Dataset, **kwargs: float | int | FloatArray | tuple[float, float]) -> Trajectory:
    """Full-batch gradient descent with heavy-ball momentum ``beta``."""
    return run(dataset, method="momentum", **kwargs)  # type: ignore[arg-type]
