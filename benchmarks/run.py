"""zigzag's benchmark: render speed, GIF size and fidelity against manim's own GIF, batch speed-up,
unchanged re-render and math time. Prints one table and writes it to benchmarks/RESULTS.md.

Every figure is the median of ``--runs`` runs (at least 3); ratios are taken run by run.

    python benchmarks/run.py [--runs 3] [--scenes a,b] [--skip-qh]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import av
import numpy as np
from scipy.ndimage import gaussian_filter

ROOT = Path(__file__).resolve().parent.parent
SCENES = ["activations", "chain-rule", "allowed-directions", "parallel-parking",
          "gradient-signs", "remedies", "conditioning", "two-layer"]
GIF_SCENE = "parallel-parking"


# ---------------------------------------------------------------------------- helpers

def zigzag(*args: str, cwd: Path) -> float:
    """Run the CLI; return its wall-clock seconds."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "zigzag.cli", *args], cwd=cwd, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - started


def manifest_entries(folder: Path) -> dict[tuple[str, str], dict]:
    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return {(o["scene"], o["format"]): o for o in data["outputs"]}


def ssim(a: np.ndarray, b: np.ndarray) -> float:
    """Mean structural similarity of two greyscale images in [0, 255] (Gaussian window, σ = 1.5)."""
    a = a.astype(np.float64)
    b = b.astype(np.float64)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mu_a, mu_b = gaussian_filter(a, 1.5), gaussian_filter(b, 1.5)
    var_a = gaussian_filter(a * a, 1.5) - mu_a**2
    var_b = gaussian_filter(b * b, 1.5) - mu_b**2
    cov = gaussian_filter(a * b, 1.5) - mu_a * mu_b
    value = ((2 * mu_a * mu_b + c1) * (2 * cov + c2)) / ((mu_a**2 + mu_b**2 + c1) * (var_a + var_b + c2))
    return float(value.mean())


def grey(rgb: np.ndarray) -> np.ndarray:
    return rgb[..., :3] @ np.array([0.299, 0.587, 0.114])


def gif_frames(path: Path) -> list[tuple[float, np.ndarray]]:
    """Frames of a GIF with their start times in seconds (encoders merge repeated frames)."""
    from PIL import Image

    frames = []
    clock = 0.0
    with Image.open(path) as image:
        for index in range(image.n_frames):
            image.seek(index)
            frames.append((clock, np.asarray(image.convert("RGB"))))
            clock += image.info.get("duration", 0) / 1000
    return frames


def mean_ssim(gif: list[tuple[float, np.ndarray]], reference: list[np.ndarray], fps: float) -> float:
    """Mean SSIM of 16 GIF frames spread over the clip, each against the lossless frame shown at
    the same moment."""
    picks = np.linspace(0, len(gif) - 1, min(16, len(gif))).astype(int)
    scores = []
    for i in picks:
        start, frame = gif[i]
        j = min(round(start * fps), len(reference) - 1)
        scores.append(ssim(grey(frame), grey(reference[j])))
    return float(np.mean(scores))


def machine() -> dict[str, str]:
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    import manim
    import scipy

    return {
        "cores": str(os.cpu_count()),
        "cpu": cpu,
        "python": platform.python_version(),
        "manim": manim.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "av": av.__version__,
        "os": platform.platform(),
    }


# ---------------------------------------------------------------------------- measurements

def render_speed(runs: int, scenes: list[str], qualities: list[str], work: Path) -> list[dict]:
    rows = []
    for scene in scenes:
        for quality in qualities:
            seconds, video = [], 0.0
            for _ in range(runs):
                out = work / f"speed-{quality}"
                zigzag("render", scene, "-q", quality, "--format", "mp4", "--force", "--out", str(out), cwd=ROOT)
                entry = manifest_entries(out / "default")[(scene, "mp4")]
                seconds.append(entry["render_seconds"])
                video = entry["duration"]
            median = statistics.median(seconds)
            rows.append({"scene": scene, "quality": quality, "render_s": median, "video_s": video,
                         "rtf": median / video if video else float("nan"), "runs": seconds})
            print(f"  {scene} -q{quality}: {median:.1f} s for {video:.1f} s of video", flush=True)
    return rows


def manim_gif(quality_args: list[str], work: Path) -> tuple[Path, float]:
    """manim's own --format gif of the parallel-parking GIF cut; returns the file and seconds."""
    media = work / f"manim-media-{'-'.join(quality_args)}"
    shutil.rmtree(media, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "manim", "render", *quality_args, "--format", "gif",
                    "--disable_caching", "--media_dir", str(media), "-v", "ERROR",
                    str(ROOT / "scenes" / "parallel_parking.py"), "ParallelParkingCut"],
                   cwd=work, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - started
    found = list(media.rglob("*.gif"))
    return found[0], seconds


def gif_comparison(runs: int, work: Path) -> dict:
    from scenes.course import load_course
    from scenes.registry import scene_class
    from zigzag.render import capture_frames

    course = load_course(ROOT / "courses" / "default.toml")
    cut = scene_class(GIF_SCENE, for_gif=True).for_course(course)
    fps, width = course.render.gif_fps, course.render.gif_width
    height = round(width * 9 / 16 / 2) * 2
    results: dict[str, list] = {"zigzag_bytes": [], "zigzag_s": [], "qm_bytes": [], "qm_s": [],
                                "eq_bytes": [], "eq_s": [], "ratio_qm": [], "ratio_eq": []}
    zig_path = qm_path = eq_path = None
    for _ in range(runs):
        out = work / "gif"
        seconds = zigzag("render", GIF_SCENE, "--format", "gif", "--force", "--course",
                         str(ROOT / "courses" / "default.toml"), "--out", str(out), cwd=ROOT)
        zig_path = out / "default" / f"{GIF_SCENE}.gif"
        qm_path, qm_seconds = manim_gif(["-qm"], work)
        eq_path, eq_seconds = manim_gif(["-r", f"{width},{height}", "--fps", str(fps)], work)
        zig, qm, eq = (p.stat().st_size for p in (zig_path, qm_path, eq_path))
        results["zigzag_bytes"].append(zig)
        results["zigzag_s"].append(seconds)
        results["qm_bytes"].append(qm)
        results["qm_s"].append(qm_seconds)
        results["eq_bytes"].append(eq)
        results["eq_s"].append(eq_seconds)
        results["ratio_qm"].append(qm / zig)
        results["ratio_eq"].append(eq / zig)
    assert zig_path and qm_path and eq_path
    lossless_small = capture_frames(cut, (fps, width), work / "ref-small")
    lossless_qm = capture_frames(cut, (30, 1280), work / "ref-qm")
    summary = {k: statistics.median(v) for k, v in results.items()}
    summary["zigzag_ssim"] = mean_ssim(gif_frames(zig_path), lossless_small, fps)
    summary["eq_ssim"] = mean_ssim(gif_frames(eq_path), lossless_small, fps)
    summary["qm_ssim"] = mean_ssim(gif_frames(qm_path), lossless_qm, 30)
    summary["fps"], summary["width"] = fps, width
    return summary


def batch(runs: int, work: Path) -> dict:
    one, two, ratios = [], [], []
    for _ in range(runs):
        t1 = zigzag("render", "--all", "-q", "l", "-j", "1", "--force", "--out", str(work / "batch1"), cwd=ROOT)
        t2 = zigzag("render", "--all", "-q", "l", "-j", "2", "--force", "--out", str(work / "batch2"), cwd=ROOT)
        one.append(t1)
        two.append(t2)
        ratios.append(t1 / t2)
    return {"j1": statistics.median(one), "j2": statistics.median(two), "speedup": statistics.median(ratios)}


def unchanged(runs: int, work: Path) -> float:
    out = work / "batch1"
    return statistics.median(
        zigzag("render", "--all", "-q", "l", "-j", "2", "--out", str(out), cwd=ROOT) for _ in range(runs)
    )


def math_time(runs: int) -> float:
    # A fresh process each run (no warm caches); the clock starts after the imports.
    code = ("import time; from zz_math import Problem; from scenes.registry import SCENE_IDS, scene_data; "
            "t=time.perf_counter(); [scene_data(s, Problem()) for s in SCENE_IDS]; "
            "print(time.perf_counter()-t)")
    values = [float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                   text=True).stdout) for _ in range(runs)]
    return statistics.median(values)


# ---------------------------------------------------------------------------- report

def report(info: dict, speed: list[dict], gif: dict, batch_figures: dict, times: dict[str, float]) -> str:
    """The results page; ``times`` holds ``rerender`` and ``math_s`` seconds and the ``runs`` count."""
    rerender, math_s, runs = times["rerender"], times["math_s"], int(times["runs"])
    def mark(ok: bool) -> str:
        return "met" if ok else "**not met**"

    lines = ["# zigzag benchmark results", "",
             f"Machine: {info['cores']} cores, {info['cpu']}; {info['os']}.",
             f"Versions: Python {info['python']}, manim {info['manim']}, numpy {info['numpy']}, "
             f"scipy {info['scipy']}, PyAV {info['av']}.", f"Each figure is the median of {runs} runs.", "",
             "## Render speed (MP4)", "", "| scene | quality | render s | video s | real-time factor |", "|---|---|---|---|---|"]
    for row in speed:
        lines.append(f"| {row['scene']} | -q{row['quality']} | {row['render_s']:.1f} | {row['video_s']:.1f} | {row['rtf']:.2f} |")
    qh = [r for r in speed if r["quality"] == "h"]
    worst = max((r["rtf"] for r in qh), default=float("nan"))
    lines += ["", f"Target: real-time factor ≤ 1.0 for every scene at -qh: worst {worst:.2f} — {mark(bool(qh) and worst <= 1.0)}.", "",
              f"## GIF of `{GIF_SCENE}` ({gif['width']} px, {gif['fps']} fps)", "",
              "| GIF | bytes | encode s | mean SSIM |", "|---|---|---|---|",
              f"| zigzag | {gif['zigzag_bytes']:,.0f} | {gif['zigzag_s']:.1f} | {gif['zigzag_ssim']:.4f} |",
              f"| manim --format gif, -qm (1280×720, 30 fps) | {gif['qm_bytes']:,.0f} | {gif['qm_s']:.1f} | {gif['qm_ssim']:.4f} |",
              f"| manim --format gif at zigzag's size and fps | {gif['eq_bytes']:,.0f} | {gif['eq_s']:.1f} | {gif['eq_ssim']:.4f} |",
              "",
              f"- under 2,000,000 bytes at ≥ 640 px: {mark(gif['zigzag_bytes'] < 2_000_000 and gif['width'] >= 640)}",
              f"- ≥ 8× smaller than manim -qm: {gif['ratio_qm']:.1f}× — {mark(gif['ratio_qm'] >= 8)}",
              f"- ≥ 2.5× smaller at equal size and fps: {gif['ratio_eq']:.1f}× — {mark(gif['ratio_eq'] >= 2.5)}",
              f"- SSIM no lower than manim's at equal size: {gif['zigzag_ssim']:.4f} vs {gif['eq_ssim']:.4f} — {mark(gif['zigzag_ssim'] >= gif['eq_ssim'])}",
              "", "## Whole default course at -ql", "",
              f"- `-j 1`: {batch_figures['j1']:.1f} s; `-j 2`: {batch_figures['j2']:.1f} s; speed-up {batch_figures['speedup']:.2f}× — target ≥ 1.6×: {mark(batch_figures['speedup'] >= 1.6)}",
              f"- unchanged re-render of the whole course: {rerender:.2f} s — target ≤ 3 s: {mark(rerender <= 3)}",
              "", "## Math", "", f"- zz_math data of every scene: {math_s:.3f} s — target ≤ 0.5 s: {mark(math_s <= 0.5)}", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scenes", default=",".join(SCENES))
    parser.add_argument("--skip-qh", action="store_true", help="measure render speed at -ql only")
    args = parser.parse_args()
    runs = max(3, args.runs)
    with tempfile.TemporaryDirectory(prefix="zigzag-bench-") as folder:
        work = Path(folder)
        print("render speed", flush=True)
        speed = render_speed(runs, args.scenes.split(","), ["l"] if args.skip_qh else ["l", "h"], work)
        print("gif", flush=True)
        gif = gif_comparison(runs, work)
        print("batch", flush=True)
        batch_figures = batch(runs, work)
        rerender = unchanged(runs, work)
        math_s = math_time(runs)
    text = report(machine(), speed, gif, batch_figures, {"rerender": rerender, "math_s": math_s, "runs": runs})
    print(text)
    results = ROOT / "benchmarks" / "RESULTS.md"
    results.write_text(text.rstrip("\n") + "\n" + kept_sections(results, text), encoding="utf-8")


def kept_sections(results: Path, text: str) -> str:
    """The sections of ``results`` this script does not write (the cluster benchmark's), to keep."""
    if not results.is_file():
        return ""
    ours = {line for line in text.splitlines() if line.startswith("## ")}
    sections = re.split(r"(?m)^(?=## )", results.read_text(encoding="utf-8"))[1:]
    kept = [s.rstrip() + "\n" for s in sections if s.splitlines()[0] not in ours]
    return "".join("\n" + s for s in kept)


if __name__ == "__main__":
    main()
