"""Sign-ups reach Mailchimp exactly once per change, whatever Mailchimp does."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from core.consent import ConsentPurpose, wording_record
from tests.factories import SubscriberFactory, interest_mapped
from tests.fakes.mailchimp import md5_of
from updates import services
from updates.models import (
    Consent,
    MailchimpDeletion,
    MailchimpStatus,
    Subscriber,
    SyncState,
)

pytestmark = pytest.mark.django_db


def signup(email="Ada@Example.org", **kwargs) -> Subscriber:
    consent = wording_record(ConsentPurpose.UPDATES_SIGNUP, "Yes, email me updates.")
    fields = {"source": "updates-form", "source_url": "/updates/", "consent": consent, **kwargs}
    with transaction.atomic():
        return services.subscriber_signup(email=email, **fields)


def run_on_commit(django_capture_on_commit_callbacks, **kwargs) -> Subscriber:
    with django_capture_on_commit_callbacks(execute=True):
        return signup(**kwargs)


def test_one_signup_gives_exactly_one_put_with_the_right_hash_and_fields(
    fake_mailchimp, django_capture_on_commit_callbacks
):
    uk = interest_mapped("uk", "abc123")
    interest_mapped("eu", "def456")

    subscriber = run_on_commit(
        django_capture_on_commit_callbacks,
        email="  Ada@Example.org ",
        first_name="Ada",
        country="GB",
        interests=["uk", "no-such-interest"],
    )

    puts = fake_mailchimp.calls_to("PUT", r"/members/")
    assert len(puts) == 1
    assert puts[0].path == f"/3.0/lists/fake-list/members/{md5_of('ada@example.org')}"
    assert puts[0].body == {
        "email_address": "ada@example.org",
        "status_if_new": "pending",
        "merge_fields": {"FNAME": "Ada", "COUNTRY": "GB"},
        "interests": {"abc123": True},
        "language": "en",
    }
    member = fake_mailchimp.member("ada@example.org")
    assert member["status"] == "pending"
    assert member["tags"] == ["updates-form"]
    subscriber.refresh_from_db()
    assert subscriber.is_synced and subscriber.sync_state == SyncState.SYNCED
    assert list(subscriber.interests.all()) == [uk]
    assert subscriber.mailchimp_status == MailchimpStatus.PENDING


def test_the_request_makes_no_outside_call_before_commit(fake_mailchimp):
    with transaction.atomic():
        signup()
        assert fake_mailchimp.calls == []


def test_without_mailchimp_signups_stay_local_and_unsynced(settings):
    settings.MAILCHIMP_API_KEY = ""
    subscriber = signup()

    assert subscriber.sync_state == SyncState.NOT_CONNECTED
    assert Subscriber.objects.unsynced().count() == 1
    assert services.subscribers_sweep() == 0


def test_a_petition_signer_enters_through_the_same_service(
    fake_mailchimp, django_capture_on_commit_callbacks
):
    signed_at = timezone.now() - timedelta(minutes=5)
    # Inside the petition's own transaction, as the petitions app calls it.
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.subscriber_signup(
            email="signer@example.org",
            first_name="Sam",
            consent=wording_record(ConsentPurpose.PETITION_UPDATES, "Send me campaign updates."),
            consented_at=signed_at,
            source="petition:open-the-trials",
            source_url="/petition/",
        )

    subscriber = Subscriber.objects.get(email="signer@example.org")
    assert subscriber.source == "petition:open-the-trials"
    assert subscriber.interests.count() == 0
    consent = subscriber.consents.get()
    assert (consent.wording.text, consent.consented_at, consent.source_url) == (
        "Send me campaign updates.",
        signed_at,
        "/petition/",
    )
    assert fake_mailchimp.member("signer@example.org")["tags"] == ["petition:open-the-trials"]
    assert len(fake_mailchimp.calls_to("PUT")) == 1


def test_a_known_email_is_updated_not_duplicated_and_keeps_its_interests(
    fake_mailchimp, django_capture_on_commit_callbacks
):
    interest_mapped("uk", "uk1")
    interest_mapped("usa", "usa1")
    run_on_commit(django_capture_on_commit_callbacks, interests=["uk"], first_name="Ada")
    run_on_commit(
        django_capture_on_commit_callbacks,
        email="ADA@example.org",
        interests=["usa"],
        source="petition:x",
    )

    subscriber = Subscriber.objects.get()
    assert subscriber.first_name == "Ada"  # an empty name does not wipe the known one
    assert sorted(subscriber.interests.values_list("slug", flat=True)) == ["uk", "usa"]
    assert subscriber.source == "updates-form"  # where they first came from
    assert Consent.objects.filter(subscriber=subscriber).count() == 2
    puts = fake_mailchimp.calls_to("PUT")
    assert len(puts) == 2  # one per change
    assert puts[1].body["interests"] == {"uk1": True, "usa1": True}
    assert len(fake_mailchimp.calls_to("POST", "/tags")) == 1  # the source tag goes once
    assert len(fake_mailchimp.audience.members) == 1


def test_a_task_run_twice_sends_the_change_once(fake_mailchimp, django_capture_on_commit_callbacks):
    subscriber = run_on_commit(django_capture_on_commit_callbacks)

    outcome = services.subscriber_sync(subscriber_id=subscriber.pk)

    assert outcome.startswith("Nothing to send")
    assert len(fake_mailchimp.calls_to("PUT")) == 1


def retry_when_due(subscriber: Subscriber) -> int:
    """What the deferred task (or the sweep) does once the back-off has passed."""
    Subscriber.objects.filter(pk=subscriber.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    return services.subscribers_sweep()


def test_three_500s_then_success_give_one_member_and_no_duplicate(
    fake_mailchimp, django_capture_on_commit_callbacks
):
    fake_mailchimp.fail_next(500, times=3, method="PUT")

    subscriber = run_on_commit(django_capture_on_commit_callbacks)
    for _ in range(3):
        subscriber.refresh_from_db()
        assert subscriber.sync_state == SyncState.RETRYING
        assert retry_when_due(subscriber) == 1

    assert len(fake_mailchimp.calls_to("PUT")) == 4  # one per run: nothing waits in a task
    assert len(fake_mailchimp.audience.members) == 1
    subscriber.refresh_from_db()
    assert subscriber.sync_state == SyncState.SYNCED and subscriber.sync_error == ""
    assert subscriber.sync_attempts == 0 and subscriber.next_attempt_at is None


def test_429_is_retried(fake_mailchimp, django_capture_on_commit_callbacks):
    fake_mailchimp.fail_next(429)

    subscriber = run_on_commit(django_capture_on_commit_callbacks)
    subscriber.refresh_from_db()
    assert "Too Many Requests" in subscriber.sync_error
    retry_when_due(subscriber)

    subscriber.refresh_from_db()
    assert subscriber.is_synced
    assert fake_mailchimp.member("ada@example.org") is not None


def test_a_hang_times_out_and_is_retried(fake_mailchimp, django_capture_on_commit_callbacks):
    fake_mailchimp.hang_next(2.0, method="PUT")  # the client gives up after 1 s

    subscriber = run_on_commit(django_capture_on_commit_callbacks)
    subscriber.refresh_from_db()
    assert subscriber.sync_state == SyncState.RETRYING
    assert "No answer from Mailchimp" in subscriber.sync_error
    retry_when_due(subscriber)

    assert len(fake_mailchimp.calls_to("PUT")) == 2
    subscriber.refresh_from_db()
    assert subscriber.is_synced
    assert fake_mailchimp.member("ada@example.org")["status"] == "pending"


def test_a_failed_call_schedules_the_next_try_and_the_task_returns(
    fake_mailchimp, django_capture_on_commit_callbacks
):
    fake_mailchimp.fail_next(503)

    subscriber = run_on_commit(django_capture_on_commit_callbacks)

    subscriber.refresh_from_db()
    assert len(fake_mailchimp.calls_to("PUT")) == 1  # one call per run, then the task ends
    assert subscriber.sync_state == SyncState.RETRYING
    assert subscriber.sync_attempts == 1
    assert "Service Unavailable" in subscriber.sync_error
    # MAILCHIMP_RETRY_BASE_SECONDS (60 s in the tests), with jitter: between 30 and 60 s.
    wait = (subscriber.next_attempt_at - timezone.now()).total_seconds()
    assert 25 < wait <= 60
    assert subscriber.sync_claimed_at is None
    # Neither the sweep nor a duplicate task goes before then.
    assert services.subscribers_sweep() == 0
    assert services.subscriber_sync(subscriber_id=subscriber.pk).startswith("Nothing to send")
    assert len(fake_mailchimp.calls_to("PUT")) == 1


def test_each_failure_waits_longer(fake_mailchimp, settings, django_capture_on_commit_callbacks):
    settings.MAILCHIMP_RETRY_BASE_SECONDS = 10
    fake_mailchimp.outage(status=503)
    subscriber = run_on_commit(django_capture_on_commit_callbacks)
    waits = []
    for _ in range(4):
        subscriber.refresh_from_db()
        waits.append((subscriber.next_attempt_at - timezone.now()).total_seconds())
        retry_when_due(subscriber)
    # Between half and all of 10 s x 2^failures: 5-10, 10-20, 20-40, 40-80 s.
    for failures, wait in enumerate(waits):
        assert 10 * 2**failures / 2 - 1 < wait <= 10 * 2**failures


def test_mailchimp_failing_for_long_is_shown_as_failing_and_still_retried(
    fake_mailchimp, settings, django_capture_on_commit_callbacks
):
    settings.MAILCHIMP_FAILING_AFTER_ATTEMPTS = 3
    fake_mailchimp.outage(status=503)

    subscriber = run_on_commit(django_capture_on_commit_callbacks)
    states = []
    for _ in range(3):
        subscriber.refresh_from_db()
        states.append(subscriber.sync_state)
        retry_when_due(subscriber)
    subscriber.refresh_from_db()
    states.append(subscriber.sync_state)

    assert states == [SyncState.RETRYING, SyncState.RETRYING, SyncState.FAILING, SyncState.FAILING]
    assert subscriber.sync_attempts == 4
    assert subscriber.next_attempt_at > timezone.now()  # still retrying

    fake_mailchimp.recover()
    assert retry_when_due(subscriber) == 1
    subscriber.refresh_from_db()
    assert subscriber.sync_state == SyncState.SYNCED and subscriber.sync_attempts == 0


def test_mailchimp_down_leaves_a_retry_for_later_then_the_sweep_sends_it(
    fake_mailchimp, settings, django_capture_on_commit_callbacks
):
    fake_mailchimp.fail_next(503, times=3)

    subscriber = run_on_commit(django_capture_on_commit_callbacks)

    subscriber.refresh_from_db()
    assert subscriber.sync_state == SyncState.RETRYING
    assert "Service Unavailable" in subscriber.sync_error
    assert subscriber.next_attempt_at > timezone.now()
    assert services.subscribers_sweep() == 0  # not before its backoff has passed

    for _ in range(3):
        assert retry_when_due(subscriber) == 1
    subscriber.refresh_from_db()
    assert subscriber.sync_state == SyncState.SYNCED
    assert len(fake_mailchimp.audience.members) == 1


def test_when_every_connection_is_busy_the_sync_is_rescheduled_at_once(
    fake_mailchimp, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """Waiting for a slot inside a task is waiting behind Mailchimp: it counts as a
    temporary failure straight away."""
    from django.core.cache import cache

    from updates import mailchimp

    settings.MAILCHIMP_MAX_CONNECTIONS = 2
    for n in range(2):
        cache.set(mailchimp.SLOT_KEY.format(n), "another worker", 60)
    monkeypatch.setattr("time.sleep", sleep_forbidden)

    subscriber = run_on_commit(django_capture_on_commit_callbacks)

    subscriber.refresh_from_db()
    assert subscriber.sync_state == SyncState.RETRYING
    assert "busy" in subscriber.sync_error
    assert subscriber.next_attempt_at > timezone.now()
    assert fake_mailchimp.calls == []


def sleep_forbidden(seconds):
    raise AssertionError(f"A task slept {seconds} s")


def test_no_sync_path_sleeps(fake_mailchimp, monkeypatch, django_capture_on_commit_callbacks):
    """Timeouts, 429, 5xx, a failing tag call: each is a scheduled retry, never a sleep."""
    monkeypatch.setattr("time.sleep", sleep_forbidden)
    fake_mailchimp.fail_next(429, method="PUT")
    fake_mailchimp.fail_next(500, method="PUT")
    fake_mailchimp.fail_next(503, path_contains="/tags")

    subscriber = run_on_commit(django_capture_on_commit_callbacks)
    for _ in range(3):
        retry_when_due(subscriber)

    subscriber.refresh_from_db()
    assert subscriber.is_synced
    assert fake_mailchimp.member("ada@example.org")["tags"] == ["updates-form"]


def test_a_permanent_error_is_recorded_with_mailchimps_message_and_not_retried(
    fake_mailchimp, django_capture_on_commit_callbacks
):
    fake_mailchimp.fail_next(
        400,
        title="Forgotten Email Not Subscribed",
        detail="ada@example.org was permanently deleted and cannot be re-imported.",
    )

    subscriber = run_on_commit(django_capture_on_commit_callbacks)

    subscriber.refresh_from_db()
    assert subscriber.sync_state == SyncState.FAILED
    assert subscriber.sync_error == (
        "Forgotten Email Not Subscribed: "
        "ada@example.org was permanently deleted and cannot be re-imported."
    )
    assert len(fake_mailchimp.calls_to("PUT")) == 1
    Subscriber.objects.update(next_attempt_at=None)
    assert services.subscribers_sweep() == 0
    assert services.subscriber_sync(subscriber_id=subscriber.pk).startswith("Nothing to send")
    assert len(fake_mailchimp.calls_to("PUT")) == 1
    assert list(Subscriber.objects.unsynced()) == [subscriber]  # still shown as unsynced


def test_refused_subscribers_can_be_tried_again_after_a_fix(
    fake_mailchimp, django_capture_on_commit_callbacks
):
    fake_mailchimp.fail_next(400, title="Invalid Resource", detail="Blocked.")
    subscriber = run_on_commit(django_capture_on_commit_callbacks)

    assert services.subscribers_retry_failed() == 1
    assert services.subscribers_sweep() == 1

    subscriber.refresh_from_db()
    assert subscriber.sync_state == SyncState.SYNCED


def test_an_interrupted_sync_is_picked_up_again_after_its_lease(
    fake_mailchimp, settings, django_capture_on_commit_callbacks
):
    settings.MAILCHIMP_API_KEY, key = "", settings.MAILCHIMP_API_KEY
    subscriber = signup()
    settings.MAILCHIMP_API_KEY = key
    # A worker claimed it and was killed before calling Mailchimp.
    Subscriber.objects.update(sync_claimed_at=timezone.now(), sync_state=SyncState.PENDING)

    assert services.subscribers_sweep() == 0  # the claim is still live
    assert fake_mailchimp.calls == []

    stale = timezone.now() - timedelta(seconds=settings.MAILCHIMP_SYNC_LEASE_SECONDS + 1)
    Subscriber.objects.update(sync_claimed_at=stale)
    assert services.subscribers_sweep() == 1

    subscriber.refresh_from_db()
    assert subscriber.is_synced and subscriber.sync_claimed_at is None
    assert len(fake_mailchimp.calls_to("PUT")) == 1


def test_a_change_made_while_sending_is_sent_after(fake_mailchimp, settings, monkeypatch):
    settings.MAILCHIMP_API_KEY, key = "", settings.MAILCHIMP_API_KEY
    subscriber = signup(first_name="Ada")
    settings.MAILCHIMP_API_KEY = key
    original, changed = services.member_body, []

    def body_then_a_new_signup(sub):
        body = original(sub)
        if not changed:  # the person signs up again while the first PUT is on its way
            changed.append(True)
            Subscriber.objects.filter(pk=sub.pk).update(change_version=sub.change_version + 1)
        return body

    monkeypatch.setattr(services.sync, "member_body", body_then_a_new_signup)
    services.subscriber_sync(subscriber_id=subscriber.pk)

    subscriber.refresh_from_db()
    # The first version went; the newer one was queued and sent in turn (immediate tasks).
    assert len(fake_mailchimp.calls_to("PUT")) == 2
    assert subscriber.is_synced and subscriber.sync_state == SyncState.SYNCED


@pytest.mark.django_db(transaction=True)
def test_concurrent_signups_of_the_same_email_give_one_subscriber(settings):
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite's shared in-memory test database locks whole tables; CI's PostgreSQL runs this"
        )
    settings.MAILCHIMP_API_KEY = ""
    errors, barrier = [], threading.Barrier(4)

    def sign(n):
        try:
            barrier.wait()
            signup(email=f"Same@Example.org{' ' * n}", first_name=f"Name {n}")
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Subscriber.objects.count() == 1
    assert Consent.objects.count() == 4
    assert Subscriber.objects.get().change_version == 4


def test_the_unique_race_turns_into_an_update(settings):
    """The insert losing to a concurrent one (the IntegrityError branch), made deterministic."""
    settings.MAILCHIMP_API_KEY = ""
    original = Subscriber.objects.select_for_update

    class RacingManager:
        calls = 0

    def racing_select_for_update():
        RacingManager.calls += 1
        if RacingManager.calls == 1:
            # Our lookup finds nobody; right after it, another request creates the row.
            Subscriber.objects.create(email="race@example.org", source="petition:x")
            return original().none()
        return original()

    Subscriber.objects.select_for_update = racing_select_for_update
    try:
        subscriber = signup(email="race@example.org", first_name="Late")
    finally:
        del Subscriber.objects.select_for_update

    assert RacingManager.calls == 2  # the insert failed and the row was fetched again
    assert Subscriber.objects.count() == 1
    assert subscriber.first_name == "Late" and subscriber.source == "petition:x"
    assert subscriber.consents.count() == 1


def test_a_failing_tag_call_is_tried_again_later_and_the_tag_goes_once(
    fake_mailchimp, django_capture_on_commit_callbacks
):
    fake_mailchimp.fail_next(500, times=2, path_contains="/tags")

    subscriber = run_on_commit(django_capture_on_commit_callbacks)
    for _ in range(2):
        subscriber.refresh_from_db()
        assert not subscriber.is_synced and subscriber.sync_state == SyncState.RETRYING
        retry_when_due(subscriber)

    # The PUT is repeated with the tag (it is idempotent: one member, same fields).
    assert len(fake_mailchimp.calls_to("PUT")) == 3
    assert len(fake_mailchimp.calls_to("POST", "/tags")) == 3
    assert len(fake_mailchimp.audience.members) == 1
    assert fake_mailchimp.member("ada@example.org")["tags"] == ["updates-form"]
    subscriber.refresh_from_db()
    assert subscriber.is_synced


def test_with_the_database_queue_a_postponed_retry_is_a_deferred_task(fake_mailchimp, settings):
    """In production (django-tasks-db) the retry is queued to run after its backoff."""
    from django_tasks_db.models import DBTaskResult

    fake_mailchimp.fail_next(500)
    subscriber = signup()
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }

    services.subscriber_sync(subscriber_id=subscriber.pk)

    subscriber.refresh_from_db()
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "updates.tasks.sync_subscriber"
    assert queued.queue_name == "sync"
    assert queued.args_kwargs["args"] == [subscriber.pk]
    assert queued.run_after == subscriber.next_attempt_at > timezone.now()
    assert len(fake_mailchimp.calls_to("PUT")) == 1


def test_the_service_refuses_a_bad_email_and_tidies_the_rest(settings):
    from django.core.exceptions import ValidationError

    settings.MAILCHIMP_API_KEY = ""
    with pytest.raises(ValidationError):
        signup(email="not an email")
    subscriber = signup(country="zz", first_name="N" * 300, source="petition:" + "x" * 300)
    assert subscriber.country == ""
    assert len(subscriber.first_name) == 100 and len(subscriber.source) == 200
    assert signup(email="b@example.org", country="ie").country.code == "IE"


# --- Erasure: the Mailchimp deletion counts as done only when it is ----------------------


def erase(django_capture_on_commit_callbacks, email="ada@example.org"):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        assert services.subscriber_erase(email=email)
    return MailchimpDeletion.objects.get(subscriber_hash=md5_of(email))


def test_an_erased_member_is_deleted_in_mailchimp(
    fake_mailchimp, django_capture_on_commit_callbacks
):
    fake_mailchimp.add_member("ada@example.org")
    SubscriberFactory(email="ada@example.org")

    deletion = erase(django_capture_on_commit_callbacks)

    assert deletion.done_at is not None and deletion.error == ""
    assert fake_mailchimp.member("ada@example.org") is None


def test_a_member_mailchimp_never_had_is_done_too(
    fake_mailchimp, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="ada@example.org")  # signed up while Mailchimp was not connected

    deletion = erase(django_capture_on_commit_callbacks)

    assert deletion.done_at is not None and deletion.error == ""


@pytest.mark.parametrize(
    "break_it",
    [
        pytest.param(
            lambda fake, s: setattr(s, "MAILCHIMP_LIST_ID", "old-list"), id="wrong list id"
        ),
        pytest.param(
            lambda fake, s: setattr(s, "MAILCHIMP_API_BASE", fake.api_base.replace("3.0", "2.0")),
            id="wrong API path",
        ),
        pytest.param(
            lambda fake, s: fake.fail_next(
                404, html="<h1>Not Found</h1>", path_contains="/actions/delete-permanent"
            ),
            id="a proxy's 404 page",
        ),
        pytest.param(lambda fake, s: fake.fail_next(500), id="a server error"),
        pytest.param(lambda fake, s: fake.hang_next(2.0), id="a hang"),
    ],
)
def test_any_other_404_or_error_leaves_the_deletion_waiting_with_mailchimps_message(
    fake_mailchimp, settings, django_capture_on_commit_callbacks, break_it
):
    fake_mailchimp.add_member("ada@example.org")
    SubscriberFactory(email="ada@example.org")
    break_it(fake_mailchimp, settings)

    deletion = erase(django_capture_on_commit_callbacks)

    assert deletion.done_at is None
    assert deletion.error  # what Mailchimp (or the network) said, for editors
    assert deletion.attempts == 1
    assert deletion.next_attempt_at > timezone.now()
    assert not Subscriber.objects.exists()  # erased here whatever Mailchimp does


def test_a_failed_deletion_is_tried_again_once_its_backoff_has_passed(
    fake_mailchimp, settings, django_capture_on_commit_callbacks
):
    fake_mailchimp.add_member("ada@example.org")
    SubscriberFactory(email="ada@example.org")
    settings.MAILCHIMP_LIST_ID = "old-list"
    deletion = erase(django_capture_on_commit_callbacks)
    calls = len(fake_mailchimp.calls)

    # The same task delivered twice, or the sweep, within the backoff: no call.
    assert services.mailchimp_deletion_send(deletion_id=deletion.pk).startswith("Not due")
    assert services.mailchimp_deletions_sweep() == 0
    assert len(fake_mailchimp.calls) == calls

    settings.MAILCHIMP_LIST_ID = fake_mailchimp.list_id  # the editor fixed the setting
    MailchimpDeletion.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert services.mailchimp_deletions_sweep() == 1

    deletion.refresh_from_db()
    assert deletion.done_at is not None and deletion.error == ""
    assert fake_mailchimp.member("ada@example.org") is None


def test_with_the_database_queue_a_failed_deletion_is_a_deferred_task(fake_mailchimp, settings):
    from django_tasks_db.models import DBTaskResult

    deletion = MailchimpDeletion.objects.create(subscriber_hash=md5_of("ada@example.org"))
    fake_mailchimp.fail_next(503)
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }

    outcome = services.mailchimp_deletion_send(deletion_id=deletion.pk)

    assert outcome.startswith("Not deleted yet: Service Unavailable")
    deletion.refresh_from_db()
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "updates.tasks.delete_mailchimp_member"
    assert queued.queue_name == "sync"
    assert queued.args_kwargs["args"] == [deletion.pk]
    assert queued.run_after == deletion.next_attempt_at > timezone.now()
