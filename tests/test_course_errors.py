"""Course-file errors: every error reported, notation compiled with the render's TeX guard, text that
shows on screen as written, and did-you-mean for every name from a fixed set."""

from __future__ import annotations

import hashlib
import inspect
from pathlib import Path

import pytest
from click.testing import CliRunner
from manim import MathTex, TexTemplate

from scenes import notation
from scenes.course import CourseError, current_course, parse_course
from scenes.safe_tex import MANIM_PREAMBLE, first_tex_error
from zigzag.cli import cli


def run(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output.strip().splitlines()


def write(tmp_path: Path, text: str, name: str = "course.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ every error, one line each

MANY_ERRORS = """\
[theme]
backgroud = "#000000"
accent = "orange"
[notation]
weight = "x_"
[problem]
learning_rate = 50.0
"""


@pytest.mark.parametrize("command", ["check", "render"])
def test_every_error_is_reported_on_its_own_line(tmp_path: Path, command: str) -> None:
    course = write(tmp_path, MANY_ERRORS)
    args = ["check", str(course)] if command == "check" else [
        "render", "activations", "--course", str(course), "--out", str(tmp_path / "renders")]
    code, lines = run(*args)
    assert code == 2, lines
    assert all(line.startswith("zigzag: error: ") for line in lines), lines
    expected = ["did you mean 'background'", "theme.accent", "notation.weight = 'x_'", "problem.learning_rate"]
    for fragment in expected:
        assert sum(fragment in line for line in lines) == 1, (fragment, lines)
    assert len(lines) == len(expected), lines
    assert not (tmp_path / "renders").exists()


def test_parse_course_lists_every_error() -> None:
    bad = '[render]\ngif_fps = 99\ngif_width = 1\nquality = "z"\nformats = ["avi", "x"]\n'
    with pytest.raises(CourseError) as caught:
        parse_course(bad, source="c.toml")
    assert len(caught.value.lines) == 5
    assert "more)" not in str(caught.value)


# ------------------------------------------------------------------ notation that cannot compile


@pytest.mark.parametrize("tex", ["x_", "x^\\mathrm^\\mathrm", "x_1_2", "w\\mathrm", "w^{2}_", "\\theta'^"])
def test_notation_that_does_not_compile_is_refused_naming_the_key(tmp_path: Path, tex: str) -> None:
    course = write(tmp_path, f'[notation]\nloss = "L"\ninput = "{tex.replace(chr(92), chr(92) * 2)}"\n')
    code, lines = run("check", str(course))
    assert code == 2
    assert len(lines) == 1, lines
    shown = f'"{tex}"' if "'" in tex else f"'{tex}'"
    assert f"notation.input = {shown}: does not compile as TeX" in lines[0]


@pytest.mark.parametrize("tex", ["w", "\\theta", "\\mathbf{w}", "w_{ij}^2", "a'", "\\boldsymbol{\\theta}^{*}"])
def test_ordinary_notation_compiles(tex: str) -> None:
    assert notation.compile_errors({"weight": tex}) == {}


def test_compiling_uses_the_guarded_tex() -> None:
    # With TeX Live's default file access this reads /etc/hostname and compiles; the guard refuses it.
    assert first_tex_error(r"\input{/etc/hostname}") is not None


def test_the_check_compiles_with_manims_own_template() -> None:
    assert TexTemplate().body.startswith(MANIM_PREAMBLE + "\\begin{document}")
    assert inspect.signature(MathTex.__init__).parameters["tex_environment"].default == "align*"


def test_compile_verdicts_are_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZIGZAG_CACHE_DIR", str(tmp_path / "cache"))
    compiled: list[str] = []

    def counting(expression: str) -> str | None:
        compiled.append(expression)
        return first_tex_error(expression)

    monkeypatch.setattr(notation, "first_tex_error", counting)
    course = write(tmp_path, '[notation]\nweight = "\\\\theta"\nloss = "J_"\ninput = "\\\\theta"\n')
    first = run("check", str(course))
    assert len(compiled) == 2  # each distinct value once
    compiled.clear()
    assert run("check", str(course)) == first
    assert compiled == []
    assert first[0] == 2 and "notation.loss = 'J_'" in first[1][0]


# ------------------------------------------------------------------ keys and text


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    text = '[course]\nname = "Reti neurali"\n'
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    code, lines = run("check", str(path))
    assert code == 0, lines
    assert parse_course("\ufeff" + text).course.name == "Reti neurali"


def test_the_source_hash_is_not_a_key_but_is_kept() -> None:
    assert parse_course("").source_hash == hashlib.sha256(b"").hexdigest()
    with pytest.raises(CourseError, match="unknown top-level key 'source_hash'"):
        parse_course('source_hash = "x"\n')


@pytest.mark.parametrize(
    "name",
    ["Reti neurali — è facile", "Cafe\u0301 ML", "ニューラルネット", "شبكات عصبية", "Σ w·x  (2026)", "A"],
)
def test_names_in_any_script_are_accepted(name: str) -> None:
    assert parse_course(f'[course]\nname = "{name}"\n').course.name == name


@pytest.mark.parametrize(
    "name",
    ["\u00a0\u3000", "\u2800", "\u034f", "x\u200dy", "x\u2066y", "x\u0085y", "x\ue000", "x\u00ady"],
)
def test_names_that_hide_or_reorder_text_are_refused(name: str) -> None:
    with pytest.raises(CourseError, match=r"course\.name"):
        parse_course(f'[course]\nname = "{name}"\n')


# ------------------------------------------------------------------ did-you-mean


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["render", "parallel-parkin"], "did you mean 'parallel-parking'"),
        (["render", "ParallelParking"], "did you mean 'parallel-parking'"),
        (["data", "chain_rule"], "did you mean 'chain-rule'"),
        (["render", "activations", "--format", "gf"], "did you mean 'gif'"),
        (["render", "activations", "-q", "high"], "did you mean 'h'"),
        (["list", "--language", "itt"], "did you mean 'it'"),
    ],
    ids=["scene-typo", "scene-class-name", "data-scene", "format", "quality", "language"],
)
def test_names_from_a_fixed_set_get_a_did_you_mean(args: list[str], fragment: str) -> None:
    code, lines = run(*args)
    assert code == 2
    assert len(lines) == 1, lines
    assert fragment in lines[0]


def test_a_course_named_by_the_environment_is_compiled_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZIGZAG_COURSE", str(write(tmp_path, '[notation]\nweight = "w_"\n')))
    with pytest.raises(CourseError, match=r"notation\.weight = 'w_': does not compile as TeX"):
        current_course()
    monkeypatch.setenv("ZIGZAG_COURSE", str(write(tmp_path, '[notation]\nweight = "w_{1}"\n', "good.toml")))
    assert current_course().notation.weight == "w_{1}"


def test_a_file_name_with_hidden_characters_stays_on_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "a\nb\u202e"
    folder.mkdir()
    code, lines = run("check", str(write(folder, '[course]\nname = "x"\n')))
    assert code == 0
    assert len(lines) == 1 and "a\\u000ab\\u202e" in lines[0], lines
    code, lines = run("check", str(write(folder, '[course]\nname = ""\n', "bad.toml")))
    assert code == 2
    assert len(lines) == 1 and "a\\u000ab\\u202e" in lines[0], lines
