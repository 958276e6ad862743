"""Frames of every shape, readable from the back row: the layout, the audit and stills of moments.

The audit runs every scene in every aspect and every shipped language, and in a language whose words
are all 40 % longer, and must find nothing; a deliberately broken layout must be found and named.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from scenes.course import load_course, parse_course
from scenes.layout import ASPECTS, SHORT_SIDE, Box, Layout, frame_units, pixel_size
from scenes.registry import INTERNAL, SCENES, scene_class
from scenes.text import LANGUAGES, STRETCHED, stretched
from tests.notes_check import check_cues, check_notes
from zigzag.audit import audit_scene
from zigzag.cli import cli
from zigzag.outputs import video_size

# Every scene drawn (the lecture is assembled from them), its title card included.
SCENE_IDS = [*(s for s in SCENES if s != "lecture"), *INTERNAL]
COURSES = Path(__file__).resolve().parent.parent / "courses"


@pytest.fixture(scope="session")
def svg_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """TeX and text SVGs shared by every audit of the session."""
    return tmp_path_factory.mktemp("svg-cache")


def course_in(language: str):
    """The default course in ``language`` (``en+long``: English words 40 % longer)."""
    course = load_course(COURSES / "default.toml")
    return course.model_copy(update={"course": course.course.model_copy(update={"language": language})})


# ---------------------------------------------------------------------------- the frame's geometry


@pytest.mark.parametrize("aspect", list(ASPECTS))
def test_short_side_is_the_same_in_every_shape(aspect: str) -> None:
    width, height = frame_units(aspect)
    assert min(width, height) == SHORT_SIDE
    across, down = ASPECTS[aspect]
    assert width / height == pytest.approx(across / down)
    assert min(pixel_size(aspect, 1080)) == 1080


def test_quality_keeps_its_short_side() -> None:
    assert video_size("h", "16:9")[:2] == (1920, 1080)
    assert video_size("h", "4:3")[:2] == (1440, 1080)
    assert video_size("h", "1:1")[:2] == (1080, 1080)
    assert video_size("h", "9:16")[:2] == (1080, 1920)


def test_text_floor_grows_for_small_pictures() -> None:
    hall = Layout(16 * SHORT_SIDE / 9, SHORT_SIDE, 1080, "DejaVu Sans")
    gif = Layout(16 * SHORT_SIDE / 9, SHORT_SIDE, 360, "DejaVu Sans")
    assert hall.cap_floor == pytest.approx(0.025 * SHORT_SIDE)
    assert gif.cap_floor / gif.units_per_pixel == pytest.approx(12)
    assert gif.text_size(20) > hall.text_size(20) >= 20


def test_grid_reflows_to_the_largest_cells() -> None:
    wide = Box(-12, 12, -3, 3).grid(4, 1.0, 0.1)
    tall = Box(-3, 3, -12, 12).grid(4, 1.0, 0.1)
    assert len({round(c.center[1], 6) for c in wide}) == 1  # one row across
    assert len({round(c.center[0], 6) for c in tall}) == 1  # one column down
    for cells in (wide, tall):
        for a, b in itertools.pairwise(cells):
            assert a.right <= b.left + 1e-9 or a.bottom >= b.top - 1e-9


def test_stretched_words_are_longer_and_keep_their_placeholders() -> None:
    template = "Each at its {rate} best"
    longer = stretched(template)
    assert "{rate}" in longer
    assert len(longer.replace("{rate}", "")) >= 1.35 * len(template.replace("{rate}", ""))


# ---------------------------------------------------------------------------- the audit


# Every scene in every shape in every shipped language and in the 40 % longer words.
AUDITED = [
    (scene, aspect, language)
    for language in (*LANGUAGES, "en" + STRETCHED) for scene in SCENE_IDS for aspect in ASPECTS
]


@pytest.mark.slow
@pytest.mark.parametrize(("scene_id", "aspect", "language"), AUDITED)
def test_layout_audit_finds_nothing(scene_id: str, aspect: str, language: str, svg_cache: Path) -> None:
    course = course_in(language)
    audit = audit_scene(scene_class(scene_id).for_course(course), course, aspect, cache=svg_cache)
    assert audit.moments > 0
    assert not audit.findings, "\n".join(str(f) for f in audit.findings)
    if language in LANGUAGES and aspect in ("16:9", "9:16"):  # the speaker notes and captions recorded on the way
        check_notes(scene_id, course, audit.notes)
        check_cues(scene_id, course, audit.cues)


@pytest.mark.parametrize("aspect", list(ASPECTS))
def test_gif_cut_is_readable_at_its_own_size(aspect: str, svg_cache: Path) -> None:
    """The GIF cut is audited at the GIF's pixel size, where the floor is 12 px."""
    from zigzag.outputs import gif_size

    course = load_course(COURSES / "default.toml")
    width, height = gif_size(course.render.gif_width, aspect)
    for scene_id, spec in SCENES.items():
        if spec.gif_class_name in (None, spec.class_name):
            continue
        audit = audit_scene(scene_class(scene_id, for_gif=True).for_course(course), course, aspect,
                            pixel_short=min(width, height), cache=svg_cache)
        assert not audit.findings, "\n".join(str(f) for f in audit.findings)
        assert audit.smallest_cap_pixels >= 12 * 0.98


@pytest.mark.slow
def test_a_word_wider_than_its_column_widens_the_column(svg_cache: Path) -> None:
    """In an Italian GIF (640 × 360, where the 12 px floor makes words largest against the frame),
    "condizionamento" was wider than the column beside the plane and stuck out of the frame's
    safe area: a column is never narrower than its widest word."""
    from scenes.layout import GIF_DRAWN_WIDTH
    from zigzag.outputs import gif_size

    course = course_in("it")
    audit = audit_scene(scene_class("conditioning", for_gif=True).for_course(course), course, "16:9",
                        pixel_short=min(gif_size(GIF_DRAWN_WIDTH, "16:9")), cache=svg_cache)
    assert audit.moments > 0
    assert not audit.findings, "\n".join(str(f) for f in audit.findings)


def test_audit_names_a_label_moved_onto_a_plot(svg_cache: Path) -> None:
    """A broken layout is found: a label put on another panel's plot is named with that panel."""
    from manim import Wait

    course = load_course(COURSES / "default.toml")
    shown = scene_class("activations").for_course(course)

    class Broken(shown):  # type: ignore[misc,valid-type]
        def construct(self) -> None:
            super().construct()
            label = self.conclusion
            label.move_to(self.panels[-1].get_center())
            self.play(Wait(0.5))

    audit = audit_scene(Broken, course, "16:9", cache=svg_cache)
    overlapping = [f for f in audit.findings if "conclusion" not in f.problem and f.problem.startswith("text on")]
    assert overlapping, [str(f) for f in audit.findings]
    assert any('text "' in name for f in overlapping for name in f.objects)
    assert any(name.startswith("panel ") for f in overlapping for name in f.objects)


def test_audit_finds_text_under_the_floor(svg_cache: Path) -> None:
    course = load_course(COURSES / "default.toml")
    shown = scene_class("activations").for_course(course)

    class Shrunk(shown):  # type: ignore[misc,valid-type]
        def construct(self) -> None:
            super().construct()
            self.conclusion.scale(0.5)
            self.play(Wait(0.5))

    from manim import Wait

    audit = audit_scene(Shrunk, course, "16:9", cache=svg_cache)
    assert any(f.problem.startswith("text under the floor") for f in audit.findings)


# ---------------------------------------------------------------------------- renders in every shape


def _png(path: Path) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(path).convert("RGB"))


@pytest.mark.slow
@pytest.mark.parametrize("aspect", list(ASPECTS))
def test_each_aspect_renders_frames_of_its_size(aspect: str, tmp_path: Path) -> None:
    course = load_course(COURSES / "default.toml")
    background = np.array([int(course.theme.background[i:i + 2], 16) for i in (1, 3, 5)])
    for scene_id in ("activations", "parallel-parking"):
        result = CliRunner().invoke(cli, ["render", scene_id, "-q", "l", "--aspect", aspect, "--format", "png",
                                          "--out", str(tmp_path)])
        assert result.exit_code == 0, result.output
        folder = tmp_path / course.with_aspect(aspect).folder
        pixels = _png(folder / f"{scene_id}.png")
        width, height, _ = video_size("l", aspect)
        assert pixels.shape[:2] == (height, width)
        for corner in (pixels[0, 0], pixels[0, -1], pixels[-1, 0], pixels[-1, -1]):
            assert np.abs(corner.astype(int) - background).max() <= 2


# ---------------------------------------------------------------------------- stills and sheets


def _video_frame(path: Path, index: int) -> np.ndarray:
    import av

    with av.open(str(path)) as container:
        for number, frame in enumerate(container.decode(video=0)):
            if number == index:
                return frame.to_ndarray(format="rgb24")
    raise AssertionError(f"{path} has no frame {index}")


@pytest.mark.slow
def test_still_at_a_time_and_at_a_section_is_the_video_frame(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    done = runner.invoke(cli, ["render", "activations", "-q", "l", "--format", "mp4", "--out", str(out)])
    assert done.exit_code == 0, done.output
    video = out / "default" / "activations.mp4"
    fps = video_size("l", "16:9")[2]
    for at in ("6.2", "activations-conclusion", "conclusion"):
        done = runner.invoke(cli, ["render", "activations", "-q", "l", "--format", "png", "--at", at,
                                   "--out", str(out)])
        assert done.exit_code == 0, done.output
        manifest = json.loads((out / "default" / "manifest.json").read_text())
        entry = next(o for o in manifest["outputs"] if o["format"] == "png")
        frame = round(entry["settings"]["seconds"] * fps)
        still = _png(out / "default" / entry["file"]).astype(int)
        shown = _video_frame(video, frame).astype(int)
        assert still.shape == shown.shape
        assert np.abs(still - shown).mean() < 2.5, at  # H.264 against lossless: small differences only
        other = _video_frame(video, max(frame - 3 * fps, 0)).astype(int)
        assert np.abs(still - other).mean() > np.abs(still - shown).mean()


def test_at_names_a_section_the_scene_has(tmp_path: Path) -> None:
    done = CliRunner().invoke(cli, ["render", "activations", "-q", "l", "--format", "png", "--at", "nowhere",
                                    "--out", str(tmp_path)])
    assert done.exit_code == 2
    assert "nowhere" in done.output and "activations-conclusion" in done.output
    assert not list(tmp_path.rglob("*.png"))


def test_at_needs_a_still() -> None:
    done = CliRunner().invoke(cli, ["render", "activations", "--format", "mp4", "--at", "3"])
    assert done.exit_code == 2
    assert "--format png" in done.output


@pytest.mark.slow
def test_sheet_has_a_thumbnail_per_section(tmp_path: Path) -> None:
    from zigzag.stills import SHEET_COLUMNS

    done = CliRunner().invoke(cli, ["sheet", "parallel-parking", "--out", str(tmp_path)])
    assert done.exit_code == 0, done.output
    manifest = json.loads((tmp_path / "default" / "manifest.json").read_text())
    entry = next(o for o in manifest["outputs"] if o["format"] == "sheet")
    sections = entry["settings"]["sections"]
    names = [line.split()[0] for line in sections]
    assert names == [f"parallel-parking-{p}" for p in ("plane", "straight", "drive", "centred", "figures")]
    seconds = [float(line.split()[1]) for line in sections]
    assert seconds == sorted(seconds)
    pixels = _png(tmp_path / "default" / "parallel-parking.sheet.png")
    rows = -(-len(names) // SHEET_COLUMNS)
    assert pixels.shape[0] > rows * 200 and pixels.shape[1] > SHEET_COLUMNS * 400


# ---------------------------------------------------------------------------- one typeface


def test_a_font_that_is_not_installed_is_refused(tmp_path: Path) -> None:
    course = tmp_path / "course.toml"
    course.write_text('[theme]\nfont = "Comic Sans MS"\n')
    done = CliRunner().invoke(cli, ["check", str(course)])
    assert done.exit_code == 2
    assert "theme.font" in done.output and "not installed" in done.output
    course.write_text('[theme]\nfont = "DejaVu Serif"\n')
    assert CliRunner().invoke(cli, ["check", str(course)]).exit_code == 0


def test_formulas_are_set_in_sans_serif() -> None:
    from scenes.base import SANS_TEMPLATE

    assert "sansmath" in SANS_TEMPLATE.preamble
    assert "\\sansmath" in SANS_TEMPLATE.body


def test_internal_scenes_are_audited_too() -> None:
    assert set(INTERNAL) <= set(SCENE_IDS)


def test_course_aspect_is_validated() -> None:
    from scenes.course import CourseError

    with pytest.raises(CourseError, match=r"render\.aspect"):
        parse_course('[render]\naspect = "2:1"\n')


def test_a_figures_table_too_tall_for_the_frame_shows_in_pages(tmp_path: Path, svg_cache: Path) -> None:
    """Longer words in a square frame: the figures table is cut at its headings into pages that
    each fit the safe area, and every figure is shown once, in the table's order."""
    from manim import MathTex

    from zigzag.svg_cache import seed_from_cache
    from zigzag.walk import frame_config, walk_scene

    course = course_in("en" + STRETCHED)
    seen: list[object] = []
    shown: list[list[str]] = []

    def look(scene: object, moment: object) -> None:
        seen[:] = [scene]
        figures = getattr(scene, "figures", None)
        if figures is not None and moment.kind == "end":  # type: ignore[attr-defined]
            page = [m.tex_string if isinstance(m, MathTex) else m.text for m in figures]
            if page and (not shown or shown[-1] != page):
                shown.append(page)

    seed_from_cache(svg_cache, tmp_path)
    walk_scene(scene_class("parallel-parking").for_course(course), frame_config("l", "1:1", tmp_path), look=look)
    scene = seen[0]
    pages = scene.figure_pages  # type: ignore[attr-defined]
    assert len(pages) >= 2
    assert len(shown) == len(pages)
    rows = [name for page in pages for name in page.names]
    assert rows == list(scene.figure_table.names)  # type: ignore[attr-defined]
    safe = scene.layout.safe  # type: ignore[attr-defined]
    for page in pages:
        assert page.get_top()[1] <= safe.top + 1e-6 and page.get_bottom()[1] >= safe.bottom - 1e-6
    every = [tex for page in shown for tex in page]
    assert len(every) == 2 * len(scene.figure_rows)  # type: ignore[attr-defined]
