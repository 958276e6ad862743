"""Output folders: hashes that decide what is up to date, the manifest, locks and atomic moves."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.metadata
import json
import os
import shutil
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from scenes.course import Course

__all__ = [
    "MANIFEST",
    "QUALITIES",
    "clean_stale",
    "code_version",
    "data_hash",
    "output_key",
    "output_lock",
    "output_settings",
    "publish",
    "read_manifest",
    "work_root",
    "write_manifest",
]

QUALITIES: dict[str, tuple[int, int, int]] = {
    "l": (854, 480, 15),
    "m": (1280, 720, 30),
    "h": (1920, 1080, 60),
    "k": (3840, 2160, 60),
}
MANIFEST = "manifest.json"
PACKAGE_ROOT = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of zigzag's own source and text files: a change to any of them renders again."""
    digest = hashlib.sha256()
    for package in ("scenes", "zz_math"):
        for path in sorted((PACKAGE_ROOT / package).rglob("*")):
            if path.suffix in (".py", ".toml") and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(PACKAGE_ROOT)).encode())
                digest.update(path.read_bytes())
    digest.update(importlib.metadata.version("manim").encode())
    return digest.hexdigest()


def data_hash(scene_id: str, course: Course) -> str:
    """Hash of the numbers ``scene_id`` shows."""
    from zz_math.story import scene_data_json

    payload = json.dumps(scene_data_json(scene_id, course.to_problem()), sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def output_settings(course: Course, fmt: str, quality: str) -> dict[str, Any]:
    width, height, fps = QUALITIES[quality]
    if fmt == "gif":
        r = course.render
        return {"fps": r.gif_fps, "width": r.gif_width, "max_bytes": r.gif_max_bytes}
    return {"quality": quality, "width": width, "height": height, "fps": fps}


def output_key(course: Course, scene_id: str, fmt: str, quality: str, scene_data: str) -> str:
    """Identity of one output: code, course file, data, scene, format and settings."""
    parts = [
        code_version(),
        course.source_hash,
        scene_data,
        scene_id,
        fmt,
        json.dumps(output_settings(course, fmt, quality), sort_keys=True),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def work_root(out_dir: Path) -> Path:
    """Where work folders go: ``$ZIGZAG_WORK_DIR`` or ``.zigzag-work`` beside the output folder."""
    configured = os.environ.get("ZIGZAG_WORK_DIR")
    return Path(configured) if configured else out_dir.resolve().parent / ".zigzag-work"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(root: Path) -> None:
    """Remove work folders of processes that no longer run (a killed render)."""
    if not root.is_dir():
        return
    for entry in root.iterdir():
        pid_text = entry.name.split("-", 1)[0]
        if entry.is_dir() and pid_text.isdigit() and not _pid_alive(int(pid_text)):
            shutil.rmtree(entry, ignore_errors=True)


@contextlib.contextmanager
def output_lock(root: Path, target: Path) -> Iterator[None]:
    """Hold an exclusive lock for ``target`` (an output folder) while publishing into it."""
    locks = root / "locks"
    locks.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha256(str(target.resolve()).encode()).hexdigest()[:16]
    with (locks / f"{name}.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def publish(source: Path, destination: Path) -> None:
    """Move ``source`` to ``destination`` atomically (a folder replaces the old folder whole)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    same_device = os.stat(source).st_dev == os.stat(destination.parent).st_dev
    staged = source
    if not same_device:
        staged = destination.parent / f".{destination.name}.partial-{os.getpid()}"
        if source.is_dir():
            shutil.copytree(source, staged)
        else:
            shutil.copyfile(source, staged)
    if staged.is_dir():
        old = destination.parent / f".{destination.name}.old-{os.getpid()}"
        if destination.exists():
            os.replace(destination, old)
        os.replace(staged, destination)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staged, destination)


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of an output folder (empty when there is none or it is unreadable)."""
    path = folder / MANIFEST
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_manifest(folder: Path, course: Course, outputs: list[dict[str, Any]], work: Path) -> None:
    """Merge ``outputs`` into the folder's manifest and write it atomically."""
    from scenes import __version__ as zigzag_version

    manim_version = importlib.metadata.version("manim")

    manifest = read_manifest(folder)
    entries = {(o["scene"], o["format"]): o for o in manifest.get("outputs", []) if isinstance(o, dict)}
    for output in outputs:
        entries[(output["scene"], output["format"])] = output
    manifest = {
        "course": {
            "slug": course.slug,
            "name": course.course.name,
            "language": course.language,
            "course_hash": course.source_hash,
        },
        "zigzag_version": zigzag_version,
        "manim_version": manim_version,
        "code_hash": code_version(),
        "outputs": sorted(entries.values(), key=lambda o: (o["scene"], o["format"])),
    }
    staged = work / MANIFEST
    staged.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    publish(staged, folder / MANIFEST)
