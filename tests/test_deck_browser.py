"""A deck of two real scenes, rendered at low quality, presented in Debian's Chromium (headless,
driven by Playwright): over a local HTTP server and over ``file://``, every slide is reached with
the arrow key, its video plays without error and stops on its last frame, and the page asks for
nothing outside the deck's folder."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pytest
from click.testing import CliRunner

from zigzag.cli import cli

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium")
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
COURSE = """
[course]
name = "<img src=x onerror=alert(1)>"
slug = "deck"
[render]
quality = "l"
"""
SCENES = ("activations", "chain-rule")
VIDEO_STATE = """() => { const v = Reveal.getCurrentSlide().querySelector('video');
  return {error: v.error && v.error.code, time: v.currentTime, duration: v.duration, ended: v.ended,
          paused: v.paused, src: v.currentSrc}; }"""


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("deck")
    course = root / "deck.toml"
    course.write_text(COURSE, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["render", *SCENES, "--course", str(course), "--format", "slides", "--out", str(root / "out")]
    )
    assert result.exit_code == 0, result.output
    return root / "out" / "deck" / "slides"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    assert CHROMIUM, "chromium is not installed (make test installs it)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def server(deck: Path) -> Iterator[str]:
    """The folder above the deck, served on a free local port."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(deck.parent))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/slides/index.html"
    httpd.shutdown()


def open_deck(browser: object, url: str) -> tuple[object, list[str], list[str]]:
    page = browser.new_page(viewport={"width": 854, "height": 480})  # type: ignore[attr-defined]
    requests: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url)
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    return page, requests, dialogs


def inside(url: str, base: str) -> bool:
    """Whether ``url`` is a file of the deck's folder (same scheme, host and folder as ``base``)."""
    asked, deck = urlparse(url), urlparse(base)
    folder = deck.path.rsplit("/", 1)[0] + "/"
    return (asked.scheme, asked.netloc) == (deck.scheme, deck.netloc) and asked.path.startswith(folder)


def present(page: object) -> list[dict[str, object]]:
    """Step through every slide with → and let each video play (fast) to its end."""
    seen = []
    total = page.evaluate("Reveal.getTotalSlides()")  # type: ignore[attr-defined]
    for index in range(total):
        if index:
            page.keyboard.press("ArrowRight")  # type: ignore[attr-defined]
        page.wait_for_function(f"Reveal.getIndices().h === {index}")  # type: ignore[attr-defined]
        page.wait_for_function(  # it plays
            "(() => { const v = Reveal.getCurrentSlide().querySelector('video'); return v.currentTime > 0; })()"
        )
        page.evaluate("Reveal.getCurrentSlide().querySelector('video').playbackRate = 8")  # type: ignore[attr-defined]
        page.wait_for_function(  # type: ignore[attr-defined]
            "Reveal.getCurrentSlide().querySelector('video').ended", timeout=30_000
        )
        seen.append(page.evaluate(VIDEO_STATE))  # type: ignore[attr-defined]
    return seen


@pytest.mark.parametrize("where", ["http", "file"])
def test_every_slide_plays_to_its_last_frame_offline(deck: Path, browser: object, server: str, where: str) -> None:
    url = server if where == "http" else (deck / "index.html").as_uri()
    page, requests, dialogs = open_deck(browser, url)
    sections = sorted((deck / "videos").iterdir())
    seen = present(page)
    assert len(seen) == len(sections) >= 2 + 4  # the title card, activations (2) and chain-rule (4)
    for state, video in zip(seen, sections, strict=True):
        assert state["error"] is None and state["ended"] and state["paused"]
        assert abs(float(state["time"]) - float(state["duration"])) < 0.05  # holds its last frame
        assert str(state["src"]).endswith(f"/videos/{video.name}")
    assert requests and all(inside(url_, url) for url_ in requests), [r for r in requests if not inside(r, url)]
    assert dialogs == []  # the hostile course name ran nothing
    assert page.title() == "<img src=x onerror=alert(1)>"  # type: ignore[attr-defined]
    assert page.evaluate("document.querySelectorAll('img').length") == 0  # type: ignore[attr-defined]
    page.close()  # type: ignore[attr-defined]


def test_back_and_replay(deck: Path, browser: object, server: str) -> None:
    page, _, _ = open_deck(browser, server)
    present(page)
    page.keyboard.press("ArrowLeft")  # type: ignore[attr-defined]
    total = page.evaluate("Reveal.getTotalSlides()")  # type: ignore[attr-defined]
    page.wait_for_function(f"Reveal.getIndices().h === {total - 2}")  # type: ignore[attr-defined]
    page.wait_for_function("!Reveal.getCurrentSlide().querySelector('video').paused")  # plays again
    page.evaluate("Reveal.getCurrentSlide().querySelector('video').playbackRate = 8")  # type: ignore[attr-defined]
    page.wait_for_function("Reveal.getCurrentSlide().querySelector('video').ended", timeout=30_000)  # type: ignore[attr-defined]
    page.keyboard.press("r")  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "(() => { const v = Reveal.getCurrentSlide().querySelector('video'); return !v.ended && !v.paused; })()"
    )
    page.close()  # type: ignore[attr-defined]


def test_slide_two_shows_its_sections_first_frame(deck: Path, browser: object, server: str) -> None:
    from io import BytesIO

    from PIL import Image

    page, _, _ = open_deck(browser, server)
    page.keyboard.press("ArrowRight")  # type: ignore[attr-defined]
    page.wait_for_function("Reveal.getIndices().h === 1")  # type: ignore[attr-defined]
    page.evaluate("""() => new Promise(done => { const v = Reveal.getCurrentSlide().querySelector('video');
        v.pause(); v.addEventListener('seeked', () => done(), {once: true}); v.currentTime = 0; })""")  # type: ignore[attr-defined]
    shot = Image.open(BytesIO(page.locator("section.present video").screenshot())).convert("RGB")  # type: ignore[attr-defined]
    first = Image.open(next((deck / "frames").glob("02-*.first.jpg"))).convert("RGB").resize(shot.size)
    difference = np.abs(np.asarray(shot, dtype=float) - np.asarray(first, dtype=float))
    assert difference.mean() < 6, difference.mean()
    page.close()  # type: ignore[attr-defined]


def test_speaker_view_shows_the_notes(deck: Path, browser: object, server: str) -> None:
    import json

    page, _, _ = open_deck(browser, server)
    with page.context.expect_page() as opened:  # type: ignore[attr-defined]
        page.keyboard.press("s")  # type: ignore[attr-defined]
    speaker = opened.value
    notes = json.loads((deck / "deck.json").read_text(encoding="utf-8"))["slides"][0]["notes"]
    assert notes
    speaker.wait_for_function(
        "document.querySelector('.speaker-controls-notes') && "
        "document.querySelector('.speaker-controls-notes').textContent.length > 20"
    )
    shown = speaker.evaluate("document.querySelector('.speaker-controls-notes').textContent")
    assert " ".join(notes.split())[:60] in " ".join(shown.split())
    page.close()  # type: ignore[attr-defined]


def test_real_deck_files_have_one_slide_per_section(deck: Path) -> None:
    import json

    from pptx import Presentation
    from pypdf import PdfReader

    sections = sorted((deck / "videos").iterdir())
    presentation = Presentation(str(deck / "deck.pptx"))
    assert len(presentation.slides) == len(sections)
    assert all(slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip() for slide in presentation.slides)
    assert len(PdfReader(str(deck / "handout.pdf")).pages) == len(sections)
    slides = json.loads((deck / "deck.json").read_text(encoding="utf-8"))["slides"]
    assert [Path(s["file"]).name for s in slides] == [v.name for v in sections]
    assert all(len(s["notes"].split()) >= 12 for s in slides)
    assert slides[0]["notes"].startswith("<img src=x onerror=alert(1)>")  # the course's name, as text
