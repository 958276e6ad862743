"""On-screen words: one TOML catalogue per language, a table per scene.

``scenes/text/<language>.toml`` (``en.toml``, ``it.toml``) holds one table per scene (``[chain-rule]``)
and a few shared ones (``[common]``, ``[alt]``, ``[registry]``, ``[lecture]``). English is complete
and is the reference: every other catalogue, shipped or brought by a course, has the same tables and
keys, and a key it lacks falls back to English. Values are ``str.format`` templates whose fields are
filled with numbers formatted from data; keys starting with ``tex_`` are TeX (never formatted).

A course brings its own catalogue in the same format (:func:`export` writes one to start from) and
may override single keys in its ``[text]`` table; :func:`check_catalogue` refuses unknown keys,
changed placeholders and TeX outside the notation's allow-list. :class:`Words` looks words up.
"""

from __future__ import annotations

import math
import re
import string
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from scenes.suggest import did_you_mean

__all__ = [
    "ENGLISH",
    "LANGUAGES",
    "MAX_CATALOGUE_BYTES",
    "STRETCHED",
    "TEXT_DIR",
    "CatalogueError",
    "Words",
    "catalogue_names",
    "check_catalogue",
    "export",
    "home_table",
    "missing_keys",
    "placeholders",
    "read_catalogue",
    "shipped",
    "text",
]

TEXT_DIR = Path(__file__).parent
ENGLISH = "en"
LANGUAGES: tuple[str, ...] = tuple(sorted(p.stem for p in TEXT_DIR.glob("*.toml")))
MAX_CATALOGUE_BYTES = 1024 * 1024
TEX_PREFIX = "tex_"
# Characters a translation may hold although they are invisible: line breaks, the bidi marks that
# keep numbers and punctuation in place in right-to-left text, and the joiners some scripts need.
ALLOWED_INVISIBLE = frozenset("\n\u200c\u200d\u200e\u200f\u061c")
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
# The tables that are not scenes, with what they hold (for the export's comments).
SHARED_TABLES = {
    "common": "words shared by several scenes",
    "alt": "alt text written beside each GIF",
    "registry": "one line per scene for `zigzag list`",
    "lecture": "the lecture's title card",
}


class CatalogueError(KeyError):
    """A key or language missing from a catalogue."""


@cache
def shipped(language: str) -> dict[str, dict[str, str]]:
    """The catalogue shipped for ``language``: table → key → template (empty when none is shipped)."""
    path = TEXT_DIR / f"{language}.toml"
    if language not in LANGUAGES:
        return {}
    with path.open("rb") as handle:
        data: dict[str, dict[str, str]] = tomllib.load(handle)
    return data


def catalogue_names() -> list[str]:
    """Names of all tables of the reference (English) catalogue."""
    return list(shipped(ENGLISH))


def home_table(name: str, key: str) -> str | None:
    """The English table that defines ``key`` for the scene ``name``: its own, else ``common``."""
    reference = shipped(ENGLISH)
    for table in (name, "common"):
        if key in reference.get(table, {}):
            return table
    return None


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


@dataclass(frozen=True)
class Words:
    """Where a course's words come from: its own translations (``own``: table → key → template),
    then the shipped catalogue of ``language``, then English.

    ``language`` may end in :data:`STRETCHED` (``en+long``): the words, 40 % longer.
    """

    language: str = ENGLISH
    own: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def __hash__(self) -> int:
        return hash((self.language, tuple((t, tuple(sorted(k.items()))) for t, k in sorted(self.own.items()))))

    @property
    def base_language(self) -> str:
        """The language without :data:`STRETCHED`."""
        return self.language.removesuffix(STRETCHED)

    def template(self, name: str, key: str) -> str:
        """The raw template of ``key`` for the scene (or table) ``name``."""
        table = home_table(name, key)
        if table is None:
            raise CatalogueError(f"no text {key!r} in catalogue {name!r} or 'common'")
        language = self.base_language
        for source in (self.own, shipped(language), shipped(ENGLISH)):
            found = source.get(table, {}).get(key)
            if found is not None:
                break
        assert found is not None
        stretch = self.language.endswith(STRETCHED) and not key.startswith(TEX_PREFIX)  # TeX stays TeX
        return stretched(found) if stretch else found

    def __call__(self, name: str, key: str, /, **values: Any) -> str:
        """The words for ``key`` in scene ``name``'s catalogue (or ``common``), filled with ``values``."""
        template = self.template(name, key)
        if key.startswith(TEX_PREFIX):
            return template
        return template.format(**values) if values else template


def text(name: str, key: str, language: str, /, **values: Any) -> str:
    """The words for ``key`` of a shipped ``language``, looked up in ``name`` and then in ``common``."""
    return Words(language)(name, key, **values)


# ---------------------------------------------------------------------------- checking translations


def placeholders(template: str) -> set[str]:
    """The field names of ``template`` (``{steps}`` → ``steps``); ValueError for bad braces."""
    return {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}


def _field_problem(template: str, expected: set[str]) -> str | None:
    """What is wrong with ``template``'s placeholders against the English ones, or ``None``."""
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        return "has a lone '{' or '}' (write {{ or }} for a brace that is shown)"
    used = set()
    for _, name, spec, conversion in fields:
        if name is None:
            continue
        if name == "" or not name.isidentifier() or spec or conversion:
            return f"has the placeholder {{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}; " \
                   "placeholders are plain names such as {steps}"
        used.add(name)
    if used != expected:
        dropped = ", ".join(f"{{{n}}}" for n in sorted(expected - used))
        extra = ", ".join(f"{{{n}}}" for n in sorted(used - expected))
        parts = [f"drops {dropped}" if dropped else "", f"adds {extra}" if extra else ""]
        want = ", ".join(f"{{{n}}}" for n in sorted(expected)) or "none"
        return f"{' and '.join(p for p in parts if p)} (its placeholders must be exactly: {want})"
    return None


def _hidden_problem(template: str) -> str | None:
    for character in template:
        if character in ALLOWED_INVISIBLE:
            continue
        if unicodedata.category(character) in HIDDEN_CATEGORIES:
            name = unicodedata.name(character, "a control character")
            return (f"contains U+{ord(character):04X} ({name}), an invisible control or format "
                    "character; use printable characters (line breaks, LRM/RLM and joiners are allowed)")
    return None


def _tex_problem(template: str) -> str | None:
    from scenes.notation import NotationError, check_tex

    try:
        check_tex(template)
    except NotationError as error:
        return f"is TeX and {error}"
    return None


def check_catalogue(tables: Any, source: str, prefix: str = "") -> list[str]:
    """One line per problem of the catalogue ``tables`` (table → key → text) against English:
    an unknown table or key (with a did-you-mean), a value that is not text, placeholders that
    differ from the English key's, invisible characters, TeX outside the allow-list."""
    reference = shipped(ENGLISH)
    if not isinstance(tables, dict):
        return [f"{source}: {prefix or ''}must be a table of scene tables such as [chain-rule]"]
    errors = []
    for table, entries in tables.items():
        if table not in reference:
            hint = did_you_mean(table, list(reference)) or f"; tables: {', '.join(reference)}"
            errors.append(f"{source}: unknown table [{prefix}{_plain(table)}]{hint}")
            continue
        if not isinstance(entries, dict):
            errors.append(f"{source}: {prefix}{_plain(table)} must be a table of key = \"text\"")
            continue
        for key, value in entries.items():
            where = f"{source}: {prefix}{_plain(table)}.{_plain(key)}"
            if key not in reference[table]:
                hint = did_you_mean(key, list(reference[table])) or f" (see `zigzag text export` for the keys of [{table}])"
                errors.append(f"{where}: unknown key{hint}")
                continue
            if not isinstance(value, str):
                errors.append(f"{where}: must be text in quotes, not {type(value).__name__}")
                continue
            english = reference[table][key]
            problem = (_hidden_problem(value) or (_tex_problem(value) if key.startswith(TEX_PREFIX)
                       else _field_problem(value, placeholders(english))))
            if problem is None and not value.strip():
                problem = "is empty; write the words, or leave the key out to show the English"
            if problem is not None:
                errors.append(f"{where}: {problem}")
    return errors


def _plain(name: Any) -> str:
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in str(name))[:60]


def missing_keys(language: str, own: Mapping[str, Mapping[str, str]]) -> list[str]:
    """``table.key`` of every English key that neither ``own`` nor ``language``'s shipped catalogue
    has (TeX keys, which most languages write alike, are not counted)."""
    mine = shipped(language)
    return [
        f"{table}.{key}"
        for table, entries in shipped(ENGLISH).items()
        for key in entries
        if key not in own.get(table, {}) and key not in mine.get(table, {}) and not key.startswith(TEX_PREFIX)
    ]


def read_catalogue(path: Path, source: str) -> dict[str, Any]:
    """The tables of the catalogue file ``path``; ValueError (one line) when it is not UTF-8 TOML."""
    try:
        if not path.is_file():
            raise ValueError(f"{source}: no such catalogue file")
        if path.stat().st_size > MAX_CATALOGUE_BYTES:
            raise ValueError(f"{source}: is larger than {MAX_CATALOGUE_BYTES:,} bytes; a catalogue is text")
        data = path.read_bytes()
    except OSError as error:
        raise ValueError(f"{source}: cannot be read ({error.strerror})") from None
    if b"\x00" in data:
        raise ValueError(f"{source}: is a binary file, not a TOML catalogue")
    try:
        content = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise ValueError(f"{source}: is not UTF-8 text (bad byte at offset {error.start}); save it as UTF-8") from None
    try:
        return tomllib.loads(content)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{source}: not valid TOML: {error}") from None
    except RecursionError:
        raise ValueError(f"{source}: tables are nested too deeply; a catalogue has [table] and key = \"text\"") from None


# ---------------------------------------------------------------------------- writing a catalogue


def _toml_string(value: str) -> str:
    """``value`` as a TOML basic string."""
    escapes = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
    out = []
    for character in value:
        if character in escapes:
            out.append(escapes[character])
        elif unicodedata.category(character) in ("Cc", "Cf", "Zs") and character != " ":
            out.append(f"\\u{ord(character):04X}")
        else:
            out.append(character)
    return '"' + "".join(out) + '"'


def _key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else _toml_string(name)


def export(language: str = ENGLISH, own: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """Every key of every table in the catalogue format, with ``language``'s words (``own`` first,
    English where it has none, marked), a comment naming each key's placeholders and each table's
    scene."""
    words = Words(language, own or {})
    lines = [
        f"# zigzag catalogue: the words of every scene in {language!r}.",
        "# One table per scene; each value is shown as it is, with {placeholders} filled from the",
        "# course's numbers: keep exactly the placeholders named above each key. Keys starting with",
        "# tex_ are TeX (notation allow-list). Point a course at this file with [course] catalogue.",
    ]
    reference = shipped(ENGLISH)
    missing = set(missing_keys(language, own or {})) if language != ENGLISH else set()
    for table, entries in reference.items():
        line = reference.get("registry", {}).get(table)
        about = SHARED_TABLES.get(table) or f"scene {table}" + (f": {line}" if line else "")
        lines += ["", f"# {about}", f"[{_key(table)}]"]
        for key in entries:
            value = words.template(table, key)
            untranslated = f"{table}.{key}" in missing
            notes = []
            if key.startswith(TEX_PREFIX):
                notes.append("TeX")
            elif fields := placeholders(reference[table][key]):
                notes.append("placeholders: " + ", ".join(f"{{{f}}}" for f in sorted(fields)))
            if untranslated:
                notes.append("not translated yet: English")
            if notes:
                lines.append("# " + "; ".join(notes))
            lines.append(f"{_key(key)} = {_toml_string(value)}")
    return "\n".join(lines) + "\n"

