"""Alt text for GIFs: what the animation shows, with its real numbers, in the course language.

A scene whose GIF says more than its one-line description names its builder in its spec
(:mod:`scenes.registry`); the others get the description.
"""

from __future__ import annotations

from scenes.numbers import format_number, format_percent, format_point
from scenes.text import text
from zz_math.problem import Problem
from zz_math.scene_data.parallel_parking import parallel_parking_data

__all__ = ["parallel_parking_alt"]


def parallel_parking_alt(problem: Problem, language: str) -> str:
    """Alt text of the parallel-parking GIF: every clause chosen from the data."""
    data = parallel_parking_data(problem)
    first, second = data.runs
    tally = first.figures.tally
    numbers = {
        "north_east": format_number(tally.north_east, 0, language),
        "south_west": format_number(tally.south_west, 0, language),
        "other": format_number(tally.other, 0, language),
        "share": format_percent(first.figures.quadrant_share, language),
        "steps": format_number(first.figures.steps, 0, language),
        "tortuosity": format_number(first.figures.tortuosity, 2, language),
    }
    numbers["still"] = format_number(tally.still, 0, language)
    story = data.headings[0].story
    every = tally.other == 0 and tally.moving > 0
    key = {"blocked": "constraint_all", "open": "constraint_open"}.get(story, "constraint_some")
    constraint = text("alt", key if every else "constraint_some", language, **numbers)
    if tally.still:
        constraint += " " + text("alt", "still", language, **numbers)
    arrival = text("alt", "arrival_reached" if first.trajectory.reached else "arrival_missed", language, **numbers)
    optimum = first.trajectory.optimum
    return text(
        "alt",
        "parallel_parking",
        language,
        inputs=text("common", f"regime_{first.regime}", language),
        comparison=text("common", f"regime_{second.regime}", language),
        start=format_point(problem.w_start, 2, language),
        optimum=format_point([float(v) for v in optimum], 2, language),
        direction=text("common", f"direction_{data.headings[0].compass}", language),
        constraint=constraint,
        arrival=arrival,
        comparison_tortuosity=format_number(second.figures.tortuosity, 2, language),
        learning_rate=format_number(first.trajectory.learning_rate, 2, language),
    )
