"""``allowed-directions``: from the current weights, every one-sample update points NE or SW.

The weight plane with quadrants I and III shaded around the start (the allowed cone), a fan of the
per-sample updates ``−η ∇L_n`` all inside it, and the direction to the optimum outside it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from manim import (
    DL,
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UL,
    UP,
    UR,
    Arrow,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    GrowArrow,
    LaggedStart,
    Line,
    NumberPlane,
    Rectangle,
    VGroup,
    Write,
)

from scenes.base import ZigzagScene
from scenes.layout import Box, as_label, as_panel
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
    NICE_MANTISSAS,
    AllowedDirectionsData,
    nice_scale,
    view_half_width,
)

__all__ = ["AllowedDirections"]

FAN_SHARE = 1.0
VIEW_MARGIN = 0.12
TIP_RATIO = 0.2
GUIDE_DASH = 0.08
CROSS_SIZE = 0.18
FAN_LAG = 0.08
NAME_HEIGHT = 0.6
ROMAN = {0: "—", 1: "I", 2: "II", 3: "III", 4: "IV"}
# Gap between the plane (with its labels) and the words beside or under it, and between paragraphs.
PLANE_GAP = 2 * BUFF
ROW_GAP = 2 * BUFF
# Shares of the body's width the words beside the plane may take (the largest plane wins).
COLUMN_SHARES = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55)
# A plane smaller than this share of the short side shows its words one step at a time.
PLANE_MIN_SHARE = 0.45
# Rounds of bisection that size the plane to its room (each halves the uncertainty).
FIT_ROUNDS = 7
# The plane's grid: at most this many squares across the view, its lines this faint.
GRID_SQUARES = 8
GRID_OPACITY = 0.45
GRID_STROKE = 1.0
# Plans whose planes are within this share of the largest are as good: the widest words win.
SIDE_SLACK = 0.02
# Tries at wrapping words narrower until every line fits.
WRAP_TRIES = 4
# The words appear in these steps (paragraph indices): the rule, the fan, the optimum.
STEPS = ((0,), (1, 2), (3,))


def grid_step(span: float, most: int) -> float:
    """The smallest ``m · 10^n`` (``m`` in the nice mantissas) that cuts ``span`` into at most ``most`` parts."""
    exponent = math.floor(math.log10(span / most))
    return min(
        m * 10.0**e for e in (exponent, exponent + 1) for m in NICE_MANTISSAS if span / (m * 10.0**e) <= most
    )


def scale_digits(scale: float) -> int:
    """Decimals needed to show a 1-2-5 scale factor exactly."""
    return max(0, -math.floor(math.log10(scale)))


@dataclass(frozen=True, slots=True)
class Plan:
    """Where things go: the words ``beside`` the plane (or under it), wrapped to ``width``, all at
    once or one step at a time (``stepped``), and the room the plane gets."""

    beside: bool
    stepped: bool
    width: float
    room: Box


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
        self.lay_out(self.body(self.title))
        self.show_plane()
        self.section("cone")
        self.show_cone()
        self.section("fan")
        self.show_fan()
        self.section("optimum")
        self.show_optimum()
        self.wait(self.timing.read)

    # ------------------------------------------------------------------ speaker notes

    def note_values(self, part: str) -> dict[str, Any]:
        """What each section's notes say, chosen as the words on screen are: the rule by the
        inputs' sign class, the count with or without still updates, the optimum by its story."""
        data = self.data
        tally = data.tally
        weight = self.symbol("weight")
        if part == "plane":
            return {"weight": weight, "start": self.point(data.point)}
        if part == "cone":
            rule = {"positive": "positive", "nonnegative": "zero", "mixed": "mixed"}[data.signs]
            return {
                "rule": self.words(
                    f"note_rule_{rule}",
                    regime=self.words(f"regime_{self.problem.activation}"),
                    x=self.symbol("input"),
                    loss=self.symbol("loss"),
                ),
                "cue_rule": self.words(f"cue_rule_{rule}"),
            }
        if part == "fan":
            counted = {
                "total": len(data.updates),
                "moving": tally.moving,
                "still": tally.still,
                "north_east": tally.north_east,
                "south_west": tally.south_west,
                "other": tally.other,
            }
            return {
                "total": len(data.updates),
                "scale": self.words(
                    "note_scale_one" if self.arrow_scale == 1 else "note_scale",
                    scale=self.number(self.arrow_scale, scale_digits(self.arrow_scale)),
                ),
                "count": self.words("note_count_still" if tally.still else "note_count", **counted),
                "other": self.words("note_other" if tally.other else "note_other_none", **counted),
                # The captions count as the counter on screen does: NE and SW together.
                "cue_count": self.words(
                    "cue_count_still" if tally.still else "cue_count",
                    count=tally.north_east + tally.south_west,
                    **counted,
                ),
            }
        optimum = data.point + data.to_optimum
        return {
            "weight": weight,
            "optimum": self.point(optimum),
            "direction": self.words(f"direction_{data.heading.compass}"),
            "story": self.words(
                f"note_story_{data.heading.story}", regime=self.words(f"regime_{self.problem.activation}")
            ),
            "compass": self.words(f"cue_compass_{data.heading.compass}"),
            "reach": self.words(f"cue_reach_{data.heading.story}"),
        }

    # ------------------------------------------------------------------ builders

    def get_axes(self, side: float) -> NumberPlane:
        """The weight plane, a square view centred on the current point, equal units on both axes,
        with a faint grid."""
        p1, p2 = (float(v) for v in self.data.point)
        r = self.half_width
        step = grid_step(2 * r, GRID_SQUARES)
        axes = NumberPlane(
            x_range=[p1 - r, p1 + r, step],
            y_range=[p2 - r, p2 + r, step],
            x_length=side,
            y_length=side,
            axis_config={"color": self.theme.muted, "include_ticks": False, "include_tip": False},
            background_line_style={
                "stroke_color": self.theme.muted,
                "stroke_width": GRID_STROKE,
                "stroke_opacity": GRID_OPACITY,
            },
            faded_line_ratio=1,
        )
        as_panel(axes, "weight plane")
        return axes

    def get_axis_labels(self) -> VGroup:
        labels = self.axes.get_axis_labels(
            self.formula("@w_1", font_size=MATH_SMALL), self.formula("@w_2", font_size=MATH_SMALL)
        )
        for label in labels:
            as_label(label, self.axes)
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
            as_label(name, self.axes)
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
        if label.get_right()[0] > self.axes.get_right()[0]:  # a small plane: it stays on it
            label.align_to(self.axes, RIGHT)
        as_label(label, self.axes)
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
        # The label sits on the inner side of the dot (towards the point): it stays on the plane.
        inward = -1.0 if self.data.to_optimum[0] > 0 else 1.0
        label = self.formula("@w^*", font_size=MATH_SMALL, color=colour).next_to(dot, inward * RIGHT, buff=BUFF / 2)
        middle = (start + end) / 2
        cross = VGroup(
            Line(middle + CROSS_SIZE * UL, middle - CROSS_SIZE * UL),
            Line(middle + CROSS_SIZE * UR, middle - CROSS_SIZE * UR),
        ).set_stroke(color=self.theme.negative, width=PATH_STROKE * 1.5)
        if self.data.heading.story != "blocked":
            cross = VGroup()
        as_label(label, self.axes)
        return VGroup(wish, dot, label, cross)

    def build_plane(self, side: float, *, outline: bool = False) -> VGroup:
        """The plane ``side`` units wide with everything drawn on it (kept as attributes); all of it,
        or with ``outline`` only what may stick out of the plane (axes, their labels, the point and
        the optimum: the cone and the fan stay inside)."""
        self.axes = self.get_axes(side)
        self.axis_labels = self.get_axis_labels()
        self.marker = self.get_point()
        self.optimum = self.get_optimum()
        if outline:
            return VGroup(self.axes, self.axis_labels, self.marker, self.optimum)
        self.cone = self.get_cone()
        self.arrows = self.get_fan()
        return VGroup(self.axes, self.axis_labels, self.marker, self.cone, self.arrows, self.optimum)

    def plane_side(self, room: Box) -> float:
        """Side of the largest plane that fits ``room`` with its labels (labels keep their size, so
        what sticks out of the plane changes with it: found by bisection)."""
        low, high = 0.0, min(room.width, room.height)
        for _ in range(FIT_ROUNDS):
            middle = (low + high) / 2
            plane = self.build_plane(middle, outline=True)
            if plane.width <= room.width and plane.height <= room.height:
                low = middle
            else:
                high = middle
        return low

    def get_column(self, width: float, aligned_edge: np.ndarray) -> VGroup:
        """The words: the rule, the arrow scale, the count and the optimum, each wrapped to ``width``."""
        tally = self.data.tally
        scale = self.number(self.arrow_scale, scale_digits(self.arrow_scale))
        rule = {"positive": "rule", "nonnegative": "rule_zero", "mixed": "rule_mixed"}[self.data.signs]
        counted = {
            "count": tally.north_east + tally.south_west,
            "moving": tally.moving,
            "still": tally.still,
            "total": len(self.data.updates),
        }
        paragraphs = (
            (self.words(rule), self.theme.foreground),
            (self.words("scale_note", scale=scale), self.theme.muted),
            (self.words("counter_still" if tally.still else "counter", **counted), self.theme.accent),
            (
                self.words(
                    f"optimum_{self.data.heading.story}",
                    direction=self.words(f"direction_{self.data.heading.compass}"),
                ),
                self.theme.secondary,
            ),
        )
        return VGroup(*(self.fitted(words, width, colour, aligned_edge) for words, colour in paragraphs))

    def fitted(self, words: str, width: float, colour: Any, aligned_edge: np.ndarray) -> VGroup:
        """:meth:`wrapped` words whose every line is within ``width`` (wrapped narrower while a
        line's measured width comes out wider)."""
        target = width
        for _ in range(WRAP_TRIES):
            lines = self.wrapped(words, target, font_size=FONT_SMALL, color=colour, aligned_edge=aligned_edge)
            widest = max(line.width for line in lines)
            if widest <= width:
                break
            target *= width / widest
        return lines

    def stack(self, column: VGroup, stepped: bool, aligned_edge: np.ndarray) -> VGroup:
        """The paragraphs one under the other, or each step's on the same place when ``stepped``."""
        if not stepped:
            return column.arrange(DOWN, buff=ROW_GAP, aligned_edge=aligned_edge)
        for step in STEPS:
            VGroup(*(column[i] for i in step)).arrange(DOWN, buff=ROW_GAP, aligned_edge=aligned_edge)
        for step in STEPS[1:]:
            VGroup(*(column[i] for i in step)).move_to(column[0], aligned_edge=UP + aligned_edge)
        return column

    def plans(self, body: Box, stepped: bool) -> list[Plan]:
        """Every way of putting the words beside or under the plane that fits ``body``."""
        found = []
        for share in COLUMN_SHARES:
            width = share * body.width
            column = self.stack(self.get_column(width, LEFT), stepped, LEFT)
            if column.height <= body.height:
                room = Box(body.left, body.right - column.width - PLANE_GAP, body.bottom, body.top)
                found.append(Plan(True, stepped, width, room))
        column = self.stack(self.get_column(body.width, ORIGIN), stepped, ORIGIN)
        if column.height < body.height:
            found.append(Plan(False, stepped, body.width, body.above(body.bottom + column.height, PLANE_GAP)))
        return found

    def lay_out(self, body: Box) -> None:
        """Size and place the plane and the words: the largest plane, all words at once if it is
        large enough so, else one step at a time."""
        sides = {plan: self.plane_side(plan.room) for plan in self.plans(body, stepped=False)}
        if not sides or max(sides.values()) < PLANE_MIN_SHARE * self.layout.short_side:
            sides |= {plan: self.plane_side(plan.room) for plan in self.plans(body, stepped=True)}
        largest = max(sides.values())
        plan = max((p for p in sides if sides[p] >= (1 - SIDE_SLACK) * largest), key=lambda p: p.width)
        self.stepped = plan.stepped
        edge = LEFT if plan.beside else ORIGIN
        self.column = self.stack(self.get_column(plan.width, edge), plan.stepped, edge)
        plane = self.build_plane(sides[plan]).move_to(plan.room.center)
        whole = VGroup(plane, self.column)
        if plan.beside:
            self.column.next_to(plane, RIGHT, buff=PLANE_GAP).set_y(plane.get_y())
        else:
            self.column.next_to(plane, DOWN, buff=PLANE_GAP)
        whole.move_to(body.center)

    # ------------------------------------------------------------------ parts

    def show_plane(self) -> None:
        self.play(Create(self.axes), FadeIn(self.axis_labels), run_time=self.timing.move)
        self.play(FadeIn(self.marker), run_time=self.timing.fade)

    def show_cone(self) -> None:
        shades, guides, names = self.cone
        self.play(Create(guides), run_time=self.timing.fade)
        self.play(FadeIn(shades), FadeIn(names), run_time=self.timing.move)
        self.play(FadeIn(self.column[0]), run_time=self.timing.fade)
        self.wait(self.timing.pause)

    def show_fan(self) -> None:
        self.play(*self.leaving(0), FadeIn(self.column[1]), run_time=self.timing.fade)
        self.play(
            LaggedStart(*(GrowArrow(a) for a in self.arrows), lag_ratio=FAN_LAG),
            run_time=self.timing.move * 3,
        )
        self.add_foreground_mobject(self.marker)
        self.play(Write(self.column[2]), run_time=self.timing.write)
        self.wait(self.timing.pause)

    def show_optimum(self) -> None:
        wish, dot, label, cross = self.optimum
        self.play(FadeIn(dot), Write(label), run_time=self.timing.fade)
        self.play(Create(wish), run_time=self.timing.move)
        self.play(Create(cross), *self.leaving(1), FadeIn(self.column[3]), run_time=self.timing.fade)

    def leaving(self, step: int) -> list[Any]:
        """Fade-outs of the words of ``step`` when the words come one step at a time (else none)."""
        return [FadeOut(self.column[i]) for i in STEPS[step]] if self.stepped else []

    def shown_directions(self) -> list[tuple[Any, Any]]:
        """For tests: each arrow's start and end mapped back to weight coordinates."""
        return [(self.axes.p2c(a.get_start()), self.axes.p2c(a.get_end())) for a in self.arrows]
