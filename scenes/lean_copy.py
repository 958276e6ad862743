"""Cheaper copies of texts and formulas: what a copy never changes is shared, not copied.

manim copies a mobject with ``copy.deepcopy``, and every animation that transforms or fades copies
what it moves. A glyph of a :class:`~manim.Text` or :class:`~manim.MathTex` keeps the parsed SVG path
it was made from (``path_obj``, read once when its points are generated) and a formula keeps its
TeX template: deep-copying those was most of the time a scene took to build (hundreds of thousands
of ``svgelements`` points per scene). Sharing them, and the numbers, strings and colours no
mobject changes in place, changes no point and no pixel.
"""

from __future__ import annotations

import copy
import enum
from typing import Any

import numpy as np
from manim import ManimColor, Mobject

__all__ = ["install"]

_IMMUTABLE = frozenset({int, float, bool, str, type(None), complex, np.float64, ManimColor})

# Attributes a copy may share with its original: nothing reads them after the mobject is built.
SHARED = ("path_obj", "tex_template")

_installed = False


def _lean_deepcopy(self: Mobject, memo: dict[int, Any]) -> Mobject:
    """manim's ``Mobject.__deepcopy__`` with shortcuts: values that never change in place (numbers,
    strings, colours, enums, the :data:`SHARED` attributes) are shared, arrays copied directly."""
    cls = self.__class__
    result = cls.__new__(cls)
    memo[id(self)] = result
    for name, value in self.__dict__.items():
        kind = type(value)
        if kind in _IMMUTABLE or name in SHARED or isinstance(value, enum.Enum):
            copied = value
        elif kind is np.ndarray:
            copied = memo.get(id(value))
            if copied is None:
                copied = memo[id(value)] = value.copy()
                memo.setdefault(id(memo), []).append(value)  # keeps ``value`` alive, as deepcopy does
        else:
            copied = copy.deepcopy(value, memo)
        setattr(result, name, copied)
    result.original_id = str(id(self))
    return result


def install() -> None:
    """Make every mobject copy share what never changes (see the module's text)."""
    global _installed
    if _installed:
        return
    Mobject.__deepcopy__ = _lean_deepcopy  # type: ignore[method-assign]
    _installed = True
