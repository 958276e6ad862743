"""Planning a render: which scenes to render in which formats, and which outputs are up to date.

An output is up to date when its manifest entry has the same key (code, course file, data, scene,
format, settings) and its files are in the output folder as recorded: real files and folders there,
never links to somewhere else. A lecture asked for in a video format is assembled from its scenes'
renders, so it brings in its scenes in that format.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scenes.assemble import sections_ok
from scenes.course import Course
from scenes.outputs import data_hash, output_key, read_manifest
from scenes.progress import expected_frames
from scenes.registry import TITLE_CARD
from scenes.worker import VIDEO_FORMATS, RenderTask

__all__ = ["Plan", "plan_tasks"]


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
    expected
        Scene → frames its task is expected to draw (from the last render, else typical figures).
    """

    tasks: list[RenderTask]
    keys: dict[tuple[str, str], tuple[str, str]]
    fresh: list[dict[str, Any]]
    lecture_formats: list[str]
    expected: dict[str, int | None] = field(default_factory=dict)


def _real(path: Path, kind: int) -> os.stat_result | None:
    """``path``'s own status if it is of ``kind`` (``stat.S_IFREG``/``S_IFDIR``) and not a link."""
    try:
        status = os.lstat(path)
    except OSError:
        return None
    return status if stat.S_IFMT(status.st_mode) == kind else None


def _up_to_date(folder: Path, old: dict[str, Any] | None, key: str) -> bool:
    """Whether the manifest entry ``old`` has ``key`` and its files are in ``folder`` as recorded:
    real files and folders there, not links to somewhere else, sections that stay inside."""
    if old is None or old.get("key") != key:
        return False
    status = _real(folder / str(old["file"]), stat.S_IFREG)
    return (
        status is not None
        and status.st_size == old.get("bytes")
        and all(_extra_ok(folder / extra) for extra in old.get("extra_files", []))
    )


def _extra_ok(path: Path) -> bool:
    """A file beside an output is a real file; a sections folder is a real folder whose index
    names only its own videos (the lecture copies them)."""
    if _real(path, stat.S_IFREG):
        return True
    return _real(path, stat.S_IFDIR) is not None and (not path.name.endswith("sections") or sections_ok(path))


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
    expected = {t.scene_id: expected_frames(known, course, t.scene_id, t.formats, quality) for t in tasks}
    return Plan(tasks=tasks, keys=keys, fresh=fresh, lecture_formats=lecture_formats, expected=expected)
