"""The conditioning scene: ellipses, paths and figures on screen equal the data; layout; look."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from manim.utils.testing.frames_comparison import frames_comparison

from scenes.conditioning import Conditioning
from tests.scene_checks import course_with, outside_frame, overlapping_texts, run_dry

__module_test__ = "conditioning"


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Conditioning:
    return run_dry(Conditioning, tmp_path_factory.mktemp("conditioning"))


def test_last_frame_layout_en(scene: Conditioning) -> None:
    assert outside_frame(scene) == []
    assert overlapping_texts(scene) == []


def test_last_frame_layout_it(tmp_path: Path) -> None:
    scene = run_dry(Conditioning, tmp_path, course_with('[course]\nlanguage = "it"'))
    assert scene.language == "it"
    assert outside_frame(scene) == []
    assert overlapping_texts(scene) == []


def test_paths_mapped_back_equal_the_full_batch_trajectories(scene: Conditioning) -> None:
    for index, run_ in enumerate(scene.data.runs):
        assert run_.best_trajectory.method == "full-batch"
        np.testing.assert_allclose(scene.path_in_weights(index), run_.best_trajectory.weights, atol=1e-9)
        plane, start = scene.panels[index].part("plane"), scene.panels[index].part("start")
        np.testing.assert_allclose(plane.weights_of(start.get_center()), scene.data.start)


def test_ellipses_are_level_sets_of_the_curvature(scene: Conditioning) -> None:
    for index, run_ in enumerate(scene.data.runs):
        plane, ellipses = scene.panels[index].part("plane"), scene.panels[index].part("ellipses")
        assert len(ellipses) > 0
        matrix, optimum = run_.curvature.matrix, run_.best_trajectory.optimum
        excesses = set()
        for line in ellipses:
            corners = np.array([plane.weights_of(p) for p in line.get_start_anchors()])
            delta = corners - optimum
            levels = 0.5 * np.einsum("ni,ij,nj->n", delta, matrix, delta)
            np.testing.assert_allclose(levels, levels[0], rtol=1e-6)
            excesses.add(round(float(levels[0]), 9))
        delta = scene.data.start - optimum
        assert max(excesses) == pytest.approx(0.5 * delta @ matrix @ delta, rel=1e-6)


def test_figures_on_screen_equal_the_formatted_data(scene: Conditioning) -> None:
    for index, run_ in enumerate(scene.data.runs):
        figures = scene.panels[index].part("figures")
        condition, (steps, rate) = figures.part("condition"), figures.part("descent")
        assert condition.text == scene.words(
            "condition", value=scene.number(run_.curvature.condition_number)
        ).replace(" ", "").replace("\n", "")
        assert steps.text == scene.words(
            "steps", steps=run_.best_trajectory.steps_to_tolerance
        ).replace(" ", "").replace("\n", "")
        assert rate.text == scene.words("rate", rate=scene.number(run_.best.learning_rate)).replace(" ", "")


def test_thin_valley_against_round_valley(scene: Conditioning) -> None:
    raw, centred = scene.data.runs
    assert raw.curvature.condition_number > centred.curvature.condition_number
    assert raw.best_figures.tortuosity > centred.best_figures.tortuosity


def test_decomposition_numbers_and_source_on_screen(scene: Conditioning) -> None:
    for row, run_ in zip(scene.decompositions, scene.data.runs, strict=True):
        tex = row[1].tex_string
        c = run_.curvature
        for matrix in (c.matrix, c.covariance, np.outer(c.mean, c.mean)):
            assert scene.matrix_tex(matrix) in tex
    assert scene.source in scene.mobjects
    assert "EfficientBackProp" in scene.source.text
    assert "1998" in scene.source.text


@frames_comparison(base_scene=Conditioning)
def test_last_frame(scene: Conditioning) -> None:
    Conditioning.construct(scene)


def test_title_claims_the_zigzag_only_when_the_data_shows_it(scene: Conditioning) -> None:
    key = "title" if scene.data.thin_zigzags else "title_straight"
    assert scene.title.text == scene.words(key).replace(" ", "")
