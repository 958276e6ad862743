"""Rendering a course: scenes to MP4, WebM, PNG and GIF under ``<out>/<slug>/``, with a manifest.

Every file is made in a private work folder (:mod:`zigzag.worker`) and moved into place only when
complete (:mod:`zigzag.outputs`), so an interrupted render leaves nothing half-written under the output
folder. Each scene renders with its own manim media folder, in-process or in ``-j N`` worker
processes. An output whose course file, code and data are unchanged is not rendered again, and the
lecture is assembled from the scene renders rather than rendered a second time.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from scenes.course import Course
from scenes.registry import TITLE_CARD
from zigzag.assemble import SectionsDamaged
from zigzag.interrupts import on_expiry
from zigzag.manifest import set_aside_if_damaged
from zigzag.outputs import (
    clean_stale,
    output_lock,
    output_settings,
    publish,
    work_root,
    write_manifest,
)
from zigzag.plan import Plan, plan_tasks
from zigzag.progress import ProgressPoller, SceneProgress
from zigzag.request import RenderRequest
from zigzag.worker import (
    Produced,
    RenderError,
    RenderTask,
    caption_video,
    capture_frames,
    run_task,
    sections_name,
    tag_video,
    video_duration,
)

__all__ = ["Plan", "RenderError", "RenderRequest", "capture_frames", "plan_tasks", "render_course"]


def _assemble(course: Course, plan: Plan, folder: Path, run_dir: Path, quality: str) -> list[dict[str, Any]]:
    """Assemble the lecture in each video format from the published scene renders."""
    from zigzag.assemble import LecturePart, assemble_lecture

    produced = []
    for fmt in plan.lecture_formats:
        started = time.perf_counter()
        title = run_dir / TITLE_CARD
        parts = [LecturePart(title / f"{TITLE_CARD}.{fmt}", title / sections_name(TITLE_CARD, fmt))]
        parts += [
            LecturePart(folder / f"{s}.{fmt}", folder / sections_name(s, fmt)) for s in course.scenes.lecture
        ]
        work = run_dir / "lecture"
        work.mkdir(parents=True, exist_ok=True)
        video = work / f"lecture.{fmt}"
        assemble_lecture(parts, video, work / sections_name("lecture", fmt), "lecture")
        captioning = time.perf_counter()
        captions = caption_video(video, work / sections_name("lecture", fmt), "lecture", course,
                                 course.course.name) if course.render.captions else []
        if not course.render.captions:
            tag_video(video, course)
        timings = {"captions_seconds": round(time.perf_counter() - captioning, 3)} if course.render.captions else {}
        key, scene_data = plan.keys[("lecture", fmt)]
        produced.append(
            asdict(
                Produced(
                    scene="lecture",
                    format=fmt,
                    file=video.name,
                    bytes=video.stat().st_size,
                    duration=round(video_duration(video), 3),
                    render_seconds=round(time.perf_counter() - started, 3),
                    settings={**output_settings(course, fmt, quality), "assembled_from": list(course.scenes.lecture),
                              **timings},
                    key=key,
                    extra_files=[sections_name("lecture", fmt), *captions],
                )
            )
            | {"data_hash": scene_data}
        )
    return produced


def _deck(course: Course, plan: Plan, folder: Path, run_dir: Path, quality: str) -> list[dict[str, Any]]:
    """Build the slides deck from the title card's and the published scenes' MP4 sections."""
    from manim import ManimColor

    from zigzag.deck import DECK_FOLDER, DeckPart, DeckStyle, build_deck
    from zigzag.outputs import video_size

    language = course.course.language
    parts = [DeckPart(TITLE_CARD, course.course.name, run_dir / TITLE_CARD / sections_name(TITLE_CARD, "mp4"))]
    parts += [DeckPart(s, course.words(s, "title"), folder / sections_name(s, "mp4")) for s in plan.deck]
    theme = course.theme
    width, height, _ = video_size(quality, course.render.aspect)
    style = DeckStyle(
        title=course.course.name, language=language, font=theme.font, width=width, height=height,
        background=ManimColor(theme.background).to_hex(), foreground=ManimColor(theme.foreground).to_hex(),
        accent=ManimColor(theme.accent).to_hex(), captions=course.render.captions,
        author=course.identity().get("lecturer", ""), credits=" · ".join(course.identity().values()),
        licence=course.identity().get("licence", ""),
    )
    work = run_dir / "deck"
    work.mkdir(parents=True, exist_ok=True)
    deck = build_deck(parts, style, work / DECK_FOLDER)
    key, scene_data = plan.keys[("slides", "slides")]
    settings = {**output_settings(course, "mp4", quality), "scenes": [TITLE_CARD, *plan.deck], "slides": len(deck.slides)}
    entry = Produced(
        scene="slides", format="slides", file=DECK_FOLDER, bytes=deck.bytes,
        duration=round(sum(s.seconds for s in deck.slides), 3), render_seconds=round(deck.seconds, 3),
        settings=settings, key=key,
    )
    return [asdict(entry) | {"data_hash": scene_data}]


@dataclass(slots=True)
class _Run:
    """One render run's state: where things go, what is running, and the callbacks to report to."""

    course: Course
    plan: Plan
    folder: Path
    root: Path
    run_dir: Path
    on_done: Callable[[str, list[dict[str, Any]]], None] | None
    on_start: Callable[[str], None] | None
    results: list[dict[str, Any]] = field(default_factory=list)
    running: dict[str, RenderTask] = field(default_factory=dict)
    held: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def start(self, task: RenderTask) -> None:
        self.running[task.scene_id] = task
        if self.on_start and task.publish:
            self.on_start(task.scene_id)

    def publish(self, scene: str, work: Path, produced: list[dict[str, Any]]) -> None:
        """Move a task's files into the output folder and record them, under the folder's lock."""
        try:
            with output_lock(self.root, self.folder):
                for entry in produced:
                    for name in [entry["file"], *entry["extra_files"]]:
                        publish(work / name, self.folder / name)
                write_manifest(self.folder, self.course, produced, self.run_dir)
        except OSError as error:
            where = error.filename or self.folder
            raise RenderError(f"{scene}: cannot write {where}: {error.strerror or error}") from error
        self.results.extend(produced)
        if self.on_done:
            self.on_done(scene, self.held.pop(scene, []) + produced)

    def report_unchanged(self) -> None:
        """Report up-to-date outputs: a scene with nothing to render at once, the others together
        with what is rendered for them."""
        rendering = {t.scene_id for t in self.plan.tasks if t.publish}
        if self.plan.lecture_formats:
            rendering.add("lecture")
        if self.plan.deck:
            rendering.add("slides")
        for entry in self.plan.fresh:
            unchanged = entry | {"unchanged": True}
            self.results.append(unchanged)
            self.held.setdefault(entry["scene"], []).append(unchanged)
        for scene in [s for s in self.held if s not in rendering]:
            if self.on_done:
                self.on_done(scene, self.held.pop(scene))

    def finish(self, task: RenderTask, produced: list[dict[str, Any]]) -> None:
        self.running.pop(task.scene_id, None)
        if not task.publish:
            return
        for entry in produced:
            entry["key"], entry["data_hash"] = self.plan.keys[(entry["scene"], entry["format"])]
        self.publish(task.scene_id, Path(task.work_dir), produced)

    def in_progress(self) -> Iterator[tuple[str, Path, int | None]]:
        for scene, task in list(self.running.items()):
            yield scene, Path(task.work_dir), self.plan.expected.get(scene)


def _prepare(out_dir: Path, folder: Path) -> tuple[Path, Path]:
    """The work root and a new private work folder; a damaged manifest is set aside first."""
    root = work_root(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    clean_stale(root)
    if folder.is_dir():
        with output_lock(root, folder):
            set_aside_if_damaged(folder)
    run_dir = root / f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
    run_dir.mkdir(parents=True)
    return root, run_dir


def _execute(run: _Run, jobs: int, quality: str) -> None:
    """Render the plan's tasks (in-process or in ``jobs`` workers), then assemble the lecture."""
    from zigzag.parallel import render_parallel

    run.report_unchanged()
    if jobs <= 1 or len(run.plan.tasks) <= 1:
        for task in run.plan.tasks:
            run.start(task)
            run.finish(task, run_task(task))
    else:

        render_parallel(run.plan.tasks, jobs, run.finish, run.start)
    if run.plan.lecture_formats:
        _combine(run, "lecture", "lecture", _assemble, quality)
    if run.plan.deck:
        _combine(run, "slides", "deck", _deck, quality)


def _combine(run: _Run, name: str, work: str, build: Callable[..., list[dict[str, Any]]], quality: str) -> None:
    """Make an output from the published renders (the lecture, the deck) and publish it."""
    if run.on_start:
        run.on_start(name)
    try:
        produced = build(run.course, run.plan, run.folder, run.run_dir, quality)
    except SectionsDamaged as error:
        raise RenderError(f"{name}: {error}") from error
    run.publish(name, run.run_dir / work, produced)


def render_course(
    request: RenderRequest,
    *,
    on_done: Callable[[str, list[dict[str, Any]]], None] | None = None,
    on_start: Callable[[str], None] | None = None,
    on_progress: Callable[[SceneProgress], None] | None = None,
) -> list[dict[str, Any]]:
    """Render what ``request`` asks for; return the manifest entries of everything requested.

    Entries of outputs that were up to date and not rendered again carry ``"unchanged": True``.
    ``on_progress`` is called from a thread, a few times a second, while scenes render.
    """
    course, jobs, quality = request.course, request.jobs, request.quality
    folder = request.folder
    root, run_dir = _prepare(request.out_dir, folder)
    try:
        with on_expiry(lambda: shutil.rmtree(run_dir, ignore_errors=True)):
            plan = plan_tasks(request, run_dir)
            threads = 1 if jobs > 1 else 0
            plan.tasks = [dataclasses.replace(t, encoder_threads=threads) for t in plan.tasks]
            run = _Run(course, plan, folder, root, run_dir, on_done, on_start)
            if on_progress is None:
                _execute(run, jobs, quality)
            else:
                with ProgressPoller(run.in_progress, on_progress):
                    _execute(run, jobs, quality)
            return run.results
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)


# ---------------------------------------------------------------------------- many courses, clusters, shards


@dataclass(frozen=True, slots=True)
class Spread:
    """How the tasks of a render are spread: ``jobs`` local processes, a Dask ``scheduler``
    (``local:N`` or an address), and the ``shard`` ``(K, N)`` this command renders."""

    jobs: int = 1
    scheduler: str | None = None
    shard: tuple[int, int] | None = None


def _without_assembly(request: RenderRequest) -> RenderRequest:
    """A shard renders scenes only: the lecture and the slides need every scene (after merge)."""
    return dataclasses.replace(
        request, scene_ids=tuple(s for s in request.scene_ids if s != "lecture"),
        formats=tuple(f for f in request.formats if f != "slides"),
    )


def _shard_weights(run: _Run) -> dict[str, float]:
    """Expected seconds of each task of ``run``: the last render's, else from its expected frames."""
    return {f"{run.folder.name}/{t.scene_id}": run.plan.seconds[t.scene_id] for t in run.plan.tasks}


def _keep_share(runs: list[_Run], shard: tuple[int, int]) -> None:
    """Keep in each run only the tasks dealt to shard ``shard``."""
    from zigzag.shards import deal

    weights = {name: w for run in runs for name, w in _shard_weights(run).items()}
    share = deal(weights, shard[1])
    for run in runs:
        run.plan.tasks = [t for t in run.plan.tasks if share[f"{run.folder.name}/{t.scene_id}"] == shard[0]]


def _spread(runs: list[_Run], spread: Spread) -> None:
    """Render every run's tasks over the processes or the cluster ``spread`` names."""
    from zigzag.parallel import render_parallel

    owner = {id(t): run for run in runs for t in run.plan.tasks}
    tasks = [t for run in runs for t in run.plan.tasks]
    tasks.sort(key=lambda t: -owner[id(t)].plan.seconds[t.scene_id])  # longest first

    def start(task: RenderTask) -> None:
        owner[id(task)].start(task)

    def finish(task: RenderTask, produced: list[dict[str, Any]]) -> None:
        owner[id(task)].finish(task, produced)

    if spread.scheduler is not None or (spread.jobs > 1 and len(tasks) > 1):
        # One encoder thread per task where tasks run side by side (each worker has a core).
        threads = [dataclasses.replace(t, encoder_threads=1) for t in tasks]
        owner.update({id(new): owner[id(old)] for old, new in zip(tasks, threads, strict=True)})
        if spread.scheduler is not None:
            from zigzag.cluster import render_on_cluster

            render_on_cluster(threads, spread.scheduler, finish, start)
        else:
            render_parallel(threads, spread.jobs, finish, start)
    else:
        for task in tasks:
            start(task)
            finish(task, run_task(task))


def render_courses(
    requests: list[RenderRequest],
    spread: Spread,
    *,
    on_done: Callable[[Path, str, list[dict[str, Any]]], None] | None = None,
) -> list[dict[str, Any]]:
    """Render several courses in one go: every (course, scene) task planned at once and spread
    over ``spread``'s workers, each course to its own folder and manifest; then each course's
    lecture and slides. ``on_done(folder, scene, entries)`` as each scene is published.
    """
    runs: list[_Run] = []
    try:
        for request in requests:
            if spread.shard is not None:
                request = _without_assembly(request)
            root, run_dir = _prepare(request.out_dir, request.folder)
            plan = plan_tasks(request, run_dir)
            if spread.shard is not None:
                plan.tasks = [t for t in plan.tasks if t.publish]
            done = (lambda folder: (lambda scene, entries: on_done(folder, scene, entries)))(request.folder) if on_done else None
            runs.append(_Run(request.course, plan, request.folder, root, run_dir, done, None))
        if spread.shard is not None:
            _keep_share(runs, spread.shard)
        with on_expiry(lambda: [shutil.rmtree(r.run_dir, ignore_errors=True) for r in runs]):
            for run in runs:
                run.report_unchanged()
            _spread(runs, spread)
            for run in runs:
                quality = requests[runs.index(run)].quality
                if run.plan.lecture_formats:
                    _combine(run, "lecture", "lecture", _assemble, quality)
                if run.plan.deck:
                    _combine(run, "slides", "deck", _deck, quality)
        return [entry for run in runs for entry in run.results]
    finally:
        for run in runs:
            shutil.rmtree(run.run_dir, ignore_errors=True)
