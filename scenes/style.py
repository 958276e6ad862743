"""Look of every scene: the theme's colours and font, and all layout constants.

Scenes take colours from a :class:`Theme` (built from the course's ``[theme]``) and sizes, gaps and
durations from the constants here; they hold no other literals.
"""

from __future__ import annotations

from dataclasses import dataclass

from manim import ManimColor, interpolate_color

from scenes.course import Course

__all__ = [
    "ARROW_STROKE",
    "BUFF",
    "CAR_LENGTH",
    "DOT_RADIUS",
    "FONT_BODY",
    "FONT_LABEL",
    "FONT_SMALL",
    "FONT_TITLE",
    "LINE_GAP",
    "MATH_BODY",
    "MATH_SMALL",
    "PATH_STROKE",
    "Theme",
    "Timing",
]

FONT_TITLE = 40
FONT_BODY = 28
FONT_SMALL = 22
FONT_LABEL = 20
MATH_BODY = 40
MATH_SMALL = 30
BUFF = 0.25
PATH_STROKE = 3.0
ARROW_STROKE = 3.0
CONTOUR_STROKE = 1.2
DOT_RADIUS = 0.07
CAR_LENGTH = 0.42
SHADE_OPACITY = 0.18
# Gap between wrapped lines of body text (scaled with the font size).
LINE_GAP = 0.12


@dataclass(frozen=True, slots=True)
class Timing:
    """Durations in seconds at speed 1; divided by the scene's speed factor."""

    write: float = 1.2
    fade: float = 0.6
    move: float = 1.0
    pause: float = 1.2
    read: float = 2.5
    step: float = 0.12


@dataclass(frozen=True, slots=True)
class Theme:
    """Colours and font of a course.

    Attributes
    ----------
    background, foreground, accent, secondary, positive, negative
        The course's ``[theme]`` colours.
    muted
        Foreground blended into the background: grid lines, contours, inactive things.
    font
        Font family of all prose.
    """

    background: ManimColor
    foreground: ManimColor
    accent: ManimColor
    secondary: ManimColor
    positive: ManimColor
    negative: ManimColor
    muted: ManimColor
    font: str

    @classmethod
    def from_course(cls, course: Course) -> Theme:
        """The theme of ``course``."""
        t = course.theme
        foreground = ManimColor(t.foreground)
        background = ManimColor(t.background)
        return cls(
            background=background,
            foreground=foreground,
            accent=ManimColor(t.accent),
            secondary=ManimColor(t.secondary),
            positive=ManimColor(t.positive),
            negative=ManimColor(t.negative),
            muted=interpolate_color(background, foreground, 0.45),
            font=t.font,
        )

    def sign_colour(self, sign: float) -> ManimColor:
        """``positive`` for > 0, ``negative`` for < 0, ``muted`` for 0."""
        if sign > 0:
            return self.positive
        if sign < 0:
            return self.negative
        return self.muted
