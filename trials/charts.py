"""A sponsor's percentage reported over time, drawn as an inline SVG on the server.

The geometry is worked out here (points in the SVG's viewBox, a path through them) and
the template only writes it out, so the chart needs no script, reads the same in every
browser and comes with a table of the same figures for anyone who cannot see it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext

from .models.records import SponsorSnapshot

WIDTH = 640
HEIGHT = 200
MAX_POINTS = 400


@dataclass(frozen=True)
class Point:
    day: datetime.date
    percent: float
    due: int
    reported: int
    x: float
    y: float


@dataclass(frozen=True)
class PercentChart:
    points: list[Point]
    line: str
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def first(self) -> Point:
        return self.points[0]

    @property
    def last(self) -> Point:
        return self.points[-1]

    @property
    def rows(self) -> list[Point]:
        """The table under the chart: newest first."""
        return list(reversed(self.points))

    @property
    def gridlines(self) -> list[tuple[int, float]]:
        """(percent, y) for 0, 50 and 100 %."""
        return [(percent, _y(percent)) for percent in (0, 50, 100)]

    @property
    def summary(self) -> str:
        """The chart in one sentence (its description for screen readers)."""
        words = {
            "first": _percent(self.first.percent),
            "first_day": date_format(self.first.day, "DATE_FORMAT"),
            "last": _percent(self.last.percent),
            "last_day": date_format(self.last.day, "DATE_FORMAT"),
        }
        if len(self.points) == 1:
            return gettext("%(last)s of due trials reported on %(last_day)s.") % words
        return (
            gettext(
                "From %(first)s of due trials reported on %(first_day)s "
                "to %(last)s on %(last_day)s."
            )
            % words
        )


def _percent(value: float) -> str:
    return f"{value:.1f} %"


def _y(percent: float) -> float:
    return round(HEIGHT - percent * HEIGHT / 100, 2)


def _thin(snapshots: list[SponsorSnapshot]) -> list[SponsorSnapshot]:
    """At most MAX_POINTS snapshots, keeping the first and the last."""
    if len(snapshots) <= MAX_POINTS:
        return snapshots
    step = len(snapshots) / (MAX_POINTS - 1)
    return [*(snapshots[int(i * step)] for i in range(MAX_POINTS - 1)), snapshots[-1]]


def percent_chart(snapshots: list[SponsorSnapshot]) -> PercentChart | None:
    """The chart of the snapshots that had something due (oldest first); None when none had."""
    measured = _thin([s for s in snapshots if s.percent_reported is not None])
    if not measured:
        return None
    start, end = measured[0].taken_on, measured[-1].taken_on
    span = (end - start).days

    def x_of(day: datetime.date) -> float:
        if not span:
            return WIDTH / 2
        return round((day - start).days * WIDTH / span, 2)

    points = [
        Point(
            day=s.taken_on,
            percent=float(s.percent_reported),
            due=s.due,
            reported=s.reported,
            x=x_of(s.taken_on),
            y=_y(float(s.percent_reported)),
        )
        for s in measured
    ]
    line = " ".join(f"{'M' if i == 0 else 'L'}{p.x},{p.y}" for i, p in enumerate(points))
    return PercentChart(points=points, line=line)
