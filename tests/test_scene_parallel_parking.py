"""The parallel-parking scene and its GIF cut: data on screen, car moves, layout, loop and look."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pytest
from manim import MathTex, tempconfig
from manim.utils.testing.frames_comparison import frames_comparison

from scenes.course import Course
from scenes.drive import Drive
from scenes.parallel_parking import ParallelParking, ParallelParkingCut
from tests.scene_checks import course_with, outside_frame, overlapping_texts, run_dry

__module_test__ = "parallel-parking"

RELATIVE = 1e-6
CUT_TEST_FPS = 3  # keeps the cut's control data well under 1 MB
SceneT = TypeVar("SceneT", bound=ParallelParking)


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One media folder for the module, so each formula is typeset once (tests run in series)."""
    return tmp_path_factory.mktemp("parallel-parking")


def run_skipping(
    scene_class: type[SceneT], media: Path, course: Course | None = None
) -> SceneT:
    """Like :func:`run_dry`, but each animation jumps to its end as ``manim -s`` does (fast).

    The drives still pass every step: their updaters catch up on the steps a frame skipped.
    """
    bound = scene_class.for_course(course) if course is not None else scene_class  # type: ignore[attr-defined]
    with tempconfig(
        {
            "dry_run": True,
            "quality": "low_quality",
            "media_dir": str(media),
            "disable_caching": True,
            "write_to_movie": False,
        }
    ):
        shown: SceneT = bound(skip_animations=True)
        shown.render()
    return shown


@pytest.fixture(scope="module")
def italian(media: Path) -> ParallelParking:
    return run_skipping(ParallelParking, media, course_with('[course]\nlanguage = "it"'))


@pytest.fixture(scope="module")
def scene(media: Path) -> ParallelParking:
    return run_dry(ParallelParking, media)


@pytest.fixture(scope="module")
def cut(media: Path) -> ParallelParkingCut:
    return run_dry(ParallelParkingCut, media)


def weights_of(points: np.ndarray, drive: Drive) -> np.ndarray:
    return np.array([drive.axes.p2c(p)[:2] for p in points])


def path_corners(drive: Drive) -> np.ndarray:
    """Anchors of the drawn path: each segment's start, then the last segment's end."""
    path = drive.path
    return np.vstack([path.get_start_anchors(), path.get_end_anchors()[-1:]])


def close(a: np.ndarray, b: np.ndarray) -> bool:
    scale = max(float(np.max(np.abs(b))), 1.0)
    return bool(np.all(np.abs(a - b) <= RELATIVE * scale))


@pytest.mark.parametrize("language", ["en", "it"])
def test_cut_last_frame_layout(media: Path, language: str) -> None:
    shown = run_skipping(ParallelParkingCut, media, course_with(f'[course]\nlanguage = "{language}"'))
    assert outside_frame(shown) == []
    assert overlapping_texts(shown) == []


def test_last_frame_layout(scene: ParallelParking, italian: ParallelParking) -> None:
    for shown in (scene, italian):
        assert outside_frame(shown) == []
        assert overlapping_texts(shown) == []


def test_light_theme_layout(media: Path) -> None:
    light = course_with('[theme]\nbackground = "#FFFFFF"\nforeground = "#1A1A1A"')
    shown = run_skipping(ParallelParking, media, light)
    assert outside_frame(shown) == []


def test_drawn_paths_are_the_trajectories(scene: ParallelParking) -> None:
    assert len(scene.drives) == 2
    for drive, run in zip(scene.drives, scene.data.runs, strict=True):
        corners = weights_of(path_corners(drive), drive)
        assert corners.shape == run.trajectory.weights.shape
        assert close(corners, run.trajectory.weights)


def test_car_visits_every_step_and_only_drives_ne_or_sw(scene: ParallelParking) -> None:
    drive = scene.drives[0]
    assert drive.run.regime == scene.problem.activation == "sigmoid"
    positions = np.array(drive.positions)[:, :2]
    assert close(positions, drive.run.trajectory.weights)
    moves = np.diff(positions, axis=0)
    assert moves.shape[0] == drive.run.figures.steps
    assert np.all(moves[:, 0] * moves[:, 1] > 0), "a move went NW or SE"


def test_comparison_car_also_moves_into_other_quadrants(scene: ParallelParking) -> None:
    moves = np.diff(np.array(scene.drives[1].positions)[:, :2], axis=0)
    assert np.any(moves[:, 0] * moves[:, 1] < 0)


def test_tallies_on_screen_equal_the_figures(scene: ParallelParking) -> None:
    for drive, run in zip(scene.drives, scene.data.runs, strict=True):
        shown = {name: int(number.get_value()) for name, (number, _) in drive.numbers.items()}
        tally = run.figures.tally
        expected = {
            "step": run.figures.steps,
            "north_east": tally.north_east,
            "south_west": tally.south_west,
            "other": tally.other,
            "still": tally.still,
        }
        assert shown == {name: expected[name] for name in shown}
        assert sum(shown[name] for name in shown if name != "step") == shown["step"]


def test_figures_on_screen_equal_the_data(scene: ParallelParking) -> None:
    first, second = scene.data.runs

    def tex(value: Any, digits: int = 2) -> str:
        return scene.tex_number(value, digits)

    def median(value: float | None) -> str:
        assert value is not None
        return tex(int(value) if float(value).is_integer() else value, 1)

    expected = [
        median(first.at_course_rate.median), median(second.at_course_rate.median),
        tex(first.figures.tortuosity), tex(second.figures.tortuosity),
        scene.percent(first.figures.quadrant_share).replace("%", r"\%"),
        scene.percent(second.figures.quadrant_share).replace("%", r"\%"),
        tex(first.best.learning_rate), tex(second.best.learning_rate),
        median(first.best.stats.median), median(second.best.stats.median),
        tex(float(first.curvature.eigenvalues[-1]), 3), tex(float(second.curvature.eigenvalues[-1]), 3),
        tex(first.curvature.condition_number), tex(second.curvature.condition_number),
    ]
    shown = [m.tex_string for m in scene.figures if isinstance(m, MathTex)]
    assert shown == expected
    assert first.figures.tortuosity > second.figures.tortuosity
    caption = scene.current_caption.text
    for value in (first.at_course_rate.median, second.at_course_rate.median,
                  first.best.stats.median, second.best.stats.median):
        assert value is not None
        assert scene.number(int(value)) in caption
    # Default course: the same rate gives about as many steps; the gain is the larger rate.
    assert scene.words("verdict_rate_gain", second=scene.regime_name(second), rate1="", rate2="")[:12].replace(" ", "") in caption


def test_italian_figures_use_a_decimal_comma(italian: ParallelParking) -> None:
    shown = italian
    tortuosity = shown.data.runs[0].figures.tortuosity
    texts = [m.tex_string for m in shown.figures if isinstance(m, MathTex)]
    assert shown.tex_number(tortuosity) in texts
    assert "{,}" in shown.tex_number(tortuosity)


def test_durations(scene: ParallelParking, cut: ParallelParkingCut) -> None:
    assert 30 <= scene.renderer.time <= 80
    assert 8 <= cut.renderer.time <= 12


def test_cut_drives_the_whole_sigmoid_path_then_returns(cut: ParallelParkingCut) -> None:
    drive = cut.drive
    assert close(np.array(drive.positions)[:, :2], drive.run.trajectory.weights)
    assert drive.tracker.get_value() == 0
    assert drive.car is not None
    start = drive.axes.c2p(*drive.run.trajectory.weights[0])
    assert np.allclose(drive.car.body.get_center(), start)
    assert all(int(number.get_value()) == 0 for number, _ in drive.numbers.values())


class _FirstFrameCut(ParallelParkingCut):
    """The cut, keeping a copy of the frame shown at the start."""

    def set_stage(self) -> None:
        super().set_stage()
        self.first_frame: np.ndarray | None = None

    def drive_loop(self) -> None:
        self.first_frame = self.renderer.get_frame().copy()
        super().drive_loop()


def test_cut_loops_cleanly(media: Path) -> None:
    with tempconfig(
        {
            "quality": "low_quality",
            "pixel_width": 320,
            "pixel_height": 180,
            "frame_rate": 6,
            "media_dir": str(media / "media"),
            "disable_caching": True,
            "write_to_movie": False,
        }
    ):
        shown = _FirstFrameCut()
        shown.render()
    assert shown.first_frame is not None
    last = shown.renderer.get_frame()
    assert shown.first_frame.shape == last.shape
    assert np.array_equal(shown.first_frame, last)
    assert np.any(shown.first_frame != shown.first_frame[0, 0])


@frames_comparison(base_scene=ParallelParking)
def test_last_frame(scene: ParallelParking) -> None:
    ParallelParking.construct(scene)


@frames_comparison(base_scene=ParallelParkingCut, last_frame=False, frame_rate=CUT_TEST_FPS)
def test_cut_frames(scene: ParallelParkingCut) -> None:
    ParallelParkingCut.construct(scene)


def test_a_zero_centred_activation_is_not_told_to_park(media: Path) -> None:
    shown = run_skipping(ParallelParkingCut, media, course_with('[problem]\nactivation = "tanh"'))
    assert shown.data.runs[0].figures.tally.other > 0
    assert shown.one_sign == (False, True)
    cross = shown.straight[1]
    assert cross not in shown.mobjects
    assert shown.current_caption.text == shown.words("caption_cut_mixed").replace(" ", "").replace("\n", "")
    assert 8 <= shown.renderer.time <= 12


def test_a_north_east_optimum_is_not_crossed_out(media: Path) -> None:
    course = course_with("[problem]\nw_start = [-1.0, -1.0]\nw_target = [1.0, 1.5]")
    shown = run_skipping(ParallelParkingCut, media, course)
    assert shown.data.headings[0].story == "open"
    assert shown.straight[1] not in shown.mobjects
    assert shown.current_caption.text == shown.words("caption_cut_open").replace(" ", "").replace("\n", "")


def test_relu_zero_inputs_say_at_least_zero(media: Path) -> None:
    shown = run_skipping(ParallelParking, media, course_with('[problem]\nactivation = "relu"'))
    assert shown.data.runs[0].signs == "nonnegative"
    assert shown.story_key("caption_straight", signed=True) == "caption_straight_zero"
    still = shown.data.runs[0].figures.tally.still
    if still:
        assert "still" in shown.live_rows
