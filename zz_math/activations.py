"""Activation functions, their derivatives and their output ranges."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
from scipy.special import expit

from zz_math._types import FloatArray

__all__ = [
    "ACTIVATIONS",
    "ActivationName",
    "OutputRange",
    "activate",
    "derivative",
    "output_range",
    "relu",
    "relu_derivative",
    "sigmoid",
    "sigmoid_derivative",
    "tanh",
    "tanh_derivative",
]

ActivationName = Literal["sigmoid", "relu", "tanh"]
ACTIVATIONS: tuple[ActivationName, ...] = get_args(ActivationName)


def sigmoid(z: FloatArray) -> FloatArray:
    """Logistic function ``1 / (1 + exp(-z))``, computed without overflow."""
    return np.asarray(expit(np.asarray(z, dtype=np.float64)), dtype=np.float64)


def sigmoid_derivative(z: FloatArray) -> FloatArray:
    """``σ'(z) = σ(z) (1 − σ(z))``."""
    s = sigmoid(z)
    return s * (1.0 - s)


def relu(z: FloatArray) -> FloatArray:
    """``max(z, 0)``."""
    return np.maximum(np.asarray(z, dtype=np.float64), 0.0)


def relu_derivative(z: FloatArray) -> FloatArray:
    """1 where ``z > 0``, else 0 (the subgradient 0 is taken at ``z = 0``)."""
    return (np.asarray(z, dtype=np.float64) > 0.0).astype(np.float64)


def tanh(z: FloatArray) -> FloatArray:
    """Hyperbolic tangent, the zero-centred activation."""
    return np.tanh(np.asarray(z, dtype=np.float64))


def tanh_derivative(z: FloatArray) -> FloatArray:
    """``1 − tanh(z)²``."""
    t = tanh(z)
    return 1.0 - t * t


@dataclass(frozen=True, slots=True)
class OutputRange:
    """The set of values an activation can output.

    Attributes
    ----------
    lower, upper
        Bounds of the range (``inf`` for an unbounded side).
    lower_closed, upper_closed
        Whether the bound itself can be reached.
    """

    lower: float
    upper: float
    lower_closed: bool
    upper_closed: bool

    @property
    def never_negative(self) -> bool:
        """True when no output is below zero: the case that makes gradients share a sign."""
        return self.lower >= 0.0

    @property
    def zero_centred(self) -> bool:
        """True when the range is symmetric about zero."""
        return self.lower == -self.upper


_RANGES: dict[ActivationName, OutputRange] = {
    "sigmoid": OutputRange(0.0, 1.0, lower_closed=False, upper_closed=False),
    "relu": OutputRange(0.0, float("inf"), lower_closed=True, upper_closed=False),
    "tanh": OutputRange(-1.0, 1.0, lower_closed=False, upper_closed=False),
}

_FUNCTIONS = {"sigmoid": sigmoid, "relu": relu, "tanh": tanh}
_DERIVATIVES = {"sigmoid": sigmoid_derivative, "relu": relu_derivative, "tanh": tanh_derivative}


def _check(name: str) -> ActivationName:
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; allowed: {', '.join(ACTIVATIONS)}")
    return name  # type: ignore[return-value,unused-ignore]


def activate(name: str, z: FloatArray) -> FloatArray:
    """Apply the activation called ``name`` elementwise."""
    return _FUNCTIONS[_check(name)](z)


def derivative(name: str, z: FloatArray) -> FloatArray:
    """Derivative of the activation called ``name``, elementwise."""
    return _DERIVATIVES[_check(name)](z)


def output_range(name: str) -> OutputRange:
    """Output range of the activation called ``name``."""
    return _RANGES[_check(name)]
