"""The chain-rule scene: every number on screen is the toy's data, coloured by its sign; layout; look."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from manim import MathTex, Text
from manim.utils.testing.frames_comparison import frames_comparison

from scenes.chain_rule import DIGITS, ChainRule
from tests.scene_checks import course_with, outside_frame, overlapping_texts, run_dry

__module_test__ = "chain-rule"

DECIMAL = re.compile(r"-?\d+(?:\{,\}|\.)\d+")


def shown_tex_numbers(scene: ChainRule) -> list[str]:
    """Every decimal number in the formulas on screen."""
    found: list[str] = []
    for top in scene.mobjects:
        for m in top.get_family():
            if isinstance(m, MathTex):
                found.extend(DECIMAL.findall(m.tex_string))
    return found


def expected_numbers(scene: ChainRule) -> list[str]:
    d = scene.data
    values = [
        *d.weights,
        *d.inputs,
        d.target,
        d.factors.f,
        d.factors.dloss_df,
        *d.factors.grad_w,
    ]
    return [scene.tex_number(float(v), DIGITS) for v in values]


@pytest.fixture(scope="module", params=["en", "it"])
def scene(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> ChainRule:
    """The scene constructed once per language (TeX compiles are shared)."""
    language = request.param
    media = tmp_path_factory.mktemp("chain_rule")
    return run_dry(ChainRule, media, course_with(f'[course]\nlanguage = "{language}"'))


def test_last_frame_layout(scene: ChainRule) -> None:
    assert outside_frame(scene) == []
    assert overlapping_texts(scene) == []


def test_every_number_on_screen_is_formatted_data(scene: ChainRule) -> None:
    language = scene.language
    assert sorted(shown_tex_numbers(scene)) == sorted(expected_numbers(scene))
    texts = [m.text for top in scene.mobjects for m in top.get_family() if isinstance(m, Text)]
    assert any(scene.number(scene.data.sample_index) in t for t in texts)
    if language == "it":
        assert all("." not in n for n in shown_tex_numbers(scene))


def test_numbers_coloured_by_sign(scene: ChainRule) -> None:
    assert len(scene.number_parts) == len(expected_numbers(scene))
    for part in scene.number_parts:
        value = float(part.tex_string.replace("{,}", "."))
        assert part.get_fill_color().to_hex() == scene.theme.sign_colour(value).to_hex()


def test_example_is_the_chain_rule(scene: ChainRule) -> None:
    d = scene.data
    np.testing.assert_allclose(d.factors.grad_w, d.factors.dloss_df * d.inputs)
    assert d.factors.dloss_df == pytest.approx(d.factors.f - d.target)
    assert d.factors.shared_sign == np.sign(d.factors.dloss_df)


def test_notation_reaches_the_formulas(tmp_path: Path) -> None:
    course = course_with('[notation]\nweight = "\\\\theta"\nloss = "J"')
    scene = run_dry(ChainRule, tmp_path, course)
    tex = " ".join(
        m.tex_string for top in scene.mobjects for m in top.get_family() if isinstance(m, MathTex)
    )
    assert r"\theta" in tex
    assert "{J}" in tex
    assert "{w}" not in tex


@frames_comparison(base_scene=ChainRule)
def test_last_frame(scene: ChainRule) -> None:
    ChainRule.construct(scene)
