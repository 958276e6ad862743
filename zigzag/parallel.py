"""``-j N``: scenes rendered side by side in worker processes that never outlive the command.

Workers fork from a server that has imported manim once. Each worker ignores Ctrl-C (the command
decides and stops them), and watches the command's process: when it dies, even by ``kill -9``, the
worker ends itself, and with the last worker gone the fork server and the resource tracker end too.
A worker that dies mid-render is reported as the scene it was rendering, in one line.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from zigzag.interrupts import on_expiry
from zigzag.outputs import pid_alive
from zigzag.progress import read_progress
from zigzag.worker import RenderError, RenderTask, run_task

__all__ = ["die_with", "render_parallel"]

Finish = Callable[[RenderTask, list[dict[str, Any]]], None]


def die_with(parent: int, poll: float = 0.5) -> None:
    """End this process as soon as process ``parent`` ends (a daemon thread watches it).

    Parameters
    ----------
    parent
        Process id to outlive by no more than ``poll`` seconds.
    poll
        Seconds between checks where the kernel cannot notify (no ``pidfd_open``).
    """
    try:
        handle: int | None = os.pidfd_open(parent)
    except ProcessLookupError:
        os.kill(os.getpid(), signal.SIGKILL)
        return
    except (AttributeError, OSError):
        handle = None

    def watch() -> None:
        if handle is not None:
            select.select([handle], [], [])
        else:
            while pid_alive(parent):
                time.sleep(poll)
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, name="zigzag-lifeline", daemon=True).start()


def _worker_init(parent: int) -> None:
    """Set up a worker: Ctrl-C is the command's to handle, and the worker dies with the command.

    manim's progress bars (tqdm) would create a named semaphore per worker; a worker that is killed
    never releases it, and the resource tracker then warns of a leak. A worker writes only its own
    bars, so a thread lock is enough.
    """
    from tqdm.std import TqdmDefaultWriteLock  # type: ignore[import-untyped]

    TqdmDefaultWriteLock.mp_lock = None
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with(parent)


def _workers(pool: ProcessPoolExecutor) -> dict[int, BaseProcess]:
    return dict(getattr(pool, "_processes", None) or {})


def _kill(processes: dict[int, BaseProcess]) -> None:
    for process in processes.values():
        with contextlib.suppress(Exception):
            process.kill()
    for process in processes.values():
        with contextlib.suppress(Exception):
            process.join(5)


def _death_message(processes: dict[int, BaseProcess], running: list[RenderTask]) -> str:
    """``<scene>: <reason>`` for the worker that died, found through the pid each task recorded."""
    codes = {pid: process.exitcode for pid, process in processes.items()}
    by_pid = {(read_progress(Path(t.work_dir)) or {}).get("pid"): t for t in running}
    dead = [pid for pid, code in codes.items() if code is not None]
    task = next((by_pid[pid] for pid in dead if pid in by_pid), running[0] if running else None)
    pid = next((p for p in dead if by_pid.get(p) is task), dead[0] if dead else None)
    code = codes.get(pid) if pid is not None else None
    if code is not None and code < 0:
        reason = f"its worker process was killed by {signal.Signals(-code).name}"
    elif code is not None:
        reason = f"its worker process exited with code {code}"
    else:
        reason = "its worker process died"
    return f"{task.scene_id if task else 'a scene'}: {reason}"


def render_parallel(
    tasks: list[RenderTask], jobs: int, finish: Finish, on_start: Callable[[RenderTask], None] | None
) -> None:
    """Render ``tasks`` in ``jobs`` worker processes; ``finish`` each as it completes.

    Raises
    ------
    RenderError
        A scene failed, or its worker died; every other worker is stopped first.
    """
    context = get_context("forkserver")
    # Workers fork from a server that has imported manim and the scene base once.
    context.set_forkserver_preload(["manim", "scenes.base"])
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_init,
                               initargs=(os.getpid(),))
    pending: dict[Future[list[dict[str, Any]]], RenderTask] = {}
    processes: dict[int, BaseProcess] = {}
    try:
        with on_expiry(lambda: _kill(processes)):
            for task in tasks:
                if on_start:
                    on_start(task)
                pending[pool.submit(run_task, task)] = task
                processes.update(_workers(pool))
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    task = pending.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        raise RenderError(_death_message(processes, [task, *pending.values()])) from None
                    finish(task, result)
    except BaseException:
        _kill(processes)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
