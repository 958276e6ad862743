"""``make clean`` removes generated files but keeps the README's committed GIF and deck screenshot."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GIF = Path("renders/default/parallel-parking.gif")
SCREENSHOT = Path("renders/default/deck.png")
GENERATED = [
    Path("renders/default/manifest.json"),
    Path("renders/default/activations.mp4"),
    Path("renders/default/activations.sections/activations_0000.mp4"),
    Path("renders/it-dark/parallel-parking.gif"),
    Path("media/videos/x.mp4"),
    Path(".zigzag-work/cache/tex/abc.svg"),
]


def _checkout(folder: Path, with_git: bool) -> Path:
    """A copy of the Makefile and .gitignore with a committed GIF and generated files around it."""
    for name in ("Makefile", ".gitignore"):
        shutil.copy(ROOT / name, folder / name)
    (folder / GIF).parent.mkdir(parents=True)
    (folder / GIF).write_bytes(b"GIF89a committed")
    (folder / SCREENSHOT).write_bytes(b"PNG committed")
    if with_git:
        git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=main"]
        subprocess.run([*git, "init", "-q"], cwd=folder, check=True)
        subprocess.run([*git, "add", "-f", str(GIF), str(SCREENSHOT), "Makefile", ".gitignore"], cwd=folder, check=True)
        subprocess.run([*git, "commit", "-q", "-m", "c"], cwd=folder, check=True)
    for path in GENERATED:
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(b"generated")
    return folder


@pytest.mark.parametrize("with_git", [True, False], ids=["git-checkout", "plain-copy"])
def test_make_clean_keeps_the_committed_gif(tmp_path: Path, with_git: bool) -> None:
    folder = _checkout(tmp_path, with_git)
    # A plain copy must not be taken for part of a git checkout that happens to contain it.
    env = {**os.environ, "GIT_CEILING_DIRECTORIES": str(tmp_path.parent)}
    done = subprocess.run(["make", "clean"], cwd=folder, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert (folder / GIF).read_bytes() == b"GIF89a committed"
    assert (folder / SCREENSHOT).read_bytes() == b"PNG committed"
    left = [str(path) for path in GENERATED if (folder / path).exists()]
    assert left == []
