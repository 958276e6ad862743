"""Helpers for construct-and-assert scene tests: render without writing video, then inspect."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TypeVar

import numpy as np
from manim import MathTex, Mobject, Scene, SingleStringMathTex, Text, VMobject, tempconfig

from scenes.course import Course, parse_course

SceneT = TypeVar("SceneT", bound=Scene)
FRAME_MARGIN = 1e-3
OVERLAP_TOLERANCE = 0.02


def course_with(toml: str = "", slug: str = "test") -> Course:
    """A course from TOML text (empty: the default course)."""
    return parse_course(toml, source="test course", slug=slug)


def run_dry(scene_class: type[SceneT], tmp_path: Path, course: Course | None = None) -> SceneT:
    """Construct ``scene_class`` with manim's ``dry_run`` (nothing written) and return the scene."""
    bound = scene_class.for_course(course) if course is not None else scene_class  # type: ignore[attr-defined]
    with tempconfig(
        {
            "dry_run": True,
            "quality": "low_quality",
            "media_dir": str(tmp_path / "media"),
            "disable_caching": True,
            "write_to_movie": False,
        }
    ):
        scene: SceneT = bound()
        scene.render()
    return scene


def leaves(mobject: Mobject) -> list[Mobject]:
    """Every submobject that has points."""
    return [m for m in mobject.get_family() if m.has_points()]


def outside_frame(scene: Scene) -> list[Mobject]:
    """Mobjects on screen that reach outside the camera frame."""
    half_w = scene.camera.frame_width / 2 + FRAME_MARGIN
    half_h = scene.camera.frame_height / 2 + FRAME_MARGIN
    bad = []
    for top in scene.mobjects:
        for m in leaves(top):
            if isinstance(m, VMobject) and m.get_stroke_opacity() == 0 and m.get_fill_opacity() == 0:
                continue
            points = m.points
            if np.any(np.abs(points[:, 0]) > half_w) or np.any(np.abs(points[:, 1]) > half_h):
                bad.append(m)
    return bad


def text_like(scene: Scene) -> list[Mobject]:
    """Top-most Text and MathTex mobjects on screen (visible ones)."""
    found: list[Mobject] = []
    seen: set[int] = set()
    for top in scene.mobjects:
        for m in top.get_family():
            if id(m) in seen:
                continue
            if isinstance(m, (Text, MathTex, SingleStringMathTex)):
                found.append(m)
                seen.update(id(s) for s in m.get_family())
    return [m for m in found if m.get_fill_opacity() > 0.05]


def overlaps(a: Mobject, b: Mobject, tolerance: float = OVERLAP_TOLERANCE) -> bool:
    """True when the bounding boxes of ``a`` and ``b`` overlap by more than ``tolerance``."""
    a_low, a_high = a.get_corner(np.array([-1, -1, 0])), a.get_corner(np.array([1, 1, 0]))
    b_low, b_high = b.get_corner(np.array([-1, -1, 0])), b.get_corner(np.array([1, 1, 0]))
    dx = min(a_high[0], b_high[0]) - max(a_low[0], b_low[0])
    dy = min(a_high[1], b_high[1]) - max(a_low[1], b_low[1])
    return dx > tolerance and dy > tolerance


def overlapping_texts(scene: Scene) -> list[tuple[str, str]]:
    """Pairs of text or formula mobjects whose boxes overlap."""
    texts = text_like(scene)
    return [
        (_describe(a), _describe(b))
        for a, b in itertools.combinations(texts, 2)
        if overlaps(a, b)
    ]


def _describe(m: Mobject) -> str:
    return getattr(m, "text", None) or getattr(m, "tex_string", None) or type(m).__name__
