"""The activations scene: data on screen, layout, and its look."""

from __future__ import annotations

from pathlib import Path

import pytest
from manim.utils.testing.frames_comparison import frames_comparison

from scenes.activations import Activations
from tests.scene_checks import course_with, outside_frame, overlapping_texts, run_dry

__module_test__ = "activations"


@pytest.mark.parametrize("language", ["en", "it"])
def test_last_frame_layout(tmp_path: Path, language: str) -> None:
    scene = run_dry(Activations, tmp_path, course_with(f'[course]\nlanguage = "{language}"'))
    assert outside_frame(scene) == []
    assert overlapping_texts(scene) == []


def test_shares_on_screen_come_from_data(tmp_path: Path) -> None:
    scene = run_dry(Activations, tmp_path)
    shown = {m.text for m in scene.panels.get_family() if hasattr(m, "text")}
    for share in scene.data.negative_share:
        assert any(scene.percent(share).replace(" ", "") in t.replace(" ", "") for t in shown)
    never = [r.never_negative for r in scene.data.ranges]
    assert never == [True, True, False]


@frames_comparison(base_scene=Activations)
def test_last_frame(scene: Activations) -> None:
    Activations.construct(scene)
