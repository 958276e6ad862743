"""The ``--out`` folder: refused, before anything is written, when it cannot be what the user meant.

An empty value would silently mean the current folder; a link whose target does not exist would make
zigzag create folders wherever it points; a file, or a folder that cannot be written, fails later and
worse. Each gets one line naming ``--out`` and what is allowed.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["out_dir_problem"]

ALLOWED = "choose a folder you can write to"


def _dangling(path: Path) -> Path | None:
    """The first of ``path`` and its parents that is a link to nothing, if any."""
    for candidate in (path, *path.parents):
        if candidate.is_symlink() and not candidate.exists():
            return candidate
    return None


def out_dir_problem(raw: str | os.PathLike[str], slug: str) -> str | None:
    """What is wrong with ``--out raw`` for a course whose folder is ``slug``, or None.

    Parameters
    ----------
    raw
        The value given to ``--out``, as typed.
    slug
        The course's folder name under it.
    """
    if not os.fspath(raw).strip():
        return f"--out: the value is empty; {ALLOWED} (e.g. --out renders)"
    out = Path(raw)
    link = _dangling(out / slug)
    if link is not None:
        return f"--out: {link} is a link to {os.readlink(link)}, which does not exist; {ALLOWED}"
    probe = out / slug
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    if not probe.is_dir():
        return f"--out: {probe} exists and is not a folder; {ALLOWED}"
    try:
        tempfile.TemporaryDirectory(dir=probe, prefix=".zigzag-probe-").cleanup()
    except OSError as error:
        return f"--out: cannot write into {probe} ({error.strerror}); {ALLOWED}"
    return None
