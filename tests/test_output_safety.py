"""Publishing, locks, the manifest and the SVG cache against planted links, full disks and damage."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from scenes.course import parse_course
from zigzag import outputs
from zigzag.outputs import (
    data_hash,
    output_key,
    output_lock,
    publish,
    read_manifest,
    write_manifest,
)
from zigzag.render import plan_tasks
from zigzag.request import RenderRequest
from zigzag.worker import seed_from_cache, store_in_cache

SECRET = b"a file outside the output folder\n"


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder on another file system than ``tmp_path`` (tmpfs), so publishing copies."""
    shm = Path("/dev/shm")
    if shm.is_dir() and shm.stat().st_dev != tmp_path.stat().st_dev:
        folder = shm / f"zigzag-test-{os.getpid()}-{tmp_path.name}"
        folder.mkdir()
        yield folder
        subprocess.run(["rm", "-rf", str(folder)], check=True)
    else:  # no second file system here: make publish believe there is one
        monkeypatch.setattr(outputs, "_same_device", lambda source, folder: False)
        folder = tmp_path / "work-elsewhere"
        folder.mkdir()
        yield folder


def victim(tmp_path: Path) -> Path:
    path = tmp_path / "victim.txt"
    path.write_bytes(SECRET)
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# ------------------------------------------------------------------ item 5: links never followed


def test_cross_device_publish_never_writes_through_a_planted_link(tmp_path: Path, elsewhere: Path) -> None:
    target = victim(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    for pid in range(os.getpid() - 5, os.getpid() + 5):  # the names an attacker could predict
        (out / f".scene.mp4.partial-{pid}").symlink_to(target)
    source = elsewhere / "scene.mp4"
    source.write_bytes(b"video" * 1000)
    publish(source, out / "scene.mp4")
    assert target.read_bytes() == SECRET
    assert (out / "scene.mp4").read_bytes() == b"video" * 1000
    assert not (out / "scene.mp4").is_symlink()


def test_cross_device_folder_publish_never_writes_through_a_planted_link(tmp_path: Path, elsewhere: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / f".scene.sections.partial-{os.getpid()}").symlink_to(outside)
    source = elsewhere / "scene.sections"
    source.mkdir()
    (source / "part.mp4").write_bytes(b"part")
    publish(source, out / "scene.sections")
    assert not list(outside.iterdir())
    assert (out / "scene.sections" / "part.mp4").read_bytes() == b"part"


def test_lock_file_link_is_removed_not_followed(tmp_path: Path) -> None:
    target = victim(tmp_path)
    root, folder = tmp_path / "work", tmp_path / "out" / "slug"
    with output_lock(root, folder):  # learn the lock's name
        pass
    (lock,) = (root / "locks").iterdir()
    lock.unlink()
    lock.symlink_to(target)
    with output_lock(root, folder):
        assert not lock.is_symlink()
    assert target.read_bytes() == SECRET


def test_svg_cache_copy_never_writes_through_a_planted_link(tmp_path: Path) -> None:
    target = victim(tmp_path)
    media, cache = tmp_path / "media", tmp_path / "cache"
    (media / "Tex").mkdir(parents=True)
    (media / "Tex" / "f.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"></svg>', encoding="utf-8")
    (cache / "Tex").mkdir(parents=True)
    (cache / "Tex" / f".f.svg.{os.getpid()}.tmp").symlink_to(target)
    store_in_cache(media, cache)
    assert target.read_bytes() == SECRET
    assert "<svg" in (cache / "Tex" / "f.svg").read_text(encoding="utf-8")


# ------------------------------------------------------------------ item 6: a full disk leaves nothing

FULL_DISK = """
import resource, signal, sys
from pathlib import Path
from zigzag.outputs import publish
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (40_000, 40_000))  # writes past 40 kB fail, as on a full disk
try:
    publish(Path(sys.argv[1]), Path(sys.argv[2]))
except OSError:
    print("failed")
"""


@pytest.mark.parametrize("kind", ["file", "folder"])
def test_full_disk_during_publish_leaves_no_partial_file(tmp_path: Path, elsewhere: Path, kind: str) -> None:
    source = elsewhere / ("scene.mp4" if kind == "file" else "scene.sections")
    if kind == "file":
        source.write_bytes(os.urandom(200_000))
    else:
        source.mkdir()
        (source / "a.mp4").write_bytes(os.urandom(30_000))
        (source / "b.mp4").write_bytes(os.urandom(200_000))
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    same = "from zigzag import outputs; outputs._same_device = lambda s, f: False\n"
    code = (same if not str(elsewhere).startswith("/dev/shm") else "") + textwrap.dedent(FULL_DISK)
    done = subprocess.run([sys.executable, "-c", code, str(source), str(out / source.name)],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.stdout.strip() == "failed", done.stderr
    assert list(out.iterdir()) == []


# ------------------------------------------------------------------ item 7: a damaged manifest

DAMAGED = {
    "not-json": "{",
    "deep-nesting": "[" * 100_000 + "]" * 100_000,
    "a-list": "[]",
    "outputs-a-string": json.dumps({"outputs": "activations.mp4"}),
    "missing-key": json.dumps({"outputs": [{"scene": "activations", "format": "mp4"}]}),
    "wrong-types": json.dumps({"outputs": [{"scene": 3, "format": ["mp4"], "file": {}, "bytes": "12"}]}),
    "list-for-string": json.dumps({"course": {"slug": ["a"]}, "outputs": []}),
}


def test_a_good_manifest_reads_back(tmp_path: Path) -> None:
    course = parse_course("")
    folder = tmp_path / "out" / "default"
    folder.mkdir(parents=True)
    entry = valid_entry(course, folder)
    write_manifest(folder, course, [entry], tmp_path)
    assert read_manifest(folder)["outputs"] == [entry]


@pytest.mark.parametrize("text", DAMAGED.values(), ids=DAMAGED.keys())
def test_damaged_manifest_is_set_aside_and_rebuilt(
    tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    course = parse_course("")
    folder = tmp_path / "out" / "default"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(text, encoding="utf-8")
    plan = plan_tasks(_request(course, folder, force=True), tmp_path / "run")
    assert [t.scene_id for t in plan.tasks] == ["activations"]
    entry = valid_entry(course, folder)
    write_manifest(folder, course, [entry], tmp_path)
    assert read_manifest(folder)["outputs"] == [entry]
    (aside,) = folder.glob("manifest.json.bad-*")
    assert aside.read_text(encoding="utf-8") == text
    warning = capsys.readouterr().err.strip().splitlines()
    assert len(warning) == 1 and warning[0].startswith("zigzag: warning:") and "manifest.json" in warning[0]


def _request(
    course: object, folder: Path, force: bool, formats: tuple[str, ...] = ("png",)
) -> RenderRequest:
    """A request for the activations scene of ``course`` into ``folder``."""
    return RenderRequest(
        course=course,  # type: ignore[arg-type]
        scene_ids=("activations",), formats=formats, quality="l", out_dir=folder.parent, force=force,
    )


def valid_entry(course: object, folder: Path, name: str = "activations.png") -> dict[str, object]:
    (folder / "activations.png").write_bytes(b"png")
    scene_data = data_hash("activations", course)  # type: ignore[arg-type]
    return {
        "scene": "activations", "format": "png", "file": name, "bytes": 3, "duration": 0.0,
        "render_seconds": 1.0, "settings": {"quality": "l"}, "notes": [], "extra_files": [],
        "key": output_key(course, "activations", "png", "l", scene_data),  # type: ignore[arg-type]
        "data_hash": scene_data,
    }


@pytest.mark.parametrize("how", ["dot-dot", "absolute", "symlink-out"])
def test_a_file_outside_the_folder_is_never_up_to_date(tmp_path: Path, how: str) -> None:
    course = parse_course("")
    folder = tmp_path / "out" / "default"
    folder.mkdir(parents=True)
    entry = valid_entry(course, folder)
    outside = tmp_path / "out" / "activations.png"
    outside.write_bytes(b"png")
    (folder / "activations.png").unlink()
    if how == "symlink-out":
        (folder / "activations.png").symlink_to(outside)
    else:
        entry["file"] = "../activations.png" if how == "dot-dot" else str(outside)
    manifest = {"course": {"slug": "default", "name": "x", "language": "en", "course_hash": ""},
                "zigzag_version": "0", "manim_version": "0", "code_hash": "0" * 64, "outputs": [entry]}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    plan = plan_tasks(_request(course, folder, force=False), tmp_path / "run")
    assert plan.fresh == []
    assert [t.scene_id for t in plan.tasks] == ["activations"]


# ------------------------------------------------------------------ item 8: a damaged SVG cache


@pytest.mark.parametrize("content", [
    "", "<svg", "not xml at all", "<html/>",
    '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0L1 1"/>',
], ids=["empty", "cut", "text", "html", "cut-after-an-element"])
def test_damaged_cache_svg_is_discarded_not_used(tmp_path: Path, content: str) -> None:
    cache, media = tmp_path / "cache", tmp_path / "media"
    (cache / "Tex").mkdir(parents=True)
    (cache / "Tex" / "bad.svg").write_text(content, encoding="utf-8")
    (cache / "Tex" / "good.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"></svg>', encoding="utf-8")
    seed_from_cache(cache, media)
    assert sorted(p.name for p in (media / "Tex").iterdir()) == ["good.svg"]
    assert not (cache / "Tex" / "bad.svg").exists()


# ------------------------------------------------------------------ the same fault next door: sections


def sections_entry(course: object, folder: Path, index: object) -> dict[str, object]:
    """A manifest entry for activations.mp4 with a sections folder holding ``index``."""
    (folder / "activations.mp4").write_bytes(b"mp4")
    sections = folder / "activations.sections"
    sections.mkdir()
    (sections / "activations_0000_a.mp4").write_bytes(b"part")
    (sections / "activations.json").write_text(json.dumps(index), encoding="utf-8")
    scene_data = data_hash("activations", course)  # type: ignore[arg-type]
    return {
        "scene": "activations", "format": "mp4", "file": "activations.mp4", "bytes": 3, "duration": 1.0,
        "render_seconds": 1.0, "settings": {"quality": "l"}, "notes": [], "extra_files": ["activations.sections"],
        "key": output_key(course, "activations", "mp4", "l", scene_data),  # type: ignore[arg-type]
        "data_hash": scene_data,
    }


@pytest.mark.parametrize(
    ("video", "fresh"),
    [("activations_0000_a.mp4", True), ("../../victim.txt", False), ("/etc/hostname", False), ("gone.mp4", False)],
    ids=["inside", "dot-dot", "absolute", "missing"],
)
def test_sections_naming_files_outside_are_not_up_to_date(tmp_path: Path, video: str, fresh: bool) -> None:
    victim(tmp_path)
    course = parse_course("")
    folder = tmp_path / "out" / "default"
    folder.mkdir(parents=True)
    entry = sections_entry(course, folder, [{"name": "a", "video": video, "duration": "1.0"}])
    write_manifest(folder, course, [entry], tmp_path)
    plan = plan_tasks(_request(course, folder, force=False, formats=("mp4",)), tmp_path / "run")
    assert (plan.fresh == [entry]) is fresh
    if not fresh:
        from zigzag.assemble import SectionsDamaged, read_sections

        with pytest.raises(SectionsDamaged):
            read_sections(folder / "activations.sections")
