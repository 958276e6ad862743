"""The base class of every zigzag scene: course, theme, words, numbers and timing in one place."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, ClassVar, Protocol, Self

from manim import (
    DOWN,
    ORIGIN,
    UP,
    Animation,
    DecimalNumber,
    Integer,
    ManimColor,
    MathTex,
    Mobject,
    Scene,
    SingleStringMathTex,
    Text,
    VGroup,
    VMobject,
)

from scenes import lean_copy, safe_tex
from scenes.course import Course, current_course
from scenes.layout import Box, Layout, text_height, text_width
from scenes.numbers import (
    format_number,
    format_percent,
    format_point,
    format_tex_number,
    listed,
    tex_list_separator,
)
from scenes.registry import spec_of_class
from scenes.style import (
    BUFF,
    FONT_BODY,
    FONT_TITLE,
    LINE_GAP,
    MATH_BODY,
    Theme,
    Timing,
)
from scenes.text import CatalogueError
from zz_math.claims import needed_decimals
from zz_math.problem import Problem

__all__ = ["Store", "ZigzagScene", "forget_built", "use_store"]

safe_tex.install()
lean_copy.install()
SANS_TEMPLATE = safe_tex.sans_template()

DEFAULT_RUN_TIME = 1.0
# Steps in which a title shrinks (down to the body's size) to stay on one line.
TITLE_STEP = 4
# Lines are filled to this share of the width: measured widths may differ a little from Text's.
WRAP_MARGIN = 0.97


# Texts and formulas already built in this process, by what they show: a copy is much cheaper than
# parsing their SVG again (a layout audit builds the same words in every shape).
_BUILT: dict[tuple[Any, ...], Mobject] = {}
BUILT_LIMIT = 4096


class Store(Protocol):
    """Where other processes keep what they built (the tool's shared cache)."""

    def get(self, key: tuple[Any, ...]) -> Any | None: ...

    def put(self, key: tuple[Any, ...], mobject: Any) -> None: ...


_STORE: list[Store] = []


def use_store(store: Store | None) -> None:
    """Take texts and formulas from ``store`` and keep new ones there (``None``: build them all)."""
    _STORE[:] = [store] if store is not None else []


def _kept(key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
    """What ``build`` makes for ``key``, built once per process (or taken from the store): never to
    be changed or shown."""
    if key not in _BUILT:
        if len(_BUILT) >= BUILT_LIMIT:
            _BUILT.clear()
        store = _STORE[0] if _STORE else None
        made = store.get(key) if store is not None else None
        if made is None:
            made = build()
            if store is not None:
                store.put(key, made)
        _BUILT[key] = made
    return _BUILT[key]


def _built(key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
    """A fresh copy of what ``build`` makes for ``key``, built once per process."""
    return _kept(key, build).copy()


def forget_built() -> None:
    """Forget what this process has built: the next text or formula is made (and its SVG written) anew."""
    _BUILT.clear()


# What makes TeX a formula rather than a symbol's label: a relation between two sides.
RELATION = re.compile(r"=|<|>|\\(?:le|ge|leq|geq|approx|in|Rightarrow|to|propto|neq)\b")


def _formulas_in(mobject: Mobject) -> list[str]:
    """The TeX of the formulas in ``mobject`` (not the digits of live numbers), outermost first."""
    if isinstance(mobject, DecimalNumber):
        return []
    if isinstance(mobject, MathTex):
        return [mobject.tex_string]
    return [tex for part in mobject.submobjects for tex in _formulas_in(part)]


class Lines(VGroup):
    """Lines of wrapped text; :attr:`text` is their words run together as :class:`Text` keeps them
    (without spaces), so a test compares a caption whatever its line breaks."""

    @property
    def text(self) -> str:
        return "".join(line.text for line in self.submobjects)


class SansInteger(Integer):
    """An :class:`~manim.Integer` whose digits are set in the formulas' sans-serif math.

    manim caches the digits of every number by their text alone, whatever the template; this
    class keeps a cache of its own so its digits are never the serif ones.
    """

    _digits: ClassVar[dict[str, SingleStringMathTex]] = {}

    def _string_to_mob(self, string: str, mob_class: Any = None, **kwargs: Any) -> VMobject:
        if string not in self._digits:
            self._digits[string] = MathTex(string, tex_template=SANS_TEMPLATE, **kwargs)
        mob = self._digits[string].copy()
        mob.font_size = self._font_size
        return mob


class _SceneId:
    """The id :mod:`scenes.registry` gives a scene class (read on the class or an instance)."""

    def __get__(self, instance: object, owner: type) -> str:
        return spec_of_class(owner).id


class ZigzagScene(Scene):
    """A scene that reads its course, theme, words and numbers, and plays at the course's speed.

    A subclass is registered in :mod:`scenes.registry`, which gives it its id (:attr:`scene_id`);
    it computes its data in :meth:`prepare` (from ``zz_math``) and keeps
    ``construct()`` a short table of contents. TeX templates may use ``@w``, ``@L`` and ``@x`` for
    the course's notation of weight, loss and input.
    """

    scene_id: ClassVar[_SceneId] = _SceneId()
    timing: ClassVar[Timing] = Timing()

    given_course: ClassVar[Course | None] = None
    course: Course
    theme: Theme
    problem: Problem
    language: str
    locale: str
    speed: float
    layout: Layout

    def setup(self) -> None:
        """Load the course and compute the scene's data before ``construct()``."""
        self.course = self.given_course if self.given_course is not None else current_course()
        self.theme = Theme.from_course(self.course)
        self.problem = self.course.to_problem()
        self.language = self.course.language
        self.locale = self.course.locale
        self.speed = self.course.scenes.speed_of(self.scene_id)
        self.camera.background_color = self.theme.background
        self.layout = Layout(
            self.camera.frame_width, self.camera.frame_height, self.camera.pixel_height, self.theme.font
        )
        self.section_notes: dict[str, str] = {}
        self.section_cues: dict[str, str] = {}
        self.section_headings: dict[str, str] = {}
        self.section_formulas: dict[str, list[str]] = {}
        self.prepare()

    @classmethod
    def for_course(cls, course: Course) -> type[Self]:
        """This scene bound to ``course``: a subclass (same name and module) that renders with it.

        Nothing global is set, so two courses can render side by side in one process.
        """
        bound: type[Self] = type(
            cls.__name__, (cls,), {"given_course": course, "__module__": cls.__module__}
        )
        return bound

    def section(self, part: str = "") -> None:
        """Start the section ``<scene-id>-<part>`` (``<scene-id>`` alone without a part) and
        write down its speaker notes (:meth:`note`), captions (:meth:`cue`) and heading."""
        name = f"{self.scene_id}-{part}" if part else self.scene_id
        self.next_section(name)
        self.section_notes[name] = self.note(part)
        self.section_cues[name] = self.cue(part)
        self.section_headings[name] = self.heading(part)
        self.section_formulas[name] = []

    def section_words(self, kind: str, part: str) -> str:
        """The catalogue's ``<kind>_<part>`` (``<kind>`` for the scene's unnamed section; ``-``
        read as ``_``) filled with :meth:`note_values`; empty when the catalogue has none (a scene
        added without them still renders)."""
        key = f"{kind}_" + part.replace("-", "_") if part else kind
        try:
            return self.words(key, **self.note_values(part))
        except (CatalogueError, FileNotFoundError):
            return ""

    def note(self, part: str) -> str:
        """Speaker notes of the section ``part`` (``note_<part>``)."""
        return self.section_words("note", part)

    def cue(self, part: str) -> str:
        """What the captions say during section ``part`` (``cue_<part>``): short sentences, most
        important first, with the section's numbers (a course that plays faster keeps the first)."""
        return self.section_words("cue", part)

    def heading(self, part: str) -> str:
        """The heading of section ``part`` in the transcript (``heading_<part>``)."""
        return self.section_words("heading", part)

    def note_values(self, part: str) -> dict[str, Any]:
        """The numbers (formatted) and phrases the notes of section ``part`` need; none by default."""
        return {}

    def prepare(self) -> None:
        """Compute the scene's numbers with the ``zz_math`` builder its spec names (``self.data``);
        scenes that derive more from them extend this hook."""
        spec = spec_of_class(type(self))
        if spec.data is not None:
            self.data = spec.data(self.problem)

    # ------------------------------------------------------------------ words and numbers

    def words(self, key: str, **values: Any) -> str:
        """On-screen words for ``key`` in the course language."""
        return self.course.words(self.scene_id, key, **values)

    def prose(self, key: str, font_size: float = FONT_BODY, color: Any = None, **values: Any) -> Text:
        """A :class:`Text` of the catalogue entry ``key``."""
        return self.plain(self.words(key, **values), font_size=font_size, color=color)

    def plain(self, content: str, font_size: float = FONT_BODY, color: Any = None) -> Text:
        """A :class:`Text` of ready-made words (numbers already formatted)."""
        key = (content, self.theme.font, self.layout.text_size(font_size),
               ManimColor(color if color is not None else self.theme.foreground).to_hex())
        return _built(key, lambda: Text(content, font=key[1], font_size=key[2], color=key[3]))

    def plain_size(self, content: str, font_size: float = FONT_BODY) -> tuple[float, float]:
        """``(width, height)`` of :meth:`plain`'s text, measured without copying it."""
        key = (content, self.theme.font, self.layout.text_size(font_size),
               ManimColor(self.theme.foreground).to_hex())
        shown = _kept(key, lambda: Text(content, font=key[1], font_size=key[2], color=key[3]))
        return shown.width, shown.height

    def notation(self, tex: str) -> str:
        """``tex`` with ``@w``, ``@L``, ``@x`` replaced by the course's notation."""
        n = self.course.notation
        return (
            tex.replace("@w", "{" + n.weight + "}")
            .replace("@L", "{" + n.loss + "}")
            .replace("@x", "{" + n.input + "}")
        )

    def formula(self, *tex: str, font_size: float = MATH_BODY, color: Any = None, **kwargs: Any) -> MathTex:
        """A :class:`MathTex` of ``tex`` parts in the course's notation."""
        parts = tuple(self.notation(t) for t in tex)
        colour = ManimColor(color if color is not None else self.theme.foreground).to_hex()
        key = ("tex", parts, self.layout.math_size(font_size), colour, repr(sorted(kwargs.items())))
        return _built(key, lambda: MathTex(
            *parts, font_size=key[2], tex_template=SANS_TEMPLATE, color=colour, **kwargs
        ))

    def counter(self, value: int, font_size: float, color: Any) -> Integer:
        """A live integer in the formulas' typeface, its size raised to the floor."""
        return SansInteger(value, font_size=self.layout.math_size(font_size), color=color)

    def number(self, value: float | int | None, digits: int = 2) -> str:
        """A number for :class:`Text`, in the course language."""
        return format_number(value, digits, self.locale)

    def quantity(self, value: float) -> str:
        """A course setting such as the tolerance, with the decimals it needs (0.001, not 0.00)."""
        digits = max(2, needed_decimals(float(value)))
        while digits > 2 and round(float(value), digits - 1) == round(float(value), digits):
            digits -= 1
        return format_number(float(value), digits, self.locale)

    def tex_number(self, value: float | int | None, digits: int = 2) -> str:
        """A number for :class:`MathTex`, in the course language."""
        return format_tex_number(value, digits, self.locale)

    def tex_separator(self) -> str:
        """What separates the items of a tuple in MathTex: a comma, or a semicolon with decimal commas."""
        return tex_list_separator(self.locale)

    def point(self, values: Any, digits: int = 2) -> str:
        """A point of the weight plane as words: ``(1.50, −1.00)``, ``(1,50; −1,00)`` in Italian."""
        return format_point([float(v) for v in values], digits, self.locale)

    def percent(self, share: float | None) -> str:
        """A share in [0, 1] as a percentage."""
        return format_percent(share, self.locale)

    def listed(self, items: list[str]) -> str:
        """``items`` as one phrase in the course's locale (``a, b and c``)."""
        return listed(items, self.locale)

    def symbol(self, role: str) -> str:
        """Plain-text name of a notation symbol for :class:`Text` labels (TeX commands become words)."""
        raw: str = getattr(self.course.notation, role)
        greek = {r"\theta": "θ", r"\alpha": "α", r"\beta": "β", r"\omega": "ω", r"\phi": "φ"}
        for command, letter in greek.items():
            raw = raw.replace(command, letter)
        return raw.replace("\\mathbf", "").replace("\\boldsymbol", "").replace("{", "").replace("}", "")

    # ------------------------------------------------------------------ layout helpers

    def get_title(self, key: str = "title", **values: Any) -> VGroup:
        """The scene's title at the top of the safe area: on one line at a size between the title's
        and the body's if one fits, else wrapped onto lines at the title's size."""
        words = self.words(key, **values)
        if not getattr(self, "shown_title", ""):  # the transcript's title
            self.shown_title = " ".join(words.split())
        # On one line if it fits at a size down to the body's; wrapped at the title's size if not.
        for size in range(FONT_TITLE, FONT_BODY - 1, -TITLE_STEP):
            title = self.wrapped(words, self.layout.safe.width, font_size=size)
            if len(title) == 1:
                break
        else:
            title = self.wrapped(words, self.layout.safe.width, font_size=FONT_TITLE)
        return title.move_to(self.layout.safe.center).align_to(self.layout.safe.top * UP, UP)

    def wrap(self, content: str, width: float, font_size: float = FONT_BODY) -> list[str]:
        """``content`` cut into as few lines as fit ``width`` at ``font_size``, keeping its own line
        breaks (a no-break space keeps two words together; a word wider than ``width`` stays whole
        and the layout audit reports it). Widths are measured, no text is built."""
        lines: list[str] = []
        size = self.layout.text_size(font_size)
        for paragraph in content.splitlines():
            start = len(lines)
            for word in filter(None, paragraph.split(" ")):
                trial = f"{lines[-1]} {word}" if len(lines) > start else word
                if len(lines) > start and text_width(trial, self.theme.font, size) <= width * WRAP_MARGIN:
                    lines[-1] = trial
                else:
                    lines.append(word)
        return lines or [content]

    def widest_word(self, content: str, font_size: float = FONT_BODY) -> float:
        """Width of ``content``'s widest word at ``font_size`` (what :meth:`wrap` splits on): no
        width wraps it narrower."""
        size = self.layout.text_size(font_size)
        words = [w for line in content.splitlines() for w in line.split(" ") if w]
        return max((text_width(w, self.theme.font, size) for w in words), default=0.0)

    def line_gap(self, font_size: float) -> float:
        """Gap between wrapped lines at ``font_size``."""
        return LINE_GAP * self.layout.text_size(font_size) / FONT_BODY

    def wrapped_height(self, content: str, width: float, font_size: float = FONT_BODY) -> float:
        """At most the height :meth:`wrapped` gives ``content``, without building it."""
        lines = len(self.wrap(content, width, font_size))
        line = text_height(self.theme.font, self.layout.text_size(font_size))
        return lines * line + (lines - 1) * self.line_gap(font_size)

    def wrapped(
        self, content: str, width: float, font_size: float = FONT_BODY, color: Any = None, aligned_edge: Any = ORIGIN
    ) -> Lines:
        """:meth:`wrap` made into lines of text, centred (or on ``aligned_edge``): text never
        shrinks to fit a width, it wraps."""
        return Lines(
            *(self.plain(line, font_size=font_size, color=color) for line in self.wrap(content, width, font_size))
        ).arrange(DOWN, buff=self.line_gap(font_size), aligned_edge=aligned_edge)

    def body(self, title: Mobject) -> Box:
        """The safe area under ``title``."""
        return self.layout.safe.below(title.get_bottom()[1], BUFF)

    def safe_area(self) -> tuple[float, float, float, float]:
        """``(left, right, bottom, top)`` of the frame's safe area."""
        safe = self.layout.safe
        return (safe.left, safe.right, safe.bottom, safe.top)

    def fit_width(self, mobject: Mobject, share: float = 1.0) -> Mobject:
        """Shrink ``mobject`` to fit ``share`` of the safe area's width."""
        room = share * self.layout.safe.width
        if mobject.width > room:
            mobject.scale_to_fit_width(room)
        return mobject

    # ------------------------------------------------------------------ timing

    def play(self, *args: Any, **kwargs: Any) -> None:
        """Play at the course's speed: ``run_time`` (default 1 s) is divided by the speed factor.

        ``wait()`` plays a ``Wait`` animation through here, so waits are scaled too (once).
        """
        run_time = kwargs.pop("run_time", None)
        if run_time is None:
            run_time = max(
                (a.run_time for a in args if isinstance(a, Animation)), default=DEFAULT_RUN_TIME
            )
        self.write_down_formulas(args)
        super().play(*args, run_time=run_time / self.speed, **kwargs)

    def write_down_formulas(self, animations: tuple[Any, ...]) -> None:
        """Keep the TeX of every formula an animation shows, by section (for the transcript)."""
        if not self.section_formulas:
            return
        shown = list(self.section_formulas.values())[-1]
        earlier = {tex for formulas in self.section_formulas.values() for tex in formulas}
        for animation in animations:
            mobject = getattr(animation, "mobject", animation)
            if not isinstance(mobject, Mobject) or getattr(animation, "remover", False):
                continue
            for tex in _formulas_in(mobject):
                if tex not in earlier and RELATION.search(tex):  # a formula, not a symbol's label
                    shown.append(tex)
                    earlier.add(tex)

    def visible(self) -> list[Mobject]:
        """The mobjects on screen (for tests)."""
        return list(self.mobjects)
