"""Scene ids, the classes behind them and the GIF cut of each."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the command line lists and plans scenes without importing manim
    from manim import Scene

from zz_math.story import SCENE_IDS

__all__ = ["INTERNAL", "SCENES", "TITLE_CARD", "SceneEntry", "scene_class", "unknown_scene_message"]


@dataclass(frozen=True, slots=True)
class SceneEntry:
    """Where a scene lives.

    Attributes
    ----------
    scene_id
        The command line's name.
    module
        Module under ``scenes``.
    class_name
        The scene class.
    gif_class_name
        The class rendered for GIFs (a short loop where one exists).
    """

    scene_id: str
    module: str
    class_name: str
    gif_class_name: str

    def load(self, for_gif: bool = False) -> type[Scene]:
        """Import and return the scene class (or its GIF cut)."""
        module = importlib.import_module(f"scenes.{self.module}")
        cls: type[Scene] = getattr(module, self.gif_class_name if for_gif else self.class_name)
        return cls


def _entry(scene_id: str, class_name: str, gif_class_name: str | None = None) -> SceneEntry:
    return SceneEntry(scene_id, scene_id.replace("-", "_"), class_name, gif_class_name or class_name)


SCENES: dict[str, SceneEntry] = {
    e.scene_id: e
    for e in (
        _entry("activations", "Activations"),
        _entry("chain-rule", "ChainRule"),
        _entry("allowed-directions", "AllowedDirections"),
        _entry("parallel-parking", "ParallelParking", "ParallelParkingCut"),
        _entry("gradient-signs", "GradientSigns"),
        _entry("remedies", "Remedies"),
        _entry("conditioning", "Conditioning"),
        _entry("two-layer", "TwoLayer"),
        _entry("lecture", "Lecture"),
    )
}
assert tuple(SCENES) == SCENE_IDS
TITLE_CARD = "lecture-title"
INTERNAL: dict[str, SceneEntry] = {TITLE_CARD: SceneEntry(TITLE_CARD, "lecture", "LectureTitle", "LectureTitle")}


def scene_class(scene_id: str, for_gif: bool = False) -> type[Scene]:
    """The class of ``scene_id``."""
    entry = SCENES.get(scene_id) or INTERNAL[scene_id]
    return entry.load(for_gif)


def unknown_scene_message(name: str) -> str:
    """One line for a scene id that does not exist."""
    return f"unknown scene {name!r}; scenes: {', '.join(SCENES)}"
