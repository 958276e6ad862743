"""Run manim's ``latex`` and ``dvisvgm`` calls with file access locked down and a time limit.

manim calls TeX through ``subprocess.run`` with TeX Live's default file access and no timeout. This
module swaps the ``subprocess`` that ``manim.utils.tex_file_writing`` sees for a guard that runs every
call with ``openin_any=p`` / ``openout_any=p`` (no reading or writing outside the working and output
folders), ``shell_escape=f`` and a timeout. It is installed when :mod:`scenes.base` is imported.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["MANIM_PREAMBLE", "SANS_PACKAGES", "SANS_SWITCH", "TEX_ENVIRONMENT", "TexTimeout", "first_tex_error", "install", "sans_template", "tex_timeout"]

TEX_ENVIRONMENT = {"openin_any": "p", "openout_any": "p", "shell_escape": "f"}
DEFAULT_TIMEOUT = 30.0
# manim's default TexTemplate, which MathTex compiles with (a test keeps the two equal).
MANIM_PREAMBLE = (
    "\\documentclass[preview]{standalone}\n"
    "\\usepackage[english]{babel}\n"
    "\\usepackage{amsmath}\n"
    "\\usepackage{amssymb}\n"
)
# The course's formulas are set in sans serif, letters and digits alike, to sit beside the prose.
SANS_PACKAGES = "\\usepackage{sansmath}\n\\renewcommand{\\familydefault}{\\sfdefault}\n"
SANS_SWITCH = "\\sansmath"


def sans_template() -> Any:
    """The :class:`~manim.TexTemplate` of every formula: manim's default with sans-serif math."""
    from manim import TexTemplate

    template = TexTemplate()
    template.add_to_preamble(SANS_PACKAGES)
    template.post_doc_commands = SANS_SWITCH
    return template


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


def first_tex_error(expression: str) -> str | None:
    """Compile ``expression`` as manim's ``MathTex`` does, under the same guard as renders.

    The expression goes into the formulas' template (manim's default with sans-serif math) in an ``align*`` environment and ``latex``
    runs with ``-halt-on-error`` in a private temporary folder, with ``openin_any=p``,
    ``shell_escape=f`` and the time limit.

    Returns
    -------
    str | None
        ``None`` when it compiles; otherwise TeX's first error line (``"Missing { inserted."``).

    Raises
    ------
    RuntimeError
        ``latex`` is not installed.
    """
    document = (
        f"{MANIM_PREAMBLE}{SANS_PACKAGES}\\begin{{document}}\n{SANS_SWITCH}\n"
        f"\\begin{{align*}}\n{expression}\n\\end{{align*}}\n\\end{{document}}\n"
    )
    with tempfile.TemporaryDirectory(prefix="zigzag-tex-check-") as folder:
        source = Path(folder) / "check.tex"
        source.write_text(document, encoding="utf-8")
        command = ["latex", "-interaction=batchmode", "-output-format=dvi", "-halt-on-error",
                   f"-output-directory={folder}", str(source)]
        try:
            done = _GuardedSubprocess.run(command, stdout=subprocess.DEVNULL)
        except TexTimeout:
            return f"TeX did not finish within {tex_timeout():g} s"
        if done.returncode == 0:
            return None
        log = source.with_suffix(".log")
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines() if log.exists() else []
    errors = [line.removeprefix("! ").strip() for line in lines if line.startswith("! ")]
    return errors[0] if errors else f"latex stopped with exit code {done.returncode}"


def install() -> None:
    """Put the guard in place (idempotent)."""
    from manim.utils import tex_file_writing

    tex_file_writing.subprocess = _GuardedSubprocess  # type: ignore[assignment]
