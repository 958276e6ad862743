"""``two-layer``: the same sign lock one layer up, where the inputs are sigmoid outputs ``h > 0``.

For output unit ``j`` the incoming weight gradients are ``∂L/∂W2[j, i] = δ_j · h_i`` with every
``h_i > 0``: per sample, each row of ``∂L/∂W2`` has one sign. The first layer sees the latent inputs
``z``, which have both signs, so its rows mix.

Layout, from the frame: first the network and the layer-2 rule share the body (side by side in a
wide frame, stacked otherwise), both as large as they fit. Then the per-sample sign grids take most
of the body: beside a column of the (smaller) network and the rules in a wide frame, under the rules
otherwise (the network leaves when there is no room for it). The grids of each layer re-flow into
the rows × columns that make them largest.
"""

from __future__ import annotations

from collections.abc import Sequence
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
    FadeOut,
    LaggedStart,
    Line,
    Mobject,
    ReplacementTransform,
    Square,
    Transform,
    VGroup,
    Write,
)

from scenes.base import ZigzagScene
from scenes.layout import Box, as_panel, fit_drawing
from scenes.style import BUFF, FONT_LABEL, FONT_SMALL, MATH_SMALL, PATH_STROKE
from zz_math.scene_data.two_layer import TwoLayerData

__all__ = ["TwoLayer"]

# The network: node radius per shorter side of its box, the radius its labels are sized for, the
# widths/heights it may take (alone with the rule, and beside the grids), edge and label sizes.
NODE_SHARE = 0.085
NODE_RADIUS = 0.3
NODE_MIN = 0.26
NODE_TEX = 26
NETWORK_ASPECTS = (1.0, 2.2)
ALONE_ASPECTS = (0.65, 2.2)
EDGE_STROKE = 1.5
FIT_TOLERANCE = 1e-6
# The frame: a body this much wider than tall sets things side by side; the network's share of a
# wide body next to the rule, and the column's share next to the grids; the network stays beside
# the grids only when it gets at least NETWORK_LEAST of the frame's short side in height.
BESIDE_RATIO = 1.4
NETWORK_SHARE = 0.56
RULE_SHARE = 0.38
COLUMN_SHARE = 0.36
NETWORK_LEAST = 0.28
# Stacked, the grids keep at least this share of the body's height (the rules then step).
BANDS_LEAST = 0.55
CELL_KEEP = 0.75
CELL_LEAST = 0.055
COLUMN_GAP = 0.5
REGION_GAP = 0.35
# The rules grow by the first of these factors that fits their room.
RULE_GROWTH = (1.8, 1.6, 1.4, 1.25, 1.1, 1.0)
RULE_GAP = 0.15
BLOCK_GAP = 0.35
# The sign grids: gap between samples, between the bands, label column share, cell outline.
SAMPLE_GAP = 0.18
BAND_GAP = 0.3
LABEL_SHARE = 0.4
CELL_STROKE = 1.0
MAX_SAMPLES = 12
GRID_LAG = 0.05

DLDW2 = r"\frac{\partial @L}{\partial @w^{(2)}_{ji}}"
DLDW1 = r"\frac{\partial @L}{\partial @w^{(1)}_{id}}"


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
        self.plan_layout()
        self.show_network()
        self.section("rule")
        self.show_rule()
        self.section("second-layer")
        self.show_second_layer()
        self.section("first-layer")
        self.show_first_layer()
        self.wait(self.timing.read)

    # ------------------------------------------------------------------ speaker notes

    def note_values(self, part: str) -> dict[str, Any]:
        """What the notes of ``part`` need: the net's sizes, whether the samples' ``z`` take both
        signs, the sample count and the measured shares of each band (the words chosen by them)."""
        g = self.data.gradients
        if part == "network":
            z = self.data.inputs[: self.samples]
            both = bool(np.any(z > 0) and np.any(z < 0))
            return {
                "inputs": self.number(int(g.grad_w1.shape[2])),
                "hidden": self.number(int(g.hidden.shape[1])),
                "outputs": self.number(int(g.delta.shape[1])),
                "z_signs": self.words("note_z_both" if both else "note_z_one"),
            }
        if part == "rule":
            return {"hidden": self.number(int(g.hidden.shape[1]))}
        if part == "second-layer":
            share = self.data.uniform_share
            return {
                "count": self.number(self.samples),
                "outcome": self.words(
                    "note_second_all" if share == 1.0 else "note_second_some", share=self.percent(share)
                ),
                "cue_outcome": self.words(
                    "cue_second_all" if share == 1.0 else "cue_second_some", share=self.percent(share)
                ),
            }
        if part == "first-layer":
            share = self.data.first_layer_mixed_share
            return {
                "outcome": self.words(
                    "note_first_some" if share > 0.0 else "note_first_none", share=self.percent(share)
                ),
                "cue_outcome": self.words(
                    "cue_first_some" if share > 0.0 else "cue_first_none", share=self.percent(share)
                ),
            }
        return {}

    # ------------------------------------------------------------------ the network

    def get_column(self, tex: str, count: int, colour: Any, x: float, spacing: float, radius: float) -> VGroup:
        """A column of ``count`` nodes labelled ``tex_1 … tex_count``, centred on ``(x, 0)``."""
        nodes = VGroup()
        for index in range(1, count + 1):
            y = ((count + 1) / 2 - index) * spacing
            circle = Circle(radius=radius, color=colour, stroke_width=PATH_STROKE).move_to([x, y, 0.0])
            label = self.formula(f"{tex}_{index}", font_size=NODE_TEX * radius / NODE_RADIUS, color=colour)
            nodes.add(VGroup(circle, label.move_to(circle)))
        return nodes

    def get_edges(self, left: VGroup, right: VGroup, radius: float) -> VGroup:
        """Every node of ``left`` to every node of ``right``."""
        return VGroup(
            *(
                Line(
                    a.get_center(), b.get_center(), buff=radius,
                    color=self.theme.muted, stroke_width=EDGE_STROKE,
                )
                for a in left
                for b in right
            )
        )

    def draw_network(self, width: float, height: float) -> VGroup:
        """The network drawn across a ``width`` × ``height`` rectangle (its labels may stick out)."""
        g = self.data.gradients
        counts = (g.grad_w1.shape[2], g.hidden.shape[1], g.delta.shape[1])
        radius = max(NODE_MIN, NODE_SHARE * min(width, height))
        size = MATH_SMALL * radius / NODE_RADIUS
        first_name = self.formula("@w^{(1)}", font_size=size)
        second_name = self.formula("@w^{(2)}", font_size=size)
        hidden_note = self.formula(r"\sigma(\cdot) > 0", font_size=NODE_TEX * radius / NODE_RADIUS,
                                   color=self.theme.accent)
        room = height - first_name.height - hidden_note.height - 2 * BUFF - 2 * radius
        spacing = max(2.5 * radius, room / max(max(counts) - 1, 1))
        xs = (-width / 2 + radius, 0.0, width / 2 - radius)
        inputs = self.get_column("z", counts[0], self.theme.secondary, xs[0], spacing, radius)
        hidden = self.get_column("h", counts[1], self.theme.accent, xs[1], spacing, radius)
        outputs = self.get_column("o", counts[2], self.theme.foreground, xs[2], spacing, radius)
        first = self.get_edges(inputs, hidden, radius)
        second = self.get_edges(hidden, outputs, radius)
        top = max(column.get_top()[1] for column in (inputs, hidden, outputs))
        first_name.move_to([first.get_x(), top + BUFF + first_name.height / 2, 0])
        second_name.move_to([second.get_x(), top + BUFF + second_name.height / 2, 0])
        hidden_note.next_to(hidden, DOWN, buff=BUFF)
        return VGroup(
            VGroup(inputs, hidden, outputs),
            VGroup(first, second),
            VGroup(first_name, second_name, hidden_note),
        )

    def get_network(self, box: Box, aspects: tuple[float, float] = NETWORK_ASPECTS) -> VGroup:
        """``z`` (both signs) → ``h = σ(·) > 0`` → outputs, with the two weight layers named: as
        large as ``box`` holds at a width/height within ``aspects``, centred in it."""
        return fit_drawing(self.draw_network, box, aspects, "network")

    # ------------------------------------------------------------------ the rules

    def split_formula(self, parts: Sequence[str], colours: dict[int, Any], cut: int, width: float,
                      font_size: float) -> Mobject:
        """``parts`` as one formula, or broken before part ``cut`` when wider than ``width``."""
        whole = self.formula(*parts, font_size=font_size)
        for index, colour in colours.items():
            whole[index].set_color(colour)
        if whole.width <= width:
            return whole
        head = self.formula(*parts[:cut], font_size=font_size)
        tail = self.formula(*parts[cut:], font_size=font_size)
        for index, colour in colours.items():
            (head[index] if index < cut else tail[index - cut]).set_color(colour)
        return VGroup(head, tail).arrange(DOWN, buff=RULE_GAP, aligned_edge=LEFT)

    def draw_rules(self, width: float, growth: float) -> tuple[VGroup, VGroup]:
        """The layer-2 block (its gradient factorises with ``h > 0``, so one sign per row) and the
        layer-1 block (``z`` of both signs), at ``growth`` times the small sizes, within ``width``."""
        math, prose = MATH_SMALL * growth, FONT_SMALL * growth
        second = self.formula(DLDW2 + " =", r"\delta_j", r"\cdot", "h_i", font_size=math)
        second[3].set_color(self.theme.accent)
        sign = self.words("tex_sign")
        second_note = self.split_formula(
            (
                "h_i > 0", r"\;\Rightarrow\;",
                rf"{sign}\!\left({DLDW2}\right) = {sign}(\delta_j)\quad \forall i",
            ),
            {0: self.theme.accent}, 2, width, math,
        )
        first = self.formula(DLDW1 + " =", r"\delta^{(1)}_i", r"\cdot", "z_d", font_size=math)
        first[3].set_color(self.theme.secondary)
        first_note = self.wrapped(
            self.words("first_note"), width, font_size=prose, color=self.theme.secondary, aligned_edge=LEFT
        )
        return (
            VGroup(second, second_note).arrange(DOWN, buff=RULE_GAP, aligned_edge=LEFT),
            VGroup(first, first_note).arrange(DOWN, buff=RULE_GAP, aligned_edge=LEFT),
        )

    def get_rules(self, box: Box, together: bool, first_room: float | None = None) -> tuple[VGroup, VGroup]:
        """The two rule blocks grown by the first of :data:`RULE_GROWTH` with which they fit
        ``box`` (both at once when ``together``, else each on its own), the layer-2 block also
        within ``first_room`` of height when given."""
        for growth in RULE_GROWTH:
            blocks = self.draw_rules(box.width, growth)
            height = self.stack_height(blocks, BLOCK_GAP) if together else max(b.height for b in blocks)
            if (
                max(b.width for b in blocks) <= box.width + FIT_TOLERANCE
                and height <= box.height + FIT_TOLERANCE
                and (first_room is None or blocks[0].height <= first_room + FIT_TOLERANCE)
            ):
                break
        return blocks

    @staticmethod
    def stack_height(blocks: Sequence[Mobject], gap: float) -> float:
        """Height of ``blocks`` stacked with ``gap`` between them."""
        return sum(block.height for block in blocks) + gap * (len(blocks) - 1)

    # ------------------------------------------------------------------ the sign grids

    def get_grid(self, signs: np.ndarray, cell: float) -> VGroup:
        """Cells coloured by sign: a row per receiving unit, a column per incoming weight."""
        rows = VGroup()
        for row_signs in signs:
            row = VGroup(
                *(
                    Square(
                        side_length=cell,
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

    def get_label(self, label_keys: tuple[str, str], share: float, width: float) -> VGroup:
        """A layer's name and its measured share, wrapped to ``width``."""
        name, share_key = label_keys
        return VGroup(
            self.wrapped(self.words(name), width, font_size=FONT_SMALL, aligned_edge=LEFT),
            self.wrapped(self.words(share_key, share=self.percent(share)), width, font_size=FONT_SMALL,
                         color=self.theme.accent, aligned_edge=LEFT),
        ).arrange(DOWN, buff=BUFF / 3, aligned_edge=LEFT)

    def band_cells(self, box: Box, labels: Sequence[VGroup], beside: bool) -> list[Box]:
        """The cells of a band's grids in ``box``, right of its label or under it (none when the
        label does not fit that way)."""
        if beside:
            if max(label.height for label in labels) > box.height:
                return []
            area = Box(box.left + max(label.width for label in labels) + 2 * BUFF, box.right, box.bottom, box.top)
        else:
            area = box.below(box.top - max(label.height for label in labels), BUFF)
        if area.width <= 0 or area.height <= 0:
            return []
        return area.grid(self.samples, 1.0, SAMPLE_GAP)

    def band_layers(self) -> tuple[tuple[np.ndarray, tuple[str, str], float, str], ...]:
        """Per band: the gradients, the label's keys, the measured share and the panel's name."""
        g = self.data.gradients
        return (
            (g.grad_w2, ("second_label", "second_share"), self.data.uniform_share, "layer 2 signs"),
            (g.grad_w1, ("first_label", "first_share"), self.data.first_layer_mixed_share, "layer 1 signs"),
        )

    def get_header(self, width: float) -> VGroup:
        """How many samples the grids show, wrapped to ``width``."""
        return self.wrapped(
            self.words("samples_header", count=self.samples), width, font_size=FONT_LABEL, color=self.theme.muted
        )

    def arrange_bands(self, box: Box) -> tuple[list[Box], list[VGroup], bool, list[list[Box]]] | None:
        """The two bands in ``box`` one above the other or side by side, each label beside its
        grids (only where it keeps its own lines) or above them: whichever gives the largest cells.
        Returns the bands' boxes, the labels, whether labels sit beside, and each band's cells
        (``None`` when no way fits)."""
        header = self.get_header(box.width)
        room = box.below(box.top - header.height, BUFF)
        best: tuple[float, Any] = (-1.0, None)
        for boxes in (room.rows([1, 1], BAND_GAP), room.columns([1, 1], BAND_GAP)):
            for beside in (True, False):
                width = (LABEL_SHARE if beside else 1.0) * boxes[0].width
                labels = [self.get_label(keys, share, width) for _, keys, share, _ in self.band_layers()]
                if beside and any(self.rewrapped(label, keys) for label, (_, keys, _, _) in zip(
                        labels, self.band_layers(), strict=True)):
                    continue
                cells = [self.band_cells(band, labels, beside) for band in boxes]
                size = min((cell.height for band in cells for cell in band), default=0.0)
                if all(cells) and size > best[0]:
                    best = (size, (boxes, labels, beside, cells))
        return best[1]

    def rewrapped(self, label: VGroup, keys: tuple[str, str]) -> bool:
        """Whether ``label`` has more lines than its catalogue words."""
        natural = sum(len(self.words(key, share="").splitlines()) for key in keys)
        return sum(len(part) for part in label) > natural

    def bands_cell(self, box: Box) -> float:
        """Side of one sample's cell when the bands fill ``box`` (0 when they do not fit)."""
        arranged = self.arrange_bands(box)
        return arranged[3][0][0].height if arranged else 0.0

    def draw_band(self, layer: int, label: VGroup, box: Box, cells: Sequence[Box], beside: bool) -> VGroup:
        """Band ``layer`` (0: layer 2, 1: layer 1): its grids in ``cells`` and its label beside or
        above them, inside ``box``."""
        gradients, _, _, name = self.band_layers()[layer]
        grids = VGroup(
            *(
                self.get_grid(np.sign(gradients[n]), cell.height / self.widest).move_to(cell.center)
                for n, cell in enumerate(cells)
            )
        )
        as_panel(grids, name)
        if beside:
            label.next_to(grids, LEFT, buff=2 * BUFF).align_to(grids, UP)
        else:
            label.next_to(grids, UP, buff=BUFF).align_to(grids, LEFT)
            if label.get_right()[0] > box.right:
                label.align_to(box.right * RIGHT, RIGHT)
        return VGroup(label, grids)

    def get_bands(self, box: Box) -> VGroup:
        """Layer 2 (one sign per row) and layer 1 (mixed rows), every sample's grid in the rows ×
        columns that make them largest, each band's label beside or above its grids; and layer 2
        alone across both bands' room (``solo_band``), as it shows before layer 1 comes."""
        arranged = self.arrange_bands(box)
        if arranged is None:
            raise ValueError("the sign grids' labels do not fit their room")
        boxes, labels, beside, cells = arranged
        self.band_boxes = boxes
        bands = VGroup(
            *(self.draw_band(layer, labels[layer], boxes[layer], cells[layer], beside) for layer in range(2))
        )
        header = self.get_header(box.width).align_to(box.top * UP, UP)
        header.align_to(bands[0], LEFT)
        if header.get_right()[0] > box.right:
            header.align_to(box.right * RIGHT, RIGHT)
        bands.add(header)
        room = box.below(header.get_bottom()[1], BUFF)
        solo_label = labels[0].copy()
        solo_cells = self.band_cells(room, [solo_label], beside)
        self.solo_band = self.draw_band(0, solo_label, room, solo_cells, beside) if solo_cells else bands[0].copy()
        return bands

    # ------------------------------------------------------------------ layout

    def plan_layout(self) -> None:
        """Every stage from the frame: the network alone; beside or above the layer-2 rule; then
        the grids beside or under a column of the rules (under the smaller network while it fits)."""
        body = self.body(self.title)
        self.body_box = body
        wide = self.layout.shape == "wide" and body.width >= BESIDE_RATIO * body.height
        narrowest = max(block.width for block in self.draw_rules(0.0, 1.0)) / body.width
        self.network = self.get_network(body, ALONE_ASPECTS)
        if wide:
            share = min(NETWORK_SHARE, 1 - narrowest)
            network_box, rule_box = body.columns([share, 1 - share], COLUMN_GAP)
            self.rule_blocks = self.get_rules(rule_box, together=False)
        else:
            self.rule_blocks = self.get_rules(body.rows([1 - RULE_SHARE, RULE_SHARE], 0)[1], together=False)
            network_box = body.above(body.bottom + self.rule_blocks[0].height + REGION_GAP)
        self.rule_network: VGroup | None = self.get_network(network_box)
        if not wide:
            rule_box = body.below(self.rule_network.get_bottom()[1], REGION_GAP)
            if self.rule_network.height > network_box.height + FIT_TOLERANCE:  # no room for both
                self.rule_network, rule_box = None, body
                self.rule_blocks = self.get_rules(body, together=False)
        self.rule_blocks[0].move_to(rule_box.center)
        if wide:
            share = max(COLUMN_SHARE, narrowest)
            self.column, bands_box = body.columns([share, 1 - share], COLUMN_GAP)
        else:
            self.column, bands_box = self.stack_column(body)
        self.tight = self.column is None
        if self.tight:
            self.plan_tight_grids(body)
        else:
            self.plan_grids(bands_box)

    def plan_tight_grids(self, body: Box) -> None:
        """The grids take the whole body; the layer-1 rule is read in the layer-1 band's room
        before its grids come."""
        self.keeps_network = False
        self.bands = self.get_bands(body)
        room = self.band_boxes[1]
        self.late_rules = self.get_rules(room, together=False)
        self.late_rules[1].move_to(room.center)

    def plan_grids(self, bands_box: Box) -> None:
        """The grids in ``bands_box``, the rules in the column (under the smaller network while it
        keeps :meth:`network_least`)."""
        least = self.network_least(self.column.width)
        smallest = self.draw_rules(self.column.width, 1.0)[0]
        self.keeps_network = self.column.height - smallest.height - REGION_GAP >= least - FIT_TOLERANCE
        first_room = self.column.height - least - REGION_GAP if self.keeps_network else None
        self.late_rules = self.get_rules(self.column, together=True, first_room=first_room)
        widest = max(block.width for block in self.late_rules)
        self.board_left = max(self.column.left, self.column.center[0] - widest / 2)
        room = self.column.height - self.late_rules[0].height - REGION_GAP
        if self.keeps_network:
            self.small_network = self.get_network(self.column.above(self.column.top - room))
            self.board_box = self.column.below(self.small_network.get_bottom()[1], REGION_GAP)
        else:
            self.board_box = self.column
        self.bands = self.get_bands(bands_box)

    def network_least(self, width: float) -> float:
        """Least height the network keeps beside the grids: :data:`NETWORK_LEAST` of the frame's
        short side, or more when its labels need it."""
        return max(NETWORK_LEAST * self.layout.short_side, self.draw_network(width, 0.0).height)

    def stack_column(self, body: Box) -> tuple[Box | None, Box]:
        """Stacked, the rules' column over the grids: the tallest column (room for the network over
        the layer-2 rule, both rules at once, one, or :data:`BANDS_LEAST` of the body left to the
        grids) that keeps the grids' cells within :data:`CELL_KEEP` of their largest; no column
        (``None``) when even the shortest leaves cells under :data:`CELL_LEAST` of the short side."""
        blocks = self.draw_rules(body.width, 1.0)
        heights = sorted({
            (1 - BANDS_LEAST) * body.height,
            self.stack_height(blocks, BLOCK_GAP),
            blocks[0].height + REGION_GAP + self.network_least(body.width),
            max(block.height for block in blocks),
        }, reverse=True)
        heights = [h for h in heights if h <= (1 - BANDS_LEAST) * body.height + FIT_TOLERANCE] or heights[-1:]
        splits = [body.rows([h, body.height - REGION_GAP - h], REGION_GAP) for h in heights]
        cells = [self.bands_cell(bands) for _, bands in splits]
        if max(cells) < CELL_LEAST * self.layout.short_side:
            return None, body
        return next(split for split, cell in zip(splits, cells, strict=True) if cell >= CELL_KEEP * max(cells))

    def place_on_board(self, block: Mobject, stay: list[Mobject]) -> list[Mobject]:
        """Put ``block`` under the blocks in ``stay`` (the oldest leave while it does not fit):
        returns the blocks that must leave."""
        box = self.board_box
        leaving = []
        while stay and self.stack_height([*stay, block], BLOCK_GAP) > box.height + FIT_TOLERANCE:
            leaving.append(stay.pop(0))
        top = stay[-1].get_bottom()[1] - BLOCK_GAP if stay else box.top
        block.align_to(top * UP, UP).align_to(self.board_left * RIGHT, LEFT)
        return leaving

    # ------------------------------------------------------------------ parts

    def show_network(self) -> None:
        nodes, edges, names = self.network
        self.play(FadeIn(nodes), run_time=self.timing.fade)
        self.play(Create(edges), FadeIn(names), run_time=self.timing.move)
        self.wait(self.timing.pause)

    def show_rule(self) -> None:
        if self.rule_network is None:
            self.play(FadeOut(self.network), run_time=self.timing.fade)
        else:
            self.play(Transform(self.network, self.rule_network), run_time=self.timing.move)
        second, second_note = self.rule_blocks[0]
        self.play(Write(second), run_time=self.timing.write)
        self.play(Write(second_note), run_time=self.timing.write)
        self.wait(self.timing.pause)

    def show_second_layer(self) -> None:
        leaving = [self.rule_blocks[0]] if self.rule_network is None else [self.rule_blocks[0], self.network]
        if self.keeps_network and self.rule_network is not None:
            self.play(FadeOut(self.rule_blocks[0]), Transform(self.network, self.small_network),
                      run_time=self.timing.move)
        else:
            self.play(FadeOut(*leaving), run_time=self.timing.move)
            if self.keeps_network:
                self.network = self.small_network
                self.play(FadeIn(self.network), run_time=self.timing.fade)
        if not self.tight:
            block = self.late_rules[0]
            self.place_on_board(block, [])
            self.play(FadeIn(block), run_time=self.timing.fade)
            self.shown_rules = [block]
        _, _, header = self.bands
        label, grids = self.solo_band
        self.play(FadeIn(header), FadeIn(label[0]), run_time=self.timing.fade)
        self.play(
            LaggedStart(*(FadeIn(grid) for grid in grids), lag_ratio=GRID_LAG),
            run_time=self.timing.move * 2,
        )
        self.play(FadeIn(label[1]), run_time=self.timing.fade)
        self.wait(self.timing.pause)

    def show_first_layer(self) -> None:
        self.play(ReplacementTransform(self.solo_band, self.bands[0]), run_time=self.timing.move)
        block = self.late_rules[1]
        if self.tight:
            first, first_note = block
            self.play(Write(first), FadeIn(first_note), run_time=self.timing.write)
            self.wait(self.timing.read)
            self.play(FadeOut(block), run_time=self.timing.fade)
        else:
            self.write_first_rule(block)
        _, band, _ = self.bands
        label, grids = band
        self.play(FadeIn(label[0]), run_time=self.timing.fade)
        self.play(
            LaggedStart(*(FadeIn(grid) for grid in grids), lag_ratio=GRID_LAG),
            run_time=self.timing.move * 2,
        )
        self.play(FadeIn(label[1]), run_time=self.timing.fade)

    def write_first_rule(self, block: VGroup) -> None:
        """The layer-1 rule under the layer-2 one (the network, then the layer-2 rule, leave when
        there is no room)."""
        shown = self.shown_rules[0]
        if self.keeps_network and self.stack_height([shown, block], BLOCK_GAP) > self.board_box.height:
            self.board_box = self.column
            rise = self.column.top - shown.get_top()[1]
            self.play(FadeOut(self.network), shown.animate.shift(UP * rise), run_time=self.timing.move)
        leaving = self.place_on_board(block, list(self.shown_rules))
        if leaving:
            self.play(FadeOut(*leaving), run_time=self.timing.fade)
        first, first_note = block
        self.play(Write(first), FadeIn(first_note), run_time=self.timing.write)

    def grid_colours(self, layer: int) -> list[list[list[str]]]:
        """For tests: hex colours of the cells of ``layer`` (1 or 2), per sample, row and column."""
        band = self.bands[0] if layer == 2 else self.bands[1]
        return [
            [[cell.get_fill_color().to_hex() for cell in row] for row in grid]
            for grid in band[1]
        ]
