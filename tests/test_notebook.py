"""The README's Jupyter cells run in a real kernel, with the default course and with a course file."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import av
import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

README = Path(__file__).resolve().parent.parent / "README.md"
COURSE_LINE = 'os.environ["ZIGZAG_COURSE"] = "courses/it-dark.toml"'
DEFAULT_BACKGROUND = (0x0F, 0x11, 0x17)
COURSE_BACKGROUND = (0x2A, 0x4D, 0x14)


def readme_cells() -> list[str]:
    """The code blocks of the README's Jupyter section, one notebook cell each."""
    text = README.read_text(encoding="utf-8")
    start = text.index("In Jupyter")
    section = text[start : text.index("\n## ", start)]
    return [block.strip() for block in re.findall(r"```[a-z]*\n(.*?)```", section, flags=re.DOTALL)]


def notebook_cells(course: Path | None) -> list[str]:
    """The README's cells at low quality with a short scene, for ``course`` (None: the default)."""
    cells = readme_cells()
    assert any("%%manim -qm -v WARNING ParallelParking" in cell for cell in cells)
    if course is not None:
        assert any(COURSE_LINE in cell for cell in cells), "a cell shows how to choose a course"
    replacement = f'os.environ["ZIGZAG_COURSE"] = {str(course)!r}' if course else ""
    return [
        cell.replace(COURSE_LINE, replacement).replace("-qm", "-ql")
        .replace("ParallelParking", "Activations").replace("parallel_parking", "activations")
        for cell in cells
    ]


def kernel_from_this_venv(folder: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A kernel spec that starts this interpreter (the project's venv), found first on JUPYTER_PATH."""
    spec = folder / "jupyter" / "kernels" / "zigzag-test"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "zigzag", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(folder / "jupyter"))
    monkeypatch.delenv("ZIGZAG_COURSE", raising=False)
    return "zigzag-test"


def first_frame_corner(video: Path) -> tuple[int, ...]:
    with av.open(str(video)) as container:
        frame = next(container.decode(video=0)).to_ndarray(format="rgb24")
    return tuple(int(v) for v in frame[4, 4])


@pytest.mark.slow
@pytest.mark.parametrize("with_course", [False, True], ids=["default-course", "course-file"])
def test_readme_jupyter_cells_render_a_video(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, with_course: bool) -> None:
    course = None
    if with_course:
        course = tmp_path / "course.toml"
        course.write_text('[theme]\nbackground = "#2A4D14"\n[scenes]\nspeed = 4.0\n', encoding="utf-8")
    kernel = kernel_from_this_venv(tmp_path, monkeypatch)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in notebook_cells(course)])
    NotebookClient(notebook, kernel_name=kernel, timeout=240, resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [output for cell in notebook.cells for output in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    streams = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "it/s" not in streams and "%|" not in streams, streams[:300]
    shown = [o for o in outputs if "<video" in o.get("data", {}).get("text/html", "")]
    assert len(shown) == 1
    videos = sorted((tmp_path / "media" / "jupyter").glob("Activations@*.mp4"))
    assert len(videos) == 1 and videos[0].stat().st_size > 10_000
    expected = COURSE_BACKGROUND if with_course else DEFAULT_BACKGROUND
    assert np.allclose(first_frame_corner(videos[0]), expected, atol=6)
