"""Curvature ellipses: points lie on the level set, clipping keeps only what is inside the box."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zz_math.ellipses import (
    clip_to_box,
    ellipse_levels,
    level_ellipse,
    mean_outer_product,
    semi_axes,
)

angles = st.floats(min_value=0.0, max_value=np.pi)
positive = st.floats(min_value=0.05, max_value=5.0)


def rotation(angle: float) -> np.ndarray:
    return np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])


@settings(max_examples=60, deadline=None)
@given(angle=angles, low=positive, high=positive, excess=positive)
def test_ellipse_points_lie_on_the_level_set(angle: float, low: float, high: float, excess: float) -> None:
    eigenvalues = np.array(sorted([low, high]))
    eigenvectors = rotation(angle)
    matrix = eigenvectors @ np.diag(eigenvalues) @ eigenvectors.T
    center = np.array([0.3, -1.2])
    points = level_ellipse(center, eigenvalues, eigenvectors, excess)
    delta = points - center
    levels = 0.5 * np.einsum("ni,ij,nj->n", delta, matrix, delta)
    np.testing.assert_allclose(levels, excess, rtol=1e-9)
    np.testing.assert_array_equal(points[0], points[-1])


def test_semi_axes_ratio_is_the_square_root_of_the_condition_number() -> None:
    radii = semi_axes(np.array([0.5, 4.5]), 1.0)
    assert radii[0] / radii[1] == pytest.approx(3.0)
    with pytest.raises(ValueError, match="eigenvalues"):
        semi_axes(np.array([0.0, 1.0]), 1.0)


def test_outermost_level_passes_through_the_given_point() -> None:
    matrix = np.array([[2.0, 0.5], [0.5, 1.0]])
    center, through = np.array([1.0, 1.0]), np.array([-1.0, 2.0])
    levels = ellipse_levels(matrix, center, through, count=4, inner_share=0.01)
    delta = through - center
    assert levels[0] == pytest.approx(0.5 * delta @ matrix @ delta)
    assert levels[-1] == pytest.approx(0.01 * levels[0])
    assert np.all(np.diff(levels) < 0)


def test_clipping_keeps_inside_points_only_and_joins_the_wrap() -> None:
    circle = level_ellipse(np.zeros(2), np.ones(2), np.eye(2), 0.5, n_points=401)  # radius 1
    box = (-0.5, 2.0, -2.0, 2.0)
    pieces = clip_to_box(circle, box)
    assert len(pieces) == 1  # the arc right of x = −0.5 crosses the angle 0 where the ring starts
    piece = pieces[0]
    assert np.all(piece[:, 0] >= -0.5)
    step = np.linalg.norm(np.diff(piece, axis=0), axis=1)
    assert step.max() < 1.5 * 2 * np.pi / 400  # one contiguous arc, no jump across the gap
    inside = (circle[:-1, 0] >= -0.5).sum()
    assert len(piece) == inside
    assert len(clip_to_box(circle, (-3.0, 3.0, -3.0, 3.0))) == 1
    assert clip_to_box(circle, (5.0, 6.0, 5.0, 6.0)) == []


def test_mean_outer_product_completes_the_second_moment() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(0.5, 0.2, size=(500, 2))
    mean = x.mean(axis=0)
    covariance = np.cov(x.T, bias=True)
    np.testing.assert_allclose(covariance + mean_outer_product(mean), x.T @ x / len(x))
