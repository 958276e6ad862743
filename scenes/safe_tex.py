"""Run manim's ``latex`` and ``dvisvgm`` calls with file access locked down and a time limit.

manim calls TeX through ``subprocess.run`` with TeX Live's default file access and no timeout. This
module swaps the ``subprocess`` that ``manim.utils.tex_file_writing`` sees for a guard that runs every
call with ``openin_any=p`` / ``openout_any=p`` (no reading or writing outside the working and output
folders), ``shell_escape=f`` and a timeout. It is installed when :mod:`scenes.base` is imported.
"""

from __future__ import annotations

import os
import subprocess
from typing import Any

__all__ = ["TEX_ENVIRONMENT", "TexTimeout", "install", "tex_timeout"]

TEX_ENVIRONMENT = {"openin_any": "p", "openout_any": "p", "shell_escape": "f"}
DEFAULT_TIMEOUT = 30.0


class TexTimeout(RuntimeError):
    """A TeX or dvisvgm call ran past its time limit."""


def tex_timeout() -> float:
    """Seconds a TeX call may take: ``$ZIGZAG_TEX_TIMEOUT`` or 30."""
    try:
        return float(os.environ.get("ZIGZAG_TEX_TIMEOUT", DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT


class _GuardedSubprocess:
    """Stands in for the ``subprocess`` module inside manim's TeX writer."""

    DEVNULL = subprocess.DEVNULL
    PIPE = subprocess.PIPE
    CalledProcessError = subprocess.CalledProcessError
    TimeoutExpired = subprocess.TimeoutExpired

    @staticmethod
    def run(command: list[str], *args: Any, **kwargs: Any) -> subprocess.CompletedProcess[Any]:
        env = {**os.environ, **kwargs.pop("env", {}), **TEX_ENVIRONMENT}
        # Paranoid mode reads absolute paths only under TEXMFOUTPUT: the render's own TeX folder.
        for argument in command:
            if argument.startswith("-output-directory="):
                env["TEXMFOUTPUT"] = argument.split("=", 1)[1]
        limit = kwargs.pop("timeout", None) or tex_timeout()
        try:
            return subprocess.run(command, *args, env=env, timeout=limit, **kwargs)
        except subprocess.TimeoutExpired:
            raise TexTimeout(
                f"{command[0]} did not finish within {limit:g} s and was stopped "
                "(a formula that loops?); set ZIGZAG_TEX_TIMEOUT to allow more"
            ) from None
        except FileNotFoundError:
            package = "dvisvgm" if command[0] == "dvisvgm" else "texlive-latex-base"
            raise RuntimeError(
                f"'{command[0]}' is not installed; install the Debian package {package}"
            ) from None


def install() -> None:
    """Put the guard in place (idempotent)."""
    from manim.utils import tex_file_writing

    tex_file_writing.subprocess = _GuardedSubprocess  # type: ignore[assignment]
