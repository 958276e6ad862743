"""The car that parks and the drive that moves it: what ``parallel-parking`` animates step by step.

A :class:`Drive` follows one descent from a step tracker ``k``: the path drawn so far, a
:class:`Car` at the current weights that drives each update forwards or in reverse, and live
counters. Every position comes from the trajectory, mapped through the plane's axes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from manim import (
    Axes,
    Integer,
    Mobject,
    Rectangle,
    RoundedRectangle,
    ValueTracker,
    VGroup,
    VMobject,
    smooth,
)

from scenes.style import CAR_LENGTH
from zz_math.runs import RegimeRun
from zz_math.scene_data.parallel_parking import RunningTally, car_headings, running_tally

__all__ = ["Car", "Drive"]

CAR_WIDTH_RATIO = 0.5
WHEEL_LENGTH = 0.1
WHEEL_WIDTH = 0.045
WINDSHIELD_RATIO = 0.28
DRIVE_SECONDS_MAX = 20.0


# ---------------------------------------------------------------------------- the car


class Car(VGroup):
    """A small car seen from above: body, windshield towards the front and four wheels.

    Built at the origin facing right; :meth:`place` sets its centre and heading from that template,
    so the same state always gives the same points (no drift from repeated rotations).
    """

    def __init__(
        self,
        body_colour: Any,
        wheel_colour: Any,
        glass_colour: Any,
        length: float = CAR_LENGTH,
        **kwargs: Any,
    ) -> None:
        width = length * CAR_WIDTH_RATIO
        wheels = [
            Rectangle(
                width=WHEEL_LENGTH * length / CAR_LENGTH,
                height=WHEEL_WIDTH * length / CAR_LENGTH,
                stroke_width=0,
                fill_color=wheel_colour,
                fill_opacity=1.0,
            ).move_to(np.array([sx * length * 0.3, sy * width * 0.55, 0.0]))
            for sx in (-1, 1)
            for sy in (-1, 1)
        ]
        self.body = RoundedRectangle(
            width=length,
            height=width,
            corner_radius=width * 0.3,
            stroke_width=1.5,
            stroke_color=wheel_colour,
            fill_color=body_colour,
            fill_opacity=1.0,
        )
        self.windshield = RoundedRectangle(
            width=length * WINDSHIELD_RATIO * 0.6,
            height=width * 0.7,
            corner_radius=width * 0.12,
            stroke_width=0,
            fill_color=glass_colour,
            fill_opacity=0.85,
        ).move_to(np.array([length * WINDSHIELD_RATIO * 0.55, 0.0, 0.0]))
        super().__init__(*wheels, self.body, self.windshield, **kwargs)
        self._template = [m.points.copy() for m in self.family_members_with_points()]

    def place(self, centre: np.ndarray, heading: float) -> Car:
        """Put the car's centre at ``centre`` (scene coordinates), facing ``heading`` radians."""
        c, s = math.cos(heading), math.sin(heading)
        rotation = np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])
        for member, base in zip(self.family_members_with_points(), self._template, strict=True):
            member.points = base @ rotation.T + centre
        return self


# ---------------------------------------------------------------------------- driving a path


@dataclass
class Drive:
    """Everything one drive updates from its step tracker ``k`` (0 … K).

    Attributes
    ----------
    run
        The regime whose descent is driven.
    axes
        The weight plane.
    path
        The polyline of the weights so far.
    car
        The car at the current weights (``None``: no car).
    numbers
        Step counter and NE / SW / other tallies, by name, with the cells they are centred on.
    tracker
        ``k``; fractional values sit between two steps.
    ease
        Rate function of the motion within one step.
    positions
        Car centre in weight coordinates after each whole step, read back through ``axes.p2c``.
    """

    run: RegimeRun
    axes: Axes
    path: VMobject
    car: Car | None
    numbers: dict[str, tuple[Integer, Mobject]]
    tracker: ValueTracker = field(default_factory=lambda: ValueTracker(0.0))
    ease: Callable[[float], float] = smooth
    positions: list[np.ndarray] = field(default_factory=list)

    def __post_init__(self) -> None:
        weights = self.run.trajectory.weights
        self.screen = np.array([self.axes.c2p(w[0], w[1]) for w in weights])
        self.headings = car_headings(self.run.trajectory.updates)
        self.tally: RunningTally = running_tally(self.run.trajectory.updates)
        self.counts = {
            "step": np.arange(weights.shape[0], dtype=np.int64),
            "north_east": self.tally.north_east,
            "south_west": self.tally.south_west,
            "other": self.tally.other,
        }
        self.counts["still"] = (
            self.counts["step"] - self.tally.north_east - self.tally.south_west - self.tally.other
        )
        self.last = weights.shape[0] - 1
        self.recorded = 0
        if self.car is not None:
            self.car.place(self.screen[0], self.heading(0))
            self.positions.append(self.axes.p2c(self.car.body.get_center()))
        for number, cell in self.numbers.values():
            number.move_to(cell)
        self.start()

    def mobjects(self) -> list[Mobject]:
        """Path, car and counters: what the drive moves."""
        car = [] if self.car is None else [self.car]
        return [self.path, *car, *(number for number, _ in self.numbers.values())]

    def start(self) -> None:
        """Attach the updaters that follow the tracker."""
        self.path.add_updater(lambda _: self.update_path())
        if self.car is not None:
            self.car.add_updater(lambda _: self.update_car())
        for name, (number, cell) in self.numbers.items():
            number.add_updater(self._number_updater(name, cell))
        self.refresh()

    def refresh(self) -> None:
        """Bring path, car and counters to the tracker's value now."""
        self.update_path()
        if self.car is not None:
            self.update_car()
        for name, (number, cell) in self.numbers.items():
            self._number_updater(name, cell)(number)

    def park(self) -> None:
        """Drop the updaters once the drive is over, so waits render as still frames."""
        self.refresh()
        for mobject in self.mobjects():
            mobject.clear_updaters()

    def heading(self, step: int) -> float:
        """Heading while driving update ``step`` (the first update's before it starts)."""
        if self.last == 0:
            return 0.0
        return float(self.headings[min(max(step, 0), self.last - 1)])

    def where(self) -> tuple[int, float]:
        """Whole steps done and the eased share of the next one."""
        k = min(max(self.tracker.get_value(), 0.0), float(self.last))
        step = min(math.floor(k), self.last)
        share = k - step
        return step, (self.ease(share) if share > 0 else 0.0)

    def point(self) -> np.ndarray:
        step, share = self.where()
        if share == 0.0:
            return self.screen[step]
        return self.screen[step] + share * (self.screen[step + 1] - self.screen[step])

    def update_path(self) -> None:
        step, share = self.where()
        corners = list(self.screen[: step + 1])
        if share > 0.0:
            corners.append(self.point())
        if len(corners) < 2:
            self.path.set_points(np.zeros((0, 3)))
        else:
            self.path.set_points_as_corners(np.array(corners))

    def update_car(self) -> None:
        assert self.car is not None
        step, _ = self.where()
        while self.recorded < step:
            self.recorded += 1
            self.car.place(self.screen[self.recorded], self.heading(self.recorded - 1))
            self.positions.append(self.axes.p2c(self.car.body.get_center()))
        self.recorded = min(self.recorded, step)
        self.car.place(self.point(), self.heading(step))

    def _number_updater(self, name: str, cell: Mobject) -> Callable[[Mobject], None]:
        counts = self.counts[name]

        def update(number: Mobject) -> None:
            assert isinstance(number, Integer)
            value = int(counts[self.where()[0]])
            if int(number.get_value()) != value:
                number.set_value(value)
            number.move_to(cell)

        return update

    def seconds(self, per_step: float) -> float:
        """Run time of the whole drive at ``per_step`` seconds a step, capped for long runs."""
        return min(per_step * self.last, DRIVE_SECONDS_MAX)
