"""The shared drawing parts: the weight plane maps weights to the screen and back; named parts."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from manim import RIGHT, UP, Circle, Dot, Square

from scenes.parts import Parts, WeightPlane

BOUNDS = (-2.0, 3.0, -1.0, 1.5)


def test_point_of_puts_the_bounds_at_the_plane_corners() -> None:
    plane = WeightPlane(BOUNDS, height=2.5, colour="#888888")
    np.testing.assert_allclose(plane.point_of((-2.0, -1.0))[:2], plane.get_corner(-RIGHT - UP)[:2])
    np.testing.assert_allclose(plane.point_of((3.0, 1.5))[:2], plane.get_corner(RIGHT + UP)[:2])
    assert plane.height == pytest.approx(2.5)
    assert plane.width == pytest.approx(2.5 * 5.0 / 2.5)


def test_max_width_shrinks_the_unit_and_keeps_equal_scales() -> None:
    plane = WeightPlane(BOUNDS, height=4.0, colour="#888888", max_width=3.0)
    assert plane.width == pytest.approx(3.0)
    unit_x = plane.point_of((1.0, 0.0))[0] - plane.point_of((0.0, 0.0))[0]
    unit_y = plane.point_of((0.0, 1.0))[1] - plane.point_of((0.0, 0.0))[1]
    assert unit_x == pytest.approx(unit_y)


@settings(max_examples=30, deadline=None)
@given(w1=st.floats(-2, 3), w2=st.floats(-1, 1.5), dx=st.floats(-3, 3), scale=st.floats(0.2, 3))
def test_weights_of_inverts_point_of_after_the_plane_moves(w1: float, w2: float, dx: float, scale: float) -> None:
    plane = WeightPlane(BOUNDS, height=2.0, colour="#888888")
    plane.shift(dx * RIGHT).scale(scale)
    np.testing.assert_allclose(plane.weights_of(plane.point_of((w1, w2))), [w1, w2], atol=1e-9)


def test_markers_and_polylines_sit_on_their_weights() -> None:
    plane = WeightPlane(BOUNDS, height=2.0, colour="#888888")
    weights = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, -0.5]])
    line = plane.polyline(weights, "#ff0000", 2.0)
    corners = np.vstack([line.get_start_anchors(), line.get_end_anchors()[-1:]])
    np.testing.assert_allclose([plane.weights_of(c) for c in corners], weights, atol=1e-9)
    np.testing.assert_allclose(plane.weights_of(plane.dot((1.0, 1.0), 0.05, "#fff").get_center()), [1.0, 1.0])
    np.testing.assert_allclose(plane.weights_of(plane.ring((2.0, 1.0), 0.1, "#fff", 2.0).get_center()), [2.0, 1.0])


def test_parts_are_reached_by_name_in_their_order() -> None:
    dot, ring = Dot(), Circle()
    parts = Parts(start=dot, optimum=ring)
    assert parts.part("start") is dot and parts.part("optimum") is ring
    assert list(parts) == [dot, ring]
    with pytest.raises(KeyError, match="optimum"):
        parts.part("square")
    assert isinstance(Parts(box=Square()).part("box"), Square)


def test_figure_table_rows_are_addressed_by_name() -> None:
    from manim import Text

    from scenes.parts import LONE_ROW, ROW, SECTION, FigureTable

    rows = [("head", Text("at rate 0.5"), SECTION), ("step", Text("step"), ROW), ("cond", Text("condition"), LONE_ROW)]
    table = FigureTable(rows, [Text("a"), Text("b")], row_height=0.5, indent=0.25, min_column=1.0, gap=0.1)
    assert table.label("step") is rows[1][1]
    assert table.cell("step", 1).get_center()[0] > table.cell("step", 0).get_center()[0]
    assert table.cell("step", 0).get_center()[1] == pytest.approx(table.label("step").get_center()[1])
    assert table.label("step").get_left()[0] == pytest.approx(table.label("head").get_left()[0] + 0.25)
    assert table.cell("cond", 0).get_center()[1] < table.cell("step", 0).get_center()[1]
    with pytest.raises(KeyError, match="step"):
        table.cell("steps", 0)
