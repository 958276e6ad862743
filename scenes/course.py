"""The course file: a validated TOML description of what to render, in which look and language.

Every key is optional; what a file leaves out comes from the embedded default course. Validation
uses pydantic with ``extra="forbid"``, and every error is turned into one line that names the key,
the value and what is allowed (:class:`CourseError`).
"""

from __future__ import annotations

import difflib
import hashlib
import math
import os
import re
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from scenes.notation import NotationError, check_tex
from zz_math.activations import ActivationName
from zz_math.problem import MAX_SAMPLES, MAX_STEPS, Problem
from zz_math.story import SCENE_IDS

__all__ = [
    "COURSE_ENV",
    "MAX_COURSE_BYTES",
    "Course",
    "CourseError",
    "current_course",
    "load_course",
    "parse_course",
    "set_active_course",
]

COURSE_ENV = "ZIGZAG_COURSE"
MAX_COURSE_BYTES = 256 * 1024
SCENE_CHOICES = tuple(s for s in SCENE_IDS if s != "lecture")
LanguageName = Literal["en", "it"]
QualityName = Literal["l", "m", "h", "k"]
FormatName = Literal["mp4", "gif", "png", "webm"]

Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]
Pair = Annotated[list[FiniteFloat], Field(min_length=2, max_length=2)]
SceneId = Literal[
    "activations",
    "chain-rule",
    "allowed-directions",
    "parallel-parking",
    "gradient-signs",
    "remedies",
    "conditioning",
    "two-layer",
]


class CourseError(ValueError):
    """A course file that cannot be used; the message is one line (two at most)."""


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class CourseInfo(_Table):
    """``[course]``: name on title cards, language of all words, output folder."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=80)] = "Zig-zag gradients"
    language: LanguageName = "en"
    slug: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")] | None = None

    @field_validator("name")
    @classmethod
    def _printable(cls, value: str) -> str:
        if any(ord(c) < 32 for c in value):
            raise ValueError("must be printable text on one line")
        return value


class ThemeTable(_Table):
    """``[theme]``: colours (``#RRGGBB``) and the font of all prose.

    ``accent`` draws the first regime's path and highlights, ``secondary`` the comparison path,
    ``positive`` and ``negative`` the signs of gradients.
    """

    background: Colour = "#0F1117"
    foreground: Colour = "#E8E6E3"
    accent: Colour = "#F5A623"
    positive: Colour = "#4FC3F7"
    negative: Colour = "#EF5350"
    secondary: Colour = "#B39DDB"
    font: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9 _-]{0,63}$")] = (
        "DejaVu Sans"
    )


class NotationTable(_Table):
    """``[notation]``: TeX for the weight, loss and input symbols (allow-listed)."""

    weight: str = "w"
    loss: str = "L"
    input: str = "x"

    @field_validator("weight", "loss", "input")
    @classmethod
    def _allowed_tex(cls, value: str) -> str:
        try:
            return check_tex(value)
        except NotationError as error:
            raise ValueError(str(error)) from None


class ProblemTable(_Table):
    """``[problem]``: the toy problem (see :class:`zz_math.problem.Problem`)."""

    activation: ActivationName = "sigmoid"
    w_start: Pair = Field(default_factory=lambda: [1.5, -1.0])
    w_target: Pair = Field(default_factory=lambda: [-1.0, 1.5])
    learning_rate: Annotated[float, Field(gt=0, le=1000, allow_inf_nan=False)] = 0.5
    steps: Annotated[int, Field(ge=1, le=MAX_STEPS)] = 2000
    tolerance: Annotated[float, Field(gt=0, le=1000, allow_inf_nan=False)] = 0.05
    n_samples: Annotated[int, Field(ge=2, le=MAX_SAMPLES)] = 200
    seed: Annotated[int, Field(ge=0, le=2**63 - 1)] = 7
    input_scale: Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)] = 1.5
    batch_size: Annotated[int, Field(ge=1, le=MAX_SAMPLES)] = 16

    @field_validator("w_start", "w_target")
    @classmethod
    def _in_view(cls, value: list[float]) -> list[float]:
        if any(abs(v) > 1000 for v in value):
            raise ValueError("each coordinate must lie within ±1000")
        return value

    @model_validator(mode="after")
    def _distinct(self) -> ProblemTable:
        if list(self.w_start) == list(self.w_target):
            raise ValueError("w_start equals w_target: start away from the optimum")
        return self

    def to_problem(self) -> Problem:
        """The frozen :class:`~zz_math.problem.Problem` these values describe."""
        values = self.model_dump()
        values["w_start"] = tuple(values["w_start"])
        values["w_target"] = tuple(values["w_target"])
        return Problem(**values)


class ScenesTable(_Table):
    """``[scenes]``: the lecture's scenes in order, and how fast they play."""

    lecture: Annotated[list[SceneId], Field(min_length=1, max_length=32)] = Field(
        default_factory=lambda: list(SCENE_CHOICES)
    )
    speed: Annotated[float, Field(ge=0.25, le=4.0, allow_inf_nan=False)] = 1.0
    per_scene_speed: dict[SceneId, Annotated[float, Field(ge=0.25, le=4.0, allow_inf_nan=False)]] = (
        Field(default_factory=dict)
    )

    def speed_of(self, scene: str) -> float:
        """Playback speed factor of ``scene`` (global × per scene)."""
        return self.speed * self.per_scene_speed.get(scene, 1.0)  # type: ignore[call-overload]


class RenderTable(_Table):
    """``[render]``: quality, formats and the GIF budget."""

    quality: QualityName = "h"
    formats: Annotated[list[FormatName], Field(min_length=1, max_length=4)] = Field(
        default_factory=lambda: ["mp4"]
    )
    gif_max_bytes: Annotated[int, Field(ge=100_000, le=2_097_151)] = 2_000_000
    gif_fps: Annotated[int, Field(ge=5, le=30)] = 15
    gif_width: Annotated[int, Field(ge=160, le=1920)] = 640


class Course(_Table):
    """A whole course file."""

    course: CourseInfo = Field(default_factory=CourseInfo)
    theme: ThemeTable = Field(default_factory=ThemeTable)
    notation: NotationTable = Field(default_factory=NotationTable)
    problem: ProblemTable = Field(default_factory=ProblemTable)
    scenes: ScenesTable = Field(default_factory=ScenesTable)
    render: RenderTable = Field(default_factory=RenderTable)
    source_hash: str = Field(default="", exclude=True)

    @property
    def slug(self) -> str:
        """Output folder name under ``renders/``."""
        return self.course.slug or "default"

    @property
    def language(self) -> str:
        """Language code of every on-screen word."""
        return self.course.language

    def to_problem(self) -> Problem:
        """The toy problem of this course."""
        return self.problem.to_problem()


# ---------------------------------------------------------------------------- errors, one line each

_SECTIONS: dict[str, type[BaseModel]] = {
    "course": CourseInfo,
    "theme": ThemeTable,
    "notation": NotationTable,
    "problem": ProblemTable,
    "scenes": ScenesTable,
    "render": RenderTable,
}


def _allowed(location: tuple[str | int, ...]) -> str:
    """What the key at ``location`` accepts, from the model's own field definitions."""
    if len(location) < 2 or location[0] not in _SECTIONS:
        return ""
    model = _SECTIONS[str(location[0])]
    field = model.model_fields.get(str(location[1]))
    if field is None:
        return ""
    hints = {
        ("course", "language"): '"en" or "it"',
        ("course", "slug"): "lower-case letters, digits and '-' (e.g. \"intro-ml\")",
        ("problem", "activation"): '"sigmoid", "relu" or "tanh"',
        ("render", "quality"): '"l", "m", "h" or "k"',
        ("render", "formats"): 'a list of "mp4", "gif", "png", "webm"',
        ("scenes", "lecture"): "a list of scene ids: " + ", ".join(SCENE_CHOICES),
        ("scenes", "per_scene_speed"): "a table of scene id = factor (0.25 to 4)",
        ("problem", "w_start"): "a list of 2 finite numbers",
        ("problem", "w_target"): "a list of 2 finite numbers",
    }
    key = (str(location[0]), str(location[1]))
    if key in hints:
        return hints[key]
    if location[0] == "theme" and location[1] != "font":
        return 'a colour "#RRGGBB"'
    bounds = []
    for meta in field.metadata:
        for name, symbol in (("gt", ">"), ("ge", "≥"), ("lt", "<"), ("le", "≤")):
            value = getattr(meta, name, None)
            if value is not None:
                bounds.append(f"{symbol} {value:,}" if isinstance(value, int) else f"{symbol} {value}")
    kind = getattr(field.annotation, "__name__", "")
    return (f"{kind} " if kind in ("int", "float", "str") else "") + " and ".join(bounds)


def _suggest(key: str, options: list[str]) -> str:
    close = difflib.get_close_matches(key, options, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else f"; allowed keys: {', '.join(options)}"


def _format_error(error: dict[str, Any], source: str) -> str:
    location = tuple(error["loc"])
    dotted = ".".join(str(p) for p in location)
    where = f"{source}: "
    if error["type"] == "extra_forbidden":
        if len(location) == 1:
            options = list(_SECTIONS)
            return f"{where}unknown table [{location[0]}]{_suggest(str(location[0]), options)}"
        section = _SECTIONS.get(str(location[0]))
        options = list(section.model_fields) if section else []
        return f"{where}unknown key '{dotted}'{_suggest(str(location[-1]), options)}"
    value = error.get("input")
    shown = repr(value) if not isinstance(value, dict) else "a table"
    if isinstance(value, float) and not math.isfinite(value):
        shown = str(value)
    message = str(error["msg"]).removeprefix("Value error, ")
    if len(location) == 1 and isinstance(value, dict):
        first_key = next((k for k in ("w_start", "w_target") if k in message), None)
        if first_key is not None:
            dotted, shown = f"{location[0]}.{first_key}", repr(value.get(first_key))
    allowed = _allowed(location)
    if error["type"] == "literal_error" or allowed.strip() in ("str", "int", "float"):
        allowed = ""
    tail = f" (allowed: {allowed})" if allowed and allowed not in message else ""
    return f"{where}{dotted} = {shown[:60]}: {message}{tail}"


def parse_course(text: str, source: str = "course", slug: str | None = None) -> Course:
    """Validate course TOML ``text``; raise :class:`CourseError` with one line per problem (≤ 2)."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CourseError(f"{source}: not valid TOML: {error}") from None
    try:
        course = Course.model_validate(raw)
    except ValidationError as error:
        lines = [_format_error(dict(e), source) for e in error.errors()]
        extra = f" (and {len(lines) - 2} more)" if len(lines) > 2 else ""
        raise CourseError("\n".join(lines[:2]) + extra) from None
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    info = course.course
    if info.slug is None:
        info = info.model_copy(update={"slug": slug or "default"})
    return course.model_copy(update={"course": info, "source_hash": digest})


def _slug_from_stem(stem: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:64]
    return slug or "course"


def load_course(path: str | os.PathLike[str] | None) -> Course:
    """Read and validate a course file (``None``: the embedded default course)."""
    if path is None:
        return parse_course("", source="default course", slug="default")
    file = Path(path)
    name = str(path)
    if not file.exists():
        raise CourseError(f"{name}: no such course file")
    if not file.is_file():
        raise CourseError(f"{name}: not a file")
    try:
        size = file.stat().st_size
        if size > MAX_COURSE_BYTES:
            raise CourseError(
                f"{name}: {size:,} bytes is too large for a course file (at most {MAX_COURSE_BYTES:,})"
            )
        data = file.read_bytes()
    except OSError as error:
        raise CourseError(f"{name}: cannot be read ({error.strerror})") from None
    if b"\x00" in data:
        raise CourseError(f"{name}: is a binary file, not TOML text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CourseError(
            f"{name}: is not UTF-8 text (bad byte at offset {error.start}); save it as UTF-8"
        ) from None
    return parse_course(text, source=name, slug=_slug_from_stem(file.stem))


_ACTIVE: list[Course] = []


def set_active_course(course: Course | None) -> None:
    """Make ``course`` the one scenes use (the command line does this); ``None`` clears it."""
    _ACTIVE.clear()
    if course is not None:
        _ACTIVE.append(course)


def current_course() -> Course:
    """The course scenes render with.

    The course set by :func:`set_active_course`, else the file named by ``$ZIGZAG_COURSE``, else the
    embedded default course: so plain ``manim`` and ``%%manim`` use the default or the variable.
    """
    if _ACTIVE:
        return _ACTIVE[0]
    return load_course(os.environ.get(COURSE_ENV) or None)
