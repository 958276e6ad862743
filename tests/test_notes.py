"""Speaker notes: every section of every scene has them, in the course language, and every number
they state is one of the scene's numbers as ``zigzag data`` gives them, in the course's number
format. The layout audit (``test_layout.py``) checks the notes of every scene in English and
Italian on the way; here, courses whose words branch on other inputs."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest

from scenes.course import Course, load_course
from scenes.registry import TITLE_CARD, scene_class
from tests.notes_check import check_cues, check_notes, known
from zigzag.walk import frame_config, walk_scene

ROOT = Path(__file__).resolve().parent.parent


def course_in(language: str, **problem: Any) -> Course:
    base = load_course(ROOT / "courses" / "default.toml")
    return base.model_copy(update={
        "course": base.course.model_copy(update={"language": language}),
        "problem": base.problem.model_copy(update=problem),
    })


def notes_of(scene_id: str, course: Course) -> tuple[dict[str, str], dict[str, str]]:
    """The speaker notes and the captions' words of every section."""
    with tempfile.TemporaryDirectory() as media:
        walk = walk_scene(scene_class(scene_id).for_course(course), frame_config("l", "16:9", Path(media)))
    return walk.notes, walk.cues


# Other activations on the scenes whose words branch on the inputs' signs.
CASES = [
    ("en", {"activation": "tanh"}, ["allowed-directions", "chain-rule", "gradient-signs"]),
    ("it", {"activation": "relu", "seed": 3}, [TITLE_CARD, "activations", "two-layer"]),
    ("en", {"activation": "relu"}, ["parallel-parking", "remedies", "conditioning"]),
]


@pytest.mark.slow
@pytest.mark.parametrize(("language", "problem", "scenes"), CASES, ids=["en-tanh", "it-relu", "en-relu"])
def test_every_section_has_notes_whose_numbers_are_the_datas(
    language: str, problem: dict[str, Any], scenes: list[str]
) -> None:
    course = course_in(language, **problem)
    for scene_id in scenes:
        notes, cues = notes_of(scene_id, course)
        check_notes(scene_id, course, notes)
        check_cues(scene_id, course, cues)


def test_a_number_that_is_not_the_datas_is_caught() -> None:
    numbers = [0.5, 128.0, 0.4712, 0.575]
    assert known("128", numbers, "en") and known("0.47", numbers, "en") and known("0,47", numbers, "it")
    assert known("58%", numbers, "en") and known("−0.50", numbers, "en")
    assert not known("129", numbers, "en") and not known("0.48", numbers, "en") and not known("57%", numbers, "en")
    with pytest.raises(AssertionError, match="not in zigzag data"):
        check_notes("activations", course_in("en"), {"activations": "A note of a dozen words or more that states 12345.678 here."})
