"""``lecture``: its title card. The lecture video itself is assembled from the scene renders.

``zigzag render lecture`` joins the title card and the course's scenes without re-encoding them,
keeping every part's sections; no scene is run inside another.
"""

from __future__ import annotations

from manim import DOWN, FadeIn, FadeOut, Write

from scenes.base import ZigzagScene
from scenes.style import BUFF, FONT_BODY, FONT_TITLE

__all__ = ["LectureTitle"]


class LectureTitle(ZigzagScene):
    """The lecture's title card: the course's name and what the lecture is about."""

    def construct(self) -> None:
        self.section("title")
        self.show_title_card()

    def show_title_card(self) -> None:
        """The course's name and the subtitle, then both fade out."""
        name = self.plain(self.course.course.name, font_size=FONT_TITLE, color=self.theme.accent)
        subtitle = self.prose("subtitle", font_size=FONT_BODY).next_to(name, DOWN, buff=2 * BUFF)
        self.fit_width(name)
        self.fit_width(subtitle)
        self.play(Write(name), run_time=self.timing.write)
        self.play(FadeIn(subtitle), run_time=self.timing.fade)
        self.wait(self.timing.pause)
        self.play(FadeOut(name), FadeOut(subtitle), run_time=self.timing.fade)
