"""``--shard K/N`` and ``zigzag merge``: a render split over jobs of a scheduler zigzag does not
talk to (a CI matrix, a Slurm array), and the parts joined again.

Every shard plans the whole render and keeps its share of the tasks: the tasks are dealt, longest
first, to the shard with the least work so far (longest processing time first). A task's length is
its render time in the last manifest of its course folder, else the frames the plan expects of it,
so every shard that sees the same output folders (a fresh checkout, or the same restored cache)
computes the same split. The lecture and the slides need every scene: they are left to a render of
the merged folder, which renders nothing again and only assembles them.

``merge`` joins shard output roots into one: per course folder, the outputs of every shard and one
manifest. Shards of one render agree on the course and the code; an output that two shards hold
with different keys or bytes is a conflict, and nothing is written.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zigzag.manifest import MANIFEST, Manifest, ManifestDamaged, load_manifest

__all__ = ["MergeConflict", "deal", "merge_roots", "parse_shard"]


class MergeConflict(ValueError):
    """Shard folders that cannot be joined; the message names the file and the folders."""


def parse_shard(value: str) -> tuple[int, int]:
    """``K/N`` → ``(K, N)`` with 1 ≤ K ≤ N ≤ 1000; ValueError with what is allowed."""
    try:
        left, right = value.split("/")
        k, n = int(left), int(right)
    except ValueError:
        raise ValueError(f"--shard {value!r}: write K/N, e.g. 2/3 for the second of three shards") from None
    if not 1 <= k <= n <= 1000:
        raise ValueError(f"--shard {value!r}: K must be from 1 to N, and N at most 1000")
    return k, n


def deal(weights: dict[str, float], shards: int) -> dict[str, int]:
    """Deal the tasks ``weights`` names (task → expected seconds) to ``shards`` shards, longest
    first to the least loaded (ties: lowest shard, then name): task → shard (1-based)."""
    loads = [0.0] * shards
    share: dict[str, int] = {}
    for name in sorted(weights, key=lambda t: (-weights[t], t)):
        lightest = min(range(shards), key=lambda s: (loads[s], s))
        share[name] = lightest + 1
        loads[lightest] += max(weights[name], 1e-3)
    return share


# ---------------------------------------------------------------------------- merge


@dataclass(frozen=True, slots=True)
class _Held:
    """One output as a shard holds it: the shard's folder, the manifest entry, its files' hashes."""

    folder: Path
    entry: dict[str, Any]
    hashes: dict[str, str]


def _hash(path: Path) -> str:
    digest = hashlib.sha256()
    paths = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for part in paths:
        digest.update(str(part.relative_to(path) if path.is_dir() else part.name).encode())
        digest.update(part.read_bytes())
    return digest.hexdigest()


def _course_folders(roots: Sequence[Path]) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for root in roots:
        if not root.is_dir():
            raise MergeConflict(f"{root}: no such folder")
        for folder in sorted(p for p in root.iterdir() if (p / MANIFEST).is_file()):
            found.setdefault(folder.name, []).append(folder)
    if not found:
        raise MergeConflict("no course folder (with a manifest.json) in " + ", ".join(map(str, roots)))
    return found


def _gather(name: str, folders: list[Path]) -> tuple[dict[str, Any], dict[tuple[str, str], _Held]]:
    """Every output of the course folder ``name`` over its shards; MergeConflict on disagreement."""
    first: Manifest | None = None
    held: dict[tuple[str, str], _Held] = {}
    for folder in folders:
        try:
            manifest = load_manifest(folder)
        except ManifestDamaged as error:
            raise MergeConflict(f"{folder / MANIFEST}: damaged ({error})") from None
        assert manifest is not None
        if first is None:
            first = manifest
        elif (manifest.course.course_hash, manifest.code_hash) != (first.course.course_hash, first.code_hash):
            raise MergeConflict(f"{name}: {folders[0]} and {folder} were rendered from different course files or "
                                "zigzag code; merge shards of one render")
        raw = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))  # as written, validated above
        for output, entry in zip(manifest.outputs, raw["outputs"], strict=True):
            files = [entry["file"], *entry["extra_files"]]
            missing = [f for f in files if not (folder / f).exists()]
            if missing:
                raise MergeConflict(f"{folder}: its manifest names {missing[0]}, which is not there")
            hashes = {f: _hash(folder / f) for f in files}
            key = (output.scene, output.format)
            other = held.get(key)
            if other is not None and (other.entry["key"] != entry["key"] or other.hashes != hashes):
                raise MergeConflict(f"{name}/{entry['file']}: {other.folder} and {folder} hold different "
                                    "renders of it; nothing was merged")
            held.setdefault(key, _Held(folder, entry, hashes))
    assert first is not None
    return json.loads((folders[0] / MANIFEST).read_text(encoding="utf-8")), held


def merge_roots(roots: Sequence[Path], out: Path) -> dict[str, int]:
    """Join the output roots ``roots`` into ``out``: every course folder's outputs and one manifest
    each. Returns course folder → outputs merged. Everything is checked before anything is
    written; each file then arrives whole (copied beside its place and renamed)."""
    from zigzag.outputs import publish

    plans = {name: _gather(name, folders) for name, folders in _course_folders(roots).items()}
    staging = out / f".zigzag-merge-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    counts: dict[str, int] = {}
    try:
        for name, (first, held) in plans.items():
            stage = staging / name
            stage.mkdir(parents=True)
            for item in held.values():
                for file in item.hashes:
                    source = item.folder / file
                    if source.is_dir():
                        shutil.copytree(source, stage / file)
                    else:
                        shutil.copy2(source, stage / file)
            manifest = first | {
                "outputs": sorted((h.entry for h in held.values()), key=lambda e: (e["scene"], e["format"]))
            }
            Manifest.model_validate(manifest)
            (stage / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            for item in held.values():
                for file in item.hashes:
                    publish(stage / file, out / name / file)
            publish(stage / MANIFEST, out / name / MANIFEST)
            counts[name] = len(held)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return counts
