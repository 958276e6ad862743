"""A two-layer network with sigmoid hidden units, and the per-sample gradients of its second layer.

Layer 2 sees ``h = σ(W1 z + b1)``, all positive, so for each output unit ``j`` the gradient of its
incoming weights ``∂L/∂W2[j, :] = δ_j · h`` has one sign per sample — the same argument, one layer up.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from zz_math._types import FloatArray
from zz_math.activations import sigmoid

__all__ = ["TwoLayerGradients", "TwoLayerNet", "init_net", "teacher_targets", "two_layer_gradients"]


@dataclass(frozen=True, slots=True)
class TwoLayerNet:
    """Weights of ``z → h = σ(W1 z + b1) → o = W2 h + b2``.

    Attributes
    ----------
    w1, b1
        First layer, shapes ``(H, D)`` and ``(H,)``.
    w2, b2
        Second layer, shapes ``(J, H)`` and ``(J,)``.
    """

    w1: FloatArray
    b1: FloatArray
    w2: FloatArray
    b2: FloatArray

    def hidden(self, inputs: FloatArray) -> FloatArray:
        """Hidden activations ``σ(W1 z + b1)``, shape ``(N, H)``."""
        return sigmoid(np.atleast_2d(inputs) @ self.w1.T + self.b1)

    def output(self, inputs: FloatArray) -> FloatArray:
        """Network outputs, shape ``(N, J)``."""
        return self.hidden(inputs) @ self.w2.T + self.b2


def init_net(seed: int, n_inputs: int = 2, n_hidden: int = 3, n_outputs: int = 2) -> TwoLayerNet:
    """A small net with Gaussian weights scaled by ``1/√fan_in``."""
    rng = np.random.default_rng([seed, 2])
    return TwoLayerNet(
        w1=rng.normal(0.0, 1.0 / np.sqrt(n_inputs), size=(n_hidden, n_inputs)),
        b1=np.zeros(n_hidden),
        w2=rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_outputs, n_hidden)),
        b2=np.zeros(n_outputs),
    )


def teacher_targets(inputs: FloatArray, seed: int, n_outputs: int = 2) -> FloatArray:
    """Targets from a second, independently seeded net of the same shape."""
    teacher = init_net(seed + 1_000_003, inputs.shape[1], 3, n_outputs)
    return teacher.output(inputs)


@dataclass(frozen=True, slots=True)
class TwoLayerGradients:
    """Per-sample gradients of ``L = ½ ‖o − y‖²``.

    Attributes
    ----------
    hidden
        ``h`` per sample, shape ``(N, H)``; every entry is > 0.
    delta
        ``∂L/∂o`` per sample, shape ``(N, J)``: one scalar per output unit.
    grad_w2
        ``∂L/∂W2[j, i] = δ_j h_i``, shape ``(N, J, H)``.
    grad_b2
        ``∂L/∂b2 = δ``, shape ``(N, J)``.
    grad_w1
        ``∂L/∂W1``, shape ``(N, H, D)``; its inputs ``z`` have both signs.
    """

    hidden: FloatArray
    delta: FloatArray
    grad_w2: FloatArray
    grad_b2: FloatArray
    grad_w1: FloatArray

    def unit_signs(self) -> FloatArray:
        """Per sample and output unit: +1 / −1 when its incoming weight gradients share that sign, else 0."""
        signs = np.sign(self.grad_w2)
        uniform = np.all(signs == signs[:, :, :1], axis=2)
        return np.where(uniform, signs[:, :, 0], 0.0)


def two_layer_gradients(net: TwoLayerNet, inputs: FloatArray, targets: FloatArray) -> TwoLayerGradients:
    """Backpropagate every sample separately through ``net``."""
    z = np.atleast_2d(np.asarray(inputs, dtype=np.float64))
    hidden = net.hidden(z)
    delta = hidden @ net.w2.T + net.b2 - targets
    grad_w2 = delta[:, :, None] * hidden[:, None, :]
    back = (delta @ net.w2) * hidden * (1.0 - hidden)
    grad_w1 = back[:, :, None] * z[:, None, :]
    return TwoLayerGradients(
        hidden=hidden, delta=delta, grad_w2=grad_w2, grad_b2=delta.copy(), grad_w1=grad_w1
    )
