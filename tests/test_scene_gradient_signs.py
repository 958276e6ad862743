"""The gradient-signs scene: raster colours equal the data's signs, shares on screen, layout, look."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from manim.utils.testing.frames_comparison import frames_comparison

from scenes.gradient_signs import GradientSigns
from tests.scene_checks import course_with, outside_frame, overlapping_texts, run_dry

__module_test__ = "gradient-signs"


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> GradientSigns:
    return run_dry(GradientSigns, tmp_path_factory.mktemp("gradient_signs"))


def test_last_frame_layout_en(scene: GradientSigns) -> None:
    assert outside_frame(scene) == []
    assert overlapping_texts(scene) == []


def test_last_frame_layout_it(tmp_path: Path) -> None:
    scene = run_dry(GradientSigns, tmp_path, course_with('[course]\nlanguage = "it"'))
    assert scene.language == "it"
    assert outside_frame(scene) == []
    assert overlapping_texts(scene) == []


def test_raster_cells_are_coloured_by_the_data_signs(scene: GradientSigns) -> None:
    data = scene.data
    for block, signs in enumerate((*data.signs, data.batch_signs)):
        n_steps, n_weights = signs.shape
        assert len(scene.blocks[block][2]) == n_steps * n_weights
        for step in range(n_steps):
            for weight in range(n_weights):
                expected = scene.theme.sign_colour(int(signs[step, weight]))
                assert scene.cell_colour(block, step, weight) == expected


def test_problem_inputs_give_one_colour_columns(scene: GradientSigns) -> None:
    signs = scene.data.signs[0]
    assert np.all(signs[:, 0] == signs[:, 1])
    for step in range(signs.shape[0]):
        assert scene.cell_colour(0, step, 0) == scene.cell_colour(0, step, 1)


def test_shares_on_screen_come_from_data(scene: GradientSigns) -> None:
    data = scene.data
    shares = (*data.uniform_share, data.batch_uniform_share)
    for block, share in zip(scene.blocks, shares, strict=True):
        assert block[3].text == scene.words("share", share=scene.percent(share)).replace(" ", "")
    summary = scene.words(
        "summary",
        first=scene.percent(data.uniform_share[0]),
        second=scene.percent(data.uniform_share[1]),
        batch=scene.percent(data.batch_uniform_share),
    )
    assert scene.current_caption.text == summary.replace(" ", "").replace("\n", "")
    assert scene.current_caption in scene.mobjects


@frames_comparison(base_scene=GradientSigns)
def test_last_frame(scene: GradientSigns) -> None:
    GradientSigns.construct(scene)
