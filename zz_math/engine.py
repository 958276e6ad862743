"""One vectorised descent loop for every method, many learning rates and many sample orders at once.

:func:`zz_math.descent.run` (one rate, the course's sample order, every step recorded) and the
learning-rate search of :mod:`zz_math.search` (dozens of rates × dozens of orders, arrival steps
only) both run through :func:`descend`, so the figures a search reports are those of the very
update rule the scenes draw.

Sample order ``0`` is the course's: one shuffled pass over the data after another, drawn from
``numpy.random.default_rng([seed, 1])``. Order ``j > 0`` draws from ``default_rng([seed, 1, j])``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
import scipy.linalg

from zz_math._types import FloatArray, IntArray
from zz_math.data import Dataset

__all__ = [
    "DIVERGENCE_FACTOR",
    "Arrivals",
    "DescentSpec",
    "MethodName",
    "OrderStream",
    "Recording",
    "descend",
    "least_squares_optimum",
]

MethodName = Literal["sgd", "minibatch", "full-batch", "momentum"]
DIVERGENCE_FACTOR = 1e6
NEVER = -1
_CHUNK = 256


@dataclass(frozen=True, slots=True)
class DescentSpec:
    """Everything about a descent but its learning rate.

    Attributes
    ----------
    method
        ``"sgd"`` (one sample per update), ``"minibatch"`` (the mean gradient of ``batch_size``
        samples), ``"full-batch"`` or ``"momentum"`` (heavy ball on the full batch).
    w_start
        Start weights.
    max_steps
        Most updates made.
    tolerance
        Arrival radius around the least-squares optimum.
    seed
        Seed of the sample orders.
    batch_size
        Samples per mini-batch update.
    beta
        Momentum coefficient.
    """

    method: MethodName
    w_start: tuple[float, float]
    max_steps: int
    tolerance: float
    seed: int = 0
    batch_size: int = 1
    beta: float = 0.9

    def samples_per_update(self, n_samples: int) -> int:
        """Samples each update draws: 1 (SGD), the batch (mini-batch) or 0 (full batch)."""
        if self.method == "sgd":
            return 1
        if self.method == "minibatch":
            return max(1, min(self.batch_size, n_samples))
        if self.method in ("full-batch", "momentum"):
            return 0
        raise ValueError(f"unknown method {self.method!r}")


def least_squares_optimum(dataset: Dataset) -> FloatArray:
    """Weights that minimise the mean squared error of ``dataset`` (``scipy.linalg.lstsq``)."""
    solution, *_ = scipy.linalg.lstsq(dataset.inputs, dataset.targets)
    return np.asarray(solution, dtype=np.float64)


class OrderStream:
    """``count`` sample orders, drawn epoch by epoch as the descent needs them."""

    def __init__(self, n_samples: int, per_update: int, seed: int, count: int) -> None:
        self.n_samples = n_samples
        self.per_update = per_update
        self._rngs = [
            np.random.default_rng([seed, 1] if j == 0 else [seed, 1, j]) for j in range(count)
        ]
        self._drawn: list[IntArray] = [np.zeros(0, dtype=np.int64) for _ in range(count)]
        self._steps_ready = 0

    def _extend(self, steps: int) -> None:
        needed = steps * self.per_update
        for j, rng in enumerate(self._rngs):
            parts = [self._drawn[j]]
            have = parts[0].size
            while have < needed:
                parts.append(rng.permutation(self.n_samples).astype(np.int64))
                have += self.n_samples
            self._drawn[j] = np.concatenate(parts)
        self._steps_ready = steps

    def at(self, step: int) -> IntArray:
        """Sample indices of update ``step`` for every order, shape ``(count, per_update)``."""
        if step >= self._steps_ready:
            self._extend(step + _CHUNK)
        start = step * self.per_update
        return np.stack([d[start : start + self.per_update] for d in self._drawn])


@dataclass(frozen=True, slots=True)
class Arrivals:
    """When each (rate, order) pair arrived.

    Attributes
    ----------
    steps
        First step within tolerance, shape ``(R, K)``; ``-1`` where it never arrived.
    diverged
        Pairs whose weights blew up, shape ``(R, K)``.
    steps_run
        Updates made before the loop ended.
    """

    steps: IntArray
    diverged: npt.NDArray[np.bool_]
    steps_run: int


@dataclass(frozen=True, slots=True)
class Recording:
    """Every step of a single descent (one rate, one order).

    Attributes
    ----------
    weights
        Shape ``(K + 1, 2)``.
    gradients
        Shape ``(K, 2)``.
    sample_indices
        Shape ``(K, B)``.
    """

    weights: FloatArray
    gradients: FloatArray
    sample_indices: IntArray


class _Gradient:
    """The gradient of each row's update loss, for one method."""

    def __init__(self, dataset: Dataset, spec: DescentSpec, orders: int) -> None:
        self.inputs, self.targets = dataset.inputs, dataset.targets
        self.per_update = spec.samples_per_update(dataset.n_samples)
        n = dataset.n_samples
        self.second_moment = self.inputs.T @ self.inputs / n
        self.cross = self.inputs.T @ self.targets / n
        self.stream = (
            OrderStream(n, self.per_update, spec.seed, orders) if self.per_update else None
        )

    def at(self, step: int, w: FloatArray, rates: int) -> tuple[FloatArray, IntArray]:
        """Gradients at rows ``w`` (rate-major, order-minor) and the samples each used."""
        if self.stream is None:
            products = w[:, None, :] * self.second_moment[None, :, :]
            return products.sum(axis=-1) - self.cross, np.zeros((w.shape[0], 0), dtype=np.int64)
        rows = np.tile(self.stream.at(step), (rates, 1))
        x = self.inputs[rows]
        residual = (x * w[:, None, :]).sum(axis=-1) - self.targets[rows]
        return (x * residual[..., None]).sum(axis=1) / self.per_update, rows


class _State:
    """Weights, velocity and arrival of every (rate, order) row while the loop runs."""

    def __init__(self, dataset: Dataset, spec: DescentSpec, rates: FloatArray, orders: int) -> None:
        self.spec, self.orders = spec, orders
        self.optimum = least_squares_optimum(dataset)
        start = np.asarray(spec.w_start, dtype=np.float64)
        size = rates.size * orders
        self.eta = np.repeat(rates, orders)[:, None]
        self.w = np.tile(start, (size, 1))
        self.velocity = np.zeros_like(self.w)
        self.blow_up = DIVERGENCE_FACTOR * (1.0 + float(np.linalg.norm(start - self.optimum)))
        self.arrival = np.full(size, NEVER, dtype=np.int64)
        self.diverged = np.zeros(size, dtype=bool)
        if float(np.linalg.norm(start - self.optimum)) <= spec.tolerance:
            self.arrival[:] = 0
        self.active = self.arrival == NEVER
        self.step = 0

    def update(self, g: FloatArray) -> None:
        """One update of every active row with gradient ``g``; mark arrivals and blow-ups."""
        if self.spec.method == "momentum":
            self.velocity = self.spec.beta * self.velocity + g
            g_step = self.eta * self.velocity
        else:
            g_step = self.eta * g
        self.w = np.where(self.active[:, None], self.w - g_step, self.w)
        self.step += 1
        offset = self.w - self.optimum
        distance = np.sqrt(offset[:, 0] * offset[:, 0] + offset[:, 1] * offset[:, 1])
        blown = self.active & ~(distance <= self.blow_up)
        self.diverged |= blown
        hit = self.active & ~blown & (distance <= self.spec.tolerance)
        self.arrival[hit] = self.step
        self.active &= ~(blown | hit)

    def median_arrived(self) -> bool:
        """True once some rate has arrived on more than half of the orders."""
        arrived = (self.arrival.reshape(-1, self.orders) >= 0).sum(axis=1)
        return bool(arrived.max() >= self.orders // 2 + 1)

    def arrivals(self, rates: int) -> Arrivals:
        """The arrivals, one row per rate."""
        return Arrivals(
            steps=self.arrival.reshape(rates, self.orders),
            diverged=self.diverged.reshape(rates, self.orders),
            steps_run=self.step,
        )


def descend(
    dataset: Dataset,
    spec: DescentSpec,
    rates: FloatArray,
    orders: int = 1,
    *,
    stop_at_median: bool = False,
) -> tuple[Arrivals, Recording | None]:
    """Run ``spec`` at every rate × every sample order; record the steps when there is one of each.

    With ``stop_at_median`` the loop ends at the first step by which some rate has arrived on more
    than half of the orders: that step is the smallest median arrival step of all the rates.
    """
    rates = np.asarray(rates, dtype=np.float64).reshape(-1)
    if not np.all(rates > 0):
        raise ValueError(f"learning rates must be > 0, got {rates!r}")
    gradient = _Gradient(dataset, spec, orders)
    state = _State(dataset, spec, rates, orders)
    record = rates.size == 1 and orders == 1
    weights, gradients, samples = [state.w[0].copy()], [], []
    with np.errstate(over="ignore", invalid="ignore"):
        while state.active.any() and state.step < spec.max_steps:
            g, rows = gradient.at(state.step, state.w, rates.size)
            state.update(g)
            if record:
                weights.append(state.w[0].copy())
                gradients.append(g[0].copy())
                samples.append(rows[0].copy())
            if stop_at_median and state.median_arrived():
                break
    arrivals = state.arrivals(rates.size)
    if not record:
        return arrivals, None
    return arrivals, Recording(
        weights=np.asarray(weights),
        gradients=np.asarray(gradients).reshape(state.step, 2),
        sample_indices=np.asarray(samples, dtype=np.int64).reshape(state.step, gradient.per_update),
    )
