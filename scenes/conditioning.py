"""``conditioning``: a non-zero input mean stretches the loss valley, and full-batch descent zig-zags.

The curvature of the squared-error loss is ``E[x xᵀ] = Σ + μ μᵀ``. Sigmoid inputs have ``μ ≠ 0``, so
``μ μᵀ`` makes one direction much steeper (a large condition number); centred inputs give a round
valley. Full-batch gradient descent, each at its own best learning rate, crosses the thin valley
back and forth but goes almost straight in the round one (LeCun et al., "Efficient BackProp", 1998).

The layout comes from the frame (see :meth:`Conditioning.arrangements`): the curvature's lines are
spread down the body, on pages when they do not fit at once; the two planes go side by side in a
wide frame and stacked in a tall one, their names and figures beside or around them, the caption
under them. A frame that cannot hold both planes large enough with all that shows the caption on
its own before the descents, or the planes one at a time in one place (both regimes' figures kept
in a column beside it when they fit). Nothing moves across the screen: what goes fades out first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Create,
    FadeIn,
    FadeOut,
    ManimColor,
    MathTex,
    Mobject,
    Text,
    VGroup,
    Write,
)

from scenes.base import ZigzagScene
from scenes.layout import Box, as_panel
from scenes.numbers import format_point
from scenes.parts import Parts, WeightPlane
from scenes.style import (
    BUFF,
    CONTOUR_STROKE,
    DOT_RADIUS,
    FONT_BODY,
    FONT_LABEL,
    FONT_SMALL,
    MATH_SMALL,
    PATH_STROKE,
)
from zz_math._types import FloatArray
from zz_math.ellipses import clip_to_box, ellipse_levels, level_ellipse, mean_outer_product
from zz_math.runs import RegimeRun
from zz_math.scene_data.conditioning import ConditioningData

__all__ = ["Conditioning", "Lines"]

ELLIPSE_COUNT = 7
ELLIPSE_INNER_SHARE = 0.004
OPTIMUM_RING = 1.6
SOURCE_SIZE = 18
MATRIX_SIZE = 30
PATH_RUN_TIME = 3.0
# A plane spans at least this share of the frame's short side, or the planes take turns.
FIGURE_SHARE = 0.45
# Gaps: between regions (title, body, source), between a plane and its texts, between panels,
# between the lines of the figures, between a formula's two lines.
REGION_GAP = BUFF
TEXT_GAP = 0.6 * BUFF
PANEL_GAP = 2 * BUFF
LINE_GAP = 0.15
FORMULA_LINE_GAP = 0.6 * BUFF
# Between the curvature's items: at least ITEM_GAP, at most ITEM_GAP_MAX (the spare height is
# spread between them up to that).
ITEM_GAP = 0.8 * BUFF
ITEM_GAP_MAX = 4 * BUFF
# A column of texts beside a plane is at most this share of its panel's width; with the caption in
# it too, up to COLUMN_SHARE_MAX, tried in COLUMN_STEPS steps.
COLUMN_SHARE = 0.5
COLUMN_SHARE_MAX = 0.6
COLUMN_STEPS = 12
# Planes go side by side in a wide frame and stacked in a tall one, unless the other way makes them
# this many times larger (planes of a very thin or very flat range of weights).
AGAINST_SHAPE = 1.25


class Lines(VGroup):
    """Wrapped lines of one text; ``.text`` is their words without spaces, as a ``Text``'s is."""

    @property
    def text(self) -> str:
        return "".join(cast(Text, line).text for line in self.submobjects)


@dataclass(frozen=True, slots=True)
class Arrangement:
    """Where the panels go: their boxes (one shared box when they take turns); their texts beside
    the plane in a column ``column`` wide (``side``) or over and under it (``stack``); the caption
    in a band under the panels, or alone on the stage before the descents (``card``); the planes'
    longer side; whether the panels' pairing goes against the frame's shape (side by side in a
    tall frame, stacked in a wide one)."""

    panels: tuple[Box, ...]
    texts: str
    column: float
    caption: Box
    card: bool
    span: float
    against: bool = False


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

    # ------------------------------------------------------------------ speaker notes

    def note_values(self, part: str) -> dict[str, Any]:
        """What the lecturer says over section ``part``: both regimes' means (curvature), condition
        numbers (ellipses), rates, steps and path lengths (descent); which valley is the thinner,
        whether the descents arrive and whether the thin one zig-zags are read from the data."""
        data = self.data
        names = [self.words(f"regime_{r.regime}") for r in data.runs]
        values: dict[str, Any] = {"first": names[0], "second": names[1], "x": self.symbol("input")}
        if part == "curvature":
            values.update(
                title=self.words("note_title_zigzag" if data.thin_zigzags else "note_title_straight"),
                first_mean=format_point(list(data.runs[0].curvature.mean), 2, self.locale),
                second_mean=format_point(list(data.runs[1].curvature.mean), 2, self.locale),
            )
            return values
        conditions = [self.number(r.curvature.condition_number) for r in data.runs]
        thin_index = self.thin_index()
        thin, round_ = data.runs[thin_index], data.runs[1 - thin_index]
        valley = self.words(
            "note_valley_even" if conditions[0] == conditions[1] else "note_valley_thin",
            regime=names[thin_index],
        )
        if part == "ellipses":
            values.update(
                first_condition=conditions[0],
                second_condition=conditions[1],
                shape=self.words(
                    "note_shape_even" if conditions[0] == conditions[1] else "note_shape_thin",
                    thin=names[thin_index],
                    round=names[1 - thin_index],
                ),
                cue_shape=self.words(
                    "cue_shape_even" if conditions[0] == conditions[1]
                    else ("cue_shape_first", "cue_shape_second")[thin_index]
                ),
            )
            return values
        steps = [r.best_trajectory.steps_to_tolerance for r in data.runs]
        arrived = {(True, True): "both", (True, False): "first", (False, True): "second",
                   (False, False): "neither"}[(steps[0] is not None, steps[1] is not None)]
        counts = {"first": names[0], "second": names[1], "first_steps": self.number(steps[0]),
                  "second_steps": self.number(steps[1])}
        values.update(
            start=format_point(list(data.start), 2, self.locale),
            first_rate=self.number(data.runs[0].best.learning_rate),
            second_rate=self.number(data.runs[1].best.learning_rate),
            steps=self.words(f"note_steps_{arrived}", **counts),
            path=self.words(
                "note_path_zigzag" if data.thin_zigzags else "note_path_straight",
                valley=valley,
                round=names[1 - thin_index],
                thin_tortuosity=self.number(thin.best_figures.tortuosity),
                round_tortuosity=self.number(round_.best_figures.tortuosity),
            ),
            cue_steps=self.words(f"cue_steps_{arrived}", **counts),
            cue_path=self.words(
                "cue_path_zigzag" if data.thin_zigzags else "cue_path_straight",
                thin=names[thin_index],
                thin_tortuosity=self.number(thin.best_figures.tortuosity),
                round_tortuosity=self.number(round_.best_figures.tortuosity),
            ),
        )
        return values

    def thin_index(self) -> int:
        """Index of the run with the larger condition number (the one the title's claim is about)."""
        runs = self.data.runs
        return int(runs[1].curvature.condition_number > runs[0].curvature.condition_number)

    # ------------------------------------------------------------------ words

    def lines(self, content: str, width: float, font_size: float = FONT_BODY, color: Any = None,
              align: np.ndarray = ORIGIN) -> Lines:
        """``content`` wrapped to ``width`` (its own line breaks kept), lines aligned on ``align``."""
        return Lines(*self.wrapped(content, width, font_size=font_size, color=color, aligned_edge=align))

    def natural_width(self, content: str, font_size: float) -> float:
        """Width of the widest of ``content``'s own lines."""
        return max(self.plain_size(line, font_size)[0] for line in content.splitlines() if line.strip())

    # ------------------------------------------------------------------ builders

    def matrix_tex(self, matrix: FloatArray) -> str:
        """A 2×2 matrix as a TeX ``pmatrix``, entries formatted from data."""
        digits = self.data.matrix_digits
        rows = [" & ".join(self.tex_number(float(v), digits) for v in row) for row in matrix]
        return r"\begin{pmatrix}" + r" \\ ".join(rows) + r"\end{pmatrix}"

    def get_decomposition(self, run_: RegimeRun) -> VGroup:
        """``regime:  E[x xᵀ] = (…) = (…) + (…)`` with the regime's numbers (set by
        :meth:`get_decompositions`)."""
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
        return VGroup(label, tex)

    def get_decompositions(self, width: float) -> VGroup:
        """Both regimes' decompositions, set alike in the first of :meth:`row_arrangements` that
        fits ``width``."""
        rows = VGroup(*(self.get_decomposition(r) for r in self.data.runs))
        homes = [[part.get_center() for part in tex] for _, tex in rows]
        for arrange in self.row_arrangements():
            for (label, tex), home in zip(rows, homes, strict=True):
                for part, centre in zip(tex, home, strict=True):
                    part.move_to(centre)
                arrange(label, tex)
            if all(row.width <= width for row in rows):
                break
        return rows

    def row_arrangements(self) -> list[Any]:
        """Ways to set a decomposition, from the flattest: label beside the formula, label over it,
        label beside the formula on two lines, label over the formula on two lines (the second
        line under the first ``=``, or flush left)."""
        return [self.row_beside, self.row_under, self.row_beside_broken, self.row_under_broken,
                self.row_under_flush]

    def row_beside(self, label: Mobject, tex: MathTex) -> None:
        """Label and formula on one line."""
        tex.next_to(label, RIGHT, buff=2 * BUFF)

    def row_under(self, label: Mobject, tex: MathTex) -> None:
        """The label over the formula."""
        tex.next_to(label, DOWN, buff=TEXT_GAP, aligned_edge=LEFT)

    def break_tex(self, tex: MathTex) -> None:
        """``E[x xᵀ] = (…)`` over ``= (…) + (…)``, the second ``=`` under the first."""
        first, rest = VGroup(*tex[:2]), VGroup(*tex[2:])
        rest.next_to(first, DOWN, buff=FORMULA_LINE_GAP)
        rest.shift((tex[0].get_right()[0] - tex[2].get_right()[0]) * RIGHT)

    def row_beside_broken(self, label: Mobject, tex: MathTex) -> None:
        """The label beside a formula on two lines, level with its first line."""
        self.break_tex(tex)
        tex.next_to(label, RIGHT, buff=2 * BUFF)
        tex.shift((label.get_y() - tex[1].get_y()) * UP)

    def row_under_broken(self, label: Mobject, tex: MathTex) -> None:
        """The label over a formula on two lines."""
        self.break_tex(tex)
        tex.next_to(label, DOWN, buff=TEXT_GAP, aligned_edge=LEFT)

    def row_under_flush(self, label: Mobject, tex: MathTex) -> None:
        """The label over a formula on two lines, both flush left."""
        self.break_tex(tex)
        VGroup(*tex[2:]).align_to(tex[0], LEFT)
        tex.next_to(label, DOWN, buff=TEXT_GAP, aligned_edge=LEFT)

    def regime_colour(self, run_: RegimeRun) -> ManimColor:
        """Accent for the problem's regime, secondary for the centred comparison."""
        return self.theme.accent if run_ is self.data.runs[0] else self.theme.secondary

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

    def text_words(self, run_: RegimeRun) -> dict[str, tuple[str, float, Any]]:
        """Words, size and colour of a panel's texts: name, condition, steps, rate."""
        steps = run_.best_trajectory.steps_to_tolerance
        return {
            "name": (self.words(f"regime_{run_.regime}"), FONT_SMALL, self.regime_colour(run_)),
            "condition": (
                self.words("condition", value=self.number(run_.curvature.condition_number)),
                FONT_LABEL,
                None,
            ),
            "steps": (
                self.words("steps", steps=steps) if steps is not None else self.words("never_reached"),
                FONT_LABEL,
                None,
            ),
            "rate": (self.words("rate", rate=self.number(run_.best.learning_rate)), FONT_LABEL, None),
        }

    def get_texts(self, run_: RegimeRun, width: float, keep_breaks: bool) -> dict[str, Lines]:
        """A panel's texts wrapped to ``width`` (the catalogue's line breaks kept, or joined)."""
        texts = {}
        for key, (words, size, colour) in self.text_words(run_).items():
            content = words if keep_breaks else " ".join(words.split())
            texts[key] = self.lines(content, width, font_size=size, color=colour, align=LEFT)
        return texts

    def column_width(self) -> float:
        """Width of a column beside a plane: the widest of the panels' texts as the catalogue
        breaks them."""
        return max(
            self.natural_width(words, size)
            for run_ in self.data.runs
            for words, size, _ in self.text_words(run_).values()
        )

    def word_width(self) -> float:
        """Width of the widest word of the panels' texts: a column is never narrower (a word does
        not break, and would stick out of its column and the frame)."""
        return max(
            self.widest_word(words, size)
            for run_ in self.data.runs
            for words, size, _ in self.text_words(run_).values()
        )

    def keeps_breaks(self, width: float) -> bool:
        """Whether texts in a column ``width`` wide keep the catalogue's line breaks (a column no
        wider than they need) or run on (a wider one)."""
        return width <= self.column_width() + 1e-6

    def column_heights(self, width: float) -> tuple[float, float]:
        """Heights in a column ``width`` wide of the two text groups of the taller panel: name and
        condition, steps and rate."""
        keep = self.keeps_breaks(width)
        tops, bottoms = [], []
        for run_ in self.data.runs:
            t = self.get_texts(run_, width, keep)
            tops.append(t["name"].height + 2 * LINE_GAP + t["condition"].height)
            bottoms.append(t["steps"].height + LINE_GAP + t["rate"].height)
        return max(tops), max(bottoms)

    def column_height(self, width: float) -> float:
        """Height of one panel's texts in a column ``width`` wide."""
        top, bottom = self.column_heights(width)
        return top + 2 * LINE_GAP + bottom

    def stacked_heights(self, width: float) -> tuple[float, float]:
        """Heights over and under a plane of the texts stacked around it at ``width``: name and
        condition over, steps and rate under (beside each other when they fit)."""
        over = under = 0.0
        for run_ in self.data.runs:
            t = self.get_texts(run_, width, keep_breaks=False)
            over = max(over, t["name"].height + LINE_GAP + t["condition"].height)
            if t["steps"].width + 2 * BUFF + t["rate"].width <= width:
                under = max(under, max(t["steps"].height, t["rate"].height))
            else:
                under = max(under, t["steps"].height + LINE_GAP + t["rate"].height)
        return over, under

    def get_caption(self, width: float, align: np.ndarray = ORIGIN) -> Lines:
        """How the descents were run, wrapped to ``width``."""
        return self.lines(self.words("descent_note"), width, font_size=FONT_SMALL,
                          color=self.theme.accent, align=align)

    # ------------------------------------------------------------------ layout of the planes

    def bounds_size(self) -> tuple[float, float]:
        """Width and height of the planes' bounds (weights)."""
        w1_min, w1_max, w2_min, w2_max = self.data.bounds
        return w1_max - w1_min, w2_max - w2_min

    def plane_span(self, width: float, height: float) -> float:
        """Longer side of the largest plane inside ``width`` × ``height``."""
        across, up = self.bounds_size()
        if width <= 0 or height <= 0:
            return 0.0
        return min(width / across, height / up) * max(across, up)

    def arrangements(self, region: Box) -> list[Arrangement]:
        """Ways to share ``region`` out between the planes, their texts and the caption: both
        planes side by side or stacked, or one at a time; their texts beside or around them; the
        caption in a band under them or on its own before the descents; and, one plane at a time,
        a column beside it with both panels' texts or with the caption."""
        ways = []
        band = self.get_caption(region.width).height
        under = Box(region.left, region.right, region.bottom, region.bottom + band)
        for card, stage in ((False, region.above(under.top, REGION_GAP)), (True, region)):
            caption = region if card else under
            for boxes, against in (*self.pairs(stage), ([stage], False)):
                box = boxes[0]
                width = max(min(self.column_width(), COLUMN_SHARE * box.width), self.word_width())
                if self.column_height(width) <= box.height:
                    span = self.plane_span(box.width - width - TEXT_GAP, box.height)
                    ways.append(Arrangement(tuple(boxes), "side", width, caption, card, span, against))
                over, below = self.stacked_heights(box.width)
                span = self.plane_span(box.width, box.height - over - below - 2 * TEXT_GAP)
                ways.append(Arrangement(tuple(boxes), "stack", box.width, caption, card, span, against))
            both = self.narrowest_column(region, lambda w: 2 * self.column_height(w) + PANEL_GAP,
                                         region if card else region.above(under.top, REGION_GAP))
            if both is not None:
                span = self.plane_span(region.width - both - TEXT_GAP, stage.height)
                ways.append(Arrangement((stage,), "both", both, caption, card, span))
        beside = self.narrowest_column(
            region, lambda w: self.column_height(w) + REGION_GAP + self.get_caption(w).height, region)
        if beside is not None:
            span = self.plane_span(region.width - beside - TEXT_GAP, region.height)
            ways.append(Arrangement((region,), "caption", beside, region, False, span))
        return ways

    def pairs(self, stage: Box) -> list[tuple[list[Box], bool]]:
        """Boxes for both panels at once, side by side and stacked, each with whether it goes
        against the frame's shape (side by side in a tall frame, stacked in a wide one)."""
        shape = self.layout.shape
        return [(stage.columns([1, 1], PANEL_GAP), shape == "tall"),
                (stage.rows([1, 1], PANEL_GAP), shape == "wide")]

    def narrowest_column(self, region: Box, height: Any, stage: Box) -> float | None:
        """The narrowest column beside one plane (from the texts' own width to
        :data:`COLUMN_SHARE_MAX` of ``region``) whose contents, ``height(width)`` tall, fit ``stage``."""
        natural = max(min(self.column_width(), COLUMN_SHARE * region.width), self.word_width())
        if natural > COLUMN_SHARE_MAX * region.width:
            return None
        for step in range(COLUMN_STEPS + 1):
            width = natural + (COLUMN_SHARE_MAX * region.width - natural) * step / COLUMN_STEPS
            if height(width) <= stage.height:
                return width
        return None

    def choose(self, ways: Sequence[Arrangement]) -> Arrangement:
        """Planes large enough first; then both at once; then, one at a time, both panels' figures
        kept on screen; then the caption kept on screen; then the largest planes (a pairing against
        the frame's shape only when its planes are :data:`AGAINST_SHAPE` times larger)."""
        large = FIGURE_SHARE * self.layout.short_side

        def merit(way: Arrangement) -> tuple[bool, int, bool, bool, float]:
            size = way.span / AGAINST_SHAPE if way.against else way.span
            return (way.span >= large, len(way.panels), way.texts == "both", not way.card, size)

        return max(ways, key=merit)

    # ------------------------------------------------------------------ panels

    def get_panel(self, run_: RegimeRun, box: Box, way: Arrangement) -> Parts:
        """Name, plane, ellipses, path, start, optimum and figures of one regime, in ``box``."""
        colour = self.regime_colour(run_)
        trajectory = run_.best_trajectory
        if way.texts == "stack":
            words = self.get_texts(run_, box.width, keep_breaks=False)
            over, under = self.stacked_heights(box.width)
            room = Box(box.left, box.right, box.bottom + under + TEXT_GAP, box.top - over - TEXT_GAP)
        else:
            words = self.get_texts(run_, way.column, self.keeps_breaks(way.column))
            room = Box(box.left, box.right - way.column - TEXT_GAP, box.bottom, box.top)
        plane = self.get_plane(room)
        name, condition, steps, rate = (words[k] for k in ("name", "condition", "steps", "rate"))
        top, bottom = VGroup(name, condition), VGroup(steps, rate)
        if way.texts == "stack":
            condition.next_to(name, DOWN, buff=LINE_GAP, aligned_edge=LEFT)
            top.next_to(plane, UP, buff=TEXT_GAP).align_to(plane, LEFT)
            steps.next_to(plane, DOWN, buff=TEXT_GAP).align_to(plane, LEFT)
            if steps.width + 2 * BUFF + rate.width <= box.width:
                rate.next_to(steps, RIGHT, buff=2 * BUFF).align_to(steps, UP)
            else:
                rate.next_to(steps, DOWN, buff=LINE_GAP, aligned_edge=LEFT)
            for texts in (top, bottom):
                texts.shift(min(0.0, box.right - texts.get_right()[0]) * RIGHT)
        else:
            condition.next_to(name, DOWN, buff=2 * LINE_GAP, aligned_edge=LEFT)
            rate.next_to(steps, DOWN, buff=LINE_GAP, aligned_edge=LEFT)
            top.next_to(plane, RIGHT, buff=TEXT_GAP).align_to(plane, UP)
            bottom.next_to(top, DOWN, buff=2 * LINE_GAP, aligned_edge=LEFT)
            if way.texts == "side":  # steps and rate level with the plane's foot, if there is room
                bottom.shift(max(0.0, bottom.get_bottom()[1] - plane.get_bottom()[1]) * DOWN)
            # Plane and column centred in the box.
            offset = box.center[0] - (plane.get_left()[0] + top.get_left()[0] + way.column) / 2
            VGroup(plane, top, bottom).shift(offset * RIGHT)
        return Parts(
            name=name,
            plane=plane,
            ellipses=plane.polylines(self.ellipse_pieces(run_), self.theme.muted, CONTOUR_STROKE),
            path=plane.polyline(trajectory.weights, colour, PATH_STROKE),
            start=plane.dot(trajectory.weights[0], DOT_RADIUS, self.theme.foreground),
            optimum=plane.ring(
                trajectory.optimum, OPTIMUM_RING * DOT_RADIUS, self.theme.foreground, PATH_STROKE
            ),
            figures=Parts(condition=condition, descent=bottom),
        )

    def get_plane(self, room: Box) -> WeightPlane:
        """The weight plane over the shared bounds, as large as ``room`` allows, centred in it."""
        across, up = self.bounds_size()
        unit = max(1e-3, min(room.width / across, room.height / up))
        plane = WeightPlane(self.data.bounds, height=unit * up, colour=self.theme.muted)
        as_panel(plane, "weight plane")
        return plane.move_to(room.center)

    def get_panels(self, region: Box) -> VGroup:
        """Both panels placed as :meth:`choose` picks, and the caption placed with them."""
        way = self.choose(self.arrangements(region))
        self.together, self.card = len(way.panels) > 1, way.card
        self.keep_texts = way.texts == "both"
        panels = VGroup(*(
            self.get_panel(run_, way.panels[index if self.together else 0], way)
            for index, run_ in enumerate(self.data.runs)
        ))
        if way.texts == "caption":
            # The caption under the texts beside the plane, the column kept inside the region.
            self.caption = self.get_caption(way.column, align=LEFT)
            texts = VGroup(*(VGroup(p.part("name"), p.part("figures")) for p in panels))
            self.caption.next_to(texts, DOWN, buff=REGION_GAP).align_to(texts, LEFT)
            column = [self.caption, *(p.part(n) for p in panels for n in ("name", "figures"))]
            VGroup(*column).shift(max(0.0, region.bottom - self.caption.get_bottom()[1]) * UP)
        else:
            self.caption = self.get_caption(way.caption.width).move_to(way.caption.center)
        if self.keep_texts:
            # The second panel's texts under the first's, level with the plane's foot if they fit.
            first, second = (VGroup(p.part("name"), p.part("figures")) for p in panels)
            plane = panels[1].part("plane")
            second.next_to(first, DOWN, buff=PANEL_GAP, aligned_edge=LEFT)
            second.shift(max(0.0, second.get_bottom()[1] - plane.get_bottom()[1]) * DOWN)
        return panels

    # ------------------------------------------------------------------ layout of the curvature

    def pages(self, height: float) -> list[list[Mobject]]:
        """The curvature's items on pages no taller than ``height``, the first plan that fits: all
        at once; the formula, then the rows and what they show; the formula with what the rows will
        show, then the rows; the rows on pages of their own, the last one with what they show (so
        the section never ends on a lone sentence, unless nothing else fits)."""
        note, formula, mean = self.curvature_note, self.formula_line, self.mean_note
        rows: list[Mobject] = list(self.decompositions)
        plans: list[list[list[Mobject]]] = [
            [[note, formula, *rows, mean]],
            [[note, formula], [*rows, mean]],
            [[note, formula, mean], rows],
            [[note, formula, *rows[:-1]], [*rows[-1:], mean]],
            [[note, formula], *([row] for row in rows[:-1]), [*rows[-1:], mean]],
            [[note, formula], rows, [mean]],
            [[note, formula], *([row] for row in rows), [mean]],
        ]

        def fits(page: list[Mobject]) -> bool:
            return sum(m.height for m in page) + ITEM_GAP * (len(page) - 1) <= height

        return next((plan for plan in plans if all(fits(page) for page in plan)), plans[-1])

    def spread(self, items: list[Mobject], box: Box) -> None:
        """``items`` down ``box``, centred, the spare height shared between them (up to a limit)."""
        used = sum(m.height for m in items)
        gap = ITEM_GAP
        if len(items) > 1:
            gap = min(ITEM_GAP_MAX, max(ITEM_GAP, (box.height - used) / (len(items) + 1)))
        top = box.center[1] + (used + gap * (len(items) - 1)) / 2
        for item in items:
            item.move_to(np.array([box.center[0], top - item.height / 2, 0.0]))
            top -= item.height + gap

    # ------------------------------------------------------------------ parts

    def show_curvature(self) -> None:
        safe = self.layout.safe
        self.title = Lines(*self.get_title("title" if self.data.thin_zigzags else "title_straight"))
        self.source = self.lines(self.words("source"), safe.width, font_size=SOURCE_SIZE,
                                 color=self.theme.muted)
        self.source.move_to(safe.center).align_to(safe.bottom * UP, DOWN)
        self.body_box = body = Box(safe.left, safe.right, self.source.get_top()[1] + REGION_GAP,
                                   self.title.get_bottom()[1] - REGION_GAP)
        self.curvature_note = self.lines(self.words("curvature_note"), body.width, font_size=FONT_SMALL)
        self.formula_line = self.formula(
            r"\mathbb{E}[@x @x^\top]", "=", r"\Sigma", "+", r"\mu\mu^\top", font_size=MATH_SMALL
        )
        self.decompositions = self.get_decompositions(body.width)
        self.mean_note = self.lines(self.words("mean_note"), body.width, font_size=FONT_SMALL,
                                    color=self.theme.accent)
        pages = self.pages(body.height)
        widest = max(row.width for row in self.decompositions)
        for page in pages:
            self.spread(page, body)
        for row in self.decompositions:  # the rows share a left edge
            row.shift((body.center[0] - widest / 2 - row.get_left()[0]) * RIGHT)
        self.play(Write(self.title), FadeIn(self.source), run_time=self.timing.write)
        self.shown: list[Mobject] = []
        for page in pages:
            if self.shown:
                self.play(*(FadeOut(m) for m in self.shown), run_time=self.timing.fade)
            self.shown = []
            for item in page:
                if item is self.formula_line:
                    continue
                here: list[Mobject]
                if item is self.curvature_note:  # the formula is written as the sentence leading to it shows
                    with_formula = self.formula_line in page
                    here = [item, self.formula_line] if with_formula else [item]
                    written = [Write(self.formula_line)] if with_formula else []
                    self.play(FadeIn(item), *written, run_time=self.timing.write)
                else:
                    here = [item]
                    run_time = self.timing.fade if item is self.mean_note else self.timing.move
                    self.play(FadeIn(item), run_time=run_time)
                self.shown.extend(here)
        self.wait(self.timing.read)

    def show_ellipses(self) -> None:
        self.play(*(FadeOut(m) for m in self.shown), run_time=self.timing.fade)
        self.panels = self.get_panels(self.body_box)
        for index, panel in enumerate(self.panel_list()):
            entering = [FadeIn(panel.part(name)) for name in ("name", "plane", "optimum")]
            if index > 0 and not self.together:
                entering.extend(self.leave(self.panel_list()[index - 1]))
            self.play(*entering, run_time=self.timing.fade)
            self.play(Create(panel.part("ellipses"), lag_ratio=0.1), run_time=self.timing.move)
            self.play(FadeIn(panel.part("figures").part("condition")), run_time=self.timing.fade)
        if not self.card:  # what the descents will be, read before they run
            self.play(FadeIn(self.caption), run_time=self.timing.fade)
        self.wait(self.timing.pause)

    def panel_list(self) -> list[Parts]:
        """The panels, as the parts they are."""
        return [cast(Parts, panel) for panel in self.panels]

    def text_parts(self, panel: Parts) -> list[Mobject]:
        """A panel's texts: name, condition, steps and rate."""
        return [panel.part("name"), *panel.part("figures").submobjects]

    def on_screen(self, panel: Parts) -> list[Mobject]:
        """What shows of ``panel``."""
        parts = [*panel.submobjects, *panel.part("figures").submobjects]
        return [m for m in parts if m in self.mobjects]

    def leave(self, panel: Parts) -> list[Any]:
        """Fade out what shows of ``panel`` (its plane only, when its texts stay beside the other)."""
        staying = self.text_parts(panel) if self.keep_texts else []
        return [FadeOut(m) for m in self.on_screen(panel) if not any(m is t for t in staying)]

    def show_card(self) -> None:
        """The caption alone on the stage for a while, then back what was on screen: the planes,
        or the texts kept beside one."""
        shown = [m for panel in self.panel_list() for m in self.on_screen(panel)]
        self.play(*(FadeOut(m) for m in shown), run_time=self.timing.fade)
        self.play(FadeIn(self.caption), run_time=self.timing.fade)
        self.wait(self.timing.read)
        self.play(FadeOut(self.caption), run_time=self.timing.fade)
        texts = [t for panel in self.panel_list() for t in self.text_parts(panel)]
        back = shown if self.together else [m for m in shown if self.keep_texts and any(m is t for t in texts)]
        if back:
            self.play(*(FadeIn(m) for m in back), run_time=self.timing.fade)

    def show_descent(self) -> None:
        if self.card:
            self.show_card()
        if self.together:
            self.play(*(FadeIn(panel.part("start")) for panel in self.panels), run_time=self.timing.fade)
            self.play(*(Create(panel.part("path")) for panel in self.panels), run_time=PATH_RUN_TIME)
            self.play(
                *(FadeIn(panel.part("figures").part("descent")) for panel in self.panels),
                run_time=self.timing.fade,
            )
            self.wait(self.timing.read)
            return
        for index, panel in enumerate(self.panel_list()):
            if panel.part("plane") not in self.mobjects:
                parts = [panel.part(n) for n in ("name", "plane", "optimum", "ellipses")]
                parts.append(panel.part("figures").part("condition"))
                self.play(*self.leave(self.panel_list()[1 - index]),
                          *(FadeIn(p) for p in parts if p not in self.mobjects), run_time=self.timing.fade)
            self.play(FadeIn(panel.part("start")), run_time=self.timing.fade)
            self.play(Create(panel.part("path")), run_time=PATH_RUN_TIME)
            self.play(FadeIn(panel.part("figures").part("descent")), run_time=self.timing.fade)
            self.wait(self.timing.pause if index < len(self.panels) - 1 else self.timing.read)

    # ------------------------------------------------------------------ for tests

    def path_in_weights(self, index: int) -> np.ndarray:
        """The drawn path of a panel mapped back through its axes: one row per corner."""
        plane, path = self.panels[index].part("plane"), self.panels[index].part("path")
        corners = np.vstack([path.get_start_anchors(), path.get_end_anchors()[-1:]])
        return np.array([plane.weights_of(p) for p in corners])
