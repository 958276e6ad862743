"""``parallel-parking``: the headline scene. One-sample SGD on sigmoid inputs can only step NE or SW.

The optimum lies north-west of the start, so the straight way there is not allowed: a small car at
the current weights drives forward (NE) and in reverse (SW) only, and parks by zig-zagging while the
path is drawn with a live step counter and NE / SW tally. The zero-centred inputs then take the same
trip, and the measured figures of both stand side by side, with each regime also at its own best
learning rate. :class:`ParallelParkingCut` is the looping GIF cut of the drive.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    UR,
    Axes,
    Create,
    Cross,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Integer,
    Mobject,
    Square,
    Star,
    Text,
    Transform,
    VGroup,
    VMobject,
    Write,
    interpolate_color,
    linear,
    smooth,
)

from scenes.base import ZigzagScene
from scenes.drive import Car, Drive
from scenes.parts import LONE_ROW, ROW, SECTION, FigureTable, WeightPlane
from scenes.style import (
    BUFF,
    CAR_LENGTH,
    CONTOUR_STROKE,
    DOT_RADIUS,
    FONT_LABEL,
    FONT_SMALL,
    MATH_SMALL,
    PATH_STROKE,
    SIDE_MARGIN,
)
from zz_math.claims import comparison_verdict
from zz_math.contours import ContourLine
from zz_math.runs import RegimeRun
from zz_math.scene_data.parallel_parking import (
    ParallelParkingData,
    regime_contours,
)

__all__ = ["ParallelParking", "ParallelParkingCut"]

PLANE_HEIGHT = 6.3
PLANE_MAX_WIDTH = 5.9
PANEL_GAP = 0.45
ROW_HEIGHT = 0.44
SECTION_INDENT = 0.25
MIN_VALUE_COLUMN = 1.3
ROW_LABEL_SHADE = 0.6
LABEL_BACKING = 0.85
LABEL_BACKING_BUFF = 0.05
CAPTION_GAP = 0.35
STRAIGHT_DASH = 0.12
CROSS_SIZE = 0.42
CROSS_TILT = math.radians(25)
STAR_RADIUS = 0.16
COMPARISON_STEP_SHARE = 0.5
DIMMED = 0.35
COUNTER_SIZE = 30
CUT_TABLE_SCALE = 1.3
CUT_PLANE_MAX_WIDTH = 7.2
LIVE_ROWS = ("step", "north_east", "south_west", "other", "still")
FIGURE_DIGITS = 2
CURVATURE_DIGITS = 3
SEARCH_DIGITS = 3
NEVER = ""


def capitalised(words: str) -> str:
    """``words`` with a capital first letter."""
    return words[:1].upper() + words[1:]


# ---------------------------------------------------------------------------- the scene


class ParallelParking(ZigzagScene):
    """The weight plane, the forbidden straight way, the car parking NE/SW, then centred inputs."""

    data: ParallelParkingData
    path_stroke: float = PATH_STROKE
    contour_stroke: float = CONTOUR_STROKE
    car_length: float = CAR_LENGTH
    plane_height: float = PLANE_HEIGHT
    plane_max_width: float = PLANE_MAX_WIDTH
    live_rows: list[str]
    figure_rows: list[str]

    def prepare(self) -> None:
        super().prepare()
        self.contour_lines = tuple(
            regime_contours(run, levels, self.data.bounds)
            for run, levels in zip(
                self.data.runs, (self.data.contour_levels, self.data.comparison_levels), strict=True
            )
        )
        self.colours = (self.theme.accent, self.theme.secondary)
        self.one_sign = tuple(run.signs != "mixed" for run in self.data.runs)
        self.stories = tuple(way.story for way in self.data.headings)
        self.blocked = self.stories[0] == "blocked"

    def told(self, key: str, index: int = 0) -> str:
        """Catalogue key ``key`` as it fits run ``index``: ``<key>_mixed`` when its inputs take
        both signs (a zero-centred activation chosen by the course)."""
        return key if self.one_sign[index] else f"{key}_mixed"

    def story_key(self, key: str, signed: bool = False) -> str:
        """``key`` for the first run's story: the optimum out of one step's reach (``key``, or
        ``<key>_zero`` when ``signed`` and some inputs are exactly 0), within it (``<key>_open``),
        or inputs of both signs (``<key>_mixed``)."""
        if self.stories[0] == "blocked":
            return f"{key}_zero" if signed and self.data.runs[0].signs == "nonnegative" else key
        return {"open": f"{key}_open", "free": f"{key}_mixed"}[self.stories[0]]

    def direction_words(self) -> str:
        """Which way the optimum lies from the start, in words."""
        return self.words(f"direction_{self.data.headings[0].compass}")

    def construct(self) -> None:
        self.section("plane")
        self.show_plane()
        self.section("straight")
        self.show_forbidden_straight()
        self.section("drive")
        self.show_drive(0)
        self.section("centred")
        self.show_comparison()
        self.section("figures")
        self.show_figures()
        self.wait(self.timing.read)

    # ------------------------------------------------------------------ builders

    def get_plane(self, height: float, max_width: float) -> WeightPlane:
        """Weight plane over the data's bounds with equal units on both axes."""
        return WeightPlane(
            self.data.bounds,
            height=height,
            max_width=max_width,
            colour=self.theme.muted,
            stroke_width=self.contour_stroke * 1.5,
        )

    def get_axis_labels(self, axes: Axes) -> VGroup:
        """``w_1`` at the right end of the horizontal axis, ``w_2`` at the top of the vertical one."""
        w1 = self.formula("@w_1", font_size=MATH_SMALL)
        w2 = self.formula("@w_2", font_size=MATH_SMALL)
        w1.next_to(axes.x_axis.get_end(), UP + LEFT, buff=BUFF / 2)
        w2.next_to(axes.y_axis.get_end(), DOWN + RIGHT, buff=BUFF / 2)
        for label in (w1, w2):
            label.add_background_rectangle(
                color=self.theme.background, opacity=LABEL_BACKING, buff=LABEL_BACKING_BUFF
            )
        return VGroup(w1, w2)

    def get_contours(self, lines: tuple[ContourLine, ...]) -> VGroup:
        """Contour pieces as polylines on the plane."""
        pieces = [np.asarray(piece) for line in lines for piece in line.pieces]
        return self.plane.polylines(pieces, self.theme.muted, self.contour_stroke)

    def get_markers(self) -> VGroup:
        """Start dot and optimum star with their labels."""
        trajectory = self.data.runs[0].trajectory
        start = Dot(
            self.axes.c2p(*trajectory.weights[0]), radius=DOT_RADIUS * 1.3, color=self.theme.foreground
        )
        optimum = Star(
            outer_radius=STAR_RADIUS,
            color=self.theme.positive,
            fill_opacity=1.0,
            stroke_width=0,
        ).move_to(self.axes.c2p(*trajectory.optimum))
        start_label = self.prose("start", font_size=FONT_LABEL).next_to(start, DOWN, buff=BUFF)
        optimum_label = self.prose("optimum", font_size=FONT_LABEL)
        optimum_label.next_to(optimum, UP, buff=BUFF / 2)
        return VGroup(start, optimum, start_label, optimum_label)

    def get_straight(self) -> VGroup:
        """The straight start → optimum line and the cross that forbids it."""
        trajectory = self.data.runs[0].trajectory
        begin = self.axes.c2p(*trajectory.weights[0])
        end = self.axes.c2p(*trajectory.optimum)
        line = DashedLine(
            begin,
            end,
            dash_length=STRAIGHT_DASH,
            color=self.theme.foreground,
            stroke_width=self.path_stroke * 0.8,
            buff=STAR_RADIUS,
        )
        direction = end - begin
        angle = math.atan2(direction[1], direction[0])
        cross = Cross(
            Square(CROSS_SIZE),
            stroke_color=self.theme.negative,
            stroke_width=self.path_stroke * 2.2,
        )
        cross.rotate(angle - math.pi / 4 + CROSS_TILT).move_to(line.get_center())
        return VGroup(line, cross)

    def get_car(self, index: int) -> Car:
        """The car of run ``index`` in that run's colour."""
        car = Car(self.colours[index], self.theme.muted, self.theme.foreground, self.car_length)
        car.body.set_stroke(color=self.theme.background)
        car.set_z_index(2)
        return car

    def get_path(self, index: int) -> VMobject:
        """The (empty) path of run ``index``."""
        path = VMobject(stroke_color=self.colours[index], stroke_width=self.path_stroke)
        path.set_z_index(1)
        return path

    def caption(self, key: str, **values: Any) -> Text:
        """Panel caption ``key`` at the top of the panel, fitted to its width."""
        text = self.prose(key, font_size=FONT_SMALL, **values)
        if text.width > self.panel_width:
            text.scale_to_fit_width(self.panel_width)
        return text.next_to(self.caption_anchor, DOWN, buff=0).align_to(self.caption_anchor, LEFT)

    def regime_name(self, run: RegimeRun) -> str:
        return self.words(f"regime_{run.regime}")

    def get_table(self, columns: int, plan: list[tuple[str, str, str]]) -> FigureTable:
        """The figures table of ``plan`` (name, words, kind) under the first ``columns`` regimes."""
        row_colour = interpolate_color(self.theme.muted, self.theme.foreground, ROW_LABEL_SHADE)
        rows = [
            (name, self.plain(words, font_size=FONT_LABEL, color=None if kind == SECTION else row_colour), kind)
            for name, words, kind in plan
        ]
        headers = [
            self.prose(f"head_{self.data.runs[c].regime}", font_size=FONT_LABEL, color=self.colours[c])
            for c in range(columns)
        ]
        return FigureTable(
            rows, headers, row_height=ROW_HEIGHT, indent=SECTION_INDENT, min_column=MIN_VALUE_COLUMN, gap=BUFF
        )

    def get_counter(self, column: int) -> Integer:
        """A live integer for a cell of ``column`` of the panel table."""
        return Integer(0, font_size=COUNTER_SIZE * self.table_scale, color=self.colours[column])

    # ------------------------------------------------------------------ layout

    def table_plan(self) -> list[tuple[str, str, str]]:
        """``(name, words, kind)`` of each table row: live counters first, then the figures.

        A "still" row (zero updates, e.g. a ReLU sample of zeros) is there only when a run has
        one, so the live rows always add up to the step count.
        """
        tolerance = self.quantity(self.problem.tolerance)
        runs = self.data.runs
        plan = [
            ("course_rate", self.words("section_course_rate", rate=self.number(self.problem.learning_rate)), SECTION),
            ("step", self.words("row_step"), ROW),
            ("north_east", self.words("row_north_east"), ROW),
            ("south_west", self.words("row_south_west"), ROW),
            ("other", self.words("row_other"), ROW),
        ]
        if any(r.figures.tally.still for r in runs):
            plan.append(("still", self.words("row_still"), ROW))
        orders = runs[0].at_course_rate.orders
        return [
            *plan,
            ("median_course", self.words("row_median_steps", tolerance=tolerance, orders=orders), ROW),
            ("tortuosity", self.words("tortuosity"), ROW),
            ("quadrant_share", self.words("quadrant_share"), ROW),
            ("best_rate", self.words("section_best_rate"), SECTION),
            ("learning_rate", self.words("learning_rate"), ROW),
            ("median_best", self.words("row_median_steps", tolerance=tolerance, orders=orders), ROW),
            ("largest_curvature", self.words("row_largest_curvature"), LONE_ROW),
            ("condition_number", self.words("row_condition_number"), LONE_ROW),
        ]

    def table_rows(self) -> list[tuple[str, str, str]]:
        """The figures table's plan; remembers which rows count live and which show figures."""
        plan = self.table_plan()
        self.live_rows = [name for name, _, _ in plan if name in LIVE_ROWS]
        self.figure_rows = [name for name, _, kind in plan if name not in LIVE_ROWS and kind != SECTION]
        return plan

    def layout_stage(self) -> None:
        """Place the plane, the panel caption anchor and the table; nothing is added yet."""
        self.title = self.get_title(self.story_key("title"))
        top = self.title.get_bottom()[1] - BUFF
        left, right, bottom, _ = self.safe_area()
        height = min(self.plane_height, self.plane_top() - bottom)
        self.plane = self.get_plane(height, self.plane_max_width)
        self.plane.move_to(ORIGIN).align_to(np.array([left, 0, 0]), LEFT)
        self.plane.align_to(np.array([0, bottom, 0]), DOWN)
        self.axes = self.plane.axes
        self.axis_labels = self.get_axis_labels(self.axes)
        self.contours = self.get_contours(self.contour_lines[0])
        self.markers = self.get_markers()
        self.straight = self.get_straight()
        panel_left = self.axes.get_right()[0] + PANEL_GAP
        self.panel_width = right - panel_left
        self.caption_anchor = Dot(np.array([panel_left, top, 0.0]), radius=0.001)
        self.table = self.get_table(2, self.table_rows())
        self.fit_table(height=top - self.tallest_caption() - CAPTION_GAP - bottom)
        self.table.align_to(np.array([panel_left, 0, 0]), LEFT)
        self.table.align_to(np.array([0, bottom, 0]), DOWN)

    def tallest_caption(self) -> float:
        """Height of the tallest panel caption the scene will show, so the table stays below it."""
        captions = [
            self.caption("caption_plane", direction=self.direction_words()),
            self.caption(
                self.story_key("caption_straight", signed=True),
                regime=self.regime_name(self.data.runs[0]),
                x=self.symbol("input"),
                direction=self.direction_words(),
            ),
            self.caption(self.story_key("caption_drive")),
            self.caption("caption_fair", **self.verdict_values()),
        ]
        return max(caption.height for caption in captions)

    def plane_top(self) -> float:
        """Highest point the plane may reach: under the title."""
        return float(self.title.get_bottom()[1] - BUFF)

    def fit_table(self, scale: float = 1.0, height: float | None = None) -> None:
        """Scale the table by ``scale``, then down to the panel width (and to ``height``);
        remember the factor."""
        self.table_scale = min(scale, self.panel_width / self.table.width)
        if height is not None and self.table.height * self.table_scale > height:
            self.table_scale = height / self.table.height
        self.table.scale(self.table_scale)

    def make_drive(self, index: int, with_car: bool = True, ease: Callable[[float], float] = smooth) -> Drive:
        """A drive of run ``index`` with its path, car and live counters in the table."""
        numbers = {
            name: (self.get_counter(index), self.table.cell(name, index))
            for name in self.live_rows
        }
        return Drive(
            run=self.data.runs[index],
            axes=self.axes,
            path=self.get_path(index),
            car=self.get_car(index) if with_car else None,
            numbers=numbers,
            ease=ease,
        )

    # ------------------------------------------------------------------ parts

    def show_plane(self) -> None:
        self.layout_stage()
        self.play(Write(self.title), run_time=self.timing.write)
        self.play(
            Create(self.axes), FadeIn(self.axis_labels), Create(self.contours), run_time=self.timing.move
        )
        self.current_caption = self.caption("caption_plane", direction=self.direction_words())
        self.play(FadeIn(self.markers), Write(self.current_caption), run_time=self.timing.write)
        self.wait(self.timing.pause)

    def change_caption(self, key: str, **values: Any) -> None:
        new = self.caption(key, **values)
        self.play(FadeOut(self.current_caption), FadeIn(new), run_time=self.timing.fade)
        self.current_caption = new

    def show_forbidden_straight(self) -> None:
        line, cross = self.straight
        self.play(Create(line), run_time=self.timing.move)
        self.change_caption(
            self.story_key("caption_straight", signed=True),
            regime=self.regime_name(self.data.runs[0]),
            x=self.symbol("input"),
            direction=self.direction_words(),
        )
        if self.blocked:
            self.play(Create(cross), run_time=self.timing.fade)
        self.wait(self.timing.pause)

    def show_drive(self, index: int, per_step: float | None = None) -> Drive:
        """Drive run ``index``: the car moves along the SGD path while it is drawn."""
        drive = self.make_drive(index)
        self.drives: list[Drive] = getattr(self, "drives", [])
        self.drives.append(drive)
        if index == 0:
            self.change_caption(self.story_key("caption_drive"))
            self.play(
                FadeIn(self.table.headers[0]),
                FadeIn(VGroup(*(self.table.labels[r] for r in range(self.table.row(self.live_rows[-1]) + 1)))),
                run_time=self.timing.fade,
            )
        numbers = [number for number, _ in drive.numbers.values()]
        assert drive.car is not None
        self.add(drive.path)
        self.play(FadeIn(drive.car), FadeIn(VGroup(*numbers)), run_time=self.timing.fade)
        step = self.timing.step if per_step is None else per_step
        self.play(
            drive.tracker.animate(rate_func=linear).set_value(drive.last),
            run_time=drive.seconds(step),
        )
        self.remove(drive.tracker)
        drive.park()
        self.wait(self.timing.pause)
        return drive

    def show_comparison(self) -> None:
        first = self.drives[0]
        assert first.car is not None
        self.change_caption(
            self.told("caption_comparison", 1), regime=self.regime_name(self.data.runs[1])
        )
        comparison = self.get_contours(self.contour_lines[1])
        self.play(
            FadeOut(first.car),
            first.path.animate.set_stroke(opacity=DIMMED),
            FadeOut(self.straight if self.blocked else self.straight[0]),
            Transform(self.contours, comparison),
            FadeIn(self.table.headers[1]),
            run_time=self.timing.move,
        )
        self.show_drive(1, per_step=self.timing.step * COMPARISON_STEP_SHARE)

    def tex_percent(self, share: float) -> str:
        """A share as a TeX percentage."""
        return self.percent(share).replace("%", r"\%").replace("—", r"\text{---}")

    def figure_texts(self) -> dict[str, list[str]]:
        """Shown figures per figure row and column, formatted from data."""
        runs = self.data.runs
        return {
            "median_course": [self.median_text(r.at_course_rate.median) for r in runs],
            "tortuosity": [self.tex_number(r.figures.tortuosity, FIGURE_DIGITS) for r in runs],
            "quadrant_share": [self.tex_percent(r.figures.quadrant_share) for r in runs],
            "learning_rate": [self.tex_number(r.best.learning_rate, FIGURE_DIGITS) for r in runs],
            "median_best": [self.median_text(r.best.stats.median) for r in runs],
            "largest_curvature": [
                self.tex_number(float(r.curvature.eigenvalues[-1]), CURVATURE_DIGITS) for r in runs
            ],
            "condition_number": [
                self.tex_number(r.curvature.condition_number, FIGURE_DIGITS) for r in runs
            ],
        }

    def median_text(self, median: float | None) -> str:
        """A median step count as TeX (a half step when the orders split evenly)."""
        if median is None:
            return NEVER
        return self.tex_number(int(median) if float(median).is_integer() else median, 1)

    def verdict_values(self) -> dict[str, str]:
        """The figures caption's numbers and its closing verdict, chosen from the data."""
        first, second = self.data.runs
        verdict = comparison_verdict(
            (first.at_course_rate.median, second.at_course_rate.median),
            (first.best.stats.median, second.best.stats.median),
            (first.best.learning_rate, second.best.learning_rate),
        )
        names = {"first": self.regime_name(first), "second": self.regime_name(second)}
        search = first.best
        return {
            "a": self.steps_words(first.at_course_rate.median),
            "b": self.steps_words(second.at_course_rate.median),
            "c": self.steps_words(first.best.stats.median),
            "d": self.steps_words(second.best.stats.median),
            "orders": self.number(first.at_course_rate.orders),
            "count": self.number(search.rates_tried),
            "count2": self.number(second.best.rates_tried),
            "low": self.number(min(first.best.searched_low, second.best.searched_low), SEARCH_DIGITS),
            "high": self.number(max(first.best.searched_high, second.best.searched_high), 0),
            "verdict": capitalised(self.words(
                f"verdict_{verdict}",
                rate1=self.number(first.best.learning_rate),
                rate2=self.number(second.best.learning_rate),
                steps=self.number(self.problem.steps),
                **names,
            )),
        }

    def steps_words(self, steps: float | None) -> str:
        """Steps for prose."""
        if steps is None:
            return self.words("never")
        return self.number(int(steps) if float(steps).is_integer() else steps, 1)

    def figure_mobject(self, tex: str, column: int) -> Mobject:
        """A figure of column ``column`` in the counters' font and size."""
        size = COUNTER_SIZE * self.table_scale
        if tex == NEVER:
            return self.prose("never", font_size=FONT_LABEL * self.table_scale, color=self.colours[column])
        return self.formula(tex, font_size=size, color=self.colours[column])

    def show_figures(self) -> None:
        self.figures = VGroup()
        texts_of = self.figure_texts()
        for name in self.figure_rows:
            for column, words in enumerate(texts_of[name]):
                value = self.figure_mobject(words, column)
                value.move_to(self.table.cell(name, column))
                self.figures.add(value)
        first = self.table.row(self.live_rows[-1]) + 1
        labels = VGroup(*(self.table.labels[r] for r in range(first, len(self.table.labels))))
        self.change_caption("caption_fair", **self.verdict_values())
        self.play(FadeIn(labels), FadeIn(self.figures), run_time=self.timing.write)


# ---------------------------------------------------------------------------- the GIF cut


class ParallelParkingCut(ParallelParking):
    """A ~10 s loop for answers: the car parks along the sigmoid path, then the plane resets.

    The first and the last frame are the same picture: plane, contours, the crossed-out straight
    way, start, optimum, the car at the start and the counters at 0.
    """

    path_stroke = PATH_STROKE * 2.2
    contour_stroke = CONTOUR_STROKE * 3.0
    car_length = CAR_LENGTH * 1.35
    plane_height = math.inf  # as tall as the frame allows
    plane_max_width = CUT_PLANE_MAX_WIDTH
    cut_drive = 7.0
    opening = 0.6
    parked = 1.5
    reset = 0.5
    closing = 0.3

    def construct(self) -> None:
        self.section("cut")
        self.set_stage()
        self.wait(self.opening)
        self.drive_loop()
        self.close_loop()

    def layout_stage(self) -> None:
        super().layout_stage()
        self.title.align_to(self.caption_anchor, LEFT)
        self.caption_anchor.next_to(self.title, DOWN, buff=CAPTION_GAP)
        self.caption_anchor.set_x(self.axes.get_right()[0] + PANEL_GAP)
        self.current_caption = self.caption(self.story_key("caption_cut"))
        plan = [(name, words, kind) for name, words, kind in self.table_plan() if name in LIVE_ROWS]
        self.live_rows = [name for name, _, _ in plan]
        self.table = self.get_table(1, plan)
        self.fit_table(CUT_TABLE_SCALE)
        self.table.next_to(self.current_caption, DOWN, buff=2 * CAPTION_GAP)
        self.table.align_to(self.caption_anchor, LEFT)

    def get_title(self, key: str = "title", **values: Any) -> Text:
        regime = self.regime_name(self.data.runs[0])
        title = self.prose(
            self.told("title_cut"), font_size=FONT_SMALL, regime=regime[:1].upper() + regime[1:]
        )
        return title.to_edge(UR, buff=SIDE_MARGIN)

    def plane_top(self) -> float:
        """The title sits beside the plane, so the plane takes the frame's full height."""
        return self.safe_area()[3]

    def set_stage(self) -> None:
        self.layout_stage()
        self.drive = self.make_drive(0, ease=linear)
        self.drives = [self.drive]
        assert self.drive.car is not None
        self.numbers = VGroup(*(number for number, _ in self.drive.numbers.values()))
        self.add(
            self.contours,
            self.axes,
            self.axis_labels,
            self.straight if self.blocked else self.straight[0],
            self.markers,
            self.title,
            self.current_caption,
            self.table.headers[0],
            self.table.labels,
            self.drive.path,
            self.drive.car,
            self.numbers,
        )

    def drive_loop(self) -> None:
        self.play(
            self.drive.tracker.animate(rate_func=linear).set_value(self.drive.last),
            run_time=self.cut_drive,
        )
        self.remove(self.drive.tracker)
        self.drive.park()
        self.wait(self.parked)

    def close_loop(self) -> None:
        drive = self.drive
        assert drive.car is not None
        self.play(FadeOut(drive.path, drive.car, self.numbers), run_time=self.reset)
        drive.tracker.set_value(0.0)
        drive.refresh()
        self.add(drive.path)
        self.play(FadeIn(drive.car, self.numbers), run_time=self.reset)
        self.wait(self.closing)
