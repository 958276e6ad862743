"""``activations``: sigmoid, ReLU and tanh with their output ranges; two never go below zero."""

from __future__ import annotations

import math

import numpy as np
from manim import (
    DOWN,
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
from scenes.style import BUFF, FONT_LABEL, FONT_SMALL, MATH_SMALL, PATH_STROKE, SHADE_OPACITY
from zz_math.activations import OutputRange, activate
from zz_math.scene_data.activations import ActivationsData

__all__ = ["Activations"]

PANEL_WIDTH = 3.7
PANEL_HEIGHT = 2.9
Y_VIEW = (-1.5, 2.5)


class Activations(ZigzagScene):
    """Three activations side by side, their output ranges shaded and the toy's share below 0."""

    data: ActivationsData

    def construct(self) -> None:
        self.section()
        title = self.get_title()
        self.play(Write(title), run_time=self.timing.write)
        self.panels = self.get_panels().next_to(title, DOWN, buff=2 * BUFF)
        self.show_panels()
        self.show_conclusion()
        self.wait(self.timing.read)

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

    def get_panel(self, index: int) -> VGroup:
        """Axes, curve, shaded range and labels of one activation."""
        name = self.data.names[index]
        output = self.data.ranges[index]
        limit = self.data.z_limit
        axes = Axes(
            x_range=[-limit, limit, limit / 2],
            y_range=[Y_VIEW[0], Y_VIEW[1], 1],
            x_length=PANEL_WIDTH,
            y_length=PANEL_HEIGHT,
            tips=False,
            axis_config={"color": self.theme.muted, "include_ticks": False},
        )
        samples = np.linspace(-limit, limit, 401)
        inside = samples[(activate(name, samples) >= Y_VIEW[0]) & (activate(name, samples) <= Y_VIEW[1])]
        curve = axes.plot(
            lambda z: float(activate(name, np.array([z]))[0]),
            x_range=[float(inside.min()), float(inside.max())],
            color=self.theme.accent if output.never_negative else self.theme.secondary,
            stroke_width=PATH_STROKE,
        )
        low = max(output.lower, Y_VIEW[0])
        high = min(output.upper, Y_VIEW[1])
        corner_low = axes.c2p(-limit, low)
        corner_high = axes.c2p(limit, high)
        band = Rectangle(
            width=corner_high[0] - corner_low[0],
            height=corner_high[1] - corner_low[1],
            stroke_width=0,
            fill_color=self.theme.accent if output.never_negative else self.theme.secondary,
            fill_opacity=SHADE_OPACITY,
        ).move_to((corner_low + corner_high) / 2)
        name_label = self.prose(f"name_{name}", font_size=FONT_SMALL)
        name_label.next_to(axes, UP, buff=BUFF)
        range_label = self.formula(self.range_tex(output), font_size=MATH_SMALL)
        range_label.next_to(axes, DOWN, buff=BUFF)
        share = self.prose(
            "below_zero",
            font_size=FONT_LABEL,
            share=self.percent(self.data.negative_share[index]),
        ).next_to(range_label, DOWN, buff=BUFF)
        return VGroup(axes, band, curve, name_label, range_label, share)

    def get_panels(self) -> VGroup:
        """All panels in a row."""
        panels = VGroup(*(self.get_panel(i) for i in range(len(self.data.names))))
        panels.arrange(RIGHT, buff=2 * BUFF)
        self.fit_width(panels)
        return panels

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
        never = [n for n, r in zip(self.data.names, self.data.ranges, strict=True) if r.never_negative]
        names = " & ".join(self.words(f"name_{n}") for n in never)
        conclusion = self.prose("conclusion", names=names, font_size=FONT_SMALL, color=self.theme.accent)
        conclusion.next_to(self.panels, DOWN, buff=2 * BUFF)
        self.fit_width(conclusion)
        self.play(Write(conclusion), run_time=self.timing.write)
        self.conclusion = conclusion
        self.section("conclusion")
        self.wait(self.timing.read)
