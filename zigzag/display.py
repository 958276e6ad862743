"""What ``zigzag render`` shows while it works and when it is done.

On a terminal, a line per running scene (frames drawn of those expected, animations, time left)
under an overall count; otherwise one plain line per scene as it finishes. Failures and interrupts
end in one line each: ``render failed: <scene>: <reason>`` (exit 1) or ``interrupted`` (exit 130
for Ctrl-C, 143 for SIGTERM) after the work folder is gone and any worker stopped.
"""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from zigzag.interrupts import Interrupted, exit_after_interrupt, interrupts_raise
from zigzag.progress import SceneProgress
from zigzag.request import RenderRequest

__all__ = ["RenderDisplay", "output_line", "render_many_with_lines", "render_with_display"]


def output_line(folder: Path, row: dict[str, Any]) -> str:
    """One line of the closing list: file, size, duration, and how long it took or "unchanged"."""
    note = f"  ({'; '.join(row['notes'])})" if row.get("notes") else ""
    how = "unchanged" if row.get("unchanged") else f"rendered in {row['render_seconds']:.1f} s"
    return f"{folder / row['file']}  {row['bytes']:,} bytes  {row['duration']:.1f} s  {how}{note}"


class RenderDisplay:
    """Progress of a render run, live on a terminal, one line per scene elsewhere.

    Parameters
    ----------
    slug
        The course's output folder name.
    scenes
        Scene ids asked for.
    live
        Draw a live display (a terminal, no ``-v``); else write one line per finished scene.
    """

    def __init__(self, slug: str, scenes: list[str], live: bool) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.live, self.slug, self.scenes = live, slug, scenes
        self.rows: list[dict[str, Any]] = []
        self._finished: set[str] = set()
        self._started: dict[str, float] = {}
        self._tasks: dict[str, Any] = {}
        self.progress = Progress(
            SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
            TextColumn("{task.fields[detail]}"), TimeElapsedColumn(), TimeRemainingColumn(),
            console=Console(stderr=True), transient=True, disable=not live,
        )
        self._overall = self.progress.add_task(f"rendering {slug}", total=len(scenes), detail="")

    def __enter__(self) -> RenderDisplay:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def on_start(self, scene: str) -> None:
        """A scene was handed to a worker (or is being rendered here)."""
        self._started.setdefault(scene, time.monotonic())

    def on_progress(self, state: SceneProgress) -> None:
        """Frames and animations of a running scene (called from a thread)."""
        if not self.live:
            return
        detail = f"{state.frames:,}/{state.total:,} frames" if state.total else f"{state.frames:,} frames"
        detail += f" · {state.animations} animations"
        total = max(state.total or 0, state.frames) or None
        description = f"  {state.scene} ({state.fmt})" if state.fmt else f"  {state.scene}"
        task = self._tasks.get(state.scene)
        if task is None:
            self._tasks[state.scene] = self.progress.add_task(
                description, total=total, completed=state.frames, detail=detail
            )
        else:
            self.progress.update(task, description=description, total=total, completed=state.frames, detail=detail)

    def on_done(self, scene: str, produced: list[dict[str, Any]]) -> None:
        """A scene's outputs are in place (rendered, or unchanged and not rendered again)."""
        self.rows.extend(produced)
        task = self._tasks.pop(scene, None)
        if task is not None:
            self.progress.remove_task(task)
        if scene in self._finished:
            return
        self._finished.add(scene)
        self.progress.update(self._overall, completed=len(self._finished))
        if not self.live:
            click.echo(f"zigzag: {scene}: {self._summary(scene, produced)}", err=True)

    def _summary(self, scene: str, produced: list[dict[str, Any]]) -> str:
        formats = ", ".join(row["format"] for row in produced)
        if all(row.get("unchanged") for row in produced):
            return f"{formats} unchanged"
        seconds = time.monotonic() - self._started.get(scene, time.monotonic())
        return f"{formats} rendered in {seconds:.1f} s"


def _order(chosen: list[str]) -> Callable[[dict[str, Any]], tuple[int, str]]:
    return lambda row: (chosen.index(row["scene"]) if row["scene"] in chosen else 99, row["format"])


@contextmanager
def ends_in_one_line(failures: tuple[type[BaseException], ...], verbose: bool) -> Iterator[None]:
    """Interrupts become exceptions inside; a failure in ``failures`` or an interrupt ends the
    process with one line (the traceback too with ``verbose``) and its exit code."""
    with interrupts_raise():
        try:
            yield
        except failures as error:
            if verbose:
                traceback.print_exc()
            code = getattr(error, "exit_code", 1)
            click.echo(f"zigzag: {'error' if code == 2 else 'render failed'}: {error}", err=True)
            sys.exit(code)
        except Interrupted as error:
            click.echo(f"zigzag: interrupted ({error}); nothing half-written was left in the output folder",
                       err=True)
            exit_after_interrupt(error.exit_code)
        except KeyboardInterrupt:
            click.echo("zigzag: interrupted; nothing half-written was left in the output folder", err=True)
            exit_after_interrupt(130)


def render_with_display(
    render: Callable[..., list[dict[str, Any]]],
    failures: tuple[type[BaseException], ...],
    request: RenderRequest,
) -> None:
    """Run ``render`` (:func:`zigzag.render.render_course`) on ``request`` with progress, and
    print the outputs; a failure or an interrupt ends the process with one line."""
    folder, chosen, verbose = request.folder, list(request.scene_ids), request.verbose
    started = time.perf_counter()
    display = RenderDisplay(folder.name, chosen, live=sys.stderr.isatty() and not verbose)
    with ends_in_one_line(failures, verbose), display:
        render(request, on_done=display.on_done, on_start=display.on_start, on_progress=display.on_progress)
    for row in sorted(display.rows, key=_order(chosen)):
        click.echo(output_line(folder, row))
    click.echo(f"done in {time.perf_counter() - started:.1f} s; manifest: {folder / 'manifest.json'}")


def render_many_with_lines(
    render: Callable[..., list[dict[str, Any]]],
    failures: tuple[type[BaseException], ...],
    requests: list[RenderRequest],
) -> None:
    """Run ``render`` (:func:`zigzag.render.render_courses`) with a line per scene as it is
    published (several courses, a cluster or a shard), then the outputs of every course; a failure
    or an interrupt ends the process with one line, as for one course."""
    started = time.perf_counter()
    verbose = any(r.verbose for r in requests)
    published: dict[Path, list[dict[str, Any]]] = {r.folder: [] for r in requests}

    def done(folder: Path, scene: str, produced: list[dict[str, Any]]) -> None:
        published[folder].extend(produced)
        formats = ", ".join(str(p["format"]) for p in produced)
        how = "unchanged" if all(p.get("unchanged") for p in produced) else "rendered"
        click.echo(f"zigzag: {folder.name}/{scene}: {formats} {how}", err=True)

    with ends_in_one_line(failures, verbose):
        render(on_done=done)
    for request in requests:
        for row in sorted(published[request.folder], key=_order(list(request.scene_ids))):
            click.echo(output_line(request.folder, row))
    manifests = ", ".join(str(r.folder / "manifest.json") for r in requests)
    click.echo(f"done in {time.perf_counter() - started:.1f} s; manifests: {manifests}")
