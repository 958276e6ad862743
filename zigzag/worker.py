"""The worker side of rendering: one scene, in its formats, into a private work folder.

A :class:`RenderTask` carries everything a worker process needs (the course's text, the formats, its
folder). Videos come from manim with sections; GIFs from frames taken losslessly from the renderer.
Finished TeX and text SVGs are shared between workers through :mod:`zigzag.svg_cache`. The frames
and animations drawn are counted into the work folder for the command's progress display.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scenes.course import Course
from scenes.layout import GIF_DRAWN_WIDTH
from zigzag.outputs import QUALITIES, gif_size, manim_settings, output_settings, video_size
from zigzag.progress import FrameCounter
from zigzag.svg_cache import CACHED_FOLDERS, seed_from_cache, store_in_cache

if TYPE_CHECKING:  # workers import manim only when they render
    from manim import Scene

__all__ = [
    "CACHED_FOLDERS",
    "ENCODER_OPTIONS",
    "QUALITIES",
    "VIDEO_FORMATS",
    "Produced",
    "RenderError",
    "RenderTask",
    "caption_files",
    "caption_video",
    "capture_frames",
    "render_task",
    "run_task",
    "sections_name",
    "seed_from_cache",
    "store_in_cache",
    "video_duration",
]

VIDEO_FORMATS = ("mp4", "webm")
# x264's "superfast" preset tuned for flat animation keeps 1080p60 renders well under real time.
ENCODER_OPTIONS: dict[str, dict[str, str]] = {"mp4": {"preset": "superfast", "tune": "animation"}}


class RenderError(RuntimeError):
    """A scene failed to render."""

    exit_code = 1


class MomentError(RenderError):
    """``--at`` names no moment of the scene: bad input (exit code 2)."""

    exit_code = 2


@dataclass(frozen=True, slots=True)
class RenderTask:
    """One scene to render in the formats listed; everything a worker process needs."""

    scene_id: str
    formats: tuple[str, ...]
    quality: str
    course: Course  # as checked, with its translations and logo: the worker reads no course file
    work_dir: str
    verbose: bool = False
    publish: bool = True
    cache_dir: str = ""
    encoder_threads: int = 0
    aspect: str = "16:9"
    at: str | None = None
    captions: bool = True


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


def _manim_config(task: RenderTask, media: Path, fmt: str) -> dict[str, Any]:
    values: dict[str, Any] = {
        **manim_settings(media, video_size(task.quality, task.aspect), fmt, task.verbose),
        "save_sections": fmt in VIDEO_FORMATS,
        "output_file": task.scene_id,
        "video_encoder_options": _encoder_options(fmt, task.encoder_threads),
        "max_inflight_encoders": 2,
    }
    return values


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


def video_duration(path: Path) -> float:
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        if stream.duration is not None and stream.time_base is not None:
            return float(stream.duration * stream.time_base)
        return float(container.duration or 0) / 1_000_000


def _watch(counter: FrameCounter | None, scene: Any, fmt: str) -> contextlib.AbstractContextManager[None]:
    return counter.watching(scene, fmt) if counter is not None else contextlib.nullcontext()


def _render_video(task: RenderTask, course: Course, fmt: str, out: Path, counter: FrameCounter | None) -> Produced:
    from manim import tempconfig

    from scenes.registry import scene_class

    media = out / f"media-{fmt}"
    started = time.perf_counter()
    if task.cache_dir:
        seed_from_cache(Path(task.cache_dir), media)
    with tempconfig(_manim_config(task, media, fmt)):
        scene = scene_class(task.scene_id).for_course(course)()  # type: ignore[attr-defined]
        with _watch(counter, scene, fmt):
            scene.render()
    if task.cache_dir:
        store_in_cache(media, Path(task.cache_dir))
    seconds = time.perf_counter() - started
    produced = _find(media, f"{task.scene_id}.{fmt}")
    duration = video_duration(produced)
    final = out / f"{task.scene_id}.{fmt}"
    os.replace(produced, final)
    extra: list[str] = []
    timings: dict[str, float] = {}
    sections = produced.parent / "sections"
    if fmt in VIDEO_FORMATS and sections.is_dir():
        add_section_words(sections, scene)
        target = out / sections_name(task.scene_id, fmt)
        shutil.move(str(sections), target)
        extra.append(target.name)
        if course.render.captions:
            captioning = time.perf_counter()
            extra += caption_video(final, target, task.scene_id, course, scene_title(scene))
            timings["captions_seconds"] = round(time.perf_counter() - captioning, 3)
        else:
            tag_video(final, course)
    shutil.rmtree(media, ignore_errors=True)
    return Produced(
        scene=task.scene_id,
        format=fmt,
        file=final.name,
        bytes=final.stat().st_size,
        duration=round(duration, 3),
        render_seconds=round(seconds, 3),
        settings={**output_settings(course, fmt, task.quality), **timings},
        key="",
        extra_files=extra,
    )


def add_section_words(sections: Path, scene: Any) -> None:
    """Write what the scene kept of each section — speaker notes, captions, heading, formulas — into
    the index manim wrote for the sections folder."""
    kept = {"notes": "section_notes", "cue": "section_cues", "heading": "section_headings",
            "formulas": "section_formulas"}
    for index in sections.glob("*.json"):
        entries = json.loads(index.read_text(encoding="utf-8"))
        for entry in entries:
            for key, attribute in kept.items():
                entry[key] = getattr(scene, attribute, {}).get(entry.get("name"), [] if key == "formulas" else "")
        index.write_text(json.dumps(entries, indent=4, ensure_ascii=False), encoding="utf-8")


def scene_title(scene: Any) -> str:
    """The title a scene showed (its id when it showed none)."""
    return str(getattr(scene, "shown_title", "") or scene.scene_id)


def caption_files(scene_id: str) -> list[str]:
    """The captions and transcripts written beside a video."""
    return [f"{scene_id}.{suffix}" for suffix in ("vtt", "srt", "transcript.md", "transcript.html")]


def caption_video(video: Path, sections: Path, scene_id: str, course: Course, title: str) -> list[str]:
    """Lay out ``video``'s captions from its ``sections`` index, write the tracks and transcripts
    beside it (once: a second format of the same scene reuses them) and mux the track into it.
    Returns the files it wrote."""
    from zigzag.assemble import read_sections
    from zigzag.captions import (
        lay_out,
        mux_track,
        sections_from_index,
        srt_text,
        transcript_html,
        transcript_markdown,
        vtt_text,
    )

    out = video.parent
    vtt, srt, markdown, page = (out / name for name in caption_files(scene_id))
    written: list[str] = []
    parts = sections_from_index(read_sections(sections))
    cues = lay_out(parts)
    if not vtt.exists():
        language = course.language
        words = {"formulas": course.words("common", "transcript_formulas"),
                 "captions": course.words("common", "transcript_captions"),
                 "identity": " · ".join(course.identity().values())}
        vtt.write_text(vtt_text(cues, language), encoding="utf-8")
        srt.write_text(srt_text(cues), encoding="utf-8")
        markdown.write_text(transcript_markdown(title, parts, cues, words), encoding="utf-8")
        page.write_text(transcript_html(title, parts, cues, words, language), encoding="utf-8")
        written = [p.name for p in (vtt, srt, markdown, page)]
    track = (srt if video.suffix == ".mp4" else vtt) if cues else None  # a silent scene has no track
    mux_track(video, track, course.language, video_metadata(course))
    return written


def video_metadata(course: Course) -> dict[str, str]:
    """Container tags of a course's videos: its licence, lecturer and institution, where given."""
    who = course.identity()
    tags = {"license": who.get("licence", ""), "copyright": who.get("licence", ""),
            "artist": who.get("lecturer", ""), "publisher": who.get("institution", "")}
    return {key: value for key, value in tags.items() if value}


def tag_video(video: Path, course: Course) -> None:
    """Write the course's :func:`video_metadata` into ``video`` (captions off: nothing else muxes)."""
    from zigzag.captions import mux_track

    mux_track(video, None, course.language, video_metadata(course))


def still_name(scene_id: str, fmt: str, at: str | None) -> str:
    """File of a still: ``<scene>.png``, ``<scene>.<moment>.png`` with ``--at``, ``<scene>.sheet.png``."""
    from zigzag.stills import at_name, parse_at

    if fmt == "sheet":
        return f"{scene_id}.sheet.png"
    moment = at_name(parse_at(at))
    return f"{scene_id}.{moment}.png" if moment else f"{scene_id}.png"


def _render_still(task: RenderTask, course: Course, fmt: str, out: Path) -> Produced:
    """A PNG of one moment (``task.at``), or the contact sheet of the scene's sections, drawn from
    a walk of the scene: no frame before the moment is drawn."""
    from scenes.registry import scene_class
    from zigzag.stills import contact_sheet, parse_at, png_bytes, section_stills, still_at

    started = time.perf_counter()
    media = out / f"media-{fmt}"
    if task.cache_dir:
        seed_from_cache(Path(task.cache_dir), media)
    values = {**manim_settings(media, video_size(task.quality, task.aspect), "none", task.verbose)}
    shown = scene_class(task.scene_id).for_course(course)  # type: ignore[attr-defined]
    extra: dict[str, Any] = {}
    if fmt == "sheet":
        stills = section_stills(shown, values)
        data = contact_sheet(stills, course.theme.background, course.theme.foreground)
        extra["sections"] = [f"{s.section} {s.seconds:.3f}" for s in stills]
        duration = 0.0
    else:
        try:
            still = still_at(shown, values, parse_at(task.at))
        except KeyError as error:
            raise MomentError(f"--at {task.at!r}: {task.scene_id} has {error.args[0]}; or give a time in seconds") from None
        data = png_bytes(still.pixels)
        extra = {"seconds": round(still.seconds, 3), "section": still.section}
        duration = 0.0
    if task.cache_dir:
        store_in_cache(media, Path(task.cache_dir))
    shutil.rmtree(media, ignore_errors=True)
    final = out / still_name(task.scene_id, fmt, task.at)
    final.write_bytes(data)
    return Produced(
        scene=task.scene_id, format=fmt, file=final.name, bytes=len(data), duration=duration,
        render_seconds=round(time.perf_counter() - started, 3),
        settings={**output_settings(course, fmt, task.quality, task.at), **extra}, key="",
    )


def capture_frames(
    scene: type[Scene], size: tuple[int, int] | tuple[int, int, str], media: Path, verbose: bool = False,
    cache: Path | None = None, *, counter: FrameCounter | None = None,
) -> list[Any]:
    """Render ``scene`` (a GIF cut bound to its course) at ``size`` = (fps, width[, aspect]); its
    RGB frames (16:9 unless an aspect is given).

    Frames are taken from the renderer as it draws them: lossless, with no video in between.
    """
    import numpy as np
    from manim import tempconfig

    fps, width = size[0], size[1]
    width, height = gif_size(width, str(size[2]) if len(size) > 2 else "16:9")
    frames: list[Any] = []
    if cache is not None:
        seed_from_cache(cache, media)
    values = manim_settings(media, (width, height, fps), "none", verbose)
    with tempconfig(values):
        shown = scene()
        original = shown.renderer.add_frame

        def keep(frame: Any, num_frames: int = 1) -> None:
            rgb = np.ascontiguousarray(frame[..., :3])
            frames.extend([rgb] * num_frames)
            original(frame, num_frames)

        shown.renderer.add_frame = keep  # type: ignore[method-assign]
        with _watch(counter, shown, "gif"):
            shown.render()
    if cache is not None:
        store_in_cache(media, cache)
    return frames


def _render_gif(task: RenderTask, course: Course, out: Path, counter: FrameCounter | None) -> list[Produced]:
    from scenes.registry import alt_text
    from zigzag.gif import fit_gif

    r = course.render
    started = time.perf_counter()
    from scenes.registry import scene_class

    # Drawn at least GIF_DRAWN_WIDTH wide (where every layout fits), then scaled to gif_width.
    frames = capture_frames(
        scene_class(task.scene_id, for_gif=True).for_course(course),  # type: ignore[attr-defined]
        (r.gif_fps, max(r.gif_width, GIF_DRAWN_WIDTH), r.aspect), out / "media-gif", task.verbose,
        Path(task.cache_dir) if task.cache_dir else None, counter=counter,
    )
    result = fit_gif(frames, r.gif_fps, r.gif_width, r.gif_max_bytes)
    final = out / f"{task.scene_id}.gif"
    final.write_bytes(result.data)
    alt = out / f"{task.scene_id}.alt.txt"
    words = alt_text(task.scene_id, course.to_problem(), course.words, course.locale)
    if course.render.captions:  # short: the whole story is in the transcript written with the video
        words += " " + course.words("alt", "transcript", file=caption_files(task.scene_id)[3])
    alt.write_text(words + "\n", encoding="utf-8")
    seconds = time.perf_counter() - started
    shutil.rmtree(out / "media-gif", ignore_errors=True)
    settings = {
        **output_settings(course, "gif", task.quality),
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
    course = task.course.with_aspect(task.aspect)
    if course.render.captions != task.captions:
        course = course.with_render(captions=task.captions)
    out = Path(task.work_dir)
    out.mkdir(parents=True, exist_ok=True)
    counter = FrameCounter(out)
    produced: list[Produced] = []
    for fmt in task.formats:
        if fmt == "gif":
            produced.extend(_render_gif(task, course, out, counter))
        elif fmt in ("png", "sheet"):
            produced.append(_render_still(task, course, fmt, out))
        else:
            produced.append(_render_video(task, course, fmt, out, counter))
    return [asdict(p) for p in produced]


def run_task(task: RenderTask) -> list[dict[str, Any]]:
    """:func:`render_task`, with any failure but an interrupt turned into a :class:`RenderError`
    that names the scene (what the command prints in one line)."""
    try:
        return render_task(task)
    except (KeyboardInterrupt, RenderError):
        raise
    except Exception as error:
        raise RenderError(f"{task.scene_id}: {type(error).__name__}: {error}") from error
