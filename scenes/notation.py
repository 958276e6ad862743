"""Allow-list for TeX that arrives from course files.

Course files travel between teachers and are untrusted: a notation string may only hold letters,
digits, Greek letters, ``\\mathbf``, ``\\boldsymbol``, ``\\mathrm``, braces, sub- and superscripts and
primes. Anything else (``\\input``, ``\\def``, ``\\catcode``, ``^^`` escapes, ...) is refused.
"""

from __future__ import annotations

import re

__all__ = ["ALLOWED_COMMANDS", "MAX_TEX_LENGTH", "NotationError", "check_tex"]

MAX_TEX_LENGTH = 40
GREEK = (
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi "
    "pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega "
    "Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega"
).split()
ALLOWED_COMMANDS = frozenset([*GREEK, "mathbf", "boldsymbol", "mathrm", "mathit", "ell"])
_TOKEN = re.compile(r"\\[A-Za-z]+|[A-Za-z0-9_^{}' ]")


class NotationError(ValueError):
    """A TeX string outside the allow-list."""


def check_tex(tex: str) -> str:
    """Return ``tex`` unchanged when it is allowed; raise :class:`NotationError` otherwise."""
    if not tex or not tex.strip():
        raise NotationError("must not be empty")
    if len(tex) > MAX_TEX_LENGTH:
        raise NotationError(f"is longer than {MAX_TEX_LENGTH} characters")
    if "^^" in tex:
        raise NotationError("'^^' escapes are not allowed")
    position = 0
    depth = 0
    while position < len(tex):
        match = _TOKEN.match(tex, position)
        if match is None:
            raise NotationError(
                f"character {tex[position]!r} is not allowed; use letters, digits, Greek letters, "
                "\\mathbf, \\boldsymbol, _ and ^"
            )
        token = match.group()
        if token.startswith("\\") and token[1:] not in ALLOWED_COMMANDS:
            raise NotationError(
                f"TeX command {token} is not allowed; use letters, Greek letters (\\theta), "
                "\\mathbf, \\boldsymbol, _ and ^"
            )
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                raise NotationError("has an unmatched '}'")
        position = match.end()
    if depth:
        raise NotationError("has an unmatched '{'")
    return tex
