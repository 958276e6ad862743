"""Texts and formulas built once for every process: the shared cache keeps them, ready to draw.

Building a :class:`~manim.Text` or :class:`~manim.MathTex` from its finished SVG (parsing the SVG,
turning every glyph into curves) is most of the time a still of a scene takes in a new process. A
process that seeds from the shared cache (:func:`zigzag.svg_cache.seed_from_cache`) also takes the
mobjects other processes built there, by what they show (:func:`scenes.base.use_store`).

An entry is a zlib-compressed pickle of the mobject (without the parsed SVG it was made from),
written atomically through a temporary file. Reading it goes through an unpickler that makes only
manim's mobject and style classes and numpy arrays: an entry that holds anything else, or is
damaged, is deleted and built again. Entries sit in a folder per version of zigzag's code and
manim, and the folders of other versions are removed when a new one is made.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import shutil
import sys
import tempfile
import zlib
from pathlib import Path
from typing import Any

__all__ = ["BuiltStore", "open_store"]

FOLDER = "built"
# The classes outside manim an entry may hold: numpy's arrays and scalars, and paths.
ALLOWED = {
    ("numpy", "dtype"), ("numpy", "ndarray"),
    ("numpy._core.multiarray", "_reconstruct"), ("numpy._core.multiarray", "scalar"),
    ("numpy._core.numeric", "_frombuffer"),
    ("numpy.core.multiarray", "_reconstruct"), ("numpy.core.multiarray", "scalar"),
    ("numpy.core.numeric", "_frombuffer"),
    ("pathlib", "PosixPath"), ("pathlib", "Path"),
}


class _Unpickler(pickle.Unpickler):
    """Makes manim classes (types only, never functions) and the :data:`ALLOWED` names."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in ALLOWED:
            return super().find_class(module, name)
        if module == "manim" or module.startswith("manim."):
            found = getattr(sys.modules.get(module) or __import__(module, fromlist=[name]), name, None)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a built entry")


class BuiltStore:
    """Built mobjects in ``folder``, by a key of what they show."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: tuple[Any, ...]) -> Path:
        return self.folder / (hashlib.sha256(repr(key).encode()).hexdigest()[:32] + ".pickle.z")

    def get(self, key: tuple[Any, ...]) -> Any | None:
        """The mobject built for ``key``, or ``None`` (a damaged or foreign entry is deleted)."""
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            return _Unpickler(io.BytesIO(zlib.decompress(data))).load()
        except Exception:  # any damage: build it again
            with contextlib.suppress(OSError):
                path.unlink()
            return None

    def put(self, key: tuple[Any, ...], mobject: Any) -> None:
        """Keep ``mobject`` for ``key`` (best effort: a full disk only costs the next build)."""
        path = self._path(key)
        if path.exists():
            return
        kept = mobject.copy()
        for part in kept.get_family():
            if "path_obj" in part.__dict__:
                part.path_obj = None
        try:
            data = zlib.compress(pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL), 1)
            handle, staged = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            return
        try:
            with os.fdopen(handle, "wb") as target:
                target.write(data)
            os.replace(staged, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(staged)


def open_store(cache: Path) -> BuiltStore | None:
    """The store of built mobjects in the shared ``cache`` for this code, made if missing (other
    versions' stores removed); ``None`` if it cannot be made or is not a real folder."""
    from zigzag.outputs import code_version

    root = cache / FOLDER
    folder = root / code_version()[:16]
    if root.is_symlink() or folder.is_symlink():
        return None
    try:
        if not folder.is_dir():
            folder.mkdir(parents=True, exist_ok=True)
            for old in root.iterdir():
                if old != folder and old.is_dir() and not old.is_symlink():
                    shutil.rmtree(old, ignore_errors=True)
    except OSError:
        return None
    return BuiltStore(folder)
