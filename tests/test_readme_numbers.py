"""The README's table of the default course's numbers is what zz_math computes."""

from __future__ import annotations

from pathlib import Path

from zz_math import Problem
from zz_math.scene_data.parallel_parking import parallel_parking_data

README = Path(__file__).resolve().parents[1] / "README.md"


def _row(label: str) -> list[str]:
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith(f"| {label}"):
            return [cell.strip() for cell in line.strip("|").split("|")[1:]]
    raise AssertionError(f"no README row starting {label!r}")


def _count(value: float | None) -> str:
    assert value is not None
    return f"{value:.0f}"


def test_readme_table_is_the_default_course_data() -> None:
    runs = parallel_parking_data(Problem()).runs
    assert _row("updates heading NE or SW") == [f"{100 * r.figures.quadrant_share:.0f}%" for r in runs]
    assert _row("path length") == [f"{r.figures.tortuosity:.2f}" for r in runs]
    assert _row("steps to ‖w − w*‖ ≤ 0.05, η = 0.5") == [
        f"{_count(r.at_course_rate.median)} ({r.at_course_rate.low}–{r.at_course_rate.high})" for r in runs
    ]
    assert _row("largest / smallest") == [
        f"{r.curvature.eigenvalues[-1]:.3f} / {r.curvature.eigenvalues[0]:.3f}" for r in runs
    ]
    assert _row("condition number") == [f"{r.curvature.condition_number:.2f}" for r in runs]
    assert _row("best η") == [f"{r.best.learning_rate:.2f}" for r in runs]
    assert _row("steps at that best η") == [
        f"{_count(r.best.stats.median)} ({r.best.stats.low}–{r.best.stats.high})" for r in runs
    ]


def test_readme_prose_quotes_the_same_medians() -> None:
    runs = parallel_parking_data(Problem()).runs
    text = " ".join(README.read_text(encoding="utf-8").split())
    same = f"({_count(runs[0].at_course_rate.median)} vs {_count(runs[1].at_course_rate.median)} median steps)"
    best = f"({_count(runs[0].best.stats.median)} vs {_count(runs[1].best.stats.median)} median steps,"
    assert same in text
    assert best in text
