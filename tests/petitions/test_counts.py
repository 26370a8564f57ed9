import datetime
import time

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from petitions import counts
from petitions.models import PetitionCount, Signature, Status
from tests.factories import ConsentWordingFactory, SignatureFactory

pytestmark = pytest.mark.django_db


def add_signatures(petition, n, **fields):
    now = timezone.now()
    wording = ConsentWordingFactory()
    Signature.objects.bulk_create(
        Signature(
            petition=petition,
            name=f"Signer {i}",
            email=f"s{i}@example.org",
            email_key=f"s{i}@example.org",
            country=fields.get("country", "GB"),
            status=fields.get("status", Status.CONFIRMED),
            flagged=fields.get("flagged", False),
            consent=wording,
            created_at=now,
        )
        for i in range(fields.get("start", 0), fields.get("start", 0) + n)
    )


def queries(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


@pytest.mark.parametrize("n", [10, 10_000])
def test_reading_the_count_costs_the_same_whatever_the_number_of_signatures(petition, n):
    add_signatures(petition, n)
    assert counts.petition_count_refresh(petition.pk).total == n
    # Warm: no SQL at all. Cold cache: one row.
    assert queries(lambda: counts.petition_tally(petition.pk)) == 0
    cache.clear()
    assert queries(lambda: counts.petition_tally(petition.pk)) == 1
    assert counts.petition_tally(petition.pk).total == n


@pytest.mark.parametrize("n", [10, 10_000])
def test_the_json_count_and_widget_cost_a_constant_number_of_queries(client, petition, n):
    add_signatures(petition, n)
    counts.petition_count_refresh(petition.pk)
    # Cold: the petition, its count, and Wagtail's site lookup for the petition's address
    # (the sites, then, with translations on, each site's home page in every language:
    # Site.get_site_root_paths, kept in the shared cache for an hour). Warm: no SQL at all.
    cache.clear()
    assert queries(lambda: client.get(petition.count_json_url())) <= 4
    assert queries(lambda: client.get(petition.count_json_url())) == 0
    assert queries(lambda: client.get(petition.widget_url())) == 0


def test_signing_never_writes_to_the_petition_or_its_count(petition):
    from petitions.services import signature_create

    counts.petition_count_refresh(petition.pk)
    with CaptureQueriesContext(connection) as captured:
        signature_create(petition=petition, name="Ann", email="ann@example.org", ip="203.0.113.1")
    writes = [
        q["sql"] for q in captured if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]
    assert writes and all(
        "petitions_petitioncount" not in sql and "petitions_petitionpage" not in sql
        for sql in writes
    )


def test_only_confirmed_unflagged_signatures_count_by_default(petition):
    add_signatures(petition, 3)
    add_signatures(petition, 2, start=10, status=Status.PENDING)
    add_signatures(petition, 1, start=20, flagged=True)
    add_signatures(petition, 1, start=30, status=Status.INVALID)
    assert counts.petition_count_refresh(petition.pk).total == 3
    petition.count_mode = "all"
    petition.save()
    assert counts.petition_count_refresh(petition.pk).total == 5


def test_counts_by_country(petition):
    add_signatures(petition, 3, country="GB")
    add_signatures(petition, 2, start=10, country="FR")
    add_signatures(petition, 1, start=20, country="")
    tally = counts.petition_count_refresh(petition.pk)
    assert tally.by_country == {"GB": 3, "FR": 2, "": 1}
    assert tally.by_country_rows() == [
        ("GB", "United Kingdom", 3),
        ("FR", "France", 2),
        ("", "Not given", 1),
    ]


def test_a_burst_of_changes_schedules_one_refresh_within_the_lag(petition, settings):
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.PETITION_COUNT_LAG_SECONDS = 60
    before = timezone.now()
    for _ in range(50):
        counts.petition_count_changed(petition.pk)

    def refreshes():
        return [r for r in default_task_backend.results if r.task.name == "refresh_petition_count"]

    scheduled = refreshes()
    assert len(scheduled) == 1
    run_after = scheduled[0].task.run_after
    assert before + datetime.timedelta(seconds=14) <= run_after
    assert run_after <= timezone.now() + datetime.timedelta(seconds=15)

    # Once the refresh starts, the next change schedules another.
    SignatureFactory(petition=petition)
    assert counts.refresh_petition_count.call(petition.pk) == 1
    counts.petition_count_changed(petition.pk)
    assert len(refreshes()) == 2


def test_pages_showing_the_count_are_cached_for_a_quarter_of_the_lag(client, petition, settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PETITION_COUNT_LAG_SECONDS = 40
    for url in ["/petition/", petition.widget_url(), petition.count_json_url()]:
        first = client.get(url)
        assert first["X-Page-Cache"] == "miss", url
        assert client.get(url)["X-Page-Cache"] == "hit", url
    keys = [key for key in cache._cache if "page-cache:" in key and "generation" not in key]
    assert keys
    expiries = [cache._expire_info[key] - time.time() for key in keys]
    assert all(expiry <= 10 for expiry in expiries)


def test_reconcile_proves_the_count_exact_and_repairs_drift(petition, capsys):
    add_signatures(petition, 5)
    counts.petition_count_refresh(petition.pk)
    call_command("petition_count_reconcile", "--check")
    assert "5 — exact" in capsys.readouterr().out

    # A change the refresh has not seen yet (worker down): --check fails, a plain run repairs.
    add_signatures(petition, 2, start=100)
    with pytest.raises(CommandError):
        call_command("petition_count_reconcile", "--check")
    assert "showing 5, the rows say 7" in capsys.readouterr().out
    call_command("petition_count_reconcile")
    assert PetitionCount.objects.get(petition=petition).total == 7
    assert counts.petition_tally(petition.pk).total == 7
    call_command("petition_count_reconcile", "--check", "--petition", petition.slug)


def test_a_cached_count_lives_a_quarter_of_the_lag(petition, settings):
    """A process the refresh cannot reach (its own memory cache) still catches up in time."""
    settings.PETITION_COUNT_LAG_SECONDS = 40
    counts.petition_count_refresh(petition.pk)
    key = next(key for key in cache._cache if "petitions:count:" in key)
    assert cache._expire_info[key] - time.time() <= 10

    # Another process's refresh stored a newer count: once the copy expires, it shows.
    PetitionCount.objects.filter(petition=petition).update(total=42)
    cache.delete(f"petitions:count:{petition.pk}")
    assert counts.petition_tally(petition.pk).total == 42
