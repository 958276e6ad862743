"""``gradient-signs``: per-step gradient signs as rasters (steps × weights).

With sigmoid inputs every one-sample gradient has both components of one sign, so every column of
the raster is one colour; centred inputs mix them; summing over a mini-batch mixes them too.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    FadeIn,
    FadeOut,
    ManimColor,
    Square,
    VGroup,
    Write,
)

from scenes.base import ZigzagScene
from scenes.style import BUFF, FONT_LABEL, FONT_SMALL
from zz_math._types import IntArray
from zz_math.scene_data.gradient_signs import GradientSignsData

__all__ = ["GradientSigns", "raster_index"]

CELL_SIZE = 0.27
CELL_GAP = 0.03
CELL_STROKE = 0.0
ROW_LABEL_SIZE = 26
LEGEND_SIZE = 26
BLOCK_GAP = 0.45
RASTER_LAG = 0.02
RASTER_RUN_TIME = 2.5


def raster_index(step: int, weight: int, n_weights: int) -> int:
    """Position in a raster's VGroup of the cell of ``step`` and ``weight`` (step-major)."""
    return step * n_weights + weight


class GradientSigns(ZigzagScene):
    """Sign rasters of SGD gradients for the problem's and for centred inputs, then mini-batch."""

    data: GradientSignsData

    def construct(self) -> None:
        self.section("sgd")
        self.show_title_and_legend()
        self.blocks = self.get_blocks()
        self.show_block(0)
        self.section("centred")
        self.show_block(1)
        self.section("batch")
        self.show_block(2)
        self.section("summary")
        self.show_summary()

    # ------------------------------------------------------------------ builders

    def get_raster(self, signs: IntArray) -> VGroup:
        """One square per (step, weight), coloured by sign; columns are steps, rows weights."""
        n_steps, n_weights = signs.shape
        pitch = CELL_SIZE + CELL_GAP
        cells = VGroup()
        for step in range(n_steps):
            for weight in range(n_weights):
                cell = Square(
                    side_length=CELL_SIZE,
                    stroke_width=CELL_STROKE,
                    fill_color=self.theme.sign_colour(int(signs[step, weight])),
                    fill_opacity=1.0,
                )
                cell.move_to(np.array([step * pitch, -weight * pitch, 0.0]))
                cells.add(cell)
        return cells

    def get_row_labels(self, raster: VGroup, n_weights: int) -> VGroup:
        """``∂L/∂w_i`` at the left of each row."""
        labels = VGroup()
        for weight in range(n_weights):
            label = self.formula(
                rf"\partial @L / \partial @w_{{{weight + 1}}}", font_size=ROW_LABEL_SIZE
            )
            label.next_to(raster[raster_index(0, weight, n_weights)], LEFT, buff=BUFF)
            labels.add(label)
        return labels

    def get_block(self, signs: IntArray, header: str, share: float) -> VGroup:
        """Header, share, row labels and raster of one descent."""
        raster = self.get_raster(signs)
        labels = self.get_row_labels(raster, signs.shape[1])
        head = self.plain(header, font_size=FONT_SMALL)
        head.next_to(raster, UP, buff=BUFF).align_to(labels, LEFT)
        share_text = self.prose("share", font_size=FONT_SMALL, share=self.percent(share))
        share_text.move_to(head, aligned_edge=LEFT)  # placed at the blocks' right edge later
        return VGroup(head, labels, raster, share_text)

    def place_shares(self, blocks: VGroup) -> None:
        """Right-align every share with the widest raster, on its header's line (runs may stop early)."""
        right = max(block[2].get_right()[0] for block in blocks)
        for head, _, _, share_text in blocks:
            share_text.match_y(head).set_x(right - share_text.width / 2)
            room = share_text.get_left()[0] - BUFF - head.get_left()[0]
            if head.width > room:
                head.scale_to_fit_width(room, about_edge=LEFT)

    def get_blocks(self) -> VGroup:
        """The three blocks: problem's inputs, centred inputs, mini-batch on the problem's inputs."""
        data = self.data
        regime_words = [self.words(f"regime_{r}") for r in data.regimes]
        blocks = VGroup(
            self.get_block(
                data.signs[0],
                self.words("raster_sgd", regime=regime_words[0]),
                data.uniform_share[0],
            ),
            self.get_block(
                data.signs[1],
                self.words("raster_sgd", regime=regime_words[1]),
                data.uniform_share[1],
            ),
            self.get_block(
                data.batch_signs,
                self.words("raster_batch", regime=regime_words[0], batch=data.batch_size),
                data.batch_uniform_share,
            ),
        )
        blocks.arrange(DOWN, buff=BLOCK_GAP, aligned_edge=LEFT)
        self.place_shares(blocks)
        steps_label = self.prose(
            "steps_axis",
            font_size=FONT_LABEL,
            count=max(signs.shape[0] for signs in (*data.signs, data.batch_signs)),
            color=self.theme.muted,
        )
        steps_label.next_to(blocks[-1][2], DOWN, buff=BUFF / 2).align_to(blocks[-1][2], LEFT)
        self.steps_label = steps_label
        whole = VGroup(blocks, steps_label)
        self.fit_width(whole)
        whole.next_to(self.legend, DOWN, buff=2 * BUFF)
        whole.set_x(0)
        return blocks

    def get_legend(self) -> VGroup:
        """Colour key of the cells (zero only when some gradient component is exactly zero)."""
        all_signs = np.concatenate([*self.data.signs, self.data.batch_signs])
        entries = [(1, r"> 0"), (-1, r"< 0")]
        if np.any(all_signs == 0):
            entries.append((0, r"= 0"))
        legend = VGroup()
        for sign, relation in entries:
            swatch = Square(
                side_length=CELL_SIZE,
                stroke_width=CELL_STROKE,
                fill_color=self.theme.sign_colour(sign),
                fill_opacity=1.0,
            )
            words = self.formula(
                rf"\partial @L / \partial @w_i {relation}", font_size=LEGEND_SIZE
            )
            legend.add(VGroup(swatch, words).arrange(RIGHT, buff=BUFF / 2))
        return legend.arrange(RIGHT, buff=3 * BUFF)

    # ------------------------------------------------------------------ parts

    def show_title_and_legend(self) -> None:
        self.title = self.get_title()
        self.legend = self.get_legend().next_to(self.title, DOWN, buff=BUFF)
        self.play(Write(self.title), run_time=self.timing.write)
        self.play(FadeIn(self.legend), run_time=self.timing.fade)

    def caption(self, key: str, **values: object) -> None:
        """Show ``key`` at the bottom, replacing the caption before it."""
        new = self.prose(key, font_size=FONT_SMALL, color=self.theme.accent, **values)
        self.fit_width(new)
        new.next_to(self.steps_label, DOWN, buff=2 * BUFF).set_x(0)
        old = getattr(self, "current_caption", None)
        if old is None:
            self.play(FadeIn(new), run_time=self.timing.fade)
        else:
            self.play(FadeOut(old), FadeIn(new), run_time=self.timing.fade)
        self.current_caption = new

    def block_note(self, index: int) -> tuple[str, dict[str, str]]:
        """Caption of a block: chosen by the measured share, so any course's regimes read right."""
        data = self.data
        if index == len(self.blocks) - 1:
            mixes = data.batch_agreement.opposite > 0
            return ("batch_note" if mixes else "batch_note_same"), {
                "batch": self.number(data.batch_size),
                "opposite": self.number(data.batch_agreement.opposite),
                "single": self.number(data.agreement[0].opposite),
                "total": self.number(data.batch_agreement.total),
            }
        regime = self.words(f"regime_{data.regimes[index]}")
        agreement = data.agreement[index]
        if agreement.same == agreement.total:
            return "uniform_note", {"regime": regime}
        if agreement.never_opposite:
            return "zero_note", {"regime": regime}
        return "mixed_note", {"regime": regime}

    def show_block(self, index: int) -> None:
        head, labels, raster, share_text = self.blocks[index]
        added = [FadeIn(head), FadeIn(labels)]
        if index == len(self.blocks) - 1:
            added.append(FadeIn(self.steps_label))
        self.play(*added, run_time=self.timing.fade)
        self.play(FadeIn(raster, lag_ratio=RASTER_LAG), run_time=RASTER_RUN_TIME)
        self.play(FadeIn(share_text), run_time=self.timing.fade)
        note, values = self.block_note(index)
        self.caption(note, **values)
        self.wait(self.timing.pause)

    def show_summary(self) -> None:
        data = self.data
        self.caption(
            "summary",
            first=self.percent(data.uniform_share[0]),
            second=self.percent(data.uniform_share[1]),
            batch=self.percent(data.batch_uniform_share),
        )
        self.wait(self.timing.read)

    # ------------------------------------------------------------------ for tests

    def cell_colour(self, block: int, step: int, weight: int) -> ManimColor:
        """Fill colour of a raster cell."""
        raster = self.blocks[block][2]
        colour: ManimColor = raster[raster_index(step, weight, 2)].get_fill_color()
        return colour
