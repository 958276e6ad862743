"""Untrusted TeX: the notation allow-list, and TeX runs that cannot read files or loop forever."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest
from manim import MathTex, tempconfig

import scenes.base  # noqa: F401  (installs the TeX guard)
from scenes.notation import NotationError, check_tex
from scenes.safe_tex import TexTimeout


@pytest.mark.parametrize(
    "tex",
    [r"\input{/etc/hostname}", r"\include{x}", r"\openin1", r"\read1", r"\write18{ls}", r"\def\x{1}",
     r"\catcode", r"\csname", "^^5c", r"\immediate", r"\usepackage{x}", r"\newcommand", "$x$", "x%",
     "a#1", "~", r"\\", "{x", "x}", ""],
)
def test_notation_outside_the_allow_list_is_refused(tex: str) -> None:
    with pytest.raises(NotationError):
        check_tex(tex)


@pytest.mark.parametrize("tex", ["w", "J", r"\theta", r"\mathbf{w}", r"\boldsymbol{\theta}", "w_{ij}^2", "a'", r"\ell"])
def test_ordinary_notation_is_allowed(tex: str) -> None:
    assert check_tex(tex) == tex


def test_tex_cannot_read_files_outside_its_folder(tmp_path: Path) -> None:
    secret = socket.gethostname()
    with tempconfig({"tex_dir": str(tmp_path / "tex"), "media_dir": str(tmp_path / "media")}), pytest.raises(ValueError, match="latex error"):
        MathTex(r"\input{/etc/hostname}")
    for produced in (tmp_path / "tex").glob("*.svg"):
        assert secret not in produced.read_text(encoding="utf-8")


def test_a_tex_loop_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZIGZAG_TEX_TIMEOUT", "2")
    started = time.monotonic()
    with tempconfig({"tex_dir": str(tmp_path / "tex"), "media_dir": str(tmp_path / "media")}), pytest.raises(TexTimeout, match="did not finish within 2 s"):
        MathTex(r"\def\loop{\loop}\loop")
    assert time.monotonic() - started < 20


def test_missing_latex_names_the_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with tempconfig({"tex_dir": str(tmp_path / "tex"), "media_dir": str(tmp_path / "media")}), pytest.raises(RuntimeError, match="texlive-latex-base"):
        MathTex("y = 1")
