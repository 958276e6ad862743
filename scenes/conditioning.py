"""``conditioning``: a non-zero input mean stretches the loss valley, and full-batch descent zig-zags.

The curvature of the squared-error loss is ``E[x xᵀ] = Σ + μ μᵀ``. Sigmoid inputs have ``μ ≠ 0``, so
``μ μᵀ`` makes one direction much steeper (a large condition number); centred inputs give a round
valley. Full-batch gradient descent, each at its own best learning rate, crosses the thin valley
back and forth but goes almost straight in the round one (LeCun et al., "Efficient BackProp", 1998).
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    FadeIn,
    FadeOut,
    ManimColor,
    VGroup,
    Write,
)

from scenes.base import ZigzagScene
from scenes.parts import Parts, WeightPlane
from scenes.style import (
    BUFF,
    CONTOUR_STROKE,
    DOT_RADIUS,
    FONT_LABEL,
    FONT_SMALL,
    MATH_SMALL,
    PATH_STROKE,
)
from zz_math._types import FloatArray
from zz_math.ellipses import clip_to_box, ellipse_levels, level_ellipse, mean_outer_product
from zz_math.runs import RegimeRun
from zz_math.scene_data.conditioning import ConditioningData

__all__ = ["Conditioning"]

PLANE_HEIGHT = 4.4
PANEL_GAP = 0.6
ELLIPSE_COUNT = 7
ELLIPSE_INNER_SHARE = 0.004
OPTIMUM_RING = 1.6
LINE_GAP = 0.15
SOURCE_SIZE = 18
MATRIX_SIZE = 30
PATH_RUN_TIME = 3.0


class Conditioning(ZigzagScene):
    """Curvature ellipses of raw against centred inputs, and full-batch descent across them."""

    data: ConditioningData

    def construct(self) -> None:
        self.section("curvature")
        self.show_curvature()
        self.section("ellipses")
        self.show_ellipses()
        self.section("descent")
        self.show_descent()

    # ------------------------------------------------------------------ builders

    def matrix_tex(self, matrix: FloatArray) -> str:
        """A 2×2 matrix as a TeX ``pmatrix``, entries formatted from data."""
        digits = self.data.matrix_digits
        rows = [" & ".join(self.tex_number(float(v), digits) for v in row) for row in matrix]
        return r"\begin{pmatrix}" + r" \\ ".join(rows) + r"\end{pmatrix}"

    def get_decomposition(self, run_: RegimeRun) -> VGroup:
        """``regime:  E[x xᵀ] = (…) = (…) + (…)`` with the regime's numbers."""
        c = run_.curvature
        label = self.prose(f"regime_{run_.regime}", font_size=FONT_SMALL, color=self.regime_colour(run_))
        tex = self.formula(
            r"\mathbb{E}[@x @x^\top] =",
            self.matrix_tex(c.matrix),
            "=",
            self.matrix_tex(c.covariance),
            "+",
            self.matrix_tex(mean_outer_product(c.mean)),
            font_size=MATRIX_SIZE,
        )
        return VGroup(label, tex).arrange(RIGHT, buff=2 * BUFF)

    def regime_colour(self, run_: RegimeRun) -> ManimColor:
        """Accent for the problem's regime, secondary for the centred comparison."""
        return self.theme.accent if run_ is self.data.runs[0] else self.theme.secondary

    def get_plane(self) -> WeightPlane:
        """The weight plane over the shared bounds."""
        return WeightPlane(self.data.bounds, height=PLANE_HEIGHT, colour=self.theme.muted)

    def ellipse_pieces(self, run_: RegimeRun) -> list[FloatArray]:
        """Level sets of the loss, nested around the optimum, clipped to the plane's bounds."""
        c = run_.curvature
        optimum = run_.best_trajectory.optimum
        levels = ellipse_levels(
            c.matrix, optimum, self.data.start, ELLIPSE_COUNT, ELLIPSE_INNER_SHARE
        )
        pieces: list[FloatArray] = []
        for excess in levels:
            ring = level_ellipse(optimum, c.eigenvalues, c.eigenvectors, float(excess))
            pieces.extend(clip_to_box(ring, self.data.bounds))
        return pieces

    def get_figures(self, run_: RegimeRun) -> Parts:
        """Condition number, then steps and rate of the descent."""
        steps = run_.best_trajectory.steps_to_tolerance
        descent = VGroup(
            self.prose("steps", font_size=FONT_LABEL, steps=steps)
            if steps is not None
            else self.prose("never_reached", font_size=FONT_LABEL),
            self.prose("rate", font_size=FONT_LABEL, rate=self.number(run_.best.learning_rate)),
        ).arrange(DOWN, aligned_edge=LEFT, buff=LINE_GAP)
        condition = self.prose(
            "condition", font_size=FONT_LABEL, value=self.number(run_.curvature.condition_number)
        )
        figures = Parts(condition=condition, descent=descent)
        return figures.arrange(DOWN, aligned_edge=LEFT, buff=2 * LINE_GAP)

    def get_panel(self, run_: RegimeRun) -> Parts:
        """Name, plane, ellipses, path, start, optimum and figures of one regime."""
        colour = self.regime_colour(run_)
        plane = self.get_plane()
        trajectory = run_.best_trajectory
        figures = self.get_figures(run_).next_to(plane, RIGHT, buff=BUFF)
        name = self.prose(f"regime_{run_.regime}", font_size=FONT_SMALL, color=colour)
        name.next_to(plane, UP, buff=BUFF / 2).align_to(plane, LEFT)
        return Parts(
            name=name,
            plane=plane,
            ellipses=plane.polylines(self.ellipse_pieces(run_), self.theme.muted, CONTOUR_STROKE),
            path=plane.polyline(trajectory.weights, colour, PATH_STROKE),
            start=plane.dot(trajectory.weights[0], DOT_RADIUS, self.theme.foreground),
            optimum=plane.ring(
                trajectory.optimum, OPTIMUM_RING * DOT_RADIUS, self.theme.foreground, PATH_STROKE
            ),
            figures=figures,
        )

    def get_panels(self) -> VGroup:
        """Both panels side by side under the formula, scaled to the room above the captions."""
        panels = VGroup(*(self.get_panel(r) for r in self.data.runs)).arrange(
            RIGHT, buff=PANEL_GAP, aligned_edge=UP
        )
        top = self.formula_line.get_bottom()[1] - BUFF
        bottom = self.source.get_top()[1] + self.caption_height + 2 * BUFF
        if panels.height > top - bottom:
            panels.scale_to_fit_height(top - bottom)
        self.fit_width(panels)
        return panels.move_to(np.array([0.0, (top + bottom) / 2, 0.0]))

    # ------------------------------------------------------------------ parts

    def show_curvature(self) -> None:
        self.title = self.get_title("title" if self.data.thin_zigzags else "title_straight")
        self.fit_width(self.title)
        self.source = self.prose("source", font_size=SOURCE_SIZE, color=self.theme.muted)
        self.source.to_edge(DOWN, buff=BUFF)
        self.note = self.prose("curvature_note", font_size=FONT_SMALL)
        self.fit_width(self.note)
        self.note.next_to(self.title, DOWN, buff=BUFF)
        self.formula_line = self.formula(
            r"\mathbb{E}[@x @x^\top]", "=", r"\Sigma", "+", r"\mu\mu^\top", font_size=MATH_SMALL
        ).next_to(self.note, DOWN, buff=BUFF)
        self.decompositions = VGroup(*(self.get_decomposition(r) for r in self.data.runs))
        self.decompositions.arrange(DOWN, buff=2 * BUFF, aligned_edge=LEFT)
        self.fit_width(self.decompositions)
        self.decompositions.next_to(self.formula_line, DOWN, buff=2 * BUFF)
        self.mean_note = self.prose("mean_note", font_size=FONT_SMALL, color=self.theme.accent)
        self.fit_width(self.mean_note)
        self.mean_note.next_to(self.decompositions, DOWN, buff=2 * BUFF)
        self.play(Write(self.title), FadeIn(self.source), run_time=self.timing.write)
        self.play(FadeIn(self.note), Write(self.formula_line), run_time=self.timing.write)
        for row in self.decompositions:
            self.play(FadeIn(row), run_time=self.timing.move)
        self.play(FadeIn(self.mean_note), run_time=self.timing.fade)
        self.wait(self.timing.read)

    def show_ellipses(self) -> None:
        self.play(
            FadeOut(self.note),
            FadeOut(self.decompositions),
            FadeOut(self.mean_note),
            self.formula_line.animate.next_to(self.title, DOWN, buff=BUFF),
            run_time=self.timing.fade,
        )
        self.caption = self.prose("descent_note", font_size=FONT_SMALL, color=self.theme.accent)
        self.fit_width(self.caption)
        self.caption_height = self.caption.height
        self.panels = self.get_panels()
        self.caption.next_to(self.source, UP, buff=BUFF)
        for panel in self.panels:
            self.play(
                *(FadeIn(panel.part(name)) for name in ("name", "plane", "optimum")),
                run_time=self.timing.fade,
            )
            self.play(Create(panel.part("ellipses"), lag_ratio=0.1), run_time=self.timing.move)
            self.play(FadeIn(panel.part("figures").part("condition")), run_time=self.timing.fade)
        self.wait(self.timing.pause)

    def show_descent(self) -> None:
        self.play(FadeIn(self.caption), run_time=self.timing.fade)
        self.play(*(FadeIn(panel.part("start")) for panel in self.panels), run_time=self.timing.fade)
        self.play(*(Create(panel.part("path")) for panel in self.panels), run_time=PATH_RUN_TIME)
        self.play(
            *(FadeIn(panel.part("figures").part("descent")) for panel in self.panels),
            run_time=self.timing.fade,
        )
        self.wait(self.timing.read)

    # ------------------------------------------------------------------ for tests

    def path_in_weights(self, index: int) -> np.ndarray:
        """The drawn path of a panel mapped back through its axes: one row per corner."""
        plane, path = self.panels[index].part("plane"), self.panels[index].part("path")
        corners = np.vstack([path.get_start_anchors(), path.get_end_anchors()[-1:]])
        return np.array([plane.weights_of(p) for p in corners])
