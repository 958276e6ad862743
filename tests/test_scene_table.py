"""The pipeline holds no per-scene knowledge: a scene registered from the tests renders through
the command line like any other, and a scene id is written in the code once."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import av
import pytest
from click.testing import CliRunner

from scenes.registry import SCENES, SceneSpec, register
from zigzag.cli import cli

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def throwaway() -> Iterator[SceneSpec]:
    spec = register(SceneSpec("throwaway", "tests.plugins.throwaway", "Throwaway", "Throwaway"))
    try:
        yield spec
    finally:
        SCENES.pop("throwaway")


@pytest.mark.slow
def test_a_scene_registered_from_the_tests_renders_through_the_cli(
    throwaway: SceneSpec, tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        cli, ["render", "throwaway", "-q", "l", "--format", "mp4", "--out", str(tmp_path), "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    folder = tmp_path / "default"
    with av.open(str(folder / "throwaway.mp4")) as video:
        stream = video.streams.video[0]
        assert (stream.width, stream.height) == (854, 480)
        assert stream.frames > 0
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert [o["scene"] for o in manifest["outputs"]] == ["throwaway"]
    sections = json.loads(next((folder / "throwaway.sections").glob("*.json")).read_text(encoding="utf-8"))
    assert [s["name"] for s in sections] == ["throwaway-move"]
    data = CliRunner().invoke(cli, ["data", "throwaway"])
    assert data.exit_code == 0
    assert json.loads(data.stdout)["data"] is None


def test_the_lecture_stays_last_when_a_scene_is_registered(throwaway: SceneSpec) -> None:
    assert list(SCENES)[-2:] == ["throwaway", "lecture"]
    with pytest.raises(ValueError, match="taken"):
        register(throwaway)


def test_each_scene_id_is_written_once_in_the_code() -> None:
    sources = [
        p for package in ("zz_math", "scenes", "zigzag") for p in (ROOT / package).rglob("*.py")
    ]
    for scene_id in (s for s in SCENES if s != "lecture"):
        quoted = re.compile(rf"[\"']{re.escape(scene_id)}[\"']")
        places = [p.relative_to(ROOT) for p in sources if quoted.search(p.read_text(encoding="utf-8"))]
        assert places == [Path("scenes/registry.py")], (scene_id, places)
