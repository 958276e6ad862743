"""``--scheduler``: render tasks on a Dask cluster (``tcp://HOST:8786``) or a ``LocalCluster``
(``local:N``) instead of local worker processes.

Each task runs :func:`remote_render` on a Dask worker: the worker checks that it runs the same
zigzag code as the client (the task carries the client's code hash), renders into a private
temporary folder, and sends the finished files back as bytes. The client writes them into the
task's work folder and publishes them exactly as a local render does (same manifest, same
skip-if-unchanged rules), so the output folder only ever holds whole files. Files travel through
the client's memory: fine for scenes at any quality, a few hundred MB for a 4K scene.

A task whose worker dies is rescheduled on another worker by Dask; a task that fails twice (an
error, or two dead workers) stops the render with the scene and the reason. Ctrl-C cancels what is
running; the tasks not yet handed out are never sent.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import shutil
import signal
import socket
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from zigzag.outputs import pid_alive
from zigzag.worker import RenderError, RenderTask

__all__ = ["CodeMismatch", "parse_scheduler", "remote_render", "render_on_cluster"]

Finish = Callable[[RenderTask, list[dict[str, Any]]], None]
# How often a task may be tried: once, and once more after an error or a dead worker.
ATTEMPTS = 2
# A task's private folder in the worker's temporary folder: this, the worker's pid, a dash.
TASK_PREFIX = "zigzag-task-"
# Seconds to wait for a first worker at a scheduler that has none (one that scales up on demand).
WORKER_WAIT = 120.0


class CodeMismatch(RuntimeError):
    """A worker runs other zigzag code than the client."""


def parse_scheduler(value: str) -> tuple[str, int | str]:
    """``local:N`` → ``("local", N)``; ``tcp://host:port`` (or ``tls://``) → ``("address", value)``.

    Raises ``ValueError`` with what is allowed.
    """
    if value.startswith("local:"):
        count = value.removeprefix("local:")
        if not count.isdigit() or not 1 <= int(count) <= 64:
            raise ValueError(f"--scheduler {value!r}: local:N needs N from 1 to 64 worker processes")
        return "local", int(count)
    if value.startswith(("tcp://", "tls://")) and ":" in value.split("://", 1)[1]:
        return "address", value
    raise ValueError(f"--scheduler {value!r}: use local:N (a cluster of N processes on this machine) "
                     "or the scheduler's address, tcp://HOST:8786")


def _files(folder: Path, names: list[str]) -> dict[str, bytes]:
    """The bytes of ``names`` in ``folder`` (folders, such as a video's sections, file by file)."""
    found: dict[str, bytes] = {}
    for name in names:
        path = folder / name
        if path.is_dir():
            for inner in sorted(p for p in path.rglob("*") if p.is_file()):
                found[str(inner.relative_to(folder))] = inner.read_bytes()
        else:
            found[name] = path.read_bytes()
    return found


def _ended(pid: int) -> bool:
    """Whether process ``pid`` has ended (a zombie, not yet reaped by its nanny, has)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return not pid_alive(pid)
    return state in ("Z", "X")


def _clean_after_dead_workers() -> None:
    """Remove the task folders that workers killed mid-task left in this machine's temporary
    folder (each is named after its worker's process id)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{TASK_PREFIX}*-*"):
        pid = folder.name.removeprefix(TASK_PREFIX).split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and _ended(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def remote_render(task: RenderTask, code: str) -> dict[str, Any]:
    """Render ``task`` on this worker (the Dask task): its manifest entries and file bytes.

    Raises :class:`CodeMismatch` when this worker's zigzag is not the client's (``code``).
    """
    from zigzag.outputs import code_version
    from zigzag.worker import run_task

    mine = code_version()
    if mine != code:
        raise CodeMismatch(
            f"{task.scene_id}: the worker on {socket.gethostname()} runs zigzag code {mine[:12]}, the "
            f"command {code[:12]}; install the same zigzag on every worker"
        )
    from tqdm.std import TqdmDefaultWriteLock  # type: ignore[import-untyped]

    # As in local workers (zigzag.parallel): a thread lock for manim's progress bars, so that a
    # worker that is killed leaves no named semaphore behind.
    TqdmDefaultWriteLock.mp_lock = None
    cache = Path(task.cache_dir) if task.cache_dir else None
    _clean_after_dead_workers()
    with tempfile.TemporaryDirectory(prefix=f"{TASK_PREFIX}{os.getpid()}-") as folder:
        here = Path(folder) / task.scene_id
        shared_cache = cache is not None and cache.parent.is_dir()
        local = dataclasses.replace(
            task, work_dir=str(here), cache_dir=str(cache) if shared_cache else str(Path(folder) / "cache")
        )
        produced = run_task(local)
        names = [name for entry in produced for name in [entry["file"], *entry["extra_files"]]]
        return {"produced": produced, "files": _files(here, names)}


def _write_back(task: RenderTask, files: dict[str, bytes]) -> None:
    """Write a task's returned files into its work folder on this machine."""
    work = Path(task.work_dir)
    for name, data in files.items():
        path = work / name
        if not path.resolve().is_relative_to(work.resolve()):
            raise RenderError(f"{task.scene_id}: a worker returned a file outside its folder: {name!r}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


@contextmanager
def _client(kind: str, target: int | str) -> Iterator[Any]:
    """A Dask client of the cluster asked for (a LocalCluster is made and closed here)."""
    try:
        import dask
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise RenderError("--scheduler needs Dask: pip install 'zigzag[cluster]'") from None
    logging.getLogger("distributed").setLevel(logging.CRITICAL)  # this command reports, in one line
    # Workers sample their threads' stacks every 10 ms by default (for Dask's dashboard): a render
    # is Python-heavy, and that sampling made it about a third slower than a -j worker.
    with dask.config.set({"distributed.scheduler.allowed-failures": ATTEMPTS - 1,
                          "distributed.worker.daemon": False,
                          "distributed.worker.profile.enabled": False,
                          # Dask's default trims the heap at every 64 KiB freed; manim allocates
                          # and frees many small arrays per frame.
                          "distributed.nanny.pre-spawn-environ": {"OMP_NUM_THREADS": 1, "MKL_NUM_THREADS": 1,
                                                                 "OPENBLAS_NUM_THREADS": 1}}):
        if kind == "local":
            # The cluster's processes start with Ctrl-C ignored (an ignored signal stays ignored in
            # a child): this command decides, cancels and closes them, as with -j.
            previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
            try:
                cluster = LocalCluster(n_workers=int(target), threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=logging.CRITICAL)
            finally:
                signal.signal(signal.SIGINT, previous)
            with cluster, Client(cluster) as client:
                yield client
        else:
            try:
                client = Client(str(target), timeout="15s")
            except OSError as error:
                raise RenderError(f"cannot reach the Dask scheduler at {target}: {error}") from None
            with client:
                if not client.nthreads():
                    try:
                        client.wait_for_workers(1, timeout=WORKER_WAIT)
                    except TimeoutError:
                        raise RenderError(f"the Dask scheduler at {target} has no workers (waited {WORKER_WAIT:g} s); "
                                          f"start some with: dask worker {target} --nthreads 1") from None
                yield client


def _slots(client: Any) -> int:
    """How many tasks the cluster can run at once now: its workers' threads (at least one, so that
    a cluster still waiting for workers gets its first task)."""
    return max(1, sum(client.nthreads().values()))


def render_on_cluster(tasks: list[RenderTask], scheduler: str, finish: Finish,
                      on_start: Callable[[RenderTask], None] | None = None) -> None:
    """Render ``tasks`` on the Dask cluster ``scheduler`` names; ``finish`` each as it comes back.

    Tasks are handed out in the order given (longest first), one per worker thread: a worker that
    finishes gets the next. Left to Dask, every task would be placed on a worker at once, with an
    unknown duration, and a long scene could wait behind another while a worker stood idle. The
    thread count is read again as tasks finish, so workers that join take part.

    Raises
    ------
    RenderError
        A task failed twice (or a worker runs other code); what is running is cancelled first.
    """
    from dask.distributed import wait
    from distributed.scheduler import KilledWorker

    from zigzag.outputs import code_version

    kind, target = parse_scheduler(scheduler)
    code = code_version()
    waiting = list(tasks)
    with _client(kind, target) as client:
        running: dict[Any, RenderTask] = {}
        try:
            while waiting or running:
                while waiting and len(running) < _slots(client):
                    task = waiting.pop(0)
                    if on_start:
                        on_start(task)
                    future = client.submit(remote_render, task, code, pure=False, retries=ATTEMPTS - 1,
                                           key=f"zigzag-{task.scene_id}-{Path(task.work_dir).parent.name}-{id(task)}")
                    running[future] = task
                # A timeout, to see workers that joined while every task ran.
                try:
                    done, _ = wait(list(running), timeout=2, return_when="FIRST_COMPLETED")
                except TimeoutError:
                    continue
                for future in done:
                    task = running.pop(future)
                    try:
                        result = future.result()
                    except KilledWorker:
                        raise RenderError(f"{task.scene_id}: its worker died twice; the task was not retried again") from None
                    except CodeMismatch as error:
                        raise RenderError(str(error)) from None
                    except RenderError as error:
                        raise RenderError(f"{error} (failed twice)") from None
                    _write_back(task, result["files"])
                    finish(task, result["produced"])
        except BaseException:
            client.cancel(list(running))
            raise
