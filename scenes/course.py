"""The course file: a validated TOML description of what to render, in which look and language.

Every key is optional; what a file leaves out comes from the embedded default course. Validation
uses pydantic with ``extra="forbid"``, and every error is turned into one line that names the key,
the value and what is allowed (:class:`CourseError`). Every error of a file is reported, not only the
first; :func:`inspect_course` also hands back the parts that are valid on their own (the toy problem,
the notation) so that deeper checks can run on them while other keys are wrong.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import hashlib
import math
import os
import re
import shutil
import subprocess
import tomllib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from scenes.layout import ASPECTS, aspect_tag
from scenes.logo import Logo, LogoError, read_logo
from scenes.notation import NotationError, check_tex, compile_errors
from scenes.numbers import known_locale
from scenes.registry import SCENE_IDS
from scenes.suggest import did_you_mean
from scenes.text import ENGLISH, LANGUAGES, Words, check_catalogue, missing_keys, read_catalogue
from scenes.text import shipped as _shipped
from zz_math.activations import ActivationName
from zz_math.problem import MAX_SAMPLES, MAX_STEPS, MIN_SAMPLES, Problem

__all__ = [
    "COURSE_ENV",
    "MAX_COURSE_BYTES",
    "MAX_NESTING",
    "Course",
    "CourseError",
    "CourseReport",
    "current_course",
    "inspect_course",
    "inspect_text",
    "load_course",
    "notation_errors",
    "parse_course",
    "quoted",
    "translation_tex_errors",
]

COURSE_ENV = "ZIGZAG_COURSE"
MAX_COURSE_BYTES = 256 * 1024
MAX_NESTING = 8
BOM = "\ufeff"
# Unicode categories that never belong in course text: controls, format characters (bidi overrides,
# zero-width spaces and joiners), surrogates, private use, unassigned, line and paragraph separators.
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
# Letters and symbols that fonts draw as nothing (Hangul fillers, Mongolian vowel separator, blank Braille).
BLANK_GLYPHS = frozenset("\u115f\u1160\u3164\uffa0\u180e\u2800")
SCENE_CHOICES = tuple(s for s in SCENE_IDS if s != "lecture")
# A BCP 47 language tag as courses write it: "es", "pt-BR", "de-CH", "zh-Hant".
LANGUAGE_TAG = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$"
LanguageName = Annotated[str, StringConstraints(pattern=LANGUAGE_TAG)]
QualityName = Literal["l", "m", "h", "k"]
FormatName = Literal["mp4", "gif", "png", "webm", "sheet", "slides"]
AspectName = Literal["16:9", "4:3", "1:1", "9:16"]
DEFAULT_ASPECT = "16:9"

Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]
Pair = Annotated[list[FiniteFloat], Field(min_length=2, max_length=2)]
# The scene table's ids (scenes.registry), as the type of [scenes] lecture entries.
SceneId = Literal[SCENE_CHOICES]  # type: ignore[valid-type]


class CourseError(ValueError):
    """A course file that cannot be used: one line per problem in :attr:`lines`."""

    def __init__(self, *lines: str) -> None:
        self.lines = tuple(lines)
        super().__init__("\n".join(lines))


def _escaped(text: str) -> str:
    """``text`` for a message: one line, nothing hidden or reordered.

    Characters a terminal would not show plainly (controls, format characters, blank glyphs,
    spaces other than ' ', combining marks with nothing to sit on) are written as ``\\uXXXX``.
    """
    shown = []
    base = False
    for character in text:
        category = unicodedata.category(character)
        plain = character.isprintable() and character not in BLANK_GLYPHS
        plain = plain and (category != "Zs" or character == " ") and (base or category not in {"Mn", "Me"})
        shown.append(character if plain else f"\\u{ord(character):04x}")
        base = (plain and _shows(character)) or (base and category in {"Mn", "Me"})
    return "".join(shown)


def _visible_text(value: str) -> str:
    """Refuse text with control or format characters, or with nothing a reader would see."""
    for character in value:
        if unicodedata.category(character) in HIDDEN_CATEGORIES:
            name = unicodedata.name(character, "a control character")
            raise ValueError(
                f"contains U+{ord(character):04X} ({name}), an invisible control or format character "
                "that hides or reorders text on screen; use printable characters only"
            )
    if not any(_shows(c) for c in value):
        raise ValueError("shows nothing (only spaces or invisible characters); write a visible name")
    return value


def _shows(character: str) -> bool:
    """Whether ``character`` leaves a mark on screen by itself."""
    if character.isspace() or character in BLANK_GLYPHS:
        return False
    return unicodedata.category(character) not in {"Mn", "Me", *HIDDEN_CATEGORIES}


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class CourseInfo(_Table):
    """``[course]``: name on title cards, language and locale of all words, the course's own
    catalogue, output folder, and who teaches it under which licence."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=80)] = "Zig-zag gradients"
    language: LanguageName = "en"
    locale: LanguageName | None = None
    catalogue: Annotated[str, StringConstraints(min_length=1, max_length=255)] | None = None
    slug: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")] | None = None
    lecturer: Annotated[str, StringConstraints(min_length=1, max_length=80)] | None = None
    institution: Annotated[str, StringConstraints(min_length=1, max_length=120)] | None = None
    date: datetime.date | Annotated[str, StringConstraints(min_length=1, max_length=40)] | None = None
    logo: Annotated[str, StringConstraints(min_length=1, max_length=255)] | None = None
    licence: Annotated[str, StringConstraints(min_length=1, max_length=60)] | None = None

    @field_validator("name", "lecturer", "institution", "licence")
    @classmethod
    def _printable(cls, value: str | None) -> str | None:
        return None if value is None else _visible_text(value)

    @field_validator("date")
    @classmethod
    def _printable_date(cls, value: datetime.date | str | None) -> datetime.date | str | None:
        return _visible_text(value) if isinstance(value, str) else value

    @field_validator("language", "locale")
    @classmethod
    def _known_language(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                known_locale(value)
            except ValueError as error:
                raise ValueError(f"{error}{did_you_mean(value, list(LANGUAGES))}") from None
        return value

    @model_validator(mode="after")
    def _locale_refines_language(self) -> CourseInfo:
        if self.locale is not None and self.locale.split("-")[0] != self.language.split("-")[0]:
            raise ValueError(
                f"locale {self.locale!r} is not a form of language {self.language!r}; a locale refines "
                f"the language with a region, e.g. {self.language.split('-')[0]}-XX"
            )
        return self


@functools.cache
def installed_fonts() -> tuple[str, ...]:
    """Font families fontconfig knows (empty when ``fc-list`` is missing: nothing to check against)."""
    tool = shutil.which("fc-list")
    if tool is None:
        return ()
    listed = subprocess.run([tool, ":", "family"], capture_output=True, text=True, check=False).stdout
    return tuple(sorted({name.strip() for line in listed.splitlines() for name in line.split(",") if name.strip()}))


def nearest_fonts(name: str, families: Sequence[str], count: int = 3) -> list[str]:
    """The ``count`` installed families whose names are closest to ``name``."""
    folded = name.casefold()
    return sorted(families, key=lambda f: -difflib.SequenceMatcher(None, folded, f.casefold()).ratio())[:count]


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

    @field_validator("font")
    @classmethod
    def _installed_font(cls, value: str) -> str:
        """A font family that is not installed would silently fall back to another: refuse it."""
        families = installed_fonts()
        if families and value.casefold() not in {f.casefold() for f in families}:
            near = nearest_fonts(value, families)
            raise ValueError(f"font family {value!r} is not installed; installed families near it: "
                             + ", ".join(repr(f) for f in near))
        return value


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
    n_samples: Annotated[int, Field(ge=MIN_SAMPLES, le=MAX_SAMPLES)] = 200
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
    """``[render]``: quality, formats, the GIF budget, the frame's shape and captions."""

    quality: QualityName = "h"
    formats: Annotated[list[FormatName], Field(min_length=1, max_length=6)] = Field(
        default_factory=lambda: ["mp4"]
    )
    gif_max_bytes: Annotated[int, Field(ge=100_000, le=2_097_151)] = 2_000_000
    gif_fps: Annotated[int, Field(ge=5, le=30)] = 15
    gif_width: Annotated[int, Field(ge=160, le=1920)] = 640
    aspect: AspectName = "16:9"
    captions: bool = True


class Course(_Table):
    """A whole course file."""

    course: CourseInfo = Field(default_factory=CourseInfo)
    theme: ThemeTable = Field(default_factory=ThemeTable)
    notation: NotationTable = Field(default_factory=NotationTable)
    problem: ProblemTable = Field(default_factory=ProblemTable)
    scenes: ScenesTable = Field(default_factory=ScenesTable)
    render: RenderTable = Field(default_factory=RenderTable)
    # ``[text]``: single catalogue keys, ``[text.<scene>] key = "words"`` (checked by inspect_text).
    text: dict[str, Any] = Field(default_factory=dict)
    # Not keys of the file: a hash of its text (and of the catalogue and logo it names), the
    # translations of its catalogue and [text] table, and its logo, set by inspect_text (a field
    # would make ``source_hash = "..."`` a valid top-level key).
    _source_hash: str = PrivateAttr(default="")
    _own_words: dict[str, dict[str, str]] = PrivateAttr(default_factory=dict)
    _logo: Logo | None = PrivateAttr(default=None)

    @property
    def source_hash(self) -> str:
        """SHA-256 of the course file's text (empty for a course built in code)."""
        return self._source_hash

    @property
    def slug(self) -> str:
        """Output folder name under ``renders/``."""
        return self.course.slug or "default"

    @property
    def folder(self) -> str:
        """Folder under ``renders/``: the slug, with the shape appended when it is not 16:9
        (``intro-ml-1x1``), so renders in two shapes never overwrite each other."""
        aspect = self.render.aspect
        return self.slug if aspect == DEFAULT_ASPECT else f"{self.slug}-{aspect_tag(aspect)}"

    def with_aspect(self, aspect: str | None) -> Course:
        """This course rendered in ``aspect`` (itself when ``None``)."""
        if aspect is None or aspect == self.render.aspect:
            return self
        return self.with_render(aspect=aspect)

    def with_render(self, **changes: Any) -> Course:
        """This course with ``[render]`` keys changed (from the command line), same source hash."""
        return self.model_copy(update={"render": self.render.model_copy(update=changes)})

    @property
    def language(self) -> str:
        """Language code of every on-screen word."""
        return self.course.language

    @property
    def locale(self) -> str:
        """Locale of every number (``[course] locale``, else the language)."""
        return self.course.locale or self.course.language

    @property
    def words(self) -> Words:
        """Where the course's words come from: its own catalogue and ``[text]``, then zigzag's."""
        return Words(self.language, self.translations)

    @property
    def translations(self) -> dict[str, dict[str, str]]:
        """The course's own words: its catalogue file with its ``[text]`` table over it."""
        return self._own_words

    @property
    def logo(self) -> Logo | None:
        """The course's logo, checked (``[course] logo``)."""
        return self._logo

    def identity(self) -> dict[str, str]:
        """Who teaches the course, when and under which licence, as given (dates in the locale)."""
        info = self.course
        date = info.date
        if isinstance(date, datetime.date):
            from babel.dates import format_date

            date = format_date(date, format="long", locale=known_locale(self.locale))
        shown = {"lecturer": info.lecturer, "institution": info.institution, "date": date, "licence": info.licence}
        return {key: value for key, value in shown.items() if value}

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
        ("course", "language"): 'a language code CLDR knows, e.g. "en", "it", "es", "de", "ja", "ar"',
        ("course", "locale"): 'a language code with a region, e.g. "de-CH", "pt-BR"',
        ("course", "slug"): "lower-case letters, digits and '-' (e.g. \"intro-ml\")",
        ("course", "name"): "1 to 80 characters, at least one visible; no control or format characters",
        ("theme", "font"): 'an installed font family (fc-list : family), e.g. "DejaVu Sans"',
        ("problem", "activation"): '"sigmoid", "relu" or "tanh"',
        ("render", "quality"): '"l", "m", "h" or "k"',
        ("render", "aspect"): " or ".join(f'"{a}"' for a in ASPECTS),
        ("render", "formats"): 'a list of "mp4", "gif", "png", "webm", "sheet", "slides"',
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
    hint = did_you_mean(key, options)
    return hint or f"; allowed keys: {', '.join(options)}"


def _unknown_key(location: tuple[str | int, ...], value: Any, where: str) -> str:
    """One line for a key the course file does not have, with a did-you-mean."""
    name = _escaped(str(location[-1]))
    if len(location) == 1 and isinstance(value, dict):
        return f"{where}unknown table [{name}]{_suggest(str(location[0]), list(_SECTIONS))}"
    if len(location) == 1:
        owners = [t for t, model in _SECTIONS.items() if str(location[0]) in model.model_fields]
        hint = (
            f"; did you mean '{name}' in the [{owners[0]}] table?"
            if owners
            else _suggest(str(location[0]), list(_SECTIONS)).replace("allowed keys", "allowed tables")
        )
        return f"{where}unknown top-level key '{name}': every key belongs in a table{hint}"
    section = _SECTIONS.get(str(location[0]))
    options = list(section.model_fields) if section else []
    dotted = _escaped(".".join(str(p) for p in location))
    return f"{where}unknown key '{dotted}'{_suggest(str(location[-1]), options)}"


def quoted(text: str) -> str:
    """``text`` in quotes for a message, with anything hidden written as ``\\uXXXX``."""
    if "'" in text and '"' not in text:
        return f'"{_escaped(text)}"'
    return "'" + _escaped(text).replace("'", "\\'") + "'"


def _shown(value: Any) -> str:
    """A short, one-line picture of a bad value."""
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, str):
        return quoted(value)[:60]
    return _escaped(repr(value))[:60]


def _format_error(error: dict[str, Any], source: str) -> str:
    location = tuple(error["loc"])
    dotted = _escaped(".".join(str(p) for p in location if p != "[key]"))
    where = f"{_escaped(source)}: "
    value = error.get("input")
    if error["type"] == "extra_forbidden":
        return _unknown_key(location, value, where)
    shown = _shown(value)
    message = _escaped(str(error["msg"]).removeprefix("Value error, "))
    if len(location) == 1 and isinstance(value, dict):
        first_key = next((k for k in ("w_start", "w_target", "locale") if k in message), None)
        if first_key is not None:
            dotted, shown = f"{location[0]}.{first_key}", _shown(value.get(first_key))
    allowed = _allowed(location)
    if error["type"] == "literal_error":
        allowed = ""
        options = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
        if isinstance(value, str):
            message += did_you_mean(value, options)
    if allowed.strip() in ("str", "int", "float"):
        allowed = ""
    tail = f" (allowed: {allowed})" if allowed and allowed not in message else ""
    return f"{where}{dotted} = {shown}: {message}{tail}"


@dataclass(frozen=True, slots=True)
class CourseReport:
    """What validating a course file found.

    Attributes
    ----------
    course
        The course, when the whole file is valid.
    text
        The file's text (without a byte-order mark); empty when it could not be read.
    source
        The file's name for messages.
    problem
        The toy problem, when the ``[problem]`` table is valid on its own (even if other keys are
        not), so that the math can be checked in the same run.
    notation
        Each notation key whose value passed the allow-list (or is the default), with that value.
    errors
        One line per problem found; empty when the course is usable.
    warnings
        One line per thing that renders but may not be what was meant (keys shown in English).
    """

    course: Course | None
    text: str
    source: str
    problem: Problem | None = None
    notation: dict[str, str] = field(default_factory=dict)
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


def _depth(value: Any) -> int:
    """How deeply tables and arrays nest in ``value`` (without recursion)."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
    return deepest


def _read_toml(text: str, source: str) -> dict[str, Any]:
    """The TOML table of ``text``; :class:`CourseError` for bad syntax or absurd nesting."""
    too_deep = (
        f"{_escaped(source)}: tables or arrays are nested too deeply; a course file needs at most "
        "3 levels (as in [scenes.per_scene_speed] or [render] formats = [...])"
    )
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CourseError(f"{_escaped(source)}: not valid TOML: {error}") from None
    except RecursionError:
        raise CourseError(too_deep) from None
    if _depth(raw) > MAX_NESTING:
        raise CourseError(too_deep)
    return raw


def _valid_problem(raw: dict[str, Any], source: str) -> tuple[Problem | None, tuple[str, ...]]:
    """The toy problem when ``[problem]`` is valid on its own, and what the problem itself refuses."""
    try:
        table = ProblemTable.model_validate(raw.get("problem", {}))
    except ValidationError:
        return None, ()  # reported with the whole file's errors
    try:
        return table.to_problem(), ()
    except ValueError as error:
        return None, (f"{_escaped(source)}: problem: {_escaped(str(error))}",)


def _valid_notation(raw: dict[str, Any]) -> dict[str, str]:
    """Each notation key whose value (given or default) passes the allow-list, with that value."""
    given = raw.get("notation", {})
    given = given if isinstance(given, dict) else {}
    notation = {}
    for key, info in NotationTable.model_fields.items():
        value = given.get(key, info.default)
        try:
            if isinstance(value, str):
                notation[key] = check_tex(value)
        except NotationError:
            continue
    return notation


def inspect_text(text: str, source: str = "course", slug: str | None = None, base: Path | None = None) -> CourseReport:
    """Validate course TOML ``text`` and report every error, one line each (never raises).

    ``base`` is the folder the file's ``catalogue`` and ``logo`` paths are relative to (the
    current folder when ``None``)."""
    text = text.removeprefix(BOM)
    try:
        raw = _read_toml(text, source)
    except CourseError as error:
        return CourseReport(None, text, source, errors=error.lines)
    problem, problem_errors = _valid_problem(raw, source)
    notation = _valid_notation(raw)
    try:
        course = Course.model_validate(raw)
    except ValidationError as error:
        lines = tuple(_format_error(dict(e), source) for e in error.errors())
        lines += tuple(_words_errors(raw, source, base or Path.cwd())[0])
        return CourseReport(None, text, source, problem, notation, lines + problem_errors)
    words_errors, own, extra_bytes = _words_errors(raw, source, base or Path.cwd())
    language = course.course.language
    if language not in LANGUAGES and not own and not words_errors:
        words_errors.append(
            f"{source}: course.language = {quoted(language)}: zigzag ships no catalogue for it (it has: "
            f"{', '.join(LANGUAGES)}); write one with `zigzag text export > {language}.toml`, translate it "
            f"and set [course] catalogue = \"{language}.toml\""
        )
    logo, logo_errors = _read_logo(course, source, base or Path.cwd())
    if problem_errors or words_errors or logo_errors:
        return CourseReport(None, text, source, None, notation, (*words_errors, *logo_errors, *problem_errors))
    info = course.course
    if info.slug is None:
        info = info.model_copy(update={"slug": slug or "default"})
    course = course.model_copy(update={"course": info})
    digest = hashlib.sha256(text.encode("utf-8"))
    for part in (extra_bytes, logo.data if logo else b""):
        if part:
            digest.update(hashlib.sha256(part).digest())
    course._source_hash = digest.hexdigest()
    course._own_words = own
    course._logo = logo
    return CourseReport(course, text, source, problem, notation, warnings=tuple(_words_warnings(course, source) + _gif_warning(course, source)))


def _words_errors(raw: dict[str, Any], source: str, base: Path) -> tuple[list[str], dict[str, dict[str, str]], bytes]:
    """What is wrong with the course's catalogue file and ``[text]`` table, their merged
    translations (``[text]`` over the file) and the catalogue file's bytes."""
    info = raw.get("course") if isinstance(raw.get("course"), dict) else {}
    errors: list[str] = []
    own: dict[str, dict[str, str]] = {}
    data = b""
    name = info.get("catalogue")
    if isinstance(name, str) and name:
        path = base / name
        shown = _escaped(name)
        try:
            tables = read_catalogue(path, f"{source}: course.catalogue = {quoted(name)}")
            data = path.read_bytes()
        except ValueError as error:
            errors.append(str(error))
        else:
            found = check_catalogue(tables, shown)
            errors += found
            if not found:
                own = {t: dict(e) for t, e in tables.items()}
    given = raw.get("text", {})
    found = check_catalogue(given, source, prefix="text.")
    errors += found
    if not found and isinstance(given, dict):
        for table, entries in given.items():
            own.setdefault(table, {}).update(entries)
    return errors, own, data


def _words_warnings(course: Course, source: str) -> list[str]:
    """One line listing the keys shown in English because neither the course nor zigzag
    translates them into the course's language; one when the course's font lacks characters."""
    from scenes.fonts import coverage_warning
    from scenes.numbers import format_number, format_percent

    words = course.words
    shown = [words.template(table, key) for table, keys in _shipped(ENGLISH).items() for key in keys
             if not key.startswith("tex_")]
    shown += [course.course.name, *course.identity().values(),
              format_number(-1234567.89, 2, course.locale), format_percent(0.5, course.locale)]
    font = coverage_warning(course.theme.font, shown, source, course.language)
    return [*_missing_warning(course, source), *([font] if font else [])]


def _gif_warning(course: Course, source: str) -> list[str]:
    """One line when GIFs are narrower than they are drawn: their letters fall under the floor."""
    from scenes.layout import CAP_FLOOR_PIXELS, GIF_DRAWN_WIDTH

    width = course.render.gif_width
    if width >= GIF_DRAWN_WIDTH:
        return []
    return [f"{source}: render.gif_width = {width}: GIFs are drawn {GIF_DRAWN_WIDTH} px wide, the narrowest "
            f"zigzag lays its scenes out at, and scaled down, so their smallest letters are about "
            f"{CAP_FLOOR_PIXELS * width / GIF_DRAWN_WIDTH:.0f} px tall; {GIF_DRAWN_WIDTH} or more keeps "
            f"them at least {CAP_FLOOR_PIXELS} px"]


def _missing_warning(course: Course, source: str) -> list[str]:
    language = course.language
    if language == ENGLISH:
        return []
    missing = missing_keys(language, course._own_words)
    if not missing:
        return []
    shipped = "" if language in LANGUAGES else f"; zigzag ships no {language!r} catalogue (it has: {', '.join(LANGUAGES)})"
    listed = ", ".join(missing[:12]) + (f" and {len(missing) - 12} more" if len(missing) > 12 else "")
    return [f"{source}: {len(missing)} texts have no {language!r} translation and are shown in English"
            f"{shipped}: {listed} (write them with `zigzag text export --course {source}`)"]


def _read_logo(course: Course, source: str, base: Path) -> tuple[Logo | None, list[str]]:
    name = course.course.logo
    if name is None:
        return None, []
    try:
        return read_logo(base / name), []
    except LogoError as error:
        return None, [f"{source}: course.logo = {quoted(name)}: {error}"]


def parse_course(text: str, source: str = "course", slug: str | None = None) -> Course:
    """Validate course TOML ``text``; raise :class:`CourseError` with one line per problem."""
    report = inspect_text(text, source, slug)
    if report.course is None:
        raise CourseError(*report.errors)
    return report.course


def _slug_from_stem(stem: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:64]
    return slug or "course"


def _read_text(file: Path, name: str) -> str:
    """The UTF-8 text of a course file; :class:`CourseError` when it is not one."""
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
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CourseError(f"{name}: is UTF-16 text; save it as UTF-8")
    if b"\x00" in data:
        raise CourseError(f"{name}: is a binary file, not TOML text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CourseError(
            f"{name}: is not UTF-8 text (bad byte at offset {error.start}); save it as UTF-8"
        ) from None


def inspect_course(path: str | os.PathLike[str] | None) -> CourseReport:
    """Read and validate a course file (``None``: the embedded default course); never raises."""
    if path is None:
        return inspect_text("", source="default course", slug="default")
    name = _escaped(str(path))
    try:
        text = _read_text(Path(path), name)
    except CourseError as error:
        return CourseReport(None, "", name, errors=error.lines)
    return inspect_text(text, source=name, slug=_slug_from_stem(Path(path).stem), base=Path(path).parent)


def load_course(path: str | os.PathLike[str] | None) -> Course:
    """Read and validate a course file (``None``: the embedded default course)."""
    report = inspect_course(path)
    if report.course is None:
        raise CourseError(*report.errors)
    return report.course


def notation_errors(notation: dict[str, str], source: str) -> list[str]:
    """One line per notation value that passes the allow-list but does not compile as TeX.

    Compiles with the render's locked-down TeX (cached verdicts, see :mod:`scenes.notation`); returns
    nothing when ``latex`` is not installed, since rendering then stops on the missing tool anyway.
    """
    if shutil.which("latex") is None:
        return []
    return [
        f"{source}: notation.{key} = {quoted(notation[key])}: does not compile as TeX ({reason}); "
        "write a complete symbol such as w, w_{1}, \\mathbf{w} or \\theta^{*}"
        for key, reason in compile_errors(notation).items()
    ]


def translation_tex_errors(course: Course, source: str) -> list[str]:
    """One line per ``tex_`` translation of the course that passes the allow-list but does not
    compile as TeX (``\\mathrm`` with no argument), compiled as :func:`notation_errors` does."""
    if shutil.which("latex") is None:
        return []
    values = {f"{table}.{key}": value for table, entries in course.translations.items()
              for key, value in entries.items() if key.startswith("tex_")}
    return [f"{source}: translation {key} = {quoted(values[key])}: does not compile as TeX ({reason})"
            for key, reason in compile_errors(values).items()]


def current_course() -> Course:
    """The course of a scene that was given none: plain ``manim`` and ``%%manim``.

    The file named by ``$ZIGZAG_COURSE``, else the embedded default course. A file from the
    variable is checked like ``zigzag check`` does, notation compiled included. The tool never
    relies on this: it binds each scene to its course (``ZigzagScene.for_course``).
    """
    path = os.environ.get(COURSE_ENV) or None
    course = load_course(path)
    if path is not None:
        errors = notation_errors(course.notation.model_dump(), _escaped(path))
        if errors := errors + translation_tex_errors(course, _escaped(path)):
            raise CourseError(*errors)
    return course
