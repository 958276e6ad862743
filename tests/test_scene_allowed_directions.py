"""The allowed-directions scene: arrows are the data's updates, all in quadrant I or III; layout; look."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from manim import Text
from manim.utils.testing.frames_comparison import frames_comparison

from scenes.allowed_directions import AllowedDirections, scale_digits
from tests.scene_checks import course_with, outside_frame, overlapping_texts, run_dry
from zz_math.scene_data.allowed_directions import nice_scale, view_half_width

__module_test__ = "allowed-directions"


@pytest.fixture(scope="module", params=["en", "it"])
def scene(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AllowedDirections:
    """The scene constructed once per language."""
    media = tmp_path_factory.mktemp("allowed_directions")
    return run_dry(
        AllowedDirections, media, course_with(f'[course]\nlanguage = "{request.param}"')
    )


def test_last_frame_layout(scene: AllowedDirections) -> None:
    assert outside_frame(scene) == []
    assert overlapping_texts(scene) == []


def test_every_arrow_is_the_data_update(scene: AllowedDirections) -> None:
    shown = scene.shown_directions()
    assert len(shown) == len(scene.data.updates)
    for (start, end), update in zip(shown, scene.data.updates, strict=True):
        np.testing.assert_allclose(start[:2], scene.data.point, atol=1e-6)
        drawn = np.asarray(end[:2]) - np.asarray(start[:2])
        np.testing.assert_allclose(drawn, scene.arrow_scale * update, atol=1e-6)
        direction = drawn / np.linalg.norm(drawn)
        np.testing.assert_allclose(direction, update / np.linalg.norm(update), atol=1e-6)
        assert np.sign(drawn[0]) == np.sign(drawn[1]) != 0, "arrow outside quadrants I and III"


def test_arrows_stay_in_the_shaded_cone(scene: AllowedDirections) -> None:
    shades = scene.cone[0]
    for arrow in scene.arrows:
        tip = arrow.get_end()
        assert any(
            shade.get_left()[0] - 1e-6 <= tip[0] <= shade.get_right()[0] + 1e-6
            and shade.get_bottom()[1] - 1e-6 <= tip[1] <= shade.get_top()[1] + 1e-6
            for shade in shades
        )


def test_words_carry_the_data(scene: AllowedDirections) -> None:
    texts = " ".join(m.text for m in scene.column.get_family() if isinstance(m, Text))
    total = len(scene.data.updates)
    # Closed quadrants I and III, as the data's tally and quadrant_share count them.
    updates = scene.data.updates
    count = int(np.sum((updates[:, 0] * updates[:, 1] >= 0) & np.any(updates != 0, axis=1)))
    still = int(np.sum(np.all(updates == 0, axis=1)))
    assert count == scene.data.tally.north_east + scene.data.tally.south_west
    assert still == scene.data.tally.still
    assert count == round(scene.data.quadrant_share * (total - still))
    assert f"{count}" in texts and f"{total}" in texts
    scale = scene.number(scene.arrow_scale, scale_digits(scene.arrow_scale))
    assert f"×{scale}" in texts
    assert scene.words(f"direction_{scene.data.heading.compass}").replace(" ", "") in texts.replace(" ", "")
    assert scene.words("rule").replace(" ", "") in texts.replace(" ", "")


def test_optimum_marker_is_the_optimum(scene: AllowedDirections) -> None:
    _, dot, _, cross = scene.optimum
    np.testing.assert_allclose(
        scene.axes.p2c(dot.get_center())[:2], scene.data.point + scene.data.to_optimum, atol=1e-6
    )
    assert scene.data.to_optimum_quadrant == 2
    assert len(cross) == 2


@given(st.floats(1e-6, 1e6), st.floats(1e-6, 1e6))
def test_nice_scale_is_largest_fitting(longest: float, room: float) -> None:
    scale = nice_scale(longest, room)
    assert longest * scale <= room * (1 + 1e-9)
    mantissa = scale / 10.0 ** math.floor(math.log10(scale) + 1e-12)
    assert min(abs(mantissa - m) for m in (1, 2, 3, 5)) < 1e-9
    larger = [m * 10.0**e for e in range(-14, 14) for m in (1, 2, 3, 5) if m * 10.0**e > scale * 1.000001]
    assert longest * min(larger) > room


def test_view_and_count_helpers() -> None:
    assert view_half_width(np.array([[1.0, -2.0], [0.5, 0.5]]), 0.5) == pytest.approx(3.0)
    assert view_half_width(np.zeros((1, 2))) == 1.0
    with pytest.raises(ValueError, match="positive"):
        nice_scale(0.0, 1.0)


@frames_comparison(base_scene=AllowedDirections)
def test_last_frame(scene: AllowedDirections) -> None:
    AllowedDirections.construct(scene)


def test_relu_still_updates_are_counted_and_the_rule_says_at_least_zero(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    shown = run_dry(AllowedDirections, tmp_path_factory.mktemp("relu"), course_with('[problem]\nactivation = "relu"'))
    texts = " ".join(m.text for m in shown.column.get_family() if isinstance(m, Text)).replace(" ", "")
    tally = shown.data.tally
    assert tally.other == 0
    assert shown.data.signs == "nonnegative"
    assert shown.words("rule_zero").replace(" ", "").replace("\n", "") in texts
    if tally.still:
        assert f"{tally.still}" in texts


def test_tanh_does_not_show_the_positive_inputs_rule(tmp_path_factory: pytest.TempPathFactory) -> None:
    shown = run_dry(AllowedDirections, tmp_path_factory.mktemp("tanh"), course_with('[problem]\nactivation = "tanh"'))
    texts = " ".join(m.text for m in shown.column.get_family() if isinstance(m, Text)).replace(" ", "")
    assert shown.words("rule").replace(" ", "") not in texts
    assert shown.data.heading.story == "free"
