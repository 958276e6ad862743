"""``chain-rule``: one neuron, its gradient by the chain rule, and why one sample fixes every sign.

For ``f = Σ w_i x_i + b`` the chain rule gives ``∂L/∂w_i = (∂L/∂f) · x_i``: with every ``x_i > 0``
all weight gradients (and the bias gradient) share the sign of the one scalar ``∂L/∂f``. A worked
example with the toy's first SGD sample shows the signs with real numbers.
"""

from __future__ import annotations

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
    Rectangle,
    SurroundingRectangle,
    VGroup,
    Write,
)

from scenes.base import ZigzagScene
from scenes.style import ARROW_STROKE, BUFF, FONT_SMALL, MATH_SMALL, PATH_STROKE
from zz_math.scene_data.chain_rule import ChainRuleData

__all__ = ["ChainRule"]

NODE_RADIUS = 0.42
LOSS_SIDE = 0.8
DIAGRAM_GAP = 2.4
INPUT_SPREAD = 1.1
DIAGRAM_SHARE = 0.44
DERIVATION_LEFT = -0.2
DERIVATION_GAP = 0.42
BOX_BUFF = 0.18
EXAMPLE_GAP = 0.2
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
        self.show_neuron()
        self.section("derivation")
        self.show_derivation()
        self.section("sign")
        self.show_sign_rule()
        self.section("example")
        self.show_example()
        self.wait(self.timing.read)

    # ------------------------------------------------------------------ colours

    @property
    def input_colour(self) -> Any:
        """Colour of ``x_i`` wherever it appears."""
        return self.theme.accent

    @property
    def factor_colour(self) -> Any:
        """Colour of the shared factor ``∂L/∂f``."""
        return self.theme.secondary

    # ------------------------------------------------------------------ builders

    def get_node(self, tex: str, colour: Any) -> VGroup:
        """A circle with a formula inside."""
        circle = Circle(radius=NODE_RADIUS, color=colour, stroke_width=PATH_STROKE)
        label = self.formula(tex, font_size=MATH_SMALL).move_to(circle)
        return VGroup(circle, label)

    def get_edge(self, start: Any, end: Any, colour: Any) -> Arrow:
        """An arrow between two nodes, stopping at their rims."""
        return Arrow(
            start.get_center(),
            end.get_center(),
            buff=NODE_RADIUS,
            color=colour,
            stroke_width=ARROW_STROKE,
            max_tip_length_to_length_ratio=0.12,
        )

    def get_neuron(self) -> VGroup:
        """Two sigmoid units feed ``x_1, x_2`` through ``w_1, w_2`` into ``f`` (plus ``b``), then ``L``."""
        units = VGroup(
            *(self.get_node(UNIT_TEX[self.problem.activation], self.theme.muted) for _ in range(2))
        ).arrange(DOWN, buff=2 * INPUT_SPREAD - 2 * NODE_RADIUS)
        neuron = self.get_node("f", self.theme.foreground).next_to(units, RIGHT, buff=DIAGRAM_GAP)
        loss_box = Rectangle(
            width=LOSS_SIDE, height=LOSS_SIDE, color=self.theme.foreground, stroke_width=PATH_STROKE
        ).next_to(neuron, RIGHT, buff=DIAGRAM_GAP / 2)
        loss_label = self.formula("@L", font_size=MATH_SMALL).move_to(loss_box)
        edges = VGroup(*(self.get_edge(unit, neuron, self.theme.muted) for unit in units))
        input_labels = VGroup()
        weight_labels = VGroup()
        for index, edge in enumerate(edges, start=1):
            side = UP if index == 1 else DOWN
            x_label = self.formula(f"@x_{index}", font_size=MATH_SMALL, color=self.input_colour)
            x_label.next_to(edge.point_from_proportion(0.25), side, buff=BUFF / 2)
            w_label = self.formula(f"@w_{index}", font_size=MATH_SMALL)
            w_label.next_to(edge.point_from_proportion(0.7), side, buff=BUFF / 2)
            input_labels.add(x_label)
            weight_labels.add(w_label)
        bias_start = neuron.get_center() + DOWN * (NODE_RADIUS + INPUT_SPREAD)
        bias_edge = Arrow(
            bias_start,
            neuron.get_center(),
            buff=NODE_RADIUS,
            color=self.theme.muted,
            stroke_width=ARROW_STROKE,
            max_tip_length_to_length_ratio=0.2,
        )
        bias_label = self.formula("b", font_size=MATH_SMALL).next_to(bias_edge, DOWN, buff=BUFF / 3)
        out_edge = Arrow(
            neuron.get_right(),
            loss_box.get_left(),
            buff=0,
            color=self.theme.muted,
            stroke_width=ARROW_STROKE,
            max_tip_length_to_length_ratio=0.2,
        )
        diagram = VGroup(
            units,
            edges,
            input_labels,
            weight_labels,
            neuron,
            VGroup(bias_edge, bias_label),
            VGroup(out_edge, loss_box, loss_label),
        )
        self.fit_width(diagram, DIAGRAM_SHARE)
        return diagram

    def colour_parts(self, tex: MathTex, colours: dict[int, Any]) -> MathTex:
        """Colour the parts of ``tex`` listed by index."""
        for index, colour in colours.items():
            tex[index].set_color(colour)
        return tex

    def get_derivation(self) -> VGroup:
        """The three lines of the chain rule, inputs and the shared factor colour-matched."""
        line_f = self.formula("f = \\sum_i @w_i", "@x_i", "+ b")
        line_dfdw = self.formula(r"\frac{\partial f}{\partial @w_i} =", "@x_i")
        line_dldw = self.formula(DLDW, "=", DLDF, r"\cdot", "@x_i")
        self.colour_parts(line_f, {1: self.input_colour})
        self.colour_parts(line_dfdw, {1: self.input_colour})
        self.colour_parts(line_dldw, {2: self.factor_colour, 4: self.input_colour})
        lines = VGroup(line_f, line_dfdw, line_dldw).arrange(DOWN, buff=DERIVATION_GAP, aligned_edge=LEFT)
        return lines

    def get_sign_rule(self) -> VGroup:
        """The boxed conclusion: positive inputs give every gradient the sign of ``∂L/∂f``."""
        rule = self.formula(*self.sign_rule_parts(), font_size=MATH_SMALL)
        self.colour_parts(rule, {0: self.input_colour, 3: self.factor_colour})
        bias = self.formula(DLDB, "=", DLDF, font_size=MATH_SMALL)
        self.colour_parts(bias, {2: self.factor_colour})
        bias_note = self.prose("bias_shares", font_size=FONT_SMALL)
        bias_row = VGroup(bias, bias_note).arrange(RIGHT, buff=BUFF)
        content = VGroup(rule, bias_row).arrange(DOWN, buff=BUFF, aligned_edge=LEFT)
        box = SurroundingRectangle(content, color=self.theme.accent, buff=BOX_BUFF)
        return VGroup(content, box)

    def sign_rule_parts(self) -> tuple[str, ...]:
        """The boxed rule as fits the course's inputs: ``x_i > 0`` (or ``≥ 0``, where a zero input
        gives a zero component) makes every component take the factor's sign; inputs of both
        signs multiply it by each input's sign."""
        sign_of = r"\operatorname{sign}"
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

    def get_vector_form(self) -> MathTex:
        """``∇_w L = (∂L/∂f) x``: one scalar times the input vector."""
        vector = self.formula(r"\nabla_{@w} @L =", DLDF, "@x")
        return self.colour_parts(vector, {1: self.factor_colour, 2: self.input_colour})

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

    def example_line(self, parts: list[tuple[str, Any]]) -> MathTex:
        """A formula from ``(tex, colour)`` parts; number parts are recorded for the tests."""
        line = self.formula(*(tex for tex, _ in parts), font_size=MATH_SMALL)
        for index, (_, colour) in enumerate(parts):
            if colour is not None:
                line[index].set_color(colour)
                self.number_parts.append(line[index])
        return line

    def get_example(self) -> VGroup:
        """The toy's sample with real numbers: ``x``, ``y``, ``f``, ``∂L/∂f`` and the gradient."""
        facts = self.data.factors
        self.number_parts: list[MathTex] = []
        intro = self.prose(
            "example_intro", font_size=FONT_SMALL, sample=self.number(self.data.sample_index)
        )
        bias_free = self.prose("bias_free", font_size=FONT_SMALL, color=self.theme.muted)
        lines = [
            self.example_line([("@w =", None), *self.vector_parts(self.data.weights)]),
            self.example_line(
                [
                    ("@x =", None),
                    *self.vector_parts(self.data.inputs),
                    (r",\quad y =", None),
                    self.signed(self.data.target),
                ]
            ),
            self.example_line([(r"f = @w \cdot @x =", None), self.signed(facts.f)]),
            self.example_line([(DLDF + "= f - y =", None), self.signed(facts.dloss_df)]),
            self.example_line([(r"\nabla_{@w} @L =", None), *self.vector_parts(facts.grad_w)]),
        ]
        rows = VGroup(intro, bias_free, *lines).arrange(DOWN, buff=EXAMPLE_GAP, aligned_edge=LEFT)
        return rows

    # ------------------------------------------------------------------ parts

    def show_neuron(self) -> None:
        self.diagram = self.get_neuron()
        self.diagram.next_to(self.title, DOWN, buff=3 * BUFF).to_edge(LEFT)
        units, edges, input_labels, weight_labels, neuron, bias, out = self.diagram
        self.play(FadeIn(units), run_time=self.timing.fade)
        self.play(
            *(GrowArrow(edge) for edge in edges),
            FadeIn(input_labels),
            FadeIn(weight_labels),
            run_time=self.timing.move,
        )
        self.play(Create(neuron), FadeIn(bias), run_time=self.timing.move)
        self.play(FadeIn(out), run_time=self.timing.fade)
        zero = "_zero" if self.data.dataset_signs == "nonnegative" and self.problem.activation == "sigmoid" else ""
        caption = self.prose(
            f"caption_{self.problem.activation}{zero}", font_size=FONT_SMALL, x=self.symbol("input")
        )
        self.fit_width(caption, DIAGRAM_SHARE)
        caption.next_to(self.diagram, DOWN, buff=2 * BUFF).align_to(self.diagram, LEFT)
        self.caption = caption
        self.play(FadeIn(caption), run_time=self.timing.fade)
        self.wait(self.timing.pause)

    def show_derivation(self) -> None:
        self.derivation = self.get_derivation()
        self.derivation.next_to(self.title, DOWN, buff=3 * BUFF)
        self.derivation.set_x(DERIVATION_LEFT, direction=LEFT)
        for line in self.derivation:
            self.play(Write(line), run_time=self.timing.write)
            self.wait(self.timing.pause)

    def show_sign_rule(self) -> None:
        self.sign_rule = self.get_sign_rule()
        self.sign_rule.next_to(self.derivation, DOWN, buff=2 * BUFF, aligned_edge=LEFT)
        self.fit_within_right(self.sign_rule)
        content, box = self.sign_rule
        self.play(Write(content), run_time=self.timing.write)
        self.play(Create(box), run_time=self.timing.fade)
        self.wait(self.timing.read)
        self.vector_form = self.get_vector_form()
        self.vector_form.next_to(self.caption, DOWN, buff=4 * BUFF).match_x(self.diagram)
        self.play(Write(self.vector_form), run_time=self.timing.write)
        self.wait(self.timing.read)

    def fit_within_right(self, mobject: Any) -> None:
        """Shrink ``mobject`` to the room right of :data:`DERIVATION_LEFT`, keeping its left edge."""
        room = self.camera.frame_width / 2 - DERIVATION_LEFT - 2 * BUFF
        if mobject.width > room:
            mobject.scale_to_fit_width(room, about_edge=LEFT)

    def show_example(self) -> None:
        self.play(
            FadeOut(self.derivation),
            FadeOut(self.sign_rule),
            self.vector_form.animate.next_to(self.title, DOWN, buff=3 * BUFF).set_x(
                DERIVATION_LEFT, direction=LEFT
            ),
            run_time=self.timing.move,
        )
        self.example = self.get_example()
        self.example.next_to(self.vector_form, DOWN, buff=BUFF, aligned_edge=LEFT)
        self.fit_within_right(self.example)
        intro, bias_free, *lines = self.example
        self.play(FadeIn(intro), FadeIn(bias_free), run_time=self.timing.fade)
        for line in lines:
            self.play(Write(line), run_time=self.timing.write)
            self.wait(self.timing.pause / 2)
        key = {
            "positive": "example_conclusion",
            "nonnegative": "example_conclusion_zero",
            "mixed": "example_mixed",
        }[self.data.input_signs]
        conclusion = self.prose(
            key,
            font_size=FONT_SMALL,
            color=self.theme.sign_colour(self.data.factors.dloss_df),
            sign=self.words("sign_negative" if self.data.factors.dloss_df < 0 else "sign_positive"),
        )
        self.fit_width(conclusion)
        conclusion.to_edge(DOWN, buff=BUFF)
        self.conclusion = conclusion
        self.play(FadeIn(conclusion), run_time=self.timing.fade)
