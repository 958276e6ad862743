"""The numbers of every scene, computed from a :class:`~zz_math.problem.Problem`.

Each ``*_data`` function returns a frozen dataclass that its scene reads and that
:func:`scene_data_json` turns into JSON for ``zigzag data``. Results are cached per problem, so a
whole course computes each descent once.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from zz_math._types import FloatArray, IntArray
from zz_math.activations import ACTIVATIONS, OutputRange, output_range
from zz_math.claims import (
    Agreement,
    Heading,
    SignClass,
    consistent_digits,
    heading,
    sign_agreement,
    sign_class,
)
from zz_math.data import Dataset, make_dataset
from zz_math.descent import MethodName, Trajectory, run
from zz_math.engine import DescentSpec
from zz_math.metrics import (
    Curvature,
    DirectionTally,
    bounding_box,
    contour_levels,
    curvature,
    direction_tally,
    quadrant,
    quadrant_share,
    sign_patterns,
    tortuosity,
)
from zz_math.neuron import ChainRule, chain_rule
from zz_math.problem import Problem
from zz_math.search import OrderStats, RateSearch, order_stats, search_learning_rate
from zz_math.two_layer import TwoLayerGradients, init_net, teacher_targets, two_layer_gradients

__all__ = [
    "SCENE_IDS",
    "ActivationsData",
    "AllowedDirectionsData",
    "ChainRuleData",
    "ConditioningData",
    "GradientSignsData",
    "ParallelParkingData",
    "RegimeRun",
    "RemediesData",
    "RunFigures",
    "TwoLayerData",
    "activations_data",
    "allowed_directions_data",
    "chain_rule_data",
    "comparison_regime",
    "conditioning_data",
    "descent_spec",
    "gradient_signs_data",
    "off_axis_start",
    "parallel_parking_data",
    "remedies_data",
    "remedy_regimes",
    "scene_data",
    "scene_data_json",
    "to_jsonable",
    "trajectory_of",
    "two_layer_data",
]

SCENE_IDS: tuple[str, ...] = (
    "activations",
    "chain-rule",
    "allowed-directions",
    "parallel-parking",
    "gradient-signs",
    "remedies",
    "conditioning",
    "two-layer",
    "lecture",
)
FAN_SIZE = 24
RASTER_STEPS = 40
TWO_LAYER_SAMPLES = 12


def comparison_regime(problem: Problem) -> str:
    """The zero-centred regime compared with the problem's activation."""
    return "centered" if problem.activation != "tanh" else "sigmoid"


@lru_cache(maxsize=64)
def _dataset(problem: Problem, regime: str) -> Dataset:
    return make_dataset(problem, regime)


@lru_cache(maxsize=256)
def _trajectory(
    problem: Problem, regime: str, method: MethodName, learning_rate: float
) -> Trajectory:
    return run(
        _dataset(problem, regime),
        method=method,
        w_start=problem.w_start,
        learning_rate=learning_rate,
        max_steps=problem.steps,
        tolerance=problem.tolerance,
        seed=problem.seed,
        batch_size=problem.batch_size,
    )


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


@lru_cache(maxsize=64)
def _search(problem: Problem, regime: str, method: MethodName) -> RateSearch:
    spec = descent_spec(problem, method)
    return search_learning_rate(_dataset(problem, regime), spec, problem.learning_rate)


@lru_cache(maxsize=64)
def _course_rate_stats(problem: Problem, regime: str, method: MethodName) -> OrderStats:
    spec = descent_spec(problem, method)
    return order_stats(_dataset(problem, regime), spec, problem.learning_rate)


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
def _regime_run(problem: Problem, regime: str, method: MethodName = "sgd") -> RegimeRun:
    trajectory = _trajectory(problem, regime, method, problem.learning_rate)
    best = _search(problem, regime, method)
    best_trajectory = _trajectory(problem, regime, method, best.learning_rate)
    dataset = _dataset(problem, regime)
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


@dataclass(frozen=True, slots=True)
class ActivationsData:
    """Activation curves and how the toy's inputs fall.

    Attributes
    ----------
    names
        Activations shown, in order.
    ranges
        Output range of each.
    z_limit
        The curves are drawn on ``[-z_limit, z_limit]`` (three latent standard deviations).
    negative_share
        Per activation, the share of the toy's inputs below zero.
    """

    names: tuple[str, ...]
    ranges: tuple[OutputRange, ...]
    z_limit: float
    negative_share: tuple[float, ...]


def activations_data(problem: Problem) -> ActivationsData:
    """Numbers of the ``activations`` scene."""
    shares = tuple(float(np.mean(_dataset(problem, name).inputs < 0.0)) for name in ACTIVATIONS)
    return ActivationsData(
        names=ACTIVATIONS,
        ranges=tuple(output_range(name) for name in ACTIVATIONS),
        z_limit=float(min(3.0 * problem.input_scale, 6.0)),
        negative_share=shares,
    )


@dataclass(frozen=True, slots=True)
class ChainRuleData:
    """A worked example: the first sample SGD uses, at the start weights.

    Attributes
    ----------
    sample_index
        Index of the sample.
    weights
        ``w`` at the start.
    inputs
        ``x`` of the sample.
    target
        ``y`` of the sample.
    factors
        The chain-rule factors and the gradient.
    input_signs
        Whether the sample's inputs are all positive, non-negative (a zero among them) or mixed.
    dataset_signs
        The same for all the inputs of the course's activation.
    """

    sample_index: int
    weights: FloatArray
    inputs: FloatArray
    target: float
    factors: ChainRule
    input_signs: SignClass
    dataset_signs: SignClass


def chain_rule_data(problem: Problem) -> ChainRuleData:
    """Numbers of the ``chain-rule`` scene."""
    run_ = _regime_run(problem, problem.activation)
    index = int(run_.trajectory.sample_indices[0, 0])
    x = run_.dataset.inputs[index]
    y = float(run_.dataset.targets[index])
    w = np.asarray(problem.w_start)
    return ChainRuleData(
        sample_index=index,
        weights=w,
        inputs=x,
        target=y,
        factors=chain_rule(w, x, y),
        input_signs=sign_class(x),
        dataset_signs=run_.signs,
    )


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
    dataset = _dataset(problem, problem.activation)
    count = min(FAN_SIZE, dataset.n_samples)
    indices = np.arange(count, dtype=np.int64)
    w = np.asarray(problem.w_start)
    x = dataset.inputs[indices]
    updates = -problem.learning_rate * ((x @ w - dataset.targets[indices])[:, None] * x)
    optimum = _regime_run(problem, problem.activation).trajectory.optimum
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


@dataclass(frozen=True, slots=True)
class ParallelParkingData:
    """The headline scene: the problem's regime against its zero-centred comparison.

    Attributes
    ----------
    runs
        The problem's activation first, then the zero-centred comparison.
    bounds
        ``(w1_min, w1_max, w2_min, w2_max)`` that hold both paths.
    contour_levels
        Loss levels for the contour lines of the first regime.
    comparison_levels
        Loss levels for the comparison regime.
    headings
        Per run, which way the optimum lies from the start and whether one step can go there.
    """

    runs: tuple[RegimeRun, RegimeRun]
    bounds: tuple[float, float, float, float]
    contour_levels: FloatArray
    comparison_levels: FloatArray
    headings: tuple[Heading, Heading]


def parallel_parking_data(problem: Problem) -> ParallelParkingData:
    """Numbers of the ``parallel-parking`` scene."""
    first = _regime_run(problem, problem.activation)
    second = _regime_run(problem, comparison_regime(problem))
    points = np.vstack([first.trajectory.weights, second.trajectory.weights])
    return ParallelParkingData(
        runs=(first, second),
        bounds=bounding_box(points, margin=0.12),
        contour_levels=contour_levels(first.dataset, problem.w_start, problem.tolerance),
        comparison_levels=contour_levels(second.dataset, problem.w_start, problem.tolerance),
        headings=(
            heading(first.trajectory.weights[0], first.trajectory.optimum, first.signs),
            heading(second.trajectory.weights[0], second.trajectory.optimum, second.signs),
        ),
    )


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
        sign_patterns(_regime_run(problem, r).trajectory.gradients[:RASTER_STEPS]) for r in regimes
    )
    batch = _trajectory(problem, problem.activation, "minibatch", problem.learning_rate)
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
            _regime_run(problem, regimes[0]).signs,
            _regime_run(problem, regimes[1]).signs,
        ),
    )


@dataclass(frozen=True, slots=True)
class RemediesData:
    """Side-by-side panels, each at its own best learning rate.

    Attributes
    ----------
    panels
        Panel names: the problem's activation, ``centered``, ``tanh``, ``minibatch``, ``shifted``.
    runs
        The run of each panel.
    bounds
        Shared axes bounds for all panels.
    """

    panels: tuple[str, ...]
    runs: tuple[RegimeRun, ...]
    bounds: tuple[float, float, float, float]


def remedies_data(problem: Problem) -> RemediesData:
    """Numbers of the ``remedies`` scene."""
    first, centred, zero_centred, shifted = remedy_regimes(problem)
    plan: list[tuple[str, str, MethodName]] = [
        (first, first, "sgd"),
        (centred, centred, "sgd"),
        (zero_centred, zero_centred, "sgd"),
        ("minibatch", first, "minibatch"),
        (shifted, shifted, "sgd"),
    ]
    runs = tuple(_regime_run(problem, regime, method) for _, regime, method in plan)
    points = np.vstack([r.best_trajectory.weights for r in runs])
    return RemediesData(
        panels=tuple(name for name, _, _ in plan),
        runs=runs,
        bounds=bounding_box(points, margin=0.1),
    )


@dataclass(frozen=True, slots=True)
class ConditioningData:
    """Curvature of raw against centred inputs, and full-batch descent across the valley.

    Attributes
    ----------
    regimes
        The problem's regime and its centred comparison.
    start
        Where both descents start (see :func:`off_axis_start`).
    runs
        Full-batch gradient descent, each at its own best learning rate.
    bounds
        Axes bounds holding both paths.
    matrix_digits
        Decimals with which ``Σ`` and ``μμᵀ`` of each regime, rounded, add up to ``E[x xᵀ]``
        rounded.
    """

    regimes: tuple[str, str]
    start: FloatArray
    runs: tuple[RegimeRun, RegimeRun]
    bounds: tuple[float, float, float, float]
    matrix_digits: int


def conditioning_data(problem: Problem) -> ConditioningData:
    """Numbers of the ``conditioning`` scene."""
    regimes = (problem.activation, comparison_regime(problem))
    raw = curvature(_dataset(problem, regimes[0]))
    start = off_axis_start(problem, raw)
    moved = dataclasses.replace(problem, w_start=(float(start[0]), float(start[1])))
    runs = (
        _regime_run(moved, regimes[0], "full-batch"),
        _regime_run(moved, regimes[1], "full-batch"),
    )
    points = np.vstack([r.best_trajectory.weights for r in runs])
    digits = max(
        consistent_digits(
            np.stack([r.curvature.covariance, np.outer(r.curvature.mean, r.curvature.mean)])
        )
        for r in runs
    )
    return ConditioningData(
        regimes=regimes,
        start=start,
        runs=runs,
        bounds=bounding_box(points, margin=0.12),
        matrix_digits=digits,
    )


def off_axis_start(problem: Problem, raw: Curvature) -> FloatArray:
    """A start as far from the optimum as ``w_start``, midway between the valley's two axes.

    From a start on one of the valley's axes full-batch descent runs straight; from between them
    the steep direction overshoots at every step, which is the zig-zag across a thin valley.
    """
    target = np.asarray(problem.w_target)
    distance = float(np.linalg.norm(np.asarray(problem.w_start) - target))
    diagonal = raw.eigenvectors @ np.array([1.0, 1.0]) / math.sqrt(2.0)
    toward_start = np.asarray(problem.w_start) - target
    if float(diagonal @ toward_start) < 0:
        diagonal = -diagonal
    return np.asarray(target + distance * diagonal)


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
    z = _dataset(problem, problem.activation).latent[:TWO_LAYER_SAMPLES]
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


_BUILDERS: dict[str, Callable[[Problem], Any]] = {
    "activations": activations_data,
    "chain-rule": chain_rule_data,
    "allowed-directions": allowed_directions_data,
    "parallel-parking": parallel_parking_data,
    "gradient-signs": gradient_signs_data,
    "remedies": remedies_data,
    "conditioning": conditioning_data,
    "two-layer": two_layer_data,
}


def scene_data(scene: str, problem: Problem) -> Any:
    """The data object of ``scene`` (``lecture`` gives a dict of all scenes)."""
    if scene == "lecture":
        return {name: build(problem) for name, build in _BUILDERS.items()}
    if scene not in _BUILDERS:
        raise KeyError(scene)
    return _BUILDERS[scene](problem)


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


def _trajectory_json(run_: RegimeRun) -> dict[str, Any]:
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


def _metrics_json(run_: RegimeRun) -> dict[str, Any]:
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


def scene_data_json(scene: str, problem: Problem) -> dict[str, Any]:
    """What ``zigzag data SCENE`` prints."""
    out: dict[str, Any] = {"scene": scene, "problem": problem.as_dict()}
    if scene == "parallel-parking":
        data = parallel_parking_data(problem)
        out["trajectories"] = [_trajectory_json(r) for r in data.runs]
        out["metrics"] = {r.regime: _metrics_json(r) for r in data.runs}
        out["bounds"] = list(data.bounds)
        out["contour_levels"] = to_jsonable(data.contour_levels)
        return out
    if scene in ("remedies", "conditioning"):
        data = scene_data(scene, problem)
        names = data.panels if scene == "remedies" else data.regimes
        out["trajectories"] = [
            {**_trajectory_json(r), "panel": name} for name, r in zip(names, data.runs, strict=True)
        ]
        out["metrics"] = {name: _metrics_json(r) for name, r in zip(names, data.runs, strict=True)}
        out["bounds"] = list(data.bounds)
        return out
    if scene == "lecture":
        out["scenes"] = {s: scene_data_json(s, problem) for s in SCENE_IDS if s != "lecture"}
        return out
    out["data"] = to_jsonable(scene_data(scene, problem))
    return out
