"""Ctrl-C, SIGTERM and kill -9 of a render, with real signals: everything ends, nothing is left.

Each render runs in its own session, so every process it starts (fork server, resource tracker,
workers) can be found in /proc by session id and checked to be gone.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

COURSE = '[course]\nslug = "sig"\n'
SCENES = ("activations", "two-layer")


def session_pids(session: int) -> list[int]:
    """Processes whose session is ``session`` (read from /proc, no third-party module)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def wait_until(condition: object, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


_started: list[int] = []


@pytest.fixture(autouse=True)
def _no_survivors() -> Iterator[None]:
    """Whatever a test asserts, no process of its render outlives it."""
    yield
    while _started:
        for pid in session_pids(_started.pop()):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def start(tmp_path: Path, *scenes: str, jobs: int = 1) -> subprocess.Popen[str]:
    course = tmp_path / "sig.toml"
    course.write_text(COURSE, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "zigzag.cli", "render", *scenes, "-q", "l", "--format", "mp4", "--force",
         "-j", str(jobs), "--course", str(course), "--out", str(tmp_path / "out")],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    _started.append(process.pid)
    return process


def segments(tmp_path: Path, scene: str) -> list[Path]:
    return list((tmp_path / ".zigzag-work").glob(f"*/{scene}/media-mp4/**/partial_movie_files/**/*.mp4"))


def wait_for_frames(tmp_path: Path, *scenes: str) -> None:
    """Wait until each of ``scenes`` is encoding video (its worker is in the middle of manim)."""
    assert wait_until(lambda: all(segments(tmp_path, s) for s in scenes), 90), "the render never started"


def worker_of(tmp_path: Path, scene: str) -> int:
    """The worker rendering ``scene``: the process id its progress file records."""
    from zigzag.progress import read_progress

    def pid() -> int | None:
        for folder in (tmp_path / ".zigzag-work").glob(f"*/{scene}"):
            found = (read_progress(folder) or {}).get("pid")
            if found:
                return int(found)
        return None

    assert wait_until(lambda: pid() is not None, 10), f"no worker records rendering {scene}"
    found = pid()
    assert found is not None
    return found


def worker_pids(main: int) -> list[int]:
    """Workers: children of the fork server, itself a child of the main process."""
    def children(pid: int) -> list[int]:
        path = Path(f"/proc/{pid}/task/{pid}/children")
        return [int(p) for p in path.read_text().split()] if path.exists() else []

    return [w for server in children(main) for w in children(server)
            if "forkserver" in Path(f"/proc/{server}/cmdline").read_text()]


def assert_all_gone(process: subprocess.Popen[str], timeout: float = 10) -> None:
    assert wait_until(lambda: not session_pids(process.pid), timeout), (
        f"still alive: {[Path(f'/proc/{p}/cmdline').read_text()[:80] for p in session_pids(process.pid)]}"
    )


def assert_nothing_left(tmp_path: Path) -> None:
    work = tmp_path / ".zigzag-work"
    assert not [p for p in work.iterdir() if p.name not in ("locks", "cache")]
    out = tmp_path / "out"
    assert not out.exists() or not [p for p in out.rglob("*") if p.is_file()]


def press_ctrl_c(process: subprocess.Popen[str]) -> None:
    """Ctrl-C as terminals, impatient users and `timeout` send it: to the whole process group, and
    more than once (ordinary signals do not queue, so the repeats are a few milliseconds apart)."""
    for pause in (0, 0.003, 0.01, 0.03, 0.1):
        time.sleep(pause)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGINT)


def finish(process: subprocess.Popen[str], timeout: float) -> tuple[str, str]:
    try:
        return process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        _, err = process.communicate()
        raise AssertionError(f"did not exit within {timeout} s: {err[-500:]}") from None


def test_ctrl_c_pressed_repeatedly_ends_a_render_within_seconds(tmp_path: Path) -> None:
    process = start(tmp_path, "activations")
    wait_for_frames(tmp_path, "activations")
    press_ctrl_c(process)
    _, err = finish(process, 10)
    assert process.returncode == 130, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("zigzag: interrupted"), err
    assert_all_gone(process)
    assert_nothing_left(tmp_path)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c-group", "sigterm-main"])
def test_interrupt_with_two_workers_stops_every_process(tmp_path: Path, sig: int) -> None:
    process = start(tmp_path, *SCENES, jobs=2)
    wait_for_frames(tmp_path, *SCENES)
    if sig == signal.SIGINT:
        press_ctrl_c(process)
    else:
        os.kill(process.pid, sig)  # a service manager stopping the command
    _, err = finish(process, 15)
    assert process.returncode == 128 + sig, err
    assert err.strip().splitlines()[-1].startswith("zigzag: interrupted"), err
    assert "Traceback" not in err and "leaked" not in err, err
    assert_all_gone(process)
    assert_nothing_left(tmp_path)


def test_workers_die_with_a_killed_main_process(tmp_path: Path) -> None:
    process = start(tmp_path, *SCENES, jobs=2)
    wait_for_frames(tmp_path, *SCENES)
    assert len(worker_pids(process.pid)) == 2
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=10)
    assert_all_gone(process, timeout=10)


def test_a_killed_worker_is_one_line_naming_its_scene(tmp_path: Path) -> None:
    process = start(tmp_path, *SCENES, jobs=2)
    wait_for_frames(tmp_path, *SCENES)
    # The longest scene's worker: the other may have finished its scene and be waiting for none.
    scene = SCENES[-1]
    victim = worker_of(tmp_path, scene)
    assert victim in worker_pids(process.pid)
    os.kill(victim, signal.SIGKILL)
    _, err = finish(process, 20)
    assert process.returncode == 1, err
    assert "Traceback" not in err and "leaked" not in err and "BrokenProcessPool" not in err, err
    failures = [line for line in err.splitlines() if "render failed" in line]
    assert failures == [f"zigzag: render failed: {scene}: its worker process was killed by SIGKILL"], err
    assert_all_gone(process)
    assert not [p for p in (tmp_path / ".zigzag-work").iterdir() if p.name not in ("locks", "cache")]


STUCK = """
import sys, threading, time
from pathlib import Path
from zigzag.interrupts import Interrupted, exit_after_interrupt, interrupts_raise, on_expiry

# A non-daemon thread that never ends, like a video encoder whose queue lost its end marker.
stuck = threading.Thread(target=threading.Event().wait)
stuck.start()
marker = Path(sys.argv[1])
with interrupts_raise(grace=1.0), on_expiry(lambda: marker.write_text("cleaned")):
    try:
        print("ready", flush=True)
        time.sleep(60)
    except Interrupted as error:
        if sys.argv[2] == "cleanup-hangs":
            stuck.join()
        exit_after_interrupt(error.exit_code, wait=0.5)
"""


@pytest.mark.parametrize("where", ["cleanup-hangs", "exit-hangs"])
def test_a_thread_that_never_ends_cannot_hold_the_process(tmp_path: Path, where: str) -> None:
    marker = tmp_path / "marker"
    process = subprocess.Popen([sys.executable, "-c", STUCK, str(marker), where], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    _started.append(process.pid)
    assert process.stdout is not None and process.stdout.readline() == "ready\n"
    started = time.monotonic()
    os.kill(process.pid, signal.SIGTERM)
    finish(process, 5)
    assert process.returncode == 143
    assert time.monotonic() - started < 3
    assert marker.exists() == (where == "cleanup-hangs")


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["ctrl-c", "sigterm"])
def test_an_interrupt_while_the_course_is_checked_ends_with_one_line(tmp_path: Path, sig: int, code: int) -> None:
    # A check that takes long (stood in for by a sleep) is interrupted before anything is written.
    program = (
        "import time, zigzag.cli as cli\n"
        "cli._validate = lambda *args, **kwargs: time.sleep(60)\n"
        "cli.main(['check', 'course.toml'])\n"
    )
    process = subprocess.Popen([sys.executable, "-c", program], cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    time.sleep(3)
    process.send_signal(sig)
    _, err = process.communicate(timeout=10)
    assert process.returncode == code
    assert err.strip().splitlines() == ["zigzag: interrupted; nothing was written"]
    assert list(tmp_path.iterdir()) == []
