"""Seeded training data, in several input regimes built from one latent sample.

Every regime transforms the same latent ``z ~ N(0, input_scale²)``, so comparisons between regimes
differ only in what the neuron sees, never in luck. Targets are ``y = w_target·x`` in every regime,
so the optimum is ``w_target`` for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np

from zz_math._types import FloatArray
from zz_math.activations import activate
from zz_math.problem import Problem

__all__ = ["REGIMES", "Dataset", "RegimeName", "latent_inputs", "make_dataset", "regime_inputs"]

RegimeName = Literal["sigmoid", "relu", "tanh", "centered", "standardized", "shifted"]
REGIMES: tuple[RegimeName, ...] = get_args(RegimeName)
N_WEIGHTS = 2


@dataclass(frozen=True, slots=True)
class Dataset:
    """Inputs and targets of one regime.

    Attributes
    ----------
    regime
        Name of the input regime.
    latent
        The shared latent sample ``z``, shape ``(N, 2)``.
    inputs
        What the neuron sees, shape ``(N, 2)``.
    targets
        ``y = w_target·x``, shape ``(N,)``.
    shift
        The per-input shift added to the activation outputs (zeros when none).
    """

    regime: RegimeName
    latent: FloatArray
    inputs: FloatArray
    targets: FloatArray
    shift: FloatArray

    @property
    def n_samples(self) -> int:
        """Number of samples."""
        return int(self.inputs.shape[0])

    @property
    def all_positive(self) -> bool:
        """True when every input is > 0 (strictly: a saturated sigmoid's 0.0 is not)."""
        return bool(np.all(self.inputs > 0.0))


def latent_inputs(problem: Problem) -> FloatArray:
    """The seeded latent sample ``z``, shape ``(n_samples, 2)``."""
    rng = np.random.default_rng(problem.seed)
    return rng.normal(0.0, problem.input_scale, size=(problem.n_samples, N_WEIGHTS))


def regime_inputs(regime: str, latent: FloatArray, activation: str) -> tuple[FloatArray, FloatArray]:
    """Inputs of ``regime`` built from ``latent``, and the per-input shift that was added.

    ``sigmoid``, ``relu`` and ``tanh`` apply that activation. ``centered`` subtracts the mean of the
    chosen ``activation``'s outputs; ``standardized`` also divides by their standard deviation;
    ``shifted`` adds a per-input shift ``b_i`` (minus the midpoint of the outputs' range), so that
    ``f = Σ w_i (x_i + b_i)``.
    """
    zeros = np.zeros(latent.shape[1])
    if regime in ("sigmoid", "relu", "tanh"):
        return activate(regime, latent), zeros
    raw = activate(activation, latent)
    mean = raw.mean(axis=0)
    if regime == "centered":
        return raw - mean, -mean
    if regime == "standardized":
        std = raw.std(axis=0)
        std = np.where(std > 0.0, std, 1.0)
        return (raw - mean) / std, -mean
    if regime == "shifted":
        shift = -0.5 * (raw.min(axis=0) + raw.max(axis=0))
        return raw + shift, shift
    raise ValueError(f"unknown regime {regime!r}; allowed: {', '.join(REGIMES)}")


def make_dataset(problem: Problem, regime: str | None = None) -> Dataset:
    """The dataset of ``regime`` (default: the problem's activation) for ``problem``."""
    name = regime or problem.activation
    latent = latent_inputs(problem)
    inputs, shift = regime_inputs(name, latent, problem.activation)
    targets = inputs @ np.asarray(problem.w_target)
    return Dataset(
        regime=name,  # type: ignore[arg-type]
        latent=latent,
        inputs=inputs,
        targets=targets,
        shift=shift,
    )
