"""The GIF encoder: lossless palette, exact timing, and the byte-budget ladder."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from zigzag.gif import GifBudgetError, encode_gif, fit_gif, resample_frames


def noisy_clip(count: int = 30, width: int = 320, seed: int = 0) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [rng.integers(0, 256, size=(width * 9 // 16, width, 3), dtype=np.uint8) for _ in range(count)]


def flat_clip(count: int = 20) -> list[np.ndarray]:
    frames = []
    for k in range(count):
        frame = np.full((90, 160, 3), (15, 17, 23), dtype=np.uint8)
        frame[40:50, 5 * k : 5 * k + 10] = (245, 166, 35)
        frames.append(frame)
    return frames


def test_flat_colours_survive_exactly_and_timing_adds_up() -> None:
    frames = flat_clip()
    result = encode_gif(frames, fps=15, width=160)
    with Image.open(io.BytesIO(result.data)) as gif:
        assert gif.info["loop"] == 0
        total = 0
        for index in range(gif.n_frames):
            gif.seek(index)
            total += gif.info["duration"]
            assert gif.info["duration"] >= 20
        first = np.asarray(gif.convert("RGB"))
    assert total == pytest.approx(1000 * len(frames) / 15, abs=10)
    np.testing.assert_array_equal(first, frames[-1])  # Pillow leaves the last frame loaded


def test_above_thirty_fps_is_refused() -> None:
    with pytest.raises(ValueError, match="30 fps"):
        encode_gif(flat_clip(), fps=60, width=160)


def test_budget_lowers_fps_then_width_then_colours() -> None:
    frames = noisy_clip()
    full = encode_gif(frames, fps=15, width=320)
    fitted = fit_gif(frames, fps=15, width=320, max_bytes=len(full.data) // 3)
    assert len(fitted.data) < len(full.data) // 3
    assert fitted.changes
    assert fitted.changes[0].startswith("fps 15")
    assert fitted.fps < 15
    assert fit_gif(frames, fps=15, width=320, max_bytes=len(full.data) + 1).changes == ()


def test_an_unreachable_budget_fails_clearly() -> None:
    with pytest.raises(GifBudgetError, match="budget"):
        fit_gif(noisy_clip(count=10), fps=15, width=320, max_bytes=1000)


def test_resampling_keeps_the_clip_length() -> None:
    frames = [np.full((2, 2, 3), i, dtype=np.uint8) for i in range(30)]
    half = resample_frames(frames, 30, 15)
    assert len(half) == 15
    assert [int(f[0, 0, 0]) for f in half] == list(range(0, 30, 2))


@pytest.mark.parametrize("width", [640, 320, 200])
def test_a_theme_s_flat_colours_stay_exact_when_the_gif_is_scaled_down(width: int) -> None:
    """A 640 px frame of a background, text-coloured disc and noise (which fills the palette),
    scaled down: the blends at the disc's edge pull median cut's boxes off the flat colours, and
    Pillow's palette lookup is approximate; both stay exact."""
    rng = np.random.default_rng(1)
    background, ink = (0x22, 0x33, 0x44), (0xEE, 0xEE, 0xE0)
    frame = np.full((360, 640, 3), background, dtype=np.uint8)
    rows, cols = np.mgrid[:360, :640]
    frame[(rows - 180) ** 2 + (cols - 200) ** 2 < 90**2] = ink
    frame[40:140, 380:620] = rng.integers(0, 256, size=(100, 240, 3), dtype=np.uint8)
    result = encode_gif([frame] * 3, fps=10, width=width)
    with Image.open(io.BytesIO(result.data)) as gif:
        shown = np.asarray(gif.convert("RGB"))
    scale = width / 640
    assert tuple(shown[2, 2]) == background
    assert tuple(shown[round(180 * scale), round(200 * scale)]) == ink
