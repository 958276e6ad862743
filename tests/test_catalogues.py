"""Words: every catalogue has every key in every language; the registry and lecture hold together."""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from scenes.base import ZigzagScene
from scenes.lecture import LectureTitle
from scenes.registry import SCENES, scene_class
from scenes.text import LANGUAGES, catalogue, catalogue_names
from tests.scene_checks import course_with, outside_frame, overlapping_texts, run_dry


@pytest.mark.parametrize("name", catalogue_names())
def test_every_language_has_every_key(name: str) -> None:
    table = catalogue(name)
    assert set(table) == set(LANGUAGES)
    keys = {language: set(table[language]) for language in LANGUAGES}
    assert keys["en"] == keys["it"]
    for key in keys["en"]:
        fields = [{f for _, f, _, _ in string.Formatter().parse(table[lang][key]) if f} for lang in LANGUAGES]
        assert fields[0] == fields[1], f"{name}.{key} uses different fields per language"
        assert table["en"][key] != "" and table["it"][key] != ""


def test_every_scene_has_a_catalogue_and_a_class() -> None:
    names = set(catalogue_names())
    for scene_id in SCENES:
        assert scene_id in names
        assert scene_class(scene_id).scene_id == scene_id  # type: ignore[attr-defined]
        assert scene_id in catalogue("registry")["en"]


def test_italian_words_are_not_english_copies() -> None:
    same = 0
    total = 0
    for name in catalogue_names():
        table = catalogue(name)
        for key, english in table["en"].items():
            total += 1
            same += english == table["it"][key] and len(english) > 12
    assert same / total < 0.1


def test_lecture_title_card_opens_the_lecture_in_italian(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names: list[str] = []
    original = ZigzagScene.next_section

    def record(self: ZigzagScene, name: str = "unnamed", *args: object, **kwargs: object) -> None:
        names.append(name)
        original(self, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ZigzagScene, "next_section", record)
    scene = run_dry(LectureTitle, tmp_path, course_with('[course]\nlanguage = "it"'))
    assert names == ["lecture-title"]
    assert scene.scene_id == "lecture"
    assert outside_frame(scene) == []
    assert overlapping_texts(scene) == []
