"""Rendering a course: scenes to MP4, WebM, PNG and GIF under ``<out>/<slug>/``, with a manifest.

Every file is made in a private work folder (:mod:`scenes.worker`) and moved into place only when
complete (:mod:`scenes.outputs`), so an interrupted render leaves nothing half-written under the output
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
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from scenes.course import Course
from scenes.outputs import (
    clean_stale,
    data_hash,
    output_key,
    output_lock,
    output_settings,
    publish,
    read_manifest,
    work_root,
    write_manifest,
)
from scenes.registry import TITLE_CARD
from scenes.worker import (
    VIDEO_FORMATS,
    Produced,
    RenderError,
    RenderTask,
    capture_frames,
    render_task,
    sections_name,
    video_duration,
)

__all__ = ["Plan", "RenderError", "capture_frames", "plan_tasks", "render_course"]


@dataclass(slots=True)
class Plan:
    """What a render run does.

    Attributes
    ----------
    tasks
        Scenes to render, each in the formats that are not up to date.
    keys
        ``(scene, format)`` → (output key, data hash) of every output asked for.
    fresh
        Manifest entries of outputs that are up to date and are not rendered again.
    lecture_formats
        Video formats in which the lecture is assembled from the scene renders.
    """

    tasks: list[RenderTask]
    keys: dict[tuple[str, str], tuple[str, str]]
    fresh: list[dict[str, Any]]
    lecture_formats: list[str]


def _up_to_date(folder: Path, old: dict[str, Any] | None, key: str) -> bool:
    if old is None or old.get("key") != key:
        return False
    path = folder / str(old.get("file"))
    return (
        path.is_file()
        and path.stat().st_size == old.get("bytes")
        and all((folder / str(extra)).exists() for extra in old.get("extra_files", []))
    )


def plan_tasks(
    course: Course,
    course_text: str,
    course_source: str,
    scene_ids: list[str],
    formats: list[str],
    quality: str,
    folder: Path,
    run_dir: Path,
    verbose: bool,
    force: bool,
) -> Plan:
    """Decide what to render. The lecture's MP4/WebM are assembled from its scenes' renders, so a
    lecture asked for in a video format brings in its scenes in that format too."""
    manifest = read_manifest(folder)
    known = {(o.get("scene"), o.get("format")): o for o in manifest.get("outputs", []) if isinstance(o, dict)}
    wanted: dict[str, list[str]] = {}
    for scene_id in scene_ids:
        wanted.setdefault(scene_id, [])
        wanted[scene_id] += [f for f in formats if f not in wanted[scene_id]]
    keys: dict[tuple[str, str], tuple[str, str]] = {}
    fresh: list[dict[str, Any]] = []
    stale: dict[str, list[str]] = {}
    lecture_formats: list[str] = []

    def consider(scene_id: str, fmt: str) -> bool:
        scene_data = data_hash(scene_id, course)
        key = output_key(course, scene_id, fmt, quality, scene_data)
        keys[(scene_id, fmt)] = (key, scene_data)
        old = known.get((scene_id, fmt))
        if not force and _up_to_date(folder, old, key):
            assert old is not None
            fresh.append(old)
            return False
        return True

    for fmt in wanted.pop("lecture", []) if "lecture" in wanted else []:
        if fmt not in VIDEO_FORMATS:
            if consider("lecture", fmt):
                stale.setdefault("lecture", []).append(fmt)
        elif consider("lecture", fmt):
            lecture_formats.append(fmt)
            for part in course.scenes.lecture:
                wanted.setdefault(part, [])
                if fmt not in wanted[part]:
                    wanted[part].append(fmt)
    for scene_id, scene_formats in wanted.items():
        for fmt in scene_formats:
            if consider(scene_id, fmt):
                stale.setdefault(scene_id, []).append(fmt)
    cache = str(run_dir.parent / "cache")
    # Longest first (by the last render's seconds) so the workers finish together.
    last_seconds = {scene: sum(float(known.get((scene, f), {}).get("render_seconds", 0)) for f in fmts)
                    for scene, fmts in stale.items()}
    stale = dict(sorted(stale.items(), key=lambda item: -last_seconds[item[0]]))
    tasks = [
        RenderTask(scene_id, tuple(fmts), quality, course_text, course_source, course.slug,
                   str(run_dir / scene_id), verbose, cache_dir=cache)
        for scene_id, fmts in stale.items()
    ]
    if lecture_formats:
        tasks.append(
            RenderTask(TITLE_CARD, tuple(lecture_formats), quality, course_text, course_source,
                       course.slug, str(run_dir / TITLE_CARD), verbose, publish=False, cache_dir=cache)
        )
    return Plan(tasks=tasks, keys=keys, fresh=fresh, lecture_formats=lecture_formats)


def _assemble(course: Course, plan: Plan, folder: Path, run_dir: Path, quality: str) -> list[dict[str, Any]]:
    """Assemble the lecture in each video format from the published scene renders."""
    from scenes.assemble import LecturePart, assemble_lecture

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
                    settings={**output_settings(course, fmt, quality), "assembled_from": list(course.scenes.lecture)},
                    key=key,
                    extra_files=[sections_name("lecture", fmt)],
                )
            )
            | {"data_hash": scene_data}
        )
    return produced


def render_course(
    course: Course,
    course_text: str,
    course_source: str,
    scene_ids: list[str],
    formats: list[str],
    quality: str,
    out_dir: Path,
    jobs: int = 1,
    verbose: bool = False,
    force: bool = False,
    on_done: Callable[[str, list[dict[str, Any]]], None] | None = None,
    on_start: Callable[[str], None] | None = None,
) -> list[dict[str, Any]]:
    """Render ``scene_ids`` of ``course``; return the manifest entries of everything requested."""
    folder = out_dir / course.slug
    root = work_root(out_dir)
    threads = 1 if jobs > 1 else 0
    root.mkdir(parents=True, exist_ok=True)
    clean_stale(root)
    run_dir = root / f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
    run_dir.mkdir(parents=True)
    try:
        plan = plan_tasks(
            course, course_text, course_source, scene_ids, formats, quality, folder, run_dir, verbose, force
        )
        plan.tasks = [dataclasses.replace(t, encoder_threads=threads) for t in plan.tasks]
        for entry in plan.fresh:
            if on_done:
                on_done(entry["scene"], [entry])
        results: list[dict[str, Any]] = list(plan.fresh)

        def publish_outputs(work: Path, produced: list[dict[str, Any]]) -> None:
            with output_lock(root, folder):
                for entry in produced:
                    for name in [entry["file"], *entry["extra_files"]]:
                        publish(work / name, folder / name)
                write_manifest(folder, course, produced, run_dir)
            results.extend(produced)

        def finish(task: RenderTask, produced: list[dict[str, Any]]) -> None:
            if not task.publish:
                return
            for entry in produced:
                entry["key"], entry["data_hash"] = plan.keys[(entry["scene"], entry["format"])]
            publish_outputs(Path(task.work_dir), produced)
            if on_done:
                on_done(task.scene_id, produced)

        if jobs <= 1 or len(plan.tasks) <= 1:
            for task in plan.tasks:
                if on_start and task.publish:
                    on_start(task.scene_id)
                finish(task, _guarded(task))
        else:
            _render_parallel(plan.tasks, jobs, finish, on_start)
        if plan.lecture_formats:
            if on_start:
                on_start("lecture")
            lecture = _assemble(course, plan, folder, run_dir, quality)
            publish_outputs(run_dir / "lecture", lecture)
            if on_done:
                on_done("lecture", lecture)
        return results
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)


def _guarded(task: RenderTask) -> list[dict[str, Any]]:
    try:
        return render_task(task)
    except (KeyboardInterrupt, RenderError):
        raise
    except Exception as error:
        raise RenderError(f"{task.scene_id}: {type(error).__name__}: {error}") from error


def _render_parallel(
    tasks: list[RenderTask],
    jobs: int,
    finish: Callable[[RenderTask, list[dict[str, Any]]], None],
    on_start: Callable[[str], None] | None,
) -> None:
    context = get_context("forkserver")
    # Workers fork from a server that has imported manim and every scene once.
    context.set_forkserver_preload(["manim", "scenes.base"])
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        pending: dict[Future[list[dict[str, Any]]], RenderTask] = {}
        for task in tasks:
            if on_start:
                on_start(task.scene_id)
            pending[pool.submit(_guarded, task)] = task
        try:
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    task = pending.pop(future)
                    finish(task, future.result())
        except BaseException:
            for future in pending:
                future.cancel()
            raise
