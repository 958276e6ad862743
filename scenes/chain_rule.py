"""``chain-rule``: one neuron, its gradient by the chain rule, and why one sample fixes every sign.

For ``f = Σ w_i x_i + b`` the chain rule gives ``∂L/∂w_i = (∂L/∂f) · x_i``: with every ``x_i > 0``
all weight gradients (and the bias gradient) share the sign of the one scalar ``∂L/∂f``. A worked
example with the toy's first SGD sample shows the signs with real numbers.

Layout, from the frame: the neuron first fills the body alone; then it steps aside, beside the
derivation or above it (whichever leaves it larger), and the derivation is written on a board that
steps on (the oldest lines leave) when the next line does not fit. The boxed rule and the worked
example take the board, or the whole body (the neuron leaving) when the board cannot hold them.
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
    Arrow,
    Circle,
    Create,
    FadeIn,
    FadeOut,
    GrowArrow,
    MathTex,
    Mobject,
    Rectangle,
    SurroundingRectangle,
    Transform,
    VGroup,
    Write,
)

from scenes.base import ZigzagScene
from scenes.layout import Box, fit_drawing
from scenes.parts import Parts
from scenes.style import (
    ARROW_STROKE,
    BUFF,
    FONT_BODY,
    FONT_SMALL,
    MATH_BODY,
    MATH_SMALL,
    PATH_STROKE,
)
from zz_math.scene_data.chain_rule import ChainRuleData

__all__ = ["ChainRule"]

# The neuron: node radius per side of its box (shorter side; at most its width over NODE_ACROSS),
# the nominal radius its labels are sized for, the narrowest and widest width/height it takes
# (placed, and alone), and where ``f`` sits across it.
NODE_SHARE = 0.14
NODE_ACROSS = 9
NODE_RADIUS = 0.42
NODE_MIN = 0.3
NEURON_ASPECTS = (1.1, 2.3)
ALONE_ASPECTS = (0.65, 2.3)
# Above the board the neuron keeps at least this share of the frame's short side in height (the
# board then steps through its lines).
NEURON_LEAST = 0.3
# Beside the board the neuron's column keeps this share of the short side when it can.
NEURON_WANT = 0.5
NEURON_AT = 0.6
# The arrow from f to the loss is at least this many node radii long.
OUT_LEAST = 1.2
LOSS_SHARE = 0.95
LABEL_AT = (0.25, 0.7)
FIT_TOLERANCE = 1e-6
# The frame: the board's share of a body it sits beside the neuron in; the share of the board's
# height the derivation may fill and its largest font; gaps between regions and between board blocks.
BOARD_SHARE = 0.5
DERIVATION_FILL = 0.9
MATH_LARGE = 72
# The boxed rule grows by the first of these factors that keeps it on one line within the board.
SIGN_GROWTH = (1.4, 1.25, 1.1, 1.0)
COLUMN_GAP = 0.5
CAPTION_GAP = 0.2
BLOCK_GAP = 0.4
DERIVATION_GAP = 0.42
# The derivation's lines spread over the board, up to this many times their gap.
SPREAD_MOST = 2.5
BOX_BUFF = 0.18
EXAMPLE_GAP = 0.2
# The worked example grows up to this factor over the small sizes while it fits its room.
EXAMPLE_GROWTH = (1.6, 1.4, 1.25, 1.1, 1.0)
DIGITS = 2
UNIT_TEX = {"sigmoid": r"\sigma", "relu": r"\mathrm{R}", "tanh": r"\tanh"}

DLDF = r"\frac{\partial @L}{\partial f}"
DLDW = r"\frac{\partial @L}{\partial @w_i}"
DLDB = r"\frac{\partial @L}{\partial b}"


class ChainRule(ZigzagScene):
    """A neuron diagram, the chain rule line by line, the boxed sign rule and a worked example."""

    data: ChainRuleData

    def construct(self) -> None:
        self.section("neuron")
        self.title = self.get_title()
        self.play(Write(self.title), run_time=self.timing.write)
        self.plan_layout()
        self.show_neuron()
        self.section("derivation")
        self.show_derivation()
        self.section("sign")
        self.show_sign_rule()
        self.section("example")
        self.show_example()
        self.wait(self.timing.read)

    # ------------------------------------------------------------------ speaker notes

    def note_values(self, part: str) -> dict[str, Any]:
        """What the notes of ``part`` need: the notation's symbols, the inputs' source and signs
        (branched like the caption and the boxed rule) and the worked example's numbers."""
        symbols = {"x": self.symbol("input"), "w": self.symbol("weight"), "L": self.symbol("loss")}
        signs = self.data.dataset_signs
        if part == "neuron":
            zero = "_zero" if signs == "nonnegative" and self.problem.activation == "sigmoid" else ""
            return {
                **symbols,
                "inputs": self.words(f"note_inputs_{self.problem.activation}{zero}", **symbols),
                "stake": self.words("note_stake_mixed" if signs == "mixed" else "note_stake_locked"),
                "feed": self.words(f"cue_feed_{self.problem.activation}{zero}", **symbols),
            }
        if part == "sign":
            return {
                **symbols,
                "rule": self.words(f"note_rule_{signs}", **symbols),
                "cue_rule": self.words(f"cue_rule_{signs}", **symbols),
            }
        if part == "example":
            values = {**symbols, **self.example_note_values(symbols)}
            # The captions' outcome, chosen as the notes' is: the factor's sign and the inputs' signs.
            factor = float(self.data.factors.dloss_df)
            gradient = np.sign(np.asarray(self.data.factors.grad_w, dtype=float))
            if factor == 0.0:
                key = "cue_outcome_zero"
            elif self.data.input_signs == "mixed":
                split = bool(np.any(gradient > 0) and np.any(gradient < 0))
                key = "cue_outcome_split" if split else "cue_outcome_unsplit"
            else:
                key = "cue_outcome_positive" if self.data.input_signs == "positive" else "cue_outcome_nonnegative"
            sign = self.words("note_sign_negative" if factor < 0 else "note_sign_positive")
            return {**values, "cue_outcome": self.words(key, **values, sign=sign)}
        return symbols

    def example_note_values(self, symbols: dict[str, str]) -> dict[str, str]:
        """The worked example's numbers as on screen, and what its gradient's signs show (the
        factor's sign and the sample's input signs choose the words)."""
        facts = self.data.factors
        factor = float(facts.dloss_df)
        gradient = np.sign(np.asarray(facts.grad_w, dtype=float))
        if factor == 0.0:
            outcome = self.words("note_outcome_zero")
        elif self.data.input_signs == "mixed":
            split = bool(np.any(gradient > 0) and np.any(gradient < 0))
            outcome = self.words("note_outcome_split" if split else "note_outcome_unsplit")
        else:
            key = "note_outcome_positive" if self.data.input_signs == "positive" else "note_outcome_nonnegative"
            outcome = self.words(key, sign=self.words("note_sign_negative" if factor < 0 else "note_sign_positive"))
        return {
            "sample": self.number(self.data.sample_index),
            "weights": self.point(self.data.weights, DIGITS),
            "inputs": self.point(self.data.inputs, DIGITS),
            "target": self.number(self.data.target, DIGITS),
            "f": self.number(float(facts.f), DIGITS),
            "factor": self.number(factor, DIGITS),
            "gradient": self.point(facts.grad_w, DIGITS),
            "outcome": outcome,
        }

    # ------------------------------------------------------------------ colours

    @property
    def input_colour(self) -> Any:
        """Colour of ``x_i`` wherever it appears."""
        return self.theme.accent

    @property
    def factor_colour(self) -> Any:
        """Colour of the shared factor ``∂L/∂f``."""
        return self.theme.secondary

    # ------------------------------------------------------------------ the neuron

    def get_node(self, tex: str, colour: Any, centre: np.ndarray, radius: float) -> VGroup:
        """A circle with a formula inside."""
        circle = Circle(radius=radius, color=colour, stroke_width=PATH_STROKE).move_to(centre)
        label = self.formula(tex, font_size=MATH_SMALL * radius / NODE_RADIUS).move_to(circle)
        return VGroup(circle, label)

    def get_arrow(self, start: np.ndarray, end: np.ndarray, buff: float, tip: float) -> Arrow:
        """A muted arrow from ``start`` to ``end``, ``buff`` short of both."""
        return Arrow(
            start, end, buff=buff, color=self.theme.muted, stroke_width=ARROW_STROKE,
            max_tip_length_to_length_ratio=tip,
        )

    def edge_label(self, tex: str, edge: Arrow, at: float, outward: np.ndarray, radius: float,
                   colour: Any = None) -> MathTex:
        """A label beside ``edge`` at proportion ``at``, on the side ``outward`` points to."""
        label = self.formula(tex, font_size=MATH_SMALL * radius / NODE_RADIUS, color=colour)
        return label.next_to(edge.point_from_proportion(at), outward, buff=BUFF / 2)

    def draw_neuron(self, width: float, height: float) -> Parts:
        """The neuron drawn across a ``width`` × ``height`` rectangle (its labels may stick out)."""
        radius = max(NODE_MIN, min(NODE_SHARE * min(width, height), width / NODE_ACROSS))
        left, bottom = -width / 2, -height / 2
        unit_tex = UNIT_TEX[self.problem.activation]
        label_room = self.formula("b", font_size=MATH_SMALL * radius / NODE_RADIUS).height + BUFF / 2
        side = LOSS_SHARE * 2 * radius
        f_x = min(left + NEURON_AT * width, width / 2 - side - (1 + OUT_LEAST) * radius)
        f_at = np.array([f_x, 0.0, 0.0])
        unit_at = [np.array([left + radius, y, 0.0]) for y in (height / 2 - radius, bottom + radius)]
        units = VGroup(*(self.get_node(unit_tex, self.theme.muted, at, radius) for at in unit_at))
        neuron = self.get_node("f", self.theme.foreground, f_at, radius)
        loss_box = Rectangle(width=side, height=side, color=self.theme.foreground, stroke_width=PATH_STROKE)
        loss_box.move_to([width / 2 - side / 2, 0.0, 0.0])
        loss_label = self.formula("@L", font_size=MATH_SMALL * radius / NODE_RADIUS).move_to(loss_box)
        edges = VGroup(*(self.get_arrow(at, f_at, radius, 0.12) for at in unit_at))
        input_labels, weight_labels = VGroup(), VGroup()
        for index, (edge, at) in enumerate(zip(edges, unit_at, strict=True), start=1):
            run = f_at - at
            outward = np.array([abs(run[1]), abs(run[0]), 0.0]) * (1 if index == 1 else np.array([1, -1, 0]))
            outward = outward / np.linalg.norm(outward)
            input_labels.add(self.edge_label(f"@x_{index}", edge, LABEL_AT[0], outward, radius, self.input_colour))
            weight_labels.add(self.edge_label(f"@w_{index}", edge, LABEL_AT[1], outward, radius))
        bias_start = np.array([f_at[0], bottom + label_room, 0.0])
        bias_edge = self.get_arrow(bias_start, f_at, 0.0, 0.2)
        bias_edge.put_start_and_end_on(bias_start, f_at + DOWN * radius)
        bias_label = self.formula("b", font_size=MATH_SMALL * radius / NODE_RADIUS)
        bias_label.next_to(bias_edge, DOWN, buff=BUFF / 3)
        out_edge = self.get_arrow(f_at + RIGHT * radius, loss_box.get_left(), 0.0, 0.2)
        return Parts(
            units=units,
            edges=edges,
            input_labels=input_labels,
            weight_labels=weight_labels,
            neuron=neuron,
            bias=VGroup(bias_edge, bias_label),
            out=VGroup(out_edge, loss_box, loss_label),
        )

    def get_neuron(self, box: Box, aspects: tuple[float, float] = NEURON_ASPECTS) -> Parts:
        """``x_1, x_2`` from two units through ``w_1, w_2`` into ``f`` (plus ``b``), then ``L``: as
        large as ``box`` holds, at a width/height within ``aspects``, centred in it."""
        return fit_drawing(self.draw_neuron, box, aspects, "neuron")

    def get_caption(self, width: float, font_size: float = FONT_SMALL) -> VGroup:
        """What feeds the neuron: the inputs' activation and their signs, wrapped to ``width``."""
        zero = "_zero" if self.data.dataset_signs == "nonnegative" and self.problem.activation == "sigmoid" else ""
        words = self.words(f"caption_{self.problem.activation}{zero}", x=self.symbol("input"))
        return self.wrapped(words, width, font_size=font_size)

    # ------------------------------------------------------------------ formulas

    def colour_parts(self, tex: MathTex, colours: dict[int, Any]) -> MathTex:
        """Colour the parts of ``tex`` listed by index."""
        for index, colour in colours.items():
            tex[index].set_color(colour)
        return tex

    def get_derivation(self, font_size: float = MATH_BODY) -> list[MathTex]:
        """The three lines of the chain rule, inputs and the shared factor colour-matched."""
        line_f = self.formula("f = \\sum_i @w_i", "@x_i", "+ b", font_size=font_size)
        line_dfdw = self.formula(r"\frac{\partial f}{\partial @w_i} =", "@x_i", font_size=font_size)
        line_dldw = self.formula(DLDW, "=", DLDF, r"\cdot", "@x_i", font_size=font_size)
        self.colour_parts(line_f, {1: self.input_colour})
        self.colour_parts(line_dfdw, {1: self.input_colour})
        self.colour_parts(line_dldw, {2: self.factor_colour, 4: self.input_colour})
        return [line_f, line_dfdw, line_dldw]

    def get_sign_rule(self, width: float) -> VGroup:
        """The boxed conclusion, at most ``width`` wide, grown by the first of :data:`SIGN_GROWTH`
        that keeps its rule on one line."""
        for growth in SIGN_GROWTH:
            rule = self.draw_sign_rule(width, growth)
            if rule.fits:
                return rule
        return rule

    def draw_sign_rule(self, width: float, growth: float) -> VGroup:
        """The boxed conclusion at ``growth`` times the small sizes: positive inputs give every
        gradient the sign of ``∂L/∂f`` (the rule breaks after its ``⇒`` and the note wraps where it
        must); ``fits`` says whether the rule kept to one line."""
        room = width - 2 * BOX_BUFF
        math, prose = MATH_SMALL * growth, FONT_SMALL * growth
        parts = self.sign_rule_parts()
        rule: Mobject = self.formula(*parts, font_size=math)
        self.colour_parts(rule, {0: self.input_colour, 3: self.factor_colour})
        fits = rule.width <= room
        if not fits:
            head = self.colour_parts(self.formula(*parts[:2], font_size=math), {0: self.input_colour})
            tail = self.colour_parts(self.formula(*parts[2:], font_size=math), {1: self.factor_colour})
            rule = VGroup(head, tail).arrange(DOWN, buff=BUFF / 2, aligned_edge=LEFT)
        bias = self.formula(DLDB, "=", DLDF, font_size=math)
        self.colour_parts(bias, {2: self.factor_colour})
        words = self.words("bias_shares")
        beside = room - bias.width - BUFF
        if len(self.wrap(words, beside, prose)) == 1:
            note = self.wrapped(words, beside, font_size=prose, aligned_edge=LEFT)
            bias_row = VGroup(bias, note).arrange(RIGHT, buff=BUFF)
        else:
            note = self.wrapped(words, room, font_size=prose, aligned_edge=LEFT)
            bias_row = VGroup(bias, note).arrange(DOWN, buff=BUFF / 2, aligned_edge=LEFT)
        content = VGroup(rule, bias_row).arrange(DOWN, buff=BUFF, aligned_edge=LEFT)
        box = SurroundingRectangle(content, color=self.theme.accent, buff=BOX_BUFF)
        boxed = VGroup(content, box)
        boxed.fits = fits
        return boxed

    def sign_rule_parts(self) -> tuple[str, ...]:
        """The boxed rule as fits the course's inputs: ``x_i > 0`` (or ``≥ 0``, where a zero input
        gives a zero component) makes every component take the factor's sign; inputs of both
        signs multiply it by each input's sign."""
        sign_of = self.words("tex_sign")
        signs = self.data.dataset_signs
        if signs == "mixed":
            return (
                r"@x_i \gtrless 0",
                r"\;\Rightarrow\;",
                rf"{sign_of}\!\left({DLDW}\right) = {sign_of}\!\left(",
                DLDF,
                rf"\right) {sign_of}(@x_i)",
            )
        condition = "@x_i > 0" if signs == "positive" else r"@x_i \ge 0"
        equals = "=" if signs == "positive" else r"\in \{0,"
        close = r"\right)\quad \forall i" if signs == "positive" else r"\right)\}\quad \forall i"
        return (
            condition,
            r"\;\Rightarrow\;",
            rf"{sign_of}\!\left({DLDW}\right) {equals} {sign_of}\!\left(",
            DLDF,
            close,
        )

    def get_vector_form(self, font_size: float = MATH_BODY) -> MathTex:
        """``∇_w L = (∂L/∂f) x``: one scalar times the input vector."""
        vector = self.formula(r"\nabla_{@w} @L =", DLDF, "@x", font_size=font_size)
        return self.colour_parts(vector, {1: self.factor_colour, 2: self.input_colour})

    # ------------------------------------------------------------------ the worked example

    def signed(self, value: float) -> tuple[str, Any]:
        """A number for TeX and the colour of its sign."""
        return self.tex_number(value, DIGITS), self.theme.sign_colour(float(value))

    def vector_parts(self, values: np.ndarray) -> list[tuple[str, Any]]:
        """``(a, b)`` as TeX parts, each component coloured by its sign."""
        parts: list[tuple[str, Any]] = [(r"\left(", None)]
        for index, value in enumerate(values):
            if index:
                parts.append((self.tex_separator(), None))
            parts.append(self.signed(float(value)))
        parts.append((r"\right)", None))
        return parts

    def example_line(self, parts: list[tuple[str, Any]], font_size: float) -> MathTex:
        """A formula from ``(tex, colour)`` parts, number parts coloured by sign (kept as ``numbers``)."""
        line = self.formula(*(tex for tex, _ in parts), font_size=font_size)
        line.numbers = []
        for index, (_, colour) in enumerate(parts):
            if colour is not None:
                line[index].set_color(colour)
                line.numbers.append(line[index])
        return line

    def example_row(self, pieces: Sequence[list[tuple[str, Any]]], width: float, font_size: float) -> list[MathTex]:
        """``pieces`` on one line (a ``,\\quad`` between them), or one line each when together
        they are wider than ``width``."""
        joined = [part for index, piece in enumerate(pieces) for part in ([(r",\quad", None)] if index else []) + piece]
        whole = self.example_line(joined, font_size)
        return [whole] if whole.width <= width else [self.example_line(piece, font_size) for piece in pieces]

    def get_example(self, width: float, growth: float = 1.0) -> VGroup:
        """The toy's sample with real numbers, at most ``width`` wide and ``growth`` times the small
        sizes: the sample, ``x``, ``y``, ``f``, ``∂L/∂f``, the gradient and the conclusion (number
        parts recorded for the tests)."""
        facts = self.data.factors
        prose, math = FONT_SMALL * growth, MATH_SMALL * growth
        intro = self.wrapped(
            self.words("example_intro", sample=self.number(self.data.sample_index)), width,
            font_size=prose, aligned_edge=LEFT,
        )
        bias_free = self.wrapped(
            self.words("bias_free"), width, font_size=prose, color=self.theme.muted, aligned_edge=LEFT
        )
        rows = [
            [[("@w =", None), *self.vector_parts(self.data.weights)]],
            [[("@x =", None), *self.vector_parts(self.data.inputs)], [("y =", None), self.signed(self.data.target)]],
            [[(r"f = @w \cdot @x =", None), self.signed(facts.f)]],
            [[(DLDF + "= f - y =", None), self.signed(facts.dloss_df)]],
            [[(r"\nabla_{@w} @L =", None), *self.vector_parts(facts.grad_w)]],
        ]
        lines = [line for row in rows for line in self.example_row(row, width, math)]
        self.number_parts: list[MathTex] = [part for line in lines for part in line.numbers]
        key = {
            "positive": "example_conclusion",
            "nonnegative": "example_conclusion_zero",
            "mixed": "example_mixed",
        }[self.data.input_signs] if facts.dloss_df != 0 else "example_factor_zero"
        # The factor's sign, and the components' (Italian agrees them: un fattore negativo, una componente negativa).
        factor = self.words("sign_negative" if facts.dloss_df < 0 else "sign_positive")
        sign = self.words("note_sign_negative" if facts.dloss_df < 0 else "note_sign_positive")
        conclusion = self.wrapped(
            self.words(key, factor=factor, sign=sign, loss=self.symbol("loss")), width, font_size=prose,
            color=self.theme.sign_colour(facts.dloss_df), aligned_edge=LEFT,
        )
        intro_rows = VGroup(intro, bias_free).arrange(DOWN, buff=EXAMPLE_GAP, aligned_edge=LEFT)
        return VGroup(intro_rows, *lines, conclusion)

    # ------------------------------------------------------------------ layout

    def plan_layout(self) -> None:
        """Every region from the frame: the neuron alone; then beside or above the board, whichever
        leaves it larger; where the boxed rule and the worked example go; the board's blocks built
        to its width."""
        body = self.body(self.title)
        self.body_box = body
        beside, stacked = self.plan_beside(body), self.plan_stacked(body)
        side = lambda plan: min(plan["placed"].width, plan["placed"].height)  # noqa: E731
        plan = beside if side(beside) > side(stacked) else stacked
        self.beside = plan is beside
        self.placed, self.placed_caption, self.board_box = plan["placed"], plan["caption"], plan["board"]
        self.derivation, self.vector_form, self.sign_rule = plan["derivation"], plan["vector"], plan["sign"]
        self.caption = self.get_caption(body.width, FONT_BODY)
        self.diagram = self.get_neuron(body.above(body.bottom + self.caption.height + CAPTION_GAP), ALONE_ASPECTS)
        self.caption.next_to(self.diagram, DOWN, buff=CAPTION_GAP)
        VGroup(self.diagram, self.caption).move_to(body.center)
        self.board_blocks: list[Mobject] = []
        self.board_gap = DERIVATION_GAP
        spread = (self.board_box.height - sum(line.height for line in self.derivation)) / (len(self.derivation) - 1)
        for line in self.derivation[1:]:
            line.gap_above = min(SPREAD_MOST * DERIVATION_GAP, max(DERIVATION_GAP, spread))
        needed = self.stack_height([self.sign_rule, self.vector_form], DERIVATION_GAP)
        self.sign_replaces_neuron = (
            self.sign_rule.width > self.board_box.width + FIT_TOLERANCE
            or needed > self.board_box.height + FIT_TOLERANCE
        )
        if self.sign_replaces_neuron:
            self.sign_rule = self.get_sign_rule(body.width)
        later = [] if self.sign_replaces_neuron else [self.sign_rule, self.vector_form]
        self.board_left = self.left_edge(self.board_box, [*self.derivation, *later])
        self.plan_example()

    def plan_beside(self, body: Box) -> dict[str, Any]:
        """The neuron in a column beside the board: the board as wide as :data:`BOARD_SHARE` of
        the body, less where the neuron would keep under :data:`NEURON_WANT` of the short side,
        never narrower than the derivation."""
        widest = max(line.width for line in self.get_derivation())
        room = body.width - COLUMN_GAP
        board = max(widest, min(BOARD_SHARE * room, room - NEURON_WANT * self.layout.short_side))
        column, board_box = body.columns([room - board, board], COLUMN_GAP)
        caption = self.get_caption(column.width)
        placed = self.get_neuron(column.above(column.bottom + caption.height + CAPTION_GAP))
        caption.next_to(placed, DOWN, buff=CAPTION_GAP)
        VGroup(placed, caption).move_to(column.center)
        derivation, vector = self.size_derivation(board_box)
        return {"placed": placed, "caption": caption, "board": board_box, "derivation": derivation,
                "vector": vector, "sign": self.get_sign_rule(board_box.width)}

    def plan_stacked(self, body: Box) -> dict[str, Any]:
        """The neuron above the board: as tall as leaves the board the last two lines of the
        derivation, or the boxed rule with the vector form, but at least :data:`NEURON_LEAST` of
        the short side."""
        caption = self.get_caption(body.width)
        sign = self.get_sign_rule(body.width)
        derivation, vector = self.size_derivation(body.rows([1, 1], 0)[1])
        least = max(
            self.stack_height(derivation[-2:], DERIVATION_GAP),
            self.stack_height([sign, vector], DERIVATION_GAP),
        )
        spare = body.height - caption.height - CAPTION_GAP - BLOCK_GAP - least
        height = min(body.width / NEURON_ASPECTS[0], max(spare, NEURON_LEAST * self.layout.short_side))
        placed = self.get_neuron(body.above(body.top - height))
        caption.next_to(placed, DOWN, buff=CAPTION_GAP)
        board_box = body.below(caption.get_bottom()[1], BLOCK_GAP)
        return {"placed": placed, "caption": caption, "board": board_box, "derivation": derivation,
                "vector": vector, "sign": sign}

    def size_derivation(self, box: Box) -> tuple[list[MathTex], MathTex]:
        """The derivation and the vector form, as large as fills :data:`DERIVATION_FILL` of ``box``'s
        height (at most :data:`MATH_LARGE`, at least :data:`MATH_BODY`) within its width."""
        lines = self.get_derivation()
        stretch = min(
            DERIVATION_FILL * box.height / self.stack_height(lines, DERIVATION_GAP),
            box.width / max(line.width for line in lines),
        )
        size = min(MATH_LARGE, max(MATH_BODY, MATH_BODY * stretch))
        return self.get_derivation(size), self.get_vector_form(size)

    def plan_example(self) -> None:
        """Where the worked example goes: on the board (the neuron stays) under the vector form, or
        without it; else on the whole body (the neuron leaves), with the vector form or without;
        as large as fits there, up to :data:`EXAMPLE_GROWTH`."""
        rooms = [(self.board_box, True), (self.board_box, False)] if not self.sign_replaces_neuron else []
        rooms += [(self.body_box, True), (self.body_box, False)]
        box, self.keep_vector = next(
            ((box, keep) for box, keep in rooms if self.example_fits(box, keep, 1.0)), rooms[-1]
        )
        growth = next((g for g in EXAMPLE_GROWTH if self.example_fits(box, self.keep_vector, g)), 1.0)
        self.example_box = box
        self.example_replaces_neuron = box is self.body_box
        self.example = self.get_example(box.width, growth)

    def example_fits(self, box: Box, keep_vector: bool, growth: float) -> bool:
        """Whether the example at ``growth`` (under the vector form when ``keep_vector``) fits ``box``."""
        example = self.get_example(box.width, growth)
        blocks = [self.vector_form, *example] if keep_vector else list(example)
        return self.stack_height(blocks, EXAMPLE_GAP) <= box.height + FIT_TOLERANCE

    @staticmethod
    def stack_height(blocks: Sequence[Mobject], gap: float) -> float:
        """Height of ``blocks`` stacked with ``gap`` between them."""
        return sum(block.height for block in blocks) + gap * (len(blocks) - 1)

    @staticmethod
    def left_edge(box: Box, blocks: Sequence[Mobject]) -> float:
        """Left edge that centres the widest of ``blocks`` in ``box``."""
        widest = max(block.width for block in blocks)
        return max(box.left, box.center[0] - widest / 2)

    def make_room(self, block: Mobject) -> None:
        """Place ``block`` under the board's last block; when it does not fit, the oldest blocks
        leave and the rest rise (one animation)."""
        box = self.board_box
        gap = getattr(block, "gap_above", self.board_gap)
        stay = list(self.board_blocks)
        leaving: list[Mobject] = []
        while stay and stay[0].get_top()[1] - stay[-1].get_bottom()[1] + gap + block.height > box.height + FIT_TOLERANCE:
            leaving.append(stay.pop(0))
        rise = box.top - stay[0].get_top()[1] if stay else 0.0
        if leaving or abs(rise) > 1e-6:
            self.play(
                *(FadeOut(old) for old in leaving),
                *(kept.animate.shift(UP * rise) for kept in stay),
                run_time=self.timing.move,
            )
        top = stay[-1].get_bottom()[1] - gap if stay else box.top
        block.move_to(np.array([self.board_left, top, 0.0]), aligned_edge=LEFT + UP)
        self.board_blocks = [*stay, block]

    # ------------------------------------------------------------------ parts

    def show_neuron(self) -> None:
        parts = self.diagram
        self.play(FadeIn(parts.part("units")), run_time=self.timing.fade)
        self.play(
            *(GrowArrow(edge) for edge in parts.part("edges")),
            FadeIn(parts.part("input_labels")),
            FadeIn(parts.part("weight_labels")),
            run_time=self.timing.move,
        )
        self.play(Create(parts.part("neuron")), FadeIn(parts.part("bias")), run_time=self.timing.move)
        self.play(FadeIn(parts.part("out")), run_time=self.timing.fade)
        self.play(FadeIn(self.caption), run_time=self.timing.fade)
        self.neuron_shown = True
        self.wait(self.timing.pause)

    def show_derivation(self) -> None:
        self.play(FadeOut(self.caption), Transform(self.diagram, self.placed), run_time=self.timing.move)
        self.caption = self.placed_caption
        self.play(FadeIn(self.caption), run_time=self.timing.fade)
        for line in self.derivation:
            self.make_room(line)
            self.play(Write(line), run_time=self.timing.write)
            self.wait(self.timing.pause)

    def show_sign_rule(self) -> None:
        if self.sign_replaces_neuron:
            self.clear_neuron()
        self.make_room(self.sign_rule)
        content, box = self.sign_rule
        self.play(Write(content), run_time=self.timing.write)
        self.play(Create(box), run_time=self.timing.fade)
        self.wait(self.timing.read)
        self.make_room(self.vector_form)
        self.play(Write(self.vector_form), run_time=self.timing.write)
        self.wait(self.timing.read)

    def clear_neuron(self) -> None:
        """The neuron and its caption leave; the board takes the whole body, its blocks rising
        (and moving over to stay centred with the boxed rule)."""
        left = self.left_edge(self.body_box, [*self.board_blocks, self.sign_rule, self.vector_form])
        shift = UP * (self.body_box.top - self.board_blocks[0].get_top()[1]) + RIGHT * (left - self.board_left)
        self.play(
            FadeOut(self.diagram),
            FadeOut(self.caption),
            *(block.animate.shift(shift) for block in self.board_blocks),
            run_time=self.timing.move,
        )
        self.board_box, self.board_left = self.body_box, left
        self.neuron_shown = False

    def show_example(self) -> None:
        keep = [self.vector_form] if self.keep_vector else []
        leaving = [block for block in self.board_blocks if block not in keep]
        if self.example_replaces_neuron and self.neuron_shown:
            leaving += [self.diagram, self.caption]
        self.board_box, self.board_gap = self.example_box, EXAMPLE_GAP
        self.board_left = self.left_edge(self.example_box, [*keep, *self.example])
        self.play(
            *(FadeOut(old) for old in leaving),
            *(block.animate.move_to(
                np.array([self.board_left, self.example_box.top, 0.0]), aligned_edge=LEFT + UP
            ) for block in keep),
            run_time=self.timing.move,
        )
        self.board_blocks = keep
        intro, *lines, conclusion = self.example
        self.make_room(intro)
        self.play(FadeIn(intro), run_time=self.timing.fade)
        for line in lines:
            self.make_room(line)
            self.play(Write(line), run_time=self.timing.write)
            self.wait(self.timing.pause / 2)
        self.make_room(conclusion)
        self.play(FadeIn(conclusion), run_time=self.timing.fade)
