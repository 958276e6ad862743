"""Which characters a font can show, from fontconfig, and which installed font shows the rest.

Pango falls back to another installed font for a character the course's font lacks, so a course in
Japanese with ``font = "DejaVu Sans"`` still renders, but in two typefaces; with no font at all for a
script, Pango draws boxes. :func:`coverage_warning` says which happens and what to do.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable

__all__ = ["FONT_PACKAGES", "coverage_warning", "fonts_covering", "uncovered"]

# Debian packages with fonts for the scripts DejaVu lacks; fonts-noto-core is installed by
# `make render`, fonts-noto-cjk (about 90 MB) by `make test` or on demand.
FONT_PACKAGES = {
    "fonts-noto-core": "Arabic, Hebrew, Devanagari, Thai, Armenian, Georgian, Ethiopic and more",
    "fonts-noto-cjk": "Chinese, Japanese and Korean",
}


def _fc(*args: str) -> str:
    tool = shutil.which("fc-list")
    if tool is None:
        return ""
    return subprocess.run([tool, *args], capture_output=True, text=True, check=False).stdout


@functools.cache
def _charset(family: str) -> tuple[tuple[int, int], ...]:
    """Code point ranges the installed faces of ``family`` cover (union of its faces)."""
    ranges = []
    for line in _fc("--format", "%{charset}\n", family).splitlines():
        for part in line.split():
            low, _, high = part.partition("-")
            try:
                ranges.append((int(low, 16), int(high or low, 16)))
            except ValueError:
                continue
    return tuple(sorted(set(ranges)))


def _shown(character: str) -> bool:
    """Whether a font needs a glyph for ``character`` (not spaces, controls or format marks)."""
    return not character.isspace() and unicodedata.category(character) not in {"Cc", "Cf", "Zs", "Zl", "Zp"}


def uncovered(family: str, texts: Iterable[str]) -> list[str]:
    """The characters of ``texts`` that ``family`` has no glyph for, in order (each once);
    empty when fontconfig is missing or does not know the family."""
    ranges = _charset(family)
    if not ranges:
        return []
    seen: dict[str, None] = {}
    for text in texts:
        for character in text:
            if character in seen or not _shown(character):
                continue
            point = ord(character)
            if not any(low <= point <= high for low, high in ranges):
                seen[character] = None
    return list(seen)


# The CJK faces of a family differ by region: the one for the course's language comes first.
CJK_REGIONS = {"ja": "JP", "ko": "KR", "zh": "SC", "zh-Hans": "SC", "zh-Hant": "TC", "zh-TW": "TC", "zh-HK": "HK"}


def fonts_covering(characters: list[str], language: str = "") -> list[str]:
    """Installed families that have every one of ``characters``: Noto Sans faces first, the
    region of ``language`` first among CJK faces."""
    if not characters:
        return []
    wanted = " ".join(f"{ord(c):x}" for c in characters[:200])
    families = {name.strip() for line in _fc(f":charset={wanted}", "family").splitlines()
                for name in line.split(",")[:1] if name.strip()}
    region = CJK_REGIONS.get(language) or CJK_REGIONS.get(language.split("-")[0], "")
    return sorted(families, key=lambda f: (not f.startswith("Noto Sans"), "Mono" in f,
                                           not (region and f.endswith(region)), len(f), f))


def coverage_warning(family: str, texts: Iterable[str], source: str, language: str = "") -> str | None:
    """One line when ``family`` cannot show some characters of ``texts``: which, and a font that can
    (or the Debian package to install when no installed font can); ``None`` when it shows them all."""
    missing = uncovered(family, texts)
    if not missing:
        return None
    sample = "".join(missing[:12]) + ("…" if len(missing) > 12 else "")
    head = f"{source}: font {family!r} has no glyph for {len(missing)} characters of the course's words ({sample})"
    covering = fonts_covering(missing, language)
    if covering:
        return f"{head}; another font is used for them. For one typeface, set [theme] font = {covering[0]!r}"
    groups: dict[str, list[str]] = {}
    for character in missing:
        groups.setdefault(unicodedata.name(character, "?").split()[0], []).append(character)
    found = {script: fonts_covering(chars, language) for script, chars in groups.items()}
    lacking = "".join(c for script, chars in groups.items() if not found[script] for c in chars)
    if not lacking:
        named = ", ".join(f"{fonts[0]!r} for {script.title()}" for script, fonts in found.items())
        return f"{head}; other fonts are used for them ({named})"
    packages = " ".join(FONT_PACKAGES)
    return (f"{head}, and no installed font has {lacking[:12]!r}: they show as boxes. Install fonts, e.g. "
            f"apt-get install {packages} ({'; '.join(FONT_PACKAGES.values())})")
