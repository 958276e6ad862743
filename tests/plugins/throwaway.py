"""A throw-away scene: one dot that moves, to show the pipeline knows nothing of particular scenes."""

from __future__ import annotations

from manim import RIGHT, Dot

from scenes.base import ZigzagScene

__all__ = ["Throwaway"]


class Throwaway(ZigzagScene):
    """A dot crosses the frame in one second."""

    def construct(self) -> None:
        self.section("move")
        dot = Dot(color=self.theme.accent)
        self.add(dot)
        self.play(dot.animate.shift(2 * RIGHT), run_time=1.0)
