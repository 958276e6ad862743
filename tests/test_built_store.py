"""Cheaper copies and the shared store of built texts: same points and pixels, nothing shared that
a copy changes, and a store entry that is damaged or holds anything but mobjects is refused."""

from __future__ import annotations

import io
import os
import pickle
import zlib
from pathlib import Path

import numpy as np
import pytest
from manim import BLUE, RED, MathTex, Text, tempconfig

import scenes.base  # noqa: F401 - installs the lean copies
from scenes.base import _kept, forget_built, use_store
from zigzag.built_cache import BuiltStore, open_store
from zigzag.outputs import code_version


@pytest.fixture
def media(tmp_path: Path) -> Path:
    return tmp_path / "media"


def points_of(mobject: object) -> list[np.ndarray]:
    return [part.points for part in mobject.get_family()]  # type: ignore[attr-defined]


def test_a_copy_has_the_same_points_and_changes_alone(media: Path) -> None:
    with tempconfig({"media_dir": str(media)}):
        words = Text("Parallel parking 0.50", font_size=30, color=BLUE)
    copied = words.copy()
    for mine, theirs in zip(points_of(copied), points_of(words), strict=True):
        assert np.array_equal(mine, theirs)
        assert mine is not theirs or mine.size == 0
    glyph = copied.submobjects[0]
    glyph.shift([1.0, 0.0, 0.0])
    glyph.set_color(RED)
    assert not np.array_equal(glyph.points, words.submobjects[0].points)
    assert words.submobjects[0].get_fill_color().to_hex() == BLUE.to_hex()
    # what a copy shares is what nothing changes once built: the parsed SVG path
    assert glyph.path_obj is words.submobjects[0].path_obj


def test_a_stored_text_comes_back_with_the_same_points(tmp_path: Path, media: Path) -> None:
    store = BuiltStore(tmp_path)
    with tempconfig({"media_dir": str(media)}):
        formula = MathTex(r"\eta = 0.50", color=BLUE)
    store.put(("f",), formula)
    back = store.get(("f",))
    assert type(back) is MathTex
    assert back.tex_string == formula.tex_string
    for mine, theirs in zip(points_of(back), points_of(formula), strict=True):
        assert np.array_equal(mine, theirs)
    assert back.submobjects[0].submobjects[0].get_fill_color().to_hex() == BLUE.to_hex()


def test_the_store_is_used_instead_of_building(tmp_path: Path, media: Path) -> None:
    forget_built()
    use_store(BuiltStore(tmp_path))
    built: list[str] = []

    def build() -> Text:
        built.append("once")
        with tempconfig({"media_dir": str(media)}):
            return Text("stored words")

    try:
        first = _kept(("stored words",), build)
        forget_built()  # a new process: only the store remembers
        second = _kept(("stored words",), build)
    finally:
        use_store(None)
        forget_built()
    assert built == ["once"]
    assert second is not first and second.text == first.text == "storedwords"  # Text keeps no spaces


class Planted:
    """What an attacker's entry would make: a call of ``os.system``."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch /tmp/zigzag-planted",))


@pytest.mark.parametrize("payload", [
    zlib.compress(pickle.dumps(Planted())),
    zlib.compress(pickle.dumps(io.BytesIO(b"x"))),
    b"not zlib at all",
    zlib.compress(b"not a pickle"),
], ids=["os-system", "foreign-class", "garbage", "cut"])
def test_a_foreign_or_damaged_entry_is_refused_and_deleted(tmp_path: Path, payload: bytes) -> None:
    store = BuiltStore(tmp_path)
    entry = store._path(("k",))
    entry.write_bytes(payload)
    assert store.get(("k",)) is None
    assert not entry.exists()
    assert not Path("/tmp/zigzag-planted").exists()


def test_a_new_code_version_clears_the_old_stores(tmp_path: Path) -> None:
    old = tmp_path / "built" / "0123456789abcdef"
    old.mkdir(parents=True)
    (old / "x.pickle.z").write_bytes(b"old")
    store = open_store(tmp_path)
    assert store is not None
    assert store.folder.name == code_version()[:16]
    assert not old.exists()


def test_a_store_folder_replaced_by_a_link_is_not_used(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "built").symlink_to(elsewhere)
    assert open_store(tmp_path / "cache") is None
