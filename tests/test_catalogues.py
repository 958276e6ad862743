"""Words: every catalogue has every key in every language; the registry and lecture hold together."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenes.base import ZigzagScene
from scenes.lecture import LectureTitle
from scenes.registry import SCENES, scene_class
from scenes.text import (
    LANGUAGES,
    TEXT_DIR,
    catalogue_names,
    check_catalogue,
    export,
    missing_keys,
    shipped,
)
from tests.scene_checks import course_with, outside_frame, overlapping_texts, run_dry


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_shipped_catalogue_has_every_key_and_passes_the_course_checks(language: str) -> None:
    tables = shipped(language)
    assert missing_keys(language, {}) == []
    assert check_catalogue(tables, language) == []
    assert set(tables) == set(shipped("en"))
    for table, entries in tables.items():
        assert set(entries) == set(shipped("en")[table]), table
        assert all(value.strip() for value in entries.values())


@pytest.mark.parametrize("language", LANGUAGES)
def test_shipped_catalogues_are_in_the_export_format(language: str) -> None:
    """en and it are what `zigzag text export` writes: no special path for them."""
    assert export(language) == (TEXT_DIR / f"{language}.toml").read_text(encoding="utf-8")


def test_every_scene_has_a_catalogue_table_and_a_class() -> None:
    names = set(catalogue_names())
    for scene_id in SCENES:
        assert scene_id in names
        assert scene_class(scene_id).scene_id == scene_id  # type: ignore[attr-defined]
        assert scene_id in shipped("en")["registry"]


def test_italian_words_are_not_english_copies() -> None:
    same = 0
    total = 0
    for table, entries in shipped("en").items():
        for key, english in entries.items():
            total += 1
            same += english == shipped("it")[table][key] and len(english) > 12
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
