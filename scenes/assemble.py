"""The lecture video put together from the scenes' own renders, sections kept, nothing re-encoded.

Each scene is rendered once, with manim's sections; the lecture is the title card followed by the
scenes in the course's order, joined packet by packet with PyAV's concat demuxer, and its sections
folder holds every part's section videos with a new index.
"""

from __future__ import annotations

import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["LecturePart", "assemble_lecture", "concat_videos"]


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


def _section_index(folder: Path) -> list[dict[str, Any]]:
    indexes = sorted(folder.glob("*.json"))
    if not indexes:
        raise FileNotFoundError(f"no sections index in {folder}")
    data: list[dict[str, Any]] = json.loads(indexes[0].read_text(encoding="utf-8"))
    return data


def assemble_lecture(parts: list[LecturePart], video: Path, sections: Path, index_name: str) -> None:
    """Write the lecture ``video`` and its ``sections`` folder from ``parts``, in order."""
    concat_videos([p.video for p in parts], video)
    sections.mkdir(parents=True, exist_ok=True)
    index: list[dict[str, Any]] = []
    for part in parts:
        for entry in _section_index(part.sections):
            name = f"{index_name}_{len(index):04d}_{entry['name']}{Path(entry['video']).suffix}"
            shutil.copyfile(part.sections / entry["video"], sections / name)
            index.append({**entry, "video": name})
    (sections / f"{index_name}.json").write_text(json.dumps(index, indent=4), encoding="utf-8")
