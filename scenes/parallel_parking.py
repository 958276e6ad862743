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
from dataclasses import dataclass
from typing import Any

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Axes,
    Create,
    Cross,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Integer,
    Mobject,
    ReplacementTransform,
    Square,
    Star,
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
from scenes.layout import Box, as_label, as_panel, text_width
from scenes.parts import LONE_ROW, ROW, SECTION, FigureTable, WeightPlane
from scenes.style import (
    BUFF,
    CAR_LENGTH,
    CONTOUR_STROKE,
    DOT_RADIUS,
    FONT_BODY,
    FONT_LABEL,
    FONT_SMALL,
    MATH_SMALL,
    PATH_STROKE,
)
from zz_math.claims import comparison_verdict
from zz_math.contours import ContourLine
from zz_math.runs import RegimeRun
from zz_math.scene_data.parallel_parking import (
    ParallelParkingData,
    regime_contours,
)

__all__ = ["ParallelParking", "ParallelParkingCut"]

PANEL_GAP = 0.45
# The plane spans at least this share of the frame's short side where any arrangement allows it.
PLANE_SHARE = 0.45
# Times the plane is shrunk until its labels fit its box.
PLANE_FITS = 4
# The plane takes the live table's room before the first drive when that makes it this much taller.
INTRO_GROWTH = 1.15
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
LIVE_ROWS = ("step", "north_east", "south_west", "other", "still")
FIGURE_DIGITS = 2
CURVATURE_DIGITS = 3
SEARCH_DIGITS = 3
NEVER = ""


def capitalised(words: str) -> str:
    """``words`` with a capital first letter."""
    return words[:1].upper() + words[1:]


# ---------------------------------------------------------------------------- the scene


@dataclass(frozen=True, slots=True)
class Arrangement:
    """A way to lay the stage out: the plane's box, the live table's, the captions', whether the
    captions take the title's place, and the room the figures table has."""

    plane: Box
    table: Box
    captions: Box
    replace_title: bool
    figures: Box
    live: FigureTable


class ParallelParking(ZigzagScene):
    """The weight plane, the forbidden straight way, the car parking NE/SW, then centred inputs."""

    data: ParallelParkingData
    path_stroke: float = PATH_STROKE
    contour_stroke: float = CONTOUR_STROKE
    car_length: float = CAR_LENGTH
    table_scale: float = 1.0
    table_columns: int = 2
    live_rows: list[str]
    figure_rows: list[str]
    figure_table: FigureTable | None
    figure_plan: list[tuple[str, str, str]]
    figure_pages: list[FigureTable]
    caption_band: Box
    stage: Box
    captions_replace_title: bool = False
    caption_edge: np.ndarray = ORIGIN
    fair_band: Box
    figure_stage: Box
    figures_mode: str = "beside"
    figures_replace_plane: bool = False
    arrangement: Arrangement
    # The weights the plane shows: the data's bounds, widened to fill the plane's box.
    view: tuple[float, float, float, float]

    def prepare(self) -> None:
        super().prepare()
        self.view = self.data.bounds
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

    # ------------------------------------------------------------------ speaker notes

    def note_values(self, part: str) -> dict[str, Any]:
        """What the notes of section ``part`` say, every number and every claim chosen from data
        (and the captions' shorter sentences, chosen alike)."""
        first, second = self.data.runs
        symbols = {"w": self.symbol("weight"), "x": self.symbol("input"), "L": self.symbol("loss")}
        rate = self.quantity(self.problem.learning_rate)

        def cue_run(index: int) -> dict[str, str]:
            """The captions' tally of run ``index`` and how its drive ended (as the notes')."""
            run = self.data.runs[index]
            tally = run.figures.tally
            steps = self.number(run.figures.steps)
            counts = {
                "steps": steps,
                "north_east": self.number(tally.north_east),
                "south_west": self.number(tally.south_west),
                "other": self.number(tally.other),
                "still": self.number(tally.still),
            }
            trajectory = run.trajectory
            ending = {"tolerance": self.quantity(self.problem.tolerance), "tortuosity": self.number(run.figures.tortuosity)}
            if trajectory.diverged:
                arrival = self.words("cue_arrival_diverged", steps=steps)
            elif trajectory.steps_to_tolerance is not None:
                arrival = self.words("cue_arrival_reached", steps=self.number(trajectory.steps_to_tolerance), **ending)
            else:
                arrival = self.words("cue_arrival_missed", steps=steps, **ending)
            return {
                "cue_tally": self.words("cue_tally_still" if tally.still else "cue_tally", **counts),
                "cue_arrival": arrival,
            }

        if part == "plane":
            return {
                **symbols,
                "regime": self.regime_name(first),
                "start": self.point(first.trajectory.weights[0]),
                "optimum": self.point(first.trajectory.optimum),
                "direction": self.direction_words(),
                "compass": self.words(f"cue_compass_{self.data.headings[0].compass}"),
                "rate": rate,
            }
        if part == "straight":
            return {
                "why": self.words(
                    self.story_key("note_straight_why", signed=True),
                    regime=self.regime_name(first), direction=self.direction_words(), **symbols,
                ),
                "way": self.words(self.story_key("cue_way")),
            }
        if part in ("drive", "cut"):
            return {
                "regime": self.regime_name(first),
                "rate": rate,
                "direction": self.direction_words(),
                "story": self.words(self.story_key("note_story")),
                **self.run_note_values(0),
                "cue_story": self.words(self.story_key("cue_story")),
                **cue_run(0),
            }
        if part == "centred":
            return {
                "regime": self.regime_name(second),
                "rate": rate,
                "first": self.regime_name(first),
                "story": self.words(self.told("note_comparison_story", 1)),
                **self.run_note_values(1),
                "cue_story": self.words(
                    self.told("cue_comparison", 1), regime_cap=capitalised(self.regime_name(second)), rate=rate
                ),
                **cue_run(1),
            }
        if part == "figures":
            return {
                **self.figures_note_values(),
                "first_head": self.words(f"head_{first.regime}"),
                "second_head": self.words(f"head_{second.regime}"),
            }
        return {}

    def run_note_values(self, index: int) -> dict[str, str]:
        """The tally of run ``index``'s updates and how its drive ended, as sentences."""
        run = self.data.runs[index]
        tally = run.figures.tally
        counts = {
            "steps": self.number(run.figures.steps),
            "north_east": self.number(tally.north_east),
            "south_west": self.number(tally.south_west),
            "other": self.words("note_other", other=self.number(tally.other)) if tally.other
            else self.words("note_other_none"),
            "still": self.number(tally.still),
        }
        trajectory = run.trajectory
        if trajectory.diverged:
            arrival = self.words("note_arrival_diverged", steps=counts["steps"])
        elif trajectory.steps_to_tolerance is not None:
            arrival = self.words(
                "note_arrival_reached",
                steps=self.number(trajectory.steps_to_tolerance),
                tolerance=self.quantity(self.problem.tolerance),
                tortuosity=self.number(run.figures.tortuosity),
            )
        else:
            arrival = self.words(
                "note_arrival_missed",
                steps=counts["steps"],
                tolerance=self.quantity(self.problem.tolerance),
                tortuosity=self.number(run.figures.tortuosity),
            )
        return {
            "tally": self.words("note_tally_still" if tally.still else "note_tally", **counts),
            "arrival": arrival,
        }

    def figures_note_values(self) -> dict[str, str]:
        """The figures table in sentences: medians at the course's rate and at each best rate,
        the verdict the caption draws, and the condition numbers."""
        first, second = self.data.runs
        median = self.steps_words
        verdict = self.verdict_values()["verdict"]
        return {
            "first": self.regime_name(first),
            "second": self.regime_name(second),
            "rate": self.quantity(self.problem.learning_rate),
            "orders": self.number(first.at_course_rate.orders),
            "a": median(first.at_course_rate.median),
            "b": median(second.at_course_rate.median),
            "best_first": self.quantity(first.best.learning_rate),
            "best_second": self.quantity(second.best.learning_rate),
            "count_first": self.number(first.best.rates_tried),
            "count_second": self.number(second.best.rates_tried),
            "c": median(first.best.stats.median),
            "d": median(second.best.stats.median),
            "verdict": " ".join(verdict.split()),
            "x": self.symbol("input"),
            "kappa_first": self.number(first.curvature.condition_number),
            "kappa_second": self.number(second.curvature.condition_number),
        }

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
        """Weight plane over :attr:`view` with equal units on both axes."""
        return WeightPlane(
            self.view,
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
            as_label(label, self.plane)
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
        for label in (start_label, optimum_label):
            as_label(label, self.plane)
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

    def caption_words(self, key: str, **values: Any) -> str:
        """The words of caption ``key``: short captions re-flow freely, the figures keep their lines."""
        words = self.words(key, **values)
        return words if key == "caption_fair" else " ".join(words.split("\n"))

    def caption(self, key: str, band: Box | None = None, **values: Any) -> VGroup:
        """Caption ``key``, wrapped to ``band`` (the caption band) at its top."""
        band = band or self.caption_band
        words = self.caption_words(key, **values)
        in_band = band is getattr(self, "caption_band", None)
        text = self.wrapped(words, band.width, font_size=FONT_SMALL, aligned_edge=self.caption_edge if in_band else ORIGIN)
        text.move_to(band.center)
        return text.align_to(band.top * UP, UP) if in_band else text

    def regime_name(self, run: RegimeRun) -> str:
        return self.words(f"regime_{run.regime}")

    def table_sizes(self) -> dict[str, float]:
        """Row height, indent, narrowest value column and gap of the tables, grown with the floor."""
        grow = self.layout.text_size(FONT_LABEL) / FONT_LABEL
        return {"row_height": ROW_HEIGHT * grow, "indent": SECTION_INDENT * grow,
                "min_column": MIN_VALUE_COLUMN * grow, "gap": BUFF * grow}

    def get_table(self, columns: int, plan: list[tuple[str, str, str]], width: float | None = None,
                  one_line: float | None = None) -> FigureTable:
        """The table of ``plan`` (name, words, kind) under the first ``columns`` regimes; row labels
        wrap so that the table is at most ``width`` wide (``one_line``: see :class:`FigureTable`)."""
        row_colour = interpolate_color(self.theme.muted, self.theme.foreground, ROW_LABEL_SHADE)
        headers = [
            self.prose(f"head_{self.data.runs[c].regime}", font_size=FONT_LABEL, color=self.colours[c])
            for c in range(columns)
        ]
        sizes = self.table_sizes()
        value_columns = columns * max(sizes["min_column"], max(h.width for h in headers) + sizes["gap"])
        room = None if width is None else width - value_columns - 2 * sizes["gap"] - sizes["indent"]

        def label(words: str, kind: str) -> Mobject:
            colour = self.theme.foreground if kind == SECTION else row_colour
            return self.wrapped(words, room, font_size=FONT_LABEL, color=colour, aligned_edge=LEFT) if room \
                else self.plain(words, font_size=FONT_LABEL, color=colour)

        rows = [(name, label(words, kind), kind) for name, words, kind in plan]
        return FigureTable(rows, headers, **sizes, one_line=one_line)

    def get_tally(self, columns: int, plan: list[tuple[str, str, str]]) -> FigureTable:
        """The live counters the other way round: a row per regime, a column per counter (short
        names), for frames that have more width than height to spare."""
        section = [(name, self.plain(words, font_size=FONT_LABEL), kind) for name, words, kind in plan
                   if kind == SECTION]
        rows = [
            (f"run{c}", self.prose(f"head_{self.data.runs[c].regime}", font_size=FONT_LABEL,
                                   color=self.colours[c]), LONE_ROW)
            for c in range(columns)
        ]
        headers = [self.prose(f"short_{name}", font_size=FONT_LABEL) for name in self.live_rows]
        return FigureTable([*section, *rows], headers, **self.table_sizes())

    def get_counter(self, column: int) -> Integer:
        """A live integer for a cell of ``column`` of the panel table."""
        return self.counter(0, COUNTER_SIZE * self.table_scale, self.colours[column])

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

    def split_plan(self, columns: int) -> None:
        """The live tables (counters during the drives; a tall and a wide one) and the figures
        table (after them)."""
        plan = self.table_plan()
        live = [row for row in plan if row[0] in LIVE_ROWS or row[0] == "course_rate"]
        figures = [row for row in plan if row[0] not in LIVE_ROWS]
        self.live_rows = [name for name, _, _ in live if name in LIVE_ROWS]
        self.figure_rows = [name for name, _, kind in figures if kind != SECTION]
        self.tall_table = self.get_table(columns, live)
        self.wide_table = self.get_tally(columns, live)
        self.table = self.tall_table
        self.figure_plan = figures
        self.figure_table = self.get_table(columns, figures, self.layout.safe.width) if columns > 1 else None
        self.figure_pages = [self.figure_table] if self.figure_table is not None else []

    def page_figures(self, room: Box) -> list[FigureTable]:
        """The figures table cut at its headings into as few pages as fit ``room`` (one heading's
        rows stay together: a part taller than ``room`` is a page of its own)."""
        parts: list[list[tuple[str, str, str]]] = []
        for row in self.figure_plan:
            if row[2] == SECTION or not parts:
                parts.append([])
            parts[-1].append(row)
        assert self.figure_table is not None
        columns, line = len(self.figure_table.headers), self.figure_table.one_line
        pages: list[list[tuple[str, str, str]]] = []
        for part in parts:
            if pages and self.get_table(columns, pages[-1] + part, room.width, line).height <= room.height + 1e-6:
                pages[-1] += part
            else:
                pages.append(list(part))
        return [self.get_table(columns, page, room.width, line) for page in pages]

    def live_cell(self, name: str, index: int) -> Mobject:
        """Where the counter ``name`` of run ``index`` goes in the live table in use."""
        if self.table is self.wide_table:
            return self.table.cell(f"run{index}", self.live_rows.index(name))
        return self.table.cell(name, index)

    def live_heading(self, index: int) -> list[Mobject]:
        """What names run ``index`` in the live table: its column's header, or its row's label."""
        if self.table is self.wide_table:
            return [self.table.label(f"run{index}")]
        return [self.table.headers[index]]

    def live_labels(self) -> list[Mobject]:
        """The live table's words that do not belong to one run."""
        if self.table is self.wide_table:
            return [*self.table.headers, *(self.table.label(n) for n in self.table.names if not n.startswith("run"))]
        return [self.table.labels]

    def caption_keys(self) -> list[tuple[str, dict[str, Any]]]:
        """Every caption the scene shows, with its values (the band is as tall as the tallest)."""
        return [
            ("caption_plane", {"direction": self.direction_words()}),
            (self.story_key("caption_straight", signed=True), {
                "regime": self.regime_name(self.data.runs[0]), "x": self.symbol("input"),
                "direction": self.direction_words()}),
            (self.story_key("caption_drive"), {}),
            (self.told("caption_comparison", 1), {"regime": self.regime_name(self.data.runs[1])}),
            ("caption_fair", self.verdict_values()),
        ]

    def band_height(self, width: float) -> float:
        """Height of the tallest caption wrapped to ``width`` (the last one, over the figures,
        finds its own place when the figures take the plane's)."""
        keys = self.caption_keys()
        return max(
            self.wrapped_height(self.caption_words(key, **values), width, FONT_SMALL)
            for key, values in (keys[:-1] if len(keys) > 1 else keys)
        )

    def plane_unit(self, box: Box) -> float:
        """Units per weight of the largest plane that fits ``box``."""
        w1_min, w1_max, w2_min, w2_max = self.data.bounds
        return max(0.0, min(box.width / (w1_max - w1_min), box.height / (w2_max - w2_min)))

    def arrangements(self, body: Box) -> list[Arrangement]:
        """Ways to share ``body`` (the safe area under the title) out: a column beside the plane
        (captions over the tall live table, or captions over both in the title's place), the plane
        over a live table (tall or wide) with the captions under both, and that with the captions
        in the title's place."""
        safe, gap = self.layout.safe, PANEL_GAP
        ways = []
        table = self.tall_table
        widest = max(table.width, self.figure_table.width if self.figure_table is not None else 0.0)
        for column_width in dict.fromkeys((widest, table.width)):
            plane, column = body.columns([max(body.width - column_width - gap, 0.0), column_width], gap)
            band = self.band_height(column.width)
            captions = Box(column.left, column.right, column.top - band, column.top)
            tables = column.below(captions.bottom, CAPTION_GAP)
            if tables.height >= table.height and plane.width > 0:
                ways.append(Arrangement(plane, tables, captions, False, tables, table))
        band = self.band_height(safe.width)
        # The captions in the title's place over the whole width, the plane beside the column.
        stage = Box(safe.left, safe.right, safe.bottom, safe.top - band - CAPTION_GAP)
        for column_width in dict.fromkeys((widest, table.width)):
            plane, column = stage.columns([max(stage.width - column_width - gap, 0.0), column_width], gap)
            if column.height >= table.height and plane.width > 0:
                tables = Box(column.left, column.right, column.top - table.height, column.top)
                captions = Box(safe.left, safe.right, safe.top - band, safe.top)
                ways.append(Arrangement(plane, tables, captions, True, column, table))
        for table in (self.tall_table, self.wide_table):
            for replace in (False, True):
                top = safe.top - band - CAPTION_GAP if replace else body.top
                bottom = safe.bottom if replace else safe.bottom + band + CAPTION_GAP
                stage = Box(safe.left, safe.right, bottom, top)
                if stage.height - table.height - gap <= 0:
                    continue
                plane, tables = stage.rows([stage.height - table.height - gap, table.height], gap)
                captions = (Box(safe.left, safe.right, safe.top - band, safe.top) if replace
                            else Box(safe.left, safe.right, safe.bottom, safe.bottom + band))
                room = Box(tables.left, tables.right, bottom, tables.top)
                ways.append(Arrangement(plane, tables, captions, replace, room, table))
        return ways

    def choose(self, ways: list[Arrangement]) -> Arrangement:
        """A plane of at least :data:`PLANE_SHARE` of the short side first, then the title kept,
        then the figures table beside the plane (not in its place), then the largest plane."""

        def merit(way: Arrangement) -> tuple[bool, bool, bool, float]:
            size = self.plane_unit(way.plane) * self.bounds_height()
            figures = self.figure_table
            fits = figures is None or (figures.width <= way.figures.width + 1e-6
                                       and figures.height <= way.figures.height + 1e-6)
            large = size >= PLANE_SHARE * self.layout.short_side
            return (large, large and not way.replace_title, size, fits)

        return max(ways, key=merit)

    def layout_stage(self) -> None:
        """Title, captions, plane and tables placed from the frame (see :meth:`choose`); nothing
        is added yet."""
        self.title = self.get_title(self.story_key("title"))
        self.split_plan(self.table_columns)
        way = self.choose(self.arrangements(self.body(self.title)))
        self.caption_band, self.captions_replace_title, self.table = way.captions, way.replace_title, way.live
        self.caption_edge = LEFT if way.captions.width < self.layout.safe.width / 2 else ORIGIN
        self.place_plane(way.plane)
        self.arrangement = way
        self.table.move_to(way.table.center).align_to(way.table.top * UP, UP)
        self.place_figure_table(way.figures)

    def bounds_height(self) -> float:
        """Height of the plotted weights' range (``w2``)."""
        return self.data.bounds[3] - self.data.bounds[2]

    def place_plane(self, box: Box) -> None:
        """The plane and everything drawn on it (labels included) as large as ``box`` allows."""
        inner = box
        for _ in range(PLANE_FITS):
            unit = self.plane_unit(inner)
            self.view = self.view_of(unit, inner)
            self.plane = self.get_plane(unit * (self.view[3] - self.view[2]), inner.width)
            as_panel(self.plane, "weight plane")
            self.plane.move_to(inner.center)
            self.axes = self.plane.axes
            self.axis_labels = self.get_axis_labels(self.axes)
            self.markers = self.get_markers()
            drawn = VGroup(self.plane, self.axis_labels, self.markers)
            over = [box.left - drawn.get_left()[0], drawn.get_right()[0] - box.right,
                    box.bottom - drawn.get_bottom()[1], drawn.get_top()[1] - box.top]
            if max(over) <= 1e-6:
                break
            # Labels stick out of the box: shrink the plane's box by what sticks out, and again.
            inner = Box(inner.left + max(over[0], 0), inner.right - max(over[1], 0),
                        inner.bottom + max(over[2], 0), inner.top - max(over[3], 0))
        self.contour_lines = tuple(
            regime_contours(run, levels, self.view)
            for run, levels in zip(
                self.data.runs, (self.data.contour_levels, self.data.comparison_levels), strict=True
            )
        )
        self.contours = self.get_contours(self.contour_lines[0])
        self.straight = self.get_straight()

    def view_of(self, unit: float, box: Box) -> tuple[float, float, float, float]:
        """The weights a plane of ``unit`` shows in ``box``: the data's bounds, widened on each side
        (the same on both) along the axis where the box has room to spare, so the plane fills it."""
        w1_min, w1_max, w2_min, w2_max = self.data.bounds
        if unit <= 0:
            return self.data.bounds
        across = max(0.0, box.width / unit - (w1_max - w1_min)) / 2
        down = max(0.0, box.height / unit - (w2_max - w2_min)) / 2
        return (w1_min - across, w1_max + across, w2_min - down, w2_max + down)

    def place_figure_table(self, room: Box) -> None:
        """Where the figures go (:attr:`figures_mode`): under the live table with the last caption
        in the band (``beside``); else the plane steps aside and the table shares the stage with
        that caption (``together``) or, when both do not fit, the caption comes first alone and the
        table then shares the stage with its verdict (``apart``)."""
        table = self.figure_table
        self.fair_band = self.caption_band
        if table is None:
            return
        fair = self.wrapped_height(self.caption_words("caption_fair", **self.verdict_values()),
                                   self.caption_band.width, FONT_SMALL)
        if (table.width <= room.width + 1e-6 and table.height <= room.height + 1e-6
                and fair <= self.caption_band.height + 1e-6):
            self.figures_mode = "beside"
            table.move_to(room.center).align_to(room.top * UP, UP)
            return
        self.figures_replace_plane = True
        if self.captions_replace_title:  # the reasoning in the stage first, then the verdict in the band
            band = self.caption_band
            verdict = self.wrapped_height(self.verdict_values()["verdict"], band.width, FONT_SMALL)
            self.figure_stage = self.layout.safe.below(min(band.bottom, band.top - verdict), CAPTION_GAP)
            self.figures_mode = "apart"
            if table.height > self.figure_stage.height + 1e-6:  # the verdict leaves as the table comes
                self.figure_stage, self.figures_mode = self.layout.safe, "alone"
            if table.height > self.figure_stage.height + 1e-6:  # and the table shows a page at a time
                self.figure_pages = self.page_figures(self.figure_stage)
            for page in self.figure_pages:
                safe = self.layout.safe
                if page.width > safe.width or page.height > safe.height:  # words no shape holds: never off-frame
                    page.scale(min(safe.width / page.width, safe.height / page.height))
                page.move_to(self.figure_stage.center)
            return
        self.figure_stage = self.body(self.title)
        split = self.share_stage(table, "caption_fair", self.verdict_values())
        self.figures_mode = "together" if split is not None else "apart"
        if split is None:
            split = self.share_stage(table, None, {}) or (self.figure_stage, self.figure_stage)
        table_box, self.fair_band = split
        table.move_to(table_box.center)

    def share_stage(self, table: Mobject, key: str | None, values: dict[str, Any]) -> tuple[Box, Box] | None:
        """The figures stage cut between ``table`` and caption ``key`` (the verdict alone when
        ``None``): side by side or stacked, whichever leaves the caption more room; ``None`` when
        the caption fits neither way."""
        stage, gap = self.figure_stage, PANEL_GAP
        splits = []
        if stage.width - table.width - gap > 0:
            splits.append(stage.columns([table.width, stage.width - table.width - gap], gap))
        if stage.height - table.height - gap > 0:
            splits.append(stage.rows([table.height, stage.height - table.height - gap], gap))

        def spare(split: list[Box]) -> float:
            words = self.caption_words(key, **values) if key else self.verdict_values()["verdict"]
            lines = self.wrap(words, split[1].width, FONT_SMALL)
            widest = max(text_width(line, self.theme.font, self.layout.text_size(FONT_SMALL)) for line in lines)
            return min(split[1].height - self.wrapped_height(words, split[1].width, FONT_SMALL),
                       split[1].width - widest)

        fitting = [split for split in splits if spare(split) >= 0]
        if not fitting:
            return None
        table_box, caption_box = max(fitting, key=spare)
        return table_box, caption_box

    def make_drive(self, index: int, with_car: bool = True, ease: Callable[[float], float] = smooth) -> Drive:
        """A drive of run ``index`` with its path, car and live counters in the table."""
        numbers = {
            name: (self.get_counter(index), self.live_cell(name, index))
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

    PLANE_PARTS = ("plane", "axes", "axis_labels", "contours", "markers", "straight")

    def plane_parts(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.PLANE_PARTS}

    def enlarge_intro(self) -> None:
        """Before the first drive the live table under the plane is empty: the plane takes its room
        too (the same unit, more of the plane shown) and gives it back when the drive begins
        (:meth:`show_drive`). ``self.final`` keeps the parts of the plane in its place."""
        self.final: dict[str, Any] | None = None
        plane, table = self.arrangement.plane, self.arrangement.table
        if table.top > plane.bottom + 1e-6:  # the table is beside the plane, under the captions
            return
        final = self.plane_parts()
        self.place_plane(Box(min(plane.left, table.left), max(plane.right, table.right), table.bottom, plane.top))
        larger = self.plane_parts()
        self.place_plane(plane)  # the final plane is the one the drives (and comparison contours) use
        if larger["plane"].height < INTRO_GROWTH * final["plane"].height:
            return
        self.final = self.plane_parts()
        for name, part in larger.items():
            setattr(self, name, part)

    def restore_plane(self) -> None:
        """The larger plane of the first sections turns into the plane in its place."""
        if self.final is None:
            return
        shown = {id(m) for m in self.mobjects}
        pairs = [(self.axes, self.final["axes"]), (self.axis_labels, self.final["axis_labels"]),
                 (self.contours, self.final["contours"]), (self.markers, self.final["markers"]),
                 *zip(self.straight, self.final["straight"], strict=True)]
        self.play(*(ReplacementTransform(old, new) for old, new in pairs if id(old) in shown),
                  run_time=self.timing.move)
        for name, part in self.final.items():
            setattr(self, name, part)
        self.final = None

    def show_plane(self) -> None:
        self.layout_stage()
        self.enlarge_intro()
        self.play(Write(self.title), run_time=self.timing.write)
        self.play(
            Create(self.axes), FadeIn(self.axis_labels), Create(self.contours), run_time=self.timing.move
        )
        self.current_caption = self.caption("caption_plane", direction=self.direction_words())
        if self.captions_replace_title:
            self.wait(self.timing.pause)
            self.play(FadeOut(self.title), run_time=self.timing.fade)
        self.play(FadeIn(self.markers), Write(self.current_caption), run_time=self.timing.write)
        self.wait(self.timing.pause)

    def change_caption(self, key: str, band: Box | None = None, **values: Any) -> None:
        new = self.caption(key, band, **values)
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
        self.restore_plane()
        drive = self.make_drive(index)
        self.drives: list[Drive] = getattr(self, "drives", [])
        self.drives.append(drive)
        if index == 0:
            self.change_caption(self.story_key("caption_drive"))
            self.play(*(FadeIn(m) for m in [*self.live_heading(0), *self.live_labels()]), run_time=self.timing.fade)
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
            *(FadeIn(m) for m in self.live_heading(1)),
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
        pages = self.figure_pages
        assert pages
        texts_of = self.figure_texts()

        def values_of(page: FigureTable) -> VGroup:
            values = VGroup()
            for name in page.names:
                for column, words in enumerate(texts_of.get(name, ())):
                    values.add(self.figure_mobject(words, column).move_to(page.cell(name, column)))
            return values

        leaving = [*self.live_labels(), *self.live_heading(0), *self.live_heading(1),
                   *(number for drive in self.drives for number, _ in drive.numbers.values())]
        if self.figures_replace_plane:
            leaving += [self.axes, self.axis_labels, self.contours, self.markers, *self.straight,
                        *(drive.path for drive in self.drives), *(d.car for d in self.drives if d.car)]
        shown = {id(part) for top in self.mobjects for part in top.get_family()}
        self.play(*(FadeOut(m) for m in leaving if id(m) in shown), run_time=self.timing.fade)
        leaving_too: list[Mobject] = []
        if self.figures_mode in ("apart", "alone"):  # the reasoning alone first, then the table and the verdict
            alone = self.wrapped(self.words("caption_fair", **self.verdict_values()),
                                 self.figure_stage.width, font_size=FONT_SMALL).move_to(self.figure_stage.center)
            self.play(FadeOut(self.current_caption), FadeIn(alone), run_time=self.timing.fade)
            self.wait(self.timing.read)
            self.current_caption = alone
            verdict = self.wrapped(self.verdict_values()["verdict"], self.fair_band.width, font_size=FONT_SMALL)
            verdict.move_to(self.fair_band.center)
            if self.fair_band is self.caption_band:  # at the band's top, as every caption
                verdict.align_to(self.fair_band.top * UP, UP)
            self.play(FadeOut(alone), run_time=self.timing.fade)
            self.play(FadeIn(verdict), run_time=self.timing.fade)
            self.current_caption = verdict
            if self.figures_mode == "alone":  # the table needs the whole frame: the verdict has been read
                self.wait(self.timing.read)
                leaving_too = [verdict]
        else:
            self.change_caption("caption_fair", self.fair_band, **self.verdict_values())
        for number, page in enumerate(pages):
            if number:  # the page before has been read
                self.wait(self.timing.read)
                leaving_too = [pages[number - 1].headers, pages[number - 1].labels, self.figures]
            self.figures = values_of(page)
            self.play(*(FadeOut(m) for m in leaving_too), FadeIn(page.headers), FadeIn(page.labels),
                      FadeIn(self.figures), run_time=self.timing.write)
            as_panel(VGroup(page, self.figures), "figures table")


# ---------------------------------------------------------------------------- the GIF cut


class ParallelParkingCut(ParallelParking):
    """A ~10 s loop for answers: the car parks along the sigmoid path, then the plane resets.

    The first and the last frame are the same picture: plane, contours, the crossed-out straight
    way, start, optimum, the car at the start and the counters at 0.
    """

    path_stroke = PATH_STROKE * 2.2
    contour_stroke = CONTOUR_STROKE * 3.0
    car_length = CAR_LENGTH * 1.35
    table_columns = 1
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

    def caption_keys(self) -> list[tuple[str, dict[str, Any]]]:
        return [(self.story_key("caption_cut"), {})]

    def get_title(self, key: str = "title", **values: Any) -> VGroup:
        """The cut's own title (the regime and its rule), smaller than a lecture title."""
        regime = self.regime_name(self.data.runs[0])
        words = self.words(self.told("title_cut"), regime=capitalised(regime))
        title = self.wrapped(words, self.layout.safe.width, font_size=FONT_BODY)
        return title.move_to(self.layout.safe.center).align_to(self.layout.safe.top * UP, UP)

    def layout_stage(self) -> None:
        super().layout_stage()
        self.current_caption = self.caption(self.story_key("caption_cut"))

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
            *([] if self.captions_replace_title else [self.title]),
            self.current_caption,
            *self.live_heading(0),
            *self.live_labels(),
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
