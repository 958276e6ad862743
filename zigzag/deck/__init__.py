"""The lecture deck: one slide per section, in the lecture's order, from the sections already rendered.

``build_deck`` writes a folder that needs nothing else: ``index.html`` (reveal.js, shipped in
:mod:`zigzag.deck` with its licence, so it opens offline by double-click), the section videos it
plays (hard links to the renders, else copies: nothing is encoded again), ``deck.pptx`` (the
videos embedded, speaker notes), ``handout.pdf`` (one page a slide: the section's settled last
frame and its notes) and ``deck.json``, the presentation in manim-slides' format, so that
``manim-slides present deck`` and ``manim-slides convert`` work on it from the folder above.

Every course string that reaches a file (the course's name, notes, headings) is written as text:
escaped in HTML, and set as text by the PPTX and PDF writers, never as markup.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from zigzag.assemble import read_sections

__all__ = ["DECK_FOLDER", "Deck", "DeckPart", "DeckSlide", "DeckStyle", "build_deck", "deck_slides"]

DECK_FOLDER = "slides"
PRESENTATION = "deck.json"
REVEAL = Path(__file__).parent / "reveal"
# Frames (posters, the handout's pictures) as JPEG: PNGs of every frame took most of a deck's build.
JPEG_QUALITY = 92
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True, slots=True)
class DeckPart:
    """A rendered scene in the deck: its id, its title in the course language, its sections folder."""

    scene: str
    title: str
    sections: Path


@dataclass(frozen=True, slots=True)
class DeckSlide:
    """One section: the part it belongs to, its name, its video, notes and length in seconds."""

    scene: str
    heading: str
    section: str
    source: Path
    notes: str
    seconds: float
    cue: str = ""

    def file_stem(self, index: int) -> str:
        return f"{index + 1:02d}-{self.section}"


@dataclass(frozen=True, slots=True)
class DeckStyle:
    """What the deck takes from the course: name, language, colours (hex), font, frame size, and
    who teaches it under which licence."""

    title: str
    language: str
    background: str
    foreground: str
    accent: str
    font: str
    width: int
    height: int
    captions: bool = True
    author: str = ""  # the lecturer
    credits: str = ""  # lecturer · institution · date · licence, as the title card shows them
    licence: str = ""

    def __post_init__(self) -> None:
        for name in ("background", "foreground", "accent"):
            if not HEX_COLOUR.fullmatch(getattr(self, name)):
                raise ValueError(f"deck {name} must be a colour #rrggbb, not {getattr(self, name)!r}")


@dataclass(frozen=True, slots=True)
class Deck:
    """A written deck: its folder, slides, files and bytes, and the seconds it took."""

    folder: Path
    slides: list[DeckSlide]
    files: list[str]
    bytes: int
    seconds: float


def deck_slides(parts: list[DeckPart]) -> list[DeckSlide]:
    """Every section of every part, in order (the index each part's render wrote, with its notes)."""
    slides = []
    for part in parts:
        for entry in read_sections(part.sections):
            notes = entry.get("notes")
            slides.append(DeckSlide(
                scene=part.scene, heading=part.title, section=str(entry["name"]),
                source=part.sections / str(entry["video"]),
                notes=notes if isinstance(notes, str) else "",
                seconds=float(entry.get("duration", 0) or 0),
                cue=str(entry.get("cue", "") or ""),
            ))
    return slides


def _track(slide: DeckSlide, folder: Path, name: str, style: DeckStyle) -> str:
    """The slide's captions as ``folder/name`` (WebVTT, the section's own time), or ``""`` when it
    has none. Returns the file's name."""
    from zigzag.captions import Section, lay_out, vtt_text

    cues = lay_out([Section(slide.section, 0.0, slide.seconds, slide.cue)])
    if not cues:
        return ""
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(vtt_text(cues, style.language), encoding="utf-8")
    return name


def _place(source: Path, target: Path) -> None:
    """``target`` as a hard link to ``source`` (same bytes, no copy), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _presentation(slides: list[DeckSlide], names: list[str], style: DeckStyle) -> str:
    """The deck in manim-slides' presentation format; paths are relative to the deck's parent
    folder, as manim-slides reads them. No reversed videos are made: each slide's own is given."""
    entries = [
        {
            "type": "video", "file": f"{DECK_FOLDER}/videos/{name}", "rev_file": f"{DECK_FOLDER}/videos/{name}",
            "loop": False, "auto_next": False, "playback_rate": 1.0, "reversed_playback_rate": 1.0,
            "notes": slide.notes, "dedent_notes": False, "skip_animations": False, "src": None,
            "direction": "horizontal",
        }
        for slide, name in zip(slides, names, strict=True)
    ]
    document = {"slides": entries, "resolution": [style.width, style.height], "background_color": style.background}
    return json.dumps(document, indent=2, ensure_ascii=False)


def build_deck(parts: list[DeckPart], style: DeckStyle, folder: Path) -> Deck:
    """Write the deck of ``parts`` into ``folder`` (made new; it must not exist)."""
    from zigzag.deck.frames import first_and_last_frames
    from zigzag.deck.handout import write_handout
    from zigzag.deck.page import write_page
    from zigzag.deck.pptx import write_pptx

    started = time.perf_counter()
    slides = deck_slides(parts)
    if not slides:
        raise ValueError("the deck has no sections to show")
    folder.mkdir(parents=True)
    videos, frames = folder / "videos", folder / "frames"
    videos.mkdir()
    frames.mkdir()
    names, posters, lasts, tracks = [], [], [], []
    for index, slide in enumerate(slides):
        stem = slide.file_stem(index)
        names.append(f"{stem}{slide.source.suffix}")
        _place(slide.source, videos / names[-1])
        tracks.append(_track(slide, folder / "tracks", f"{stem}.vtt", style) if style.captions else "")
        first, last = first_and_last_frames(slide.source)
        posters.append(frames / f"{stem}.first.jpg")
        first.save(posters[-1], quality=JPEG_QUALITY)
        last.save(frames / f"{stem}.last.jpg", quality=JPEG_QUALITY)
        lasts.append(last)
    shutil.copytree(REVEAL, folder / "reveal")
    write_page(folder / "index.html", slides, names, style, tracks)
    write_pptx(folder / "deck.pptx", slides, [videos / n for n in names], posters, style)
    write_handout(folder / "handout.pdf", slides, lasts, style)
    (folder / PRESENTATION).write_text(_presentation(slides, names, style), encoding="utf-8")
    files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    size = sum((folder / f).stat().st_size for f in files)
    return Deck(folder=folder, slides=slides, files=files, bytes=size, seconds=time.perf_counter() - started)
