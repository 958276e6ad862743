"""``allowed-directions``: from the current weights, every one-sample update points NE or SW.

The weight plane with quadrants I and III shaded around the start (the allowed cone), a fan of the
per-sample updates ``−η ∇L_n`` all inside it, and the direction to the optimum outside it.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from manim import (
    DL,
    DOWN,
    LEFT,
    RIGHT,
    UL,
    UR,
    Arrow,
    Axes,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    GrowArrow,
    LaggedStart,
    Line,
    Rectangle,
    VGroup,
    Write,
)

from scenes.base import ZigzagScene
from scenes.style import (
    ARROW_STROKE,
    BUFF,
    DOT_RADIUS,
    FONT_SMALL,
    MATH_SMALL,
    PATH_STROKE,
    SHADE_OPACITY,
)
from zz_math.scene_data.allowed_directions import (
    AllowedDirectionsData,
    nice_scale,
    view_half_width,
)

__all__ = ["AllowedDirections"]

PLANE_SIDE = 6.0
PLANE_CENTRE_X = -3.3
PLANE_BELOW_TITLE = 0.35
FAN_SHARE = 1.0
VIEW_MARGIN = 0.12
TIP_RATIO = 0.2
GUIDE_DASH = 0.08
CROSS_SIZE = 0.18
COLUMN_GAP = 0.8
COLUMN_WIDTH = 6.0
FAN_LAG = 0.08
NAME_HEIGHT = 0.6
ROMAN = {0: "—", 1: "I", 2: "II", 3: "III", 4: "IV"}


def scale_digits(scale: float) -> int:
    """Decimals needed to show a 1-2-5 scale factor exactly."""
    return max(0, -math.floor(math.log10(scale)))


class AllowedDirections(ZigzagScene):
    """The allowed cone around the start, the fan of one-sample updates and the blocked optimum."""

    data: AllowedDirectionsData
    arrow_scale: float
    half_width: float

    def prepare(self) -> None:
        super().prepare()
        norms = np.linalg.norm(self.data.updates, axis=1)
        longest = float(norms.max()) if norms.size else 1.0
        distance = float(np.linalg.norm(self.data.to_optimum))
        self.arrow_scale = nice_scale(longest, FAN_SHARE * max(distance, longest))
        self.half_width = view_half_width(
            np.vstack([self.data.to_optimum, self.arrow_scale * self.data.updates]), VIEW_MARGIN
        )

    def construct(self) -> None:
        self.section("plane")
        self.title = self.get_title()
        self.play(Write(self.title), run_time=self.timing.write)
        self.show_plane()
        self.section("cone")
        self.show_cone()
        self.section("fan")
        self.show_fan()
        self.section("optimum")
        self.show_optimum()
        self.wait(self.timing.read)

    # ------------------------------------------------------------------ builders

    def get_axes(self) -> Axes:
        """The weight plane, a square view centred on the current point, equal units on both axes."""
        p1, p2 = (float(v) for v in self.data.point)
        r = self.half_width
        return Axes(
            x_range=[p1 - r, p1 + r, r],
            y_range=[p2 - r, p2 + r, r],
            x_length=PLANE_SIDE,
            y_length=PLANE_SIDE,
            tips=False,
            axis_config={"color": self.theme.muted, "include_ticks": False},
        )

    def get_axis_labels(self) -> VGroup:
        labels = self.axes.get_axis_labels(
            self.formula("@w_1", font_size=MATH_SMALL), self.formula("@w_2", font_size=MATH_SMALL)
        )
        return labels

    def corner(self, direction: np.ndarray) -> np.ndarray:
        """Scene point of the view's corner in ``direction`` (±1, ±1) from the current point."""
        p = self.data.point
        return self.axes.c2p(p[0] + direction[0] * self.half_width, p[1] + direction[1] * self.half_width)

    def get_cone(self) -> VGroup:
        """Quadrants I and III around the point shaded, with dashed guides through the point."""
        centre = self.axes.c2p(*self.data.point)
        parts = VGroup()
        for direction, sign in ((np.array([1, 1]), 1), (np.array([-1, -1]), -1)):
            far = self.corner(direction)
            shade = Rectangle(
                width=abs(far[0] - centre[0]),
                height=abs(far[1] - centre[1]),
                stroke_width=0,
                fill_color=self.theme.sign_colour(sign),
                fill_opacity=SHADE_OPACITY,
            ).move_to((far + centre) / 2)
            parts.add(shade)
        guides = VGroup(
            DashedLine(self.corner(np.array([-1, 0])), self.corner(np.array([1, 0])), dash_length=GUIDE_DASH),
            DashedLine(self.corner(np.array([0, -1])), self.corner(np.array([0, 1])), dash_length=GUIDE_DASH),
        ).set_stroke(color=self.theme.muted, width=1.5)
        names = VGroup()
        for quadrant, direction in ((1, UR), (2, UL), (3, DL), (4, np.array([1, -1, 0]))):
            name = self.plain(ROMAN[quadrant], font_size=FONT_SMALL, color=self.theme.muted)
            edge = self.corner(np.array([direction[0], NAME_HEIGHT * direction[1]]))
            name.next_to(edge, direction * [-1, 0, 0], buff=BUFF)
            names.add(name)
        return VGroup(parts, guides, names)

    def update_end(self, update: np.ndarray) -> np.ndarray:
        """Scene point where the scaled update from the current point ends."""
        return self.axes.c2p(*(self.data.point + self.arrow_scale * update))

    def get_fan(self) -> VGroup:
        """One arrow per sample, scaled by :attr:`arrow_scale`, coloured by the sign of its step."""
        start = self.axes.c2p(*self.data.point)
        arrows = VGroup()
        for update in self.data.updates:
            arrows.add(
                Arrow(
                    start,
                    self.update_end(update),
                    buff=0,
                    color=self.theme.sign_colour(float(np.sign(update[0] + update[1]))),
                    stroke_width=ARROW_STROKE,
                    max_tip_length_to_length_ratio=TIP_RATIO,
                    max_stroke_width_to_length_ratio=ARROW_STROKE * 4,
                )
            )
        return arrows

    def get_point(self) -> VGroup:
        """The current weights: a dot and its coordinates."""
        centre = self.axes.c2p(*self.data.point)
        dot = Dot(centre, radius=DOT_RADIUS, color=self.theme.foreground)
        p1, p2 = (self.tex_number(float(v)) for v in self.data.point)
        label = self.formula(rf"@w = ({p1}{self.tex_separator()}{p2})", font_size=MATH_SMALL)
        label.next_to(dot, DOWN + RIGHT, buff=BUFF)
        return VGroup(dot, label)

    def get_optimum(self) -> VGroup:
        """The optimum, the wished-for straight step to it (dashed), crossed out when it is blocked."""
        start = self.axes.c2p(*self.data.point)
        end = self.axes.c2p(*(self.data.point + self.data.to_optimum))
        colour = self.theme.secondary
        wish = DashedLine(
            start, end, buff=3 * DOT_RADIUS, color=colour, stroke_width=PATH_STROKE, dash_length=2 * GUIDE_DASH
        )
        wish.add_tip(tip_length=0.25)
        dot = Dot(end, radius=DOT_RADIUS * 1.4, color=colour)
        label = self.formula("@w^*", font_size=MATH_SMALL, color=colour).next_to(dot, UL, buff=BUFF / 2)
        middle = (start + end) / 2
        cross = VGroup(
            Line(middle + CROSS_SIZE * UL, middle - CROSS_SIZE * UL),
            Line(middle + CROSS_SIZE * UR, middle - CROSS_SIZE * UR),
        ).set_stroke(color=self.theme.negative, width=PATH_STROKE * 1.5)
        if self.data.heading.story != "blocked":
            cross = VGroup()
        return VGroup(wish, dot, label, cross)

    def get_column(self) -> VGroup:
        """The words beside the plane: the rule, the arrow scale, the count and the optimum."""
        tally = self.data.tally
        scale = self.number(self.arrow_scale, scale_digits(self.arrow_scale))
        rule = {"positive": "rule", "nonnegative": "rule_zero", "mixed": "rule_mixed"}[self.data.signs]
        counted = {
            "count": tally.north_east + tally.south_west,
            "moving": tally.moving,
            "still": tally.still,
            "total": len(self.data.updates),
        }
        rows = VGroup(
            self.prose(rule, font_size=FONT_SMALL),
            self.prose("scale_note", font_size=FONT_SMALL, color=self.theme.muted, scale=scale),
            self.prose(
                "counter_still" if tally.still else "counter",
                font_size=FONT_SMALL,
                color=self.theme.accent,
                **counted,
            ),
            self.prose(
                f"optimum_{self.data.heading.story}",
                font_size=FONT_SMALL,
                color=self.theme.secondary,
                direction=self.words(f"direction_{self.data.heading.compass}"),
            ),
        )
        rows.arrange(DOWN, buff=2 * BUFF, aligned_edge=LEFT)
        if rows.width > COLUMN_WIDTH:
            rows.scale_to_fit_width(COLUMN_WIDTH)
        return rows

    # ------------------------------------------------------------------ parts

    def show_plane(self) -> None:
        self.axes = self.get_axes()
        self.axes.next_to(self.title, DOWN, buff=PLANE_BELOW_TITLE).set_x(PLANE_CENTRE_X)
        self.axis_labels = self.get_axis_labels()
        self.point = self.get_point()
        self.column = self.get_column()
        self.column.next_to(self.axes, RIGHT, buff=COLUMN_GAP)
        self.column.set_y(self.axes.get_y())
        self.play(Create(self.axes), FadeIn(self.axis_labels), run_time=self.timing.move)
        self.play(FadeIn(self.point), run_time=self.timing.fade)

    def show_cone(self) -> None:
        self.cone = self.get_cone()
        shades, guides, names = self.cone
        self.play(Create(guides), run_time=self.timing.fade)
        self.play(FadeIn(shades), FadeIn(names), run_time=self.timing.move)
        self.play(FadeIn(self.column[0]), run_time=self.timing.fade)
        self.wait(self.timing.pause)

    def show_fan(self) -> None:
        self.arrows = self.get_fan()
        self.play(FadeIn(self.column[1]), run_time=self.timing.fade)
        self.play(
            LaggedStart(*(GrowArrow(a) for a in self.arrows), lag_ratio=FAN_LAG),
            run_time=self.timing.move * 3,
        )
        self.add_foreground_mobject(self.point)
        self.play(Write(self.column[2]), run_time=self.timing.write)
        self.wait(self.timing.pause)

    def show_optimum(self) -> None:
        self.optimum = self.get_optimum()
        wish, dot, label, cross = self.optimum
        self.play(FadeIn(dot), Write(label), run_time=self.timing.fade)
        self.play(Create(wish), run_time=self.timing.move)
        self.play(Create(cross), FadeIn(self.column[3]), run_time=self.timing.fade)

    def shown_directions(self) -> list[tuple[Any, Any]]:
        """For tests: each arrow's start and end mapped back to weight coordinates."""
        return [(self.axes.p2c(a.get_start()), self.axes.p2c(a.get_end())) for a in self.arrows]
