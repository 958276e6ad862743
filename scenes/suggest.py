"""Did-you-mean suggestions for names from a fixed set (scene ids, keys, formats, qualities)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

__all__ = ["closest", "did_you_mean"]

CUTOFF = 0.6


def _folded(name: str) -> str:
    """``name`` compared loosely: case, ``_`` and spaces do not matter."""
    return name.casefold().replace("_", "-").replace(" ", "-")


def closest(value: str, options: Iterable[str], aliases: Mapping[str, str] | None = None) -> str | None:
    """The option ``value`` most likely meant, or ``None`` when nothing is close.

    Parameters
    ----------
    value
        What was typed.
    options
        The allowed names.
    aliases
        Other spellings that mean an option (``"high"`` for quality ``"h"``), matched like options.
    """
    spellings: dict[str, str] = {}
    for option in options:
        spellings.setdefault(_folded(option), option)
        spellings.setdefault(_folded(option).replace("-", ""), option)
    for alias, option in (aliases or {}).items():
        spellings.setdefault(_folded(alias), option)
    folded = _folded(str(value))
    if folded in spellings:
        return spellings[folded]
    match = difflib.get_close_matches(folded, list(spellings), n=1, cutoff=CUTOFF)
    return spellings[match[0]] if match else None


def did_you_mean(value: str, options: Iterable[str], aliases: Mapping[str, str] | None = None) -> str:
    """``"; did you mean 'x'?"`` for the closest option, or ``""`` when nothing is close."""
    options = list(options)
    suggestion = closest(value, options, aliases)
    if suggestion is None or suggestion == value:
        return ""
    return f"; did you mean {suggestion!r}?"
