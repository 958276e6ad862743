"""A course in its own words: catalogues it brings, numbers in its locale, any script, its identity."""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import tomllib
import zlib
from pathlib import Path
from typing import Any

import pytest

from scenes.base import ZigzagScene
from scenes.chain_rule import ChainRule
from scenes.course import load_course
from scenes.lecture import LectureTitle
from scenes.numbers import format_number, format_percent, format_point, format_tex_number, listed
from scenes.registry import alt_text
from scenes.text import export, placeholders, shipped
from tests.scene_checks import outside_frame, run_dry

ROOT = Path(__file__).resolve().parents[1]


def zigzag(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(Path(sys.executable).parent / "zigzag"), *args], capture_output=True, text=True,
                          cwd=cwd, check=False)


def write_course(folder: Path, course: str, catalogue: str | None = None, name: str = "course.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if catalogue is not None:
        (folder / "words.toml").write_text(catalogue, encoding="utf-8")
    path = folder / name
    path.write_text(course, encoding="utf-8")
    return path


def shown_texts(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any]]:
    """Record every text a scene builds (:meth:`ZigzagScene.plain`) with what it built."""
    built: list[tuple[str, Any]] = []
    original = ZigzagScene.plain

    def record(self: ZigzagScene, content: str, *args: Any, **kwargs: Any) -> Any:
        shown = original(self, content, *args, **kwargs)
        built.append((content, shown))
        return shown

    monkeypatch.setattr(ZigzagScene, "plain", record)
    return built


# ---------------------------------------------------------------------------- numbers through Babel


@pytest.mark.parametrize(
    ("locale", "number", "negative", "percent", "point"),
    [
        ("en", "1,234.5", "−1,234.50", "58%", "(1.50, −1.00)"),
        ("it", "1.234,5", "−1.234,50", "58%", "(1,50; −1,00)"),
        ("de", "1.234,5", "−1.234,50", "58\xa0%", "(1,50; −1,00)"),
        ("fr", "1\u202f234,5", "−1\u202f234,50", "58\xa0%", "(1,50; −1,00)"),
        ("de-CH", "1'234.5", "−1'234.50", "58%", "(1.50, −1.00)"),
        ("ar", "1,234.5", "−1,234.50", "58%", "(1.50, −1.00)"),
    ],
)
def test_numbers_follow_the_locale(locale: str, number: str, negative: str, percent: str, point: str) -> None:
    assert format_number(1234.5, 1, locale) == number
    assert format_number(-1234.5, 2, locale) == negative
    assert format_percent(0.575, locale) == percent  # 23/40: half up, never 57
    assert format_point([1.5, -1.0], 2, locale) == point


def test_numbers_inside_tex_keep_the_locale_with_latin_digits_and_no_marks() -> None:
    assert format_tex_number(-1234.5, 2, "en") == "-1{,}234.50"
    assert format_tex_number(-1234.5, 2, "it") == "-1.234{,}50"
    assert format_tex_number(1234.5, 1, "fr") == r"1\,234{,}5"
    assert format_tex_number(-1.5, 1, "ar") == "-1.5"
    assert format_tex_number(None, 2, "de") == r"\text{---}"


def test_lists_end_the_locale_way() -> None:
    assert listed(["a", "b", "c"], "en") == "a, b, and c"
    assert listed(["a", "b", "c"], "it") == "a, b e c"
    assert listed(["a", "b"], "de") == "a und b"
    assert listed(["a"], "fr") == "a"


# ---------------------------------------------------------------------------- the export and a translation


def test_export_names_every_key_its_placeholders_and_scene() -> None:
    result = zigzag("text", "export", "--language", "en")
    assert result.returncode == 0, result.stderr
    tables = tomllib.loads(result.stdout)
    assert tables == shipped("en")
    assert "# scene chain-rule: " in result.stdout
    assert "# placeholders: {steps}, {tolerance}, {weight}\nsteps_to_tolerance = " in result.stdout


def german(export_text: str) -> str:
    """A German catalogue written from the export: every line of the titles, labels and alt text
    of parallel-parking translated by a marker word that English and Italian do not use."""
    out = []
    for line in export_text.splitlines():
        match = re.match(r'^(title\w*|alt_\w*|parallel_parking|generic|constraint_\w+|arrival_\w+) = "(.*)"$', line)
        if match:
            fields = " ".join(f"{{{f}}}" for f in sorted(placeholders(tomllib.loads(line)[match.group(1)])))
            line = f'{match.group(1)} = "Schritt {fields}"'.replace(" }", "}")
        out.append(line)
    return "\n".join(out) + "\n"


def test_a_german_catalogue_from_the_export_renders_german_words_and_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalogue = german(zigzag("text", "export").stdout)
    path = write_course(tmp_path, '[course]\nlanguage = "de"\ncatalogue = "words.toml"\n', catalogue)
    checked = zigzag("check", str(path))
    assert checked.returncode == 0, checked.stderr
    course = load_course(path)
    assert course.words("parallel-parking", "title").startswith("Schritt")
    # the frames: the title in German, every number with a decimal comma
    built = shown_texts(monkeypatch)
    from scenes.parallel_parking import ParallelParking

    run_dry(ParallelParking, tmp_path, course)
    contents = [c for c, _ in built]
    assert any(c.startswith("Schritt") for c in contents)
    decimals = [n for c in contents for n in re.findall(r"\d+[.,]\d+", c)]
    assert decimals and all("," in n for n in decimals), decimals
    # the alt text: German words, German numbers from the data
    words = alt_text("parallel-parking", course.to_problem(), course.words, course.locale)
    assert words.startswith("Schritt")
    start = format_point(course.to_problem().w_start, 2, "de")
    assert start == "(1,50; −1,00)" and start in words


def test_a_missing_key_falls_back_to_english_with_one_warning(tmp_path: Path) -> None:
    catalogue = '[chain-rule]\ntitle = "Una neurona, un signo"\n'
    path = write_course(tmp_path, '[course]\nlanguage = "es"\ncatalogue = "words.toml"\n', catalogue)
    result = zigzag("check", str(path))
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "shown in English" in line]
    assert len(warnings) == 1 and "common.regime_sigmoid" in warnings[0]
    course = load_course(path)
    assert course.words("chain-rule", "title") == "Una neurona, un signo"
    assert course.words("common", "steps") == shipped("en")["common"]["steps"]


def test_text_table_overrides_single_keys_over_the_catalogue(tmp_path: Path) -> None:
    path = write_course(
        tmp_path,
        '[course]\nlanguage = "it"\n[text.chain-rule]\ntitle = "Il mio titolo"\n',
    )
    course = load_course(path)
    assert course.words("chain-rule", "title") == "Il mio titolo"
    assert course.words("chain-rule", "bias_shares") == shipped("it")["chain-rule"]["bias_shares"]
    assert zigzag("check", str(path)).stderr == ""  # Italian is complete: no warning


BAD_CATALOGUES = {
    "dropped placeholder": ('[common]\nstep_counter = "paso"\n', "drops {step}"),
    "extra placeholder": ('[common]\nstep_counter = "paso {step} {secret}"\n', "adds {secret}"),
    "attribute placeholder": ('[common]\nstep_counter = "{step.__class__}"\n', "plain names"),
    "unknown key": ('[chain-rule]\ntitel = "x"\n', "did you mean 'title'"),
    "unknown table": ('[chain-rul]\ntitle = "x"\n', "did you mean 'chain-rule'"),
    "TeX reads a file": ('[common]\ntex_sign = "\\\\input{/etc/passwd}"\n', "\\input is not allowed"),
    "not text": ('[common]\nsteps = 3\n', "must be text"),
    "hidden character": ('[common]\nsteps = "pa\u202esos"\n', "U+202E"),
}


@pytest.mark.parametrize("case", list(BAD_CATALOGUES))
def test_a_bad_catalogue_is_refused_in_one_line_and_nothing_is_written(tmp_path: Path, case: str) -> None:
    catalogue, fragment = BAD_CATALOGUES[case]
    path = write_course(tmp_path, '[course]\nlanguage = "es"\ncatalogue = "words.toml"\n', catalogue)
    for command in (["check", str(path)], ["render", "chain-rule", "--course", str(path), "--out", str(tmp_path / "out")]):
        result = zigzag(*command)
        assert result.returncode == 2, result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and fragment in lines[0] and "words.toml" in lines[0], lines
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("[chain-rule]\ntitle = \"ok\"\n".encode("latin-1") + "t\xedtulo".encode("latin-1"), "not UTF-8"),
        (b"[chain-rule\ntitle = 1", "not valid TOML"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
    ],
)
def test_a_catalogue_that_is_not_utf8_toml_is_refused(tmp_path: Path, content: bytes, fragment: str) -> None:
    (tmp_path / "words.toml").write_bytes(content)
    path = write_course(tmp_path, '[course]\nlanguage = "es"\ncatalogue = "words.toml"\n')
    result = zigzag("check", str(path))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0] and "course.catalogue" in lines[0], lines


def test_a_language_with_no_catalogue_at_all_is_refused() -> None:
    result = zigzag("check", str(ROOT / "tests" / "bad_courses" / "33-language-fr.toml"))
    assert result.returncode == 2 and "text export" in result.stderr


# ---------------------------------------------------------------------------- any script


def glyph_counts(built: list[tuple[str, Any]], script: re.Pattern[str]) -> list[tuple[str, int, int]]:
    """For each built text in ``script``: the text, its visible characters (less the lam-alef
    ligatures Arabic draws as one glyph) and the glyphs Pango drew."""
    counts = []
    for content, shown in built:
        if script.search(content):
            visible = len([c for c in content if not c.isspace()]) - content.count("لا")
            counts.append((content, visible, len(shown.submobjects)))
    return counts


CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
ARABIC = re.compile(r"[\u0600-\u06ff]")


@pytest.mark.parametrize(
    ("language", "font", "title", "bias", "script"),
    [
        ("ja", "Noto Sans CJK JP", "一つのニューロン、一つの符号", "バイアスの勾配も同じ符号", CJK),
        ("ar", "Noto Sans Arabic", "خلية عصبية واحدة، إشارة واحدة", "تدرج الانحياز يشاركها", ARABIC),
    ],
)
def test_japanese_and_arabic_render_every_glyph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, font: str, title: str, bias: str,
    script: re.Pattern[str],
) -> None:
    catalogue = f'[chain-rule]\ntitle = "{title}"\nbias_shares = "{bias}"\n'
    path = write_course(tmp_path, f'[course]\nlanguage = "{language}"\ncatalogue = "words.toml"\n'
                                  f'[theme]\nfont = "{font}"\n', catalogue)
    built = shown_texts(monkeypatch)
    scene = run_dry(ChainRule, tmp_path, load_course(path))
    counts = glyph_counts(built, script)
    assert {c for c, _, _ in counts} >= {title}
    assert all(visible == glyphs for _, visible, glyphs in counts), counts  # no box of hex digits
    assert outside_frame(scene) == []
    rendered = zigzag("render", "chain-rule", "--course", str(path), "--format", "png", "-q", "l",
                      "--out", str(tmp_path / "out"))
    assert rendered.returncode == 0, rendered.stderr
    assert (tmp_path / "out" / "course" / "chain-rule.png").stat().st_size > 10_000


def test_the_glyph_check_sees_a_character_no_font_has(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The check above can fail: an unassigned code point is drawn as a box of hex digits."""
    from manim import Text

    shown = Text("ab\u0fffc", font="DejaVu Sans")
    assert len(shown.submobjects) > 4


def test_check_warns_when_the_font_lacks_characters_and_names_one_that_has_them(tmp_path: Path) -> None:
    path = write_course(tmp_path, '[course]\nlanguage = "ja"\n[text.chain-rule]\ntitle = "一つのニューロン"\n')
    result = zigzag("check", str(path))
    assert result.returncode == 0
    font = [line for line in result.stderr.splitlines() if "has no glyph" in line]
    assert len(font) == 1 and "'DejaVu Sans'" in font[0] and "Noto Sans CJK JP" in font[0], result.stderr
    fine = write_course(tmp_path, '[course]\nlanguage = "ja"\n[theme]\nfont = "Noto Sans CJK JP"\n'
                                  '[text.chain-rule]\ntitle = "一つのニューロン"\n', name="fine.toml")
    # Noto Sans CJK JP has every Japanese character (not the subscripts ₁ ₂ of the English words)
    assert not CJK.search(zigzag("check", str(fine)).stderr)


# ---------------------------------------------------------------------------- the course's identity


LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" width="100" height="100">'
        '<rect width="10" height="10" fill="#00FF00"/></svg>')
IDENTITY = ('[course]\nname = "Deep learning 7"\nlecturer = "A. Teacher"\ninstitution = "Example Institute"\n'
            'date = 2026-11-27\nlicence = "CC BY 4.0"\nlogo = "logo.svg"\n')


def test_title_card_shows_institution_and_logo_in_a_real_frame(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "logo.svg").write_text(LOGO, encoding="utf-8")
    path = write_course(tmp_path, IDENTITY)
    built = shown_texts(monkeypatch)
    scene = run_dry(LectureTitle, tmp_path, load_course(path))
    assert any("Example Institute" in c for c, _ in built)
    assert any("November 27, 2026" in c and "CC BY 4.0" in c for c, _ in built)
    assert outside_frame(scene) == []
    result = zigzag("render", "lecture", "--course", str(path), "--format", "png", "-q", "l",
                    "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    import numpy as np
    from PIL import Image

    with Image.open(tmp_path / "out" / "course" / "lecture.png") as image:
        pixels = np.asarray(image.convert("RGB"))
    assert int(np.all(pixels == (0, 255, 0), axis=-1).sum()) > 500  # the logo's green square is drawn
    manifest = (tmp_path / "out" / "course" / "manifest.json").read_text(encoding="utf-8")
    assert '"institution": "Example Institute"' in manifest and '"licence": "CC BY 4.0"' in manifest


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width``×``height`` pixels (one row of data is all an attacker sends)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 4000)) + chunk(b"IEND", b"")


LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
          '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>\n'
          '<svg xmlns="http://www.w3.org/2000/svg"><text>&d;</text></svg>')
HOSTILE_LOGOS: dict[str, tuple[bytes, str]] = {
    "external href": (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
                      b'<use xlink:href="file:///etc/passwd#x"/></svg>', "external reference"),
    "billion laughs": (LAUGHS.encode(), "document type or entities"),
    "script": (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "<script>"),
    "css import": (b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(http://x/a.css);</style></svg>',
                   "outside the file"),
    "huge png": (png_header(30000, 30000), "30,000×30,000 pixels"),
    "not an image": (b"just some text, not a picture\n", "not a PNG or SVG"),
    "damaged png": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "damaged PNG"),
}


@pytest.mark.parametrize("case", list(HOSTILE_LOGOS))
def test_hostile_logos_are_refused(tmp_path: Path, case: str) -> None:
    data, fragment = HOSTILE_LOGOS[case]
    (tmp_path / "logo.svg").write_bytes(data)
    path = write_course(tmp_path, IDENTITY)
    result = zigzag("render", "lecture", "--course", str(path), "--format", "png", "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "course.logo" in lines[0] and fragment in lines[0], lines
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_the_licence_is_in_the_video_metadata_and_the_transcript(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_text(LOGO, encoding="utf-8")
    path = write_course(tmp_path, IDENTITY + '[render]\nquality = "l"\n')
    for extra in ([], ["--no-captions"]):
        out = tmp_path / f"out{len(extra)}"
        result = zigzag("render", "activations", "--course", str(path), "--format", "mp4", "--format", "webm",
                        "--out", str(out), *extra)
        assert result.returncode == 0, result.stderr
        for suffix in ("mp4", "webm"):
            probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format_tags", "-of", "json",
                                    str(out / "course" / f"activations.{suffix}")],
                                   capture_output=True, text=True, check=True).stdout
            tags = {k.lower(): v for k, v in __import__("json").loads(probe)["format"]["tags"].items()}
            assert tags.get("license") == "CC BY 4.0", (suffix, extra, tags)
            assert tags.get("artist") == "A. Teacher"
    transcript = (tmp_path / "out0" / "course" / "activations.transcript.md").read_text(encoding="utf-8")
    assert "A. Teacher · Example Institute · November 27, 2026 · CC BY 4.0" in transcript.splitlines()[2]


def test_shipped_spanish_course_is_complete() -> None:
    result = zigzag("check", str(ROOT / "courses" / "es-light.toml"))
    assert result.returncode == 0 and result.stderr == "", result.stderr
    course = load_course(ROOT / "courses" / "es-light.toml")
    assert course.words("chain-rule", "title") != shipped("en")["chain-rule"]["title"]
    assert export("es", course.translations).count("not translated yet") == 0


@pytest.mark.parametrize("aspect", ["16:9", "4:3", "1:1", "9:16"])
def test_title_card_with_logo_and_credits_passes_the_layout_audit(tmp_path: Path, aspect: str) -> None:
    """es-light's card (Spanish, logo, lecturer, date, licence) in every shape: nothing off the
    safe area, nothing overlapping, every capital readable."""
    from scenes.registry import scene_class
    from zigzag.audit import audit_scene

    course = load_course(ROOT / "courses" / "es-light.toml")
    audit = audit_scene(scene_class("lecture-title").for_course(course), course, aspect, cache=tmp_path)
    assert audit.findings == []
