"""Output folders: hashes that decide what is up to date, the manifest, locks and atomic moves."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import importlib.metadata
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from scenes.course import Course
from scenes.layout import ASPECTS, SHORT_SIDE, pixel_size
from zigzag.manifest import MANIFEST, Manifest, ManifestDamaged, load_manifest, set_aside_if_damaged

__all__ = [
    "MANIFEST",
    "QUALITIES",
    "clean_stale",
    "code_version",
    "data_hash",
    "gif_size",
    "manim_settings",
    "output_key",
    "output_lock",
    "output_settings",
    "pid_alive",
    "publish",
    "read_manifest",
    "video_size",
    "work_root",
    "write_manifest",
]

QUALITIES: dict[str, tuple[int, int, int]] = {
    "l": (854, 480, 15),
    "m": (1280, 720, 30),
    "h": (1920, 1080, 60),
    "k": (3840, 2160, 60),
}
PACKAGE_ROOT = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of zigzag's own source and text files: a change to any of them renders again."""
    digest = hashlib.sha256()
    for package in ("zigzag", "scenes", "zz_math"):
        for path in sorted((PACKAGE_ROOT / package).rglob("*")):
            if path.suffix in (".py", ".toml") and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(PACKAGE_ROOT)).encode())
                digest.update(path.read_bytes())
    digest.update(importlib.metadata.version("manim").encode())
    return digest.hexdigest()


def data_hash(scene_id: str, course: Course) -> str:
    """Hash of the numbers ``scene_id`` shows."""
    from scenes.registry import scene_data_json

    payload = json.dumps(scene_data_json(scene_id, course.to_problem()), sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def video_size(quality: str, aspect: str) -> tuple[int, int, int]:
    """``(width, height, fps)`` of a video at ``quality`` in ``aspect``: the quality's short side stays
    (``h``: 1920×1080, 1440×1080, 1080×1080, 1080×1920)."""
    _, short, fps = QUALITIES[quality]
    width, height = pixel_size(aspect, short)
    return width, height, fps


def manim_settings(media: Path, size: tuple[int, int, int], fmt: str, verbose: bool) -> dict[str, Any]:
    """manim settings every render shares: a private media folder, size, rate, quiet logs.

    The frame's short side is always the same number of units (:func:`scenes.layout.frame_units`),
    so a font size is the same on screen in every shape.
    """
    width, height, fps = size
    scale = SHORT_SIDE / min(width, height)
    return {
        "frame_width": width * scale,
        "frame_height": height * scale,
        "media_dir": str(media),
        "tex_dir": str(media / "Tex"),
        "text_dir": str(media / "texts"),
        "pixel_width": width,
        "pixel_height": height,
        "frame_rate": fps,
        "disable_caching": True,
        "verbosity": "INFO" if verbose else "ERROR",
        "progress_bar": "display" if verbose and fmt != "none" else "none",
        "format": fmt,
    }


def gif_size(width: int, aspect: str) -> tuple[int, int]:
    """``(width, height)`` of a GIF ``width`` pixels wide in ``aspect`` (even height)."""
    across, down = ASPECTS[aspect]
    return width, 2 * round(width * down / across / 2)


def output_settings(course: Course, fmt: str, quality: str, at: str | None = None) -> dict[str, Any]:
    """The settings an output is rendered with (part of its key, and recorded in the manifest);
    ``at`` is a still's moment."""
    aspect = course.render.aspect
    if fmt == "gif":
        r = course.render
        return {"fps": r.gif_fps, "width": r.gif_width, "max_bytes": r.gif_max_bytes, "aspect": aspect}
    width, height, fps = video_size(quality, aspect)
    settings: dict[str, Any] = {"quality": quality, "width": width, "height": height, "fps": fps, "aspect": aspect}
    if fmt in ("mp4", "webm", "slides"):
        settings["captions"] = course.render.captions
    return {**settings, "at": at} if fmt == "png" and at is not None else settings


def output_key(course: Course, scene_id: str, fmt: str, quality: str, scene_data: str, at: str | None = None) -> str:
    """Identity of one output: code, course file, data, scene, format and settings."""
    parts = [
        code_version(),
        course.source_hash,
        scene_data,
        scene_id,
        fmt,
        json.dumps(output_settings(course, fmt, quality, at), sort_keys=True),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def work_root(out_dir: Path) -> Path:
    """Where work folders go: ``$ZIGZAG_WORK_DIR`` or ``.zigzag-work`` beside the output folder."""
    configured = os.environ.get("ZIGZAG_WORK_DIR")
    return Path(configured) if configured else out_dir.resolve().parent / ".zigzag-work"


def pid_alive(pid: int) -> bool:
    """True while a process ``pid`` exists (ours or another user's)."""
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
        if entry.is_dir() and pid_text.isdigit() and not pid_alive(int(pid_text)):
            shutil.rmtree(entry, ignore_errors=True)


def _open_lock(folder: Path, name: str) -> int:
    """Open (or create) the lock file ``folder/name`` without following a link: a link planted there
    is removed (the link, never what it points to) and the file made anew."""
    directory = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        for _ in range(3):
            try:
                handle = os.open(name, _LOCK_FLAGS, 0o600, dir_fd=directory)
            except OSError as error:
                if error.errno != errno.ELOOP:
                    raise
                os.unlink(name, dir_fd=directory)
                continue
            if stat.S_ISREG(os.fstat(handle).st_mode):
                return handle
            os.close(handle)
            break
        raise OSError(errno.EEXIST, "lock is not a regular file", str(folder / name))
    finally:
        os.close(directory)


_LOCK_FLAGS = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK


@contextlib.contextmanager
def output_lock(root: Path, target: Path) -> Iterator[None]:
    """Hold an exclusive lock for ``target`` (an output folder) while publishing into it."""
    locks = root / "locks"
    locks.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha256(str(target.resolve()).encode()).hexdigest()[:16]
    handle = _open_lock(locks, f"{name}.lock")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def _remove(path: Path) -> None:
    """Remove ``path`` (a file, a link or a folder we made); nothing when it is gone."""
    with contextlib.suppress(FileNotFoundError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            os.unlink(path)


def _stage_copy(source: Path, folder: Path, name: str) -> Path:
    """A copy of ``source`` in ``folder`` under a new, unpredictable name (created exclusively, so
    no planted file or link is ever written through); removed again if copying fails."""
    if source.is_dir():
        staged = Path(tempfile.mkdtemp(dir=folder, prefix=f".{name}.", suffix=".partial"))
        try:
            shutil.copytree(source, staged, dirs_exist_ok=True)
        except BaseException:
            _remove(staged)
            raise
        return staged
    handle, staged_name = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".partial")
    try:
        with os.fdopen(handle, "wb") as target, source.open("rb") as origin:
            os.fchmod(target.fileno(), stat.S_IMODE(os.fstat(origin.fileno()).st_mode))
            shutil.copyfileobj(origin, target)
    except BaseException:
        _remove(Path(staged_name))
        raise
    return Path(staged_name)


def _swap_folder(staged: Path, destination: Path) -> None:
    """Put the folder ``staged`` at ``destination``, the old one (if any) moved aside first and
    back again if the swap fails."""
    if destination.is_symlink() or (os.path.lexists(destination) and not destination.is_dir()):
        os.unlink(destination)
    if not os.path.lexists(destination):
        os.replace(staged, destination)
        return
    old = Path(tempfile.mkdtemp(dir=destination.parent, prefix=f".{destination.name}.", suffix=".old"))
    os.replace(destination, old)
    try:
        os.replace(staged, destination)
    except BaseException:
        os.replace(old, destination)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _same_device(source: Path, folder: Path) -> bool:
    return os.stat(source).st_dev == os.stat(folder).st_dev


def publish(source: Path, destination: Path) -> None:
    """Move ``source`` to ``destination`` atomically (a folder replaces the old folder whole).

    Across file systems the copy goes to a temporary of an unpredictable name beside
    ``destination`` and is renamed into place; whatever fails on the way (a full disk, an
    interrupt), the temporary is removed.
    """
    folder = destination.parent
    folder.mkdir(parents=True, exist_ok=True)
    staged = source if _same_device(source, folder) else _stage_copy(source, folder, destination.name)
    try:
        if staged.is_dir() and not staged.is_symlink():
            _swap_folder(staged, destination)
        else:
            os.replace(staged, destination)
    except BaseException:
        if staged != source:
            _remove(staged)
        raise


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of an output folder as plain data: empty when there is none or it is damaged
    (:func:`write_manifest` sets a damaged one aside)."""
    try:
        manifest = load_manifest(folder)
    except ManifestDamaged:
        return {}
    return manifest.model_dump(mode="json") if manifest is not None else {}


def write_manifest(folder: Path, course: Course, outputs: list[dict[str, Any]], work: Path) -> None:
    """Merge ``outputs`` into the folder's manifest and write it atomically (hold the output lock)."""
    from zigzag import __version__ as zigzag_version

    old = set_aside_if_damaged(folder)
    entries = {(o.scene, o.format): o.model_dump(mode="json") for o in old.outputs} if old else {}
    for output in outputs:
        entries[(output["scene"], output["format"])] = output
    manifest = {
        "course": {
            "slug": course.slug,
            "name": course.course.name,
            "language": course.language,
            "locale": course.locale,
            "course_hash": course.source_hash,
            **course.identity(),
            **({"logo": course.course.logo, "logo_sha256": hashlib.sha256(course.logo.data).hexdigest()}
               if course.logo else {}),
        },
        "zigzag_version": zigzag_version,
        "manim_version": importlib.metadata.version("manim"),
        "code_hash": code_version(),
        "outputs": sorted(entries.values(), key=lambda o: (o["scene"], o["format"])),
    }
    Manifest.model_validate(manifest)  # what is written must read back as a manifest
    staged = work / MANIFEST
    staged.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    publish(staged, folder / MANIFEST)
