"""Runs of descent for a problem, shared by every scene and computed once per problem.

Every scene compares input regimes of one :class:`~zz_math.problem.Problem`: the course's
activation, a zero-centred comparison, the remedies. This module builds their data sets and their
descents — at the course's learning rate, over many sample orders, and at each regime's searched
best rate — and caches them, so a whole course computes each descent once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from zz_math.claims import SignClass, sign_class
from zz_math.data import Dataset, make_dataset
from zz_math.descent import MethodName, Trajectory, trajectory
from zz_math.engine import DescentSpec
from zz_math.metrics import (
    Curvature,
    DirectionTally,
    curvature,
    direction_tally,
    quadrant_share,
    tortuosity,
)
from zz_math.problem import Problem
from zz_math.search import OrderStats, RateSearch, order_stats, search_learning_rate

__all__ = [
    "RegimeRun",
    "RunFigures",
    "comparison_regime",
    "dataset_of",
    "descent_spec",
    "regime_run",
    "remedy_regimes",
    "search_of",
    "trajectory_of",
]


def comparison_regime(problem: Problem) -> str:
    """The zero-centred regime compared with the problem's activation."""
    return "centered" if problem.activation != "tanh" else "sigmoid"


@lru_cache(maxsize=64)
def dataset_of(problem: Problem, regime: str) -> Dataset:
    """The inputs and targets of ``regime`` for ``problem`` (cached)."""
    return make_dataset(problem, regime)


@lru_cache(maxsize=256)
def _trajectory(
    problem: Problem, regime: str, method: MethodName, learning_rate: float
) -> Trajectory:
    return trajectory(dataset_of(problem, regime), descent_spec(problem, method), learning_rate)


def trajectory_of(problem: Problem, regime: str, method: MethodName = "sgd") -> Trajectory:
    """The descent of ``regime`` at the course's learning rate, in the course's sample order."""
    return _trajectory(problem, regime, method, problem.learning_rate)


def remedy_regimes(problem: Problem) -> tuple[str, ...]:
    """Every input regime a scene computes for ``problem``: its own, centred, tanh or
    standardised, and shifted."""
    zero_centred = "tanh" if problem.activation != "tanh" else "standardized"
    return (problem.activation, "centered", zero_centred, "shifted")


def descent_spec(problem: Problem, method: MethodName) -> DescentSpec:
    """The problem's descent settings for ``method``."""
    return DescentSpec(
        method=method,
        w_start=problem.w_start,
        max_steps=problem.steps,
        tolerance=problem.tolerance,
        seed=problem.seed,
        batch_size=problem.batch_size,
    )


def search_of(problem: Problem, regime: str, method: MethodName = "sgd") -> RateSearch:
    """The best-rate search of ``regime`` (cached: the scenes reuse it)."""
    return _search(problem, regime, method)


@lru_cache(maxsize=64)
def _search(problem: Problem, regime: str, method: MethodName) -> RateSearch:
    spec = descent_spec(problem, method)
    return search_learning_rate(dataset_of(problem, regime), spec, problem.learning_rate)


@lru_cache(maxsize=64)
def _course_rate_stats(problem: Problem, regime: str, method: MethodName) -> OrderStats:
    spec = descent_spec(problem, method)
    return order_stats(dataset_of(problem, regime), spec, problem.learning_rate)


@dataclass(frozen=True, slots=True)
class RunFigures:
    """Measured figures of one descent.

    Attributes
    ----------
    steps
        Updates made (the run stops on arrival).
    steps_to_tolerance
        Step of arrival within tolerance, or ``None``.
    quadrant_share
        Share of updates heading into quadrant I or III.
    tortuosity
        Path length ÷ straight distance.
    tally
        NE / SW / other counts of the updates.
    """

    steps: int
    steps_to_tolerance: int | None
    quadrant_share: float
    tortuosity: float
    tally: DirectionTally


def _figures(trajectory: Trajectory) -> RunFigures:
    return RunFigures(
        steps=trajectory.n_steps,
        steps_to_tolerance=trajectory.steps_to_tolerance,
        quadrant_share=quadrant_share(trajectory.updates),
        tortuosity=tortuosity(trajectory.weights),
        tally=direction_tally(trajectory.updates),
    )


@dataclass(frozen=True, slots=True)
class RegimeRun:
    """One regime's data, descent and figures, at the course's and at its own best learning rate.

    Attributes
    ----------
    regime
        Input regime (or ``"minibatch"`` for the batch-summed remedy).
    dataset
        Inputs and targets.
    trajectory
        Descent at the course's learning rate.
    figures
        Figures of ``trajectory``.
    at_course_rate
        Steps to the tolerance over many sample orders at the course's learning rate.
    best
        The rate with the fewest median steps, and what was searched to find it.
    best_trajectory
        Descent at the best learning rate.
    best_figures
        Figures of ``best_trajectory``.
    curvature
        ``E[x xᵀ]`` of the inputs.
    signs
        Whether the inputs are all positive, non-negative (some exactly 0) or of both signs.
    """

    regime: str
    dataset: Dataset
    trajectory: Trajectory
    figures: RunFigures
    at_course_rate: OrderStats
    best: RateSearch
    best_trajectory: Trajectory
    best_figures: RunFigures
    curvature: Curvature
    signs: SignClass


@lru_cache(maxsize=64)
def regime_run(problem: Problem, regime: str, method: MethodName = "sgd") -> RegimeRun:
    """``regime``'s descent at the course's and at its best rate, with figures (cached)."""
    trajectory = _trajectory(problem, regime, method, problem.learning_rate)
    best = _search(problem, regime, method)
    best_trajectory = _trajectory(problem, regime, method, best.learning_rate)
    dataset = dataset_of(problem, regime)
    return RegimeRun(
        regime=regime,
        dataset=dataset,
        trajectory=trajectory,
        figures=_figures(trajectory),
        at_course_rate=_course_rate_stats(problem, regime, method),
        best=best,
        best_trajectory=best_trajectory,
        best_figures=_figures(best_trajectory),
        curvature=curvature(dataset),
        signs=sign_class(dataset.inputs),
    )
