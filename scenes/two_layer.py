"""``two-layer``: the same sign lock one layer up, where the inputs are sigmoid outputs ``h > 0``.

For output unit ``j`` the incoming weight gradients are ``∂L/∂W2[j, i] = δ_j · h_i`` with every
``h_i > 0``: per sample, each row of ``∂L/∂W2`` has one sign. The first layer sees the latent inputs
``z``, which have both signs, so its rows mix.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Circle,
    Create,
    FadeIn,
    LaggedStart,
    Line,
    Square,
    VGroup,
    Write,
)

from scenes.base import ZigzagScene
from scenes.style import BUFF, FONT_LABEL, FONT_SMALL, MATH_SMALL, PATH_STROKE
from zz_math.scene_data.two_layer import TwoLayerData

__all__ = ["TwoLayer"]

NODE_RADIUS = 0.3
LAYER_GAP = 1.9
NODE_GAP = 0.25
NODE_TEX = 26
EDGE_STROKE = 1.5
DIAGRAM_SHARE = 0.42
CELL = 0.2
CELL_STROKE = 1.0
SAMPLE_GAP = 0.2
BAND_GAP = 0.3
RULE_GAP = 0.15
LABEL_WIDTH = 3.8
MAX_SAMPLES = 12
GRID_LAG = 0.05


class TwoLayer(ZigzagScene):
    """A 2-layer sigmoid net, the layer-2 gradient rule and per-sample sign grids of both layers."""

    data: TwoLayerData

    def prepare(self) -> None:
        super().prepare()
        self.samples = min(MAX_SAMPLES, self.data.inputs.shape[0])
        g = self.data.gradients
        self.widest = max(*g.grad_w2.shape[1:], *g.grad_w1.shape[1:])

    def construct(self) -> None:
        self.section("network")
        self.title = self.get_title()
        self.play(Write(self.title), run_time=self.timing.write)
        self.show_network()
        self.section("rule")
        self.show_rule()
        self.section("second-layer")
        self.show_second_layer()
        self.section("first-layer")
        self.show_first_layer()
        self.wait(self.timing.read)

    # ------------------------------------------------------------------ builders

    def get_column(self, tex: str, count: int, colour: Any) -> VGroup:
        """A column of ``count`` nodes labelled ``tex_1 … tex_count``."""
        nodes = VGroup()
        for index in range(1, count + 1):
            circle = Circle(radius=NODE_RADIUS, color=colour, stroke_width=PATH_STROKE)
            label = self.formula(f"{tex}_{index}", font_size=NODE_TEX, color=colour).move_to(circle)
            nodes.add(VGroup(circle, label))
        return nodes.arrange(DOWN, buff=NODE_GAP)

    def get_edges(self, left: VGroup, right: VGroup) -> VGroup:
        """Every node of ``left`` to every node of ``right``."""
        return VGroup(
            *(
                Line(
                    a.get_center(), b.get_center(), buff=NODE_RADIUS,
                    color=self.theme.muted, stroke_width=EDGE_STROKE,
                )
                for a in left
                for b in right
            )
        )

    def get_network(self) -> VGroup:
        """``z`` (both signs) → ``h = σ(·) > 0`` → outputs, with the two weight layers named."""
        g = self.data.gradients
        inputs = self.get_column("z", g.grad_w1.shape[2], self.theme.secondary)
        hidden = self.get_column("h", g.hidden.shape[1], self.theme.accent)
        outputs = self.get_column("o", g.delta.shape[1], self.theme.foreground)
        hidden.next_to(inputs, RIGHT, buff=LAYER_GAP)
        outputs.next_to(hidden, RIGHT, buff=LAYER_GAP)
        first = self.get_edges(inputs, hidden)
        second = self.get_edges(hidden, outputs)
        top = max(inputs.get_top()[1], hidden.get_top()[1], outputs.get_top()[1])
        first_name = self.formula("@w^{(1)}", font_size=MATH_SMALL)
        first_name.move_to([first.get_x(), top + 2 * BUFF, 0])
        second_name = self.formula("@w^{(2)}", font_size=MATH_SMALL)
        second_name.move_to([second.get_x(), top + 2 * BUFF, 0])
        hidden_note = self.formula(r"\sigma(\cdot) > 0", font_size=NODE_TEX, color=self.theme.accent)
        hidden_note.next_to(hidden, DOWN, buff=BUFF)
        diagram = VGroup(
            VGroup(inputs, hidden, outputs),
            VGroup(first, second),
            VGroup(first_name, second_name, hidden_note),
        )
        self.fit_width(diagram, DIAGRAM_SHARE)
        return diagram

    def get_rule(self) -> VGroup:
        """The two lines: layer 2's gradient factorises with ``h > 0``; layer 1's with ``z`` of both signs."""
        second = self.formula(
            r"\frac{\partial @L}{\partial @w^{(2)}_{ji}} =", r"\delta_j", r"\cdot", "h_i",
            font_size=MATH_SMALL,
        )
        second[3].set_color(self.theme.accent)
        second_note = self.formula(
            "h_i > 0", r"\;\Rightarrow\;",
            r"\operatorname{sign}\!\left(\frac{\partial @L}{\partial @w^{(2)}_{ji}}\right)"
            r" = \operatorname{sign}(\delta_j)\quad \forall i",
            font_size=MATH_SMALL,
        )
        second_note[0].set_color(self.theme.accent)
        first = self.formula(
            r"\frac{\partial @L}{\partial @w^{(1)}_{id}} =", r"\delta^{(1)}_i", r"\cdot", "z_d",
            font_size=MATH_SMALL,
        )
        first[3].set_color(self.theme.secondary)
        first_note = self.prose("first_note", font_size=FONT_SMALL, color=self.theme.secondary)
        return VGroup(second, second_note, first, first_note).arrange(
            DOWN, buff=RULE_GAP, aligned_edge=LEFT
        )

    def get_grid(self, signs: np.ndarray) -> VGroup:
        """Cells coloured by sign: a row per receiving unit, a column per incoming weight."""
        rows = VGroup()
        for row_signs in signs:
            row = VGroup(
                *(
                    Square(
                        side_length=CELL,
                        fill_color=self.theme.sign_colour(float(s)),
                        fill_opacity=1.0,
                        stroke_color=self.theme.background,
                        stroke_width=CELL_STROKE,
                    )
                    for s in row_signs
                )
            ).arrange(RIGHT, buff=0)
            rows.add(row)
        return rows.arrange(DOWN, buff=0)

    def get_band(self, gradients: np.ndarray, label_keys: tuple[str, str], share: float) -> VGroup:
        """One layer's grids for every sample shown, with its label and measured share."""
        slot = CELL * max(gradients.shape[1], gradients.shape[2], self.widest) + SAMPLE_GAP
        grids = VGroup()
        for n in range(self.samples):
            grid = self.get_grid(np.sign(gradients[n]))
            grids.add(grid.move_to(RIGHT * n * slot, aligned_edge=UP))
        name, share_key = label_keys
        label = VGroup(
            self.prose(name, font_size=FONT_SMALL),
            self.prose(share_key, font_size=FONT_SMALL, color=self.theme.accent, share=self.percent(share)),
        ).arrange(DOWN, buff=BUFF / 3, aligned_edge=LEFT)
        if label.width > LABEL_WIDTH:
            label.scale_to_fit_width(LABEL_WIDTH)
        label.next_to(grids, LEFT, buff=2 * BUFF).align_to(grids, UP)
        label.align_to(grids, LEFT).shift(LEFT * (LABEL_WIDTH + 2 * BUFF))
        return VGroup(label, grids)

    def get_bands(self) -> VGroup:
        """Layer 2 (one sign per row) above layer 1 (mixed rows), all samples side by side."""
        g = self.data.gradients
        second = self.get_band(g.grad_w2, ("second_label", "second_share"), self.data.uniform_share)
        first = self.get_band(
            g.grad_w1, ("first_label", "first_share"), self.data.first_layer_mixed_share
        )
        first.next_to(second, DOWN, buff=BAND_GAP).align_to(second, LEFT)
        header = self.prose("samples_header", font_size=FONT_LABEL, color=self.theme.muted, count=self.samples)
        header.next_to(second[1], UP, buff=BUFF / 2).align_to(second[1], LEFT)
        bands = VGroup(second, first, header)
        self.fit_width(bands)
        return bands

    # ------------------------------------------------------------------ parts

    def show_network(self) -> None:
        self.network = self.get_network()
        self.network.next_to(self.title, DOWN, buff=2 * BUFF).to_edge(LEFT)
        nodes, edges, names = self.network
        self.play(FadeIn(nodes), run_time=self.timing.fade)
        self.play(Create(edges), FadeIn(names), run_time=self.timing.move)
        self.wait(self.timing.pause)

    def show_rule(self) -> None:
        self.rule = self.get_rule()
        self.rule.next_to(self.network, RIGHT, buff=4 * BUFF)
        self.rule.next_to(self.title, DOWN, buff=BUFF, coor_mask=UP)
        room = self.camera.frame_width / 2 - self.rule.get_left()[0] - 2 * BUFF
        if self.rule.width > room:
            self.rule.scale_to_fit_width(room, about_edge=LEFT)
        second, second_note, _, _ = self.rule
        self.play(Write(second), run_time=self.timing.write)
        self.play(Write(second_note), run_time=self.timing.write)
        self.wait(self.timing.pause)

    def show_second_layer(self) -> None:
        self.bands = self.get_bands()
        self.bands.to_edge(DOWN, buff=BUFF).set_x(0)
        second, _, header = self.bands
        label, grids = second
        self.play(FadeIn(header), FadeIn(label[0]), run_time=self.timing.fade)
        self.play(
            LaggedStart(*(FadeIn(grid) for grid in grids), lag_ratio=GRID_LAG),
            run_time=self.timing.move * 2,
        )
        self.play(FadeIn(label[1]), run_time=self.timing.fade)
        self.wait(self.timing.pause)

    def show_first_layer(self) -> None:
        _, _, first, first_note = self.rule
        _, band, _ = self.bands
        label, grids = band
        self.play(Write(first), FadeIn(first_note), run_time=self.timing.write)
        self.play(FadeIn(label[0]), run_time=self.timing.fade)
        self.play(
            LaggedStart(*(FadeIn(grid) for grid in grids), lag_ratio=GRID_LAG),
            run_time=self.timing.move * 2,
        )
        self.play(FadeIn(label[1]), run_time=self.timing.fade)

    def grid_colours(self, layer: int) -> list[list[list[str]]]:
        """For tests: hex colours of the cells of ``layer`` (1 or 2), per sample, row and column."""
        band = self.bands[0] if layer == 2 else self.bands[1]
        return [
            [[cell.get_fill_color().to_hex() for cell in row] for row in grid]
            for grid in band[1]
        ]
