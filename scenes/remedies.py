"""``remedies``: the problem and four remedies on large weight planes, a page at a time, then a table.

Every panel runs at its own best learning rate (found by search in ``zz_math``), so the figures
compare the remedies fairly: steps to tolerance, tortuosity and the share of NE/SW updates.

The layout follows the frame. The slots are the problem, the legend and the four remedies, in that
order; a page holds two (side by side where there is width, stacked where there is height) when
every plane still spans :data:`PLANE_SHARE` of the short side, else one. The last page is a table of
every regime's figures with the fairness sentence under it, at the largest text that fits.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

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
    FadeOut,
    Line,
    Mobject,
    Text,
    VGroup,
    Write,
)

from scenes.base import ZigzagScene
from scenes.layout import Box, as_panel, text_width
from scenes.parts import Parts, WeightPlane
from scenes.style import (
    BUFF,
    CONTOUR_STROKE,
    DOT_RADIUS,
    FONT_BODY,
    FONT_LABEL,
    FONT_SMALL,
    PATH_STROKE,
)
from zz_math._types import FloatArray
from zz_math.ellipses import clip_to_box, ellipse_levels, level_ellipse
from zz_math.runs import RegimeRun
from zz_math.scene_data.remedies import RemediesData

__all__ = ["Remedies"]

# Two slots a page only while every plane still spans this share of the frame's short side.
PLANE_SHARE = 0.45
SLOT_GAP = 2 * BUFF
NAME_GAP = BUFF / 2
FIGURE_GAP = BUFF
FIGURE_LINE_GAP = 0.12
FIGURE_COLUMN_GAP = 2 * BUFF
PANEL_FONT = FONT_SMALL
# A panel's words grow (to the sizes in FONTS above PANEL_FONT) while its plane keeps this share
# of the size it has at PANEL_FONT.
PLANE_KEPT = 0.98
PANEL_PATH_STROKE = 0.8 * PATH_STROKE
OPTIMUM_RING = 1.6
PATH_RUN_TIME = 2.0
# Loss contours on each plane: nested ellipses, the outermost through the start.
CONTOUR_COUNT = 5
CONTOUR_INNER_SHARE = 0.01
# Text sizes tried, largest first, for the legend and the table (the floor raises the smallest).
FONTS = (FONT_BODY, FONT_SMALL, FONT_LABEL)
LEGEND_GAP = 1.5 * BUFF
MARKER_GAP = 2 * BUFF
# The table: least gaps between columns and rows, widened to spread it over its box up to
# MAX_SPREAD times.
CELL_GAP = BUFF
ROW_GAP = 0.6 * BUFF
MAX_SPREAD = 3.0
RULE_STROKE = 1.5
# How a cell shows the median steps and their range over the sample orders (no words in it).
STEPS_CELL = "{steps} ({low}–{high})"

# Where a panel's figures go: a column beside the plane, a column under it, two columns under it.
Arrangement = Literal["beside", "below", "grid"]
ARRANGEMENTS: tuple[Arrangement, ...] = ("beside", "below", "grid")


class Remedies(ZigzagScene):
    """The problem and four remedies on the same toy, each at its own best learning rate."""

    data: RemediesData
    panel_font: float

    def construct(self) -> None:
        self.title = self.get_title()
        self.pages = self.get_pages()
        self.summary = self.get_summary()
        self.section("problem")
        self.play(Write(self.title), run_time=self.timing.write)
        self.show_page(0)
        for index in range(1, len(self.pages)):
            self.section(self.page_names[index])
            self.turn_page(index)
        self.section("summary")
        self.show_summary()

    # ------------------------------------------------------------------ words and figures

    def panel_name(self, index: int) -> str:
        """Name of a panel, the problem's panel marked as such."""
        name = self.data.panels[index]
        run_ = self.data.runs[index]
        words = self.words(f"panel_{name}", batch=run_.best_trajectory.sample_indices.shape[1])
        return self.words("problem", name=words) if index == 0 else words

    def steps_value(self, run_: RegimeRun) -> str:
        """Median steps over the sample orders, formatted (an integer without decimals)."""
        median = run_.best.stats.median
        assert median is not None
        return self.number(int(median) if median.is_integer() else median, 1)

    def figure_lines(self, run_: RegimeRun) -> list[str]:
        """The figures of a run, formatted for the screen."""
        figures = run_.best_figures
        stats = run_.best.stats
        return [
            self.words("fig_steps", steps=self.steps_value(run_), low=stats.low, high=stats.high)
            if stats.median is not None
            else self.words("never"),
            self.words("fig_tortuosity", value=self.number(figures.tortuosity)),
            self.words("fig_quadrant", share=self.percent(figures.quadrant_share)),
            self.words("fig_rate", rate=self.number(run_.best.learning_rate)),
        ]

    def table_cells(self, run_: RegimeRun) -> list[str]:
        """The figures of a run as the table's cells (its headers say what they are)."""
        stats = run_.best.stats
        return [
            STEPS_CELL.format(steps=self.steps_value(run_), low=stats.low, high=stats.high)
            if stats.median is not None
            else self.words("never"),
            self.number(run_.best_figures.tortuosity),
            self.percent(run_.best_figures.quadrant_share),
            self.number(run_.best.learning_rate),
        ]

    # ------------------------------------------------------------------ speaker notes

    def note(self, part: str) -> str:
        """Speaker notes of section ``part``: the summary's, or one sentence or two per slot of the
        page the section shows (the ``problem`` section shows the first page)."""
        if part == "summary":
            return self.words("note_summary", **self.note_values(part))
        names = self.page_names[0] if part == "problem" else part
        return " ".join(self.slot_note(name) for name in names.split("-"))

    def slot_note(self, name: str) -> str:
        """What to say about one slot: the problem's panel, the legend or a remedy's panel."""
        if name == "legend":
            run_ = self.data.runs[0]
            return self.words(
                "note_legend",
                tolerance=self.quantity(run_.best_trajectory.tolerance),
                orders=self.number(run_.best.stats.orders),
            )
        index = self.data.panels.index(name) if name != "problem" else 0
        if index == 0:
            return self.words("note_problem", **self.note_values("problem"))
        return self.words("note_panel", **self.panel_note_values(index))

    def note_values(self, part: str) -> dict[str, Any]:
        """The numbers and phrases of the notes of ``problem`` and ``summary``."""
        if part == "problem":
            return {
                **self.panel_note_values(0),
                "orders": self.number(self.data.runs[0].best.stats.orders),
            }
        if part == "summary":
            # The captions name the leaders short (a mini-batch by its size), in one sentence when
            # the same panels lead on steps and on tortuosity.
            runs = self.data.runs
            values = self.summary_note_values()
            medians = {i: r.best.stats.median for i, r in enumerate(runs) if r.best.stats.median is not None}
            fewest = [i for i, median in medians.items() if median == min(medians.values())]
            tortuosity = [self.number(r.best_figures.tortuosity) for r in runs]
            straightest = [i for i, t in enumerate(tortuosity) if t == values["tortuosity"]]
            names = [
                self.words("heading_minibatch", batch=self.number(int(r.best_trajectory.sample_indices.shape[1])))
                if kind == "minibatch"
                else self.plain_name(i)
                for i, (kind, r) in enumerate(zip(self.data.panels, runs, strict=True))
            ]

            def joined(indices: list[int]) -> str:
                return self.listed([names[i] for i in indices])

            key = "cue_leaders_none" if not fewest else "cue_leaders_same" if fewest == straightest else "cue_leaders"
            values["cue_leaders"] = self.words(
                key,
                steps=self.steps_value(runs[fewest[0]]) if fewest else "",
                fewest=joined(fewest),
                tortuosity=values["tortuosity"],
                straightest=joined(straightest),
            )
            return values
        return {}

    def cue(self, part: str) -> str:
        """What the captions say during section ``part``: the summary's (``cue_summary``), or one
        short sentence per slot of the page the section shows (``cue_problem``, ``cue_legend``,
        ``cue_panel``), each panel's with its figures."""
        if part == "summary":
            return self.section_words("cue", part)
        said = []
        for slot in (self.page_names[0] if part == "problem" else part).split("-"):
            if slot == "legend":
                said.append(self.words("cue_legend"))
                continue
            index = self.data.panels.index(slot) if slot != "problem" else 0
            run_ = self.data.runs[index]
            figures = {
                "tortuosity": self.number(run_.best_figures.tortuosity),
                "share": self.percent(run_.best_figures.quadrant_share),
            }
            figures_said = (
                self.words("cue_figures", steps=self.steps_value(run_), **figures)
                if run_.best.stats.median is not None
                else self.words("cue_figures_never", **figures)
            )
            name = self.plain_name(index)
            if index == 0:
                said.append(self.words("cue_problem", name=name, figures=figures_said))
            else:
                said.append(self.words("cue_panel", name=name[:1].upper() + name[1:], figures=figures_said))
        return " ".join(said)

    def heading(self, part: str) -> str:
        """The transcript's heading of section ``part``: the summary's, the problem's on the first
        page, else the remedies the page shows (``Remedy: …``), or the legend alone."""
        if part == "summary":
            return self.section_words("heading", part)
        slots = (self.page_names[0] if part == "problem" else part).split("-")
        if "problem" in slots:
            return self.words("heading_problem", name=self.plain_name(0))
        remedies = [self.data.panels.index(slot) for slot in slots if slot != "legend"]
        if not remedies:
            return self.words("heading_legend")
        names = [
            self.words(
                "heading_minibatch",
                batch=self.number(int(self.data.runs[i].best_trajectory.sample_indices.shape[1])),
            )
            if self.data.panels[i] == "minibatch"
            else self.plain_name(i)
            for i in remedies
        ]
        if len(names) == 1:
            return self.words("heading_remedy", name=names[0])
        return self.words("heading_remedies", names=self.listed(names))

    def panel_note_values(self, index: int) -> dict[str, str]:
        """Panel ``index``'s name, what its remedy changes, what its inputs' signs allow and its
        figures, as the panel shows them."""
        run_ = self.data.runs[index]
        kind = self.data.panels[index]
        symbols = {"w": self.symbol("weight"), "x": self.symbol("input"), "L": self.symbol("loss")}
        if kind == "minibatch":
            signs = self.words("note_batch_mixed" if run_.signs == "mixed" else "note_batch_one_signed", **symbols)
        else:
            subject = self.words("note_subject_shifted" if kind == "shifted" else "note_subject", **symbols)
            signs = self.words(f"note_signs_{run_.signs}", subject=subject)
        stats = run_.best.stats
        figures = {
            "rate": self.quantity(run_.best.learning_rate),
            "tortuosity": self.number(run_.best_figures.tortuosity),
            "share": self.percent(run_.best_figures.quadrant_share),
        }
        if stats.median is not None:
            said = self.words(
                "note_figures", steps=self.steps_value(run_),
                low=self.number(stats.low), high=self.number(stats.high), **figures,
            )
        else:
            said = self.words("note_figures_never", **figures)
        name = self.plain_name(index)
        what = "" if index == 0 else self.words(  # the problem's note says no remedy
            f"note_what_{kind}",
            batch=self.number(int(run_.best_trajectory.sample_indices.shape[1])),
            inputs=self.words(f"regime_{run_.dataset.regime}"),
            **symbols,
        )
        return {"name": name if index == 0 else name[:1].upper() + name[1:],
                "what": what, "signs": signs, "figures": said}

    def plain_name(self, index: int) -> str:
        """Name of a panel without the problem's mark."""
        batch = self.data.runs[index].best_trajectory.sample_indices.shape[1]
        return self.words(f"panel_{self.data.panels[index]}", batch=batch)

    def summary_note_values(self) -> dict[str, str]:
        """The table's leaders, chosen from data: the fewest median steps and the straightest path
        (ties named together; a mini-batch leader with what its steps read)."""
        runs = self.data.runs
        medians = {i: r.best.stats.median for i, r in enumerate(runs) if r.best.stats.median is not None}
        if medians:
            fewest = min(medians.values())
            leaders = [i for i, median in medians.items() if median == fewest]
            batches = [i for i in leaders if self.data.panels[i] == "minibatch"]
            fastest = self.words(
                "note_fewest_batch" if batches else "note_fewest",
                names=self.joined(leaders),
                steps=self.steps_value(runs[leaders[0]]),
                batch=self.number(int(runs[batches[0]].best_trajectory.sample_indices.shape[1])) if batches else "",
            )
        else:
            fastest = self.words("note_none_arrive")
        tortuosity = [self.number(r.best_figures.tortuosity) for r in runs]
        least = min(range(len(runs)), key=lambda i: runs[i].best_figures.tortuosity)
        straightest = [i for i, t in enumerate(tortuosity) if t == tortuosity[least]]
        return {
            "orders": self.number(runs[0].best.stats.orders),
            "fastest": fastest,
            "straightest": self.joined(straightest),
            "tortuosity": tortuosity[least],
        }

    def joined(self, indices: Sequence[int]) -> str:
        """The names of panels ``indices`` in a list: "a", "a and b", "a, b and c"."""
        return self.listed([self.panel_name(i) for i in indices])

    def colour_of(self, index: int) -> Any:
        """The problem in the accent colour, the remedies in the secondary one."""
        return self.theme.accent if index == 0 else self.theme.secondary

    # ------------------------------------------------------------------ measured text

    def text_size(self, content: str, font_size: float) -> tuple[float, float]:
        """``(width, height)`` of ``content`` as one :class:`Text` at ``font_size``."""
        return self.plain_size(content, font_size)

    def lines_of(self, content: str, width: float, font_size: float) -> str:
        """``content`` re-flowed onto as few lines as fit ``width`` (a word never breaks)."""
        return "\n".join(self.wrap(" ".join(content.split()), width, font_size))

    def paragraph(self, content: str, width: float, font_size: float, color: Any = None) -> Text:
        """One left-aligned :class:`Text` of ``content`` broken into lines that fit ``width``."""
        return self.plain(self.lines_of(content, width, font_size), font_size=font_size, color=color)

    def widest_word(self, contents: Sequence[str], font_size: float) -> float:
        """Width of the widest single word of ``contents``."""
        size = self.layout.text_size(font_size)
        return max(text_width(word, self.theme.font, size) for content in contents for word in content.split())

    # ------------------------------------------------------------------ pages of slots

    def plane_aspect(self) -> float:
        """Width ÷ height of a weight plane over the shared bounds."""
        w1_min, w1_max, w2_min, w2_max = self.data.bounds
        return (w1_max - w1_min) / (w2_max - w2_min)

    def get_figures(self, index: int, arrangement: Arrangement) -> VGroup:
        """The figure lines of a panel, one :class:`Text` each, in one column or two."""
        lines = VGroup(
            *(self.plain(line, font_size=self.panel_font) for line in self.figure_lines(self.data.runs[index]))
        )
        if arrangement == "grid":
            return lines.arrange_in_grid(
                cols=2, col_alignments="ll", buff=(FIGURE_COLUMN_GAP, FIGURE_LINE_GAP)
            )
        return lines.arrange(DOWN, aligned_edge=LEFT, buff=FIGURE_LINE_GAP)

    def figures_size(self, index: int, arrangement: Arrangement) -> tuple[float, float]:
        """``(width, height)`` of a panel's figures arranged so."""
        sizes = [self.text_size(line, self.panel_font) for line in self.figure_lines(self.data.runs[index])]
        if arrangement != "grid":
            return max(w for w, _ in sizes), sum(h for _, h in sizes) + FIGURE_LINE_GAP * (len(sizes) - 1)
        rows = [sizes[i : i + 2] for i in range(0, len(sizes), 2)]
        left = max(row[0][0] for row in rows)
        right = max((row[1][0] for row in rows if len(row) > 1), default=0.0)
        height = sum(max(h for _, h in row) for row in rows) + FIGURE_LINE_GAP * (len(rows) - 1)
        return left + FIGURE_COLUMN_GAP + right, height

    def plane_height(self, index: int, box: Box, arrangement: Arrangement) -> float:
        """Height of panel ``index``'s plane in ``box`` with its figures arranged so (0: no room)."""
        name = self.lines_of(self.panel_name(index), box.width, self.panel_font)
        width, height = self.figures_size(index, arrangement)
        room = box.height - self.text_size(name, self.panel_font)[1] - NAME_GAP
        if arrangement == "beside":
            if height > room:
                return 0.0
            return min(room, (box.width - width - FIGURE_GAP) / self.plane_aspect())
        if width > box.width:
            return 0.0
        return min(room - height - FIGURE_GAP, box.width / self.plane_aspect())

    def slot_plan(self, cells: Sequence[Box]) -> tuple[float, Arrangement]:
        """The largest plane every panel gets in ``cells``, and the figures' arrangement for it."""
        return max(
            (
                (min(self.plane_height(i, cell, way) for i in range(len(self.data.panels)) for cell in cells), way)
                for way in ARRANGEMENTS
            ),
            key=lambda plan: plan[0],
        )

    def get_cells(self) -> list[Box]:
        """Two cells of the body side by side or stacked (whichever gives larger planes) if every
        plane there spans :data:`PLANE_SHARE` of the short side and the legend fits one; else the body."""
        body = self.body(self.title)
        two = max((body.columns([1, 1], SLOT_GAP), body.rows([1, 1], SLOT_GAP)), key=lambda c: self.slot_plan(c)[0])
        fits = self.slot_plan(two)[0] >= PLANE_SHARE * self.layout.short_side
        return two if fits and self.get_legend(two[1]) is not None else [body]

    def get_pages(self) -> list[list[Mobject]]:
        """The problem, the legend and the remedies, placed a page of one or two slots at a time."""
        self.panel_font = PANEL_FONT
        cells = self.get_cells()
        least = self.slot_plan(cells)[0]
        for font_size in (f for f in FONTS if f >= PANEL_FONT):
            self.panel_font = font_size
            if self.slot_plan(cells)[0] >= PLANE_KEPT * least:
                break
        height, arrangement = self.slot_plan(cells)
        self.panels = VGroup(
            *(self.get_panel(i, height, arrangement, cells[0].width) for i in range(len(self.data.panels)))
        )
        legend = self.get_legend(cells[-1])
        if legend is None:
            raise ValueError("the remedies legend does not fit the frame even at the smallest text size")
        self.legend = legend
        slots: list[Mobject] = [self.panels[0], legend, *self.panels[1:]]
        names = ["problem", "legend", *self.data.panels[1:]]
        pages, self.page_names = [], []
        for start in range(0, len(slots), len(cells)):
            page = slots[start : start + len(cells)]
            for slot, cell in zip(page, cells, strict=False):
                slot.move_to(cell.center)
            pages.append(page)
            self.page_names.append("-".join(names[start : start + len(cells)]))
        return pages

    # ------------------------------------------------------------------ builders

    def contour_pieces(self, run_: RegimeRun) -> list[FloatArray]:
        """Level sets of the run's loss, nested around its optimum (the outermost through the
        start), clipped to the shared bounds."""
        c = run_.curvature
        trajectory = run_.best_trajectory
        levels = ellipse_levels(
            c.matrix, trajectory.optimum, trajectory.weights[0], CONTOUR_COUNT, CONTOUR_INNER_SHARE
        )
        pieces: list[FloatArray] = []
        for excess in levels:
            ring = level_ellipse(trajectory.optimum, c.eigenvalues, c.eigenvectors, float(excess))
            pieces.extend(clip_to_box(ring, self.data.bounds))
        return pieces

    def get_panel(self, index: int, height: float, arrangement: Arrangement, width: float) -> Parts:
        """Name, plane, loss contours, path, start, optimum and figures of one panel, the plane
        ``height`` tall, the name wrapped to ``width``."""
        run_ = self.data.runs[index]
        colour = self.colour_of(index)
        plane = as_panel(
            WeightPlane(self.data.bounds, height=height, colour=self.theme.muted),
            self.data.panels[index],
        )
        trajectory = run_.best_trajectory
        figures = self.get_figures(index, arrangement)
        if arrangement == "beside":
            figures.next_to(plane, RIGHT, buff=FIGURE_GAP, aligned_edge=UP)
        else:
            figures.next_to(plane, DOWN, buff=FIGURE_GAP, aligned_edge=LEFT)
        name = self.paragraph(self.panel_name(index), width, self.panel_font, colour)
        name.next_to(plane, UP, buff=NAME_GAP).align_to(plane, LEFT)
        return Parts(
            name=name,
            plane=plane,
            contours=plane.polylines(self.contour_pieces(run_), self.theme.muted, CONTOUR_STROKE),
            path=plane.polyline(trajectory.weights, colour, PANEL_PATH_STROKE),
            start=plane.dot(trajectory.weights[0], DOT_RADIUS, self.theme.foreground),
            optimum=plane.ring(
                trajectory.optimum, OPTIMUM_RING * DOT_RADIUS, self.theme.foreground, PATH_STROKE
            ),
            figures=figures,
        )

    def legend_at(self, font_size: float, width: float, fair: bool) -> VGroup:
        """The markers, what the figures mean and (``fair``) how η was chosen, wrapped to ``width``."""
        tolerance = self.quantity(self.data.runs[0].best_trajectory.tolerance)
        orders = self.data.runs[0].best.stats.orders
        radius = OPTIMUM_RING * DOT_RADIUS
        markers = VGroup(
            VGroup(
                Dot(radius=DOT_RADIUS, color=self.theme.foreground),
                self.prose("start", font_size=font_size),
            ).arrange(RIGHT, buff=BUFF / 2),
            VGroup(
                Circle(radius=radius, color=self.theme.foreground, stroke_width=PATH_STROKE),
                self.prose("optimum", font_size=font_size),
            ).arrange(RIGHT, buff=BUFF / 2),
        ).arrange(RIGHT, buff=MARKER_GAP)
        entries = [
            self.words("legend_steps", tolerance=tolerance, orders=orders),
            self.words("legend_tortuosity"),
            self.words("legend_quadrant"),
        ]
        legend = VGroup(markers, *(self.paragraph(entry, width, font_size) for entry in entries))
        if fair:
            legend.add(self.paragraph(self.words("fair", orders=orders), width, font_size, self.theme.accent))
        return legend.arrange(DOWN, aligned_edge=LEFT, buff=LEGEND_GAP)

    def get_legend(self, box: Box) -> VGroup | None:
        """The legend at the largest size that fits ``box``, with how η was chosen if that fits at
        all (the summary says it again), else without (``None``: not even so at the floor)."""
        for fair in (True, False):
            for font_size in FONTS:
                legend = self.legend_at(font_size, box.width, fair)
                if legend.width <= box.width and legend.height <= box.height:
                    return legend.move_to(box.center)
        return None

    def table_at(self, font_size: float, box: Box, row_gap: float = ROW_GAP) -> VGroup | None:
        """Headers over one row per regime (its name, then its figures), or over the name on a line
        of its own above the figures when the names leave them no room; ``None`` if neither fits."""
        headers = [
            self.prose(key, font_size=font_size)
            for key in ("col_steps", "col_tortuosity", "col_quadrant", "col_rate")
        ]
        cells = [self.table_cells(run_) for run_ in self.data.runs]
        widths = [
            max(head.width, *(self.text_size(row[c], font_size)[0] for row in cells))
            for c, head in enumerate(headers)
        ]
        figures_width = sum(widths) + CELL_GAP * (len(widths) - 1)
        names = [self.panel_name(i) for i in range(len(cells))]
        longest_word = self.widest_word(names, font_size)
        name_room = box.width - figures_width - CELL_GAP
        if name_room >= longest_word:
            name_width = min(name_room, max(self.text_size(n, font_size)[0] for n in names))
        elif figures_width <= box.width and longest_word <= box.width:
            name_width = None
        else:
            return None
        name_texts = [
            self.paragraph(name, name_width or box.width, font_size, self.colour_of(i))
            for i, name in enumerate(names)
        ]
        values = [[self.plain(cell, font_size=font_size) for cell in row] for row in cells]
        if name_width is not None:
            name_width = max(n.width for n in name_texts)
        return self.table_rows(box, headers, values, name_texts, name_width, row_gap)

    def table_rows(
        self,
        box: Box,
        headers: list[Text],
        values: list[list[Text]],
        names: list[Text],
        name_width: float | None,
        row_gap: float,
    ) -> VGroup:
        """Place the cells: columns spread over ``box``'s width (gaps up to :data:`MAX_SPREAD` times
        :data:`CELL_GAP`); names in a first column ``name_width`` wide, or on lines of their own."""
        widths = [max(head.width, *(row[c].width for row in values)) for c, head in enumerate(headers)]
        columns = len(widths) + (name_width is not None)
        used = sum(widths) + (name_width or 0.0)
        gap = min(MAX_SPREAD * CELL_GAP, (box.width - used) / max(columns - 1, 1))
        total = used + gap * (columns - 1)
        left = float(box.center[0]) - total / 2
        x = left + (name_width + gap if name_width is not None else 0.0)
        centres = []
        for width in widths:
            centres.append(x + width / 2)
            x += width + gap
        header_height = max(h.height for h in headers)
        for header, cx in zip(headers, centres, strict=True):
            header.move_to(np.array([cx, -header_height / 2, 0.0]))
        y = -header_height - row_gap
        rule = Line(np.array([left, y, 0.0]), np.array([left + total, y, 0.0]), color=self.theme.muted, stroke_width=RULE_STROKE)
        y -= row_gap
        rows = VGroup()
        for name, row in zip(names, values, strict=True):
            if name_width is None:
                name.move_to(np.array([left, y - name.height / 2, 0.0]), aligned_edge=LEFT)
                y -= name.height + row_gap / 2
                height = max(cell.height for cell in row)
            else:
                height = max(name.height, *(cell.height for cell in row))
                name.move_to(np.array([left, y - height / 2, 0.0]), aligned_edge=LEFT)
            for cell, cx in zip(row, centres, strict=True):
                cell.move_to(np.array([cx, y - height / 2, 0.0]))
            y -= height + row_gap
            rows.add(VGroup(name, *row))
        return VGroup(VGroup(*headers, rule), rows)

    def get_summary(self) -> VGroup:
        """The table of every regime's figures with the fairness sentence under it, at the largest
        size that fits under the title (in the whole safe area, the title leaving, if none does),
        its rows spread over the room left."""
        orders = self.data.runs[0].best.stats.orders
        self.title_stays = True
        for box in (self.body(self.title), self.layout.safe):
            for font_size in FONTS:
                table = self.table_at(font_size, box)
                if table is None:
                    continue
                fair_size = min(font_size, FONT_SMALL)
                fair = self.lines_of(self.words("fair", orders=orders), box.width, fair_size)
                spare = box.height - table.height - SLOT_GAP - self.text_size(fair, fair_size)[1]
                if spare < 0:
                    continue
                rows = 2 * len(self.data.runs) + 2
                row_gap = min(MAX_SPREAD * ROW_GAP, ROW_GAP + spare / rows)
                table = self.table_at(font_size, box, row_gap)
                assert table is not None
                self.fair = self.plain(fair, font_size=fair_size, color=self.theme.accent)
                self.fair.next_to(table, DOWN, buff=SLOT_GAP).set_x(box.center[0])
                return VGroup(table, self.fair).move_to(box.center)
            self.title_stays = False
        raise ValueError("the remedies table does not fit the frame even at the smallest text size")

    # ------------------------------------------------------------------ parts

    def show_slot(self, slot: Mobject) -> None:
        """Draw a panel (plane and contours, then its path, then its figures) or fade the legend in."""
        if slot is self.legend:
            self.play(FadeIn(slot, lag_ratio=0.3), run_time=self.timing.move)
            self.wait(self.timing.read)
            return
        self.play(
            *(FadeIn(slot.part(name)) for name in ("name", "plane", "contours", "start", "optimum")),
            run_time=self.timing.fade,
        )
        self.play(Create(slot.part("path")), run_time=PATH_RUN_TIME)
        self.play(FadeIn(slot.part("figures"), lag_ratio=0.2), run_time=self.timing.fade)
        self.wait(self.timing.pause)

    def show_page(self, index: int) -> None:
        for slot in self.pages[index]:
            self.show_slot(slot)

    def turn_page(self, index: int) -> None:
        self.play(*(FadeOut(slot) for slot in self.pages[index - 1]), run_time=self.timing.fade)
        self.show_page(index)

    def show_summary(self) -> None:
        leaving = [*self.pages[-1], *([] if self.title_stays else [self.title])]
        self.play(*(FadeOut(m) for m in leaving), run_time=self.timing.fade)
        headers, rows = self.summary[0]
        self.play(FadeIn(headers), run_time=self.timing.fade)
        self.play(FadeIn(rows, lag_ratio=0.3), run_time=self.timing.move)
        self.play(FadeIn(self.fair), run_time=self.timing.fade)
        self.wait(self.timing.read)

    # ------------------------------------------------------------------ for tests

    def path_in_weights(self, index: int) -> np.ndarray:
        """The drawn path of a panel mapped back through its axes: one row per corner."""
        panel = self.panels[index]
        path, plane = panel.part("path"), panel.part("plane")
        corners = np.vstack([path.get_start_anchors(), path.get_end_anchors()[-1:]])
        return np.array([plane.weights_of(p) for p in corners])
