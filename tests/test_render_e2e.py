"""Short real renders through the command line, checked with PyAV and Pillow."""

from __future__ import annotations

import json
from pathlib import Path

import av
import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from zigzag.cli import cli

pytestmark = pytest.mark.slow

COURSE = """
[course]
slug = "e2e"
language = "it"
[theme]
background = "#223344"
[render]
gif_fps = 10
gif_width = 320
gif_max_bytes = 1500000
"""


def render(tmp_path: Path, *args: str, course: str = COURSE) -> tuple[int, str]:
    course_file = tmp_path / "course.toml"
    course_file.write_text(course, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["render", *args, "--course", str(course_file), "--out", str(tmp_path / "out")]
    )
    return result.exit_code, result.output


def manifest(tmp_path: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((tmp_path / "out" / "e2e" / "manifest.json").read_text(encoding="utf-8"))


def test_mp4_png_and_gif_of_one_scene(tmp_path: Path) -> None:
    code, output = render(tmp_path, "activations", "-q", "l", "--format", "mp4", "--format", "png", "--format", "gif")
    assert code == 0, output
    folder = tmp_path / "out" / "e2e"
    assert sorted(p.name for p in folder.iterdir()) == [
        "activations.alt.txt", "activations.gif", "activations.mp4", "activations.png",
        "activations.sections", "activations.srt", "activations.transcript.html", "activations.transcript.md",
        "activations.vtt", "manifest.json",
    ]
    sections = json.loads((folder / "activations.sections" / "activations.json").read_text(encoding="utf-8"))
    assert [s["name"] for s in sections] == ["activations", "activations-conclusion"]
    entries = {e["format"]: e for e in manifest(tmp_path)["outputs"]}

    with av.open(str(folder / "activations.mp4")) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.width, stream.codec_context.height) == (854, 480)
        assert float(stream.average_rate) == pytest.approx(15)
        frames = sum(1 for _ in container.decode(stream))
    assert 15 <= entries["mp4"]["duration"] <= 90
    assert frames == pytest.approx(entries["mp4"]["duration"] * 15, abs=2)
    assert entries["mp4"]["bytes"] == (folder / "activations.mp4").stat().st_size

    with Image.open(folder / "activations.gif") as gif:
        assert gif.info["loop"] == 0
        assert gif.width == 320
        delays = []
        for index in range(gif.n_frames):
            gif.seek(index)
            delays.append(gif.info["duration"])
        corner = np.asarray(gif.convert("RGB"))[2, 2]
    assert min(delays) >= 1000 / 30
    assert (folder / "activations.gif").stat().st_size < 1_500_000
    assert tuple(corner) == (0x22, 0x33, 0x44)
    alt = (folder / "activations.alt.txt").read_text(encoding="utf-8")
    assert alt.startswith("Animazione") and alt.rstrip().endswith("activations.transcript.html.")

    with Image.open(folder / "activations.png") as png:
        assert png.size == (854, 480)
        assert tuple(np.asarray(png.convert("RGB"))[2, 2]) == (0x22, 0x33, 0x44)
    for entry in entries.values():
        assert len(entry["key"]) == 64
        assert len(entry["data_hash"]) == 64
    assert manifest(tmp_path)["course"]["course_hash"]
    assert not any((tmp_path / "out").glob("**/*.partial*"))


def test_unchanged_rerender_skips_and_a_change_renders_again(tmp_path: Path) -> None:
    code, _ = render(tmp_path, "activations", "-q", "l", "--format", "png")
    assert code == 0
    png = tmp_path / "out" / "e2e" / "activations.png"
    first = png.stat().st_mtime_ns
    code, _ = render(tmp_path, "activations", "-q", "l", "--format", "png")
    assert code == 0
    assert png.stat().st_mtime_ns == first
    changed = COURSE.replace("#223344", "#334455")
    code, _ = render(tmp_path, "activations", "-q", "l", "--format", "png", course=changed)
    assert code == 0
    assert png.stat().st_mtime_ns != first
    with Image.open(png) as image:
        assert tuple(np.asarray(image.convert("RGB"))[2, 2]) == (0x33, 0x44, 0x55)


def test_lecture_is_assembled_from_scene_renders_with_sections(tmp_path: Path) -> None:
    course = COURSE + '[scenes]\nlecture = ["activations"]\n'
    code, output = render(tmp_path, "lecture", "-q", "l", "--format", "mp4", course=course)
    assert code == 0, output
    folder = tmp_path / "out" / "e2e"
    entries = {(e["scene"], e["format"]): e for e in manifest(tmp_path)["outputs"]}
    assert set(entries) == {("lecture", "mp4"), ("activations", "mp4")}
    index = json.loads((folder / "lecture.sections" / "lecture.json").read_text(encoding="utf-8"))
    assert [s["name"] for s in index] == ["lecture-title", "activations", "activations-conclusion"]
    total = sum(float(s["duration"]) for s in index)
    with av.open(str(folder / "lecture.mp4")) as container:
        frames = sum(1 for _ in container.decode(container.streams.video[0]))
    assert frames / 15 == pytest.approx(total, abs=0.2)
    assert entries[("lecture", "mp4")]["duration"] == pytest.approx(
        entries[("activations", "mp4")]["duration"] + float(index[0]["duration"]), abs=0.2
    )
    for section in index:
        assert (folder / "lecture.sections" / section["video"]).is_file()


def test_course_render_table_sets_quality_and_formats(tmp_path: Path) -> None:
    course_text = COURSE.replace("[render]\n", '[render]\nquality = "l"\nformats = ["mp4", "webm"]\n')
    code, output = render(tmp_path, "allowed-directions", course=course_text)
    assert code == 0, output
    folder = tmp_path / "out" / "e2e"
    entries = {e["format"]: e for e in manifest(tmp_path)["outputs"]}
    assert set(entries) == {"mp4", "webm"}
    for fmt, codec in (("mp4", "h264"), ("webm", "vp9")):
        with av.open(str(folder / f"allowed-directions.{fmt}")) as container:
            stream = container.streams.video[0]
            assert stream.codec_context.name == codec
            assert (stream.codec_context.width, stream.codec_context.height) == (854, 480)
            frames = sum(1 for _ in container.decode(stream))
        assert frames == pytest.approx(entries[fmt]["duration"] * 15, abs=2)
        assert 15 <= entries[fmt]["duration"] <= 90
    assert (folder / "allowed-directions.sections").is_dir()
    assert (folder / "allowed-directions.webm-sections").is_dir()


def test_a_gif_narrower_than_its_layout_is_drawn_at_640_and_scaled_down(tmp_path: Path) -> None:
    """Below 640 px the sign grids' labels of two-layer did not fit at the 12 px floor (the render
    failed): a narrow GIF is drawn 640 px wide, scaled to its width, and the course is warned."""
    from scenes.course import inspect_text
    from scenes.layout import GIF_DRAWN_WIDTH

    narrow = COURSE.replace("gif_width = 320", "gif_width = 200").replace("gif_fps = 10", "gif_fps = 5")
    code, output = render(tmp_path, "two-layer", "--format", "gif", course=narrow)
    assert code == 0, output
    with Image.open(tmp_path / "out" / "e2e" / "two-layer.gif") as gif:
        assert gif.size == (200, 112)
    warnings = inspect_text(narrow, "c.toml").warnings
    assert any("render.gif_width = 200" in w and f"{GIF_DRAWN_WIDTH} px wide" in w for w in warnings), warnings
    assert not any("gif_width" in w for w in inspect_text(COURSE.replace("= 320", "= 640"), "c.toml").warnings)
