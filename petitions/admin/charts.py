"""Signatures per day, and the bars of the report's inline SVG chart."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncDate

from ..models import PetitionPage, Signature


@dataclass(frozen=True)
class DayBar:
    day: datetime.date
    total: int
    counted: int
    x: float
    width: float
    total_height: float
    counted_height: float

    @property
    def total_y(self) -> float:
        return round(CHART_HEIGHT - self.total_height, 2)

    @property
    def counted_y(self) -> float:
        return round(CHART_HEIGHT - self.counted_height, 2)


CHART_WIDTH = 720
CHART_HEIGHT = 160


def signatures_per_day(petition: PetitionPage) -> list[dict]:
    """Signatures received per day (local time), and how many of them count: one grouped query.

    Days without signatures are filled in with zeros, so the chart's gaps are real.
    Signatures imported from before this site are left out: they would stretch the
    chart over years of days nobody signed here (the report gives their total).
    """
    rows = (
        Signature.objects.filter(petition=petition)
        .not_imported()
        .order_by()
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(
            total=Count("id"),
            counted=Count(
                "id", filter=Signature.objects.counted_q(include_pending=petition.counts_pending)
            ),
        )
        .order_by("day")
    )
    by_day = {row["day"]: row for row in rows}
    if not by_day:
        return []
    first, last = min(by_day), max(by_day)
    days = []
    day = first
    while day <= last:
        row = by_day.get(day, {})
        days.append({"day": day, "total": row.get("total", 0), "counted": row.get("counted", 0)})
        day += datetime.timedelta(days=1)
    return days


def chart_bars(days: list[dict]) -> list[DayBar]:
    """Bars for an inline SVG chart, scaled to its viewBox (no JavaScript, nothing external)."""
    if not days:
        return []
    peak = max(day["total"] for day in days) or 1
    slot = CHART_WIDTH / len(days)
    gap = slot * 0.15 if slot > 3 else 0
    return [
        DayBar(
            day=day["day"],
            total=day["total"],
            counted=day["counted"],
            x=round(index * slot + gap / 2, 2),
            width=round(slot - gap, 2),
            total_height=round(day["total"] * CHART_HEIGHT / peak, 2),
            counted_height=round(day["counted"] * CHART_HEIGHT / peak, 2),
        )
        for index, day in enumerate(days)
    ]
