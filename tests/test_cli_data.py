"""``zigzag data``, ``list`` and ``check`` through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from scenes.registry import SCENE_IDS
from zigzag.cli import cli


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    "course_text",
    ["", '[problem]\nactivation = "relu"\nlearning_rate = 0.1\nseed = 3\nw_start = [2.0, 0.5]'],
    ids=["default", "relu"],
)
def test_parallel_parking_json_follows_the_update_rule(tmp_path: Path, course_text: str) -> None:
    course = tmp_path / "c.toml"
    course.write_text(course_text, encoding="utf-8")
    code, out, _ = invoke("data", "parallel-parking", "--course", str(course))
    assert code == 0
    data = json.loads(out)
    assert data["scene"] == "parallel-parking"
    problem = data["problem"]
    assert [t["regime"] for t in data["trajectories"]][0] == problem["activation"]
    assert set(data["metrics"]) == {t["regime"] for t in data["trajectories"]}
    for t in data["trajectories"]:
        x = np.array(t["inputs"])
        y = np.array(t["targets"])
        w = np.array(t["weights"])
        g = np.array(t["gradients"])
        idx = np.array(t["sample_index"])
        assert w.shape == (len(g) + 1, 2)
        np.testing.assert_allclose(w[0], problem["w_start"])
        expected = (np.einsum("ij,ij->i", w[:-1], x[idx]) - y[idx])[:, None] * x[idx]
        np.testing.assert_allclose(g, expected, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(w[1:], w[:-1] - t["learning_rate"] * g, rtol=1e-12, atol=1e-14)
        assert t["learning_rate"] == problem["learning_rate"]
        for key in ("quadrant_share", "tortuosity", "steps_to_tolerance", "condition_number"):
            assert key in data["metrics"][t["regime"]]
    first = data["metrics"][problem["activation"]]
    assert first["quadrant_share"] == 1.0


@pytest.mark.parametrize("scene", SCENE_IDS)
def test_every_scene_has_json_data(scene: str) -> None:
    code, out, _ = invoke("data", scene)
    assert code == 0
    assert json.loads(out)["scene"] == scene


def test_problem_values_reach_the_data(tmp_path: Path) -> None:
    course = tmp_path / "c.toml"
    course.write_text("[problem]\nn_samples = 50\nseed = 11\nlearning_rate = 0.25\n", encoding="utf-8")
    code, out, _ = invoke("data", "parallel-parking", "--course", str(course))
    data = json.loads(out)
    assert code == 0
    assert data["problem"]["seed"] == 11
    assert len(data["trajectories"][0]["inputs"]) == 50
    assert data["trajectories"][0]["learning_rate"] == 0.25


def test_unknown_scene_lists_the_scenes() -> None:
    code, _, err = invoke("data", "parking")
    assert code == 2
    assert "parallel-parking" in err and "Traceback" not in err


def test_list_names_every_scene() -> None:
    code, out, _ = invoke("list")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == list(SCENE_IDS)


def test_check_suggests_the_right_key(tmp_path: Path) -> None:
    course = tmp_path / "typo.toml"
    course.write_text('[theme]\nbackgrond = "#000000"\n', encoding="utf-8")
    code, _, err = invoke("check", str(course))
    assert code == 2
    assert "backgrond" in err and "did you mean 'background'" in err
    assert len(err.strip().splitlines()) <= 2


def test_check_accepts_shipped_courses() -> None:
    for course in sorted(Path("courses").glob("*.toml")):
        code, out, _ = invoke("check", str(course))
        assert code == 0, course
        assert "ok" in out


def test_diverging_learning_rate_names_a_rate_that_arrives(tmp_path: Path) -> None:
    course = tmp_path / "fast.toml"
    course.write_text("[problem]\nlearning_rate = 50.0\n", encoding="utf-8")
    code, _, err = invoke("check", str(course))
    assert code == 2
    assert "learning_rate" in err and "needs the fewest steps" in err
