"""``gradient-signs``: per-step gradient signs as rasters (steps × weights).

With sigmoid inputs every one-sample gradient has both components of one sign, so every column of
the raster is one colour; centred inputs mix them; summing over a mini-batch mixes them too.

The layout comes from the frame: the rasters are stacked in slots between the legend and the
caption band, each raster wrapped onto as many bands of steps as makes its cells largest; where
the frame cannot hold three readable rasters at once, a later raster takes the slot of an earlier
one (the mini-batch takes the centred inputs' place, beside the problem's inputs it is compared to).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    FadeIn,
    FadeOut,
    LaggedStart,
    ManimColor,
    Mobject,
    Rectangle,
    Square,
    Text,
    VGroup,
    Write,
)

from scenes.base import ZigzagScene
from scenes.layout import Box, as_panel
from scenes.style import BUFF, FONT_BODY, FONT_LABEL, FONT_SMALL
from zz_math._types import IntArray
from zz_math.scene_data.gradient_signs import GradientSignsData

__all__ = ["GradientSigns", "Lines", "raster_index"]

CELL_STROKE = 0.0
# An empty cell (its step still to come) is an outline this wide.
CELL_OUTLINE = 1.0
# Gap between neighbouring cells, as a share of the smaller pitch.
CELL_GAP_SHARE = 0.12
# A cell's height over its width stays within [1 / CELL_ASPECT_MAX, CELL_ASPECT_MAX], or up to
# CELL_ASPECT_LIMIT when the row labels need the rows that tall.
CELL_ASPECT_MAX = 1.6
CELL_ASPECT_LIMIT = 3.0
# Smallest cell width worth drawing (units).
CELL_MIN = 0.12
# Gap between two bands of one raster, in row pitches.
BAND_GAP_SHARE = 0.6
ROW_LABEL_SIZE = 26
# Rows are at least this much taller than a row label, so the labels never touch.
ROW_LABEL_CLEARANCE = 0.04
LEGEND_SIZE = 26
LEGEND_SWATCH = 0.27
# A raster's width at least this share of the frame's short side, or fewer rasters at once.
FIGURE_SHARE = 0.45
# Gaps: title → legend, header → raster, raster → steps label, between slots (least and most).
TITLE_GAP = 0.5 * BUFF
HEAD_GAP = 0.4 * BUFF
LABEL_GAP = 0.4 * BUFF
STEPS_GAP = 0.2 * BUFF
SLOT_GAP = 0.8 * BUFF
SLOT_GAP_MAX = 4 * BUFF
REGION_GAP = BUFF
RASTER_LAG = 0.02
RASTER_RUN_TIME = 2.5


AXES = (RIGHT, UP)

# The speaker notes' sentence for what a block shows, by the key of the block's caption.
NOTE_WHAT = {
    "uniform_note": "note_what_uniform",
    "zero_note": "note_what_zero",
    "mixed_note": "note_what_mixed",
    "batch_note": "note_what_batch_mixed",
    "batch_note_same": "note_what_batch_same",
}


def raster_index(step: int, weight: int, n_weights: int) -> int:
    """Position in a raster's VGroup of the cell of ``step`` and ``weight`` (step-major)."""
    return step * n_weights + weight


def extent(*mobjects: Mobject, axis: int = 1) -> float:
    """Height (``axis`` 1) or width (``axis`` 0) of the box around ``mobjects``."""
    low = min(m.get_critical_point(-AXES[axis])[axis] for m in mobjects)
    high = max(m.get_critical_point(AXES[axis])[axis] for m in mobjects)
    return float(high - low)


class Lines(VGroup):
    """Wrapped lines of one text; ``.text`` is their words without spaces, as a ``Text``'s is."""

    @property
    def text(self) -> str:
        return "".join(cast(Text, line).text for line in self.submobjects)


@dataclass(frozen=True, slots=True)
class RasterShape:
    """How the rasters are drawn: slots on screen, bands per raster, column and row pitch."""

    slots: int
    bands: int
    steps_per_band: int
    column: float
    row: float

    @property
    def cell_area(self) -> float:
        return self.column * self.row


class GradientSigns(ZigzagScene):
    """Sign rasters of SGD gradients for the problem's and for centred inputs, then mini-batch."""

    data: GradientSignsData

    def construct(self) -> None:
        self.section("sgd")
        self.show_title_and_legend()
        self.blocks = self.get_blocks()
        self.show_slots()
        self.show_block(0)
        self.section("centred")
        self.show_block(1)
        self.section("batch")
        self.show_block(2)
        self.section("summary")
        self.show_summary()

    # ------------------------------------------------------------------ speaker notes

    def note_values(self, part: str) -> dict[str, Any]:
        """What the lecturer says over section ``part``: the raster's regime, steps and counts, why
        its signs agree or not (from its inputs' sign class) and what the raster shows (the same
        branching as the block's caption, :meth:`block_note`); the shares compared in the summary."""
        data = self.data
        names = [self.words(f"regime_{r}") for r in data.regimes]
        values: dict[str, Any] = {
            "first": names[0],
            "second": names[1],
            "loss": self.symbol("loss"),
            "weight": self.symbol("weight"),
            "x": self.symbol("input"),
            "first_share": self.percent(data.uniform_share[0]),
            "second_share": self.percent(data.uniform_share[1]),
            "batch_share": self.percent(data.batch_uniform_share),
            "batch": self.number(data.batch_size),
        }
        if part in ("sgd", "centred"):
            index = 0 if part == "sgd" else 1
            agreement = data.agreement[index]
            values.update(
                count=self.number(agreement.total),
                why=self.words(f"note_inputs_{data.input_signs[index]}", **values),
                what=self.words(
                    NOTE_WHAT[self.block_note(index)[0]],
                    share=self.percent(data.uniform_share[index]),
                    opposite=self.number(agreement.opposite),
                    total=self.number(agreement.total),
                ),
            )
            return values
        if part == "batch":
            key, caption = self.block_note(len(self.raster_signs()) - 1)
            values["what"] = self.words(
                NOTE_WHAT[key],
                **{**values, **caption, "single_total": self.number(data.agreement[0].total)},
            )
            return values
        values["verdict"] = self.words(
            "note_verdict",
            pair=self.words(f"note_pair_{self.share_order(data.uniform_share[0], data.uniform_share[1])}",
                            **values),
            effect=self.words(
                f"note_effect_{self.share_order(data.batch_uniform_share, data.uniform_share[0])}", **values
            ),
        )
        return values

    def share_order(self, share: float, other: float) -> str:
        """``higher``, ``lower`` or ``same``: ``share`` against ``other`` as the percentages on
        screen show them (equal when they print alike)."""
        if self.percent(share) == self.percent(other) or not (share > other or share < other):
            return "same"
        return "higher" if share > other else "lower"

    # ------------------------------------------------------------------ words

    def lines(self, content: str, width: float, font_size: float = FONT_BODY, color: Any = None,
              align: np.ndarray = ORIGIN) -> Lines:
        """``content`` wrapped to ``width`` (its own line breaks kept), lines aligned on ``align``."""
        return Lines(*self.wrapped(content, width, font_size=font_size, color=color, aligned_edge=align))

    def raster_signs(self) -> list[IntArray]:
        """The three rasters' signs: problem's inputs, centred inputs, mini-batch."""
        return [*self.data.signs, self.data.batch_signs]

    def caption_values(self) -> list[tuple[str, dict[str, Any]]]:
        """Every caption the scene shows, with its values (the band is as tall as the tallest)."""
        data = self.data
        notes = [self.block_note(index) for index in range(len(self.raster_signs()))]
        summary = {
            "first": self.percent(data.uniform_share[0]),
            "second": self.percent(data.uniform_share[1]),
            "batch": self.percent(data.batch_uniform_share),
        }
        return [*notes, ("summary", summary)]

    # ------------------------------------------------------------------ builders

    def get_raster(self, signs: IntArray, shape: RasterShape) -> VGroup:
        """One cell per (step, weight), of its sign's colour but still empty (an outline, see
        :meth:`colour_in`); steps run along bands of ``shape.steps_per_band`` columns, weights down
        the rows of a band."""
        n_steps, n_weights = signs.shape
        gap = CELL_GAP_SHARE * min(shape.column, shape.row)
        cells = VGroup()
        for step in range(n_steps):
            band, column = divmod(step, shape.steps_per_band)
            for weight in range(n_weights):
                cell = Rectangle(
                    width=shape.column - gap,
                    height=shape.row - gap,
                    stroke_color=self.theme.muted,
                    stroke_width=CELL_OUTLINE,
                    fill_color=self.theme.sign_colour(int(signs[step, weight])),
                    fill_opacity=0.0,
                )
                row = band * (n_weights + BAND_GAP_SHARE) + weight
                cell.move_to(np.array([column * shape.column, -row * shape.row, 0.0]))
                cells.add(cell)
        as_panel(cells, "sign raster")
        return cells

    def row_label(self, weight: int) -> Any:
        """``∂L/∂w_i``."""
        return self.formula(rf"\partial @L / \partial @w_{{{weight + 1}}}", font_size=ROW_LABEL_SIZE)

    def get_row_labels(self, raster: VGroup, n_steps: int, n_weights: int, shape: RasterShape) -> VGroup:
        """``∂L/∂w_i`` at the left of each row of every band, right-aligned."""
        labels = VGroup()
        for first in range(0, n_steps, shape.steps_per_band):
            for weight in range(n_weights):
                label = self.row_label(weight)
                label.next_to(raster[raster_index(first, weight, n_weights)], LEFT, buff=LABEL_GAP)
                labels.add(label)
        right = min(label.get_right()[0] for label in labels)
        for label in labels:
            label.shift((right - label.get_right()[0]) * RIGHT)
        return labels

    def get_header(self, header: str, share: float) -> VGroup:
        """The block's name and its share of one-sign steps: on one line when both fit the safe
        width (the share at the right), else the name (wrapped) over the share."""
        width = self.layout.safe.width
        head = self.lines(header, width, font_size=FONT_SMALL, align=LEFT)
        share_text = self.lines(
            self.words("share", share=self.percent(share)), width, font_size=FONT_SMALL, align=LEFT
        )
        if len(head) == 1 and head.width + 2 * BUFF + share_text.width <= width:
            share_text.next_to(head, RIGHT, buff=2 * BUFF).align_to(head, DOWN)
        else:
            share_text.next_to(head, DOWN, buff=HEAD_GAP / 2, aligned_edge=LEFT)
        return VGroup(head, share_text)

    def headers(self) -> list[VGroup]:
        """Name and share of each block, in block order."""
        data = self.data
        regime_words = [self.words(f"regime_{r}") for r in data.regimes]
        names = [
            self.words("raster_sgd", regime=regime_words[0]),
            self.words("raster_sgd", regime=regime_words[1]),
            self.words("raster_batch", regime=regime_words[0], batch=data.batch_size),
        ]
        shares = [*data.uniform_share, data.batch_uniform_share]
        return [self.get_header(name, share) for name, share in zip(names, shares, strict=True)]

    def get_legend(self) -> VGroup:
        """Colour key of the cells (zero only when some gradient component is exactly zero),
        on one line if it fits the safe width, else one entry a line."""
        all_signs = np.concatenate(self.raster_signs())
        entries = [(1, r"> 0"), (-1, r"< 0")]
        if np.any(all_signs == 0):
            entries.append((0, r"= 0"))
        legend = VGroup()
        for sign, relation in entries:
            swatch = Square(
                side_length=LEGEND_SWATCH,
                stroke_width=CELL_STROKE,
                fill_color=self.theme.sign_colour(sign),
                fill_opacity=1.0,
            )
            words = self.formula(rf"\partial @L / \partial @w_i {relation}", font_size=LEGEND_SIZE)
            legend.add(VGroup(swatch, words).arrange(RIGHT, buff=BUFF / 2))
        legend.arrange(RIGHT, buff=3 * BUFF)
        if legend.width > self.layout.safe.width:
            legend.arrange(DOWN, buff=BUFF / 2, aligned_edge=LEFT)
        return legend

    def get_steps_label(self, count: int) -> Any:
        """``step 1 → n`` under the bottom raster."""
        return self.prose("steps_axis", font_size=FONT_LABEL, count=count, color=self.theme.muted)

    # ------------------------------------------------------------------ layout

    def slot_of(self, index: int, slots: int) -> int:
        """The slot block ``index`` is drawn in: its own, or the last one when slots run short."""
        return min(index, slots - 1)

    def raster_shapes(self, stage: Box, heads: list[float], steps_height: float) -> list[RasterShape]:
        """Every readable way to draw the rasters in ``stage``: slots × bands, cells as large as fit."""
        signs = self.raster_signs()
        n_steps = max(s.shape[0] for s in signs)
        n_weights = max(s.shape[1] for s in signs)
        label_width = max(self.row_label(w).width for w in range(n_weights)) + LABEL_GAP
        label_pitch = max(self.row_label(w).height for w in range(n_weights)) + ROW_LABEL_CLEARANCE
        shapes = []
        for slots in range(len(signs), 0, -1):
            head = sum(
                max(heads[i] for i in range(len(signs)) if self.slot_of(i, slots) == slot)
                for slot in range(slots)
            )
            room = stage.height - head - slots * HEAD_GAP - (slots - 1) * SLOT_GAP
            room -= STEPS_GAP + steps_height
            for bands in range(1, n_steps + 1):
                per_band = math.ceil(n_steps / bands)
                if bands > 1 and math.ceil(n_steps / (bands - 1)) == per_band:
                    continue
                column = (stage.width - label_width) / per_band
                row = room / (slots * (n_weights * bands + BAND_GAP_SHARE * (bands - 1)))
                if row < label_pitch or column < CELL_MIN:
                    continue
                row = min(row, max(CELL_ASPECT_MAX * column, label_pitch))
                column = min(column, CELL_ASPECT_MAX * row)
                if row <= CELL_ASPECT_LIMIT * column:
                    shapes.append(RasterShape(slots, bands, per_band, column, row))
        return shapes

    def choose_shape(self, shapes: list[RasterShape]) -> RasterShape:
        """All rasters at once if they stay wide enough, else as many as can; then the largest cells."""
        wide = FIGURE_SHARE * self.layout.short_side

        def merit(shape: RasterShape) -> tuple[bool, int, float]:
            return (shape.column * shape.steps_per_band >= wide, shape.slots, shape.cell_area)

        return max(shapes, key=merit)

    def get_blocks(self) -> VGroup:
        """The three blocks (header, row labels, raster, share) placed in their slots of the stage
        between the legend and the caption band."""
        safe = self.layout.safe
        band = max(
            self.lines(self.words(key, **values), safe.width, font_size=FONT_SMALL).height
            for key, values in self.caption_values()
        )
        self.caption_band = Box(safe.left, safe.right, safe.bottom, safe.bottom + band)
        stage = Box(safe.left, safe.right, self.caption_band.top + REGION_GAP,
                    self.legend.get_bottom()[1] - REGION_GAP)
        signs = self.raster_signs()
        headers = self.headers()
        self.steps_label = self.get_steps_label(max(s.shape[0] for s in signs))
        shapes = self.raster_shapes(stage, [h.height for h in headers], self.steps_label.height)
        self.shape = self.choose_shape(shapes) if shapes else RasterShape(
            1, 1, max(s.shape[0] for s in signs), CELL_MIN, CELL_MIN)
        blocks = VGroup()
        for (head, share_text), block_signs in zip(headers, signs, strict=True):
            raster = self.get_raster(block_signs, self.shape)
            labels = self.get_row_labels(raster, block_signs.shape[0], block_signs.shape[1], self.shape)
            blocks.add(VGroup(head, labels, raster, share_text))
        self.place_blocks(blocks, stage)
        return blocks

    def place_blocks(self, blocks: VGroup, stage: Box) -> None:
        """Slots from the top of ``stage``, the spare height spread between them; each block's
        labels and raster start at the stage's left, its header sits on the raster."""
        slots = self.shape.slots
        members = [[i for i in range(len(blocks)) if self.slot_of(i, slots) == s] for s in range(slots)]
        heads = [max(extent(blocks[i][0], blocks[i][3]) for i in m) for m in members]
        rasters = [max(extent(blocks[i][1], blocks[i][2]) for i in m) for m in members]
        used = sum(heads) + sum(rasters) + slots * HEAD_GAP + STEPS_GAP + self.steps_label.height
        spare = max(0.0, stage.height - used - (slots - 1) * SLOT_GAP)
        gap = min(SLOT_GAP + spare / (slots + 1), SLOT_GAP_MAX)
        top = stage.top - (stage.height - used - (slots - 1) * gap) / 2
        # Rasters share the left edge of the widest (runs may stop early), centred in the stage.
        left = stage.center[0] - max(extent(*b[1:3], axis=0) for b in blocks) / 2
        for slot, indices in enumerate(members):
            raster_top = top - heads[slot] - HEAD_GAP
            for i in indices:
                head, labels, raster, share_text = blocks[i]
                body = VGroup(labels, raster)
                body.move_to(np.array([0.0, raster_top, 0.0]), aligned_edge=UP)
                body.shift((left - body.get_left()[0]) * RIGHT)
                header = VGroup(head, share_text)
                header.shift((left - header.get_left()[0]) * RIGHT)
                header.shift(min(0.0, stage.right - header.get_right()[0]) * RIGHT)
                header.shift((raster_top + HEAD_GAP - header.get_bottom()[1]) * UP)
                if share_text.get_bottom()[1] > head.get_bottom()[1] - 1e-6:  # one line: share at the right
                    right = max(raster.get_right()[0], head.get_right()[0] + 2 * BUFF + share_text.width)
                    right = min(right, stage.right)
                    share_text.shift((right - share_text.get_right()[0]) * RIGHT)
            top = raster_top - rasters[slot] - gap
        bottom = blocks[members[-1][-1]]
        self.steps_label.next_to(bottom[2], DOWN, buff=STEPS_GAP).align_to(bottom[2], LEFT)

    # ------------------------------------------------------------------ parts

    def show_title_and_legend(self) -> None:
        self.title = self.get_title()
        self.legend = self.get_legend().next_to(self.title, DOWN, buff=TITLE_GAP)
        self.play(Write(self.title), run_time=self.timing.write)
        self.play(FadeIn(self.legend), run_time=self.timing.fade)

    def caption(self, key: str, **values: object) -> None:
        """Show ``key`` in the caption band, replacing the caption before it."""
        band = self.caption_band
        new = self.lines(self.words(key, **values), band.width, font_size=FONT_SMALL,
                         color=self.theme.accent)
        new.move_to(band.center)
        old = getattr(self, "current_caption", None)
        if old is None:
            self.play(FadeIn(new), run_time=self.timing.fade)
        else:
            self.play(FadeOut(old), FadeIn(new), run_time=self.timing.fade)
        self.current_caption = new

    def block_note(self, index: int) -> tuple[str, dict[str, str]]:
        """Caption of a block: chosen by the measured share, so any course's regimes read right."""
        data = self.data
        if index == len(self.raster_signs()) - 1:
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

    def block_parts(self, index: int) -> VGroup:
        """What shows of block ``index`` before its raster is coloured in: name, labels, raster."""
        head, labels, raster, _ = self.blocks[index]
        return VGroup(head, labels, raster)

    def show_slots(self) -> None:
        """Every slot's first block, its raster still empty, and the steps under the bottom one."""
        firsts = [self.slot_members(slot)[0] for slot in range(self.shape.slots)]
        self.play(
            *(FadeIn(self.block_parts(i)) for i in firsts),
            FadeIn(self.steps_label),
            run_time=self.timing.fade,
        )

    def slot_members(self, slot: int) -> list[int]:
        """The blocks drawn in ``slot``, in order."""
        return [i for i in range(len(self.blocks)) if self.slot_of(i, self.shape.slots) == slot]

    def colour_in(self, raster: Mobject) -> None:
        """Fill the raster's cells step by step."""
        self.play(
            LaggedStart(
                *(cell.animate.set_fill(opacity=1.0).set_stroke(width=CELL_STROKE).build() for cell in raster),
                lag_ratio=RASTER_LAG,
            ),
            run_time=RASTER_RUN_TIME,
        )

    def show_block(self, index: int) -> None:
        members = self.slot_members(self.slot_of(index, self.shape.slots))
        if members[0] != index:  # the slot's earlier block makes way
            before = members[members.index(index) - 1]
            self.play(FadeOut(self.blocks[before]), FadeIn(self.block_parts(index)),
                      run_time=self.timing.fade)
        self.colour_in(self.blocks[index][2])
        self.play(FadeIn(self.blocks[index][3]), run_time=self.timing.fade)
        note, values = self.block_note(index)
        self.caption(note, **values)
        self.wait(self.timing.pause)

    def show_summary(self) -> None:
        key, values = self.caption_values()[-1]
        self.caption(key, **values)
        self.wait(self.timing.read)

    # ------------------------------------------------------------------ for tests

    def cell_colour(self, block: int, step: int, weight: int) -> ManimColor:
        """Fill colour of a raster cell."""
        raster = self.blocks[block][2]
        colour: ManimColor = raster[raster_index(step, weight, 2)].get_fill_color()
        return colour
