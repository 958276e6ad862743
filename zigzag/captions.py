"""Captions and transcripts: timed text for every video, laid out by the broadcasters' rules.

Each scene writes, per section, what its captions say (``cue_<part>`` of its catalogue, filled with
the section's numbers), a heading, its speaker notes and the formulas it shows; a render keeps them
in the sections index beside manim's timing. From that index this module lays the cues out — its
own timeline rather than manim's subcaptions, since a section's words are known when the section
starts and its length only when the video is written:

- a section's words are cut into sentences, a sentence into lines of at most :data:`LINE_CHARS`
  characters (words never broken unless one is longer than a line), lines into cues of at most
  :data:`CUE_LINES` lines;
- a cue needs at least :data:`MIN_SECONDS` and one second per :data:`MAX_CPS` characters; the cues of a
  section start with it and share its time in proportion to their need, at most :data:`MAX_SECONDS`
  each; cues that do not fit (a course played fast) are left out, the first kept — the transcript
  still has every word;
- cues never overlap and never run past their section, so never past the video.

The tracks are written as WebVTT and SRT, muxed into MP4 (``mov_text``) and WebM (``webvtt``) by
ffmpeg without re-encoding, and the transcript (Markdown and HTML) gives each section's heading,
notes, formulas (in TeX) and captions.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "Cue",
    "Section",
    "language_tag",
    "lay_out",
    "mux_track",
    "sections_from_index",
    "srt_text",
    "transcript_html",
    "transcript_markdown",
    "vtt_text",
]

LINE_CHARS = 42
CUE_LINES = 2
MIN_SECONDS = 1.0
MAX_SECONDS = 7.0
MAX_CPS = 20.0
# ISO 639-2 codes of the course languages, for the muxed tracks' language tag.
ISO_639_2 = {
    "en": "eng", "it": "ita", "de": "ger", "fr": "fre", "es": "spa", "pt": "por", "nl": "dut",
    "pl": "pol", "sv": "swe", "da": "dan", "fi": "fin", "no": "nor", "cs": "cze", "el": "gre",
    "tr": "tur", "ru": "rus", "uk": "ukr", "ja": "jpn", "zh": "chi", "ko": "kor", "ar": "ara",
    "he": "heb", "hi": "hin", "ro": "rum", "hu": "hun",
}
# Where a caption may start anew: after a sentence's end, or a colon or semicolon outside brackets
# (a point is written "(1,50; −1,00)" in Italian).
SENTENCE_ENDS = ".!?…"
CLAUSE_ENDS = ":;"


@dataclass(frozen=True, slots=True)
class Section:
    """One section of a video: its name, start and end (seconds) and what the render kept of it."""

    name: str
    start: float
    end: float
    cue: str = ""
    heading: str = ""
    notes: str = ""
    formulas: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Cue:
    """One caption: shown from ``start`` to ``end`` (seconds), its lines joined by newlines."""

    start: float
    end: float
    text: str
    section: str

    @property
    def characters(self) -> int:
        return len(self.text.replace("\n", ""))


def text_direction(language: str) -> str:
    """``rtl`` for a language written right to left (Arabic, Hebrew, ...), else ``ltr``."""
    from scenes.numbers import known_locale

    try:
        return "rtl" if known_locale(language).character_order == "right-to-left" else "ltr"
    except ValueError:
        return "ltr"


def language_tag(language: str) -> str:
    """The ISO 639-2 code of ``language`` (``und`` when unknown)."""
    return ISO_639_2.get(language.split("-")[0].split("+")[0].lower(), "und")


def sections_from_index(entries: list[dict[str, Any]]) -> list[Section]:
    """The sections of a sections index, each starting where the one before ends."""
    sections, start = [], 0.0
    for entry in entries:
        seconds = _seconds(entry)
        sections.append(Section(
            name=str(entry.get("name", "")), start=start, end=start + seconds,
            cue=str(entry.get("cue", "")), heading=str(entry.get("heading", "")),
            notes=str(entry.get("notes", "")), formulas=tuple(str(f) for f in entry.get("formulas", [])),
        ))
        start += seconds
    return sections


def _seconds(entry: dict[str, Any]) -> float:
    """A section's length: its frames over its frame rate, else its recorded duration."""
    with contextlib.suppress(KeyError, ValueError, ZeroDivisionError, TypeError):
        numerator, denominator = str(entry["avg_frame_rate"]).split("/")
        return int(entry["nb_frames"]) * int(denominator) / int(numerator)
    return float(entry.get("duration", 0.0))


def _lines(sentence: str) -> list[str]:
    """``sentence`` on lines of at most :data:`LINE_CHARS` characters, broken between words."""
    lines: list[str] = []
    for word in sentence.split():
        while len(word) > LINE_CHARS:  # a word longer than a line is cut
            if lines and not lines[-1]:
                lines.pop()
            lines += [word[:LINE_CHARS], ""]
            word = word[LINE_CHARS:]
        if lines and lines[-1] and len(lines[-1]) + 1 + len(word) <= LINE_CHARS:
            lines[-1] += " " + word
        elif lines and not lines[-1]:
            lines[-1] = word
        else:
            lines.append(word)
    return [line for line in lines if line]


def _sentences(words: str) -> list[str]:
    """``words`` cut after each sentence's end, and after a colon or semicolon outside brackets."""
    pieces, depth, start = [], 0, 0
    for index, char in enumerate(words):
        depth += (char in "([{") - (char in ")]}")
        ends = char in SENTENCE_ENDS or (char in CLAUSE_ENDS and depth <= 0)
        if ends and index + 1 < len(words) and words[index + 1] == " ":
            pieces.append(words[start:index + 1])
            start = index + 2
    pieces.append(words[start:])
    return [p for p in pieces if p.strip()]


def _chunks(words: str) -> list[str]:
    """``words`` cut into cue texts: sentences, each on cues of at most :data:`CUE_LINES` lines."""
    chunks = []
    for sentence in _sentences(" ".join(words.split())):
        lines = _lines(sentence)
        chunks += ["\n".join(lines[i:i + CUE_LINES]) for i in range(0, len(lines), CUE_LINES)]
    return [c for c in chunks if c]


def _need(text: str) -> float:
    return max(MIN_SECONDS, len(text.replace("\n", "")) / MAX_CPS)


def _section_cues(section: Section) -> list[Cue]:
    """The cues of one section (see the module's text)."""
    room = section.end - section.start
    kept: list[str] = []
    for chunk in _chunks(section.cue):
        if sum(_need(c) for c in kept) + _need(chunk) > room + 1e-9:
            break
        kept.append(chunk)
    if not kept:
        return []
    needs = [_need(c) for c in kept]
    stretch = room / sum(needs)
    cues, start = [], section.start
    for chunk, need in zip(kept, needs, strict=True):
        length = min(MAX_SECONDS, need * stretch)
        cues.append(Cue(round(start, 3), round(min(start + length, section.end), 3), chunk, section.name))
        start += length
    return cues


def lay_out(sections: list[Section]) -> list[Cue]:
    """Every cue of a video, in order."""
    return [cue for section in sections for cue in _section_cues(section)]


def _clock(seconds: float, separator: str) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def vtt_text(cues: list[Cue], language: str) -> str:
    """A WebVTT file of ``cues`` (text escaped: no markup in a course's words runs)."""
    blocks = [f"WEBVTT\nLanguage: {language}\n"]
    for number, cue in enumerate(cues, 1):
        text = html.escape(cue.text, quote=False)
        blocks.append(f"{number}\n{_clock(cue.start, '.')} --> {_clock(cue.end, '.')}\n{text}\n")
    return "\n".join(blocks)


def srt_text(cues: list[Cue]) -> str:
    """An SRT file of ``cues``. SRT has no escapes and players read ``<i>``-like tags, so angle
    brackets in the words become ‹ and ›."""
    blocks = []
    for number, cue in enumerate(cues, 1):
        text = cue.text.replace("<", "‹").replace(">", "›")
        blocks.append(f"{number}\n{_clock(cue.start, ',')} --> {_clock(cue.end, ',')}\n{text}\n")
    return "\n".join(blocks)


def mux_track(video: Path, track: Path | None, language: str, metadata: dict[str, str] | None = None) -> None:
    """Put ``track`` into ``video`` as a subtitle stream tagged ``language`` (``mov_text`` in MP4,
    ``webvtt`` in WebM) and ``metadata`` into its container tags, copying the video stream; the
    file is replaced whole or not at all. Nothing is done when there is neither."""
    if track is None and not metadata:
        return
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise FileNotFoundError("ffmpeg is not installed (make render installs it)")
    staged = video.with_name(f".{video.stem}.captioned{video.suffix}")
    command = [ffmpeg, "-v", "error", "-nostdin", "-y", "-i", str(video)]
    if track is not None:
        codec = "mov_text" if video.suffix == ".mp4" else "webvtt"
        command += ["-i", str(track), "-map", "0", "-map", "1", "-c", "copy", "-c:s", codec,
                    "-metadata:s:s:0", f"language={language_tag(language)}"]
    else:
        command += ["-map", "0", "-c", "copy"]
    for key, value in (metadata or {}).items():
        command += ["-metadata", f"{key}={value}"]
    if metadata and video.suffix == ".mp4":
        command += ["-movflags", "+use_metadata_tags"]  # keys MP4 has no atom for (license)
    command.append(str(staged))
    try:
        subprocess.run(command, check=True, capture_output=True, text=True)
        os.replace(staged, video)
    except subprocess.CalledProcessError as error:
        raise RuntimeError(f"ffmpeg could not add captions to {video.name}: {error.stderr.strip()}") from None
    finally:
        with contextlib.suppress(OSError):
            staged.unlink()


def _time(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}:{secs:02d}"


def transcript_markdown(title: str, sections: list[Section], cues: list[Cue], words: dict[str, str]) -> str:
    """The transcript in Markdown: per section its heading and time, what it shows (the notes),
    its formulas in TeX and its captions. ``words`` names the parts (``formulas``, ``captions``)."""
    out = [f"# {_md(title)}", ""]
    if words.get("identity"):
        out += [_md(words["identity"]), ""]
    for section in sections:
        heading = section.heading or section.name
        out += [f"## {_md(heading)} ({_time(section.start)}–{_time(section.end)})", ""]
        if section.notes:
            out += [_md(section.notes), ""]
        if section.formulas:
            out += [f"{words['formulas']}:", ""] + [f"- `{f}`" for f in section.formulas] + [""]
        said = [c.text.replace("\n", " ") for c in cues if c.section == section.name]
        if said:
            out += [f"{words['captions']}: " + _md(" ".join(said)), ""]
    return "\n".join(out).rstrip() + "\n"


def _md(text: str) -> str:
    """``text`` as Markdown that shows it as written (markup characters escaped)."""
    return re.sub(r"([\\`*_{}\[\]<>#|!])", r"\\\1", text)


def transcript_html(title: str, sections: list[Section], cues: list[Cue], words: dict[str, str],
                    language: str) -> str:
    """The transcript as a page of its own (every course word escaped)."""
    e = html.escape
    body = [f"<h1>{e(title)}</h1>"]
    if words.get("identity"):
        body.append(f"<p>{e(words['identity'])}</p>")
    for section in sections:
        heading = section.heading or section.name
        body.append(f"<section><h2>{e(heading)} <small>({_time(section.start)}–{_time(section.end)})</small></h2>")
        if section.notes:
            body.append(f"<p>{e(section.notes)}</p>")
        if section.formulas:
            items = "".join(f"<li><code>{e(f)}</code></li>" for f in section.formulas)
            body.append(f"<p>{e(words['formulas'])}:</p><ul>{items}</ul>")
        said = [c.text.replace("\n", " ") for c in cues if c.section == section.name]
        if said:
            body.append(f"<p><em>{e(words['captions'])}:</em> {e(' '.join(said))}</p>")
        body.append("</section>")
    return (
        f'<!DOCTYPE html>\n<html lang="{e(language)}" dir="{text_direction(language)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{e(title)}</title>\n<style>body{{font-family:sans-serif;max-width:46em;margin:2em auto;"
        f"line-height:1.5;padding:0 1em}}code{{white-space:pre-wrap}}</style>\n</head>\n<body>\n"
        + "\n".join(body) + "\n</body>\n</html>\n"
    )
