"""GIFs for answers: lossless frames in, one palette per clip, a byte budget kept step by step.

Frames come straight from the renderer (no lossy video in between). If the file is over budget the
encoder lowers the frame rate, then the width, then the number of colours, and says what it changed.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

__all__ = ["GifBudgetError", "GifResult", "encode_gif", "fit_gif", "resample_frames"]

PALETTE_SAMPLES = 12
# The commonest colours of a clip that its palette holds exactly (background, text, accents).
EXACT_COLOURS = 8
FPS_LADDER = (30, 25, 20, 15, 12, 10, 8)
WIDTH_FACTORS = (1.0, 0.9, 0.8, 0.7)
COLOUR_LADDER = (256, 128, 64, 32)


class GifBudgetError(RuntimeError):
    """No setting on the ladder brings the GIF under its byte budget."""


@dataclass(frozen=True, slots=True)
class GifResult:
    """An encoded GIF and how it was made.

    Attributes
    ----------
    data
        The file's bytes.
    fps, width, height, colours
        Settings of the final encoding.
    frames
        Number of frames.
    duration
        Seconds of one loop.
    changes
        What was lowered to meet the budget, in words (empty when nothing was).
    """

    data: bytes
    fps: float
    width: int
    height: int
    colours: int
    frames: int
    duration: float
    changes: tuple[str, ...] = field(default=())


def resample_frames(frames: Sequence[np.ndarray], fps: float, new_fps: float) -> list[np.ndarray]:
    """Frames of a clip at ``fps`` picked to play at ``new_fps`` (nearest earlier frame)."""
    if new_fps >= fps:
        return list(frames)
    count = max(1, round(len(frames) * new_fps / fps))
    picks = np.minimum((np.arange(count) * fps / new_fps).astype(int), len(frames) - 1)
    return [frames[i] for i in picks]


def _resize(frame: np.ndarray, width: int) -> Image.Image:
    image = Image.fromarray(np.ascontiguousarray(frame[..., :3]))
    if image.width == width:
        return image
    height = max(2, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS)


def _packed(rgb: np.ndarray) -> np.ndarray:
    """Each pixel of an RGB array as one integer, 0xRRGGBB."""
    rgb = rgb.astype(np.uint32)
    return (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]  # type: ignore[no-any-return]


def _with_exact(sheet: Image.Image, palette: Image.Image, count: int = EXACT_COLOURS) -> tuple[Image.Image, dict[int, int]]:
    """``palette`` with the ``count`` commonest colours of ``sheet`` in it exactly, and the entry
    of each (by its packed colour).

    Median cut averages each box, so flat areas (the theme's background, its text colour) would
    come out a shade off, more so in a GIF scaled down, whose edges add blends near every flat
    colour. Each common colour takes the place of the nearest entry not taken already.
    """
    found = sheet.getcolors(maxcolors=sheet.width * sheet.height) or []
    common = [rgb for _, rgb in sorted(found, key=lambda c: c[0], reverse=True)[:count]]
    values = palette.getpalette() or []
    entries = np.array(values[: len(values) // 3 * 3], dtype=np.int64).reshape(-1, 3)
    free = np.ones(len(entries), dtype=bool)
    exact: dict[int, int] = {}
    for rgb in common:
        if not free.any():
            break
        distance = np.where(free, ((entries - np.array(rgb)) ** 2).sum(axis=1), np.iinfo(np.int64).max)
        nearest = int(distance.argmin())
        entries[nearest], free[nearest] = rgb, False
        exact[int(_packed(np.array(rgb)))] = nearest
    fixed = palette.copy()
    fixed.putpalette(entries.astype(np.uint8).ravel().tolist())
    return fixed, exact


def _to_palette(image: Image.Image, palette: Image.Image, exact: dict[int, int]) -> Image.Image:
    """``image`` in ``palette``'s colours, without dithering; the colours of ``exact`` map to
    their own entries (Pillow's palette lookup is approximate and can pick a neighbour)."""
    paletted = image.quantize(palette=palette, dither=Image.Dither.NONE)
    indices = np.array(paletted)
    packed = _packed(np.asarray(image))
    for colour, entry in exact.items():
        indices[packed == colour] = entry
    fixed = Image.fromarray(indices, mode="P")
    fixed.putpalette(palette.getpalette() or [])
    return fixed


def _durations_ms(count: int, fps: float) -> list[int]:
    """Per-frame delays in whole centiseconds that add up to the exact clip length."""
    edges = [round(i * 100 / fps) for i in range(count + 1)]
    return [10 * max(2, b - a) for a, b in itertools.pairwise(edges)]


def encode_gif(frames: Sequence[np.ndarray], fps: float, width: int, colours: int = 256) -> GifResult:
    """Encode RGB(A) frames as a looping GIF with one shared palette and no dithering."""
    if not frames:
        raise ValueError("no frames to encode")
    if fps > 30:
        raise ValueError("GIFs above 30 fps play slower in browsers; use at most 30")
    images = [_resize(f, width) for f in frames]
    picks = np.linspace(0, len(images) - 1, min(PALETTE_SAMPLES, len(images))).astype(int)
    sheet = Image.new("RGB", (images[0].width, images[0].height * len(picks)))
    for row, index in enumerate(picks):
        sheet.paste(images[index], (0, row * images[0].height))
    palette, exact = _with_exact(sheet, sheet.quantize(colors=colours, method=Image.Quantize.MEDIANCUT,
                                                       dither=Image.Dither.NONE))
    paletted = [_to_palette(im, palette, exact) for im in images]
    buffer = io.BytesIO()
    durations = _durations_ms(len(paletted), fps)
    paletted[0].save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=paletted[1:],
        duration=durations,
        loop=0,
        optimize=False,
        disposal=1,
    )
    return GifResult(
        data=buffer.getvalue(),
        fps=fps,
        width=images[0].width,
        height=images[0].height,
        colours=colours,
        frames=len(paletted),
        duration=sum(durations) / 1000,
    )


def fit_gif(
    frames: Sequence[np.ndarray], fps: float, width: int, max_bytes: int, min_width: int = 320
) -> GifResult:
    """Encode under ``max_bytes``: lower fps, then width, then colours, until it fits."""
    fps_steps = [fps] + [f for f in FPS_LADDER if f < fps and f >= min(fps, 8)]
    widths = [w for w in (round(width * k / 2) * 2 for k in WIDTH_FACTORS) if w >= min(min_width, width)]
    attempts: list[tuple[float, int, int]] = [(f, width, 256) for f in fps_steps]
    attempts += [(fps_steps[-1], w, 256) for w in widths[1:]]
    attempts += [(fps_steps[-1], widths[-1], c) for c in COLOUR_LADDER[1:]]
    last: GifResult | None = None
    for attempt_fps, attempt_width, colours in attempts:
        clip = resample_frames(frames, fps, attempt_fps)
        result = encode_gif(clip, attempt_fps, attempt_width, colours)
        last = result
        if len(result.data) < max_bytes:
            changes = []
            if attempt_fps != fps:
                changes.append(f"fps {fps:g} → {attempt_fps:g}")
            if attempt_width != width:
                changes.append(f"width {width} → {attempt_width} px")
            if colours != 256:
                changes.append(f"colours 256 → {colours}")
            return GifResult(**{**_fields(result), "changes": tuple(changes)})
    assert last is not None
    raise GifBudgetError(
        f"GIF stays at {len(last.data):,} bytes even at {last.fps:g} fps, {last.width} px and "
        f"{last.colours} colours; the budget is {max_bytes:,} bytes: raise render.gif_max_bytes "
        "or render a shorter scene"
    )


def _fields(result: GifResult) -> dict[str, object]:
    return {
        "data": result.data,
        "fps": result.fps,
        "width": result.width,
        "height": result.height,
        "colours": result.colours,
        "frames": result.frames,
        "duration": result.duration,
    }
