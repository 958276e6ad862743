"""zigzag, the tool: turns course files into lecture videos, GIFs, stills and their manifest.

It plans the (scene, format) tasks of a course, renders each in a private work folder (in-process
or in worker processes), and publishes finished files atomically under ``renders/<slug>/``. The
pictures come from :mod:`scenes` and every number from :mod:`zz_math`; this package only decides
what to render, where, and whether it is up to date.
"""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
