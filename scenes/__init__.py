"""zigzag's pictures: manim scenes, their drawing parts, look and words, and the table of scenes.

Scenes receive their course (look, words, notation, problem) and read every number from
:mod:`zz_math`; they import nothing from the tool (:mod:`zigzag`) that renders them.
"""

from __future__ import annotations

__all__: list[str] = []
