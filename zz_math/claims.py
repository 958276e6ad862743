"""What the data allows a scene to say: the facts its words are chosen from.

Scenes never decide a claim themselves. They ask here which way the optimum lies and whether a
one-sample step can head there, whether inputs are positive, non-negative or of both signs, how the
signs of a gradient's components agree, how two step counts compare, and how many digits make
rounded parts add up to their rounded total. Every answer is computed from the course's numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from zz_math._types import FloatArray

__all__ = [
    "SAME_WITHIN",
    "Agreement",
    "CountVerdict",
    "Heading",
    "SignClass",
    "Story",
    "Verdict",
    "compare_counts",
    "comparison_verdict",
    "consistent_digits",
    "heading",
    "needed_decimals",
    "sign_agreement",
    "sign_class",
]

SignClass = Literal["positive", "nonnegative", "mixed"]
Story = Literal["blocked", "open", "free"]
CountVerdict = Literal["fewer", "same", "more", "first_never", "second_never", "neither"]
SAME_WITHIN = 0.1


def sign_class(inputs: FloatArray) -> SignClass:
    """``positive`` (every input > 0), ``nonnegative`` (≥ 0, some exactly 0) or ``mixed``."""
    x = np.asarray(inputs)
    if np.all(x > 0.0):
        return "positive"
    if np.all(x >= 0.0):
        return "nonnegative"
    return "mixed"


@dataclass(frozen=True, slots=True)
class Heading:
    """Which way the optimum lies from a point, and whether one-sample steps can go that way.

    Attributes
    ----------
    compass
        ``north-east``, ``north-west``, ``south-west``, ``south-east``, or ``north``, ``south``,
        ``east``, ``west`` when the direction lies on an axis.
    allowed
        With one-signed inputs every one-sample step lies in the closed quadrants I and III (open
        ones when all inputs are > 0): True when the optimum's direction is among them. ``None``
        when the inputs take both signs, so steps may point anywhere.
    story
        ``blocked`` (one-signed inputs, optimum out of reach of a single step), ``open`` (one-signed
        inputs, optimum in reach) or ``free`` (inputs of both signs).
    """

    compass: str
    allowed: bool | None
    story: Story


def heading(point: FloatArray, optimum: FloatArray, signs: SignClass) -> Heading:
    """The :class:`Heading` from ``point`` to ``optimum`` for inputs of sign class ``signs``."""
    dx, dy = (float(v) for v in np.asarray(optimum) - np.asarray(point))
    vertical = "north" if dy > 0 else "south" if dy < 0 else ""
    horizontal = "east" if dx > 0 else "west" if dx < 0 else ""
    compass = "-".join(part for part in (vertical, horizontal) if part) or "here"
    if signs == "mixed":
        return Heading(compass=compass, allowed=None, story="free")
    product = dx * dy
    allowed = product > 0 if signs == "positive" else product >= 0
    return Heading(compass=compass, allowed=allowed, story="open" if allowed else "blocked")


@dataclass(frozen=True, slots=True)
class Agreement:
    """How the two components of 2-D gradients agree in sign, counted over gradients.

    Attributes
    ----------
    same
        Both non-zero with one sign.
    opposite
        Both non-zero with opposite signs.
    one_zero
        Exactly one component is zero (a zero input).
    all_zero
        Both components are zero.
    """

    same: int
    opposite: int
    one_zero: int
    all_zero: int

    @property
    def total(self) -> int:
        """Gradients counted."""
        return self.same + self.opposite + self.one_zero + self.all_zero

    @property
    def never_opposite(self) -> bool:
        """True when no gradient has components of opposite signs."""
        return self.opposite == 0


def sign_agreement(gradients: FloatArray) -> Agreement:
    """Count how the components of each row of ``gradients`` (shape ``(K, 2)``) agree in sign."""
    signs = np.sign(np.asarray(gradients, dtype=np.float64).reshape(-1, 2))
    zeros = (signs == 0).sum(axis=1)
    product = signs[:, 0] * signs[:, 1]
    return Agreement(
        same=int(np.sum((zeros == 0) & (product > 0))),
        opposite=int(np.sum((zeros == 0) & (product < 0))),
        one_zero=int(np.sum(zeros == 1)),
        all_zero=int(np.sum(zeros == 2)),
    )


def compare_counts(first: float | None, second: float | None) -> CountVerdict:
    """How ``first`` compares with ``second`` (``None``: never arrived).

    ``same`` when they differ by at most :data:`SAME_WITHIN` of the larger; otherwise ``fewer``
    or ``more`` (first against second).
    """
    if first is None or second is None:
        return {(True, True): "neither", (True, False): "first_never"}.get(
            (first is None, second is None), "second_never"
        )  # type: ignore[return-value]
    if abs(first - second) <= SAME_WITHIN * max(first, second):
        return "same"
    return "fewer" if first < second else "more"


def consistent_digits(parts: FloatArray, most: int = 6, fewest: int = 2) -> int:
    """Fewest decimals (≥ ``fewest``) with which the rounded parts add up to the rounded sum.

    ``parts`` has shape ``(P, ...)``: the sum runs over the first axis, entry by entry.
    """
    values = np.asarray(parts, dtype=np.float64)
    total = values.sum(axis=0)
    for digits in range(fewest, most + 1):
        scale = 10.0**digits
        rounded = np.round(values * scale).sum(axis=0)
        if np.all(rounded == np.round(total * scale)):
            return digits
    return most


def needed_decimals(value: float, significant: int = 2) -> int:
    """Decimals that show ``value`` with ``significant`` figures (0 for values ≥ 10^significant)."""
    if value == 0 or not math.isfinite(value):
        return 0
    return max(0, significant - 1 - math.floor(math.log10(abs(value))))


Verdict = Literal["rate_gain", "second_sooner", "about_even", "first_sooner", "neither_arrives"]


def comparison_verdict(
    same_rate: tuple[float | None, float | None],
    best: tuple[float | None, float | None],
    best_rates: tuple[float, float],
) -> Verdict:
    """What a comparison of two regimes shows, from medians at one rate and at each best rate.

    ``rate_gain``: at the same rate the medians are about the same (see :func:`compare_counts`),
    at their best rates the second needs fewer steps, and its best rate is larger — so its gain
    is the larger rate it can take. ``second_sooner``: the second needs fewer steps at its best
    rate (or only it arrives). ``about_even``: about as many steps at the best rates.
    ``first_sooner``: the first needs fewer (or only it arrives). ``neither_arrives``: neither
    arrives on most sample orders.
    """
    at_best = compare_counts(*best)
    if at_best == "neither":
        return "neither_arrives"
    if at_best == "same":
        return "about_even"
    if at_best in ("fewer", "second_never"):
        return "first_sooner"
    if compare_counts(*same_rate) == "same" and best_rates[1] > best_rates[0]:
        return "rate_gain"
    return "second_sooner"
