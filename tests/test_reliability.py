"""Crashes, interrupts, concurrent renders and determinism, with real processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import av
import pytest

pytestmark = pytest.mark.slow

COURSE = '[course]\nslug = "rel"\n[render]\ngif_fps = 10\ngif_width = 320\n'


def zigzag(*args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "zigzag.cli", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def course_file(tmp_path: Path) -> Path:
    path = tmp_path / "rel.toml"
    path.write_text(COURSE, encoding="utf-8")
    return path


def decodable(path: Path) -> int:
    with av.open(str(path)) as container:
        return sum(1 for _ in container.decode(container.streams.video[0]))


def wait_for_work(tmp_path: Path, timeout: float = 30.0) -> None:
    """Wait until the render has started writing in its work folder."""
    deadline = time.monotonic() + timeout
    work = tmp_path / ".zigzag-work"
    while time.monotonic() < deadline:
        if work.is_dir() and any(p.is_file() for p in work.rglob("*") if "locks" not in p.parts):
            return
        time.sleep(0.1)
    raise AssertionError("render never started")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_interrupted_render_leaves_nothing_and_the_next_run_succeeds(tmp_path: Path, sig: int) -> None:
    course = course_file(tmp_path)
    args = ("render", "activations", "-q", "l", "--format", "mp4", "--course", str(course), "--out", str(tmp_path / "out"))
    process = zigzag(*args, cwd=tmp_path)
    wait_for_work(tmp_path)
    time.sleep(1.0)
    os.killpg(process.pid, sig)
    process.communicate(timeout=60)
    if sig == signal.SIGINT:
        assert process.returncode == 130
        assert not [p for p in (tmp_path / ".zigzag-work").iterdir() if p.name not in ("locks", "cache")]
    assert not (tmp_path / "out" / "rel").exists() or not any((tmp_path / "out" / "rel").iterdir())

    again = zigzag(*args, cwd=tmp_path)
    _, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    video = tmp_path / "out" / "rel" / "activations.mp4"
    assert decodable(video) > 100
    assert not [p for p in (tmp_path / ".zigzag-work").iterdir() if p.name not in ("locks", "cache")]


def test_two_concurrent_renders_both_finish(tmp_path: Path) -> None:
    course = course_file(tmp_path)
    args = ("render", "activations", "-q", "l", "--format", "mp4", "--format", "png", "--force",
            "--course", str(course), "--out", str(tmp_path / "out"))
    first = zigzag(*args, cwd=tmp_path)
    second = zigzag(*args, cwd=tmp_path)
    results = [p.communicate(timeout=300) for p in (first, second)]
    assert first.returncode == 0, results[0][1]
    assert second.returncode == 0, results[1][1]
    folder = tmp_path / "out" / "rel"
    assert decodable(folder / "activations.mp4") > 100
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert {(o["scene"], o["format"]) for o in manifest["outputs"]} == {("activations", "mp4"), ("activations", "png")}
    for entry in manifest["outputs"]:
        assert (folder / entry["file"]).stat().st_size == entry["bytes"]


def test_same_course_gives_identical_data_and_gif_bytes(tmp_path: Path) -> None:
    course = course_file(tmp_path)
    datas = []
    for _ in range(2):
        data = zigzag("data", "parallel-parking", "--course", str(course), cwd=tmp_path)
        out, err = data.communicate(timeout=60)
        assert data.returncode == 0, err
        datas.append(out)
    assert datas[0] == datas[1]

    gifs, keys = [], []
    for _ in range(2):
        render = zigzag("render", "activations", "--format", "gif", "--force", "--course", str(course),
                        "--out", str(tmp_path / "out"), cwd=tmp_path)
        _, err = render.communicate(timeout=300)
        assert render.returncode == 0, err
        folder = tmp_path / "out" / "rel"
        gifs.append((folder / "activations.gif").read_bytes())
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        keys.append([(o["key"], o["data_hash"], o["bytes"]) for o in manifest["outputs"]])
    assert gifs[0] == gifs[1]
    assert keys[0] == keys[1]


def test_parallel_tasks_never_share_a_tex_folder(tmp_path: Path) -> None:
    from scenes.course import parse_course
    from zigzag.render import RenderRequest, plan_tasks
    from zigzag.worker import _manim_config

    course = parse_course("")
    request = RenderRequest(
        course=course,
        scene_ids=("activations", "chain-rule", "lecture"), formats=("mp4", "png"), quality="l",
        out_dir=tmp_path / "out", force=True,
    )
    plan = plan_tasks(request, tmp_path / "run")
    tex_folders = [
        _manim_config(task, Path(task.work_dir) / f"media-{fmt}", fmt)["tex_dir"]
        for task in plan.tasks
        for fmt in task.formats
    ]
    assert len(tex_folders) == len(set(tex_folders)) >= len(course.scenes.lecture) + 1
    assert all(str(tmp_path / "run") in folder for folder in tex_folders)
