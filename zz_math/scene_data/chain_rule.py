"""Numbers of the ``chain-rule`` scene: the first SGD sample worked through the chain rule."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from zz_math._types import FloatArray
from zz_math.claims import SignClass, sign_class
from zz_math.neuron import ChainRule, chain_rule
from zz_math.problem import Problem
from zz_math.runs import (
    regime_run,
)

__all__ = ["ChainRuleData", "chain_rule_data"]


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
    run_ = regime_run(problem, problem.activation)
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
