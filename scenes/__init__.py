"""zigzag's manim scenes, their style and words, and the command line that renders them per course."""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
