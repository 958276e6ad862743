"""Alt text states what the GIF shows, with the data's own numbers, in the course language."""

from __future__ import annotations

from scenes.course import Course, parse_course
from scenes.numbers import format_number
from scenes.registry import alt_text as registry_alt_text
from zz_math.scene_data.parallel_parking import parallel_parking_data


def alt_text(scene_id: str, course: Course) -> str:
    return registry_alt_text(scene_id, course.to_problem(), course.words, course.locale)


def test_english_alt_text_carries_the_figures() -> None:
    course = parse_course("")
    text = alt_text("parallel-parking", course)
    first = parallel_parking_data(course.to_problem()).runs[0]
    assert text.startswith("Looping animation")
    assert format_number(first.figures.tortuosity, 2, "en") in text
    assert f"{first.figures.tally.north_east} NE" in text
    assert "up and to the left" in text
    assert "Every update" in text


def test_italian_alt_text_uses_decimal_commas() -> None:
    text = alt_text("parallel-parking", parse_course('[course]\nlanguage = "it"'))
    assert text.startswith("Animazione")
    assert "(1,50; −1,00)" in text
    assert "in alto a sinistra" in text


def test_alt_text_follows_a_changed_toy() -> None:
    course = parse_course('[problem]\nactivation = "tanh"\nw_target = [2.0, 1.0]')
    text = alt_text("parallel-parking", course)
    assert "up and to the right" in text
    assert "Every update" not in text
    assert "tanh inputs" in text


def test_a_north_east_optimum_is_not_parallel_parking() -> None:
    text = alt_text("parallel-parking", parse_course("[problem]\nw_start = [-1.0, -1.0]\nw_target = [1.0, 1.5]"))
    assert "up and to the right" in text
    assert "parallel parking" not in text
    assert "the optimum lies that way" in text


def test_a_scene_without_its_own_alt_text_gets_its_description() -> None:
    text = alt_text("remedies", parse_course(""))
    assert text.startswith("Animation: ")
