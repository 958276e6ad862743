"""The lecture video put together from the scenes' own renders, sections kept, nothing re-encoded.

Each scene is rendered once, with manim's sections; the lecture is the title card followed by the
scenes in the course's order, joined packet by packet with PyAV's concat demuxer, and its sections
folder holds every part's section videos with a new index.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["LecturePart", "SectionsDamaged", "assemble_lecture", "concat_videos", "read_sections", "sections_ok"]

PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
MAX_INDEX_BYTES = 1024 * 1024


@dataclass(frozen=True, slots=True)
class LecturePart:
    """One rendered part of the lecture: its video and its sections folder (manim's layout)."""

    video: Path
    sections: Path


def concat_videos(inputs: list[Path], output: Path) -> None:
    """Join videos of identical encoding into ``output`` without re-encoding."""
    import av

    manifest = "".join(f"file 'file:{p.resolve().as_posix()}'\n" for p in inputs).encode()
    output.parent.mkdir(parents=True, exist_ok=True)
    with av.open(io.BytesIO(manifest), format="concat", options={"safe": "0", "an": "1"}) as source:
        stream = source.streams.video[0]
        with av.open(str(output), mode="w") as target:
            out_stream = target.add_stream_from_template(template=stream)
            for packet in source.demux(stream):
                if packet.dts is None:
                    continue
                packet.dts = None
                packet.stream = out_stream
                target.mux(packet)


class SectionsDamaged(ValueError):
    """A sections folder whose index cannot be trusted; the message says why."""


def read_sections(folder: Path) -> list[dict[str, Any]]:
    """The index of a sections folder, checked: a list of sections, each with a name and a video
    that is a plain file name of a real file in ``folder`` (never a path or a link elsewhere).

    Raises
    ------
    SectionsDamaged
        No index, an index that is not JSON or not shaped like one, or a video outside the folder.
    """
    indexes = sorted(folder.glob("*.json"))
    if not indexes or indexes[0].is_symlink():
        raise SectionsDamaged(f"no sections index in {folder}")
    try:
        data = json.loads(indexes[0].read_bytes()[:MAX_INDEX_BYTES].decode("utf-8"))
    except (OSError, ValueError, RecursionError) as error:
        raise SectionsDamaged(f"{indexes[0]} is not JSON ({type(error).__name__})") from None
    if not isinstance(data, list) or not data:
        raise SectionsDamaged(f"{indexes[0]} is not a list of sections")
    for entry in data:
        video = entry.get("video") if isinstance(entry, dict) else None
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not isinstance(video, str):
            raise SectionsDamaged(f"{indexes[0]}: a section without a name or video")
        if not PLAIN_NAME.fullmatch(video) or not _real_file(folder / video):
            raise SectionsDamaged(f"{indexes[0]}: {video!r} is not a video file in {folder}")
        try:
            float(entry.get("duration", 0))
        except (TypeError, ValueError):
            raise SectionsDamaged(f"{indexes[0]}: duration of {video!r} is not a number") from None
    return data


def _real_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def sections_ok(folder: Path) -> bool:
    """Whether ``folder`` is a sections folder with an index :func:`read_sections` accepts."""
    try:
        read_sections(folder)
    except SectionsDamaged:
        return False
    return True


def assemble_lecture(parts: list[LecturePart], video: Path, sections: Path, index_name: str) -> None:
    """Write the lecture ``video`` and its ``sections`` folder from ``parts``, in order."""
    concat_videos([p.video for p in parts], video)
    sections.mkdir(parents=True, exist_ok=True)
    index: list[dict[str, Any]] = []
    for part in parts:
        for entry in read_sections(part.sections):
            name = f"{index_name}_{len(index):04d}_{entry['name']}{Path(entry['video']).suffix}"
            shutil.copyfile(part.sections / entry["video"], sections / name)
            index.append({**entry, "video": name})
    (sections / f"{index_name}.json").write_text(json.dumps(index, indent=4), encoding="utf-8")
