"""Build a course's lecture deck and present it from start to end in headless Chromium.

    python benchmarks/deck.py [--course FILE] [-q m] [--out renders]

Renders what is not up to date, then builds the deck again (its folder is removed first, so only
the deck is made anew) and prints
the slide count, the deck's size, the time to build it once the renders exist, and, slide by slide,
whether its video played to its last frame. Exits 1 if any slide failed or a request left the deck.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scenes.course import load_course  # noqa: E402

ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


def render(course: str, quality: str, out: str) -> Path:
    command = [str(ROOT / ".venv" / "bin" / "zigzag"), "render", "--all", "--course", course, "-q", quality,
               "--format", "mp4", "--format", "slides", "--out", out, "-j", "2"]
    subprocess.run(command, check=True)
    return Path(out) / load_course(Path(course)).folder


def present(deck: Path) -> list[str]:
    from playwright.sync_api import sync_playwright

    failures: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        outside: list[str] = []
        base = (deck / "index.html").as_uri().rsplit("/", 1)[0] + "/"
        page.on("request", lambda r: None if r.url.startswith(base) else outside.append(r.url))
        page.goto((deck / "index.html").as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        total = page.evaluate("Reveal.getTotalSlides()")
        for index in range(total):
            if index:
                page.keyboard.press("ArrowRight")
            page.wait_for_function(f"Reveal.getIndices().h === {index}")
            page.evaluate("Reveal.getCurrentSlide().querySelector('video').playbackRate = 16")
            page.wait_for_function("Reveal.getCurrentSlide().querySelector('video').ended", timeout=60_000)
            state = page.evaluate("""() => { const v = Reveal.getCurrentSlide().querySelector('video');
                return [v.error && v.error.code, v.currentTime, v.duration, v.currentSrc.split('/').pop()]; }""")
            ok = state[0] is None and abs(state[1] - state[2]) < 0.05
            print(f"  slide {index + 1:>2}/{total}  {state[3]:<44} {state[2]:6.2f} s  {'ok' if ok else 'FAILED'}")
            if not ok:
                failures.append(str(state))
        failures += [f"request outside the deck: {url}" for url in outside]
        browser.close()
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--course", default=str(ROOT / "courses" / "default.toml"))
    parser.add_argument("-q", "--quality", default="m")
    parser.add_argument("--out", default=str(ROOT / "renders"))
    args = parser.parse_args()
    folder = render(args.course, args.quality, args.out)
    shutil.rmtree(folder / "slides", ignore_errors=True)
    started = time.perf_counter()
    folder = render(args.course, args.quality, args.out)
    seconds = time.perf_counter() - started
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    entry = next(o for o in manifest["outputs"] if o["scene"] == "slides")
    print(f"{folder / 'slides'}: {entry['settings']['slides']} slides, {entry['bytes'] / 1e6:.1f} MB, "
          f"deck built in {entry['render_seconds']:.1f} s ({seconds:.1f} s for the whole command)")
    failures = present(folder / "slides")
    print("presented start to end:", "every slide played to its last frame" if not failures else failures)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
