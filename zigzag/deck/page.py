"""``index.html``: the deck in reveal.js, from the files beside it only (it opens by double-click).

Each slide holds its section's video, which plays once when the slide is entered and stays on its
last frame; → / space go on, ← goes back, R (or a click on the video) plays the slide again, S opens
reveal.js's speaker view with the notes. Every course string is escaped; the font's name is written
as a CSS string with every character outside letters, digits and spaces escaped.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from string import Template

from zigzag.captions import text_direction
from zigzag.deck import DeckSlide, DeckStyle

__all__ = ["css_string", "write_page"]

PAGE = Template("""<!doctype html>
<html lang="$language" dir="$direction">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="author" content="$author">
<meta name="description" content="$credits">
<meta name="copyright" content="$licence">
<title>$title</title>
<link rel="stylesheet" href="reveal/reset.css">
<link rel="stylesheet" href="reveal/reveal.css">
<style>
:root { --zz-background: $background; --zz-foreground: $foreground; --zz-accent: $accent; }
html, body, .reveal-viewport { background: var(--zz-background); color: var(--zz-foreground); }
.reveal { font-family: $font, sans-serif; color: var(--zz-foreground); }
.reveal .slides section { padding: 0; width: 100%; height: 100%; }
.reveal video.zz-section { display: block; width: 100%; height: 100%; max-width: none; max-height: none;
  object-fit: contain; margin: 0; background: var(--zz-background); cursor: pointer; }
.reveal .controls { color: var(--zz-accent); }
.reveal .progress { color: var(--zz-accent); }
.reveal .slide-number { background: transparent; color: var(--zz-foreground); font-family: $font, sans-serif; }
.zz-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
</style>
</head>
<body>
<div class="reveal">
<div class="slides">
$slides
</div>
</div>
<script src="reveal/reveal.js"></script>
<script src="reveal/plugin/notes.js"></script>
<script>
function zzReplay() {
  var video = Reveal.getCurrentSlide().querySelector("video");
  if (video) { video.currentTime = 0; video.play(); }
}
document.querySelectorAll("video.zz-section").forEach(function (video) {
  video.addEventListener("click", zzReplay);
});
Reveal.initialize({
  width: $width, height: $height, margin: 0, minScale: 0.05, maxScale: 8,
  center: false, hash: true, controls: true, progress: true, slideNumber: "c/t",
  transition: "none", backgroundTransition: "none", autoPlayMedia: null,
  keyboard: { 82: zzReplay },
  plugins: [RevealNotes]
});
</script>
</body>
</html>
""")

SLIDE = Template("""<section data-zz-scene="$scene" data-zz-section="$section" data-background-color="$background">
<h2 class="zz-hidden">$heading</h2>
<video class="zz-section" src="videos/$video" poster="frames/$poster" data-autoplay muted playsinline preload="auto"
 aria-label="$heading">$track</video>
<aside class="notes">$notes</aside>
</section>""")


def css_string(value: str) -> str:
    """``value`` as a CSS string: letters, digits and spaces as they are, anything else escaped."""
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in value) + '"'


def _notes_html(notes: str) -> str:
    """Notes as escaped paragraphs (a blank line parts them)."""
    paragraphs = [p.strip() for p in notes.split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)


def _track_html(track: str, style: DeckStyle) -> str:
    """The ``<track>`` of a slide's captions (shown by default), or nothing."""
    if not track:
        return ""
    escape = html.escape
    return (f'<track kind="captions" src="tracks/{escape(track)}" srclang="{escape(style.language)}" '
            f'label="{escape(style.language)}" default>')


def write_page(path: Path, slides: list[DeckSlide], videos: list[str], style: DeckStyle,
               tracks: list[str] | None = None) -> None:
    """Write the deck's ``index.html`` to ``path`` (``tracks``: each slide's captions file or ``""``)."""
    escape = html.escape
    sections = "\n".join(
        SLIDE.substitute(
            scene=escape(slide.scene), section=escape(slide.section), background=escape(style.background),
            heading=escape(slide.heading), video=escape(video),
            poster=escape(Path(video).stem + ".first.jpg"), notes=_notes_html(slide.notes),
            track=_track_html(track, style),
        )
        for slide, video, track in zip(slides, videos, tracks or [""] * len(slides), strict=True)
    )
    page = PAGE.substitute(
        language=escape(style.language), direction=text_direction(style.language), author=escape(style.author),
        credits=escape(style.credits), licence=escape(style.licence), title=escape(style.title),
        background=style.background,
        foreground=style.foreground, accent=style.accent, font=css_string(style.font),
        slides=sections, width=json.dumps(style.width), height=json.dumps(style.height),
    )
    path.write_text(page, encoding="utf-8")
