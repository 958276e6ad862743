"""The first and the last frame of a section video, decoded with PyAV (the last after a seek near
the end, so a long section is not decoded whole)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

__all__ = ["first_and_last_frames"]

# Seek this many seconds before the end; decoding starts at the key frame before that point.
TAIL_SECONDS = 1.0


def first_and_last_frames(path: Path) -> tuple[Image.Image, Image.Image]:
    """``(first, last)`` frames of the video at ``path`` as RGB images."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        first = last = next(container.decode(stream))
        if stream.duration is not None and stream.time_base is not None:
            target = max(0, int(stream.duration - TAIL_SECONDS / float(stream.time_base)))
            container.seek(target, stream=stream, backward=True)
        for frame in container.decode(stream):
            last = frame
        return first.to_image().convert("RGB"), last.to_image().convert("RGB")
