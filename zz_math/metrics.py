"""Measured figures of a descent, curvature of the loss, learning-rate search and loss grids."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from zz_math._types import FloatArray, IntArray
from zz_math.data import Dataset
from zz_math.descent import MethodName, least_squares_optimum, quadratic_loss

__all__ = [
    "Curvature",
    "DirectionTally",
    "LossGrid",
    "bounding_box",
    "contour_levels",
    "curvature",
    "direction_flags",
    "direction_tally",
    "largest_stable_rate",
    "loss_grid",
    "quadrant",
    "quadrant_share",
    "sign_patterns",
    "steps_to_tolerance",
    "tortuosity",
]


def sign_patterns(gradients: FloatArray) -> IntArray:
    """Sign (−1, 0, +1) of every component of every gradient, shape ``(K, D)``."""
    return np.sign(np.asarray(gradients)).astype(np.int64)


def quadrant(vector: FloatArray) -> int:
    """Quadrant (1–4) a 2-D vector points into; 0 when it lies on an axis."""
    x, y = float(vector[0]), float(vector[1])
    if x == 0.0 or y == 0.0:
        return 0
    if x > 0:
        return 1 if y > 0 else 4
    return 2 if y > 0 else 3


@dataclass(frozen=True, slots=True)
class DirectionTally:
    """How many 2-D updates went each way.

    Attributes
    ----------
    north_east
        Updates with both components ≥ 0 (not both 0).
    south_west
        Updates with both components ≤ 0 (not both 0).
    other
        Updates into quadrant II or IV.
    still
        Zero updates.
    """

    north_east: int
    south_west: int
    other: int
    still: int

    @property
    def moving(self) -> int:
        """Number of non-zero updates."""
        return self.north_east + self.south_west + self.other


def direction_flags(updates: FloatArray) -> dict[str, npt.NDArray[np.bool_]]:
    """Per update: ``north_east``, ``south_west`` (closed quadrants I and III, axes included),
    ``other`` (quadrants II and IV) and ``still`` (zero)."""
    u = np.asarray(updates, dtype=np.float64).reshape(-1, 2)
    still = np.all(u == 0.0, axis=1)
    ne = np.all(u >= 0.0, axis=1) & ~still
    sw = np.all(u <= 0.0, axis=1) & ~still
    return {"north_east": ne, "south_west": sw, "other": ~(ne | sw | still), "still": still}


def direction_tally(updates: FloatArray) -> DirectionTally:
    """Count NE, SW, other and still updates (see :func:`direction_flags`)."""
    flags = direction_flags(updates)
    return DirectionTally(**{name: int(flag.sum()) for name, flag in flags.items()})


def quadrant_share(updates: FloatArray) -> float:
    """Fraction of non-zero updates that point into quadrant I or III (axes included)."""
    tally = direction_tally(updates)
    if tally.moving == 0:
        return float("nan")
    return (tally.north_east + tally.south_west) / tally.moving


def tortuosity(weights: FloatArray) -> float:
    """Path length divided by the straight distance from first to last point (≥ 1)."""
    w = np.asarray(weights, dtype=np.float64)
    path = float(np.linalg.norm(np.diff(w, axis=0), axis=1).sum())
    straight = float(np.linalg.norm(w[-1] - w[0]))
    if straight == 0.0:
        return float("inf") if path > 0 else float("nan")
    return path / straight


def steps_to_tolerance(weights: FloatArray, optimum: FloatArray, tolerance: float) -> int | None:
    """First step ``k`` with ``‖weights[k] − optimum‖ ≤ tolerance``, or ``None``."""
    distance = np.linalg.norm(np.asarray(weights) - np.asarray(optimum), axis=1)
    hits = np.flatnonzero(distance <= tolerance)
    return int(hits[0]) if hits.size else None


@dataclass(frozen=True, slots=True)
class Curvature:
    """The curvature ``E[x xᵀ]`` of the squared-error loss (its Hessian).

    Attributes
    ----------
    matrix
        ``E[x xᵀ] = Σ + μ μᵀ``, shape ``(D, D)``.
    mean
        Input mean ``μ``.
    covariance
        Input covariance ``Σ``.
    eigenvalues
        Ascending eigenvalues of ``matrix``.
    eigenvectors
        Matching unit eigenvectors, as columns.
    condition_number
        Largest over smallest eigenvalue: how long and thin the loss valley is.
    """

    matrix: FloatArray
    mean: FloatArray
    covariance: FloatArray
    eigenvalues: FloatArray
    eigenvectors: FloatArray
    condition_number: float


def curvature(dataset: Dataset) -> Curvature:
    """Second moment of the inputs, its eigen-decomposition and condition number."""
    x = dataset.inputs
    matrix = x.T @ x / dataset.n_samples
    mean = x.mean(axis=0)
    eigenvalues, eigenvectors = np.linalg.eigh(matrix)
    smallest = float(eigenvalues[0])
    condition = float(eigenvalues[-1]) / smallest if smallest > 0 else float("inf")
    return Curvature(
        matrix=matrix,
        mean=mean,
        covariance=matrix - np.outer(mean, mean),
        eigenvalues=eigenvalues,
        eigenvectors=eigenvectors,
        condition_number=condition,
    )


def largest_stable_rate(dataset: Dataset, method: MethodName, beta: float = 0.9) -> float:
    """Largest learning rate for which the method provably does not blow up on ``dataset``.

    Full-batch GD needs ``η < 2/λ_max``; heavy-ball momentum ``η < 2(1 + β)/λ_max``; one-sample and
    mini-batch SGD are non-expansive on every sample when ``η < 2/max‖x_n‖²``.
    """
    if method in ("sgd", "minibatch"):
        return 2.0 / float(np.max(np.einsum("ij,ij->i", dataset.inputs, dataset.inputs)))
    largest = float(curvature(dataset).eigenvalues[-1])
    if method == "momentum":
        return 2.0 * (1.0 + beta) / largest
    return 2.0 / largest


@dataclass(frozen=True, slots=True)
class LossGrid:
    """Mean loss sampled on a rectangular grid of the weight plane.

    Attributes
    ----------
    w1, w2
        Grid coordinates, shapes ``(n1,)`` and ``(n2,)``.
    values
        ``values[j, i]`` is the loss at ``(w1[i], w2[j])``.
    """

    w1: FloatArray
    w2: FloatArray
    values: FloatArray


def loss_grid(
    dataset: Dataset,
    bounds: tuple[float, float, float, float],
    resolution: int = 121,
) -> LossGrid:
    """Mean loss on a ``resolution × resolution`` grid over ``(w1_min, w1_max, w2_min, w2_max)``."""
    w1 = np.linspace(bounds[0], bounds[1], resolution)
    w2 = np.linspace(bounds[2], bounds[3], resolution)
    mesh = np.stack(np.meshgrid(w1, w2), axis=-1)
    return LossGrid(w1=w1, w2=w2, values=quadratic_loss(dataset, mesh))


def contour_levels(
    dataset: Dataset,
    w_start: FloatArray | tuple[float, float],
    tolerance: float,
    count: int = 8,
) -> FloatArray:
    """Loss levels for contour lines: from just above the start's level down near the optimum.

    Levels are geometric in the loss above its minimum, so the ellipses are spread evenly in
    log-distance from the optimum and the innermost one is still wider than the tolerance.
    """
    optimum = least_squares_optimum(dataset)
    floor = float(quadratic_loss(dataset, optimum, optimum))
    start_excess = float(quadratic_loss(dataset, np.asarray(w_start), optimum)) - floor
    distance = float(np.linalg.norm(np.asarray(w_start) - optimum))
    inner_ratio = max((3.0 * tolerance / distance) ** 2, 1e-4) if distance > 0 else 1e-2
    excess = start_excess * np.geomspace(1.6, min(inner_ratio, 0.5), count)
    return np.sort(floor + excess)


def bounding_box(
    points: FloatArray, margin: float = 0.15
) -> tuple[float, float, float, float]:
    """``(x_min, x_max, y_min, y_max)`` around ``points`` with a relative ``margin`` on each side."""
    p = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    low, high = p.min(axis=0), p.max(axis=0)
    pad = np.maximum((high - low) * margin, 0.1)
    return (
        float(low[0] - pad[0]),
        float(high[0] + pad[0]),
        float(low[1] - pad[1]),
        float(high[1] + pad[1]),
    )
