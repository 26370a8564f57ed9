"""Editors see who signed up, who is not in Mailchimp yet and why, and export the list."""

import csv
import io

import pytest
from django.core.management import call_command

from tests.factories import SubscriberFactory, interest_mapped
from updates.models import Subscriber, SyncState

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/updates/subscriber/"


@pytest.fixture
def people():
    uk = interest_mapped("uk", "uk1")
    synced = SubscriberFactory(
        email="synced@example.org",
        country="GB",
        synced_version=1,
        sync_state=SyncState.SYNCED,
        mailchimp_status="subscribed",
    )
    synced.interests.add(uk)
    refused = SubscriberFactory(
        email="refused@example.org",
        country="FR",
        source="petition:open-the-trials",
        sync_state=SyncState.FAILED,
        sync_error="Member In Compliance State: refused@example.org is in a compliance state.",
    )
    waiting = SubscriberFactory(email="=waiting@example.org", country="US")
    return synced, refused, waiting


def test_the_list_shows_who_is_unsynced_and_why(admin_client, people, settings):
    settings.MAILCHIMP_API_KEY, settings.MAILCHIMP_LIST_ID = "k-us21", "list"
    html = admin_client.get(LIST_URL).content.decode()

    assert "synced@example.org" in html and "refused@example.org" in html
    assert "Member In Compliance State" in html
    assert "Mailchimp is not connected" not in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ("unsynced=true", {"refused@example.org", "=waiting@example.org"}),
        ("unsynced=false", {"synced@example.org"}),
        ("sync_state=failed", {"refused@example.org"}),
        ("country=FR", {"refused@example.org"}),
        ("source=petition:open-the-trials", {"refused@example.org"}),
        ("mailchimp_status=subscribed", {"synced@example.org"}),
    ],
)
def test_filters(admin_client, people, query, expected):
    html = admin_client.get(f"{LIST_URL}?{query}").content.decode()
    shown = {s.email for s in Subscriber.objects.all() if s.email in html}
    assert shown == expected


def test_filter_by_interest(admin_client, people):
    uk = people[0].interests.get()
    html = admin_client.get(f"{LIST_URL}?interests={uk.pk}").content.decode()
    assert "synced@example.org" in html and "refused@example.org" not in html


def test_the_admin_says_when_mailchimp_is_not_connected(admin_client, people, settings):
    settings.MAILCHIMP_API_KEY = ""
    html = admin_client.get(LIST_URL).content.decode()
    assert "Mailchimp is not connected" in html
    dashboard = admin_client.get("/admin/").content.decode()
    assert "data-mailchimp-not-connected" in dashboard


def test_the_dashboard_counts_signups(admin_client, people):
    html = admin_client.get("/admin/").content.decode()
    assert "<strong data-subscriber-count>3</strong>" in html
    assert "<span data-unsynced-count>2</span>" in html
    assert "<span data-failed-count>1</span>" in html


def test_the_dashboard_shows_syncs_failing_for_a_while(admin_client, people):
    SubscriberFactory(
        email="far@example.org",
        sync_state=SyncState.FAILING,
        sync_attempts=7,
        sync_error="No answer from Mailchimp: timed out",
    )
    html = admin_client.get("/admin/").content.decode()
    assert "<span data-failing-count>1</span>" in html
    listing = admin_client.get(f"{LIST_URL}?sync_state=failing").content.decode()
    assert "far@example.org" in listing and "No answer from Mailchimp" in listing
    assert "synced@example.org" not in listing


def test_csv_export_is_safe_for_spreadsheets(admin_client, people):
    response = admin_client.get(f"{LIST_URL}?export=csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))

    by_email = {row["Email"]: row for row in rows}
    assert by_email["synced@example.org"]["Interests"] == "UK"
    assert by_email["synced@example.org"]["Country"] == "GB"
    assert "Member In Compliance State" in by_email["refused@example.org"]["Mailchimp's message"]
    assert "'=waiting@example.org" in by_email  # not read as a formula


def test_no_adding_or_deleting_in_the_admin(admin_client, people):
    """People arrive by the form and leave by an erasure (which also reaches Mailchimp)."""
    add = admin_client.post(f"{LIST_URL}add/", {"email": "x@example.org"})
    delete = admin_client.post(f"{LIST_URL}delete/{people[0].pk}/")

    assert add.status_code == delete.status_code == 302
    assert add["Location"] == delete["Location"] == "/admin/"  # Wagtail's "permission denied"
    assert Subscriber.objects.count() == 3


def test_editing_a_subscriber_sends_the_change(admin_client, people, settings):
    settings.MAILCHIMP_API_KEY = ""
    synced = people[0]
    response = admin_client.post(
        f"{LIST_URL}edit/{synced.pk}/",
        {"first_name": "Renamed", "country": "GB", "interests": []},
    )
    assert response.status_code == 302
    synced.refresh_from_db()
    assert synced.first_name == "Renamed"
    assert not synced.is_synced
    assert synced.sync_state == SyncState.NOT_CONNECTED


def test_interests_are_managed_by_editors(admin_client):
    response = admin_client.post(
        "/admin/updates/interest/add/",
        {
            "name": "Asia news",
            "slug": "asia",
            "mailchimp_interest_id": "as1",
            "active": "on",
            "sort_order": 5,
        },
    )
    assert response.status_code == 302
    assert "Asia news" in admin_client.get("/admin/updates/interest/").content.decode()


def test_personal_data_export_and_erase(people, fake_mailchimp, django_capture_on_commit_callbacks):
    from tests.fakes.mailchimp import md5_of

    fake_mailchimp.add_member("refused@example.org")
    out = io.StringIO()
    call_command("personal_data", "export", "Refused@Example.org", stdout=out)
    assert "petition:open-the-trials" in out.getvalue()

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("personal_data", "erase", "Refused@Example.org", "--yes", stdout=out)

    assert "asked Mailchimp to delete the member permanently" in out.getvalue()
    assert "updates: Mailchimp member: deleted permanently" in out.getvalue()
    assert not Subscriber.objects.filter(email="refused@example.org").exists()
    delete = fake_mailchimp.calls_to("POST", "/actions/delete-permanent")
    assert [call.path for call in delete] == [
        f"/3.0/lists/fake-list/members/{md5_of('refused@example.org')}/actions/delete-permanent"
    ]
    assert fake_mailchimp.member("refused@example.org") is None


def test_erasure_is_not_reported_complete_while_mailchimp_still_has_the_member(
    people, fake_mailchimp, django_capture_on_commit_callbacks
):
    from django.core.management.base import CommandError

    fake_mailchimp.add_member("refused@example.org")
    fake_mailchimp.fail_next(503, times=5)
    out = io.StringIO()
    with pytest.raises(CommandError) as raised, django_capture_on_commit_callbacks(execute=True):
        call_command("personal_data", "erase", "refused@example.org", "--yes", stdout=out)

    assert raised.value.returncode == 2
    assert "updates: Mailchimp member: not deleted yet" in out.getvalue()
    assert "retrying in the background" in out.getvalue()
    assert fake_mailchimp.member("refused@example.org") is not None
    # Erased here all the same.
    assert not Subscriber.objects.filter(email="refused@example.org").exists()


def test_one_subscriber_shows_mailchimps_message_and_their_consents(admin_client, people):
    from updates import services

    refused = people[1]
    html = admin_client.get(f"{LIST_URL}inspect/{refused.pk}/").content.decode()
    assert "refused@example.org is in a compliance state" in html

    from tests.factories import ConsentWordingFactory

    services.subscriber_signup(
        email=refused.email,
        consent=ConsentWordingFactory(purpose="petition_updates", text="Yes.", version="v9"),
        source="petition:p",
    )
    html = admin_client.get(f"{LIST_URL}inspect/{refused.pk}/").content.decode()
    assert "Consent history" in html and "v9 on " in html and "via petition:p" in html


DELETIONS_URL = "/admin/updates/mailchimpdeletion/"


@pytest.fixture
def deletions():
    from datetime import timedelta

    from django.utils import timezone

    from updates.models import MailchimpDeletion

    now = timezone.now()
    return {
        "done": MailchimpDeletion.objects.create(subscriber_hash="a" * 32, done_at=now, attempts=1),
        "waiting": MailchimpDeletion.objects.create(subscriber_hash="b" * 32),
        "failing": MailchimpDeletion.objects.create(
            subscriber_hash="c" * 32,
            attempts=3,
            last_attempt_at=now,
            next_attempt_at=now + timedelta(minutes=4),
            error="Resource Not Found: The requested resource could not be found. (the "
            "audience 'old-list' was not found either: check MAILCHIMP_LIST_ID and "
            "MAILCHIMP_API_BASE)",
        ),
    }


def test_editors_see_erasures_mailchimp_has_not_confirmed_with_its_message(admin_client, deletions):
    html = admin_client.get(DELETIONS_URL).content.decode()
    assert "c" * 32 in html and "b" * 32 in html and "a" * 32 in html
    assert "the audience &#x27;old-list&#x27; was not found either" in html

    failing = admin_client.get(f"{DELETIONS_URL}?state=failing").content.decode()
    assert "c" * 32 in failing and "b" * 32 not in failing and "a" * 32 not in failing
    waiting = admin_client.get(f"{DELETIONS_URL}?state=waiting").content.decode()
    assert "c" * 32 in waiting and "b" * 32 in waiting and "a" * 32 not in waiting


def test_deletions_are_read_only_in_the_admin(admin_client, deletions):
    from updates.models import MailchimpDeletion

    waiting = deletions["waiting"]
    assert admin_client.post(f"{DELETIONS_URL}delete/{waiting.pk}/").status_code == 302
    assert admin_client.post(f"{DELETIONS_URL}add/", {"subscriber_hash": "d" * 32})["Location"] == (
        "/admin/"
    )
    assert MailchimpDeletion.objects.count() == 3


def test_the_dashboard_counts_deletions_waiting_and_failing(admin_client, deletions):
    html = admin_client.get("/admin/").content.decode()
    assert "<span data-deletions-waiting>2</span>" in html
    assert "<span data-deletions-failing>1</span>" in html
    assert f"{DELETIONS_URL}?state=failing" in html
