"""The shared cache of finished SVGs (TeX formulas, Pango texts) that renders seed from.

manim uses an SVG that already exists instead of compiling again, so a damaged entry would break
every later render: an entry that is not a regular file or does not parse as SVG is discarded when
seeding, and manim makes it again. Entries are added atomically through temporary files of
unpredictable names, so a planted link is never written through.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from pathlib import Path

__all__ = ["CACHED_FOLDERS", "seed_from_cache", "store_in_cache"]

CACHED_FOLDERS = ("Tex", "texts")


# How much of an SVG's start and end is read to tell a whole document from a damaged one.
SVG_EDGE = 256


def _svg_ok(path: Path) -> bool:
    """Whether ``path`` is a regular file (not a link) holding a whole SVG document: it opens as
    XML or SVG and ends by closing its ``svg`` element (entries are written whole or not at all,
    so a damaged one is cut short, empty or not an SVG; reading its two ends is enough)."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        with path.open("rb") as handle:
            head = handle.read(SVG_EDGE)
            handle.seek(max(0, os.fstat(handle.fileno()).st_size - SVG_EDGE))
            tail = handle.read()
    except OSError:
        return False
    opens = head.lstrip().startswith((b"<?xml", b"<svg"))
    return opens and tail.rstrip().endswith(b"</svg>")


def _copy_file(source: Path, folder: Path, name: str) -> None:
    """Copy ``source`` to ``folder/name`` through a temporary file of an unpredictable name, renamed
    into place, so readers never see half a file and no planted link is followed."""
    handle, staged = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as target, source.open("rb") as origin:
            shutil.copyfileobj(origin, target)
        os.replace(staged, folder / name)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(staged)
        raise


def _copy_svgs(source_root: Path, target_root: Path, *, link: bool) -> None:
    """Copy the SVGs of each cached folder that the target lacks (hard links when ``link``, else
    a temporary file renamed into place, so readers never see half a file).

    An SVG that is not a regular file or does not parse is skipped, and removed when it is in the
    shared cache (``link``, seeding from it): manim then makes that formula again.
    """
    for name in CACHED_FOLDERS:
        source = source_root / name
        if not source.is_dir():
            continue
        target = target_root / name
        target.mkdir(parents=True, exist_ok=True)
        if source.is_symlink() or target.is_symlink():
            continue  # a folder someone replaced with a link: neither read nor written
        for svg in source.glob("*.svg"):
            destination = target / svg.name
            if os.path.lexists(destination):
                continue
            if not _svg_ok(svg):
                if link:
                    with contextlib.suppress(OSError):
                        os.unlink(svg)
                continue
            if link:
                with contextlib.suppress(OSError):
                    os.link(svg, destination, follow_symlinks=False)
                    continue
            _copy_file(svg, target, svg.name)


def seed_from_cache(cache: Path, media: Path) -> None:
    """Link the shared cache's finished SVGs (TeX formulas, Pango texts) into a private media folder.

    manim uses an SVG that already exists instead of compiling again; each render still compiles
    into its own folder, so parallel renders never touch each other's TeX files. The process also
    takes texts and formulas other processes built from the cache's store of them
    (:mod:`zigzag.built_cache`).
    """
    from scenes.base import use_store
    from zigzag.built_cache import open_store

    _copy_svgs(cache, media, link=True)
    use_store(open_store(cache))


def store_in_cache(media: Path, cache: Path) -> None:
    """Add the SVGs a render made to the shared cache, each file atomically."""
    _copy_svgs(media, cache, link=False)
