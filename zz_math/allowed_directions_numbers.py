"""Layout numbers of the ``allowed-directions`` scene: a common arrow scale and the view around the point.

One-sample updates are short next to the distance to the optimum, so the scene draws every update
scaled by one "nice" factor (1, 2, 3 or 5 times a power of ten) and says so on screen.
"""

from __future__ import annotations

import math

import numpy as np

from zz_math._types import FloatArray, IntArray

__all__ = ["cone_count", "nice_scale", "view_half_width"]

NICE_MANTISSAS: tuple[float, ...] = (1.0, 2.0, 3.0, 5.0)


def nice_scale(longest: float, room: float) -> float:
    """The largest ``m · 10^n`` (``m`` in 1, 2, 3, 5) with ``longest · scale ≤ room``.

    Raises
    ------
    ValueError
        When ``longest`` or ``room`` is not a positive finite number.
    """
    if not (math.isfinite(longest) and math.isfinite(room)) or longest <= 0 or room <= 0:
        raise ValueError(f"longest and room must be positive and finite, got {longest!r}, {room!r}")
    target = room / longest
    exponent = math.floor(math.log10(target))
    best = 10.0 ** (exponent - 1) * NICE_MANTISSAS[-1]
    for shift in (exponent, exponent + 1):
        for mantissa in NICE_MANTISSAS:
            candidate = mantissa * 10.0**shift
            if candidate <= target * (1 + 1e-12):
                best = max(best, candidate)
    return best


def view_half_width(offsets: FloatArray, margin: float = 0.15) -> float:
    """Half the side of a square view centred on the point that holds every offset, plus ``margin``."""
    extent = float(np.max(np.abs(np.asarray(offsets, dtype=np.float64))))
    if extent == 0.0 or not math.isfinite(extent):
        return 1.0
    return extent * (1.0 + margin)


def cone_count(quadrants: IntArray) -> int:
    """How many updates head into quadrant I or III."""
    return int(np.count_nonzero(np.isin(np.asarray(quadrants), (1, 3))))
