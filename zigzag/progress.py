"""How far each scene's render has got: written by the worker, read by the command.

A worker counts the frames and animations manim draws and, at most a few times a second, replaces
``progress.json`` in its private work folder (also recording its process id, so a worker that dies
can be named). The command polls those files from a thread; this works alike in-process (``-j 1``)
and across worker processes, and nothing is shared that a killed process could leave locked.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scenes.registry import INTERNAL, SCENES
from zigzag.outputs import QUALITIES

if TYPE_CHECKING:
    from scenes.course import Course

__all__ = [
    "PROGRESS_FILE",
    "FrameCounter",
    "ProgressPoller",
    "SceneProgress",
    "expected_frames",
    "read_progress",
]

PROGRESS_FILE = "progress.json"
WRITE_EVERY = 0.2
# A still renders about half the frames of its video (waits are drawn once).
PNG_FRAME_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class SceneProgress:
    """One scene's progress as the command sees it.

    Attributes
    ----------
    scene
        Scene id.
    frames
        Frames drawn so far, over every format of the scene.
    total
        Frames expected over every format (an estimate from the last render), or None.
    animations
        Animations (plays and waits) done so far.
    fmt
        The format being rendered now.
    """

    scene: str
    frames: int
    total: int | None
    animations: int
    fmt: str


class FrameCounter:
    """Counts frames and animations of a task and writes them to its work folder, throttled.

    Parameters
    ----------
    work_dir
        The task's private work folder.
    """

    def __init__(self, work_dir: Path) -> None:
        self.path = work_dir / PROGRESS_FILE
        self.frames = 0
        self.animations = 0
        self.fmt = ""
        self._written = 0.0
        work_dir.mkdir(parents=True, exist_ok=True)
        self.write(force=True)

    def write(self, force: bool = False) -> None:
        """Replace the progress file (at most every :data:`WRITE_EVERY` seconds unless ``force``)."""
        now = time.monotonic()
        if not force and now - self._written < WRITE_EVERY:
            return
        self._written = now
        state = {"pid": os.getpid(), "frames": self.frames, "animations": self.animations, "format": self.fmt}
        staged = self.path.with_name(f".{PROGRESS_FILE}.tmp")
        with contextlib.suppress(OSError):
            staged.write_text(json.dumps(state), encoding="utf-8")
            os.replace(staged, self.path)

    @contextlib.contextmanager
    def watching(self, scene: Any, fmt: str) -> Iterator[None]:
        """Count what ``scene``'s renderer draws while it renders in format ``fmt``."""
        self.fmt = fmt
        renderer = scene.renderer
        add_frame, play = renderer.add_frame, renderer.play

        def counted_frame(frame: Any, num_frames: int = 1) -> None:
            add_frame(frame, num_frames)
            self.frames += num_frames
            self.write()

        def counted_play(*args: Any, **kwargs: Any) -> Any:
            result = play(*args, **kwargs)
            self.animations += 1
            self.write()
            return result

        renderer.add_frame = counted_frame
        renderer.play = counted_play
        try:
            yield
        finally:
            renderer.add_frame, renderer.play = add_frame, play
            self.write(force=True)


def read_progress(work_dir: Path) -> dict[str, Any] | None:
    """The last progress a task wrote, or None (not started, or unreadable)."""
    try:
        data = json.loads((work_dir / PROGRESS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


class ProgressPoller:
    """A thread that reads the progress files of running tasks and reports changes.

    Parameters
    ----------
    running
        Returns (scene id, work folder, expected frames or None) of the tasks running now.
    report
        Called with each change.
    every
        Seconds between polls.
    """

    def __init__(
        self,
        running: Callable[[], Iterable[tuple[str, Path, int | None]]],
        report: Callable[[SceneProgress], None],
        every: float = 0.25,
    ) -> None:
        self._running, self._report, self._every = running, report, every
        self._stop = threading.Event()
        self._seen: dict[str, tuple[int, int]] = {}
        self._thread = threading.Thread(target=self._loop, name="zigzag-progress", daemon=True)

    def __enter__(self) -> ProgressPoller:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(2)

    def _loop(self) -> None:
        while not self._stop.wait(self._every):
            with contextlib.suppress(Exception):
                self.poll()

    def poll(self) -> None:
        """Read every running task's progress once and report what changed."""
        for scene, work_dir, total in list(self._running()):
            state = read_progress(work_dir)
            if state is None:
                continue
            frames, animations = int(state.get("frames", 0)), int(state.get("animations", 0))
            if self._seen.get(scene) == (frames, animations):
                continue
            self._seen[scene] = (frames, animations)
            self._report(SceneProgress(scene, frames, total, animations, str(state.get("format", ""))))


def _expected_seconds(known: dict[Any, dict[str, Any]], course: Course, scene: str, fmt: str) -> float | None:
    for source in ("gif",) if fmt == "gif" else ("mp4", "webm"):
        seconds = float(known.get((scene, source), {}).get("duration", 0))
        if seconds > 0:
            return seconds
    spec = SCENES.get(scene) or INTERNAL.get(scene)
    if spec is None:
        return None
    typical = (spec.typical_gif_seconds if fmt == "gif" else None) or spec.typical_seconds
    return typical / course.scenes.speed if typical else None


def expected_frames(
    known: dict[Any, dict[str, Any]], course: Course, scene: str, formats: tuple[str, ...], quality: str
) -> int | None:
    """Frames a task will draw over its formats: an estimate for the progress display."""
    total = 0.0
    for fmt in formats:
        seconds = _expected_seconds(known, course, scene, fmt)
        if seconds is None:
            return None
        fps = course.render.gif_fps if fmt == "gif" else QUALITIES[quality][2]
        total += seconds * fps * (PNG_FRAME_SHARE if fmt == "png" else 1.0)
    return round(total) or None
