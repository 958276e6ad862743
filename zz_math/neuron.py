"""One neuron ``f = w·x + b`` and the chain-rule factors of its gradient.

For a sample ``(x, y)`` the chain rule gives ``∂L/∂w_i = (∂L/∂f) · ∂f/∂w_i = (∂L/∂f) · x_i`` and
``∂L/∂b = ∂L/∂f``: one scalar times the input vector. That scalar is what fixes every sign.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np

from zz_math._types import FloatArray

__all__ = [
    "LOSSES",
    "BatchChainRule",
    "ChainRule",
    "LossName",
    "batch_chain_rule",
    "chain_rule",
    "forward",
    "loss_derivative",
    "loss_value",
]

LossName = Literal["squared", "logistic"]
LOSSES: tuple[LossName, ...] = get_args(LossName)


def forward(weights: FloatArray, inputs: FloatArray, bias: float = 0.0) -> FloatArray:
    """Pre-activation ``f = w·x + b`` for one input vector or a batch of rows."""
    return np.asarray(np.asarray(inputs, dtype=np.float64) @ np.asarray(weights) + bias)


def loss_value(
    f: FloatArray | float, y: FloatArray | float, loss: LossName = "squared"
) -> FloatArray:
    """Per-sample loss: ``½ (f − y)²``, or the logistic loss ``log(1 + e^f) − y f`` for y in {0, 1}."""
    fa = np.asarray(f, dtype=np.float64)
    ya = np.asarray(y, dtype=np.float64)
    if loss == "squared":
        return np.asarray(0.5 * (fa - ya) ** 2)
    if loss == "logistic":
        return np.asarray(np.logaddexp(0.0, fa) - ya * fa)
    raise ValueError(f"unknown loss {loss!r}; allowed: {', '.join(LOSSES)}")


def loss_derivative(
    f: FloatArray | float, y: FloatArray | float, loss: LossName = "squared"
) -> FloatArray:
    """``∂L/∂f``: ``f − y`` for squared error, ``σ(f) − y`` for the logistic loss."""
    fa = np.asarray(f, dtype=np.float64)
    ya = np.asarray(y, dtype=np.float64)
    if loss == "squared":
        return np.asarray(fa - ya)
    if loss == "logistic":
        return np.asarray(0.5 * (1.0 + np.tanh(0.5 * fa)) - ya)
    raise ValueError(f"unknown loss {loss!r}; allowed: {', '.join(LOSSES)}")


@dataclass(frozen=True, slots=True)
class ChainRule:
    """The factors of one sample's gradient.

    Attributes
    ----------
    f
        Pre-activation ``w·x + b``.
    loss
        ``L(f, y)``.
    dloss_df
        ``∂L/∂f``, the one scalar shared by every component.
    df_dw
        ``∂f/∂w = x``.
    df_db
        ``∂f/∂b = 1``.
    grad_w
        ``∂L/∂w = (∂L/∂f) · x``.
    grad_b
        ``∂L/∂b = ∂L/∂f``.
    """

    f: float
    loss: float
    dloss_df: float
    df_dw: FloatArray
    df_db: float
    grad_w: FloatArray
    grad_b: float

    @property
    def shared_sign(self) -> int:
        """+1 or −1 when every non-zero weight and bias gradient has that sign, else 0."""
        signs = np.sign(np.append(self.grad_w, self.grad_b))
        nonzero = signs[signs != 0]
        if nonzero.size and np.all(nonzero == nonzero[0]):
            return int(nonzero[0])
        return 0


def chain_rule(
    weights: FloatArray,
    inputs: FloatArray,
    target: float,
    bias: float = 0.0,
    loss: LossName = "squared",
) -> ChainRule:
    """Gradient of one sample's loss, split into its chain-rule factors."""
    x = np.asarray(inputs, dtype=np.float64)
    f = float(forward(weights, x, bias))
    dloss_df = float(loss_derivative(np.float64(f), np.float64(target), loss))
    return ChainRule(
        f=f,
        loss=float(loss_value(np.float64(f), np.float64(target), loss)),
        dloss_df=dloss_df,
        df_dw=x.copy(),
        df_db=1.0,
        grad_w=dloss_df * x,
        grad_b=dloss_df,
    )


@dataclass(frozen=True, slots=True)
class BatchChainRule:
    """Per-sample chain-rule factors for a batch, and their mean.

    Attributes
    ----------
    dloss_df
        ``∂L/∂f_n`` per sample, shape ``(N,)``.
    grad_w
        Per-sample weight gradients ``(∂L/∂f_n) · x_n``, shape ``(N, D)``.
    grad_b
        Per-sample bias gradients, shape ``(N,)``.
    mean_grad_w
        Batch gradient of the mean loss, shape ``(D,)``.
    mean_grad_b
        Batch gradient of the mean loss with respect to the bias.
    """

    dloss_df: FloatArray
    grad_w: FloatArray
    grad_b: FloatArray
    mean_grad_w: FloatArray
    mean_grad_b: float


def batch_chain_rule(
    weights: FloatArray,
    inputs: FloatArray,
    targets: FloatArray,
    bias: float = 0.0,
    loss: LossName = "squared",
) -> BatchChainRule:
    """Chain-rule factors for every row of ``inputs`` at once."""
    x = np.atleast_2d(np.asarray(inputs, dtype=np.float64))
    f = forward(weights, x, bias)
    dloss_df = loss_derivative(f, np.asarray(targets, dtype=np.float64), loss)
    grad_w = dloss_df[:, None] * x
    return BatchChainRule(
        dloss_df=dloss_df,
        grad_w=grad_w,
        grad_b=dloss_df.copy(),
        mean_grad_w=grad_w.mean(axis=0),
        mean_grad_b=float(dloss_df.mean()),
    )
