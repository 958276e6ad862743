"""Contour lines clipped exactly to a box, and the per-step numbers of the parallel-parking drive."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenes.course import current_course
from zz_math.contours import clip_polyline, quadratic_contours
from zz_math.descent import quadratic_loss
from zz_math.metrics import direction_tally
from zz_math.scene_data.parallel_parking import (
    car_headings,
    parallel_parking_data,
    regime_contours,
    running_tally,
)

BOX = (-1.0, 1.0, -0.5, 0.5)
coordinate = st.floats(min_value=-3.0, max_value=3.0, allow_nan=False)
points = st.lists(st.tuples(coordinate, coordinate), min_size=2, max_size=30)


def inside(p: np.ndarray, bounds: tuple[float, float, float, float], slack: float = 1e-12) -> bool:
    return bool(
        np.all(p[:, 0] >= bounds[0] - slack)
        and np.all(p[:, 0] <= bounds[1] + slack)
        and np.all(p[:, 1] >= bounds[2] - slack)
        and np.all(p[:, 1] <= bounds[3] + slack)
    )


@settings(max_examples=80, deadline=None)
@given(points)
def test_clipped_pieces_stay_inside_and_lie_on_the_polyline(raw: list[tuple[float, float]]) -> None:
    polyline = np.array(raw)
    for piece in clip_polyline(polyline, BOX):
        assert len(piece) >= 2
        assert inside(piece, BOX)
        # every point of a piece lies on some segment of the polyline
        for point in piece:
            a, b = polyline[:-1], polyline[1:]
            d = b - a
            t = np.clip(np.einsum("ij,ij->i", point - a, d) / np.maximum(np.einsum("ij,ij->i", d, d), 1e-300), 0, 1)
            assert np.min(np.linalg.norm(a + t[:, None] * d - point, axis=1)) < 1e-9


def test_a_line_through_the_box_is_cut_at_its_edges() -> None:
    (piece,) = clip_polyline(np.array([[-2.0, 0.0], [2.0, 0.0]]), BOX)
    assert np.allclose(piece, [[-1.0, 0.0], [1.0, 0.0]])
    assert clip_polyline(np.array([[-2.0, 2.0], [2.0, 2.0]]), BOX) == ()


def test_a_closed_ring_through_its_start_stays_one_piece() -> None:
    ring = np.array([[0.0, 0.0], [2.0, 0.0], [2.0, 0.2], [0.0, 0.2], [0.0, 0.0]])
    (piece,) = clip_polyline(ring, BOX)
    assert np.allclose(piece[0], [1.0, 0.2]) and np.allclose(piece[-1], [1.0, 0.0])


def test_contours_are_level_sets_of_the_loss() -> None:
    data = parallel_parking_data(current_course().to_problem())
    for run, levels in zip(data.runs, (data.contour_levels, data.comparison_levels), strict=True):
        lines = regime_contours(run, levels, data.bounds)
        assert [line.level for line in lines] == pytest.approx(list(levels))
        assert any(line.pieces for line in lines)
        for line in lines:
            for piece in line.pieces:
                assert inside(piece, data.bounds, 1e-9)
                inner = piece[1:-1]
                if len(inner):
                    loss = quadratic_loss(run.dataset, inner, run.trajectory.optimum)
                    assert np.allclose(loss, line.level, rtol=1e-9)


def test_levels_below_the_minimum_draw_nothing() -> None:
    lines = quadratic_contours((0.0, 0.0), np.eye(2), 1.0, (0.5, 1.0, 1.5), (-5.0, 5.0, -5.0, 5.0))
    assert [len(line.pieces) for line in lines] == [0, 0, 1]


def test_running_tally_ends_at_the_direction_tally() -> None:
    updates = np.array([[1.0, 2.0], [-1.0, -0.5], [1.0, -1.0], [0.0, 0.0], [0.0, 1.0]])
    tally = running_tally(updates)
    assert tally.north_east.tolist() == [0, 1, 1, 1, 1, 2]
    assert tally.south_west.tolist() == [0, 0, 1, 1, 1, 1]
    assert tally.other.tolist() == [0, 0, 0, 1, 1, 1]
    total = direction_tally(updates)
    assert (tally.north_east[-1], tally.south_west[-1], tally.other[-1]) == (
        total.north_east,
        total.south_west,
        total.other,
    )


def test_ne_and_sw_moves_along_one_line_share_a_heading() -> None:
    headings = car_headings(np.array([[1.0, 1.0], [-2.0, -2.0], [0.0, 0.0], [-1.0, 1.0]]))
    assert headings[0] == pytest.approx(np.pi / 4)
    assert headings[1] == pytest.approx(np.pi / 4)
    assert headings[2] == pytest.approx(np.pi / 4)
    assert headings[3] == pytest.approx(-np.pi / 4)
    assert np.all((headings > -np.pi / 2) & (headings <= np.pi / 2))
