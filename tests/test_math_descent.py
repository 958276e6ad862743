"""Descent trajectories: the update rule, arrival at the scipy optimum, metrics and curvature."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
import scipy.optimize
from hypothesis import given, settings
from hypothesis import strategies as st

from zz_math import Problem
from zz_math.data import REGIMES, make_dataset
from zz_math.descent import least_squares_optimum, quadratic_loss, trajectory
from zz_math.metrics import (
    contour_levels,
    curvature,
    direction_tally,
    largest_stable_rate,
    loss_grid,
    quadrant,
    quadrant_share,
    steps_to_tolerance,
    tortuosity,
)
from zz_math.runs import descent_spec

METHODS = ("sgd", "minibatch", "full-batch", "momentum")


def _run(problem: Problem, regime: str, method: str, rate: float | None = None):  # type: ignore[no-untyped-def]
    data = make_dataset(problem, regime)
    spec = descent_spec(problem, method)  # type: ignore[arg-type]
    return data, trajectory(data, spec, rate if rate is not None else problem.learning_rate)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("regime", REGIMES)
def test_update_rule_holds_along_every_trajectory(regime: str, method: str) -> None:
    problem = Problem(steps=300)
    data, t = _run(problem, regime, method, rate=0.3 * largest_stable_rate(make_dataset(problem, regime), method))  # type: ignore[arg-type]
    x, y = data.inputs, data.targets
    velocity = np.zeros(2)
    for k in range(t.n_steps):
        w = t.weights[k]
        if method in ("sgd", "minibatch"):
            rows = t.sample_indices[k]
            expected = x[rows].T @ (x[rows] @ w - y[rows]) / len(rows)
        else:
            expected = x.T @ (x @ w - y) / len(y)
        np.testing.assert_allclose(t.gradients[k], expected, rtol=1e-12, atol=1e-14)
        step = t.gradients[k]
        if method == "momentum":
            velocity = 0.9 * velocity + step
            step = velocity
        np.testing.assert_allclose(t.weights[k + 1], w - t.learning_rate * step, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(t.losses, 0.5 * np.mean((t.weights @ x.T - y) ** 2, axis=1), rtol=1e-9, atol=1e-12)


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 5000),
    start=st.tuples(st.floats(-3, 3), st.floats(-3, 3)),
    regime=st.sampled_from(["sigmoid", "centered", "tanh", "shifted", "standardized"]),
)
def test_trajectories_reach_the_scipy_optimum(seed: int, start: tuple[float, float], regime: str) -> None:
    problem = Problem(seed=seed, w_start=start, steps=20000, tolerance=1e-3)
    data = make_dataset(problem, regime)
    if np.linalg.norm(np.subtract(start, problem.w_target)) < 1e-6:
        return
    rate = 0.5 * largest_stable_rate(data, "sgd")
    _, t = _run(problem, regime, "sgd", rate)
    reference = scipy.optimize.minimize(
        lambda w: float(quadratic_loss(data, w)), x0=np.zeros(2), method="BFGS", options={"gtol": 1e-12}
    ).x
    np.testing.assert_allclose(least_squares_optimum(data), reference, atol=1e-5)
    assert t.reached and not t.diverged
    assert np.linalg.norm(t.weights[-1] - reference) <= problem.tolerance + 1e-5
    assert t.steps_to_tolerance == steps_to_tolerance(t.weights, t.optimum, problem.tolerance)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), scale=st.floats(0.3, 4.0), activation=st.sampled_from(["sigmoid", "relu"]))
def test_condition_number_larger_for_raw_than_centred(seed: int, scale: float, activation: str) -> None:
    problem = Problem(seed=seed, input_scale=scale, activation=activation)  # type: ignore[arg-type]
    raw = curvature(make_dataset(problem, activation))
    centred = curvature(make_dataset(problem, "centered"))
    assert raw.condition_number > centred.condition_number
    np.testing.assert_allclose(raw.matrix, raw.covariance + np.outer(raw.mean, raw.mean), atol=1e-12)


def test_sigmoid_updates_are_all_ne_or_sw_and_centred_are_not() -> None:
    problem = Problem()
    _, sig = _run(problem, "sigmoid", "sgd")
    _, cen = _run(problem, "centered", "sgd")
    assert quadrant_share(sig.updates) == 1.0
    assert quadrant_share(cen.updates) < 0.9
    assert tortuosity(sig.weights) > tortuosity(cen.weights)


def test_divergence_is_detected() -> None:
    problem = Problem()
    data = make_dataset(problem, "sigmoid")
    _, t = _run(problem, "sigmoid", "sgd", rate=10 * largest_stable_rate(data, "sgd"))
    assert t.diverged and not t.reached


def test_metrics_on_known_paths() -> None:
    square = np.array([[0, 0], [1, 0], [1, 1]], dtype=float)
    assert tortuosity(square) == pytest.approx(2 / np.sqrt(2))
    updates = np.array([[1, 1], [-1, -2], [1, -1], [0, 2], [0, 0]], dtype=float)
    tally = direction_tally(updates)
    assert (tally.north_east, tally.south_west, tally.other, tally.still) == (2, 1, 1, 1)
    assert quadrant_share(updates) == pytest.approx(3 / 4)
    assert [quadrant(np.array(v)) for v in ([1, 1], [-1, 1], [-1, -1], [1, -1], [0, 1])] == [1, 2, 3, 4, 0]


def test_loss_grid_and_levels() -> None:
    problem = Problem()
    data = make_dataset(problem, "sigmoid")
    grid = loss_grid(data, (-2, 2, -2, 3), resolution=9)
    brute = np.array([[0.5 * np.mean((data.inputs @ np.array([a, b]) - data.targets) ** 2) for a in grid.w1] for b in grid.w2])
    np.testing.assert_allclose(grid.values, brute, rtol=1e-10, atol=1e-12)
    levels = contour_levels(data, problem.w_start, problem.tolerance)
    assert np.all(np.diff(levels) > 0)
    assert levels[-1] > float(quadratic_loss(data, np.asarray(problem.w_start)))


def test_zz_math_does_not_import_manim() -> None:
    code = "import sys, zz_math, zz_math.runs, zz_math.metrics, zz_math.export, scenes.registry; print('manim' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
