"""Walking a scene without writing video: every animation is built and finished, no frame is drawn
unless asked for.

manim skips the frames of an animation when its renderer skips animations, yet still begins and
finishes every animation, so all mobjects are built and end where the video has them. A walk keeps
the video's clock — the same frame count per animation as manim's writer — so a moment of the walk is
a frame of the video: the layout audit looks at moments inside and at the end of every animation,
and a still is the one frame asked for, drawn as the video draws it (static mobjects first, then the
moving ones), without drawing any frame before it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from zigzag.outputs import QUALITIES, manim_settings

if TYPE_CHECKING:
    from manim import Mobject, Scene

__all__ = ["Moment", "Walk", "frame_config", "walk_scene"]

Kind = Literal["inside", "end", "frame"]
# Points inside every animation where the audit looks (share of its run time).
INSIDE = (1 / 3, 2 / 3)


@dataclass(frozen=True, slots=True)
class Moment:
    """Where a walk is: the play (animation or wait) number, the video frame and its section.

    ``kind`` is ``inside`` (part-way through an animation), ``end`` (an animation or wait finished)
    or ``frame`` (the frame a still asked for).
    """

    kind: Kind
    play: int
    frame: int
    fps: int
    section: str
    leaving: frozenset[int] = frozenset()
    moving: tuple[frozenset[int], ...] = ()

    @property
    def seconds(self) -> float:
        return self.frame / self.fps

    def __str__(self) -> str:
        where = {"inside": "during", "end": "after", "frame": "at"}[self.kind]
        return f"section {self.section}, {where} play {self.play} ({self.seconds:.2f} s)"


@dataclass(slots=True)
class Walk:
    """What a walk found: the sections (name, first frame), the frame count, and the stills drawn.

    ``section_stills`` holds, per section that shows at least one frame, its name, its last frame
    and the settled picture at its end (the frame a section ending on a wait shows last).
    """

    sections: list[tuple[str, int]] = field(default_factory=list)
    frames: int = 0
    fps: int = 0
    still: np.ndarray | None = None
    section_stills: list[tuple[str, int, np.ndarray]] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    cues: dict[str, str] = field(default_factory=dict)


def frame_config(quality: str, aspect: str, media: Path, *, pixel_short: int | None = None,
                 fps: int | None = None) -> dict[str, Any]:
    """manim settings for a frame of ``aspect`` at ``quality`` (short side kept), quiet, no files."""
    from scenes.layout import pixel_size

    _, short, quality_fps = QUALITIES[quality]
    width, height = pixel_size(aspect, pixel_short or short)
    return manim_settings(media, (width, height, fps or quality_fps), "none", verbose=False)


def _family_ids(mobject: Mobject) -> frozenset[int]:
    return frozenset(id(m) for m in mobject.get_family())


def walk_scene(
    scene_class: type[Scene],
    config_values: dict[str, Any],
    *,
    look: Callable[[Scene, Moment], None] | None = None,
    still_frame: int | None = None,
    sections: bool | str = False,
) -> Walk:
    """Walk ``scene_class`` (bound to its course) under ``config_values``.

    ``look(scene, moment)`` is called inside and at the end of every animation. ``still_frame``
    draws that video frame (the settled last frame when it is past the end, or when it is ``-1``).
    ``sections`` draws the settled end of every section (``True``) or of the one named. A walk that
    draws a still stops once it has it.
    """
    from manim import tempconfig

    with tempconfig(config_values):
        walker = _walker(scene_class)
        scene = walker(skip_animations=True)
        # The renderer draws a static frame before every play and each wait's frame even when it
        # skips them; a walk draws only what it asks for (:meth:`_WalkHooks.draw`).
        scene.renderer.save_static_frame_data = _no_drawing  # type: ignore[method-assign]
        scene.renderer.update_frame = _no_drawing  # type: ignore[method-assign]
        scene.walk = Walk(fps=int(config_values["frame_rate"]))
        scene.look = look
        scene.still_frame = still_frame
        scene.wanted_sections = sections
        try:
            scene.render()
            scene.end_section()
        except _StillTaken:
            pass
        walk: Walk = scene.walk
        walk.notes = dict(getattr(scene, "section_notes", {}))
        walk.cues = dict(getattr(scene, "section_cues", {}))
        if still_frame is not None and walk.still is None:  # past the end: the settled last frame
            walk.still = scene.draw()
            walk.frames = max(walk.frames, 1)
    return walk


def _no_drawing(*_args: Any, **_kwargs: Any) -> None:
    """Draws nothing."""


class _StillTaken(Exception):
    """Ends a walk once its still is drawn."""


class _WalkHooks:
    """The walk's hooks, put before a scene class: a clock in video frames, sections, looks and
    stills."""

    walk: Walk
    look: Callable[[Scene, Moment], None] | None
    still_frame: int | None
    wanted_sections: bool | str
    _plays = 0
    _first = 0
    _count = 0

    def next_section(self, name: str = "unnamed", *args: Any, **kwargs: Any) -> None:
        self.end_section()
        super().next_section(name, *args, **kwargs)
        if self.walk.sections and self.walk.sections[-1][1] == self.walk.frames:
            self.walk.sections.pop()  # an empty section: the new one starts at the same frame
        self.walk.sections.append((name, self.walk.frames))

    def end_section(self) -> None:
        """Draw the settled end of the section that ends now, if it is wanted and shows frames."""
        if not self.walk.sections or self.walk.sections[-1][1] == self.walk.frames:
            return
        name = self.walk.sections[-1][0]
        wanted = self.wanted_sections
        named = isinstance(wanted, str) and name in (wanted, f"{self.scene_id}-{wanted}")
        if wanted is True or named:
            self.walk.section_stills.append((name, self.walk.frames - 1, self.draw()))
            if named:
                raise _StillTaken

    def moment(self, kind: Kind) -> Moment:
        section = self.walk.sections[-1][0] if self.walk.sections else ""
        animations = list(self.animations or [])
        leaving = frozenset().union(*(_family_ids(a.mobject) for a in animations if a.remover))
        moving = tuple(_family_ids(a.mobject) for a in animations)
        frame = self.walk.frames if kind == "end" else self._first
        return Moment(kind, self._plays, frame, self.walk.fps, section, leaving, moving)

    def begin_animations(self) -> None:
        super().begin_animations()
        step = 1 / self.walk.fps
        self._first = self.walk.frames
        if self.is_current_animation_frozen_frame():
            self._count = int(self.duration / step)
            self._take_still(0.0)
        else:
            self._count = len(np.arange(0, self.duration, step))

    def play_internal(self, skip_rendering: bool = False) -> None:
        if self.look is not None:
            for share in INSIDE:
                self.update_to_time(share * self.duration)
                self.look(self, self.moment("inside"))
        self._take_still(None)
        super().play_internal(skip_rendering)

    def _take_still(self, local: float | None) -> None:
        """Draw the still if its frame is in the animation that begins now."""
        wanted = self.still_frame
        if wanted is None or not self._first <= wanted < self._first + self._count:
            return
        if local is None:
            local = (wanted - self._first) / self.walk.fps
            self.update_to_time(local)
        self.walk.still = self.draw(self.static_mobjects, self.moving_mobjects)
        raise _StillTaken

    def play(self, *args: Any, **kwargs: Any) -> None:
        super().play(*args, **kwargs)
        self.walk.frames = self._first + self._count
        if self.look is not None:
            self.animations = None
            self.look(self, self.moment("end"))
        self._plays += 1

    def draw(self, *layers: list[Mobject]) -> np.ndarray:
        """The picture of ``layers`` drawn in order (all mobjects when none): RGB, uint8."""
        from manim.utils.iterables import list_update

        camera = self.renderer.camera
        camera.reset()
        for layer in layers or (list_update(self.mobjects, self.foreground_mobjects),):
            camera.capture_mobjects(layer)
        return np.ascontiguousarray(camera.pixel_array[..., :3]).copy()


def _walker(scene_class: type[Scene]) -> type[Scene]:
    """``scene_class`` with the walk's hooks (same name and module)."""
    walker: type[Scene] = type(scene_class.__name__, (_WalkHooks, scene_class), {"__module__": scene_class.__module__})
    return walker
