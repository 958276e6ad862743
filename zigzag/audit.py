"""The layout audit: every scene, walked without video, checked at every moment for what a hall or a
small GIF makes unreadable.

At the end of every animation and wait, and at points inside every animation, it checks that

- every visible mobject lies inside the safe area (:data:`scenes.layout.SAFE_MARGIN` of each side);
- no two texts or formulas overlap, no two panels (planes, plots, diagrams) overlap, and no text
  overlaps a panel it is not a label of (part-way through an animation, what one animation moves
  together and what is leaving the screen are exempt: a transform and a cross-fade);
- after every animation, no capital letter is under the floor (:meth:`Layout.cap_floor`).

A finding names the scene, the shape, the moment and the objects.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from zigzag.walk import Moment, frame_config, walk_scene

if TYPE_CHECKING:
    from manim import Mobject, Scene

    from scenes.course import Course

__all__ = ["Audit", "Finding", "audit_scene"]

# Boxes may touch: an overlap counts when it is deeper than this in both directions (units).
OVERLAP_TOLERANCE = 0.02
EDGE_TOLERANCE = 0.01
VISIBLE = 0.05


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the audit found wrong."""

    scene: str
    aspect: str
    moment: str
    problem: str
    objects: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.scene} [{self.aspect}] {self.moment}: {self.problem}: {' / '.join(self.objects)}"


@dataclass(slots=True)
class Audit:
    """The audit of one scene in one shape: its findings, the smallest capital seen (pixels), how
    many moments were checked, and the speaker notes and captions its sections recorded on the way."""

    scene: str
    aspect: str
    findings: list[Finding] = field(default_factory=list)
    smallest_cap_pixels: float = float("inf")
    moments: int = 0
    notes: dict[str, str] = field(default_factory=dict)
    cues: dict[str, str] = field(default_factory=dict)
    _seen: set[tuple[str, tuple[str, ...]]] = field(default_factory=set)

    def add(self, moment: Moment, problem: str, *objects: str) -> None:
        """Record a finding, once per problem and objects (at the first moment it shows)."""
        if (problem, objects) not in self._seen:
            self._seen.add((problem, objects))
            self.findings.append(Finding(self.scene, self.aspect, str(moment), problem, objects))


@dataclass(frozen=True, slots=True)
class _Item:
    mobject: Any
    box: np.ndarray  # left, right, bottom, top
    family: frozenset[int]
    panels: tuple[Any, ...]  # panels it sits in, outermost first


def _visible_points(mobject: Mobject) -> np.ndarray | None:
    """Corners of the parts of ``mobject`` one can see (``None`` when nothing shows)."""
    from manim import ImageMobject, PMobject, VMobject

    chunks = []
    for part in mobject.get_family():
        points = part.points
        if len(points) == 0:
            continue
        if isinstance(part, VMobject):
            fill = part.get_fill_opacity() > VISIBLE
            stroke = part.get_stroke_opacity() > VISIBLE and part.get_stroke_width() > 0
            if not (fill or stroke):
                continue
        elif not isinstance(part, ImageMobject | PMobject):  # a ValueTracker's point draws nothing
            continue
        chunks.append(points[:, :2])
    return np.vstack(chunks) if chunks else None


def _box(mobject: Mobject) -> np.ndarray | None:
    points = _visible_points(mobject)
    if points is None:
        return None
    low, high = points.min(axis=0), points.max(axis=0)
    return np.array([low[0], high[0], low[1], high[1]])


def _overlap(a: np.ndarray, b: np.ndarray) -> bool:
    dx = min(a[1], b[1]) - max(a[0], b[0])
    dy = min(a[3], b[3]) - max(a[2], b[2])
    return dx > OVERLAP_TOLERANCE and dy > OVERLAP_TOLERANCE


def describe(mobject: Any) -> str:
    """A name a reader can find: a text's words, a formula's TeX, a panel's name."""
    from manim import SingleStringMathTex, Text

    if isinstance(mobject, Text):
        words = " ".join(mobject.original_text.split())
        return f'text "{words[:48]}"'
    if isinstance(mobject, SingleStringMathTex):
        return f"formula {mobject.tex_string[:48]}"
    name = getattr(mobject, "panel_name", None)
    return f"panel {name}" if name else type(mobject).__name__


def _collect(scene: Scene) -> tuple[list[_Item], list[_Item], list[Any]]:
    """Visible texts and panels (with the panels around them), and the top-level mobjects."""
    from manim import MarkupText, SingleStringMathTex, Text
    from manim.utils.iterables import list_update

    texts: list[_Item] = []
    panels: list[_Item] = []
    tops = list_update(scene.mobjects, scene.foreground_mobjects)

    def visit(mobject: Any, around: tuple[Any, ...]) -> None:
        is_text = isinstance(mobject, Text | MarkupText | SingleStringMathTex)
        is_panel = getattr(mobject, "panel_name", None) is not None
        if is_text or is_panel:
            box = _box(mobject)
            if box is None:
                return
            family = frozenset(id(m) for m in mobject.get_family())
            (texts if is_text else panels).append(_Item(mobject, box, family, around))
            if is_text:
                return
            around = (*around, mobject)
        for child in mobject.submobjects:
            visit(child, around)

    for top in tops:
        visit(top, ())
    return texts, panels, tops


class _Looker:
    """Checks one scene at each moment of its walk."""

    def __init__(self, audit: Audit, font: str) -> None:
        self.audit, self.font = audit, font

    def __call__(self, scene: Scene, moment: Moment) -> None:
        from scenes.layout import Layout

        camera = scene.camera
        layout = Layout(camera.frame_width, camera.frame_height, camera.pixel_height, self.font)
        self.audit.moments += 1
        texts, panels, tops = _collect(scene)
        self.check_safe_area(layout, moment, texts, panels, tops)
        self.check_overlaps(moment, texts, panels)
        if moment.kind == "end":
            self.check_sizes(layout, moment, texts)

    def check_safe_area(self, layout: Any, moment: Moment, texts: list[_Item], panels: list[_Item],
                        tops: list[Any]) -> None:
        safe = layout.safe
        limits = np.array([safe.left, safe.right, safe.bottom, safe.top])

        def outside(box: np.ndarray) -> bool:
            return bool(box[0] < limits[0] - EDGE_TOLERANCE or box[1] > limits[1] + EDGE_TOLERANCE
                        or box[2] < limits[2] - EDGE_TOLERANCE or box[3] > limits[3] + EDGE_TOLERANCE)

        named = [item for item in (*texts, *panels) if outside(item.box)]
        for item in named:
            self.audit.add(moment, "outside the safe area", describe(item.mobject))
        if named:
            return
        for top in tops:
            box = _box(top)
            if box is not None and outside(box):
                self.audit.add(moment, "outside the safe area", describe(top))

    def exempt(self, moment: Moment, a: _Item, b: _Item) -> bool:
        """Part-way through an animation: what leaves, and what moves with the same animation."""
        if moment.kind != "inside":
            return False
        if a.family & moment.leaving or b.family & moment.leaving:
            return True
        return any(a.family & moving and b.family & moving for moving in moment.moving)

    def check_overlaps(self, moment: Moment, texts: list[_Item], panels: list[_Item]) -> None:
        self.texts_apart(moment, texts)
        self.panels_apart(moment, panels)
        self.texts_off_panels(moment, texts, panels)

    def texts_apart(self, moment: Moment, texts: list[_Item]) -> None:
        for i, a in enumerate(texts):
            for b in texts[i + 1:]:
                if _overlap(a.box, b.box) and not self.exempt(moment, a, b):
                    self.audit.add(moment, "texts overlap", describe(a.mobject), describe(b.mobject))

    def panels_apart(self, moment: Moment, panels: list[_Item]) -> None:
        for i, a in enumerate(panels):
            for b in panels[i + 1:]:
                nested = a.mobject in b.panels or b.mobject in a.panels
                if not nested and _overlap(a.box, b.box) and not self.exempt(moment, a, b):
                    self.audit.add(moment, "panels overlap", describe(a.mobject), describe(b.mobject))

    def texts_off_panels(self, moment: Moment, texts: list[_Item], panels: list[_Item]) -> None:
        for text in texts:
            for panel in panels:
                owner = getattr(text.mobject, "label_of", None)
                if panel.mobject in text.panels or (owner is not None and owner() is panel.mobject):
                    continue
                if _overlap(text.box, panel.box) and not self.exempt(moment, text, panel):
                    self.audit.add(moment, "text on a panel", describe(text.mobject), describe(panel.mobject))

    def check_sizes(self, layout: Any, moment: Moment, texts: list[_Item]) -> None:
        from manim import Text

        from scenes.layout import cap_ratio

        pixels_per_unit = 1 / layout.units_per_pixel
        for item in texts:
            mobject = item.mobject
            if isinstance(mobject, Text):
                cap = mobject.font_size * cap_ratio(mobject.font or self.font, "text")
            else:
                cap = mobject.font_size * cap_ratio(self.font, "math")
            self.audit.smallest_cap_pixels = min(self.audit.smallest_cap_pixels, cap * pixels_per_unit)
            if cap < layout.cap_floor * 0.98:
                self.audit.add(
                    moment,
                    f"text under the floor ({cap * pixels_per_unit:.1f} px, floor "
                    f"{layout.cap_floor * pixels_per_unit:.1f} px)",
                    describe(mobject),
                )


def audit_scene(scene_class: type[Scene], course: Course, aspect: str, quality: str = "l", *,
                pixel_short: int | None = None, cache: Path | None = None) -> Audit:
    """Walk ``scene_class`` (bound to ``course``) in ``aspect`` and check every moment.

    ``pixel_short`` overrides the quality's short side (a GIF's); ``cache`` is a folder of finished
    TeX and text SVGs to start from and add to.
    """
    from zigzag.svg_cache import seed_from_cache, store_in_cache

    audit = Audit(scene_class.scene_id, aspect)  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory(prefix="zigzag-audit-") as folder:
        media = Path(folder)
        if cache is not None:
            seed_from_cache(cache, media)
        values = frame_config(quality, aspect, media, pixel_short=pixel_short)
        walk = walk_scene(scene_class, values, look=_Looker(audit, course.theme.font))
        audit.notes, audit.cues = walk.notes, walk.cues
        if cache is not None:
            store_in_cache(media, cache)
    return audit
