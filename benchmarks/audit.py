"""The layout audit on every scene × every frame shape × every shipped language and the 40 %
longer words: prints each finding and exits 1 if there is any.

    python benchmarks/audit.py [--scenes a,b] [--course FILE] [--gif]

With ``--course``, that course in its own language and catalogue (a translation's check) instead.
With ``--gif``, each scene's GIF cut at the size its GIF is drawn (the course's ``gif_width``, at
least 640 px), where the 12 px floor makes the words largest against the frame.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scenes.course import load_course  # noqa: E402
from scenes.layout import ASPECTS, GIF_DRAWN_WIDTH  # noqa: E402
from scenes.registry import INTERNAL, SCENES, scene_class  # noqa: E402
from scenes.text import LANGUAGES, STRETCHED  # noqa: E402
from zigzag.audit import audit_scene  # noqa: E402
from zigzag.outputs import gif_size  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenes", default=",".join([*(s for s in SCENES if s != "lecture"), *INTERNAL]))
    parser.add_argument("--course", type=Path, default=None)
    parser.add_argument("--gif", action="store_true", help="audit the GIF cuts at their drawn size")
    args = parser.parse_args()
    base = load_course(args.course or ROOT / "courses" / "default.toml")
    languages = [base.language] if args.course else [*LANGUAGES, "en" + STRETCHED]
    found = 0
    with tempfile.TemporaryDirectory() as cache:
        for language in languages:
            course = base.model_copy(update={"course": base.course.model_copy(update={"language": language})})
            for scene in args.scenes.split(","):
                for aspect in ASPECTS:
                    drawn = gif_size(max(course.render.gif_width, GIF_DRAWN_WIDTH), aspect)
                    audit = audit_scene(scene_class(scene, for_gif=args.gif).for_course(course), course, aspect,
                                        pixel_short=min(drawn) if args.gif else None, cache=Path(cache))
                    found += len(audit.findings)
                    print(f"{scene:<20} {aspect:<5} {language:<8} {len(audit.findings)} findings, "
                          f"smallest capital {audit.smallest_cap_pixels:.1f} px", flush=True)
                    for finding in audit.findings:
                        print("   ", finding)
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
