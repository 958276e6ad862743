"""Captions of real renders (low quality): three scenes and the lecture, in English and Italian.

Every track written parses and keeps the captions' rules; each section's first cue starts with the
section; every number a cue states is the data's, in the course's number format; the lecture's cues
are its parts' cues shifted by where each part starts; MP4 and WebM carry the track as a subtitle
stream with the language's tag; a course's words are escaped; ``--no-captions`` writes none.
"""

from __future__ import annotations

import html
import io
import json
import re
from pathlib import Path

import av
import pytest
import srt
import webvtt
from click.testing import CliRunner

from scenes.course import parse_course
from scenes.registry import scene_data_json
from scenes.text import text
from tests.notes_check import NUMBER, data_scene, known, leaves
from tests.test_captions import check_rules
from zigzag.captions import Cue, Section, lay_out, sections_from_index
from zigzag.cli import cli

pytestmark = pytest.mark.slow

SCENES = ("activations", "chain-rule", "parallel-parking")
HOSTILE = "<img src=x onerror=alert(1)> & co"
COURSE = """
[course]
name = "{name}"
slug = "{slug}"
language = "{language}"
[scenes]
lecture = ["activations", "chain-rule", "parallel-parking"]
[render]
quality = "l"
formats = {formats}
"""
# WebM encodes slowly: the English course renders it too, the Italian one MP4 only.
FORMATS = {"en": ["mp4", "webm"], "it": ["mp4"]}
START_SLACK = 0.5


def render(tmp_path: Path, language: str, *extra: str, scenes: tuple[str, ...] = ()) -> tuple[Path, str]:
    text = COURSE.format(name=HOSTILE, slug=f"cap-{language}", language=language,
                         formats=json.dumps(FORMATS[language]))
    course = tmp_path / f"{language}.toml"
    course.write_text(text, encoding="utf-8")
    chosen = list(scenes) or ["--all"]
    result = CliRunner().invoke(cli, ["render", *chosen, "--course", str(course), "--out", str(tmp_path / "out"),
                                      *extra])
    assert result.exit_code == 0, result.output
    return tmp_path / "out" / f"cap-{language}", text


@pytest.fixture(scope="module", params=["en", "it"])
def rendered(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    folder, text = render(tmp_path_factory.mktemp(f"captions-{request.param}"), request.param)
    return folder, text, request.param


def seconds(clock: str) -> float:
    hours, minutes, rest = clock.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)


def parsed_vtt(path: Path) -> list[Cue]:
    return [Cue(seconds(c.start), seconds(c.end), html.unescape(c.text), "")
            for c in webvtt.from_buffer(io.StringIO(path.read_text(encoding="utf-8")))]


def sections_of(folder: Path, scene: str) -> list[Section]:
    index = folder / f"{scene}.sections" / f"{scene}.json"
    return sections_from_index(json.loads(index.read_text(encoding="utf-8")))


def with_sections(cues: list[Cue], sections: list[Section]) -> list[Cue]:
    """``cues`` marked with the section each starts in."""
    def section_at(time: float) -> str:
        return [s.name for s in sections if s.start - 0.002 <= time][-1]
    return [Cue(c.start, c.end, c.text, section_at(c.start)) for c in cues]


@pytest.mark.parametrize("scene", [*SCENES, "lecture"])
def test_tracks_keep_the_rules_and_start_with_their_sections(rendered: tuple[Path, str, str], scene: str) -> None:
    folder, _, _ = rendered
    sections = sections_of(folder, scene)
    cues = with_sections(parsed_vtt(folder / f"{scene}.vtt"), sections)
    assert cues, scene
    check_rules(cues, sections)
    assert cues[-1].end <= sections[-1].end + 0.002
    said = {c.section for c in cues}
    for section in sections:
        if section.cue and section.end - section.start >= 1.0:
            first = min(c.start for c in cues if c.section == section.name) if section.name in said else None
            assert first is not None and first - section.start <= START_SLACK, (section.name, first)
    from_srt = list(srt.parse((folder / f"{scene}.srt").read_text(encoding="utf-8")))
    assert [(round(s.start.total_seconds(), 3), round(s.end.total_seconds(), 3)) for s in from_srt] == \
        [(round(c.start, 3), round(c.end, 3)) for c in cues]


@pytest.mark.parametrize("scene", SCENES)
def test_every_number_in_a_cue_is_the_data_s(rendered: tuple[Path, str, str], scene: str) -> None:
    folder, text, language = rendered
    problem = parse_course(text).to_problem()
    numbers = leaves(scene_data_json(data_scene(scene), problem))
    cues = parsed_vtt(folder / f"{scene}.vtt")
    for cue in cues:
        words = cue.text.replace("\n", " ")
        unknown = [n for n in NUMBER.findall(words) if not known(n, numbers, language)]
        assert not unknown, f"{scene} ({language}): {unknown} in {words!r}"
        wrong_mark = r"\d\.\d" if language == "it" else r"\d,\d"
        assert not re.search(wrong_mark, words), words


def test_tracks_are_in_the_course_language(rendered: tuple[Path, str, str]) -> None:
    """The words of each scene's first cue, before its first number, are the catalogue's in the
    course language and not in the other's."""
    folder, _, language = rendered
    other = "it" if language == "en" else "en"
    for scene in SCENES:
        said = " ".join(c.text.replace("\n", " ") for c in parsed_vtt(folder / f"{scene}.vtt"))
        first = sections_of(folder, scene)[0].name.removeprefix(scene).lstrip("-").replace("-", "_")
        key = f"cue_{first}" if first else "cue"
        mine, theirs = (max(re.split(r"\{[^}]*\}", text(scene, key, lang)), key=len).split()[:3]
                        for lang in (language, other))
        assert mine and " ".join(mine) in said, (scene, mine, said)
        assert mine == theirs or " ".join(theirs) not in said


def test_lecture_cues_are_the_parts_cues_shifted(rendered: tuple[Path, str, str]) -> None:
    folder, _, _ = rendered
    lecture = parsed_vtt(folder / "lecture.vtt")
    index = json.loads((folder / "lecture.sections" / "lecture.json").read_text(encoding="utf-8"))
    lecture_sections = sections_from_index(index)
    title = [s for s in lecture_sections if s.name.startswith("lecture-title")]
    expected = [(c.start, c.end, c.text) for c in lay_out(title)]  # the title card starts the lecture
    for scene in SCENES:
        first = sections_of(folder, scene)[0].name
        start = next(s.start for s in lecture_sections if s.name == first)
        expected += [(c.start + start, c.end + start, c.text) for c in parsed_vtt(folder / f"{scene}.vtt")]
    assert len(lecture) == len(expected) > len(SCENES)
    for cue, (begin, end, words) in zip(lecture, expected, strict=True):
        assert cue.text == words
        assert abs(cue.start - begin) <= 0.002 and abs(cue.end - end) <= 0.002


@pytest.mark.parametrize("fmt", ["mp4", "webm"])
def test_videos_carry_the_track_with_its_language(rendered: tuple[Path, str, str], fmt: str) -> None:
    folder, _, language = rendered
    tag = {"en": "eng", "it": "ita"}[language]
    if fmt not in FORMATS[language]:
        return  # checked on the course that renders it
    for scene in [*SCENES, "lecture"]:
        with av.open(str(folder / f"{scene}.{fmt}")) as container:
            subtitles = container.streams.subtitles
            assert len(subtitles) == 1, scene
            assert subtitles[0].codec_context.name == ("mov_text" if fmt == "mp4" else "webvtt")
            assert subtitles[0].language == tag
            assert len(container.streams.video) == 1


def test_a_course_s_words_are_escaped_in_transcripts(rendered: tuple[Path, str, str]) -> None:
    folder, _, _ = rendered
    page = (folder / "lecture.transcript.html").read_text(encoding="utf-8")
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img" not in (folder / "lecture.vtt").read_text(encoding="utf-8")
    assert "<img" not in (folder / "lecture.srt").read_text(encoding="utf-8")
    markdown = (folder / "activations.transcript.md").read_text(encoding="utf-8")
    headings = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert len(headings) == len(sections_of(folder, "activations"))
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    timed = [o["settings"]["captions_seconds"] for o in manifest["outputs"] if "captions_seconds" in o["settings"]]
    assert timed and all(0 <= t < 10 for t in timed)


def test_no_captions_writes_no_track(tmp_path: Path) -> None:
    folder, _ = render(tmp_path, "en", "--no-captions", "--format", "mp4", scenes=("activations",))
    assert not list(folder.glob("*.vtt")) and not list(folder.glob("*.transcript.*"))
    with av.open(str(folder / "activations.mp4")) as container:
        assert len(container.streams.subtitles) == 0
