"""Checking speaker notes against the data: every number a note states is one of the scene's
numbers as ``zigzag data`` gives them (problem and data, and the length of every list), written in
the course's number format."""

from __future__ import annotations

import re
from typing import Any

from scenes.course import Course
from scenes.numbers import format_percent
from scenes.registry import TITLE_CARD, scene_data_json

NUMBER = re.compile(r"−?\d+(?:[.,]\d+)?%?")


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


def data_scene(scene_id: str) -> str:
    """The scene whose numbers ``scene_id`` shows: its own; the title card's are the lecture's."""
    return "lecture" if scene_id == TITLE_CARD else scene_id


def check_notes(scene_id: str, course: Course, notes: dict[str, str], *, least_words: int = 12) -> None:
    """Every section has notes of ``least_words`` words or more whose numbers are the data's (also
    what checks the captions' words: :func:`check_cues`)."""
    language = course.course.language
    numbers = leaves(scene_data_json(data_scene(scene_id), course.to_problem()))
    assert notes, scene_id
    for section, note in notes.items():
        assert len(note.split()) >= least_words, f"{section}: {note!r}"
        unknown = [n for n in NUMBER.findall(note) if not known(n, numbers, language)]
        assert not unknown, f"{section} ({language}) states {unknown}, not in zigzag data: {note}"
        decimal = r"\d\.\d" if language == "it" else r"\d,\d"
        assert not re.search(decimal, note), f"{section}: a decimal mark not of {language}: {note}"


def check_cues(scene_id: str, course: Course, cues: dict[str, str]) -> None:
    """Every section has captions whose numbers are the data's, in the course's number format."""
    check_notes(scene_id, course, cues, least_words=2)
