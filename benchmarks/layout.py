"""zigzag's legibility benchmark: per scene and frame shape, how much of the frame holds something,
the smallest capital letter the layout audit found, and how long a still of a moment takes.

- grid share: each section's settled frame (720p) cut into a 12 × 12 grid; the share of cells that
  hold anything but the background; the mean over the scene's sections (and the lowest section);
- smallest capital: the layout audit's smallest capital height, in pixels at 1080p;
- still: seconds for ``zigzag render SCENE --format png --at <a middle section>`` in a fresh process
  with warm caches (TeX and text SVGs, built texts: the command's second run, as a user runs it), and
  for the same still drawn again in one process.

Prints one table and writes it to benchmarks/LAYOUT.md.

    python benchmarks/layout.py [--scenes a,b] [--aspects 16:9,1:1]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scenes.course import load_course  # noqa: E402
from scenes.layout import ASPECTS  # noqa: E402
from scenes.registry import INTERNAL, SCENES, scene_class  # noqa: E402
from zigzag.audit import audit_scene  # noqa: E402
from zigzag.stills import section_stills, still_at  # noqa: E402
from zigzag.svg_cache import seed_from_cache, store_in_cache  # noqa: E402
from zigzag.walk import frame_config  # noqa: E402

GRID = 12
GRID_GOAL = 0.60
# A pixel holds something when a channel differs from the background by more than this.
INK = 24


def grid_share(pixels: np.ndarray, background: np.ndarray) -> float:
    """Share of the cells of a GRID × GRID grid over ``pixels`` that hold anything."""
    ink = np.abs(pixels.astype(int) - background).max(axis=2) > INK
    height, width = ink.shape
    rows = np.array_split(np.arange(height), GRID)
    columns = np.array_split(np.arange(width), GRID)
    held = [ink[np.ix_(r, c)].any() for r in rows for c in columns]
    return float(np.mean(held))


def cli_still(scene: str, aspect: str, at: str, out: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "zigzag.cli", "render", scene, "-q", "m", "--aspect", aspect,
                    "--format", "png", "--at", at, "--force", "--out", str(out)],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - started


def measure(scene: str, aspect: str, cache: Path, out: Path) -> dict[str, object]:
    course = load_course(ROOT / "courses" / "default.toml")
    shown = scene_class(scene).for_course(course)
    background = np.array([int(course.theme.background[i:i + 2], 16) for i in (1, 3, 5)])
    with tempfile.TemporaryDirectory() as folder:
        media = Path(folder)
        seed_from_cache(cache, media)
        stills = section_stills(shown, frame_config("m", aspect, media))
        store_in_cache(media, cache)
        shares = [grid_share(s.pixels, background) for s in stills]
        middle = stills[len(stills) // 2].section
        started = time.perf_counter()
        still_at(shown, frame_config("m", aspect, media), middle)
        in_process = time.perf_counter() - started
    audit = audit_scene(shown, course, aspect, "h", cache=cache)
    return {
        "scene": scene, "aspect": aspect, "share": statistics.mean(shares), "lowest": min(shares),
        "cap": audit.smallest_cap_pixels, "findings": len(audit.findings),
        # The command twice: the first fills the output folder's caches (warm caches are the goal's terms).
        "still_cli": min(cli_still(scene, aspect, middle, out) for _ in range(2)) if scene in SCENES else float("nan"),
        "still_again": in_process,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenes", default=",".join([*(s for s in SCENES if s != "lecture"), *INTERNAL]))
    parser.add_argument("--aspects", default=",".join(ASPECTS))
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as work:
        cache, out = Path(work) / "cache", Path(work) / "out"
        cache.mkdir()
        for scene in args.scenes.split(","):
            for aspect in args.aspects.split(","):
                row = measure(scene, aspect, cache, out)
                rows.append(row)
                print(f"{scene:<20} {aspect:<5} share {row['share']:.2f} (lowest {row['lowest']:.2f}) "
                      f"cap {row['cap']:.1f} px findings {row['findings']} still {row['still_cli']:.1f} s "
                      f"(again {row['still_again']:.1f} s)", flush=True)
    lines = [
        "# Legibility benchmark", "",
        f"12×12 grid share of each section's settled 720p frame (mean, lowest section; goal ≥ {GRID_GOAL:.2f}), "
        "smallest capital found by the layout audit at 1080p (floor 27 px), and seconds for a still of a "
        "middle section: the command in a fresh process, and drawn again in one process.", "",
        "| scene | aspect | grid share | lowest | smallest capital | audit findings | still (command) | still (again) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r['scene']} | {r['aspect']} | {r['share']:.2f} | {r['lowest']:.2f} | {r['cap']:.1f} px | "
                     f"{r['findings']} | {r['still_cli']:.1f} s | {r['still_again']:.1f} s |")
    below = [r for r in rows if float(r["share"]) < GRID_GOAL]  # type: ignore[arg-type]
    lines += ["", f"{len(below)} of {len(rows)} below the grid-share goal."]
    (ROOT / "benchmarks" / "LAYOUT.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
