"""The ``zigzag`` command line: list, render, check and data.

Exit codes: 0 done, 1 a render failed, 2 bad input (with a one-line message, no traceback unless ``-v``).
"""

from __future__ import annotations

import json
import shutil
import signal
import sys
import traceback
from pathlib import Path
from typing import Any, NoReturn, get_args

import click
import cloup

from scenes.course import (
    Course,
    FormatName,
    inspect_course,
    notation_errors,
    translation_tex_errors,
)
from scenes.layout import ASPECTS
from scenes.registry import SCENES
from scenes.suggest import did_you_mean
from scenes.text import LANGUAGES
from zz_math.problem import Problem

__all__ = ["main"]

FORMATS = get_args(FormatName)
TEX_TOOLS = {"latex": "texlive-latex-base", "dvisvgm": "dvisvgm"}
# Other spellings of -q values, so that '-q high' or '-q 1080p' get a did-you-mean.
QUALITY_ALIASES = {"low": "l", "480p": "l", "medium": "m", "720p": "m", "high": "h", "1080p": "h",
                   "4k": "k", "2160p": "k"}


class BadInput(click.ClickException):
    """Bad input: exit code 2, one line per error."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        for line in self.message.splitlines():
            click.echo(f"zigzag: error: {line}", err=True)


def _fail(message: str) -> NoReturn:
    raise BadInput(message)


class _Choice(click.Choice):  # type: ignore[type-arg]
    """A fixed set of values whose error names the closest one (``'gf'``: did you mean 'gif'?)."""

    def __init__(self, choices: tuple[str, ...], aliases: dict[str, str] | None = None) -> None:
        super().__init__(choices)
        self.aliases = aliases or {}

    def get_invalid_choice_message(self, value: Any, ctx: click.Context | None) -> str:
        message = super().get_invalid_choice_message(value, ctx).removesuffix(".")
        return message + did_you_mean(str(value), [str(c) for c in self.choices], self.aliases)


def _unknown_scene(name: str) -> NoReturn:
    """Refuse a scene id that does not exist, suggesting the closest one."""
    class_names = {entry.class_name: scene_id for scene_id, entry in SCENES.items()}
    hint = did_you_mean(name, SCENES, class_names)
    _fail(f"unknown scene {name!r}{hint} (scenes: {', '.join(SCENES)})")


def course_option() -> Any:
    """``--course FILE`` shared by the commands that read a course."""
    return cloup.option(
        "--course",
        "course_path",
        type=click.Path(dir_okay=True, path_type=Path),
        default=None,
        help="Course file (TOML). Default: the embedded default course.",
    )


def verbose_option() -> Any:
    """``-v`` shared by all commands."""
    return cloup.option("-v", "--verbose", is_flag=True, help="Show manim's logs and full tracebacks.")


def _validate(course_path: Path | None, compile_notation: bool = True) -> tuple[Course, str, str]:
    """The course, its text and its name for messages, after every check; bad files end with exit 2.

    Every problem is reported, one line each: the file's own errors, what the problem-level math
    refuses (:func:`_check_problem`, even when other keys are wrong) and notation that does not compile.
    """
    report = inspect_course(course_path)
    errors = list(report.errors)
    if report.problem is not None:
        errors += [f"{report.source}: {line}" for line in _check_problem(report.problem)]
    if compile_notation:
        errors += notation_errors(report.notation, report.source)
        if report.course is not None:
            errors += translation_tex_errors(report.course, report.source)
    if errors or report.course is None:
        _fail("\n".join(errors))
    for line in report.warnings:
        click.echo(f"zigzag: warning: {line}", err=True)
    return report.course, report.text, report.source


def _check_problem(problem: Problem) -> list[str]:
    """Hook for problem-level math validation: one line per error (``ValueError`` messages).

    Refuses a problem that cannot teach the argument (every error, one line each) and prints the
    warnings about one that tells a different story.
    """
    from zz_math.fitness import ProblemRefused, check_problem

    try:
        warnings = check_problem(problem)
    except ProblemRefused as error:
        return [f"problem.{finding}" for finding in error.findings]
    except ValueError as error:
        return [f"problem: {error}"]
    for finding in warnings:
        click.echo(f"zigzag: warning: problem.{finding}", err=True)
    return []


class _Group(cloup.Group):
    """A group whose usage errors are one line with exit code 2, like every other bad input."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as error:
            raise BadInput(error.format_message()) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            raise BadInput(error.format_message()) from None


@cloup.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@cloup.version_option(package_name="zigzag", prog_name="zigzag")
def cli() -> None:
    """Animations of why non-zero-centred activations make gradient descent zig-zag."""


@cli.command("list")
@cloup.option("--language", type=_Choice(LANGUAGES), default=None,
              help="Language of the descriptions (shipped catalogues). Default: the course's.")
@course_option()
def list_scenes(language: str | None, course_path: Path | None) -> None:
    """Scene ids, each with one line on what it shows."""
    from scenes.text import Words

    words = Words(language) if language else _validate(course_path, compile_notation=False)[0].words
    width = max(len(s) for s in SCENES)
    for scene_id in SCENES:
        click.echo(f"{scene_id:<{width}}  {words('registry', scene_id)}")


@cli.group("text", cls=_Group)
def text_group() -> None:
    """The words of every scene: write a catalogue to translate."""


@text_group.command("export")
@cloup.option("--language", type=_Choice(LANGUAGES), default=None,
              help="Start from this shipped catalogue (keys it lacks are English, marked). "
                   "Default: the course's language, else en.")
@course_option()
def text_export(language: str | None, course_path: Path | None) -> None:
    """Print a catalogue with every key of every scene (TOML, to translate and point a course at).

    With --course, the course's own translations ([course] catalogue and [text]) are in it, and
    what is still English is marked: the file to finish a translation from.
    """
    from scenes.text import export

    if course_path is None:
        click.echo(export(language or "en"), nl=False)
        return
    course, _, _ = _validate(course_path, compile_notation=False)
    click.echo(export(language or course.language, course.translations), nl=False)


@cli.command()
@cloup.argument("course_file", type=click.Path(dir_okay=True, path_type=Path))
@verbose_option()
def check(course_file: Path, verbose: bool) -> None:
    """Validate a course file: exit 0 when it is usable, 2 with every error (one line each) when not."""
    course, _, source = _validate(course_file)
    click.echo(
        f"{source}: ok — course '{course.slug}', {course.language}, "
        f"{len(course.scenes.lecture)} scenes in the lecture"
    )


@cli.command()
@cloup.argument("scene")
@course_option()
@verbose_option()
def data(scene: str, course_path: Path | None, verbose: bool) -> None:
    """Print, as JSON, the numbers SCENE shows."""
    from scenes.registry import scene_data_json

    if scene not in SCENES:
        _unknown_scene(scene)
    course, _, _ = _validate(course_path, compile_notation=False)
    click.echo(json.dumps(scene_data_json(scene, course.to_problem()), indent=1, ensure_ascii=False))


def _check_tex_tools() -> None:
    for tool, package in TEX_TOOLS.items():
        if shutil.which(tool) is None:
            raise click.ClickException(
                f"'{tool}' is not installed; install the Debian package {package} "
                "(or run 'make render', which installs everything)"
            )


def _check_out_dir(out: str, slug: str) -> None:
    """Refuse an output folder that cannot be written, before anything is written."""
    from zigzag.out_dir import out_dir_problem

    problem = out_dir_problem(out, slug)
    if problem:
        _fail(problem)


def _course_files(paths: tuple[Path, ...]) -> list[Path | None]:
    """The course files ``--course`` names: files as given, a folder as its ``*.toml`` files in
    name order; ``[None]`` (the embedded default course) when none is given."""
    files: list[Path | None] = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.glob("*.toml"))
            if not found:
                _fail(f"--course {path}: the folder holds no course file (*.toml)")
            files.extend(found)
        else:
            files.append(path)
    return files or [None]


@cli.command()
@cloup.argument("scenes", nargs=-1)
@cloup.option("--all", "all_scenes", is_flag=True, help="Every scene of the course's lecture, and the lecture.")
@cloup.option("--course", "course_paths", type=click.Path(dir_okay=True, path_type=Path), multiple=True,
              help="Course file (TOML), or a folder of them; repeat for several courses, rendered in "
                   "one go. Default: the embedded default course.")
@cloup.option("-q", "--quality", type=_Choice(("l", "m", "h", "k"), QUALITY_ALIASES), default=None,
              help="l 480p15, m 720p30, h 1080p60, k 2160p60. Default: the course's.")
@cloup.option("--format", "formats", type=_Choice(FORMATS), multiple=True,
              help="Output format; repeat for several. Default: the course's.")
@cloup.option("--aspect", type=_Choice(tuple(ASPECTS)), default=None,
              help="Frame shape: 16:9, 4:3, 1:1 or 9:16 (the quality's short side stays). "
                   "Default: the course's. Files go to OUT/<slug>-<shape>/ unless 16:9.")
@cloup.option("--at", "at", type=str, default=None, metavar="SECONDS|SECTION",
              help="For png: the moment to show, a time in seconds or a section's name "
                   "(its settled last frame). Default: the settled final frame.")
@cloup.option("--out", "out_dir", type=click.Path(path_type=str), default="renders",
              show_default=True, help="Output folder; files go to OUT/<slug>/.")
@cloup.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes, each with its own media folder.")
@cloup.option("--scheduler", default=None, metavar="local:N|tcp://HOST:PORT",
              help="Render on a Dask cluster: local:N starts N worker processes here; an address "
                   "uses a running scheduler (pip install 'zigzag[cluster]').")
@cloup.option("--shard", default=None, metavar="K/N",
              help="Render only the K-th of N shares of the tasks (scenes only; join the shards' "
                   "folders with zigzag merge).")
@cloup.option("--force", is_flag=True, help="Render again even when nothing changed.")
@cloup.option("--no-captions", "no_captions", is_flag=True,
              help="No caption tracks or transcripts (the course's [render] captions = false).")
@verbose_option()
def render(
    scenes: tuple[str, ...],
    all_scenes: bool,
    course_paths: tuple[Path, ...],
    quality: str | None,
    formats: tuple[str, ...],
    aspect: str | None,
    at: str | None,
    out_dir: str,
    jobs: int,
    scheduler: str | None,
    shard: str | None,
    force: bool,
    no_captions: bool,
    verbose: bool,
) -> None:
    """Render SCENE... (or --all) of one or more courses to OUT/<slug>/ and update each manifest.json."""
    from zigzag.display import render_many_with_lines, render_with_display
    from zigzag.gif import GifBudgetError
    from zigzag.render import RenderError, render_course, render_courses
    from zigzag.request import RenderRequest

    for name in scenes:
        if name not in SCENES:
            _unknown_scene(name)
    if not scenes and not all_scenes:
        _fail("name scenes to render or pass --all; scenes: " + ", ".join(SCENES))
    spread = _spread(jobs, scheduler, shard)
    requests = []
    for path in _course_files(course_paths):
        course, _, _ = _validate(path)
        course = course.with_aspect(aspect)
        if no_captions:
            course = course.with_render(captions=False)
        _check_out_dir(out_dir, course.folder)
        chosen = list(dict.fromkeys(scenes))
        if all_scenes:
            chosen = list(dict.fromkeys([*course.scenes.lecture, "lecture", *chosen]))
        chosen_formats = list(dict.fromkeys(formats or course.render.formats))
        if at is not None and "png" not in chosen_formats:
            _fail(f"--at {at!r} chooses the moment of a still: add --format png")
        requests.append(RenderRequest(
            course=course, scene_ids=tuple(chosen), formats=tuple(chosen_formats),
            quality=quality or course.render.quality, out_dir=Path(out_dir), jobs=jobs, verbose=verbose,
            force=force, at=at,
        ))
    folders = [r.folder for r in requests]
    if len(set(folders)) < len(folders):
        _fail("two courses render to the same folder " + str(next(f for f in folders if folders.count(f) > 1))
              + "; give each its own [course] slug")
    _check_tex_tools()
    failures = (RenderError, GifBudgetError)
    if len(requests) == 1 and scheduler is None and shard is None:
        render_with_display(render_course, failures, requests[0])
    else:
        render_many_with_lines(lambda **kw: render_courses(requests, spread, **kw), failures, requests)


def _spread(jobs: int, scheduler: str | None, shard: str | None) -> Any:
    """How the tasks are spread (``-j``, ``--scheduler``, ``--shard``), checked: exit 2 when not."""
    from zigzag.cluster import parse_scheduler
    from zigzag.render import Spread
    from zigzag.shards import parse_shard

    try:
        if scheduler is not None:
            parse_scheduler(scheduler)
            if jobs > 1:
                _fail("-j and --scheduler both say where to render: give one")
            import importlib.util

            if importlib.util.find_spec("distributed") is None:
                _fail("--scheduler needs Dask: pip install 'zigzag[cluster]'")
        return Spread(jobs=jobs, scheduler=scheduler, shard=parse_shard(shard) if shard else None)
    except ValueError as error:
        _fail(str(error))


@cli.command()
@cloup.argument("folders", nargs=-1, required=True, type=click.Path(file_okay=False, path_type=Path))
@cloup.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Where the joined course folders go (OUT/<slug>/).")
def merge(folders: tuple[Path, ...], out_dir: Path) -> None:
    """Join the output folders of shards (render --shard K/N --out DIR) into OUT: each course's
    outputs and one manifest. Outputs two shards hold differently are a conflict: nothing is written."""
    from zigzag.shards import MergeConflict, merge_roots

    try:
        counts = merge_roots(list(folders), out_dir)
    except MergeConflict as error:
        _fail(str(error))
    for name, count in counts.items():
        click.echo(f"{out_dir / name}: {count} outputs from {len(folders)} folders")


@cli.command()
@cloup.argument("scenes", nargs=-1)
@course_option()
@cloup.option("-q", "--quality", type=_Choice(("l", "m", "h", "k"), QUALITY_ALIASES), default="l",
              show_default=True, help="Quality of the thumbnails' frames.")
@cloup.option("--aspect", type=_Choice(tuple(ASPECTS)), default=None, help="Frame shape. Default: the course's.")
@cloup.option("--out", "out_dir", type=click.Path(path_type=str), default="renders", show_default=True)
@verbose_option()
@click.pass_context
def sheet(ctx: click.Context, scenes: tuple[str, ...], course_path: Path | None, quality: str,
          aspect: str | None, out_dir: str, verbose: bool) -> None:
    """A contact sheet of SCENE...: one PNG with a thumbnail per section, its name and its time
    (the same as render --format sheet)."""
    ctx.invoke(render, scenes=scenes, all_scenes=False, course_paths=(course_path,) if course_path else (),
               quality=quality, formats=("sheet",), aspect=aspect, at=None, out_dir=out_dir, jobs=1,
               scheduler=None, shard=None, force=False, no_captions=False, verbose=verbose)


def _stop_before_writing(signum: int, _frame: object) -> None:
    """Ctrl-C or SIGTERM while the course is checked: nothing is written yet, so just stop."""
    click.echo("zigzag: interrupted; nothing was written", err=True)
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``zigzag`` console script."""
    verbose = "-v" in (argv or sys.argv[1:]) or "--verbose" in (argv or sys.argv[1:])
    # Until a render installs its own handlers (zigzag.interrupts), an interrupt ends the command
    # with 130 (SIGINT) or 143 (SIGTERM), like an interrupted render, not click's "Aborted!" and 1.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _stop_before_writing)
    try:
        cli.main(args=argv, prog_name="zigzag", standalone_mode=True)
    except SystemExit:
        raise
    except Exception as error:  # an unexpected failure: one line, or the traceback with -v
        if verbose:
            traceback.print_exc()
        click.echo(f"zigzag: error: {type(error).__name__}: {error}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
