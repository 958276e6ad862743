"""Many courses at once: a Dask cluster as the executor, shards joined by ``zigzag merge``."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from zigzag.shards import deal, parse_shard

ROOT = Path(__file__).resolve().parents[1]
SCENES = ("activations", "allowed-directions", "two-layer")


def zigzag(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(Path(sys.executable).parent / "zigzag"), *args], capture_output=True, text=True,
                          check=False, env=env)


@pytest.fixture(scope="module")
def courses(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The shipped default and it-dark courses with GIFs at 5 frames a second (same slugs, folders and words)."""
    folder = tmp_path_factory.mktemp("courses")
    made = []
    for name in ("default", "it-dark"):
        text = (ROOT / "courses" / f"{name}.toml").read_text(encoding="utf-8")
        for key, value in (("gif_fps", 5),):
            text = re.sub(rf"(?m)^{key} = .*$", "", text)
            text = text.replace("[render]\n", f"[render]\n{key} = {value}\n", 1)
        path = folder / f"{name}.toml"
        path.write_text(text, encoding="utf-8")
        made.append(path)
    return made


def render_args(courses: list[Path], out: Path, *extra: str) -> list[str]:
    args = ["render", *SCENES, "-q", "l", "--format", "gif", "--format", "png", "--out", str(out), *extra]
    for course in courses:
        args += ["--course", str(course)]
    return args


@pytest.fixture(scope="module")
def local_render(courses: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("local")
    result = zigzag(*render_args(courses, out, "-j", "2"))
    assert result.returncode == 0, result.stderr
    return out


def outputs(out: Path) -> dict[str, bytes]:
    """Every GIF and PNG (and alt text) under ``out``, by course folder and name."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.glob("*/*"))
            if p.suffix in (".gif", ".png") or p.name.endswith(".alt.txt")}


def manifest_without_times(folder: Path) -> dict[str, object]:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for output in manifest["outputs"]:
        output.pop("render_seconds")
    return manifest


def test_two_courses_render_each_to_its_own_folder_and_manifest(local_render: Path) -> None:
    for folder in ("default", "it-dark"):
        manifest = manifest_without_times(local_render / folder)
        assert manifest["course"]["slug"] == folder
        assert {(o["scene"], o["format"]) for o in manifest["outputs"]} == {
            (s, f) for s in SCENES for f in ("gif", "png")}


@pytest.mark.slow
def test_a_local_dask_cluster_renders_what_local_processes_render(
    courses: list[Path], local_render: Path, tmp_path: Path
) -> None:
    result = zigzag(*render_args(courses, tmp_path, "--scheduler", "local:2"))
    assert result.returncode == 0, result.stderr
    assert outputs(tmp_path) == outputs(local_render)
    assert len(outputs(tmp_path)) == 2 * len(SCENES) * 3
    for folder in ("default", "it-dark"):
        assert manifest_without_times(tmp_path / folder) == manifest_without_times(local_render / folder)


@pytest.mark.slow
def test_a_task_whose_worker_is_killed_is_retried_on_the_other(courses: list[Path], tmp_path: Path) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    out = tmp_path / "out"
    env = {**os.environ, "TMPDIR": str(scratch)}
    process = subprocess.Popen([str(Path(sys.executable).parent / "zigzag"),
                                *render_args(courses[:1], out, "--scheduler", "local:2")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    killed: list[int] = []

    def kill_one_rendering_worker() -> None:
        deadline = time.monotonic() + 120
        while not killed and time.monotonic() < deadline and process.poll() is None:
            for progress in scratch.glob("zigzag-task-*/*/progress.json"):
                try:
                    pid = json.loads(progress.read_text(encoding="utf-8"))["pid"]
                except (OSError, ValueError, KeyError):
                    continue
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                return
            time.sleep(0.1)

    killer = threading.Thread(target=kill_one_rendering_worker)
    killer.start()
    _, err = process.communicate(timeout=600)
    killer.join()
    assert killed, "no worker was seen rendering"
    assert process.returncode == 0, err
    manifest = manifest_without_times(out / "default")
    assert {(o["scene"], o["format"]) for o in manifest["outputs"]} == {(s, f) for s in SCENES for f in ("gif", "png")}
    names = sorted(p.name for p in (out / "default").iterdir())
    assert names == sorted(["manifest.json", *(f"{s}.{x}" for s in SCENES for x in ("gif", "png", "alt.txt"))])
    # The killed worker's task folder was removed by the next task on this machine.
    assert not list(scratch.glob("zigzag-task-*")), list(scratch.iterdir())


def test_a_worker_with_other_code_refuses_the_task(tmp_path: Path) -> None:
    from scenes.course import load_course
    from zigzag.cluster import CodeMismatch, remote_render
    from zigzag.worker import RenderTask

    task = RenderTask("activations", ("png",), "l", load_course(None), str(tmp_path / "activations"))
    with pytest.raises(CodeMismatch, match=r"runs zigzag code .* the command 000000000000; install the same"):
        remote_render(task, "0" * 64)
    assert not (tmp_path / "activations").exists()


@pytest.mark.slow
def test_the_cluster_stops_with_one_line_when_its_workers_run_other_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The client's code hash differs from its workers': every task is refused, the render stops."""
    from scenes.course import load_course
    from zigzag import outputs
    from zigzag.cluster import render_on_cluster
    from zigzag.worker import RenderError, RenderTask

    monkeypatch.setattr(outputs, "code_version", lambda: "f" * 64)
    task = RenderTask("activations", ("png",), "l", load_course(None), str(tmp_path / "activations"))
    finished: list[object] = []
    with pytest.raises(RenderError, match=r"activations: the worker on .* runs zigzag code"):
        render_on_cluster([task], "local:1", lambda t, p: finished.append(p))
    assert finished == []


@pytest.mark.slow
def test_shards_merged_equal_the_full_render(courses: list[Path], local_render: Path, tmp_path: Path) -> None:
    shards = []
    for k in (1, 2, 3):
        out = tmp_path / f"shard{k}"
        result = zigzag(*render_args(courses, out, "--shard", f"{k}/3"))
        assert result.returncode == 0, result.stderr
        shards.append(out)
    counts = [len(outputs(s)) for s in shards]
    assert sum(counts) == len(outputs(local_render)) and all(counts)  # each task once, each shard some
    merged = tmp_path / "merged"
    result = zigzag("merge", *map(str, shards), "--out", str(merged))
    assert result.returncode == 0, result.stderr
    assert outputs(merged) == outputs(local_render)
    for folder in ("default", "it-dark"):
        got, want = manifest_without_times(merged / folder), manifest_without_times(local_render / folder)
        assert got == want
    # the merged folder is up to date: rendering it again renders nothing
    again = zigzag(*render_args(courses, merged))
    assert again.returncode == 0 and "rendered in" not in again.stdout, again.stdout


def test_merge_refuses_shards_that_hold_an_output_differently(courses: list[Path], local_render: Path,
                                                             tmp_path: Path) -> None:
    import shutil

    other = tmp_path / "other"
    shutil.copytree(local_render, other)
    gif = other / "default" / "activations.gif"
    gif.write_bytes(gif.read_bytes() + b"\0")
    result = zigzag("merge", str(local_render), str(other), "--out", str(tmp_path / "merged"))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "activations.gif" in lines[0] and "different renders" in lines[0]
    assert not (tmp_path / "merged").exists()


def test_deal_is_deterministic_and_balanced() -> None:
    weights = {f"c/{i}": float(w) for i, w in enumerate([9, 7, 6, 5, 5, 4, 3, 2, 2, 1])}
    first, second = deal(weights, 3), deal(dict(reversed(weights.items())), 3)
    assert first == second
    loads = [sum(w for t, w in weights.items() if first[t] == s) for s in (1, 2, 3)]
    assert max(loads) - min(loads) <= max(weights.values()) and set(first.values()) == {1, 2, 3}


class _Cluster:
    """A stand-in for a Dask client: ``threads`` worker threads; each task finishes at the next wait."""

    def __init__(self, threads: list[int]) -> None:
        self.threads = threads  # the cluster's thread count at each wait (workers may join)
        self.running: list[str] = []
        self.over = 0  # the most tasks the cluster held beyond the threads it had then
        self.peak = 0  # the most tasks it held at once
        self.order: list[str] = []

    def nthreads(self) -> dict[str, int]:
        return {"worker": self.threads[0]}

    def submit(self, func: object, task: object, code: str, **_: object) -> object:
        from concurrent.futures import Future

        self.order.append(task.scene_id)  # type: ignore[attr-defined]
        self.running.append(task.scene_id)  # type: ignore[attr-defined]
        self.over = max(self.over, len(self.running) - self.threads[0])
        self.peak = max(self.peak, len(self.running))
        future: Future[dict[str, object]] = Future()
        future.set_result({"produced": [], "files": {}})
        future.scene = task.scene_id  # type: ignore[attr-defined]
        return future

    def wait(self, futures: list[object], **_: object) -> tuple[set[object], set[object]]:
        first = futures[0]
        self.running.remove(first.scene)  # type: ignore[attr-defined]
        if len(self.threads) > 1:
            self.threads.pop(0)
        return {first}, set(futures[1:])

    def cancel(self, futures: list[object]) -> None:
        pass


@pytest.mark.parametrize("threads", [[1], [2], [1, 1, 3]])
def test_the_cluster_gets_tasks_longest_first_one_per_worker_thread(
    threads: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tasks reach the cluster in the order given, never more at once than it has threads (read
    again as tasks finish, so a worker that joins is used): a long scene never waits behind
    another while a worker is idle."""
    import contextlib

    import dask.distributed

    from zigzag import cluster
    from zigzag.worker import RenderTask

    fake = _Cluster(list(threads))
    monkeypatch.setattr(cluster, "_client", lambda kind, target: contextlib.nullcontext(fake))
    monkeypatch.setattr(dask.distributed, "wait", fake.wait)
    tasks = [RenderTask(scene_id=f"s{i}", course=None, formats=(), quality="l", work_dir=f"/w/s{i}")  # type: ignore[arg-type]
             for i in range(6)]
    finished: list[str] = []
    cluster.render_on_cluster(tasks, "local:1", lambda task, produced: finished.append(task.scene_id))
    assert fake.order == finished == [t.scene_id for t in tasks]
    assert fake.over == 0, f"the cluster held {fake.over} more tasks than it had threads"
    assert fake.peak == threads[-1], "every thread, those of workers that joined too, got a task"


@pytest.mark.parametrize("bad", ["0/3", "4/3", "3", "a/b", "1/0"])
def test_bad_shards_and_schedulers_are_refused_in_one_line(bad: str) -> None:
    with pytest.raises(ValueError, match="--shard"):
        parse_shard(bad)
    result = zigzag("render", "activations", "--shard", bad)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    result = zigzag("render", "activations", "--scheduler", "local:0")
    assert result.returncode == 2 and "local:N" in result.stderr


@pytest.mark.parametrize("example", ["ci-matrix.yml", "slurm-array.sh"])
def test_the_shipped_examples_use_options_zigzag_has(example: str) -> None:
    """Every zigzag command line in the CI matrix and Slurm examples parses (its options exist)."""
    from click.testing import CliRunner

    from zigzag.cli import cli

    text = (ROOT / "examples" / example).read_text(encoding="utf-8")
    if example.endswith(".yml"):
        import yaml

        steps = [s.get("run", "") for job in yaml.safe_load(text)["jobs"].values() for s in job["steps"]]
    else:
        steps = [" ".join(line.rstrip("\\").strip() for line in text.split("exec ", 1)[1].splitlines())]
    commands = [step.split(".venv/bin/zigzag ", 1)[1] for step in steps if ".venv/bin/zigzag " in step]
    assert len(commands) >= 1
    for command in commands:
        for part in command.split("&&")[0:1]:
            words = [w for w in part.split() if not w.startswith(("${", "shard-$", '"'))]
            subcommand = words[0]
            result = CliRunner().invoke(cli, [subcommand, "--help"])
            assert result.exit_code == 0
            for option in (w for w in words if w.startswith("-")):
                assert option in result.output, (example, option)


@pytest.mark.slow
def test_ctrl_c_cancels_the_cluster_render_in_one_line(courses: list[Path], tmp_path: Path) -> None:
    """Ctrl-C reaches the whole process group, as from a terminal: one line, exit 130, no
    traceback from any worker, nothing in the output folder, no process left."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    out = tmp_path / "out"
    process = subprocess.Popen([str(Path(sys.executable).parent / "zigzag"),
                                *render_args(courses, out, "--scheduler", "local:2")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "TMPDIR": str(scratch)}, start_new_session=True)
    deadline = time.monotonic() + 120
    while not list(scratch.glob("zigzag-task-*/*/progress.json")) and time.monotonic() < deadline:
        time.sleep(0.1)
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert err.strip().splitlines() == [
        "zigzag: interrupted (SIGINT); nothing half-written was left in the output folder"], err
    assert not any(p.is_file() for p in out.rglob("*") if ".zigzag-work" not in p.parts)
    # The cluster's processes end with it; give them the seconds Dask's own close allows.
    deadline = time.monotonic() + 30
    left = ["?"]
    while left and time.monotonic() < deadline:
        time.sleep(0.5)
        left = subprocess.run(["pgrep", "-g", str(process.pid)], capture_output=True, text=True).stdout.split()
    assert left == []


def test_a_scheduler_without_workers_is_one_line_not_a_hang(monkeypatch: pytest.MonkeyPatch) -> None:
    """A scheduler that has no workers (and gets none) ends the render with a line saying so."""
    from dask.distributed import LocalCluster

    from zigzag import cluster
    from zigzag.worker import RenderError, RenderTask

    monkeypatch.setattr(cluster, "WORKER_WAIT", 1.0)
    task = RenderTask(scene_id="activations", course=None, formats=(), quality="l", work_dir="/w/a")  # type: ignore[arg-type]
    with LocalCluster(n_workers=0, processes=False, protocol="tcp://", dashboard_address=None) as empty:
        started = time.monotonic()
        with pytest.raises(RenderError, match=r"has no workers .*dask worker tcp://"):
            cluster.render_on_cluster([task], empty.scheduler_address, lambda task, produced: None)
        assert time.monotonic() - started < 15


def test_the_plan_puts_the_longest_task_first_by_the_last_render_else_by_frames(tmp_path: Path) -> None:
    """One length per task, used to order workers' tasks and to deal shards: the seconds the last
    render of those formats took, else a guess from the frames the task draws."""
    from scenes.course import load_course
    from zigzag.plan import plan_tasks
    from zigzag.request import RenderRequest

    course = load_course(None)
    folder = tmp_path / "out" / "default"
    folder.mkdir(parents=True)
    scenes = ("activations", "chain-rule", "two-layer")
    request = RenderRequest(course=course, scene_ids=scenes, formats=("png",), quality="l",
                            out_dir=folder.parent, force=True)
    cold = plan_tasks(request, tmp_path / "cold")
    frames = {s: cold.expected[s] or 0 for s in scenes}
    assert len(set(frames.values())) == 3
    assert [t.scene_id for t in cold.tasks] == sorted(scenes, key=lambda s: -frames[s])
    # The last render's seconds, in the reverse order of the frames, win.
    by_frames = sorted(scenes, key=lambda s: frames[s])
    seconds = {s: float(10 + i) for i, s in enumerate(by_frames)}
    manifest = {"course": {"slug": "default", "name": "x", "language": "en", "course_hash": ""},
                "zigzag_version": "0", "manim_version": "0", "code_hash": "0" * 64,
                "outputs": [{"scene": s, "format": "png", "file": f"{s}.png", "bytes": 1, "duration": 0.0,
                             "render_seconds": seconds[s], "settings": {}, "notes": [], "extra_files": [],
                             "key": "0" * 64, "data_hash": "0" * 64} for s in scenes]}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    warm = plan_tasks(request, tmp_path / "warm")
    assert warm.seconds == seconds
    assert [t.scene_id for t in warm.tasks] == by_frames[::-1]
