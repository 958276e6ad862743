"""Alt text for GIFs: what the animation shows, with its real numbers, in the course language.

A scene whose GIF says more than its one-line description names its builder in its spec
(:mod:`scenes.registry`); the others get the description.
"""

from __future__ import annotations

from scenes.numbers import format_number, format_percent, format_point
from scenes.text import Words
from zz_math.problem import Problem
from zz_math.scene_data.parallel_parking import parallel_parking_data

__all__ = ["parallel_parking_alt"]


def parallel_parking_alt(problem: Problem, words: Words, locale: str) -> str:
    """Alt text of the parallel-parking GIF: every clause chosen from the data."""
    data = parallel_parking_data(problem)
    first, second = data.runs
    tally = first.figures.tally
    numbers = {
        "north_east": format_number(tally.north_east, 0, locale),
        "south_west": format_number(tally.south_west, 0, locale),
        "other": format_number(tally.other, 0, locale),
        "share": format_percent(first.figures.quadrant_share, locale),
        "steps": format_number(first.figures.steps, 0, locale),
        "tortuosity": format_number(first.figures.tortuosity, 2, locale),
    }
    numbers["still"] = format_number(tally.still, 0, locale)
    story = data.headings[0].story
    every = tally.other == 0 and tally.moving > 0
    key = {"blocked": "constraint_all", "open": "constraint_open"}.get(story, "constraint_some")
    constraint = words("alt", key if every else "constraint_some", **numbers)
    if tally.still:
        constraint += " " + words("alt", "still", **numbers)
    arrival = words("alt", "arrival_reached" if first.trajectory.reached else "arrival_missed", **numbers)
    optimum = first.trajectory.optimum
    return words(
        "alt",
        "parallel_parking",
        inputs=words("common", f"regime_{first.regime}"),
        comparison=words("common", f"regime_{second.regime}"),
        start=format_point(problem.w_start, 2, locale),
        optimum=format_point([float(v) for v in optimum], 2, locale),
        direction=words("common", f"direction_{data.headings[0].compass}"),
        constraint=constraint,
        arrival=arrival,
        comparison_tortuosity=format_number(second.figures.tortuosity, 2, locale),
        learning_rate=format_number(first.trajectory.learning_rate, 2, locale),
    )
