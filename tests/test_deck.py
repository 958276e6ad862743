"""The slides deck built from sections: its files, its escaping, and manim-slides reading it.

These tests build decks from small videos made here (no scene is rendered); the browser tests in
``test_deck_browser.py`` present a deck of real renders.
"""

from __future__ import annotations

import json
import zipfile
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from zigzag.deck import DeckPart, DeckStyle, build_deck, deck_slides
from zigzag.deck.page import css_string

HOSTILE = "<img src=x onerror=alert(1)>"
NOTES = ["First & only: w = (1.50, −1.00) <b>not bold</b>", "Zweite Folie\n\nwith a second paragraph", "", "η = 0,50"]
COLOURS = [(200, 30, 30), (30, 200, 30), (30, 30, 200), (220, 220, 40)]


def tiny_video(path: Path, colour: tuple[int, int, int], frames: int = 12) -> None:
    """An H.264 MP4 of ``frames`` frames at 12 fps: ``colour``, brightening to white on the last."""
    import av

    with av.open(str(path), mode="w") as container:
        stream = container.add_stream("libx264", rate=Fraction(12))
        stream.width, stream.height, stream.pix_fmt = 64, 36, "yuv420p"
        for index in range(frames):
            shade = np.array(colour) + (np.array([255, 255, 255]) - colour) * (index == frames - 1)
            image = np.broadcast_to(shade.astype(np.uint8), (36, 64, 3)).copy()
            for packet in stream.encode(av.VideoFrame.from_ndarray(image, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)


def sections_folder(root: Path, scene: str, names: list[str], notes: list[str], colours: list) -> Path:
    folder = root / f"{scene}.sections"
    folder.mkdir(parents=True)
    index = []
    for name, note, colour in zip(names, notes, colours, strict=True):
        tiny_video(folder / f"{name}.mp4", colour)
        index.append({"name": name, "type": "default.normal", "video": f"{name}.mp4", "duration": 1.0, "notes": note})
    (folder / f"{scene}.json").write_text(json.dumps(index), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("deck")
    parts = [
        DeckPart("lecture-title", HOSTILE, sections_folder(root, "lecture-title", ["lecture-title"], NOTES[:1], COLOURS[:1])),
        DeckPart("two", "Two " + HOSTILE, sections_folder(root, "two", ["two-a", "two-b", "two-c"], NOTES[1:], COLOURS[1:])),
    ]
    style = DeckStyle(title=HOSTILE, language="en", background="#0f1117", foreground="#e8e6e3",
                      accent="#f5a623", font='Deja"Vu</style>', width=64, height=36)
    return build_deck(parts, style, root / "renders" / "slides"), parts


def test_one_slide_per_section_in_order_with_its_notes(deck) -> None:  # type: ignore[no-untyped-def]
    built, parts = deck
    assert [s.section for s in built.slides] == ["lecture-title", "two-a", "two-b", "two-c"]
    assert [s.notes for s in built.slides] == NOTES
    assert deck_slides(parts) == built.slides
    videos = sorted((built.folder / "videos").iterdir())
    assert [v.name for v in videos] == ["01-lecture-title.mp4", "02-two-a.mp4", "03-two-b.mp4", "04-two-c.mp4"]
    # The renders' files, not copies made by encoding again: same bytes (a hard link here).
    for video, slide in zip(videos, built.slides, strict=True):
        assert video.read_bytes() == slide.source.read_bytes()
        assert video.stat().st_ino == slide.source.stat().st_ino


def test_page_escapes_course_strings_and_ships_reveal(deck) -> None:  # type: ignore[no-untyped-def]
    built, _ = deck
    page = (built.folder / "index.html").read_text(encoding="utf-8")
    assert "<img" not in page and "<b>" not in page and "</style>\"" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;b&gt;not bold&lt;/b&gt;" in page
    assert page.count("<section ") == 4 and page.count('<aside class="notes">') == 4
    assert css_string('Deja"Vu</style>') in page and "</style>\"" not in page
    for needed in ("reveal/reveal.js", "reveal/reveal.css", "reveal/plugin/notes.js", "reveal/LICENSE"):
        assert (built.folder / needed).is_file()
    assert "http://" not in page and "https://" not in page  # nothing from the network


def test_pptx_has_a_video_and_notes_per_slide(deck) -> None:  # type: ignore[no-untyped-def]
    from pptx import Presentation

    built, _ = deck
    presentation = Presentation(str(built.folder / "deck.pptx"))
    assert len(presentation.slides) == 4
    assert presentation.core_properties.title == HOSTILE
    for slide, expected in zip(presentation.slides, built.slides, strict=True):
        assert slide.has_notes_slide
        notes = slide.notes_slide.notes_text_frame.text
        assert expected.heading in notes and expected.notes.replace("\n\n", "\n") in notes.replace("\n\n", "\n")
        assert any(shape.shape_type is not None and shape.name == expected.section for shape in slide.shapes)
    with zipfile.ZipFile(built.folder / "deck.pptx") as archive:
        media = [n for n in archive.namelist() if n.startswith("ppt/media/") and n.endswith(".mp4")]
        notes_parts = [n for n in archive.namelist() if n.startswith("ppt/notesSlides/notesSlide")]
        assert len(media) == 4 and len(notes_parts) == 4
        xml = "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml"))
        assert "<img src" not in xml and "&lt;img src=x onerror=alert(1)&gt;" in xml


def test_handout_has_a_page_per_slide_with_its_words_as_text(deck) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    built, _ = deck
    reader = PdfReader(str(built.folder / "handout.pdf"))
    assert len(reader.pages) == 4
    assert reader.metadata is not None and reader.metadata.title == HOSTILE
    first = reader.pages[0].extract_text()
    assert HOSTILE in first and "(1.50, −1.00)" in first and "<b>not bold</b>" in first
    assert "η = 0,50" in reader.pages[3].extract_text()


def test_the_settled_last_frame_is_on_the_handout_and_the_first_is_the_poster(deck) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image

    built, _ = deck
    for index, colour in enumerate(COLOURS):
        stem = built.slides[index].file_stem(index)
        first = np.asarray(Image.open(built.folder / "frames" / f"{stem}.first.jpg"), dtype=float)
        last = np.asarray(Image.open(built.folder / "frames" / f"{stem}.last.jpg"), dtype=float)
        assert np.abs(first.mean(axis=(0, 1)) - colour).max() < 12
        assert np.abs(last.mean(axis=(0, 1)) - 255).max() < 12


def test_manim_slides_reads_the_presentation(deck) -> None:  # type: ignore[no-untyped-def]
    from manim_slides.config import PresentationConfig

    built, _ = deck
    presentation = PresentationConfig.from_file(built.folder / "deck.json")
    assert [Path(s.file).name for s in presentation.slides] == [f"{s.file_stem(i)}.mp4" for i, s in enumerate(built.slides)]
    assert all(Path(s.file).is_file() for s in presentation.slides)
    assert [s.notes for s in presentation.slides] == NOTES
    assert tuple(presentation.resolution) == (64, 36)


def test_a_deck_without_sections_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "none.sections"
    empty.mkdir()
    style = DeckStyle("c", "en", "#000000", "#ffffff", "#ff0000", "DejaVu Sans", 64, 36)
    with pytest.raises(ValueError, match="no sections index"):
        build_deck([DeckPart("none", "None", empty)], style, tmp_path / "slides")
    assert not (tmp_path / "slides").exists()


def test_colours_reach_the_page_only_as_hex() -> None:
    with pytest.raises(ValueError, match="background"):
        DeckStyle("c", "en", "red;}</style><script>", "#ffffff", "#ff0000", "DejaVu Sans", 64, 36)
