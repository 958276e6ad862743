"""Speaker notes: every section of every scene has them, in the course language, and every number
they state is one of the scene's numbers as ``zigzag data`` gives them (problem and data), in the
course's number format."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import pytest

from scenes.course import Course, load_course
from scenes.numbers import format_percent
from scenes.registry import TITLE_CARD, scene_class, scene_data_json
from zigzag.walk import frame_config, walk_scene

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
NUMBER = re.compile(r"−?\d+(?:[.,]\d+)?%?")
SCENE_IDS = [TITLE_CARD, *load_course(ROOT / "courses" / "default.toml").scenes.lecture]


def course_in(language: str, **problem: Any) -> Course:
    base = load_course(ROOT / "courses" / "default.toml")
    return base.model_copy(update={
        "course": base.course.model_copy(update={"language": language}),
        "problem": base.problem.model_copy(update=problem),
    })


def notes_of(scene_id: str, course: Course) -> dict[str, str]:
    with tempfile.TemporaryDirectory() as media:
        walk = walk_scene(scene_class(scene_id).for_course(course), frame_config("l", "16:9", Path(media)))
    return walk.notes


def leaves(value: Any) -> list[float]:
    """Every number in ``value`` (a JSON document) and the length of every list in it."""
    if isinstance(value, bool):
        return []
    if isinstance(value, int | float):
        return [float(value)]
    if isinstance(value, dict):
        return [n for v in value.values() for n in leaves(v)]
    if isinstance(value, list):
        return [float(len(value)), *(n for v in value for n in leaves(v))]
    return []


def known(written: str, numbers: list[float], language: str) -> bool:
    """Whether the number ``written`` in a note is one of ``numbers`` as the course writes it."""
    if written.endswith("%"):
        return any(0 <= n <= 1 and format_percent(n, language) == written for n in numbers)
    text = written.replace("−", "-")
    decimals = len(text.split(",")[-1]) if "," in text else len(text.split(".")[-1]) if "." in text else 0
    value = float(text.replace(",", "."))
    return any(abs(abs(n) - abs(value)) <= 0.5 * 10.0 ** -decimals + 1e-9 for n in numbers)


# Every scene in both languages; other activations on the scenes whose words branch on the inputs.
CASES = [
    ("en", {}, SCENE_IDS),
    ("it", {}, SCENE_IDS),
    ("en", {"activation": "tanh"}, ["allowed-directions", "chain-rule", "gradient-signs"]),
    ("it", {"activation": "relu", "seed": 3}, [TITLE_CARD, "activations", "two-layer"]),
]


@pytest.mark.parametrize(("language", "problem", "scenes"), CASES, ids=["en", "it", "en-tanh", "it-relu"])
def test_every_section_has_notes_whose_numbers_are_the_datas(
    language: str, problem: dict[str, Any], scenes: list[str]
) -> None:
    course = course_in(language, **problem)
    for scene_id in scenes:
        notes = notes_of(scene_id, course)
        data = scene_data_json("lecture" if scene_id == TITLE_CARD else scene_id, course.to_problem())
        numbers = leaves(data)
        assert notes, scene_id
        for section, note in notes.items():
            assert len(note.split()) >= 12, f"{section}: {note!r}"
            unknown = [n for n in NUMBER.findall(note) if not known(n, numbers, language)]
            assert not unknown, f"{section} ({language}, {problem}) states {unknown} not in zigzag data: {note}"
            if language == "it":
                assert not re.search(r"\d\.\d", note), f"{section}: a decimal point in Italian: {note}"
            else:
                assert not re.search(r"\d,\d", note), f"{section}: a decimal comma in English: {note}"


def test_a_number_that_is_not_the_datas_is_caught() -> None:
    numbers = [0.5, 128.0, 0.4712, 0.575]
    assert known("128", numbers, "en") and known("0.47", numbers, "en") and known("0,47", numbers, "it")
    assert known("58%", numbers, "en") and known("−0.50", numbers, "en")
    assert not known("129", numbers, "en") and not known("0.48", numbers, "en") and not known("57%", numbers, "en")
