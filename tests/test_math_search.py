"""The learning-rate search, medians over sample orders, and what a course may claim (issue: the
argument, honestly measured)."""

from __future__ import annotations

import math
from typing import get_args

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from zz_math import Problem
from zz_math.claims import (
    Verdict,
    compare_counts,
    comparison_verdict,
    consistent_digits,
    heading,
    sign_agreement,
    sign_class,
)
from zz_math.data import make_dataset
from zz_math.engine import NEVER, DescentSpec, descend
from zz_math.fitness import ProblemRefused, check_problem, problem_findings
from zz_math.metrics import curvature, largest_stable_rate
from zz_math.runs import RegimeRun, comparison_regime, descent_spec, trajectory_of
from zz_math.scene_data.chain_rule import chain_rule_data
from zz_math.scene_data.gradient_signs import gradient_signs_data
from zz_math.scene_data.parallel_parking import parallel_parking_data
from zz_math.search import ORDERS, order_stats, search_learning_rate

METHODS = ("sgd", "minibatch", "full-batch", "momentum")


def _dense_best(problem: Problem, regime: str, method: str, low: float, high: float) -> float:
    """Fewest median steps over a dense log scan of rates, on the same sample orders."""
    data = make_dataset(problem, regime)
    spec = descent_spec(problem, method)  # type: ignore[arg-type]
    orders = ORDERS if spec.samples_per_update(data.n_samples) else 1
    rates = np.geomspace(low, high, 400)
    # Stopping at the first median arrival gives the smallest median of all 400 rates.
    arrivals, _ = descend(data, spec, rates, orders, stop_at_median=True)
    arrived = (arrivals.steps != NEVER).sum(axis=1)
    return float(arrivals.steps_run) if arrived.max() >= orders // 2 + 1 else math.inf


@pytest.mark.parametrize("method", METHODS)
def test_one_engine_draws_and_counts_the_same_steps(method: str) -> None:
    problem = Problem(steps=400)
    data = make_dataset(problem, "sigmoid")
    spec = descent_spec(problem, method)  # type: ignore[arg-type]
    stats = order_stats(data, spec, problem.learning_rate)
    shown = trajectory_of(problem, "sigmoid", method)  # type: ignore[arg-type]
    first = int(stats.steps[0])
    assert (first if first != NEVER else None) == shown.steps_to_tolerance


def test_default_course_best_rate_is_not_capped_by_a_stability_bound() -> None:
    problem = Problem()
    data = make_dataset(problem, "sigmoid")
    search = search_learning_rate(data, descent_spec(problem, "sgd"), problem.learning_rate)
    # The old search stopped at 0.995 * 2/max|x|^2; SGD on these inputs arrives well above it.
    assert search.learning_rate > largest_stable_rate(data, "sgd")
    assert search.searched_low <= problem.learning_rate <= search.searched_high
    dense = _dense_best(problem, "sigmoid", "sgd", search.searched_low, search.searched_high)
    assert search.stats.median is not None
    assert search.stats.median <= max(1.1 * dense, dense + 1)


def test_default_course_same_rate_gains_nothing_and_the_gain_is_a_larger_rate() -> None:
    problem = Problem()
    data = parallel_parking_data(problem)
    sigmoid, centred = data.runs
    assert compare_counts(sigmoid.at_course_rate.median, centred.at_course_rate.median) == "same"
    low = (sigmoid.curvature.eigenvalues[0], centred.curvature.eigenvalues[0])
    high = (sigmoid.curvature.eigenvalues[-1], centred.curvature.eigenvalues[-1])
    assert abs(low[0] - low[1]) <= 0.05 * low[0]
    assert high[1] < 0.5 * high[0]
    assert centred.best.learning_rate > sigmoid.best.learning_rate
    assert centred.best.stats.median is not None and sigmoid.best.stats.median is not None
    assert centred.best.stats.median < sigmoid.best.stats.median
    assert sigmoid.best.stats.orders == ORDERS and sigmoid.best.stats.low is not None
    assert sigmoid.best.stats.low <= sigmoid.best.stats.median <= sigmoid.best.stats.high  # type: ignore[operator]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(
    activation=st.sampled_from(["sigmoid", "relu", "tanh"]),
    seed=st.integers(0, 500),
    n_samples=st.integers(12, 60),
    start=st.tuples(st.floats(-2, 2), st.floats(-2, 2)),
    target=st.tuples(st.floats(-2, 2), st.floats(-2, 2)),
    rate=st.floats(0.05, 2.0),
)
def test_search_is_near_a_dense_scan_and_claims_hold(
    activation: str,
    seed: int,
    n_samples: int,
    start: tuple[float, float],
    target: tuple[float, float],
    rate: float,
) -> None:
    assume(math.dist(start, target) > 0.5)
    problem = Problem(
        activation=activation,  # type: ignore[arg-type]
        seed=seed,
        n_samples=n_samples,
        w_start=start,
        w_target=target,
        learning_rate=rate,
        steps=600,
        tolerance=0.05,
    )
    assume(not any(f.level == "error" for f in problem_findings(problem)))
    data = parallel_parking_data(problem)
    for run in data.runs:
        search = run.best
        dense = _dense_best(problem, run.regime, "sgd", search.searched_low, search.searched_high)
        if math.isfinite(dense):
            assert search.stats.median is not None
            assert search.stats.median <= max(1.1 * dense, dense + 1)
    for run, way in zip(data.runs, data.headings, strict=True):
        updates = run.trajectory.updates
        if way.allowed is None:
            continue
        # One-signed inputs: every update lies in the closed quadrants I and III.
        assert np.all(updates[:, 0] * updates[:, 1] >= 0)
        direction = run.trajectory.optimum - run.trajectory.weights[0]
        assert way.allowed == bool(direction[0] * direction[1] > 0 or (
            run.signs == "nonnegative" and direction[0] * direction[1] == 0))
    _verdict_holds(data.runs[0], data.runs[1])
    _sign_rule_holds(problem)


def _verdict_holds(first: RegimeRun, second: RegimeRun) -> None:
    """The closing verdict parallel-parking shows is true of the medians it quotes."""
    a, b = first.at_course_rate.median, second.at_course_rate.median
    c, d = first.best.stats.median, second.best.stats.median
    verdict = comparison_verdict((a, b), (c, d), (first.best.learning_rate, second.best.learning_rate))
    if verdict == "neither_arrives":
        assert c is None and d is None
    elif verdict == "first_sooner":
        assert c is not None and (d is None or c < d)
    elif verdict == "about_even":
        assert c is not None and d is not None and abs(c - d) <= 0.1 * max(c, d)
    else:
        assert d is not None and (c is None or d < c)
        if verdict == "rate_gain":
            assert a is not None and b is not None and abs(a - b) <= 0.1 * max(a, b)
            assert second.best.learning_rate > first.best.learning_rate


def _sign_rule_holds(problem: Problem) -> None:
    """chain-rule's conclusion: every component has the factor's sign, or is 0 where its input is."""
    sample = chain_rule_data(problem)
    grad, factor = sample.factors.grad_w, sample.factors.dloss_df
    if sample.input_signs == "positive":
        assert np.all(np.sign(grad) == np.sign(factor))
    elif sample.input_signs == "nonnegative":
        assert np.all((np.sign(grad) == np.sign(factor)) | (sample.inputs == 0))
        assert np.all(grad[sample.inputs == 0] == 0)


def test_north_east_optimum_is_open_not_blocked() -> None:
    problem = Problem(w_start=(-1.0, -1.0), w_target=(1.0, 1.5))
    data = parallel_parking_data(problem)
    assert data.headings[0].compass == "north-east"
    assert data.headings[0].story == "open"
    assert any(f.key == "w_target" and f.level == "warning" for f in check_problem(problem))
    default = parallel_parking_data(Problem())
    assert default.headings[0].compass == "north-west" and default.headings[0].story == "blocked"
    assert default.headings[1].story == "free"


def test_relu_zero_input_sample_is_nonnegative_not_positive() -> None:
    # The ReLU course whose first SGD sample has a zero input (found by the recomputation).
    for seed in range(40):
        problem = Problem(activation="relu", seed=seed)
        sample = chain_rule_data(problem)
        if np.any(sample.inputs == 0) and np.any(sample.inputs > 0):
            break
    else:
        pytest.fail("no ReLU sample with a zero input in 40 seeds")
    assert sample.input_signs == "nonnegative"
    assert np.any(sample.factors.grad_w == 0)


def test_relu_gradient_signs_never_opposite_and_zeros_counted_apart() -> None:
    data = gradient_signs_data(Problem(activation="relu"))
    agreement = data.agreement[0]
    assert agreement.opposite == 0
    assert agreement.one_zero + agreement.all_zero > 0
    assert agreement.total == data.signs[0].shape[0]


def test_tanh_inputs_are_mixed_and_compare_with_sigmoid() -> None:
    problem = Problem(activation="tanh")
    assert comparison_regime(problem) == "sigmoid"
    data = parallel_parking_data(problem)
    assert data.runs[0].signs == "mixed" and data.headings[0].story == "free"
    assert data.runs[1].signs == "positive"


def test_few_samples_and_saturated_or_tiny_inputs_are_refused_or_warned() -> None:
    with pytest.raises(ValueError, match="n_samples"):
        Problem(n_samples=3)
    with pytest.raises(ProblemRefused, match="input_scale"):
        check_problem(Problem(input_scale=5e-324))
    with pytest.raises(ProblemRefused, match="tolerance"):
        check_problem(Problem(tolerance=1000))
    with pytest.raises(ProblemRefused, match="tolerance"):
        check_problem(Problem(w_start=(1e-320, 0.0), w_target=(0.0, 0.0)))
    saturated = Problem(input_scale=1000.0)
    assert make_dataset(saturated, "sigmoid").all_positive is False
    assert any(f.key == "input_scale" for f in problem_findings(saturated))


def test_refused_rate_message_quotes_a_rate_that_arrives() -> None:
    problem = Problem(learning_rate=50.0)
    with pytest.raises(ProblemRefused) as caught:
        check_problem(problem)
    message = str(caught.value)
    assert message.startswith("learning_rate: 50 diverges")
    quoted = float(message.split("needs the fewest")[0].split(", ")[-1])
    ok = trajectory_of(Problem(learning_rate=quoted), "sigmoid")
    assert ok.reached


def test_accepted_relu_rates_are_not_refused_by_a_bound() -> None:
    for rate in (0.3, 0.5):
        problem = Problem(activation="relu", learning_rate=rate)
        assert not [f for f in problem_findings(problem) if f.level == "error"]


def test_minibatch_is_a_mean_of_per_sample_gradients() -> None:
    problem = Problem(batch_size=8, steps=5)
    t = trajectory_of(problem, "sigmoid", "minibatch")
    data = make_dataset(problem, "sigmoid")
    rows = t.sample_indices[0]
    per_sample = (data.inputs[rows] @ t.weights[0] - data.targets[rows])[:, None] * data.inputs[rows]
    np.testing.assert_allclose(t.gradients[0], per_sample.mean(axis=0), rtol=1e-12)


def test_claim_helpers() -> None:
    assert sign_class(np.array([[0.1, 2.0]])) == "positive"
    assert sign_class(np.array([[0.0, 2.0]])) == "nonnegative"
    assert sign_class(np.array([[-0.1, 2.0]])) == "mixed"
    assert heading(np.zeros(2), np.array([-1.0, 1.0]), "positive").story == "blocked"
    assert heading(np.zeros(2), np.array([0.0, 1.0]), "positive").allowed is False
    assert heading(np.zeros(2), np.array([0.0, 1.0]), "nonnegative").allowed is True
    agreement = sign_agreement(np.array([[1, 2], [-1, 2], [0, -3], [0, 0], [-1, -1]], dtype=float))
    assert (agreement.same, agreement.opposite, agreement.one_zero, agreement.all_zero) == (2, 1, 1, 1)
    assert compare_counts(128, 128) == "same"
    assert compare_counts(10, 20) == "fewer"
    assert compare_counts(None, 20) == "first_never"
    parts = np.array([[0.0645], [0.2245]])  # 0.06 + 0.22 = 0.28, but 0.289 rounds to 0.29
    digits = consistent_digits(parts)
    assert digits > 2
    assert round(0.0645, digits) + round(0.2245, digits) == pytest.approx(round(0.289, digits))


def test_search_spec_is_used_for_every_method() -> None:
    problem = Problem()
    for method in METHODS:
        spec = DescentSpec(method=method, w_start=problem.w_start, max_steps=500, tolerance=0.05,
                           seed=problem.seed, batch_size=problem.batch_size)
        search = search_learning_rate(make_dataset(problem, "centered"), spec, 0.5)
        assert search.stats.median is not None
        assert curvature(make_dataset(problem, "centered")).condition_number < 10


def test_comparison_verdicts_cover_every_case() -> None:
    assert comparison_verdict((139, 140), (33, 15), (1.8, 5.9)) == "rate_gain"
    assert comparison_verdict((100, 140), (33, 15), (1.8, 5.9)) == "second_sooner"
    assert comparison_verdict((139, 140), (33, 15), (5.9, 1.8)) == "second_sooner"
    assert comparison_verdict((100, 140), (15, 33), (1.8, 5.9)) == "first_sooner"
    assert comparison_verdict((100, 140), (31, 30), (1.8, 5.9)) == "about_even"
    assert comparison_verdict((100, 140), (30, None), (1.8, 5.9)) == "first_sooner"
    assert comparison_verdict((100, 140), (None, 30), (1.8, 5.9)) == "second_sooner"
    assert comparison_verdict((None, None), (None, None), (1.0, 1.0)) == "neither_arrives"


def test_every_verdict_and_direction_has_words_in_every_language() -> None:
    from scenes.text import catalogue_names, text

    assert "parallel-parking" in catalogue_names()
    compasses = ("north-east", "north-west", "south-west", "south-east", "north", "south", "east", "west")
    for language in ("en", "it"):
        for verdict in get_args(Verdict):
            assert text("parallel-parking", f"verdict_{verdict}", language, first="a", second="b",
                        rate1="1", rate2="2", steps="3")
        for compass in compasses:
            assert text("allowed-directions", f"direction_{compass}", language)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(
    activation=st.sampled_from(["sigmoid", "relu", "tanh"]),
    seed=st.integers(0, 500),
    scale=st.floats(0.3, 5.0),
    start=st.tuples(st.floats(-2, 2), st.floats(-2, 2)),
    target=st.tuples(st.floats(-2, 2), st.floats(-2, 2)),
)
def test_conditioning_title_claims_a_zigzag_only_when_the_thin_valley_has_one(
    activation: str, seed: int, scale: float, start: tuple[float, float], target: tuple[float, float]
) -> None:
    from zz_math.metrics import tortuosity
    from zz_math.scene_data.conditioning import ZIGZAG_TORTUOSITY, conditioning_data

    assume(math.dist(start, target) > 0.5)
    problem = Problem(activation=activation, seed=seed, input_scale=scale, w_start=start,  # type: ignore[arg-type]
                      w_target=target, steps=600)
    assume(not any(f.level == "error" for f in problem_findings(problem)))
    data = conditioning_data(problem)
    thin = max(data.runs, key=lambda r: r.curvature.condition_number)
    assert data.thin_zigzags == (tortuosity(thin.best_trajectory.weights) > ZIGZAG_TORTUOSITY)
    if data.thin_zigzags:
        other = min(data.runs, key=lambda r: r.curvature.condition_number)
        assert thin.curvature.condition_number >= other.curvature.condition_number
