"""``lecture``: the course's scenes in order, as one video with a section per scene part."""

from __future__ import annotations

from manim import DOWN, FadeIn, FadeOut, Write

from scenes.base import ZigzagScene
from scenes.registry import scene_class
from scenes.style import BUFF, FONT_BODY, FONT_TITLE

__all__ = ["Lecture", "LectureTitle"]


class Lecture(ZigzagScene):
    """A title card, then every scene of ``[scenes] lecture`` in order, each fading out at its end."""

    scene_id = "lecture"

    def construct(self) -> None:
        self.next_section("lecture-title")
        self.show_title_card()
        parts = self.course.scenes.lecture
        for index, scene_id in enumerate(parts):
            self.play_part(scene_id, clear=index < len(parts) - 1)

    def show_title_card(self) -> None:
        """The course's name and what the lecture is about."""
        name = self.plain(self.course.course.name, font_size=FONT_TITLE, color=self.theme.accent)
        subtitle = self.prose("subtitle", font_size=FONT_BODY).next_to(name, DOWN, buff=2 * BUFF)
        self.fit_width(name)
        self.fit_width(subtitle)
        self.play(Write(name), run_time=self.timing.write)
        self.play(FadeIn(subtitle), run_time=self.timing.fade)
        self.wait(self.timing.pause)
        self.play(FadeOut(name), FadeOut(subtitle), run_time=self.timing.fade)

    def play_part(self, scene_id: str, clear: bool = True) -> None:
        """Run the scene ``scene_id`` inside this one: same camera, its own data, words and speed."""
        part = scene_class(scene_id)
        lecture_class = type(self)
        before = set(vars(self))
        self.__class__ = part
        try:
            self.scene_id = scene_id
            self.speed = self.course.scenes.speed_of(scene_id)
            self.prepare()
            part.construct(self)
            if clear:
                self.clear_screen()
        finally:
            self.__class__ = lecture_class
            # What a part stored on the scene must not shadow the next part's methods.
            for name in set(vars(self)) - before:
                delattr(self, name)
            self.scene_id = lecture_class.scene_id


class LectureTitle(Lecture):
    """Only the lecture's title card: the first part of a lecture assembled from scene renders."""

    def construct(self) -> None:
        self.next_section("lecture-title")
        self.show_title_card()
