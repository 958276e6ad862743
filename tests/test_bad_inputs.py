"""The corpus of bad inputs: each gets exit 2, one or two lines naming the key, and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from zigzag.cli import cli

CORPUS = sorted((Path(__file__).parent / "bad_courses").glob("*.toml"))


def expected_fragment(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: ")
    return first.removeprefix("# expect: ")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def assert_clean_failure(code: int, output: str, fragment: str, out_dir: Path | None = None) -> None:
    assert code == 2, output
    assert fragment in output
    assert "Traceback" not in output
    assert 1 <= len(output.strip().splitlines()) <= 2, output
    if out_dir is not None:
        assert not out_dir.exists() or not any(out_dir.rglob("*"))


def test_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 40


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_check_refuses(path: Path) -> None:
    code, output = run("check", str(path))
    assert_clean_failure(code, output, expected_fragment(path))


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_render_refuses_and_writes_nothing(path: Path, tmp_path: Path) -> None:
    out = tmp_path / "renders"
    code, output = run("render", "parallel-parking", "--course", str(path), "--out", str(out))
    assert_clean_failure(code, output, expected_fragment(path), out)
    assert not (tmp_path / ".zigzag-work").exists()


def _generated(tmp_path: Path, kind: str) -> tuple[Path, str]:
    path = tmp_path / f"{kind}.toml"
    if kind == "not-utf8":
        path.write_bytes(b'[course]\nname = "caf\xe9"\n')
        return path, "not UTF-8"
    if kind == "binary":
        path.write_bytes(bytes(range(256)) * 4)
        return path, "binary"
    if kind == "huge":
        path.write_text("# padding\n" * 40_000, encoding="utf-8")
        return path, "too large"
    if kind == "folder":
        path.mkdir()
        return path, "not a file"
    return tmp_path / "missing.toml", "no such course file"


@pytest.mark.parametrize("kind", ["not-utf8", "binary", "huge", "folder", "missing"])
def test_files_that_are_not_course_text(tmp_path: Path, kind: str) -> None:
    path, fragment = _generated(tmp_path, kind)
    code, output = run("check", str(path))
    assert_clean_failure(code, output, fragment)
    out = tmp_path / "renders"
    code, output = run("render", "activations", "--course", str(path), "--out", str(out))
    # render takes a folder of course files: this one holds none
    assert_clean_failure(code, output, "holds no course file" if kind == "folder" else fragment, out)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["render", "parking"], "unknown scene 'parking'"),
        (["render"], "pass --all"),
        (["render", "activations", "-q", "z"], "--quality"),
        (["render", "activations", "--format", "avi"], "--format"),
        (["render", "activations", "-j", "0"], "--jobs"),
        (["render", "activations", "--out", "/proc/zigzag"], "--out"),
        (["data", "parking"], "unknown scene"),
        (["rendr"], "No such command"),
    ],
    ids=["unknown-scene", "no-scene", "quality", "format", "jobs", "out-unwritable", "data-scene", "command"],
)
def test_bad_command_lines(args: list[str], fragment: str, tmp_path: Path) -> None:
    code, output = run(*args)
    assert_clean_failure(code, output, fragment)


def test_out_folder_that_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    code, output = run("render", "activations", "--out", str(target))
    assert_clean_failure(code, output, "not a folder")
    assert target.read_text(encoding="utf-8") == "x"
