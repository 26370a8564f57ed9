"""The count's hourly history: written idempotently by a scheduled job, published as
JSON and CSV under a licence, and drawn as a chart on the petition page and report."""

import csv
import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from core.scheduler import scheduled_job
from petitions import counts, history
from petitions.models import CountSnapshot, Signature, Status
from tests.factories import PetitionPageFactory, SignatureFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def at(hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, 30, hour, minute, tzinfo=UTC)


def snapshot(petition, hour, total, by_country=None):
    return CountSnapshot.objects.create(
        petition=petition,
        hour=hour,
        total=total,
        by_country=by_country if by_country is not None else {"GB": total},
        taken_at=hour,
    )


# --- The job ---------------------------------------------------------------------------


def test_the_snapshot_job_is_hourly_and_idempotent(petition):
    assert scheduled_job("petition_history_snapshot").cron == "0 * * * *"
    SignatureFactory.create_batch(2, petition=petition, country="FR")
    SignatureFactory(petition=petition, country="")

    report = history.history_snapshot_take(now=at(9, 0))
    assert report.written == [petition.pk]
    row = CountSnapshot.objects.get()
    assert (row.hour, row.total, row.by_country) == (at(9), 3, {"FR": 2, "": 1})

    # Later in the same hour, with more signatures: the hour's row stays as it was.
    SignatureFactory(petition=petition, country="FR")
    again = history.history_snapshot_take(now=at(9, 59))
    assert (again.written, again.already) == ([], [petition.pk])
    assert list(CountSnapshot.objects.values_list("hour", "total")) == [(at(9), 3)]

    # The next hour gets its own row.
    history.history_snapshot_take(now=at(10, 1))
    assert list(CountSnapshot.objects.values_list("hour", "total")) == [(at(9), 3), (at(10), 4)]


def test_the_command_runs_the_snapshot_and_skips_drafts(petition, site_tree):
    draft = PetitionPageFactory(parent=site_tree["home"], live=False)
    SignatureFactory(petition=draft)
    out = io.StringIO()
    call_command("petition_history_snapshot", stdout=out)
    call_command("petition_history_snapshot", stdout=out)
    assert "1 petition(s) stored" in out.getvalue()
    assert "1 already stored this hour" in out.getvalue()
    assert list(CountSnapshot.objects.values_list("petition_id", flat=True)) == [petition.pk]


def test_a_snapshot_is_the_exact_count_and_refreshes_the_shown_one(petition):
    SignatureFactory(petition=petition)
    assert counts.petition_tally(petition.pk).total == 1
    SignatureFactory(petition=petition)  # not refreshed yet: the shown count says 1
    history.history_snapshot_take()
    assert CountSnapshot.objects.get().total == 2
    assert counts.petition_tally(petition.pk).total == 2


def test_backfill_works_out_past_hours_from_the_signatures_and_keeps_taken_ones(petition):
    for hour, country in ((6, "GB"), (6, "FR"), (8, "GB")):
        SignatureFactory(petition=petition, country=country, confirmed_at=at(hour, 30))
    SignatureFactory(petition=petition, status=Status.PENDING)  # not counted
    snapshot(petition, at(7), 99)  # taken at the time: stays as it is

    assert history.history_backfill(petition, until=at(9)) == 3
    rows = list(CountSnapshot.objects.values_list("hour", "total", "by_country"))
    assert rows == [
        (at(6), 2, {"GB": 1, "FR": 1}),
        (at(7), 99, {"GB": 99}),
        (at(8), 3, {"GB": 2, "FR": 1}),
        (at(9), 3, {"GB": 2, "FR": 1}),
    ]
    assert history.history_backfill(petition, until=at(9)) == 0


# --- JSON and CSV ---------------------------------------------------------------------


def test_history_json_is_valid_open_data_with_its_licence(client, petition):
    snapshot(petition, at(9), 3, {"FR": 2, "": 1})
    snapshot(petition, at(10), 5, {"FR": 3, "GB": 1, "": 1})
    response = client.get(reverse("petitions:history_json", args=[petition.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = json.loads(response.content)
    assert document["licence"] == {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert document["attribution"]
    assert document["goal"] == 1000
    assert document["interval"] == "hour"
    assert document["csv"].endswith(reverse("petitions:history_csv", args=[petition.pk]))
    assert document["snapshots"] == [
        {"hour": "2026-11-30T09:00:00Z", "total": 3, "by_country": {"FR": 2, "not_given": 1}},
        {
            "hour": "2026-11-30T10:00:00Z",
            "total": 5,
            "by_country": {"FR": 3, "GB": 1, "not_given": 1},
        },
    ]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert 'rel="license"' in response["Link"]


def test_history_csv_is_a_plain_table_with_the_licence_in_its_headers(client, petition):
    snapshot(petition, at(9), 3, {"FR": 2, "": 1})
    snapshot(petition, at(10), 5, {"FR": 3, "GB": 1, "": 1})
    response = client.get(reverse("petitions:history_csv", args=[petition.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows == [
        {"hour_utc": "2026-11-30T09:00:00Z", "total": "3", "FR": "2", "GB": "0", "not_given": "1"},
        {"hour_utc": "2026-11-30T10:00:00Z", "total": "5", "FR": "3", "GB": "1", "not_given": "1"},
    ]
    link = response["Link"]
    assert (
        '<https://creativecommons.org/licenses/by/4.0/>; rel="license"; title="CC BY 4.0"' in link
    )
    assert 'rel="describedby"' in link


@override_settings(
    PETITION_HISTORY_LICENCE_NAME="ODC-By 1.0",
    PETITION_HISTORY_LICENCE_URL="https://opendatacommons.org/licenses/by/1-0/",
)
def test_the_licence_is_a_setting(client, petition):
    document = client.get(reverse("petitions:history_json", args=[petition.pk])).json()
    assert document["licence"]["name"] == "ODC-By 1.0"
    csv_response = client.get(reverse("petitions:history_csv", args=[petition.pk]))
    assert "opendatacommons.org" in csv_response["Link"]


def test_a_petition_without_history_gives_empty_but_valid_files(client, petition):
    document = client.get(reverse("petitions:history_json", args=[petition.pk])).json()
    assert document["snapshots"] == []
    body = client.get(reverse("petitions:history_csv", args=[petition.pk])).content.decode()
    assert list(csv.reader(io.StringIO(body))) == [["hour_utc", "total"]]


@pytest.mark.parametrize("name", ["history_json", "history_csv"])
def test_history_of_an_unknown_or_unpublished_petition_is_not_found(client, site_tree, name):
    draft = PetitionPageFactory(parent=site_tree["home"], live=False)
    snapshot(draft, at(9), 1)
    assert client.get(reverse(f"petitions:{name}", args=[draft.pk])).status_code == 404
    assert client.get(reverse(f"petitions:{name}", args=[987654])).status_code == 404
    assert client.get(f"/petitions/{2**63}/{name.replace('_', '.')}").status_code == 404
    assert client.post(reverse(f"petitions:{name}", args=[draft.pk])).status_code == 405


@pytest.mark.parametrize("name", ["history_json", "history_csv"])
def test_history_is_cacheable_and_costs_the_same_queries_whatever_its_length(
    client, petition, name, django_assert_max_num_queries
):
    url = reverse(f"petitions:{name}", args=[petition.pk])
    snapshot(petition, at(0), 0)
    client.get(url)
    for hour in range(1, 200):
        snapshot(petition, at(0) + datetime.timedelta(hours=hour), hour)
    with django_assert_max_num_queries(4):
        response = client.get(url)
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "s-maxage" in cache_control
    assert "stale-while-revalidate" in cache_control


def test_history_files_are_purged_with_the_petition_when_a_snapshot_is_written(petition):
    paths = petition.get_other_cached_paths()
    assert reverse("petitions:history_json", args=[petition.pk]) in paths
    assert reverse("petitions:history_csv", args=[petition.pk]) in paths


def test_a_new_snapshot_purges_the_cdn(petition, settings, django_capture_on_commit_callbacks):
    from unittest import mock

    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:9",
        }
    }
    with (
        mock.patch("cms.purge.purge_urls_from_cache") as purge,
        django_capture_on_commit_callbacks(execute=True),
    ):
        history.history_snapshot_take(now=at(9))
        history.history_snapshot_take(now=at(9, 30))  # nothing new: nothing purged
    purged = [url for call in purge.call_args_list for url in call.args[0]]
    assert any(url.endswith(f"/petitions/{petition.pk}/history.json") for url in purged)
    assert any(url.endswith(f"/petitions/{petition.pk}/history.csv") for url in purged)
    assert purge.call_count == 1


# --- The chart --------------------------------------------------------------------------


def test_the_page_draws_the_count_over_time_against_the_goal(client, petition):
    SignatureFactory.create_batch(4, petition=petition)
    counts.petition_count_refresh(petition.pk)
    now = timezone.now()
    snapshot(petition, history.hour_of(now) - datetime.timedelta(days=2), 1)
    snapshot(petition, history.hour_of(now) - datetime.timedelta(days=1), 3)
    html = client.get(petition.url).content.decode()
    assert "<svg" in html and 'role="img"' in html
    assert "Signatures over time: Register all trials</title>" in html
    assert "<desc" in html and "against a goal of 1,000" in html
    assert 'data-goal="1000"' in html
    # Two hours recorded, and the count now.
    assert 'data-points="3"' in html
    assert "data-history-table" in html
    assert reverse("petitions:history_csv", args=[petition.pk]) in html
    assert 'rel="license"' in html


def test_the_chart_without_history_says_so(client, petition):
    html = client.get(petition.url).content.decode()
    assert "data-history-chart" in html
    assert "No history yet" in html
    assert "<svg" not in html.split("data-history-chart")[1]


def test_the_chart_geometry_scales_to_the_goal_or_past_it(petition):
    snapshot(petition, at(9), 0)
    snapshot(petition, at(10), 500)
    chart = history.history_chart(petition, None)
    assert [p.y for p in chart.points] == [history.CHART_HEIGHT, history.CHART_HEIGHT / 2]
    assert chart.goal_y == 0
    snapshot(petition, at(11), 2000)  # past the goal: the top is the count
    chart = history.history_chart(petition, None)
    assert chart.top == 2000
    assert chart.goal_y == history.CHART_HEIGHT / 2
    assert chart.points[-1].x == history.CHART_WIDTH


def test_the_admin_report_shows_the_chart_and_the_milestones(client, petition, admin_user):
    from petitions.models import MilestoneReached, PetitionMilestone

    snapshot(petition, at(9), 1)
    PetitionMilestone.objects.create(page=petition, threshold=500, description="At 500 we write.")
    MilestoneReached.objects.create(
        petition=petition, threshold=1, description="The first", count=1, reached_at=at(9)
    )
    client.force_login(admin_user)
    html = client.get(reverse("petitions_admin:report", args=[petition.pk])).content.decode()
    assert "data-report-history" in html
    assert "Signatures over time: Register all trials</title>" in html
    assert 'data-next-milestone="500"' in html
    assert 'data-milestone-reached="1"' in html


def test_the_admin_report_without_history(client, petition, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("petitions_admin:report", args=[petition.pk])).content.decode()
    assert "data-report-history" in html
    assert "No history yet" in html


def test_the_demo_petition_has_weeks_of_history_on_its_chart(client, settings):
    from django.core import mail

    from petitions.models import MilestoneReached, PetitionPage

    call_command(
        "load_demo_content", "--petition-history", "--no-translations", stdout=io.StringIO()
    )
    petition = PetitionPage.objects.get(slug="petition", locale__language_code="en-gb")
    hours = CountSnapshot.objects.filter(petition=petition)
    assert hours.count() >= 27 * 24
    totals = list(hours.order_by("hour").values_list("total", flat=True))
    assert totals == sorted(totals) and totals[-1] > 10_000
    assert counts.petition_tally(petition.pk).total == Signature.objects.count()
    assert set(MilestoneReached.objects.values_list("threshold", flat=True)) == {1_000, 10_000}
    assert not mail.outbox  # nobody is emailed about the demo
    html = client.get(petition.url).content.decode()
    assert "Next: 100,000 signatures" in html
    assert 'data-milestone-reached="10000"' in html
    assert "<svg" in html.split("data-history-chart")[1]
    # Run again: nothing added.
    call_command(
        "load_demo_content", "--petition-history", "--no-translations", stdout=io.StringIO()
    )
    assert CountSnapshot.objects.filter(petition=petition).count() == hours.count()
