"""Two courses × every scene at ``-q l``, three ways, side by side: one process, ``-j 2`` and
``--scheduler local:2`` (a Dask LocalCluster of two worker processes).

    python benchmarks/cluster.py [--courses a.toml,b.toml] [--jobs 2]

Each way renders into a fresh folder with its own work folder, so every way starts with the same
cold caches, the same courses, scenes and formats (the courses' own) and the lecture.
The goal on two cores: Dask at least 1.5× faster than serial and within 10 % of ``-j 2``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ZIGZAG = Path(sys.executable).parent / "zigzag"


def timed(args: list[str]) -> float:
    started = time.perf_counter()
    result = subprocess.run([str(ZIGZAG), *args], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"failed: zigzag {' '.join(args)}\n{result.stderr}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--courses", default="courses/default.toml,courses/it-dark.toml")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    courses = [str(ROOT / c) for c in args.courses.split(",")]
    base = ["render", "--all", "-q", "l", *(a for c in courses for a in ("--course", c))]
    ways = {
        "serial": ["-j", "1"],
        f"-j {args.jobs}": ["-j", str(args.jobs)],
        f"--scheduler local:{args.jobs}": ["--scheduler", f"local:{args.jobs}"],
    }
    seconds = {}
    for name, extra in ways.items():
        # A folder of its own for each way: every way starts with the same cold caches.
        with tempfile.TemporaryDirectory() as scratch:
            seconds[name] = timed([*base, "--out", str(Path(scratch) / "renders"), *extra])
        print(f"{name:<22} {seconds[name]:7.1f} s", flush=True)
    serial, jobs, dask = seconds.values()
    print(f"\n{len(courses)} courses × every scene at -q l: serial {serial:.1f} s, -j {args.jobs} {jobs:.1f} s, "
          f"Dask {dask:.1f} s")
    print(f"Dask vs serial: {serial / dask:.2f}× (goal ≥ 1.5×); Dask vs -j {args.jobs}: "
          f"{(dask - jobs) / jobs:+.1%} (goal within ±10 %)")


if __name__ == "__main__":
    main()
