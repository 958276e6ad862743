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
        command = _run_inside_output_folder(command, kwargs)
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


def _run_inside_output_folder(command: list[str], kwargs: dict[str, Any]) -> list[str]:
    """Run TeX in its own output folder with relative names.

    Paranoid file access refuses absolute paths and any path through a dot folder, so the
    compiler is started inside the render's private TeX folder and given names relative to it.
    """
    prefix = "-output-directory="
    folders = [a.removeprefix(prefix) for a in command if a.startswith(prefix)]
    if not folders:
        return command
    folder = os.path.abspath(folders[0])
    kwargs["cwd"] = folder
    # TeX's own complaints go to its log, which manim reads; keep the terminal quiet.
    kwargs.setdefault("stderr", subprocess.DEVNULL)
    rewritten = []
    for argument in command:
        if argument.startswith(prefix):
            rewritten.append(prefix + ".")
        elif argument.endswith(".tex") and os.path.dirname(os.path.abspath(argument)) == folder:
            rewritten.append(os.path.basename(argument))
        else:
            rewritten.append(argument)
    return rewritten


def install() -> None:
    """Put the guard in place (idempotent)."""
    from manim.utils import tex_file_writing

    tex_file_writing.subprocess = _GuardedSubprocess  # type: ignore[assignment]
