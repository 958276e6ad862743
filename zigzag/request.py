"""What one ``zigzag render`` asks for, as one typed value that travels from the command line to
the planner, the workers' tasks and the display."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scenes.course import Course

__all__ = ["RenderRequest"]


@dataclass(frozen=True, slots=True)
class RenderRequest:
    """A course, the scenes and formats wanted of it, and where and how to render them.

    Attributes
    ----------
    course
        The validated course (with its translations and logo: workers read no file).
    scene_ids
        Scenes asked for, in order (``lecture`` included when asked).
    formats
        Formats asked for.
    quality
        ``l``, ``m``, ``h`` or ``k``.
    out_dir
        The output root; files go to ``out_dir/<slug>/``.
    jobs
        Worker processes (1: in this process).
    verbose
        Show manim's logs.
    force
        Render even what is up to date.
    at
        The moment a PNG shows (``--at``): seconds or a section's name; ``None`` for the end.
    """

    course: Course
    scene_ids: tuple[str, ...]
    formats: tuple[str, ...]
    quality: str
    out_dir: Path
    jobs: int = 1
    verbose: bool = False
    force: bool = False
    at: str | None = None

    @property
    def folder(self) -> Path:
        """The course's output folder (its slug, and its shape when that is not 16:9)."""
        return self.out_dir / self.course.folder
