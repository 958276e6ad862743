"""Rendering a course: scenes to MP4, WebM, PNG and GIF under ``<out>/<slug>/``, with a manifest.

Every file is made in a private work folder and moved into place only when complete, so an
interrupted render leaves nothing half-written under the output folder. Each scene renders with its
own manim media folder (its own TeX folder too), in-process or in ``-j N`` worker processes. An output
whose course file, code and data are unchanged is not rendered again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import importlib.metadata
import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from scenes.course import Course, parse_course, set_active_course
from scenes.registry import SCENES, TITLE_CARD

__all__ = [
    "QUALITIES",
    "Produced",
    "RenderError",
    "RenderTask",
    "code_version",
    "data_hash",
    "output_key",
    "plan_tasks",
    "render_course",
    "render_task",
]

QUALITIES: dict[str, tuple[int, int, int]] = {
    "l": (854, 480, 15),
    "m": (1280, 720, 30),
    "h": (1920, 1080, 60),
    "k": (3840, 2160, 60),
}
MANIFEST = "manifest.json"
VIDEO_FORMATS = ("mp4", "webm")
# x264's "superfast" preset tuned for flat animation keeps 1080p60 renders near real time.
ENCODER_OPTIONS: dict[str, dict[str, str]] = {"mp4": {"preset": "superfast", "tune": "animation"}}
PACKAGE_ROOT = Path(__file__).resolve().parent.parent


class RenderError(RuntimeError):
    """A scene failed to render."""


@dataclass(frozen=True, slots=True)
class RenderTask:
    """One scene to render in the formats listed; everything a worker process needs."""

    scene_id: str
    formats: tuple[str, ...]
    quality: str
    course_text: str
    course_source: str
    slug: str
    work_dir: str
    verbose: bool = False
    publish: bool = True
    cache_dir: str = ""
    encoder_threads: int = 0


@dataclass(frozen=True, slots=True)
class Produced:
    """One finished output file, as recorded in the manifest."""

    scene: str
    format: str
    file: str
    bytes: int
    duration: float
    render_seconds: float
    settings: dict[str, Any]
    key: str
    notes: list[str] = field(default_factory=list)
    extra_files: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------- hashes


@lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of zigzag's own source and text files: a change to any of them renders again."""
    digest = hashlib.sha256()
    for package in ("scenes", "zz_math"):
        for path in sorted((PACKAGE_ROOT / package).rglob("*")):
            if path.suffix in (".py", ".toml") and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(PACKAGE_ROOT)).encode())
                digest.update(path.read_bytes())
    digest.update(importlib.metadata.version("manim").encode())
    return digest.hexdigest()


def data_hash(scene_id: str, course: Course) -> str:
    """Hash of the numbers ``scene_id`` shows."""
    from zz_math.story import scene_data_json

    payload = json.dumps(scene_data_json(scene_id, course.to_problem()), sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def _settings(course: Course, fmt: str, quality: str) -> dict[str, Any]:
    width, height, fps = QUALITIES[quality]
    if fmt == "gif":
        r = course.render
        return {"fps": r.gif_fps, "width": r.gif_width, "max_bytes": r.gif_max_bytes}
    return {"quality": quality, "width": width, "height": height, "fps": fps}


def output_key(course: Course, scene_id: str, fmt: str, quality: str, scene_data: str) -> str:
    """Identity of one output: code, course file, data, scene, format and settings."""
    parts = [
        code_version(),
        course.source_hash,
        scene_data,
        scene_id,
        fmt,
        json.dumps(_settings(course, fmt, quality), sort_keys=True),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


# ---------------------------------------------------------------------------- worker side


def _manim_config(task: RenderTask, media: Path, fmt: str) -> dict[str, Any]:
    width, height, fps = QUALITIES[task.quality]
    values: dict[str, Any] = {
        "media_dir": str(media),
        "tex_dir": str(media / "Tex"),
        "text_dir": str(media / "texts"),
        "pixel_width": width,
        "pixel_height": height,
        "frame_rate": fps,
        "disable_caching": True,
        "verbosity": "INFO" if task.verbose else "ERROR",
        "progress_bar": "display" if task.verbose else "none",
        "format": fmt,
        "save_sections": fmt in VIDEO_FORMATS,
        "output_file": task.scene_id,
        "video_encoder_options": _encoder_options(fmt, task.encoder_threads),
        "max_inflight_encoders": 2,
    }
    return values


CACHED_FOLDERS = ("Tex", "texts")


def _copy_svgs(source_root: Path, target_root: Path, *, link: bool) -> None:
    """Copy the SVGs of each cached folder that the target lacks (hard links when ``link``, else
    a temporary file renamed into place, so readers never see half a file)."""
    for name in CACHED_FOLDERS:
        source = source_root / name
        if not source.is_dir():
            continue
        target = target_root / name
        target.mkdir(parents=True, exist_ok=True)
        for svg in source.glob("*.svg"):
            destination = target / svg.name
            if destination.exists():
                continue
            if link:
                with contextlib.suppress(OSError):
                    os.link(svg, destination)
                    continue
            staged = target / f".{svg.name}.{os.getpid()}.tmp"
            shutil.copyfile(svg, staged)
            os.replace(staged, destination)


def seed_from_cache(cache: Path, media: Path) -> None:
    """Link the shared cache's finished SVGs (TeX formulas, Pango texts) into a private media folder.

    manim uses an SVG that already exists instead of compiling again; each render still compiles
    into its own folder, so parallel renders never touch each other's TeX files.
    """
    _copy_svgs(cache, media, link=True)


def store_in_cache(media: Path, cache: Path) -> None:
    """Add the SVGs a render made to the shared cache, each file atomically."""
    _copy_svgs(media, cache, link=False)


def _encoder_options(fmt: str, threads: int) -> dict[str, str]:
    """Encoder settings; with several workers each encoder keeps to one thread (no oversubscription)."""
    options = dict(ENCODER_OPTIONS.get(fmt, {}))
    if threads:
        options["threads"] = str(threads)
    return options


def sections_name(scene_id: str, fmt: str) -> str:
    """Folder of a video's sections: ``<scene>.sections`` for MP4, ``<scene>.<fmt>-sections`` else."""
    return f"{scene_id}.sections" if fmt == "mp4" else f"{scene_id}.{fmt}-sections"


def _find(media: Path, pattern: str) -> Path:
    found = [p for p in media.rglob(pattern) if "partial_movie_files" not in p.parts]
    if not found:
        raise RenderError(f"manim wrote no {pattern} under {media}")
    return max(found, key=lambda p: p.stat().st_mtime)


def _video_duration(path: Path) -> float:
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        if stream.duration is not None and stream.time_base is not None:
            return float(stream.duration * stream.time_base)
        return float(container.duration or 0) / 1_000_000


def _render_video(task: RenderTask, course: Course, fmt: str, out: Path) -> Produced:
    from manim import tempconfig

    from scenes.registry import scene_class

    media = out / f"media-{fmt}"
    started = time.perf_counter()
    if task.cache_dir:
        seed_from_cache(Path(task.cache_dir), media)
    with tempconfig(_manim_config(task, media, fmt)):
        scene = scene_class(task.scene_id)()
        scene.render()
    if task.cache_dir:
        store_in_cache(media, Path(task.cache_dir))
    seconds = time.perf_counter() - started
    if fmt == "png":
        produced = _find(media, "*.png")
        duration = 0.0
    else:
        produced = _find(media, f"{task.scene_id}.{fmt}")
        duration = _video_duration(produced)
    final = out / f"{task.scene_id}.{fmt}"
    os.replace(produced, final)
    extra: list[str] = []
    sections = produced.parent / "sections"
    if fmt in VIDEO_FORMATS and sections.is_dir():
        target = out / sections_name(task.scene_id, fmt)
        shutil.move(str(sections), target)
        extra.append(target.name)
    shutil.rmtree(media, ignore_errors=True)
    return Produced(
        scene=task.scene_id,
        format=fmt,
        file=final.name,
        bytes=final.stat().st_size,
        duration=round(duration, 3),
        render_seconds=round(seconds, 3),
        settings=_settings(course, fmt, task.quality),
        key="",
        extra_files=extra,
    )


def capture_frames(
    scene_id: str, fps: int, width: int, media: Path, verbose: bool = False, cache: Path | None = None
) -> list[Any]:
    """Render the GIF cut of ``scene_id`` at ``fps`` and ``width`` and return its RGB frames.

    Frames are taken from the renderer as it draws them: lossless, with no video in between.
    """
    import numpy as np
    from manim import tempconfig

    from scenes.registry import scene_class

    height = round(width * 9 / 16 / 2) * 2
    frames: list[Any] = []
    if cache is not None:
        seed_from_cache(cache, media)
    values = {
        "media_dir": str(media),
        "tex_dir": str(media / "Tex"),
        "text_dir": str(media / "texts"),
        "pixel_width": width,
        "pixel_height": height,
        "frame_rate": fps,
        "disable_caching": True,
        "verbosity": "INFO" if verbose else "ERROR",
        "progress_bar": "none",
        "format": "none",
    }
    with tempconfig(values):
        scene = scene_class(scene_id, for_gif=True)()
        original = scene.renderer.add_frame

        def keep(frame: Any, num_frames: int = 1) -> None:
            rgb = np.ascontiguousarray(frame[..., :3])
            frames.extend([rgb] * num_frames)
            original(frame, num_frames)

        scene.renderer.add_frame = keep  # type: ignore[method-assign]
        scene.render()
    if cache is not None:
        store_in_cache(media, cache)
    return frames


def _render_gif(task: RenderTask, course: Course, out: Path) -> list[Produced]:
    from scenes.alt_text import alt_text
    from scenes.gif import fit_gif

    r = course.render
    started = time.perf_counter()
    frames = capture_frames(
        task.scene_id, r.gif_fps, r.gif_width, out / "media-gif", task.verbose,
        Path(task.cache_dir) if task.cache_dir else None,
    )
    result = fit_gif(frames, r.gif_fps, r.gif_width, r.gif_max_bytes)
    final = out / f"{task.scene_id}.gif"
    final.write_bytes(result.data)
    alt = out / f"{task.scene_id}.alt.txt"
    alt.write_text(alt_text(task.scene_id, course) + "\n", encoding="utf-8")
    seconds = time.perf_counter() - started
    shutil.rmtree(out / "media-gif", ignore_errors=True)
    settings = {
        **_settings(course, "gif", task.quality),
        "final_fps": result.fps,
        "final_width": result.width,
        "colours": result.colours,
        "frames": result.frames,
    }
    return [
        Produced(
            scene=task.scene_id,
            format="gif",
            file=final.name,
            bytes=len(result.data),
            duration=round(result.duration, 3),
            render_seconds=round(seconds, 3),
            settings=settings,
            key="",
            notes=list(result.changes),
            extra_files=[alt.name],
        )
    ]


def render_task(task: RenderTask) -> list[dict[str, Any]]:
    """Render one scene in every requested format into ``task.work_dir`` (worker entry point)."""
    if not task.verbose:
        logging.getLogger("manim").setLevel(logging.ERROR)
    course = parse_course(task.course_text, source=task.course_source, slug=task.slug)
    set_active_course(course)
    out = Path(task.work_dir)
    out.mkdir(parents=True, exist_ok=True)
    produced: list[Produced] = []
    for fmt in task.formats:
        if fmt == "gif":
            produced.extend(_render_gif(task, course, out))
        else:
            produced.append(_render_video(task, course, fmt, out))
    return [asdict(p) for p in produced]


# ---------------------------------------------------------------------------- parent side


def work_root(out_dir: Path) -> Path:
    """Where work folders go: ``$ZIGZAG_WORK_DIR`` or ``.zigzag-work`` beside the output folder."""
    configured = os.environ.get("ZIGZAG_WORK_DIR")
    return Path(configured) if configured else out_dir.resolve().parent / ".zigzag-work"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(root: Path) -> None:
    """Remove work folders of processes that no longer run (a killed render)."""
    if not root.is_dir():
        return
    for entry in root.iterdir():
        pid_text = entry.name.split("-", 1)[0]
        if entry.is_dir() and pid_text.isdigit() and not _pid_alive(int(pid_text)):
            shutil.rmtree(entry, ignore_errors=True)


@contextlib.contextmanager
def output_lock(root: Path, target: Path) -> Iterator[None]:
    """Hold an exclusive lock for ``target`` (an output folder) while publishing into it."""
    locks = root / "locks"
    locks.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha256(str(target.resolve()).encode()).hexdigest()[:16]
    with (locks / f"{name}.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _publish(source: Path, destination: Path) -> None:
    """Move ``source`` to ``destination`` atomically (a folder replaces the old folder whole)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    same_device = os.stat(source).st_dev == os.stat(destination.parent).st_dev
    staged = source
    if not same_device:
        staged = destination.parent / f".{destination.name}.partial-{os.getpid()}"
        if source.is_dir():
            shutil.copytree(source, staged)
        else:
            shutil.copyfile(source, staged)
    if staged.is_dir():
        old = destination.parent / f".{destination.name}.old-{os.getpid()}"
        if destination.exists():
            os.replace(destination, old)
        os.replace(staged, destination)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staged, destination)


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of an output folder (empty when there is none or it is unreadable)."""
    path = folder / MANIFEST
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_manifest(folder: Path, course: Course, outputs: list[dict[str, Any]], work: Path) -> None:
    """Merge ``outputs`` into the folder's manifest and write it atomically."""
    from scenes import __version__ as zigzag_version

    manim_version = importlib.metadata.version("manim")

    manifest = read_manifest(folder)
    entries = {(o["scene"], o["format"]): o for o in manifest.get("outputs", []) if isinstance(o, dict)}
    for output in outputs:
        entries[(output["scene"], output["format"])] = output
    manifest = {
        "course": {
            "slug": course.slug,
            "name": course.course.name,
            "language": course.language,
            "course_hash": course.source_hash,
        },
        "zigzag_version": zigzag_version,
        "manim_version": manim_version,
        "code_hash": code_version(),
        "outputs": sorted(entries.values(), key=lambda o: (o["scene"], o["format"])),
    }
    staged = work / MANIFEST
    staged.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    _publish(staged, folder / MANIFEST)


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
                    duration=round(_video_duration(video), 3),
                    render_seconds=round(time.perf_counter() - started, 3),
                    settings={**_settings(course, fmt, quality), "assembled_from": list(course.scenes.lecture)},
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

        def publish(work: Path, produced: list[dict[str, Any]]) -> None:
            with output_lock(root, folder):
                for entry in produced:
                    for name in [entry["file"], *entry["extra_files"]]:
                        _publish(work / name, folder / name)
                write_manifest(folder, course, produced, run_dir)
            results.extend(produced)

        def finish(task: RenderTask, produced: list[dict[str, Any]]) -> None:
            if not task.publish:
                return
            for entry in produced:
                entry["key"], entry["data_hash"] = plan.keys[(entry["scene"], entry["format"])]
            publish(Path(task.work_dir), produced)
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
            publish(run_dir / "lecture", lecture)
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
    context.set_forkserver_preload(["manim", *(f"scenes.{e.module}" for e in SCENES.values())])
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
