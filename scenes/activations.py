"""``activations``: sigmoid, ReLU and tanh with their output ranges; two never go below zero."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Create,
    FadeIn,
    Rectangle,
    VGroup,
    Write,
)

from scenes.base import ZigzagScene
from scenes.layout import Box, as_panel
from scenes.style import BUFF, FONT_LABEL, FONT_SMALL, MATH_SMALL, PATH_STROKE, SHADE_OPACITY
from zz_math.activations import OutputRange, activate
from zz_math.claims import needed_decimals
from zz_math.scene_data.activations import ActivationsData

__all__ = ["Activations"]

Y_VIEW = (-1.5, 2.5)
# Plots may be this much wider than tall, at most and at least (the curves read at either).
PLOT_ASPECT_MAX = 1.8
PLOT_ASPECT_MIN = 0.6
# Gap between panels, and between a plot and its labels.
PANEL_GAP = 1.5 * BUFF
LABEL_GAP = BUFF
# Gap between a plot's name and its range when they share a row over it.
HEADER_GAP = BUFF / 2
# Where a plot's labels go: its name over it and the rest under it ("over"), name and range in
# one row over it ("header"), or all in a column beside it ("beside").
MODES = ("over", "header", "beside")
# Shares of a cell's width the labels beside a plot may wrap to (the one giving the largest plot wins).
BESIDE_SHARES = (0.25, 0.35, 0.5)
# Tries at wrapping words narrower until every line fits.
WRAP_TRIES = 4
# Gap between the panels and the conclusion under them.
CONCLUSION_GAP = 2 * BUFF
# Most decimals the notes give the curves' drawn range of z.
LIMIT_DIGITS = 3


@dataclass(frozen=True, slots=True)
class Arrangement:
    """Where the panels go: ``columns`` per row, the labels' ``mode`` (see :data:`MODES`), the
    plot's size, the widest label column and the width labels wrap to (units), and whether the
    conclusion takes the free cell of the last row (``in_cell``) or goes under the panels."""

    columns: int
    mode: str
    plot_width: float
    plot_height: float
    label_width: float
    wrap_width: float
    in_cell: bool


class Activations(ZigzagScene):
    """Three activations side by side, their output ranges shaded and the toy's share below 0."""

    data: ActivationsData

    def construct(self) -> None:
        self.section()
        title = self.get_title()
        self.play(Write(title), run_time=self.timing.write)
        self.lay_out(self.body(title))
        self.show_panels()
        self.show_conclusion()
        self.wait(self.timing.read)

    # ------------------------------------------------------------------ speaker notes

    def note_values(self, part: str) -> dict[str, Any]:
        """The panels' ranges and shares below zero, and which activations never go below zero
        (the conclusion's own choice), with this course's activation among them or not."""
        data = self.data
        if part == "conclusion":
            never = [n for n, r in zip(data.names, data.ranges, strict=True) if r.never_negative]
            signed = [
                self.words("note_signed_item", name=self.words(f"name_{n}"), share=self.percent(s))
                for n, r, s in zip(data.names, data.ranges, data.negative_share, strict=True)
                if not r.never_negative
            ]
            own = self.problem.activation
            own_never = data.ranges[data.names.index(own)].never_negative
            return {
                "names": self.listed([self.words(f"name_{n}") for n in never]),
                "x": self.symbol("input"),
                "signed": self.words("note_signed", items="; ".join(signed)) if signed else "",
                "course": self.words(
                    "note_course_never" if own_never else "note_course_signed",
                    regime=self.words(f"regime_{own}"),
                ),
            }
        panels = [
            self.words(
                "note_panel",
                name=self.words(f"name_{n}"),
                range=self.range_words(r),
                share=self.percent(s),
            )
            for n, r, s in zip(data.names, data.ranges, data.negative_share, strict=True)
        ]
        limit = float(data.z_limit)
        # The fewest decimals that show the drawn range exactly (4.5, not 4.50), else three figures.
        exact = (d for d in range(LIMIT_DIGITS) if abs(round(limit, d) - limit) <= 1e-9 * max(1.0, limit))
        # The captions' short lists: each activation with its range, and with its share below 0.
        names = [self.words(f"name_{n}") for n in data.names]
        return {
            "panels": "; ".join(panels),
            "limit": self.number(limit, next(exact, needed_decimals(limit, LIMIT_DIGITS))),
            "ranges": ", ".join(f"{n} {self.range_words(r)}" for n, r in zip(names, data.ranges, strict=True)),
            "shares": ", ".join(f"{n} {self.percent(s)}" for n, s in zip(names, data.negative_share, strict=True)),
        }

    def range_words(self, output: OutputRange) -> str:
        """Interval notation of an output range as plain text (as :meth:`range_tex` writes it)."""
        left = "[" if output.lower_closed else "("
        right = "]" if output.upper_closed else ")"

        def bound(value: float) -> str:
            return self.number(int(value) if value.is_integer() else value, 0)

        separator = self.tex_separator().replace("\\ ", " ")
        return f"{left}{bound(output.lower)}{separator}{bound(output.upper)}{right}"

    # ------------------------------------------------------------------ builders

    def range_tex(self, output: OutputRange) -> str:
        """Interval notation of an output range, numbers formatted from data."""
        left = "[" if output.lower_closed else "("
        right = "]" if output.upper_closed else ")"

        def bound(value: float) -> str:
            if math.isinf(value):
                return r"\infty" if value > 0 else r"-\infty"
            return self.tex_number(int(value) if value.is_integer() else value, 0)

        return rf"{left}{bound(output.lower)},\ {bound(output.upper)}{right}"

    def get_labels(self, index: int, width: float) -> VGroup:
        """Name, output range and the toy's share below 0 of one activation, each line within ``width``."""
        name = self.data.names[index]
        name_label = self.fitted(self.words(f"name_{name}"), width, FONT_SMALL)
        range_label = self.formula(self.range_tex(self.data.ranges[index]), font_size=MATH_SMALL)
        share = self.fitted(
            self.words("below_zero", share=self.percent(self.data.negative_share[index])), width, FONT_LABEL
        )
        return VGroup(name_label, range_label, share)

    def get_plot(self, index: int, width: float, height: float) -> VGroup:
        """Axes (the panel), shaded output range and curve of one activation, ``width`` × ``height``."""
        name = self.data.names[index]
        output = self.data.ranges[index]
        limit = self.data.z_limit
        axes = Axes(
            x_range=[-limit, limit, limit / 2],
            y_range=[Y_VIEW[0], Y_VIEW[1], 1],
            x_length=width,
            y_length=height,
            tips=False,
            axis_config={"color": self.theme.muted, "include_ticks": False},
        )
        as_panel(axes, f"plot {name}")
        samples = np.linspace(-limit, limit, 401)
        values = activate(name, samples)
        inside = samples[(values >= Y_VIEW[0]) & (values <= Y_VIEW[1])]
        colour = self.theme.accent if output.never_negative else self.theme.secondary
        curve = axes.plot(
            lambda z: float(activate(name, np.array([z]))[0]),
            x_range=[float(inside.min()), float(inside.max())],
            color=colour,
            stroke_width=PATH_STROKE,
        )
        corner_low = axes.c2p(-limit, max(output.lower, Y_VIEW[0]))
        corner_high = axes.c2p(limit, min(output.upper, Y_VIEW[1]))
        band = Rectangle(
            width=corner_high[0] - corner_low[0],
            height=corner_high[1] - corner_low[1],
            stroke_width=0,
            fill_color=colour,
            fill_opacity=SHADE_OPACITY,
        ).move_to((corner_low + corner_high) / 2)
        return VGroup(axes, band, curve)

    def label_room(self, labels: VGroup, mode: str) -> tuple[float, float] | None:
        """Width and height ``labels`` take from a cell in ``mode`` (``None``: they cannot go so)."""
        name_label, range_label, share = labels
        if mode == "beside":
            column = labels.copy().arrange(DOWN, buff=LABEL_GAP)
            return column.width + LABEL_GAP, column.height
        if mode == "header":
            if len(name_label) > 1:
                return None
            header = max(name_label.height, range_label.height)
            return name_label.width + HEADER_GAP + range_label.width, header + share.height + 2 * LABEL_GAP
        height = name_label.height + range_label.height + share.height + 3 * LABEL_GAP
        return max(name_label.width, range_label.width, share.width), height

    def plot_size(self, cell: Box, labels: list[VGroup], mode: str) -> tuple[float, float]:
        """Largest plot (width, height) that fits ``cell`` with its labels placed in ``mode``."""
        rooms = [self.label_room(label, mode) for label in labels]
        if any(room is None for room in rooms):
            return 0.0, 0.0
        widths, heights = zip(*(room for room in rooms if room is not None), strict=True)
        if mode == "beside":
            if max(heights) > cell.height:
                return 0.0, 0.0
            width, height = cell.width - max(widths), cell.height
        else:
            if max(widths) > cell.width:
                return 0.0, 0.0
            width, height = cell.width, cell.height - max(heights)
        width = min(width, height * PLOT_ASPECT_MAX)
        height = min(height, width / PLOT_ASPECT_MIN)
        return max(width, 0.0), max(height, 0.0)

    def cells(self, room: Box, columns: int, count: int) -> list[Box]:
        """``count`` cells, ``columns`` to a row, the last row centred."""
        rows = math.ceil(count / columns)
        width = (room.width - PANEL_GAP * (columns - 1)) / columns
        boxes = []
        for row_box, row in zip(room.rows([1] * rows, PANEL_GAP), range(rows), strict=True):
            in_row = min(columns, count - row * columns)
            left = room.center[0] - (in_row * width + (in_row - 1) * PANEL_GAP) / 2
            for column in range(in_row):
                x = left + column * (width + PANEL_GAP)
                boxes.append(Box(x, x + width, row_box.bottom, row_box.top))
        return boxes

    def room(self, body: Box, in_cell: bool) -> Box:
        """Where the panels go: all of ``body``, or what the conclusion under them leaves."""
        if in_cell:
            return body
        return body.above(body.bottom + self.get_conclusion(body.width).height, CONCLUSION_GAP)

    def arrangement(self, body: Box) -> Arrangement:
        """The columns, label places and conclusion place that give the largest plots in ``body``."""
        count = len(self.data.names)
        best: Arrangement | None = None
        for in_cell in (False, True):
            room = self.room(body, in_cell)
            for columns in range(1, count + 1):
                if in_cell and math.ceil((count + 1) / columns) != math.ceil(count / columns):
                    continue  # no free cell for the conclusion
                cells = self.cells(room, columns, count + in_cell)
                if in_cell and self.get_conclusion(cells[-1].width).height > cells[-1].height:
                    continue
                cell = cells[0]
                options = [("over", cell.width), ("header", cell.width)]
                options += [("beside", share * cell.width) for share in BESIDE_SHARES]
                for mode, wrap in options:
                    labels = [self.get_labels(i, wrap) for i in range(count)]
                    plot_w, plot_h = self.plot_size(cell, labels, mode)
                    if best is None or plot_w * plot_h > best.plot_width * best.plot_height:
                        widest = max(label.width for label in labels)
                        best = Arrangement(columns, mode, plot_w, plot_h, widest, wrap, in_cell)
        assert best is not None
        return best

    def get_panel(self, index: int, cell: Box, arrangement: Arrangement) -> VGroup:
        """Plot and labels of one activation, laid out in ``cell``."""
        axes, band, curve = self.get_plot(index, arrangement.plot_width, arrangement.plot_height)
        name_label, range_label, share = self.get_labels(index, arrangement.wrap_width)
        if arrangement.mode == "beside":
            # Plots line up from panel to panel: the label column is as wide as the widest one.
            column = VGroup(name_label, range_label, share).arrange(DOWN, buff=LABEL_GAP)
            left = cell.center[0] - (axes.width + LABEL_GAP + arrangement.label_width) / 2
            VGroup(axes, band, curve).move_to(cell.center).align_to(left * RIGHT, LEFT)
            column.move_to(cell.center).set_x(axes.get_right()[0] + LABEL_GAP + arrangement.label_width / 2)
        elif arrangement.mode == "header":
            VGroup(name_label, range_label).arrange(RIGHT, buff=HEADER_GAP).next_to(axes, UP, buff=LABEL_GAP)
            share.next_to(axes, DOWN, buff=LABEL_GAP)
        else:
            name_label.next_to(axes, UP, buff=LABEL_GAP)
            range_label.next_to(axes, DOWN, buff=LABEL_GAP)
            share.next_to(range_label, DOWN, buff=LABEL_GAP)
        panel = VGroup(axes, band, curve, name_label, range_label, share)
        return panel.move_to(cell.center)

    def lay_out(self, body: Box) -> None:
        """The panels (:attr:`panels`) in the rows × columns that make the plots largest in ``body``,
        and the conclusion (:attr:`conclusion`) under them or in the last row's free cell."""
        arrangement = self.arrangement(body)
        count = len(self.data.names)
        room = self.room(body, arrangement.in_cell)
        cells = self.cells(room, arrangement.columns, count + arrangement.in_cell)
        self.panels = VGroup(*(self.get_panel(i, cell, arrangement) for i, cell in enumerate(cells[:count])))
        if arrangement.in_cell:
            self.conclusion = self.get_conclusion(cells[-1].width).move_to(cells[-1].center)
        else:
            self.panels.move_to(room.center)
            self.conclusion = self.get_conclusion(body.width).next_to(self.panels, DOWN, buff=CONCLUSION_GAP)

    def get_conclusion(self, width: float) -> VGroup:
        """Which activations never go below 0, and what the next layer sees: wrapped to ``width``."""
        never = [n for n, r in zip(self.data.names, self.data.ranges, strict=True) if r.never_negative]
        names = " & ".join(self.words(f"name_{n}") for n in never)
        return self.fitted(self.words("conclusion", names=names), width, FONT_SMALL, self.theme.accent)

    def fitted(self, words: str, width: float, font_size: float, colour: Any = None) -> VGroup:
        """:meth:`wrapped` words whose every line is within ``width`` (wrapped narrower while a
        line's measured width comes out wider)."""
        target = width
        for _ in range(WRAP_TRIES):
            lines = self.wrapped(words, target, font_size=font_size, color=colour)
            widest = max(line.width for line in lines)
            if widest <= width:
                break
            target *= width / widest
        return lines

    # ------------------------------------------------------------------ parts

    def show_panels(self) -> None:
        for panel in self.panels:
            axes, band, curve, name_label, range_label, share = panel
            self.play(FadeIn(axes), FadeIn(name_label), run_time=self.timing.fade)
            self.play(Create(curve), run_time=self.timing.move)
            self.play(FadeIn(band), Write(range_label), run_time=self.timing.fade)
            self.play(FadeIn(share), run_time=self.timing.fade)
            self.wait(self.timing.pause)

    def show_conclusion(self) -> None:
        self.play(Write(self.conclusion), run_time=self.timing.write)
        self.section("conclusion")
        self.wait(self.timing.read)
