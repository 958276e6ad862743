"""Captions laid out by the broadcasters' rules, written as WebVTT and SRT that parsers read back,
with a course's words escaped."""

from __future__ import annotations

import html
import io
import itertools

import pytest
import srt
import webvtt
from hypothesis import given, settings
from hypothesis import strategies as st

from zigzag.captions import (
    CUE_LINES,
    LINE_CHARS,
    MAX_CPS,
    MAX_SECONDS,
    MIN_SECONDS,
    Cue,
    Section,
    lay_out,
    sections_from_index,
    srt_text,
    transcript_html,
    transcript_markdown,
    vtt_text,
)

SLACK = 0.002  # cue times are written to the millisecond


def check_rules(cues: list[Cue], sections: list[Section]) -> None:
    """Every rule of the captions: lines, lengths, reading speed, order, inside the sections."""
    ends = {s.name: s for s in sections}
    for before, after in itertools.pairwise(cues):
        assert before.end <= after.start + 1e-9, (before, after)
    for cue in cues:
        lines = cue.text.split("\n")
        assert 1 <= len(lines) <= CUE_LINES, cue
        assert all(0 < len(line) <= LINE_CHARS for line in lines), cue
        seconds = cue.end - cue.start
        assert MIN_SECONDS - SLACK <= seconds <= MAX_SECONDS + SLACK, cue
        assert cue.characters / seconds <= MAX_CPS + 0.05, cue
        section = ends[cue.section]
        assert section.start - SLACK <= cue.start and cue.end <= section.end + SLACK, cue


def test_a_section_s_words_are_laid_out_by_the_rules() -> None:
    words = ("Every step goes north-east or south-west: the weights park in parallel. "
             "In 128 steps, 68 go north-east and 60 south-west. The optimum is reached at step 139.")
    sections = [Section("a", 0.0, 14.4, words), Section("b", 14.4, 19.3, "Short.")]
    cues = lay_out(sections)
    check_rules(cues, sections)
    assert cues[0].start == 0.0 and cues[0].text.startswith("Every step")
    assert [c for c in cues if c.section == "b"][0].start == pytest.approx(14.4)
    said = " ".join(c.text.replace("\n", " ") for c in cues if c.section == "a")
    assert said == words  # nothing lost when the section has the time


def test_words_a_short_section_cannot_hold_are_left_out_first_sentence_kept() -> None:
    words = "First sentence is kept. " + "Then a much longer sentence that cannot be read in time. " * 4
    sections = [Section("s", 0.0, 3.0, words)]
    cues = lay_out(sections)
    check_rules(cues, sections)
    assert cues and cues[0].text == "First sentence is kept."
    assert sum(c.characters for c in cues) <= 3.0 * MAX_CPS


def test_a_section_shorter_than_a_cue_gets_none_and_a_long_word_is_cut() -> None:
    assert lay_out([Section("s", 0.0, 0.9, "Hi.")]) == []
    word = "x" * 100
    cues = lay_out([Section("s", 0.0, 10.0, word)])
    assert all(len(line) <= LINE_CHARS for cue in cues for line in cue.text.split("\n"))
    assert "".join(c.text.replace("\n", "") for c in cues) == word


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.floats(0.0, 30.0), st.text(
    st.characters(blacklist_categories=("Cs", "Cc")), max_size=400)), min_size=1, max_size=6))
def test_the_rules_hold_for_any_words_and_lengths(parts: list[tuple[float, str]]) -> None:
    sections, start = [], 0.0
    for index, (seconds, words) in enumerate(parts):
        sections.append(Section(f"s{index}", start, start + seconds, words))
        start += seconds
    check_rules(lay_out(sections), sections)


HOSTILE = "<img src=x onerror=alert(1)> & <b>bold</b> --> end"


def test_tracks_parse_back_and_keep_words_escaped() -> None:
    cues = [Cue(0.0, 2.5, "Step 1: 0.50\nnorth-east", "a"), Cue(2.5, 5.0, HOSTILE[:40], "a"),
            Cue(61.0, 62.5, HOSTILE[40:] or "x", "b")]
    vtt = vtt_text(cues, "en")
    assert "<img" not in vtt and "<b>" not in vtt and "&lt;img" in vtt
    read = webvtt.from_buffer(io.StringIO(vtt))
    assert [html.unescape(c.text) for c in read] == [c.text for c in cues]
    assert read[2].start == "00:01:01.000"
    subtitles = list(srt.parse(srt_text(cues)))
    assert [s.start.total_seconds() for s in subtitles] == [0.0, 2.5, 61.0]
    assert "<" not in srt_text(cues) and "‹img" in srt_text(cues)


def test_transcripts_escape_a_course_s_words() -> None:
    sections = [Section("a", 0.0, 5.0, "Cue.", HOSTILE, HOSTILE, ("x = 1 < 2",))]
    cues = lay_out(sections)
    words = {"formulas": "Formulas shown", "captions": "Captions"}
    page = transcript_html(HOSTILE, sections, cues, words, "en")
    assert "<img" not in page and "<b>" not in page and "&lt;img" in page
    assert "x = 1 &lt; 2" in page
    markdown = transcript_markdown(HOSTILE, sections, cues, words)
    assert r"\<img" in markdown and "<img" not in markdown.replace(r"\<", "")


def test_sections_start_where_the_one_before_ends() -> None:
    index = [{"name": "a", "nb_frames": "45", "avg_frame_rate": "15/1", "cue": "A."},
             {"name": "b", "duration": "2.5", "cue": "B."}]
    sections = sections_from_index(index)
    assert [(s.start, s.end) for s in sections] == [(0.0, 3.0), (3.0, 5.5)]


def test_a_point_in_brackets_is_never_cut() -> None:
    words = "L'ottimo (−1,00; 1,50) sta a nord-ovest della partenza (1,50; −1,00). Segue: altro."
    cues = lay_out([Section("s", 0.0, 10.0, words)])
    texts = [c.text.replace("\n", " ") for c in cues]
    assert texts[0] == "L'ottimo (−1,00; 1,50) sta a nord-ovest della partenza (1,50; −1,00)."
    assert texts[1:] == ["Segue:", "altro."]
