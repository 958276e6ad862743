"""Allow-list for TeX that arrives from course files.

Course files travel between teachers and are untrusted: a notation string may only hold letters,
digits, Greek letters, ``\\mathbf``, ``\\boldsymbol``, ``\\mathrm``, braces, sub- and superscripts and
primes. Anything else (``\\input``, ``\\def``, ``\\catcode``, ``^^`` escapes, ...) is refused.

The allow-list alone cannot tell ``w_`` or ``\\mathrm`` (no argument) from ``w_1``: :func:`compile_errors`
compiles each value in the contexts the scenes put it in, with the same locked-down TeX the renders
use, and remembers the verdicts in a cache folder so that checking a course stays fast.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from scenes.safe_tex import first_tex_error

__all__ = [
    "ALLOWED_COMMANDS",
    "MAX_TEX_LENGTH",
    "NotationError",
    "cache_folder",
    "check_tex",
    "compile_errors",
    "probe_expression",
]

MAX_TEX_LENGTH = 40
GREEK = (
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi "
    "pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega "
    "Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega"
).split()
ALLOWED_COMMANDS = frozenset([*GREEK, "mathbf", "boldsymbol", "mathrm", "mathit", "operatorname", "ell"])
_TOKEN = re.compile(r"\\[A-Za-z]+|[A-Za-z0-9_^{}' ]")
# Tokens that put a mark on the page (a notation of only braces or font commands shows nothing).
_MARKS = frozenset(["'", *(f"\\{name}" for name in [*GREEK, "ell"])])
# How the scenes use a symbol (always wrapped in braces, here {S}): S_i, S^*, S^{(1)}, \nabla_S,
# \partial S / \partial S_i, S^\top.
_CONTEXTS = (
    r"{S}_i \quad {S}^* \quad {S}^{(1)} \quad \nabla_{{S}} {S} \quad "
    r"\frac{\partial {S}}{\partial {S}_i} \quad {S}^\top"
)


class NotationError(ValueError):
    """A TeX string outside the allow-list."""


def _check_token(token: str) -> None:
    if token.startswith("\\") and token[1:] not in ALLOWED_COMMANDS:
        raise NotationError(
            f"TeX command {token} is not allowed; use letters, Greek letters (\\theta), "
            "\\mathbf, \\boldsymbol, _ and ^"
        )


def _tokens(tex: str) -> list[str]:
    """The allowed tokens of ``tex``; raise :class:`NotationError` at the first other character."""
    tokens: list[str] = []
    position = 0
    while position < len(tex):
        match = _TOKEN.match(tex, position)
        if match is None:
            raise NotationError(
                f"character {tex[position]!r} is not allowed; use letters, digits, Greek letters, "
                "\\mathbf, \\boldsymbol, _ and ^"
            )
        _check_token(match.group())
        tokens.append(match.group())
        position = match.end()
    return tokens


def _check_braces(tokens: list[str]) -> None:
    depth = 0
    for token in tokens:
        depth += {"{": 1, "}": -1}.get(token, 0)
        if depth < 0:
            raise NotationError("has an unmatched '}'")
    if depth:
        raise NotationError("has an unmatched '{'")


def check_tex(tex: str) -> str:
    """Return ``tex`` unchanged when it is allowed; raise :class:`NotationError` otherwise."""
    if not tex or not tex.strip():
        raise NotationError("must not be empty")
    if len(tex) > MAX_TEX_LENGTH:
        raise NotationError(f"is longer than {MAX_TEX_LENGTH} characters")
    if "^^" in tex:
        raise NotationError("'^^' escapes are not allowed")
    tokens = _tokens(tex)
    _check_braces(tokens)
    if not any(token.isalnum() or token in _MARKS for token in tokens):
        raise NotationError("shows nothing; use at least one letter, digit or Greek letter")
    return tex


def probe_expression(tex: str) -> str:
    """The TeX that :func:`compile_errors` compiles for ``tex``: the symbol in every context the scenes use."""
    return _CONTEXTS.replace("{S}", "{" + tex + "}")


def cache_folder() -> Path:
    """Where compile verdicts are kept: ``$ZIGZAG_CACHE_DIR``, else ``$XDG_CACHE_HOME/zigzag``, else ``~/.cache/zigzag``."""
    if os.environ.get("ZIGZAG_CACHE_DIR"):
        return Path(os.environ["ZIGZAG_CACHE_DIR"]) / "tex-check"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "zigzag" / "tex-check"


def _verdict_file(tex: str) -> Path:
    key = f"{shutil.which('latex')}\n{probe_expression(tex)}".encode()
    return cache_folder() / f"{hashlib.sha256(key).hexdigest()}.txt"


def _cached(tex: str) -> tuple[bool, str | None]:
    """``(True, verdict)`` when a verdict for ``tex`` is cached (``None``: compiles)."""
    try:
        content = _verdict_file(tex).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return False, None
    return True, (content.removeprefix("error:") if content.startswith("error:") else None)


def _remember(tex: str, verdict: str | None) -> None:
    """Store a verdict; a cache folder that cannot be written only costs speed."""
    target = _verdict_file(tex)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.part")
        partial.write_text("ok" if verdict is None else f"error:{verdict}", encoding="utf-8")
        partial.replace(target)
    except OSError:
        pass


def compile_errors(values: Mapping[str, str]) -> dict[str, str]:
    """Compile each notation value as the scenes use it; return ``{key: TeX's error}`` for those that fail.

    Values are compiled in parallel, each once, and verdicts are cached (see :func:`cache_folder`).

    Raises
    ------
    RuntimeError
        ``latex`` is not installed (and a value is not in the cache).
    """
    verdicts: dict[str, str | None] = {}
    for tex in set(values.values()):
        known, verdict = _cached(tex)
        if known:
            verdicts[tex] = verdict
    missing = sorted(set(values.values()) - set(verdicts))
    if missing:
        with ThreadPoolExecutor(max_workers=min(len(missing), os.cpu_count() or 1)) as pool:
            found = pool.map(lambda tex: first_tex_error(probe_expression(tex)), missing)
            for tex, verdict in zip(missing, found, strict=True):
                verdicts[tex] = verdict
                _remember(tex, verdict)
    return {key: verdict for key, tex in values.items() if (verdict := verdicts[tex]) is not None}
