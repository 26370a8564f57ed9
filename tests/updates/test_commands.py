"""`manage.py mailchimp_sync`: batches, sweeps and drift reports."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.factories import SubscriberFactory
from tests.fakes.mailchimp import md5_of
from updates.models import MailchimpDeletion, MailchimpStatus, Subscriber, SyncState

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("mailchimp_sync", *args, "--no-progress", stdout=out, stderr=out)
    return out.getvalue()


def test_1201_new_subscribers_go_in_three_batch_calls(fake_mailchimp):
    Subscriber.objects.bulk_create(
        Subscriber(email=f"reader{n}@example.org", source="import") for n in range(1201)
    )

    output = run()

    batches = fake_mailchimp.calls_to("POST", r"^/3\.0/lists/fake-list$")
    assert [len(call.body["members"]) for call in batches] == [500, 500, 201]
    assert all(call.body["update_existing"] is False for call in batches)
    assert fake_mailchimp.calls_to("PUT") == []
    assert len(fake_mailchimp.audience.members) == 1201
    assert not Subscriber.objects.unsynced().exists()
    assert set(Subscriber.objects.values_list("sync_state", flat=True)) == {SyncState.SYNCED}
    assert "1201 created in Mailchimp with 3 call(s)" in output
    member = fake_mailchimp.member("reader7@example.org")
    assert (member["status"], member["tags"]) == ("pending", ["import"])


def test_members_already_in_mailchimp_go_one_by_one_and_keep_their_status(fake_mailchimp):
    fake_mailchimp.add_member("left@example.org", status="unsubscribed")
    SubscriberFactory(email="left@example.org")
    SubscriberFactory(email="new@example.org")

    output = run()

    assert "1 already there" in output
    put = fake_mailchimp.calls_to("PUT")
    assert len(put) == 1 and "status" not in put[0].body
    assert fake_mailchimp.member("left@example.org")["status"] == "unsubscribed"
    assert not Subscriber.objects.unsynced().exists()
    left = Subscriber.objects.get(email="left@example.org")
    assert left.mailchimp_status == MailchimpStatus.UNSUBSCRIBED


def test_per_member_errors_are_reported_and_recorded(fake_mailchimp):
    SubscriberFactory(email="fine@example.org")
    Subscriber.objects.create(email="broken-address", source="import")  # an old bad import

    output = run()

    assert "1 refused" in output
    assert "refused broken-address: broken-address looks fake or invalid" in output
    broken = Subscriber.objects.get(email="broken-address")
    assert broken.sync_state == SyncState.FAILED
    assert "looks fake or invalid" in broken.sync_error


def test_a_batch_retries_mailchimp_errors_without_sending_twice(fake_mailchimp, settings):
    settings.MAILCHIMP_RETRY_BASE_SECONDS = 0.001  # a command waits between tries; briefly here
    SubscriberFactory.create_batch(3)
    fake_mailchimp.fail_next(500, times=2, method="POST")

    run()

    assert len(fake_mailchimp.calls_to("POST", r"^/3\.0/lists/fake-list$")) == 3
    assert len(fake_mailchimp.audience.members) == 3


def test_when_mailchimp_stays_down_the_run_stops_and_nothing_is_lost(fake_mailchimp, settings):
    settings.MAILCHIMP_RETRY_BASE_SECONDS = 0.001
    SubscriberFactory.create_batch(3)
    fake_mailchimp.fail_next(503, times=20)

    output = run()

    assert "Stopped early" in output
    assert len(fake_mailchimp.calls_to("POST", r"^/3\.0/lists/fake-list$")) == 5
    assert Subscriber.objects.unsynced().count() == 3
    assert not Subscriber.objects.filter(sync_claimed_at__isnull=False).exists()


def test_the_sweep_resends_interrupted_syncs_and_deletions(fake_mailchimp):
    fake_mailchimp.add_member("gone@example.org")
    interrupted = SubscriberFactory(
        last_synced_at=timezone.now(),
        change_version=2,
        synced_version=1,
        sync_claimed_at=timezone.now() - timedelta(hours=1),
    )
    MailchimpDeletion.objects.create(subscriber_hash=md5_of("gone@example.org"))

    output = run("--sweep-only")

    assert "Queued 1 subscriber sync(s) and 1 deletion(s)" in output
    interrupted.refresh_from_db()
    assert interrupted.is_synced
    assert fake_mailchimp.member("gone@example.org") is None
    assert MailchimpDeletion.objects.get().done_at is not None


def test_reconcile_reports_drift(fake_mailchimp):
    SubscriberFactory(email="reader@example.org")
    SubscriberFactory(email="other@example.org")
    run()
    fake_mailchimp.set_status("reader@example.org", "unsubscribed")  # a missed webhook
    fake_mailchimp.add_member("outsider@example.org")
    missing = SubscriberFactory(email="missing@example.org")
    Subscriber.objects.filter(pk=missing.pk).update(
        last_synced_at=timezone.now(), synced_version=1, sync_state=SyncState.SYNCED
    )

    output = run("--sweep-only", "--reconcile", "--adopt-statuses")

    assert "Drift: 3 difference(s)" in output
    assert "1 synced here but missing in Mailchimp" in output and "missing@example.org" in output
    assert "1 in Mailchimp but not here" in output
    assert "reader@example.org: here pending, Mailchimp unsubscribed" in output
    assert Subscriber.objects.get(email="reader@example.org").mailchimp_status == "unsubscribed"


def test_reconcile_pages_through_a_large_audience(fake_mailchimp):
    for n in range(2500):
        fake_mailchimp.add_member(f"m{n}@example.org")

    output = run("--sweep-only", "--reconcile")

    assert len(fake_mailchimp.calls_to("GET", "/members$")) == 3
    assert "2500 in Mailchimp" in output


def test_retry_failed_and_interests(fake_mailchimp):
    SubscriberFactory(sync_state=SyncState.FAILED, sync_error="Invalid Resource: x")
    fake_mailchimp.interest_categories = {"cat1": {"title": "News", "interests": {"i1": "UK"}}}

    assert "1 refused subscriber(s) will be tried again" in run("--retry-failed")
    assert not Subscriber.objects.unsynced().exists()
    listing = run("--interests")
    assert "News" in listing and "i1  UK" in listing
    assert "Not mapped yet" in listing and "Global news" in listing


def test_not_configured_is_a_clear_error(settings):
    settings.MAILCHIMP_API_KEY = ""
    with pytest.raises(CommandError, match="not connected"):
        run()


def test_a_batch_size_over_500_is_refused(fake_mailchimp):
    with pytest.raises(CommandError, match="between 1 and 500"):
        run("--batch-size", "501")


def test_applied_webhook_calls_are_forgotten_after_90_days(fake_mailchimp):
    from updates.models import MailchimpEvent

    for key, processed_at in [
        ("old", timezone.now() - timedelta(days=91)),
        ("recent", timezone.now() - timedelta(days=5)),
        ("waiting", None),
    ]:
        MailchimpEvent.objects.create(
            key=key, type="unsubscribe", payload={}, processed_at=processed_at
        )

    run("--sweep-only")

    assert set(MailchimpEvent.objects.values_list("key", flat=True)) == {"recent", "waiting"}


def test_the_sweep_says_when_deletions_are_failing(fake_mailchimp):
    MailchimpDeletion.objects.create(
        subscriber_hash="c" * 32,
        attempts=2,
        last_attempt_at=timezone.now(),
        next_attempt_at=timezone.now() + timedelta(minutes=5),
        error="API Key Invalid: Your API key may be invalid.",
    )

    output = run("--sweep-only")

    assert "0 deletion(s)" in output  # not due again yet
    assert "1 erasure(s) not yet deleted in Mailchimp" in output
    assert "API Key Invalid" in output
