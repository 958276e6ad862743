"""Planning a render: which scenes to render in which formats, and which outputs are up to date.

An output is up to date when its manifest entry has the same key (code, course file, data, scene,
format, settings) and its files are in the output folder as recorded: real files and folders there,
never links to somewhere else. A lecture asked for in a video format is assembled from its scenes'
renders, so it brings in its scenes in that format; a slides deck is built from the MP4 sections of
the title card and the scenes asked for (the whole lecture with ``--all``), so it brings them in.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scenes.registry import TITLE_CARD
from zigzag.assemble import sections_ok
from zigzag.deck import DECK_FOLDER
from zigzag.outputs import data_hash, output_key, read_manifest
from zigzag.progress import expected_frames
from zigzag.request import RenderRequest
from zigzag.worker import VIDEO_FORMATS, RenderTask

__all__ = ["Plan", "plan_tasks"]


# Frames a second a scene with no render yet is guessed to draw (only to order the tasks).
GUESSED_FRAMES_PER_SECOND = 30

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
    seconds
        Scene → seconds its task is expected to take, to deal the tasks longest first (to workers
        and to shards): the last render's of the formats asked for, else a guess from ``expected``.
    deck
        Scenes of the slides deck to build after the renders, in the lecture's order (the title
        card first); empty when no deck is to be built.
    """

    tasks: list[RenderTask]
    keys: dict[tuple[str, str], tuple[str, str]]
    fresh: list[dict[str, Any]]
    lecture_formats: list[str]
    expected: dict[str, int | None] = field(default_factory=dict)
    deck: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


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
    if old.get("format") == "slides":  # a deck is a folder
        return _real(folder / DECK_FOLDER, stat.S_IFDIR) is not None and _real(
            folder / DECK_FOLDER / "index.html", stat.S_IFREG) is not None
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


def _wanted(request: RenderRequest) -> dict[str, list[str]]:
    """Formats asked for per scene, in order, without repeats."""
    wanted: dict[str, list[str]] = {}
    for scene_id in request.scene_ids:
        wanted.setdefault(scene_id, [])
        wanted[scene_id] += [f for f in request.formats if f not in wanted[scene_id]]
    return wanted


class _Checker:
    """Computes each output's key and remembers which outputs are up to date."""

    def __init__(self, request: RenderRequest, known: dict[Any, dict[str, Any]]) -> None:
        self.request, self.known = request, known
        self.keys: dict[tuple[str, str], tuple[str, str]] = {}
        self.fresh: list[dict[str, Any]] = []
        self.data_hashes: dict[str, str] = {}

    def stale(self, scene_id: str, fmt: str, scene_data: str | None = None) -> bool:
        """True when ``(scene_id, fmt)`` must be rendered (``scene_data``: the hash of its numbers,
        computed here when not given)."""
        course = self.request.course
        if scene_data is None:
            if scene_id not in self.data_hashes:  # one JSON dump of the scene's numbers, whatever the formats
                self.data_hashes[scene_id] = data_hash(scene_id, course)
            scene_data = self.data_hashes[scene_id]
        key = output_key(course, scene_id, fmt, self.request.quality, scene_data, self.request.at)
        self.keys[(scene_id, fmt)] = (key, scene_data)
        old = self.known.get((scene_id, fmt))
        if not self.request.force and _up_to_date(self.request.folder, old, key):
            assert old is not None
            self.fresh.append(old)
            return False
        return True


def _bring_in_lecture_parts(
    request: RenderRequest, wanted: dict[str, list[str]], checker: _Checker
) -> tuple[list[str], dict[str, list[str]]]:
    """Video formats the lecture is assembled in (its parts join ``wanted``), and other stale ones."""
    lecture_formats: list[str] = []
    stale: dict[str, list[str]] = {}
    for fmt in wanted.pop("lecture", []):
        if not checker.stale("lecture", fmt):
            continue
        if fmt not in VIDEO_FORMATS:
            stale.setdefault("lecture", []).append(fmt)
            continue
        lecture_formats.append(fmt)
        for part in request.course.scenes.lecture:
            wanted.setdefault(part, [])
            if fmt not in wanted[part]:
                wanted[part].append(fmt)
    return lecture_formats, stale


def deck_scenes(request: RenderRequest) -> list[str]:
    """The scenes a deck shows: those asked for (the lecture's with ``lecture``), in the lecture's
    order, then any others in the order asked."""
    lecture = list(request.course.scenes.lecture)
    asked = [s for s in request.scene_ids if s != "lecture"]
    if "lecture" in request.scene_ids:
        asked = lecture + [s for s in asked if s not in lecture]
    ordered = [s for s in lecture if s in asked]
    return ordered + [s for s in dict.fromkeys(asked) if s not in ordered]


def _bring_in_deck_parts(request: RenderRequest, wanted: dict[str, list[str]], checker: _Checker) -> list[str]:
    """The deck's scenes when a deck is asked for and is not up to date (their MP4s join
    ``wanted``); no scene renders "slides" itself."""
    for formats in wanted.values():
        if "slides" in formats:
            formats.remove("slides")
    if "slides" not in request.formats:
        return []
    scenes = deck_scenes(request)
    if not scenes:
        return []
    # The lecture's numbers are every scene's; the deck's identity adds which scenes it shows.
    digest = hashlib.sha256(" ".join([data_hash("lecture", request.course), *scenes]).encode())
    if not checker.stale("slides", "slides", digest.hexdigest()):
        return []
    for scene_id in scenes:
        wanted.setdefault(scene_id, [])
        if "mp4" not in wanted[scene_id]:
            wanted[scene_id].append("mp4")
    return scenes


def _task(request: RenderRequest, scene_id: str, formats: list[str], run_dir: Path, **extra: Any) -> RenderTask:
    return RenderTask(
        scene_id, tuple(formats), request.quality, request.course, str(run_dir / scene_id), request.verbose,
        cache_dir=str(run_dir.parent / "cache"), aspect=request.course.render.aspect,
        at=request.at, captions=request.course.render.captions, **extra,
    )


def plan_tasks(request: RenderRequest, run_dir: Path) -> Plan:
    """Decide what to render. The lecture's MP4/WebM are assembled from its scenes' renders, so a
    lecture asked for in a video format brings in its scenes in that format too."""
    manifest = read_manifest(request.folder)
    known = {(o.get("scene"), o.get("format")): o for o in manifest.get("outputs", []) if isinstance(o, dict)}
    wanted = _wanted(request)
    checker = _Checker(request, known)
    deck = _bring_in_deck_parts(request, wanted, checker)
    lecture_formats, stale = _bring_in_lecture_parts(request, wanted, checker)
    for scene_id, scene_formats in wanted.items():
        for fmt in scene_formats:
            if checker.stale(scene_id, fmt):
                stale.setdefault(scene_id, []).append(fmt)
    tasks = [_task(request, scene_id, fmts, run_dir) for scene_id, fmts in stale.items()]
    title_formats = [*lecture_formats, *(["mp4"] if deck and "mp4" not in lecture_formats else [])]
    if title_formats:
        tasks.append(_task(request, TITLE_CARD, title_formats, run_dir, publish=False))
    expected = {
        t.scene_id: expected_frames(known, request.course, t.scene_id, t.formats, request.quality)
        for t in tasks
    }
    seconds = {
        t.scene_id: sum(float(known.get((t.scene_id, f), {}).get("render_seconds", 0)) for f in t.formats)
        or (expected[t.scene_id] or GUESSED_FRAMES_PER_SECOND) / GUESSED_FRAMES_PER_SECOND
        for t in tasks
    }
    # Longest first, so that the workers finish together.
    tasks.sort(key=lambda t: -seconds[t.scene_id])
    keys, fresh = checker.keys, checker.fresh
    return Plan(tasks=tasks, keys=keys, fresh=fresh, lecture_formats=lecture_formats, expected=expected, deck=deck,
                seconds=seconds)
