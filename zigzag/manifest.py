"""``manifest.json``: what an output folder holds, checked as carefully as a course file.

The manifest decides what is up to date, so a damaged one must neither stop every later render nor
make zigzag trust a file it did not write. It is read without following links, limited in size and
validated with a strict model: every file it names is one plain name inside the output folder
(``<scene>.<format>`` or ``<scene>.<something>``, never absolute, never ``..``). One that fails is
renamed ``manifest.json.bad-<time>`` beside it, with a one-line warning, and a new one is built.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
import sys
import time
from pathlib import Path
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from scenes.course import FormatName

__all__ = ["MANIFEST", "MAX_BYTES", "Manifest", "ManifestDamaged", "load_manifest", "set_aside_if_damaged"]

MANIFEST = "manifest.json"
MAX_BYTES = 8 * 1024 * 1024

Name = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=128)]
Hash = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Seconds = Annotated[float, Field(ge=0, le=1e6, allow_inf_nan=False)]
Setting = int | float | str | bool | list[str]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ManifestCourse(_Strict):
    """The course an output folder was rendered for."""

    slug: Name
    name: Annotated[str, StringConstraints(max_length=200)]
    language: Annotated[str, StringConstraints(max_length=16)]
    locale: Annotated[str, StringConstraints(max_length=16)] | None = None
    course_hash: Annotated[str, StringConstraints(max_length=64)]
    lecturer: Annotated[str, StringConstraints(max_length=200)] | None = None
    institution: Annotated[str, StringConstraints(max_length=200)] | None = None
    date: Annotated[str, StringConstraints(max_length=200)] | None = None
    licence: Annotated[str, StringConstraints(max_length=200)] | None = None
    logo: Annotated[str, StringConstraints(max_length=200)] | None = None
    logo_sha256: Hash | None = None


class ManifestOutput(_Strict):
    """One output file and what it was made from."""

    scene: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
    format: FormatName
    file: Name
    bytes: Annotated[int, Field(ge=0)]
    duration: Seconds
    render_seconds: Seconds
    settings: dict[Annotated[str, StringConstraints(max_length=64)], Setting]
    key: Hash
    data_hash: Hash
    notes: Annotated[list[Annotated[str, StringConstraints(max_length=500)]], Field(max_length=50)] = []
    extra_files: Annotated[list[Name], Field(max_length=10)] = []

    @model_validator(mode="after")
    def _files_belong_to_scene(self) -> ManifestOutput:
        if not _file_of(self.scene, self.format, self.file):
            raise ValueError(f"file must be {self.scene}.{self.format}" + (
                f" or {self.scene}.<moment>.png" if self.format == "png" else ""))
        if any(not name.startswith(f"{self.scene}.") or name == self.file for name in self.extra_files):
            raise ValueError(f"extra_files must be other files named {self.scene}.*")
        return self


def _file_of(scene: str, fmt: str, file: str) -> bool:
    """Whether ``file`` is a name ``scene`` writes in ``fmt``: ``<scene>.<fmt>``, a still of a
    moment ``<scene>.<moment>.png``, a sheet ``<scene>.sheet.png``."""
    if fmt == "sheet":
        return file == f"{scene}.sheet.png"
    if fmt == "slides":
        return scene == file == "slides"
    if fmt == "png":
        return re.fullmatch(re.escape(scene) + r"(\.[A-Za-z0-9_-]+(?:\.[0-9]+)?[A-Za-z0-9_-]*)?\.png", file) is not None
    return file == f"{scene}.{fmt}"


class Manifest(_Strict):
    """A whole ``manifest.json``."""

    course: ManifestCourse
    zigzag_version: Annotated[str, StringConstraints(max_length=64)]
    manim_version: Annotated[str, StringConstraints(max_length=64)]
    code_hash: Hash
    outputs: Annotated[list[ManifestOutput], Field(max_length=1000)]


class ManifestDamaged(ValueError):
    """``manifest.json`` is not a manifest zigzag can trust; the message says where."""


def _read_bytes(path: Path) -> bytes | None:
    """The file's bytes, read without following a link; None when there is no file."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise ManifestDamaged("it is a symbolic link") from None
        raise ManifestDamaged(error.strerror or str(error)) from None
    with os.fdopen(handle, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise ManifestDamaged("it is not a regular file")
        data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ManifestDamaged(f"it is larger than {MAX_BYTES:,} bytes")
    return data


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "top level"
    return f"{where}: {first['msg']}"


def load_manifest(folder: Path) -> Manifest | None:
    """The validated manifest of ``folder``; None when it has none.

    Raises
    ------
    ManifestDamaged
        The file is a link, too large, not JSON, or not shaped like a manifest.
    """
    data = _read_bytes(folder / MANIFEST)
    if data is None:
        return None
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise ManifestDamaged(f"not JSON ({type(error).__name__})") from None
    try:
        return Manifest.model_validate(value)
    except ValidationError as error:
        raise ManifestDamaged(_first_error(error)) from None
    except RecursionError:
        raise ManifestDamaged("nested too deeply") from None


def set_aside_if_damaged(folder: Path) -> Manifest | None:
    """Load ``folder``'s manifest; a damaged one is renamed ``manifest.json.bad-<time>`` with a
    one-line warning and None is returned (call while holding the folder's output lock)."""
    try:
        return load_manifest(folder)
    except ManifestDamaged as problem:
        stamp = time.strftime("%Y%m%dT%H%M%S")
        aside = folder / f"{MANIFEST}.bad-{stamp}-{os.getpid()}"
        with contextlib.suppress(FileNotFoundError):
            os.replace(folder / MANIFEST, aside)
        sys.stderr.write(
            f"zigzag: warning: {folder / MANIFEST} is damaged ({problem}); "
            f"moved to {aside.name}, a new one is built\n"
        )
        sys.stderr.flush()
        return None
