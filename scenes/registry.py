"""The one table of scenes: id, class, GIF cut and numbers of each.

A scene id is written here and nowhere else. The command line, ``zigzag data``, the lecture, the
catalogue tests and the course model read this table; a scene class finds its own id here
(:func:`spec_of_class`), and its words live in the catalogue named after the id. Adding a scene is
one module under ``scenes`` plus one :class:`SceneSpec`. Importing this module does not import
manim: classes are named by module and class name and imported when asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scenes.alt_text import parallel_parking_alt
from scenes.text import Words
from zz_math.export import to_jsonable
from zz_math.problem import Problem
from zz_math.scene_data.activations import activations_data
from zz_math.scene_data.allowed_directions import allowed_directions_data
from zz_math.scene_data.chain_rule import chain_rule_data
from zz_math.scene_data.conditioning import conditioning_data, conditioning_json
from zz_math.scene_data.gradient_signs import gradient_signs_data
from zz_math.scene_data.parallel_parking import parallel_parking_data, parallel_parking_json
from zz_math.scene_data.remedies import remedies_data, remedies_json
from zz_math.scene_data.two_layer import two_layer_data

if TYPE_CHECKING:  # the command line lists and plans scenes without importing manim
    from manim import Scene

__all__ = [
    "INTERNAL",
    "LECTURE",
    "SCENES",
    "SCENE_IDS",
    "TITLE_CARD",
    "SceneSpec",
    "alt_text",
    "register",
    "scene_class",
    "scene_data",
    "scene_data_json",
    "spec_of_class",
]

LECTURE = "lecture"
TITLE_CARD = "lecture-title"


@dataclass(frozen=True, slots=True)
class SceneSpec:
    """Everything the tool needs to know about one scene.

    Attributes
    ----------
    id
        The command line's name, the catalogue's name and the prefix of its sections.
    module
        Importable module of the scene classes.
    class_name
        The scene class.
    gif_class_name
        The class rendered for GIFs (a short loop where one exists).
    data
        The ``zz_math`` builder of the scene's numbers (``None``: the scene has none of its own).
    export
        JSON of the numbers for ``zigzag data`` where the generic dump of ``data`` is not what
        readers want (the descents' tables); ``None`` for the generic one.
    alt
        Alt text of the GIF from the problem, the course's words and its locale (``None``: the description).
    typical_seconds
        Length of the video at speed 1 with the default course: the first progress estimate.
    typical_gif_seconds
        Length of the GIF cut, where it differs from the video.
    """

    id: str
    module: str
    class_name: str
    gif_class_name: str
    data: Callable[[Problem], Any] | None = None
    export: Callable[[Problem], dict[str, Any]] | None = None
    alt: Callable[[Problem, Words, str], str] | None = None
    typical_seconds: float = 20.0
    typical_gif_seconds: float | None = None

    def load(self, for_gif: bool = False) -> type[Scene]:
        """Import and return the scene class (or its GIF cut)."""
        module = importlib.import_module(self.module)
        cls: type[Scene] = getattr(module, self.gif_class_name if for_gif else self.class_name)
        return cls


def _spec(scene_id: str, class_name: str, **fields: Any) -> SceneSpec:
    """A spec whose module is ``scenes.<id with underscores>``; ``gif`` names the GIF cut."""
    module = f"scenes.{scene_id.replace('-', '_')}"
    gif = fields.pop("gif", class_name)
    return SceneSpec(scene_id, module, class_name, gif, **fields)


SCENES: dict[str, SceneSpec] = {}


def register(spec: SceneSpec) -> SceneSpec:
    """Add ``spec`` to the table (before the lecture, which plays every other scene)."""
    if spec.id in SCENES or spec.id == TITLE_CARD:
        raise ValueError(f"scene id {spec.id!r} is taken")
    lecture = SCENES.pop(LECTURE, None)
    SCENES[spec.id] = spec
    if lecture is not None:
        SCENES[LECTURE] = lecture
    return spec


for _each in (
    _spec("activations", "Activations", data=activations_data, typical_seconds=19.3),
    _spec("chain-rule", "ChainRule", data=chain_rule_data, typical_seconds=35.0),
    _spec(
        "allowed-directions",
        "AllowedDirections",
        data=allowed_directions_data,
        typical_seconds=16.9,
    ),
    _spec(
        "parallel-parking",
        "ParallelParking",
        data=parallel_parking_data,
        gif="ParallelParkingCut",
        export=parallel_parking_json,
        alt=parallel_parking_alt,
        typical_seconds=41.8,
        typical_gif_seconds=10.4,
    ),
    _spec("gradient-signs", "GradientSigns", data=gradient_signs_data, typical_seconds=21.5),
    _spec(
        "remedies", "Remedies", data=remedies_data, export=remedies_json, typical_seconds=28.5
    ),
    _spec(
        "conditioning",
        "Conditioning",
        data=conditioning_data,
        export=conditioning_json,
        typical_seconds=20.9,
    ),
    _spec("two-layer", "TwoLayer", data=two_layer_data, typical_seconds=18.9),
    # The lecture is assembled from the others; its class is the title card.
    _spec(LECTURE, "LectureTitle", typical_seconds=210.5),
):
    register(_each)
SCENE_IDS: tuple[str, ...] = tuple(SCENES)
# The title card renders as a part of its own; its class (and so its words) are the lecture's.
INTERNAL: dict[str, SceneSpec] = {
    TITLE_CARD: SceneSpec(
        TITLE_CARD, "scenes.lecture", "LectureTitle", "LectureTitle", typical_seconds=7.8
    )
}


def scene_class(scene_id: str, for_gif: bool = False) -> type[Scene]:
    """The class of ``scene_id``."""
    entry = SCENES.get(scene_id) or INTERNAL[scene_id]
    return entry.load(for_gif)


def spec_of_class(cls: type) -> SceneSpec:
    """The spec of ``cls``, of its GIF cut, or of the nearest registered class it derives from."""
    for base in cls.__mro__:
        for spec in (*SCENES.values(), *INTERNAL.values()):
            if base.__module__ == spec.module and base.__name__ in (spec.class_name, spec.gif_class_name):
                return spec
    raise LookupError(f"{cls.__qualname__} is not a registered scene (scenes.registry)")


def scene_data(scene_id: str, problem: Problem) -> Any:
    """The numbers of ``scene_id`` (the lecture: a dict of every scene's)."""
    spec = SCENES[scene_id]
    if scene_id == LECTURE:
        return {s.id: s.data(problem) for s in SCENES.values() if s.data is not None}
    return spec.data(problem) if spec.data is not None else None


def scene_data_json(scene_id: str, problem: Problem) -> dict[str, Any]:
    """What ``zigzag data SCENE`` prints: the problem and the scene's numbers as JSON."""
    out: dict[str, Any] = {"scene": scene_id, "problem": problem.as_dict()}
    spec = SCENES[scene_id]
    if scene_id == LECTURE:
        out["scenes"] = {
            s.id: scene_data_json(s.id, problem) for s in SCENES.values() if s.data is not None
        }
    elif spec.export is not None:
        out.update(spec.export(problem))
    else:
        out["data"] = to_jsonable(scene_data(scene_id, problem))
    return out


def alt_text(scene_id: str, problem: Problem, words: Words, locale: str) -> str:
    """Alt text of ``scene_id``'s GIF in the course's ``words``, numbers in ``locale``."""
    spec = SCENES[scene_id]
    if spec.alt is not None:
        return spec.alt(problem, words, locale)
    return words("alt", "generic", description=words("registry", scene_id))

