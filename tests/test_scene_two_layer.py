"""The two-layer scene: sign grids are the data's gradients, shares are measured; layout; look."""

from __future__ import annotations

import numpy as np
import pytest
from manim import Text
from manim.utils.testing.frames_comparison import frames_comparison

from scenes.two_layer import TwoLayer
from tests.scene_checks import course_with, outside_frame, overlapping_texts, run_dry

__module_test__ = "two-layer"


@pytest.fixture(scope="module", params=["en", "it"])
def scene(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> TwoLayer:
    """The scene constructed once per language."""
    media = tmp_path_factory.mktemp("two_layer")
    return run_dry(TwoLayer, media, course_with(f'[course]\nlanguage = "{request.param}"'))


def expected_colours(scene: TwoLayer, gradients: np.ndarray) -> list[list[list[str]]]:
    return [
        [[scene.theme.sign_colour(float(v)).to_hex() for v in row] for row in sample]
        for sample in gradients[: scene.samples]
    ]


def test_last_frame_layout(scene: TwoLayer) -> None:
    assert outside_frame(scene) == []
    assert overlapping_texts(scene) == []


def test_grids_are_the_gradient_signs(scene: TwoLayer) -> None:
    g = scene.data.gradients
    assert scene.grid_colours(2) == expected_colours(scene, g.grad_w2)
    assert scene.grid_colours(1) == expected_colours(scene, g.grad_w1)


def test_second_layer_rows_share_a_sign(scene: TwoLayer) -> None:
    assert np.all(scene.data.gradients.hidden > 0)
    for grid, signs in zip(scene.grid_colours(2), scene.data.unit_signs, strict=False):
        for row, sign in zip(grid, signs, strict=True):
            assert set(row) == {scene.theme.sign_colour(float(sign)).to_hex()}


def test_shares_on_screen_are_measured(scene: TwoLayer) -> None:
    texts = [m.text for top in scene.mobjects for m in top.get_family() if isinstance(m, Text)]
    joined = " ".join(texts).replace(" ", "")
    assert scene.percent(scene.data.uniform_share).replace(" ", "") in joined
    assert scene.percent(scene.data.first_layer_mixed_share).replace(" ", "") in joined
    shown = scene.grid_colours(1)
    mixed = [len(set(row)) > 1 for grid in shown for row in grid]
    assert scene.samples == scene.data.inputs.shape[0]
    assert np.mean(mixed) == pytest.approx(scene.data.first_layer_mixed_share)
    assert 0 < scene.data.first_layer_mixed_share < 1


@frames_comparison(base_scene=TwoLayer)
def test_last_frame(scene: TwoLayer) -> None:
    TwoLayer.construct(scene)
