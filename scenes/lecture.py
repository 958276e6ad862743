"""``lecture``: its title card. The lecture video itself is assembled from the scene renders.

``zigzag render lecture`` joins the title card and the course's scenes without re-encoding them,
keeping every part's sections; no scene is run inside another.

The card lays itself out from the frame: the course's name and the subtitle above the course's own
descent on its weight plane, or, in a wide frame where that draws the descent larger, beside it.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    UP,
    Create,
    FadeIn,
    Group,
    ImageMobject,
    Mobject,
    SVGMobject,
    VGroup,
    Write,
    config,
)

from scenes.base import ZigzagScene
from scenes.layout import Box, as_panel
from scenes.parts import Parts, WeightPlane
from scenes.style import (
    BUFF,
    CONTOUR_STROKE,
    DOT_RADIUS,
    FONT_BODY,
    FONT_SMALL,
    FONT_TITLE,
    PATH_STROKE,
)
from zz_math._types import FloatArray
from zz_math.descent import Trajectory
from zz_math.ellipses import clip_to_box, ellipse_levels, level_ellipse
from zz_math.metrics import Curvature, bounding_box, curvature
from zz_math.runs import dataset_of, trajectory_of

__all__ = ["LectureTitle"]

# The course's name up to this much larger than a scene title, in steps of NAME_STEP: on one line
# above the plane, its longest word fitting beside it.
NAME_SCALE = 1.6
NAME_STEP = 4
# Share of a width a one-line name may fill (measured widths differ a little from Text's).
WRAP_SHARE = 0.97
SUBTITLE_FONT = FONT_BODY
# Beside the plane (in a wide frame, where that draws the descent larger than under the words),
# the words take this share of the safe width.
WORDS_SHARE = 0.4
NAME_GAP = 2 * BUFF
FIGURE_GAP = 2 * BUFF
PLANE_MARGIN = 0.1
CONTOUR_COUNT = 9
CONTOUR_INNER_SHARE = 0.001
OPTIMUM_RING = 1.6
PATH_RUN_TIME = 2.5
# The course's identity (lecturer, institution, date, licence) under the subtitle, and its logo above
# the name, at most this share of the safe area's height.
CREDITS_FONT = FONT_SMALL
LOGO_SHARE = 0.14
LOGO_LEAST = 0.07


class LectureTitle(ZigzagScene):
    """The lecture's title card: the course's name, what the lecture is about, and its descent."""

    descent: Trajectory
    landscape: Curvature

    def prepare(self) -> None:
        """The course's own descent (its activation, rate and sample order) and its loss's curvature."""
        super().prepare()
        self.descent = trajectory_of(self.problem, self.problem.activation)
        self.landscape = curvature(dataset_of(self.problem, self.problem.activation))

    def note_values(self, part: str) -> dict[str, Any]:
        """The title card's notes: the course's name and its own descent, as the card draws it."""
        run = self.descent
        tolerance = self.quantity(run.tolerance)
        arrival = (
            self.words("arrival_reached", tolerance=tolerance, steps=self.number(run.steps_to_tolerance))
            if run.steps_to_tolerance is not None
            else self.words("arrival_missed", tolerance=tolerance, steps=self.number(run.n_steps))
        )
        return {
            "name": self.course.course.name,
            "regime": self.course.words("common", f"regime_{run.regime}"),
            "rate": self.quantity(run.learning_rate),
            "start": self.point(run.weights[0]),
            "optimum": self.point(run.optimum),
            "arrival": arrival,
        }

    def construct(self) -> None:
        self.section("title")
        wide = self.layout.safe.shape == "wide"
        self.beside = wide and self.words_fit(True) and self.descent_scale(True) > self.descent_scale(False)
        self.name, self.subtitle = self.get_words(self.beside)
        self.figure = self.get_figure(self.figure_box(self.beside))
        self.show_title_card()

    # ------------------------------------------------------------------ builders

    def bounds(self, box: Box | None = None) -> tuple[float, float, float, float]:
        """The plane's bounds: the descent and the optimum with a margin, widened on one axis to
        the shape of ``box`` (the plane then fills it, at the same scale)."""
        w1_min, w1_max, w2_min, w2_max = bounding_box(
            np.vstack([self.descent.weights, self.descent.optimum]), margin=PLANE_MARGIN
        )
        if box is None:
            return w1_min, w1_max, w2_min, w2_max
        across, up = w1_max - w1_min, w2_max - w2_min
        pad_across = max(0.0, up * box.width / box.height - across) / 2
        pad_up = max(0.0, across * box.height / box.width - up) / 2
        return w1_min - pad_across, w1_max + pad_across, w2_min - pad_up, w2_max + pad_up

    def words_box(self, beside: bool) -> Box:
        """Room for the words: the left :data:`WORDS_SHARE` of the safe area, or all of it."""
        safe = self.layout.safe
        return safe.columns([WORDS_SHARE, 1 - WORDS_SHARE], FIGURE_GAP)[0] if beside else safe

    def figure_box(self, beside: bool) -> Box:
        """Room for the plane: the rest of the safe area beside the words, or between them and the
        credits (laid out by the last :meth:`get_words`)."""
        safe = self.layout.safe
        if beside:
            return safe.columns([WORDS_SHARE, 1 - WORDS_SHARE], FIGURE_GAP)[1]
        room = safe.below(self.subtitle_text.get_bottom()[1], FIGURE_GAP)
        return room if self.credits_shown is None else room.above(self.credits_shown.get_top()[1], FIGURE_GAP)

    def descent_scale(self, beside: bool) -> float:
        """Units on screen per unit of weight for the descent with the words beside it or above it."""
        self.get_words(beside)
        box = self.figure_box(beside)
        w1_min, w1_max, w2_min, w2_max = self.bounds()
        return min(box.height / (w2_max - w2_min), box.width / (w1_max - w1_min))

    def name_size(self, width: float, may_wrap: bool) -> float:
        """The largest size from :data:`NAME_SCALE` times a title's down to a title's at which the
        course's name fits ``width`` on one line, or (``may_wrap``) its longest word does; a
        title's size (wrapped) if none does."""
        name = self.course.course.name
        longest = max(name.split(), key=len, default=name)
        for size in range(round(NAME_SCALE * FONT_TITLE), FONT_TITLE, -NAME_STEP):
            if self.plain_size(name, size)[0] <= width * WRAP_SHARE:
                return size
            if may_wrap and self.plain_size(longest, size)[0] <= width * WRAP_SHARE:
                return size
        return FONT_TITLE

    def get_words(self, beside: bool) -> tuple[VGroup, VGroup]:
        """The course's name and the subtitle (with the credits) wrapped to their room: in its
        middle beside the plane, the logo above the name; or at the top of the frame above the
        plane, the logo beside the name and the credits at the bottom of the frame."""
        box = self.words_box(beside)
        self.subtitle_text = self.wrapped(self.words("subtitle"), box.width, font_size=SUBTITLE_FONT)
        self.credits_shown = self.credits(box.width)
        self.logo_shown = self.get_logo(box.width, LOGO_SHARE if beside else LOGO_LEAST)
        shown = [m for m in (self.subtitle_text, self.credits_shown) if m is not None]
        subtitle = VGroup(*shown)
        if not beside:
            return self.stacked_words(box), subtitle
        subtitle.arrange(DOWN, buff=NAME_GAP)
        # The largest name down to a title's that leaves the words (logo and credits included)
        # inside their room; then a smaller logo, down to LOGO_LEAST of the safe height.
        for size in range(self.name_size(box.width, may_wrap=True), FONT_TITLE - 1, -NAME_STEP):
            name = self.wrapped(self.course.course.name, box.width, size, color=self.theme.accent)
            words = Group(*(m for m in (self.logo_shown, name, subtitle) if m is not None)).arrange(DOWN, buff=NAME_GAP)
            if words.height <= box.height:
                break
        if self.logo_shown is not None and words.height > box.height:
            room = max(LOGO_LEAST * self.layout.safe.height, self.logo_shown.height - (words.height - box.height))
            self.logo_shown.scale_to_fit_height(min(room, self.logo_shown.height))
            words.arrange(DOWN, buff=NAME_GAP)
        words.move_to(box.center)
        return name, subtitle

    def stacked_words(self, box: Box) -> VGroup:
        """Above the plane: the logo and the name side by side, the subtitle under them, at the
        top of ``box``; the credits at its bottom. Returns the name."""
        logo = self.logo_shown
        width = box.width - (logo.width + NAME_GAP if logo is not None else 0)
        name = self.wrapped(self.course.course.name, width, self.name_size(width, may_wrap=False),
                            color=self.theme.accent)
        head = Group(logo, name).arrange(RIGHT, buff=NAME_GAP) if logo is not None else name
        Group(head, self.subtitle_text).arrange(DOWN, buff=NAME_GAP).move_to(box.center).align_to(box.top * UP, UP)
        if self.credits_shown is not None:
            self.credits_shown.move_to(box.center).align_to(box.bottom * UP, DOWN)
        return name

    def words_fit(self, beside: bool) -> bool:
        """Whether the words fit their room with the plane ``beside`` them (or above it)."""
        name, subtitle = self.get_words(beside)
        parts = [m for m in (self.logo_shown, name, subtitle) if m is not None]
        return Group(*parts).height <= self.words_box(beside).height + 1e-6

    def credits(self, width: float) -> VGroup | None:
        """Who teaches the course and where, then when and under which licence: a line each, or
        a line per item where the two do not fit side by side."""
        who = self.course.identity()
        lines = []
        for keys in (("lecturer", "institution"), ("date", "licence")):
            items = [who[k] for k in keys if k in who]
            joined = " · ".join(items)
            fits = joined and self.plain_size(joined, CREDITS_FONT)[0] <= width * WRAP_SHARE
            lines += [joined] if fits else items
        shown = [self.wrapped(line, width, font_size=CREDITS_FONT) for line in lines]
        return VGroup(*shown).arrange(DOWN, buff=self.line_gap(CREDITS_FONT)) if shown else None

    def get_logo(self, width: float, share: float) -> Mobject | None:
        """The course's logo (checked when the course was read), ``share`` of the safe height and
        at most ``width`` wide."""
        logo = self.course.logo
        if logo is None:
            return None
        if logo.kind == "png":
            from PIL import Image

            with Image.open(BytesIO(logo.data)) as image:
                shown: Mobject = ImageMobject(np.asarray(image.convert("RGBA")))
        else:
            shown = SVGMobject(str(logo.write(Path(config.get_dir("media_dir")) / "logos")))
        shown.scale_to_fit_height(share * self.layout.safe.height)
        if shown.width > width:
            shown.scale_to_fit_width(width)
        return shown

    def contour_pieces(self, bounds: tuple[float, float, float, float]) -> list[FloatArray]:
        """Level sets of the course's loss around the optimum, the outermost through the plane's
        corner of highest loss, clipped to the plane."""
        c, optimum = self.landscape, self.descent.optimum
        corners = [np.array([w1, w2]) for w1 in bounds[:2] for w2 in bounds[2:]]
        farthest = max(corners, key=lambda w: float((w - optimum) @ c.matrix @ (w - optimum)))
        levels = ellipse_levels(c.matrix, optimum, farthest, CONTOUR_COUNT, CONTOUR_INNER_SHARE)
        pieces: list[FloatArray] = []
        for excess in levels:
            ring = level_ellipse(optimum, c.eigenvalues, c.eigenvectors, float(excess))
            pieces.extend(clip_to_box(ring, bounds))
        return pieces

    def get_figure(self, box: Box) -> Parts:
        """The weight plane around the descent, as large as ``box`` allows, with loss contours, the
        path, the start and a ring at the optimum."""
        bounds = self.bounds(box)
        plane = WeightPlane(bounds, height=box.height, max_width=box.width, colour=self.theme.muted)
        as_panel(plane, "descent")
        figure = Parts(
            plane=plane,
            contours=plane.polylines(self.contour_pieces(bounds), self.theme.muted, CONTOUR_STROKE),
            path=plane.polyline(self.descent.weights, self.theme.accent, PATH_STROKE),
            start=plane.dot(self.descent.weights[0], DOT_RADIUS, self.theme.foreground),
            optimum=plane.ring(
                self.descent.optimum, OPTIMUM_RING * DOT_RADIUS, self.theme.foreground, PATH_STROKE
            ),
        )
        return figure.move_to(box.center)

    # ------------------------------------------------------------------ parts

    def show_title_card(self) -> None:
        """The course's name and the subtitle, then the plane and the course's descent drawn on it."""
        still = ("plane", "contours", "start", "optimum")
        if self.logo_shown is not None:
            self.play(FadeIn(self.logo_shown), run_time=self.timing.fade)
        self.play(Write(self.name), run_time=self.timing.write)
        self.play(FadeIn(self.subtitle), run_time=self.timing.fade)
        self.play(*(FadeIn(self.figure.part(name)) for name in still), run_time=self.timing.fade)
        self.play(Create(self.figure.part("path")), run_time=PATH_RUN_TIME)
        self.wait(self.timing.read)
