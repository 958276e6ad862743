"""``zigzag data`` prints what it printed when the fixtures were saved (before the code moved).

The fixtures under ``tests/fixtures/data/<course>/<scene>.json.gz`` are the JSON of every scene of
every shipped course. Numbers are compared to 1e-9 relative, so a change of the last bits of a
float between numpy builds does not count; any other change does.
"""

from __future__ import annotations

import gzip
import json
import math
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from zigzag.cli import cli

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "data"
CASES = sorted((p.parent.name, p.name.removesuffix(".json.gz")) for p in FIXTURES.glob("*/*.json.gz"))


def _same(saved: Any, now: Any, where: str = "") -> None:
    if isinstance(saved, float) or isinstance(now, float):
        assert isinstance(now, (int, float)) and isinstance(saved, (int, float)), where
        assert math.isclose(saved, now, rel_tol=1e-9, abs_tol=1e-12), f"{where}: {saved} != {now}"
    elif isinstance(saved, dict):
        assert isinstance(now, dict) and saved.keys() == now.keys(), f"{where}: keys differ"
        for key in saved:
            _same(saved[key], now[key], f"{where}.{key}")
    elif isinstance(saved, list):
        assert isinstance(now, list) and len(saved) == len(now), f"{where}: lengths differ"
        for index, (a, b) in enumerate(zip(saved, now, strict=True)):
            _same(a, b, f"{where}[{index}]")
    else:
        assert saved == now, f"{where}: {saved!r} != {now!r}"


def test_every_shipped_course_and_scene_has_a_fixture() -> None:
    courses = {p.stem for p in (ROOT / "courses").glob("*.toml")}
    assert {course for course, _ in CASES} == courses
    assert len(CASES) == 8 * len(courses)


@pytest.mark.parametrize(("course", "scene"), CASES, ids=[f"{c}-{s}" for c, s in CASES])
def test_data_equals_the_saved_fixture(course: str, scene: str) -> None:
    saved = json.loads(gzip.decompress((FIXTURES / course / f"{scene}.json.gz").read_bytes()))
    result = CliRunner().invoke(cli, ["data", scene, "--course", str(ROOT / "courses" / f"{course}.toml")])
    assert result.exit_code == 0, result.output
    _same(saved, json.loads(result.stdout), scene)
