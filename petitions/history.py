"""A petition's count over time: hourly snapshots, published as open data, and a chart.

- `history_snapshot_take` (run hourly by `manage.py petition_history_snapshot`, a
  scheduled job) recounts each live petition exactly and stores one `CountSnapshot`
  per petition and hour (UTC). The unique (petition, hour) makes it idempotent: a
  second run in the same hour finds the rows there and changes nothing.
- `history_backfill` works out past hours from the stored signatures (when each was
  confirmed, or signed on a petition counting pending ones), for a petition that ran
  before snapshots were taken; it never replaces a snapshot already taken.
- `history_document` / `history_csv_rows` are what /petitions/<id>/history.json and
  history.csv publish, under the licence in PETITION_HISTORY_LICENCE_NAME / _URL.
- `history_chart` lays out the server-rendered SVG chart (the petition page and the
  admin report share it): the count over time against the goal, no script.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import TruncHour
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from .templatetags.petition_tags import thousands

UTC = datetime.UTC
NOT_GIVEN = "not_given"  # the column and key for signatures without a country
CHART_WIDTH = 720
CHART_HEIGHT = 220
CHART_MAX_POINTS = 400


def hour_of(moment: datetime.datetime) -> datetime.datetime:
    """The start of the UTC hour `moment` falls in."""
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def licence() -> dict[str, str]:
    return {
        "name": settings.PETITION_HISTORY_LICENCE_NAME,
        "url": settings.PETITION_HISTORY_LICENCE_URL,
    }


# --- Writing ------------------------------------------------------------------


@dataclass
class SnapshotReport:
    hour: datetime.datetime
    written: list[int] = field(default_factory=list)
    already: list[int] = field(default_factory=list)


def history_snapshot_take(*, now: datetime.datetime | None = None) -> SnapshotReport:
    """Store this hour's count of every live petition that has none yet, exact (a
    recount, which also stores the shown count and records milestones reached)."""
    from cms.purge import purge_pages

    from .counts import petition_count_refresh
    from .models import CountSnapshot, PetitionPage, source_petitions

    now = now or timezone.now()
    report = SnapshotReport(hour=hour_of(now))
    # Translations sign their source petition (PetitionPage.petition_for_signatures):
    # only that one has a count to record.
    petitions = list(source_petitions(PetitionPage.objects.live()).order_by("pk"))
    taken = set(
        CountSnapshot.objects.filter(hour=report.hour).values_list("petition_id", flat=True)
    )
    changed = []
    for petition in petitions:
        if petition.pk in taken:
            report.already.append(petition.pk)
            continue
        tally = petition_count_refresh(petition.pk)
        _, created = CountSnapshot.objects.get_or_create(
            petition_id=petition.pk,
            hour=report.hour,
            defaults={"total": tally.total, "by_country": tally.by_country, "taken_at": now},
        )
        (report.written if created else report.already).append(petition.pk)
        if created:
            changed.append(petition)
    if changed:
        # The history files and the chart on the page show the new hour.
        purge_pages(changed)
    return report


def history_backfill(petition, *, until: datetime.datetime | None = None) -> int:
    """Fill the hours from the petition's first counted signature to `until` (default:
    the last full hour) from the stored signatures, leaving hours already taken.

    Each signature counts from the hour it was confirmed (signed, on a petition that
    counts pending ones), as it stands now: an invalidated one is left out of every
    hour. One grouped query; returns the number of hours written.
    """
    from .models import CountSnapshot, Signature

    until = hour_of(until or timezone.now() - datetime.timedelta(hours=1))
    moment = "created_at" if petition.counts_pending else "confirmed_at"
    rows = (
        Signature.objects.filter(petition=petition)
        .counted(include_pending=petition.counts_pending)
        .filter(
            **{f"{moment}__isnull": False, f"{moment}__lt": until + datetime.timedelta(hours=1)}
        )
        .order_by()
        .annotate(hour=TruncHour(moment, tzinfo=UTC))
        .values("hour", "country")
        .annotate(n=Count("id"))
        .order_by("hour")
    )
    per_hour: dict[datetime.datetime, dict[str, int]] = {}
    for row in rows:
        per_hour.setdefault(row["hour"], {})[row["country"] or ""] = row["n"]
    if not per_hour:
        return 0
    hour, by_country, snapshots = min(per_hour), {}, []
    now = timezone.now()
    while hour <= until:
        for code, n in per_hour.get(hour, {}).items():
            by_country[code] = by_country.get(code, 0) + n
        snapshots.append(
            CountSnapshot(
                petition=petition,
                hour=hour,
                total=sum(by_country.values()),
                by_country=dict(by_country),
                taken_at=now,
            )
        )
        hour += datetime.timedelta(hours=1)
    before = CountSnapshot.objects.filter(petition=petition).count()
    CountSnapshot.objects.bulk_create(snapshots, ignore_conflicts=True, batch_size=500)
    return CountSnapshot.objects.filter(petition=petition).count() - before


# --- Publishing -----------------------------------------------------------------


def _snapshots(petition_id: int):
    from .models import CountSnapshot

    return CountSnapshot.objects.filter(petition_id=petition_id).order_by("hour")


def _iso(moment: datetime.datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _open_data_countries(by_country: dict) -> dict[str, int]:
    return {(code or NOT_GIVEN): n for code, n in sorted(by_country.items())}


def history_document(petition, *, url: str, csv_url: str, attribution: str) -> dict:
    """The JSON document at history.json: what it is, its licence, and every hour."""
    return {
        "petition": petition.title,
        "url": url,
        "goal": petition.goal,
        "counts": petition.count_mode,
        "interval": "hour",
        "timezone": "UTC",
        "licence": licence(),
        "attribution": attribution,
        "csv": csv_url,
        "fields": {
            "hour": "start of the hour (UTC) the count stands for",
            "total": "the public count then",
            "by_country": f"the count by ISO 3166-1 country code; {NOT_GIVEN}: no country given",
        },
        "snapshots": [
            {
                "hour": _iso(hour),
                "total": total,
                "by_country": _open_data_countries(by_country),
            }
            for hour, total, by_country in _snapshots(petition.petition_for_signatures().pk)
            .values_list("hour", "total", "by_country")
            .iterator(chunk_size=2000)
        ],
    }


def history_csv_rows(petition_id: int):
    """Rows of history.csv: a header (hour_utc, total, a column per country code seen,
    then not_given), then one row per hour. Two queries, whatever the length."""
    snapshots = _snapshots(petition_id)
    codes = set()
    for by_country in snapshots.values_list("by_country", flat=True).iterator(chunk_size=2000):
        codes.update(by_country)
    columns = sorted(code for code in codes if code)
    has_unknown = "" in codes
    yield ["hour_utc", "total", *columns, *([NOT_GIVEN] if has_unknown else [])]
    for hour, total, by_country in snapshots.values_list("hour", "total", "by_country").iterator(
        chunk_size=2000
    ):
        yield [
            _iso(hour),
            total,
            *(by_country.get(code, 0) for code in columns),
            *([by_country.get("", 0)] if has_unknown else []),
        ]


# --- The chart ------------------------------------------------------------------


@dataclass(frozen=True)
class ChartPoint:
    moment: datetime.datetime
    total: int
    x: float
    y: float


@dataclass(frozen=True)
class HistoryChart:
    """An inline SVG chart's geometry in its viewBox, and its words and figures."""

    points: list[ChartPoint]
    days: list[tuple[datetime.date, int]]  # the last count of each day, for the table
    goal: int
    top: int  # the count at the top of the chart: the goal, or the count past it
    goal_y: float | None
    line: str  # an SVG path through the points
    area: str  # the same, closed down to the axis
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT

    @property
    def first(self) -> ChartPoint:
        return self.points[0]

    @property
    def last(self) -> ChartPoint:
        return self.points[-1]

    @property
    def summary(self) -> str:
        """The chart in one sentence, in the active language (its alternative text)."""
        words = {
            "first": thousands(self.first.total),
            "first_day": _day(self.first.moment),
            "last": thousands(self.last.total),
            "last_day": _day(self.last.moment),
            "goal": thousands(self.goal),
        }
        if self.goal:
            return (
                gettext(
                    "From %(first)s signatures on %(first_day)s to %(last)s on %(last_day)s, "
                    "against a goal of %(goal)s."
                )
                % words
            )
        return (
            gettext("From %(first)s signatures on %(first_day)s to %(last)s on %(last_day)s.")
            % words
        )


def _day(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y")


def _thin(series: list[tuple[datetime.datetime, int]]) -> list[tuple[datetime.datetime, int]]:
    """At most CHART_MAX_POINTS points, keeping the first and the last."""
    if len(series) <= CHART_MAX_POINTS:
        return series
    step = len(series) / (CHART_MAX_POINTS - 1)
    kept = [series[int(i * step)] for i in range(CHART_MAX_POINTS - 1)]
    return [*kept, series[-1]]


def history_chart(petition, tally) -> HistoryChart | None:
    """The chart of the petition's hourly counts, ending with the count now; None
    when no hour has been recorded yet. One query."""
    series = list(_snapshots(petition.petition_for_signatures().pk).values_list("hour", "total"))
    if not series:
        return None
    if tally is not None and tally.computed_at and tally.computed_at > series[-1][0]:
        series.append((tally.computed_at, tally.total))
    days: dict[datetime.date, int] = {}
    for moment, total in series:
        days[timezone.localtime(moment).date()] = total
    series = _thin(series)
    goal = petition.goal or 0
    top = max(goal, max(total for _, total in series), 1)
    start, end = series[0][0], series[-1][0]
    span = (end - start).total_seconds()

    def x_of(moment) -> float:
        if not span:
            return CHART_WIDTH / 2
        return round((moment - start).total_seconds() * CHART_WIDTH / span, 2)

    def y_of(total) -> float:
        return round(CHART_HEIGHT - total * CHART_HEIGHT / top, 2)

    points = [ChartPoint(moment, total, x_of(moment), y_of(total)) for moment, total in series]
    line = " ".join(
        f"{'M' if index == 0 else 'L'}{point.x},{point.y}" for index, point in enumerate(points)
    )
    area = f"{line} L{points[-1].x},{CHART_HEIGHT} L{points[0].x},{CHART_HEIGHT} Z"
    return HistoryChart(
        points=points,
        days=sorted(days.items(), reverse=True),
        goal=goal,
        top=top,
        goal_y=y_of(goal) if goal else None,
        line=line,
        area=area,
    )


def petition_growth_context(petition, tally) -> dict:
    """Milestones and the history chart, for the petition page."""
    from .milestones import milestones_for_page

    return {
        **milestones_for_page(petition, tally.total),
        "history_chart": history_chart(petition, tally) if petition.pk else None,
        "history_licence": licence(),
    }
