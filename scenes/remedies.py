"""``remedies``: five small weight planes side by side, one per remedy, each with its measured path.

Every panel runs at its own best learning rate (found by search in ``zz_math``), so the figures
compare the remedies fairly: steps to tolerance, tortuosity and the share of NE/SW updates.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Circle,
    Create,
    Dot,
    FadeIn,
    VGroup,
    Write,
)

from scenes.base import ZigzagScene
from scenes.parts import Parts, WeightPlane
from scenes.style import BUFF, DOT_RADIUS, FONT_LABEL, FONT_SMALL, PATH_STROKE
from zz_math.runs import RegimeRun
from zz_math.scene_data.remedies import RemediesData

__all__ = ["Remedies"]

PLANE_HEIGHT = 2.5
PANELS_PER_ROW = 3
PANEL_GAP = 0.5
ROW_GAP = 0.35
PANEL_PATH_STROKE = 0.8 * PATH_STROKE
OPTIMUM_RING = 1.6
FIGURE_LINE_GAP = 0.12
PATH_RUN_TIME = 2.0


class Remedies(ZigzagScene):
    """The problem and four remedies on the same toy, each at its own best learning rate."""

    data: RemediesData

    def construct(self) -> None:
        self.section("fair")
        self.title = self.get_title()
        self.fair = self.prose(
            "fair",
            font_size=FONT_SMALL,
            color=self.theme.accent,
            orders=self.data.runs[0].best.stats.orders,
        )
        self.fit_width(self.fair)
        self.fair.next_to(self.title, DOWN, buff=BUFF)
        self.panels = self.get_panels()
        self.show_fair_comparison()
        self.section("problem")
        self.show_panel(0)
        self.section("panels")
        for index in range(1, len(self.panels)):
            self.show_panel(index)
        self.section("legend")
        self.show_legend()

    # ------------------------------------------------------------------ builders

    def panel_name(self, index: int) -> str:
        """Name of a panel, the problem's panel marked as such."""
        name = self.data.panels[index]
        run_ = self.data.runs[index]
        words = self.words(f"panel_{name}", batch=run_.best_trajectory.sample_indices.shape[1])
        return self.words("problem", name=words) if index == 0 else words

    def get_plane(self) -> WeightPlane:
        """The weight plane over the shared bounds."""
        return WeightPlane(self.data.bounds, height=PLANE_HEIGHT, colour=self.theme.muted)

    def figure_lines(self, run_: RegimeRun) -> list[str]:
        """The figures of a run, formatted for the screen."""
        figures = run_.best_figures
        stats = run_.best.stats
        median = stats.median
        steps = self.number(int(median) if median is not None and median.is_integer() else median, 1)
        return [
            self.words("fig_steps", steps=steps, low=stats.low, high=stats.high)
            if median is not None
            else self.words("never"),
            self.words("fig_tortuosity", value=self.number(figures.tortuosity)),
            self.words("fig_quadrant", share=self.percent(figures.quadrant_share)),
            self.words("fig_rate", rate=self.number(run_.best.learning_rate)),
        ]

    def get_panel(self, index: int) -> Parts:
        """Name, plane, path, start, optimum and figures of one panel."""
        run_ = self.data.runs[index]
        colour = self.theme.accent if index == 0 else self.theme.secondary
        plane = self.get_plane()
        trajectory = run_.best_trajectory
        figures = VGroup(
            *(self.plain(line, font_size=FONT_LABEL) for line in self.figure_lines(run_))
        ).arrange(DOWN, aligned_edge=LEFT, buff=FIGURE_LINE_GAP)
        figures.next_to(plane, RIGHT, buff=BUFF)
        name = self.plain(self.panel_name(index), font_size=FONT_SMALL, color=colour)
        name.next_to(VGroup(plane, figures), UP, buff=BUFF / 2).align_to(plane, LEFT)
        return Parts(
            name=name,
            plane=plane,
            path=plane.polyline(trajectory.weights, colour, PANEL_PATH_STROKE),
            start=plane.dot(trajectory.weights[0], DOT_RADIUS, self.theme.foreground),
            optimum=plane.ring(
                trajectory.optimum, OPTIMUM_RING * DOT_RADIUS, self.theme.foreground, PATH_STROKE
            ),
            figures=figures,
        )

    def get_legend(self) -> VGroup:
        """What the figures mean; it fills the slot after the last panel."""
        tolerance = self.quantity(self.data.runs[0].best_trajectory.tolerance)
        markers = VGroup(
            VGroup(
                Dot(radius=DOT_RADIUS, color=self.theme.foreground),
                self.prose("start", font_size=FONT_LABEL),
            ),
            VGroup(
                Circle(
                    radius=OPTIMUM_RING * DOT_RADIUS,
                    color=self.theme.foreground,
                    stroke_width=PATH_STROKE,
                ),
                self.prose("optimum", font_size=FONT_LABEL),
            ),
        )
        for marker in markers:
            marker.arrange(RIGHT, buff=BUFF / 2)
        markers.arrange(RIGHT, buff=2 * BUFF)
        return VGroup(
            markers,
            self.prose(
                "legend_steps",
                font_size=FONT_LABEL,
                tolerance=tolerance,
                orders=self.data.runs[0].best.stats.orders,
            ),
            self.prose("legend_tortuosity", font_size=FONT_LABEL),
            self.prose("legend_quadrant", font_size=FONT_LABEL),
        ).arrange(DOWN, aligned_edge=LEFT, buff=2 * FIGURE_LINE_GAP)

    def get_panels(self) -> VGroup:
        """Panels in rows of three with the legend in the last slot, scaled to the room left."""
        panels = VGroup(*(self.get_panel(i) for i in range(len(self.data.panels))))
        self.legend = self.get_legend()
        slots = [*panels, self.legend]
        rows = VGroup(
            *(
                VGroup(*slots[i : i + PANELS_PER_ROW]).arrange(RIGHT, buff=PANEL_GAP, aligned_edge=UP)
                for i in range(0, len(slots), PANELS_PER_ROW)
            )
        ).arrange(DOWN, buff=ROW_GAP, aligned_edge=LEFT)
        self.legend.match_y(VGroup(*rows[-1][:-1]))
        room = self.fair.get_bottom()[1] + self.camera.frame_height / 2 - 3 * BUFF
        if rows.height > room:
            rows.scale_to_fit_height(room)
        self.fit_width(rows)
        rows.next_to(self.fair, DOWN, buff=2 * BUFF).set_x(0)
        return panels

    # ------------------------------------------------------------------ parts

    def show_fair_comparison(self) -> None:
        self.play(Write(self.title), run_time=self.timing.write)
        self.play(FadeIn(self.fair), run_time=self.timing.fade)
        self.wait(self.timing.pause)

    def show_panel(self, index: int) -> None:
        panel = self.panels[index]
        self.play(
            *(FadeIn(panel.part(name)) for name in ("name", "plane", "start", "optimum")),
            run_time=self.timing.fade,
        )
        self.play(Create(panel.part("path")), run_time=PATH_RUN_TIME)
        self.play(FadeIn(panel.part("figures"), lag_ratio=0.2), run_time=self.timing.fade)
        self.wait(self.timing.pause)

    def show_legend(self) -> None:
        self.play(FadeIn(self.legend, lag_ratio=0.3), run_time=self.timing.move)
        self.wait(self.timing.read)

    # ------------------------------------------------------------------ for tests

    def path_in_weights(self, index: int) -> np.ndarray:
        """The drawn path of a panel mapped back through its axes: one row per corner."""
        panel = self.panels[index]
        path, plane = panel.part("path"), panel.part("plane")
        corners = np.vstack([path.get_start_anchors(), path.get_end_anchors()[-1:]])
        return np.array([plane.weights_of(p) for p in corners])
