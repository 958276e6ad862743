"""On-screen words, one TOML catalogue per scene with a table per language.

``scenes/text/<catalogue>.toml`` holds ``[en]`` and ``[it]`` tables with the same keys. Values are
``str.format`` templates whose fields are filled with numbers formatted from data.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["LANGUAGES", "TEXT_DIR", "CatalogueError", "catalogue", "catalogue_names", "text"]

LANGUAGES: tuple[str, ...] = ("en", "it")
TEXT_DIR = Path(__file__).parent


class CatalogueError(KeyError):
    """A key or language missing from a catalogue."""


def catalogue_names() -> list[str]:
    """Names of all catalogues (file stems)."""
    return sorted(p.stem for p in TEXT_DIR.glob("*.toml"))


@cache
def catalogue(name: str) -> dict[str, dict[str, str]]:
    """The whole catalogue ``name``: language → key → template."""
    path = TEXT_DIR / f"{name}.toml"
    with path.open("rb") as handle:
        data: dict[str, dict[str, str]] = tomllib.load(handle)
    return data


def text(name: str, key: str, language: str, /, **values: Any) -> str:
    """The words for ``key`` in ``language``, looked up in ``name`` and then in ``common``."""
    for source in (name, "common"):
        table = catalogue(source).get(language)
        if table is None:
            raise CatalogueError(f"catalogue {source!r} has no language {language!r}")
        if key in table:
            return table[key].format(**values) if values else table[key]
    raise CatalogueError(f"no text {key!r} in catalogue {name!r} or 'common' ({language})")
