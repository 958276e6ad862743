"""The remedies scene: paths and figures on screen equal the data, layout in en and it, look."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from manim.utils.testing.frames_comparison import frames_comparison

from scenes.remedies import Remedies
from tests.scene_checks import course_with, outside_frame, overlapping_texts, run_dry

__module_test__ = "remedies"


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Remedies:
    return run_dry(Remedies, tmp_path_factory.mktemp("remedies"))


def test_last_frame_layout_en(scene: Remedies) -> None:
    assert outside_frame(scene) == []
    assert overlapping_texts(scene) == []


def test_last_frame_layout_it(tmp_path: Path) -> None:
    scene = run_dry(Remedies, tmp_path, course_with('[course]\nlanguage = "it"'))
    assert scene.language == "it"
    assert outside_frame(scene) == []
    assert overlapping_texts(scene) == []


def test_five_panels_in_the_data_order(scene: Remedies) -> None:
    assert len(scene.panels) == len(scene.data.panels) == 5
    assert scene.data.panels[1:] == ("centered", "tanh", "minibatch", "shifted")


def test_paths_mapped_back_equal_the_best_trajectories(scene: Remedies) -> None:
    for index, run_ in enumerate(scene.data.runs):
        np.testing.assert_allclose(
            scene.path_in_weights(index), run_.best_trajectory.weights, atol=1e-9
        )
        panel = scene.panels[index]
        plane = panel.part("plane")
        np.testing.assert_allclose(
            plane.weights_of(panel.part("start").get_center()), run_.best_trajectory.weights[0]
        )
        np.testing.assert_allclose(
            plane.weights_of(panel.part("optimum").get_center()), run_.best_trajectory.optimum
        )


def test_panels_share_the_data_bounds(scene: Remedies) -> None:
    w1_min, w1_max, w2_min, w2_max = scene.data.bounds
    for panel in scene.panels:
        plane = panel.part("plane")
        np.testing.assert_allclose(plane.weights_of(plane.get_corner(np.array([-1, -1, 0]))), [w1_min, w2_min])
        np.testing.assert_allclose(plane.weights_of(plane.get_corner(np.array([1, 1, 0]))), [w1_max, w2_max])


def test_figures_on_screen_equal_the_formatted_data(scene: Remedies) -> None:
    for index, run_ in enumerate(scene.data.runs):
        figures = run_.best_figures
        shown = [line.text for line in scene.panels[index].part("figures")]
        expected = [
            scene.words(
                "fig_steps",
                steps=scene.number(int(stats.median), 1),
                low=min(s for s in stats.steps if s >= 0),
                high=max(stats.steps),
            ) if (stats := run_.best.stats).median is not None and stats.median.is_integer()
            else scene.words("never") if stats.median is None
            else scene.words("fig_steps", steps=scene.number(stats.median, 1), low=stats.low, high=stats.high),
            scene.words("fig_tortuosity", value=scene.number(figures.tortuosity)),
            scene.words("fig_quadrant", share=scene.percent(figures.quadrant_share)),
            scene.words("fig_rate", rate=scene.number(run_.best.learning_rate)),
        ]
        assert shown == [e.replace(" ", "") for e in expected]


def test_fair_comparison_is_said_on_screen(scene: Remedies) -> None:
    assert scene.fair in scene.mobjects
    expected = scene.words("fair", orders=scene.data.runs[0].best.stats.orders)
    assert scene.fair.text == expected.replace(" ", "").replace("\n", "")
    # The regimes are shown a page at a time; the scene ends on the summary of all of them.
    shown = {id(m) for top in scene.mobjects for m in top.get_family()}
    headers, rows = scene.summary[0]
    assert {id(headers), id(rows), id(scene.fair)} <= shown
    assert not any(id(slot) in shown for slot in scene.pages[-1])


@frames_comparison(base_scene=Remedies)
def test_last_frame(scene: Remedies) -> None:
    Remedies.construct(scene)
