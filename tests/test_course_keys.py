"""Every key of the course file changes the output as documented."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from manim import ManimColor, MathTex, Text, VMobject

from scenes.activations import Activations
from scenes.allowed_directions import AllowedDirections
from scenes.base import ZigzagScene
from scenes.chain_rule import ChainRule
from scenes.conditioning import Conditioning
from scenes.gradient_signs import GradientSigns
from scenes.lecture import LectureTitle
from scenes.parallel_parking import ParallelParking, ParallelParkingCut
from scenes.registry import SCENES
from scenes.remedies import Remedies
from scenes.text import text
from scenes.two_layer import TwoLayer
from tests.scene_checks import course_with, outside_frame, overlapping_texts, run_dry

LIGHT = '[theme]\nbackground = "#FFFFFF"\nforeground = "#1A1A1A"\naccent = "#D35400"\n'
SCENE_CLASSES = [Activations, ChainRule, AllowedDirections, ParallelParking, ParallelParkingCut,
                 GradientSigns, Remedies, Conditioning, TwoLayer]


def hex_of(colour: object) -> str:
    return ManimColor(colour).to_hex().upper()  # type: ignore[arg-type]


def texts(scene: Activations) -> list[Text]:
    return [m for top in scene.mobjects for m in top.get_family() if isinstance(m, Text)]


def test_background_colour_reaches_the_frame(tmp_path: Path) -> None:
    scene = run_dry(Activations, tmp_path, course_with('[theme]\nbackground = "#123456"'))
    frame = scene.renderer.get_frame()
    assert tuple(frame[1, 1, :3]) == (0x12, 0x34, 0x56)


def test_foreground_accent_secondary_and_font(tmp_path: Path) -> None:
    course = course_with(
        '[theme]\nforeground = "#ABCDEF"\naccent = "#FF0088"\nsecondary = "#00FF88"\nfont = "DejaVu Serif"'
    )
    scene = run_dry(Activations, tmp_path, course)
    title = scene.get_title()[0]  # its first line
    assert hex_of(title.get_color()) == "#ABCDEF"
    assert title.font == "DejaVu Serif"
    curves = {name: panel[2] for name, panel in zip(scene.data.names, scene.panels, strict=True)}
    assert hex_of(curves["sigmoid"].get_color()) == "#FF0088"
    assert hex_of(curves["tanh"].get_color()) == "#00FF88"
    assert all(t.font == "DejaVu Serif" for t in texts(scene))


def test_sign_colours_reach_the_raster(tmp_path: Path) -> None:
    scene = run_dry(GradientSigns, tmp_path, course_with('[theme]\npositive = "#0000FE"\nnegative = "#FE0000"'))
    fills = {
        hex_of(m.get_fill_color())
        for top in scene.mobjects
        for m in top.get_family()
        if isinstance(m, VMobject) and m.get_fill_opacity() > 0.5
    }
    assert {"#0000FE", "#FE0000"} <= fills


@pytest.mark.parametrize("language", ["en", "it"])
def test_language_picks_the_words(tmp_path: Path, language: str) -> None:
    scene = run_dry(Activations, tmp_path, course_with(f'[course]\nlanguage = "{language}"'))
    shown = {t.text for t in texts(scene)}
    assert text("activations", "title", language).replace(" ", "") in {s.replace(" ", "") for s in shown}


def test_notation_reaches_formulas(tmp_path: Path) -> None:
    scene = run_dry(ChainRule, tmp_path, course_with('[notation]\nweight = "\\\\theta"\nloss = "J"\ninput = "a"'))
    tex = " ".join(m.tex_string for top in scene.mobjects for m in top.get_family() if isinstance(m, MathTex))
    assert r"\theta" in tex
    assert "{J}" in tex
    assert "{a}" in tex


def test_course_name_is_on_the_title_card(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    original = ZigzagScene.plain

    def record(self: ZigzagScene, content: str, *args: object, **kwargs: object) -> Text:
        shown.append(content)
        return original(self, content, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ZigzagScene, "plain", record)
    run_dry(LectureTitle, tmp_path, course_with('[course]\nname = "Reti neurali 2026"'))
    assert "Reti neurali 2026" in shown


@pytest.mark.parametrize(
    ("toml", "factor"),
    [("[scenes]\nspeed = 2.0", 0.5), ("[scenes.per_scene_speed]\nactivations = 0.5", 2.0), ("[scenes]\nspeed = 1.0", 1.0)],
    ids=["global", "per-scene", "normal"],
)
def test_speed_scales_the_duration(tmp_path: Path, toml: str, factor: float) -> None:
    normal = run_dry(Activations, tmp_path / "a", course_with("")).renderer.time
    scaled = run_dry(Activations, tmp_path / "b", course_with(toml)).renderer.time
    assert scaled == pytest.approx(normal * factor, rel=0.05)


def test_problem_values_change_what_is_drawn(tmp_path: Path) -> None:
    scene = run_dry(AllowedDirections, tmp_path, course_with("[problem]\nw_start = [2.0, -0.5]\nlearning_rate = 0.3"))
    np.testing.assert_allclose(scene.data.point, [2.0, -0.5])


@pytest.mark.parametrize("scene_class", SCENE_CLASSES, ids=lambda c: c.__name__)
def test_every_scene_lays_out_in_italian_on_a_light_theme(tmp_path: Path, scene_class: type) -> None:
    scene = run_dry(scene_class, tmp_path, course_with('[course]\nlanguage = "it"\n' + LIGHT))
    assert outside_frame(scene) == []
    assert overlapping_texts(scene) == []
    assert tuple(scene.renderer.get_frame()[1, 1, :3]) == (255, 255, 255)


def test_all_scene_ids_are_covered() -> None:
    covered = {c.scene_id for c in SCENE_CLASSES} | {"lecture"}
    assert covered == set(SCENES)
