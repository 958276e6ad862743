"""Analytic gradients against finite differences, and the sign argument as properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.optimize import check_grad

from zz_math import Problem
from zz_math.activations import ACTIVATIONS, activate, derivative, output_range
from zz_math.data import REGIMES, make_dataset
from zz_math.neuron import LOSSES, batch_chain_rule, chain_rule, loss_value
from zz_math.two_layer import init_net, teacher_targets, two_layer_gradients

finite = st.floats(-3, 3, allow_nan=False, allow_infinity=False)
positive = st.floats(0.01, 3, allow_nan=False, allow_infinity=False)


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation_derivatives_match_finite_differences(name: str) -> None:
    z = np.linspace(-4, 4, 37) + 0.013  # avoid ReLU's kink at 0
    for point in z:
        error = check_grad(
            lambda v: float(activate(name, v)[0]),
            lambda v: derivative(name, v),
            np.array([point]),
        )
        assert error < 1e-5


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_outputs_stay_in_declared_range(name: str) -> None:
    out = activate(name, np.linspace(-30, 30, 1001))
    r = output_range(name)
    assert out.min() >= r.lower and out.max() <= r.upper
    assert r.never_negative == (name != "tanh")


@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("regime", REGIMES)
def test_weight_and_bias_gradients_match_finite_differences(loss: str, regime: str) -> None:
    data = make_dataset(Problem(n_samples=20), regime)
    targets = data.targets if loss == "squared" else (data.targets > np.median(data.targets)) * 1.0
    for n in range(0, 20, 4):
        x, y = data.inputs[n], targets[n]

        def value(params: np.ndarray, x: np.ndarray = x, y: float = y) -> float:
            return float(loss_value(params[:2] @ x + params[2], y, loss))  # type: ignore[arg-type]

        def gradient(params: np.ndarray, x: np.ndarray = x, y: float = y) -> np.ndarray:
            c = chain_rule(params[:2], x, y, bias=params[2], loss=loss)  # type: ignore[arg-type]
            return np.append(c.grad_w, c.grad_b)

        assert check_grad(value, gradient, np.array([0.3, -0.7, 0.1])) < 1e-6


def test_two_layer_gradients_match_finite_differences() -> None:
    z = np.random.default_rng(0).normal(size=(5, 2))
    net = init_net(3)
    y = teacher_targets(z, 3)
    g = two_layer_gradients(net, z, y)
    for n in range(5):

        def loss_w2(flat: np.ndarray, n: int = n) -> float:
            out = net.hidden(z[n : n + 1]) @ flat.reshape(net.w2.shape).T + net.b2
            return float(0.5 * np.sum((out - y[n]) ** 2))

        assert check_grad(loss_w2, lambda f, n=n: g.grad_w2[n].ravel(), net.w2.ravel()) < 1e-6

        def loss_w1(flat: np.ndarray, n: int = n) -> float:
            from zz_math.activations import sigmoid

            h = sigmoid(z[n] @ flat.reshape(net.w1.shape).T + net.b1)
            return float(0.5 * np.sum((h @ net.w2.T + net.b2 - y[n]) ** 2))

        assert check_grad(loss_w1, lambda f, n=n: g.grad_w1[n].ravel(), net.w1.ravel()) < 1e-6


@settings(max_examples=200, deadline=None)
@given(
    x=arrays(np.float64, 3, elements=positive),
    w=arrays(np.float64, 3, elements=finite),
    y=finite,
    b=finite,
)
def test_positive_inputs_give_one_sign_for_weights_and_bias(
    x: np.ndarray, w: np.ndarray, y: float, b: float
) -> None:
    c = chain_rule(w, x, y, bias=b)
    signs = np.sign(np.append(c.grad_w, c.grad_b))
    assert np.all(signs == signs[0])
    assert c.shared_sign == (int(signs[0]) if signs[0] != 0 else 0) or c.dloss_df == 0


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 10_000), scale=st.floats(0.5, 3.0))
def test_centred_inputs_mix_signs(seed: int, scale: float) -> None:
    problem = Problem(seed=seed, input_scale=scale, n_samples=200)
    data = make_dataset(problem, "centered")
    grads = batch_chain_rule(np.asarray(problem.w_start), data.inputs, data.targets).grad_w
    mixed = np.sign(grads[:, 0]) != np.sign(grads[:, 1])
    assert mixed.any()
    raw = make_dataset(problem, "sigmoid")
    raw_grads = batch_chain_rule(np.asarray(problem.w_start), raw.inputs, raw.targets).grad_w
    assert not (np.sign(raw_grads[:, 0]) * np.sign(raw_grads[:, 1]) < 0).any()


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_tanh_lifts_the_constraint(seed: int) -> None:
    problem = Problem(seed=seed, activation="tanh")
    data = make_dataset(problem, "tanh")
    grads = batch_chain_rule(np.asarray(problem.w_start), data.inputs, data.targets).grad_w
    assert (np.sign(grads[:, 0]) != np.sign(grads[:, 1])).any()


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 10_000), batch=st.integers(4, 32))
def test_a_batch_summed_gradient_can_mix_signs(seed: int, batch: int) -> None:
    problem = Problem(seed=seed)
    data = make_dataset(problem, "sigmoid")
    w = np.asarray(problem.w_start)
    # Every per-sample gradient is uniform in sign; some batch sums are not.
    mixed = 0
    for start in range(0, problem.n_samples - batch, batch):
        rows = slice(start, start + batch)
        b = batch_chain_rule(w, data.inputs[rows], data.targets[rows])
        assert np.all(np.sign(b.grad_w[:, 0]) * np.sign(b.grad_w[:, 1]) >= 0)
        mixed += int(np.sign(b.mean_grad_w[0]) != np.sign(b.mean_grad_w[1]))
    # Near the start the two per-sample factors differ in sign often enough to mix some sums.
    assert mixed > 0


def test_second_layer_gradients_share_a_sign_per_unit() -> None:
    z = np.random.default_rng(1).normal(size=(50, 2))
    g = two_layer_gradients(init_net(5), z, teacher_targets(z, 5))
    assert np.all(g.hidden > 0)
    assert np.all(g.unit_signs() != 0)
    signs1 = np.sign(g.grad_w1)
    assert (~np.all(signs1 == signs1[:, :, :1], axis=2)).any()
