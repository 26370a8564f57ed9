"""A petition's count: exact, derived from stored signatures, and cheap to read.

Signing never writes to a shared counter (on a busy day every signer would queue
on that one row). Instead:

- `petition_count_refresh` counts the stored signatures (one grouped query on an
  index) and stores the result in the petition's `PetitionCount` row and in the
  cache. Only this function writes that row.
- Anything that changes the count (a confirmation, an editor's decision, an
  erasure, expiry) calls `petition_count_changed`, which schedules one refresh
  for the whole burst: the first change in a window enqueues a task to run a
  quarter of the lag later, and the changes after it ride along.
- `petition_tally` reads the cache, else the one stored row: O(1) database work
  whatever the number of signatures. The cached copy lives a quarter of the lag,
  so a process whose cache the refresh cannot reach (per-process memory in
  development) still catches up.

So the count shown is at most PETITION_COUNT_LAG_SECONDS behind: a quarter for the
refresh to run, a quarter for a cached copy of the count, a quarter for a cached
page showing it, and the rest for the task worker to pick the refresh up.
`manage.py petition_count_reconcile` recounts from the rows and reports drift.

Signatures collected before this site count too, when the petition says so
(`PetitionPage.include_earlier_signatures`): the editor's number (`earlier_signatures`,
in the total but in no country, since nobody knows theirs) and imported rows (counted
like any confirmed signature, by their country). `Tally.earlier` says how much of the
total they make.
Each stored refresh then records the milestones the count reached (milestones.py).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone
from django_tasks import default_task_backend, task


@dataclass(frozen=True)
class Tally:
    total: int
    by_country: dict[str, int] = field(default_factory=dict)
    computed_at: datetime.datetime | None = None
    # (name, country code) of the latest confirmed signers who asked to be named.
    recent_signers: list = field(default_factory=list)
    # Of the total, signatures collected before this site: the petition's recorded
    # number plus imported rows (0 when the petition leaves them out of the count).
    earlier: int = 0

    def by_country_rows(self, limit: int | None = None) -> list[tuple[str, str, int]]:
        """(code, name, count) largest first; signatures without a country come last."""
        from django.utils.translation import gettext
        from django_countries import countries

        rows = [
            (code, countries.name(code) if code else gettext("Not given"), n)
            for code, n in self.by_country.items()
        ]
        rows.sort(key=lambda row: (row[0] == "", -row[2], row[1]))
        return rows[:limit] if limit else rows

    def recent_signer_rows(self) -> list[tuple[str, str]]:
        """(name, country name) of the latest signers who asked to be named."""
        from django_countries import countries

        return [(name, countries.name(code) if code else "") for name, code in self.recent_signers]

    def percent_of(self, goal: int) -> int:
        if not goal:
            return 0
        return min(100, self.total * 100 // goal)


def lag_seconds() -> int:
    return max(4, settings.PETITION_COUNT_LAG_SECONDS)


def page_cache_seconds() -> int:
    """How long a page or widget showing a count may be cached; also how long a cached
    count lives and how long a refresh waits for more changes (see the module docstring)."""
    return lag_seconds() // 4


def _cache_key(petition_id: int) -> str:
    return f"petitions:count:{petition_id}"


RECENT_SIGNERS = 10


def _as_cached(tally: Tally) -> tuple:
    return (tally.total, tally.by_country, tally.computed_at, tally.recent_signers, tally.earlier)


def petition_tally(petition_id: int) -> Tally:
    """The petition's count as last refreshed: from the cache, else one row."""
    cached = cache.get(_cache_key(petition_id))
    if cached is not None and len(cached) == 5:
        return Tally(*cached)
    from .models import PetitionCount

    stored = PetitionCount.objects.filter(petition_id=petition_id).first()
    if stored is None:
        # A petition nobody has counted yet: count it now, once.
        return petition_count_refresh(petition_id)
    tally = Tally(
        stored.total, stored.by_country, stored.computed_at, stored.recent_signers, stored.earlier
    )
    cache.set(_cache_key(petition_id), _as_cached(tally), page_cache_seconds())
    return tally


def count_from_rows(petition_id: int) -> Tally:
    """Count the stored signatures now (exact; cost grows with the signatures)."""
    from .models import CountMode, PetitionPage, Signature

    # `PetitionPage.counts_pending` and the earlier signatures, without loading the page.
    count_mode, baseline, include_earlier = PetitionPage.objects.filter(pk=petition_id).values_list(
        "count_mode", "earlier_signatures", "include_earlier_signatures"
    ).first() or (CountMode.CONFIRMED, 0, False)
    rows = list(
        Signature.objects.filter(petition_id=petition_id)
        .counted(include_pending=count_mode == CountMode.ALL, include_imported=include_earlier)
        .order_by()
        .values("country")
        .annotate(n=Count("id"), imported=Count("id", filter=Q(imported_from__isnull=False)))
    )
    by_country = {row["country"] or "": row["n"] for row in rows}
    earlier = baseline + sum(row["imported"] for row in rows) if include_earlier else 0
    recent = (
        Signature.objects.filter(petition_id=petition_id)
        .publicly_named()
        .order_by("-confirmed_at", "-pk")
        .values_list("name", "country")[:RECENT_SIGNERS]
    )
    return Tally(
        sum(by_country.values()) + (baseline if include_earlier else 0),
        by_country,
        timezone.now(),
        [list(row) for row in recent],
        earlier,
    )


def petition_count_refresh(petition_id: int) -> Tally:
    """Recount from the rows and store the result where readers find it."""
    from .models import PetitionCount, PetitionPage

    tally = count_from_rows(petition_id)
    if PetitionPage.objects.filter(pk=petition_id).exists():
        PetitionCount.objects.update_or_create(
            petition_id=petition_id,
            defaults={
                "total": tally.total,
                "by_country": tally.by_country,
                "recent_signers": tally.recent_signers,
                "earlier": tally.earlier,
                "computed_at": tally.computed_at,
            },
        )
        _after_refresh(petition_id, tally)
    cache.set(_cache_key(petition_id), _as_cached(tally), page_cache_seconds())
    return tally


def _after_refresh(petition_id: int, tally: Tally) -> None:
    """What follows a stored count: milestones it reached are recorded, once each."""
    from .milestones import milestones_reach

    milestones_reach(petition_id, tally.total)


@task()
def refresh_petition_count(petition_id: int) -> int:
    # Let the next change schedule a new refresh: anything committed from here on
    # may be missed by the count below.
    cache.delete(_scheduled_key(petition_id))
    return petition_count_refresh(petition_id).total


def _scheduled_key(petition_id: int) -> str:
    return f"petitions:count-scheduled:{petition_id}"


def petition_count_changed(petition_id: int) -> None:
    """Schedule a refresh of the count (call after the change has committed)."""
    delay = page_cache_seconds()
    backend = default_task_backend
    if not backend.supports_defer:
        # A backend that runs tasks at once (tests) cannot batch: refresh every time.
        refresh_petition_count.enqueue(petition_id)
        return
    if not cache.add(_scheduled_key(petition_id), 1, timeout=delay):
        return  # a refresh is already due, and will see this change
    run_after = timezone.now() + datetime.timedelta(seconds=delay)
    refresh_petition_count.using(run_after=run_after).enqueue(petition_id)


def tally_with(tally: Tally, signature) -> Tally:
    """`tally` with `signature` in it, for the page that thanks its signer.

    The stored count lags (see the module docstring), so a signer who has just confirmed
    would read "Your signature is confirmed" above a count without them. Their signature
    is added when it counts and came after the tally was made; otherwise it is already in.
    """
    include_pending = signature.petition.counts_pending
    if not signature.is_counted(include_pending=include_pending):
        return tally
    counted_since = signature.created_at if include_pending else signature.confirmed_at
    if tally.computed_at and counted_since and counted_since <= tally.computed_at:
        return tally
    country = str(signature.country or "")
    by_country = {**tally.by_country, country: tally.by_country.get(country, 0) + 1}
    return replace(tally, total=tally.total + 1, by_country=by_country)
