"""On-screen words, one TOML catalogue per scene with a table per language.

``scenes/text/<catalogue>.toml`` holds ``[en]`` and ``[it]`` tables with the same keys. Values are
``str.format`` templates whose fields are filled with numbers formatted from data.
"""

from __future__ import annotations

import math
import re
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


# A language code with this ending lengthens every word of the language before it by 40 % (the
# lengths of German and Finnish): the layout audit renders it so that no translation overflows.
STRETCHED = "+long"
STRETCH = 0.4


def stretched(template: str) -> str:
    """``template`` with every word 40 % longer (its first letters repeated), placeholders kept."""

    def longer(match: re.Match[str]) -> str:
        word = match.group(0)
        return word + word[: math.ceil(STRETCH * len(word))]

    pieces = re.split(r"(\{[^{}]*\})", template)
    return "".join(p if p.startswith("{") else re.sub(r"[^\W\d_]+", longer, p) for p in pieces)


def text(name: str, key: str, language: str, /, **values: Any) -> str:
    """The words for ``key`` in ``language``, looked up in ``name`` and then in ``common``.

    ``language`` may end in :data:`STRETCHED` (``en+long``): the words, 40 % longer.
    """
    if language.endswith(STRETCHED):
        return _stretched_text(name, key, language.removesuffix(STRETCHED), values)
    for source in (name, "common"):
        table = catalogue(source).get(language)
        if table is None:
            raise CatalogueError(f"catalogue {source!r} has no language {language!r}")
        if key in table:
            return table[key].format(**values) if values else table[key]
    raise CatalogueError(f"no text {key!r} in catalogue {name!r} or 'common' ({language})")


def _stretched_text(name: str, key: str, language: str, values: dict[str, Any]) -> str:
    for source in (name, "common"):
        table = catalogue(source).get(language, {})
        if key in table:
            template = stretched(table[key])
            return template.format(**values) if values else template
    raise CatalogueError(f"no text {key!r} in catalogue {name!r} or 'common' ({language})")
