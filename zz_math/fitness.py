"""Whether a problem can teach the argument: errors that refuse a course, warnings that qualify it.

A course is refused when some scene could not compute or draw its numbers (the start within
tolerance of the optimum, inputs that do not span the weight plane, a learning rate whose descent
does not arrive). It is warned about when the scenes will tell a different story than the classic
one (the optimum lies in a direction one-sample steps can take; sigmoid inputs saturated to 0).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from zz_math.claims import heading, sign_class
from zz_math.metrics import curvature
from zz_math.problem import MIN_SAMPLES, Problem
from zz_math.runs import comparison_regime, dataset_of, remedy_regimes, search_of, trajectory_of

__all__ = ["MAX_CONDITION", "Finding", "ProblemRefused", "check_problem", "problem_findings"]

MAX_CONDITION = 1e8
TOLERANCE_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing wrong with, or worth knowing about, a problem.

    Attributes
    ----------
    level
        ``error`` refuses the course; ``warning`` is printed and the course renders.
    key
        The ``[problem]`` key to change.
    message
        One line: the value, what is wrong, and what is allowed.
    """

    level: Literal["error", "warning"]
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.key}: {self.message}"


class ProblemRefused(ValueError):
    """The problem cannot teach the argument; ``findings`` holds every error."""

    def __init__(self, findings: tuple[Finding, ...]) -> None:
        self.findings = findings
        super().__init__("\n".join(str(f) for f in findings))


def _tolerance(problem: Problem) -> list[Finding]:
    distance = float(np.linalg.norm(np.subtract(problem.w_start, problem.w_target)))
    limit = TOLERANCE_SHARE * distance
    if problem.tolerance < limit:
        return []
    return [
        Finding(
            "error",
            "tolerance",
            f"{problem.tolerance:g} is not below half the distance from w_start to w_target "
            f"({limit:.3g}), so there is no path to draw; allowed: 0 < tolerance < {limit:.3g}",
        )
    ]


def _span(problem: Problem) -> list[Finding]:
    findings = []
    for regime in remedy_regimes(problem):
        condition = curvature(dataset_of(problem, regime)).condition_number
        if math.isfinite(condition) and condition < MAX_CONDITION:
            continue
        key = "n_samples" if problem.n_samples < 2 * MIN_SAMPLES else "input_scale"
        value = problem.n_samples if key == "n_samples" else problem.input_scale
        findings.append(
            Finding(
                "error",
                key,
                f"{value:g} gives {regime} inputs that do not span the weight plane (condition "
                f"number {condition:.3g}), so the optimum is not unique; allowed: values whose "
                f"inputs span it (condition number below {MAX_CONDITION:.0e}), e.g. the default "
                "input_scale 1.5 with 200 samples",
            )
        )
        break
    return findings


def _arrival(problem: Problem) -> list[Finding]:
    for regime in (problem.activation, comparison_regime(problem)):
        run = trajectory_of(problem, regime)
        if run.reached:
            continue
        how = "diverges" if run.diverged else f"does not reach the optimum ±{problem.tolerance:g}"
        search = search_of(problem, regime)
        best = search.stats
        hint = (
            f"; of {search.rates_tried} rates from {search.searched_low:.3g} to "
            f"{search.searched_high:.3g}, {search.learning_rate:.3g} needs the fewest steps "
            f"(median {best.median:g})"
            if best.median is not None
            else f"; no rate from {search.searched_low:.3g} to {search.searched_high:.3g} arrives "
            "on most sample orders: raise steps"
        )
        return [
            Finding(
                "error",
                "learning_rate",
                f"{problem.learning_rate:g} {how} on the {regime} inputs within steps = "
                f"{problem.steps}; allowed: a rate whose descent arrives{hint}",
            )
        ]
    return []


def _warnings(problem: Problem) -> list[Finding]:
    findings = []
    inputs = dataset_of(problem, problem.activation).inputs
    zeros = float(np.mean(inputs == 0.0))
    if problem.activation == "sigmoid" and zeros > 0:
        findings.append(
            Finding(
                "warning",
                "input_scale",
                f"{problem.input_scale:g} saturates the sigmoid: {100 * zeros:.3g}% of its inputs "
                "are exactly 0, so the scenes say 'never below 0' rather than 'positive'",
            )
        )
    signs = sign_class(inputs)
    # The same heading the scenes compute: from the start to the descent's optimum.
    descent = trajectory_of(problem, problem.activation)
    way = heading(descent.weights[0], descent.optimum, signs)
    if way.allowed:
        findings.append(
            Finding(
                "warning",
                "w_target",
                f"the optimum lies {way.compass} of w_start, a direction one-sample steps can "
                "take: the scenes show no parallel parking (put it north-west or south-east "
                "of the start for the classic picture)",
            )
        )
    return findings


def problem_findings(problem: Problem) -> tuple[Finding, ...]:
    """Every error and warning about ``problem``, errors first."""
    errors = _tolerance(problem)
    if not errors:
        errors = _span(problem)
    if not errors:
        errors = _arrival(problem)
    warnings = _warnings(problem) if not errors else []
    return (*errors, *warnings)


def check_problem(problem: Problem) -> tuple[Finding, ...]:
    """Raise :class:`ProblemRefused` with every error; return the warnings."""
    findings = problem_findings(problem)
    errors = tuple(f for f in findings if f.level == "error")
    if errors:
        raise ProblemRefused(errors)
    return findings
