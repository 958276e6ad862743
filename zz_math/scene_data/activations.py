"""Numbers of the ``activations`` scene: the curves' output ranges and where the toy's inputs fall."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from zz_math.activations import ACTIVATIONS, OutputRange, output_range
from zz_math.problem import Problem
from zz_math.runs import (
    dataset_of,
)

__all__ = ["ActivationsData", "activations_data"]


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
    shares = tuple(float(np.mean(dataset_of(problem, name).inputs < 0.0)) for name in ACTIVATIONS)
    return ActivationsData(
        names=ACTIVATIONS,
        ranges=tuple(output_range(name) for name in ACTIVATIONS),
        z_limit=float(min(3.0 * problem.input_scale, 6.0)),
        negative_share=shares,
    )
