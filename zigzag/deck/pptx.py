"""``deck.pptx``: one slide a section, its video embedded (the first frame as poster, playing when the
slide opens), the course's background, and the section's notes in the slide's notes page.

python-pptx sets every string as text (XML-escaped), never as markup.
"""

from __future__ import annotations

from pathlib import Path

from zigzag.deck import DeckSlide, DeckStyle

__all__ = ["write_pptx"]

EMU_PER_PIXEL = 9525
# Slides are this many pixels on their long side (PowerPoint's 16:9 default is 1280 × 720).
LONG_SIDE = 1280
PRESENTATION_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"


def _play_on_entry(movie: object) -> None:
    """Make the movie start when its slide opens (python-pptx adds it to play on click)."""
    element = movie._element  # type: ignore[attr-defined]
    shape_id = element.xpath(".//p:cNvPr")[0].get("id")
    slide = element.getparent().getparent().getparent()
    for target in slide.xpath(f'.//p:timing//p:video//p:spTgt[@spid="{shape_id}"]'):
        media = target.getparent().getparent().getparent()
        for condition in media.xpath(".//p:cond"):
            condition.set("delay", "0")


def write_pptx(path: Path, slides: list[DeckSlide], videos: list[Path], posters: list[Path], style: DeckStyle) -> None:
    """Write the deck's PowerPoint file to ``path``."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Emu

    scale = LONG_SIDE / max(style.width, style.height)
    width, height = Emu(round(style.width * scale) * EMU_PER_PIXEL), Emu(round(style.height * scale) * EMU_PER_PIXEL)
    deck = Presentation()
    deck.slide_width, deck.slide_height = width, height
    deck.core_properties.title = style.title
    deck.core_properties.language = style.language
    deck.core_properties.author = style.author
    deck.core_properties.comments = style.credits
    blank = deck.slide_layouts[6]
    for slide, video, poster in zip(slides, videos, posters, strict=True):
        page = deck.slides.add_slide(blank)
        page.background.fill.solid()
        page.background.fill.fore_color.rgb = RGBColor.from_string(style.background.lstrip("#").upper())
        movie = page.shapes.add_movie(str(video), 0, 0, width, height, poster_frame_image=str(poster),
                                      mime_type="video/mp4")
        movie.name = slide.section
        _play_on_entry(movie)
        page.notes_slide.notes_text_frame.text = f"{slide.heading}\n\n{slide.notes}"
    deck.save(str(path))
