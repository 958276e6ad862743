"""How many steps a descent needs over many sample orders, and the learning rate that needs fewest.

One sample order can flatter one regime and not another, so a comparison counts the steps to the
tolerance over :data:`ORDERS` sample orders (the course's first) and compares **medians**. The best
learning rate is searched by running, never capped by a stability bound: a log grid from far below
to far above the curvature's natural step ``2/λ_max`` (with the course's rate in it) is grown
upwards while its best rate sits at the top, scanned densely within a factor 4 of its best,
then refined twice around its five best rates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from zz_math._types import FloatArray, IntArray
from zz_math.data import Dataset
from zz_math.engine import NEVER, DescentSpec, descend

__all__ = ["ORDERS", "OrderStats", "RateSearch", "order_stats", "search_learning_rate"]

ORDERS = 25
GRID_POINTS = 128
GRID_LOW, GRID_HIGH = 1e-3, 16.0
REFINE_POINTS = 9
REFINE_AROUND = 5
REFINE_ROUNDS = 2
DENSE_SPAN = 4.0
DENSE_POINTS = 256
GROWTH_LIMIT = 1e6


@dataclass(frozen=True, slots=True)
class OrderStats:
    """Steps to the tolerance at one learning rate over several sample orders.

    Attributes
    ----------
    learning_rate
        The rate.
    steps
        Arrival step per order (order 0 is the course's), ``-1`` where it never arrived.
    diverged
        Orders on which the weights blew up.
    median
        Median arrival step over the orders (``None`` when over half never arrive).
    low, high
        Fewest and most steps among the orders that arrived (``None`` when none did).
    arrived
        Orders that arrived.
    """

    learning_rate: float
    steps: IntArray
    diverged: int
    median: float | None
    low: int | None
    high: int | None
    arrived: int

    @property
    def orders(self) -> int:
        """Number of sample orders."""
        return int(self.steps.size)


def _median(steps: IntArray) -> float | None:
    values = np.where(steps == NEVER, np.inf, steps.astype(np.float64))
    middle = float(np.median(values))
    return middle if math.isfinite(middle) else None


def order_stats(
    dataset: Dataset, spec: DescentSpec, learning_rate: float, orders: int = ORDERS
) -> OrderStats:
    """Run every order to its end at ``learning_rate`` and summarise the arrival steps."""
    count = orders if spec.samples_per_update(dataset.n_samples) else 1
    arrivals, _ = descend(dataset, spec, np.array([learning_rate]), count)
    steps = arrivals.steps[0]
    arrived = steps[steps != NEVER]
    return OrderStats(
        learning_rate=float(learning_rate),
        steps=steps,
        diverged=int(arrivals.diverged[0].sum()),
        median=_median(steps),
        low=int(arrived.min()) if arrived.size else None,
        high=int(arrived.max()) if arrived.size else None,
        arrived=int(arrived.size),
    )


@dataclass(frozen=True, slots=True)
class RateSearch:
    """The learning rate with the fewest median steps, and what was searched to find it.

    Attributes
    ----------
    learning_rate
        The best rate found.
    stats
        Steps over the sample orders at that rate.
    searched_low, searched_high
        Smallest and largest rate tried.
    rates_tried
        How many rates were tried.
    orders
        Sample orders each rate ran on.
    """

    learning_rate: float
    stats: OrderStats
    searched_low: float
    searched_high: float
    rates_tried: int
    orders: int


def _natural_rate(dataset: Dataset, spec: DescentSpec) -> float:
    """``2/λ_max`` of ``E[x xᵀ]`` (times ``1 + β`` with momentum); 1 for all-zero inputs."""
    largest = float(np.linalg.eigvalsh(dataset.inputs.T @ dataset.inputs / dataset.n_samples)[-1])
    if not (math.isfinite(largest) and largest > 0):
        return 1.0
    factor = 1.0 + spec.beta if spec.method == "momentum" else 1.0
    natural = 2.0 * factor / largest
    return natural if math.isfinite(natural) else 1.0


class _Scan:
    """Rates tried so far and the score of each (smaller is better)."""

    def __init__(self, dataset: Dataset, spec: DescentSpec, orders: int) -> None:
        self.dataset, self.spec, self.orders = dataset, spec, orders
        self.rates: list[float] = []
        self.scores: list[tuple[float, float]] = []

    def add(self, rates: FloatArray) -> None:
        """Run ``rates`` until the first median arrives and score them.

        A rate whose median arrived scores (its median, minus the share of orders in by then);
        the others score infinity, since their median lies beyond the best one.
        """
        fresh = np.array(sorted({float(r) for r in rates} - set(self.rates)))
        fresh = fresh[np.isfinite(fresh) & (fresh > 0)]
        if fresh.size == 0:
            return
        arrivals, _ = descend(self.dataset, self.spec, fresh, self.orders, stop_at_median=True)
        arrived = (arrivals.steps >= 0).sum(axis=1)
        need = self.orders // 2 + 1
        for rate, count in zip(fresh, arrived, strict=True):
            median = float(arrivals.steps_run) if count >= need else math.inf
            self.rates.append(float(rate))
            self.scores.append((median, -count / self.orders))

    def best(self, count: int = 1) -> list[float]:
        """The ``count`` best rates so far, best first (the smaller rate among equals)."""
        order = sorted(range(len(self.rates)), key=lambda i: (self.scores[i], self.rates[i]))
        return [self.rates[i] for i in order[:count]]

    def at_top(self, rate: float) -> bool:
        """True when ``rate`` is one of the two largest rates tried."""
        return rate >= sorted(self.rates)[-min(2, len(self.rates))]


def search_learning_rate(
    dataset: Dataset, spec: DescentSpec, course_rate: float, orders: int = ORDERS
) -> RateSearch:
    """The rate with the fewest median steps to the tolerance over ``orders`` sample orders."""
    count = orders if spec.samples_per_update(dataset.n_samples) else 1
    natural = _natural_rate(dataset, spec)
    scan = _Scan(dataset, spec, count)
    grid = np.geomspace(natural * GRID_LOW, natural * GRID_HIGH, GRID_POINTS)
    scan.add(np.append(grid, course_rate))
    ratio = float(grid[1] / grid[0])
    top = float(grid[-1])
    while scan.at_top(scan.best()[0]) and top < natural * GROWTH_LIMIT:
        grid = top * ratio ** np.arange(1, GRID_POINTS // 4 + 1, dtype=np.float64)
        scan.add(grid)
        top = float(grid[-1])
    best = scan.best()[0]
    scan.add(np.geomspace(best / DENSE_SPAN, best * DENSE_SPAN, DENSE_POINTS))
    ratio = DENSE_SPAN ** (2 / (DENSE_POINTS - 1))
    for _ in range(REFINE_ROUNDS):
        scan.add(
            np.concatenate(
                [np.geomspace(r / ratio, r * ratio, REFINE_POINTS) for r in scan.best(REFINE_AROUND)]
            )
        )
        ratio = ratio ** (2 / (REFINE_POINTS - 1))
    best = scan.best()[0]
    return RateSearch(
        learning_rate=best,
        stats=order_stats(dataset, spec, best, count),
        searched_low=min(scan.rates),
        searched_high=max(scan.rates),
        rates_tried=len(scan.rates),
        orders=count,
    )
