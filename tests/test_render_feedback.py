"""What a render says and refuses: --out checks, damaged caches, "unchanged", progress per scene."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from scenes.base import forget_built
from zigzag.cli import cli

COURSE = '[course]\nslug = "fb"\n'


def run(tmp_path: Path, *args: str, out: str | None = None) -> Result:
    course = tmp_path / "fb.toml"
    course.write_text(COURSE, encoding="utf-8")
    out_args = ["--out", out if out is not None else str(tmp_path / "out")]
    return CliRunner().invoke(cli, ["render", *args, "--course", str(course), *out_args])


def assert_refused(result: Result, fragment: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("zigzag: error: --out") and fragment in lines[0], result.output
    assert "Traceback" not in result.output


# ------------------------------------------------------------------ item 9: --out


def test_out_as_a_dangling_link_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "deep" / "renders"
    link = tmp_path / "renders"
    link.symlink_to(target)
    result = run(tmp_path, "activations", "--format", "png", out=str(link))
    assert_refused(result, "does not exist")
    assert not (tmp_path / "elsewhere").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fb.toml", "renders"]


def test_a_dangling_link_for_the_course_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "fb").symlink_to(tmp_path / "nowhere")
    assert_refused(run(tmp_path, "activations", "--format", "png"), "does not exist")
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("value", ["", "  "], ids=["empty", "blank"])
def test_empty_out_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.chdir(tmp_path)
    assert_refused(run(tmp_path, "activations", "--format", "png", out=value), "empty")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fb.toml"]


# ------------------------------------------------------------------ items 7, 8, 17, 18 with real renders


@pytest.mark.slow
def test_unchanged_output_says_so_and_progress_is_one_line_per_scene(tmp_path: Path) -> None:
    first = run(tmp_path, "activations", "--format", "png", "-q", "l")
    assert first.exit_code == 0, first.output
    assert "\r" not in first.stderr and "\x1b" not in first.stderr
    assert first.stderr.strip().splitlines() == [
        line for line in first.stderr.strip().splitlines() if line.startswith("zigzag: activations: png rendered in")
    ] != []
    again = run(tmp_path, "activations", "--format", "png", "-q", "l")
    assert again.exit_code == 0, again.output
    (line,) = [row for row in again.stdout.splitlines() if "activations.png" in row]
    assert line.endswith("unchanged") and "rendered in" not in line
    assert again.stderr.strip() == "zigzag: activations: png unchanged"


@pytest.mark.slow
def test_damaged_svg_cache_and_manifest_are_rebuilt(tmp_path: Path) -> None:
    forget_built()  # texts built by earlier tests in this process would write no SVG
    assert run(tmp_path, "activations", "--format", "png", "-q", "l").exit_code == 0
    svgs = list((tmp_path / ".zigzag-work" / "cache").rglob("*.svg"))
    assert svgs
    for svg in svgs:
        svg.write_bytes(svg.read_bytes()[: len(svg.read_bytes()) // 2])  # cut mid-file
    folder = tmp_path / "out" / "fb"
    (folder / "manifest.json").write_text('{"outputs": [{"scene": ["activations"]}]}', encoding="utf-8")
    result = run(tmp_path, "activations", "--format", "png", "-q", "l", "--force")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "manifest.json" in warnings[0], result.stderr
    assert len(list(folder.glob("manifest.json.bad-*"))) == 1
    assert "activations.png" in (folder / "manifest.json").read_text(encoding="utf-8")


@pytest.mark.slow
def test_progress_on_a_terminal_counts_frames(tmp_path: Path) -> None:
    course = tmp_path / "fb.toml"
    course.write_text(COURSE, encoding="utf-8")
    main, secondary = os.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "zigzag.cli", "render", "activations", "-q", "l", "--format", "mp4",
         "--course", str(course), "--out", str(tmp_path / "out")],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=secondary, text=True,
    )
    os.close(secondary)
    shown = b""
    while True:
        ready, _, _ = select.select([main], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed: the render ended
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    assert process.wait(timeout=120) == 0
    text = shown.decode("utf-8", "replace")
    done = [int(m) for m in re.findall(r"(\d+)/\d+ frames", text)]
    assert len(set(done)) >= 2, text[-2000:]  # it moved while the scene rendered
    assert "activations (mp4)" in text
