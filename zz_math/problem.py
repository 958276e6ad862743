"""The toy problem: one frozen value object that every computation starts from."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from zz_math.activations import ACTIVATIONS, ActivationName

__all__ = ["MAX_SAMPLES", "MAX_STEPS", "MIN_SAMPLES", "Problem"]

MAX_STEPS = 100_000
MAX_SAMPLES = 100_000
# Fewer samples leave the centred inputs nearly one-dimensional and the sample orders too alike
# for medians over them to mean anything.
MIN_SAMPLES = 10


@dataclass(frozen=True, slots=True)
class Problem:
    """A bias-free linear neuron ``f = w·x`` with loss ``L = ½ (f − y)²`` and two weights.

    Attributes
    ----------
    activation
        The activation whose outputs feed the neuron (``x = activation(z)``).
    w_start
        Where descent starts in the weight plane.
    w_target
        The weights that generate the targets ``y = w_target·x``: the optimum.
    learning_rate
        Step size of the descent shown first.
    steps
        Largest number of updates computed.
    tolerance
        Descent has arrived once ``‖w − w_opt‖ ≤ tolerance``.
    n_samples
        Number of training samples.
    seed
        Seed for the latent inputs ``z`` and the sample order.
    input_scale
        Standard deviation of ``z ~ N(0, input_scale²)``.
    batch_size
        Samples per update in the mini-batch remedy.
    """

    activation: ActivationName = "sigmoid"
    w_start: tuple[float, float] = (1.5, -1.0)
    w_target: tuple[float, float] = (-1.0, 1.5)
    learning_rate: float = 0.5
    steps: int = 2000
    tolerance: float = 0.05
    n_samples: int = 200
    seed: int = 7
    input_scale: float = 1.5
    batch_size: int = 16

    def __post_init__(self) -> None:
        if self.activation not in ACTIVATIONS:
            raise ValueError(
                f"activation: {self.activation!r} is not allowed; use one of {', '.join(ACTIVATIONS)}"
            )
        for name in ("w_start", "w_target"):
            value = getattr(self, name)
            if len(value) != 2 or not all(math.isfinite(v) for v in value):
                raise ValueError(f"{name}: needs 2 finite numbers, got {value!r}")
            object.__setattr__(self, name, (float(value[0]), float(value[1])))
        if self.w_start == self.w_target:
            raise ValueError("w_start: equals w_target; start somewhere else than the optimum")
        positive = {
            "learning_rate": self.learning_rate,
            "tolerance": self.tolerance,
            "input_scale": self.input_scale,
        }
        for name, value in positive.items():
            if not (math.isfinite(value) and value > 0):
                raise ValueError(f"{name}: must be a finite number > 0, got {value!r}")
        if not 1 <= self.steps <= MAX_STEPS:
            raise ValueError(f"steps: must be between 1 and {MAX_STEPS}, got {self.steps}")
        if not MIN_SAMPLES <= self.n_samples <= MAX_SAMPLES:
            raise ValueError(
                f"n_samples: must be between {MIN_SAMPLES} and {MAX_SAMPLES}, got {self.n_samples}"
            )
        if self.batch_size < 1:
            raise ValueError(f"batch_size: must be ≥ 1, got {self.batch_size}")

    def as_dict(self) -> dict[str, Any]:
        """The problem's values as plain JSON-ready data."""
        values = asdict(self)
        values["w_start"] = list(self.w_start)
        values["w_target"] = list(self.w_target)
        return values
