"""Pure numbers behind zigzag's animations.

``zz_math`` depends on numpy and scipy only and never imports manim: every number a scene shows is
computed here, from a :class:`~zz_math.problem.Problem`, and can be exported as JSON.
"""

from __future__ import annotations

from zz_math.problem import Problem

__all__ = ["Problem"]
