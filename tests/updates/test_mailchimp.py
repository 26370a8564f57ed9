"""The Mailchimp gateway: the real SDK against the fake, errors sorted, connections bounded."""

import threading

import pytest
from django.core.cache import cache

from tests.fakes.mailchimp import md5_of
from updates import mailchimp
from updates.mailchimp import (
    MailchimpPermanentError,
    MailchimpTemporaryError,
    connection_slot,
    mailchimp_gateway,
    server_prefix,
)


def test_not_configured_means_no_gateway(settings):
    settings.MAILCHIMP_API_KEY = ""
    assert mailchimp_gateway() is None
    settings.MAILCHIMP_API_KEY, settings.MAILCHIMP_LIST_ID = "abc-us21", ""
    assert mailchimp_gateway() is None


def test_the_data_centre_comes_from_the_key_unless_set(settings):
    settings.MAILCHIMP_SERVER_PREFIX = ""
    assert server_prefix("0123abcd-us21") == "us21"
    settings.MAILCHIMP_SERVER_PREFIX = "us6"
    assert server_prefix("0123abcd-us21") == "us6"


def test_upsert_through_the_real_sdk(fake_mailchimp):
    answer = mailchimp_gateway().member_upsert(
        email="Ada@Example.org",
        body={"email_address": "Ada@Example.org", "status_if_new": "pending"},
    )
    assert answer["status"] == "pending"
    assert fake_mailchimp.calls[0].method == "PUT"


def test_errors_are_sorted_into_temporary_and_permanent(fake_mailchimp):
    gateway = mailchimp_gateway()
    body = {"email_address": "a@example.org", "status_if_new": "pending"}
    for status in (429, 500, 503):
        fake_mailchimp.fail_next(status)
        with pytest.raises(MailchimpTemporaryError):
            gateway.member_upsert(email="a@example.org", body=body)
    fake_mailchimp.fail_next(400, title="Member In Compliance State", detail="Not allowed.")
    with pytest.raises(MailchimpPermanentError) as refused:
        gateway.member_upsert(email="a@example.org", body=body)
    assert refused.value.message == "Member In Compliance State: Not allowed."
    assert refused.value.status == 400


def test_a_wrong_key_is_permanent_and_says_so(fake_mailchimp, settings):
    settings.MAILCHIMP_API_KEY = "wrong-us21"
    with pytest.raises(MailchimpPermanentError, match="API Key Invalid"):
        mailchimp_gateway().member_upsert(email="a@example.org", body={})


def test_a_hang_is_a_temporary_error_after_the_timeout(fake_mailchimp, settings):
    settings.MAILCHIMP_TIMEOUT = 0.2
    fake_mailchimp.hang_next(1.0)
    with pytest.raises(MailchimpTemporaryError, match="No answer"):
        mailchimp_gateway().member_upsert(email="a@example.org", body={})


def test_nobody_listening_is_a_temporary_error(settings):
    settings.MAILCHIMP_API_KEY, settings.MAILCHIMP_LIST_ID = "k-us21", "list"
    settings.MAILCHIMP_API_BASE = "http://127.0.0.1:9/3.0"  # the discard port: refused
    with pytest.raises(MailchimpTemporaryError):
        mailchimp_gateway().member_upsert(email="a@example.org", body={})


def _twelve_at_once(fake_mailchimp, gateway_factory) -> list[Exception]:
    fake_mailchimp.delay = 0.3  # every call is still open when the last caller starts
    errors = []

    def call(n):
        try:
            email = f"reader{n}@example.org"
            gateway_factory().member_upsert(
                email=email, body={"email_address": email, "status_if_new": "pending"}
            )
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=call, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_never_more_than_five_connections_at_once_and_a_command_waits_its_turn(
    fake_mailchimp, settings
):
    """Twelve callers willing to wait (as mailchimp_sync is): the shared slots hold the
    fake to five open requests, and every call gets through."""
    settings.MAILCHIMP_MAX_CONNECTIONS = 5
    settings.MAILCHIMP_TIMEOUT = 5

    errors = _twelve_at_once(fake_mailchimp, lambda: mailchimp_gateway(slot_wait=5))

    assert errors == []
    assert len(fake_mailchimp.audience.members) == 12
    assert fake_mailchimp.max_open == 5


def test_a_task_finding_every_connection_busy_fails_at_once_as_temporary(
    fake_mailchimp, settings, monkeypatch
):
    """Twelve tasks at once: five get a connection, the others a temporary error straight
    away (their syncs are rescheduled), and nobody waits."""
    settings.MAILCHIMP_MAX_CONNECTIONS = 5
    settings.MAILCHIMP_TIMEOUT = 5
    slept = []
    monkeypatch.setattr(mailchimp.time, "sleep", slept.append)

    errors = _twelve_at_once(fake_mailchimp, mailchimp_gateway)

    assert errors and all(isinstance(error, MailchimpTemporaryError) for error in errors)
    assert all("busy" in error.message for error in errors)
    assert len(fake_mailchimp.audience.members) == 12 - len(errors)
    assert fake_mailchimp.max_open <= 5
    assert slept == []


def test_busy_slots_count_as_a_temporary_failure(settings):
    settings.MAILCHIMP_MAX_CONNECTIONS = 2
    for n in range(2):
        cache.set(mailchimp.SLOT_KEY.format(n), "someone else", 60)
    with (
        pytest.raises(MailchimpTemporaryError, match="busy for 0.05 seconds"),
        connection_slot(wait=0.05),
    ):
        pass
    with pytest.raises(MailchimpTemporaryError, match="were busy.$"), connection_slot():
        pass


def test_a_slot_is_given_back_after_the_call():
    with connection_slot(limit=1, wait=0):
        pass
    with connection_slot(limit=1, wait=0):
        pass


def test_permanent_delete_of_a_member(fake_mailchimp):
    fake_mailchimp.add_member("ada@example.org")

    assert mailchimp_gateway().member_delete_permanently(member_hash=md5_of("ada@example.org"))

    assert fake_mailchimp.member("ada@example.org") is None
    assert [call.path for call in fake_mailchimp.calls] == [
        f"/3.0/lists/fake-list/members/{md5_of('ada@example.org')}/actions/delete-permanent"
    ]


def test_a_member_mailchimp_does_not_have_is_gone_once_the_audience_is_known_to_exist(
    fake_mailchimp,
):
    """Mailchimp's 404 says the same for a missing member as for a missing audience, so
    the gateway asks after the audience before believing the member is gone."""
    gone = mailchimp_gateway().member_delete_permanently(member_hash="0" * 32)

    assert gone is False  # nothing was there to delete: done all the same
    assert [(call.method, call.path) for call in fake_mailchimp.calls] == [
        ("POST", f"/3.0/lists/fake-list/members/{'0' * 32}/actions/delete-permanent"),
        ("GET", "/3.0/lists/fake-list"),
    ]


def test_a_404_naming_the_member_needs_no_second_question(fake_mailchimp):
    fake_mailchimp.fail_next(
        404,
        title="Resource Not Found",
        detail="The requested list member could not be found.",
        path_contains="/actions/delete-permanent",
    )
    assert mailchimp_gateway().member_delete_permanently(member_hash="0" * 32) is False
    assert len(fake_mailchimp.calls) == 1


def test_a_wrong_list_id_is_not_a_deletion(fake_mailchimp, settings):
    settings.MAILCHIMP_LIST_ID = "no-such-list"
    with pytest.raises(MailchimpPermanentError, match="MAILCHIMP_LIST_ID") as refused:
        mailchimp_gateway().member_delete_permanently(member_hash="0" * 32)
    assert refused.value.status == 404
    assert "Resource Not Found" in refused.value.message


def test_a_wrong_api_path_is_not_a_deletion(fake_mailchimp, settings):
    settings.MAILCHIMP_API_BASE = fake_mailchimp.api_base.replace("/3.0", "/2.0")
    with pytest.raises(MailchimpPermanentError, match="Resource Not Found"):
        mailchimp_gateway().member_delete_permanently(member_hash="0" * 32)


def test_a_404_page_from_something_in_front_of_mailchimp_is_not_a_deletion(fake_mailchimp):
    fake_mailchimp.add_member("ada@example.org")
    fake_mailchimp.fail_next(
        404,
        html="<html><body><h1>404 Not Found</h1>nginx</body></html>",
        path_contains="/actions/delete-permanent",
    )
    with pytest.raises(MailchimpPermanentError, match="HTTP 404"):
        mailchimp_gateway().member_delete_permanently(member_hash=md5_of("ada@example.org"))
    assert fake_mailchimp.member("ada@example.org") is not None
    assert len(fake_mailchimp.calls) == 1  # no reason to ask after the audience


def test_a_temporary_failure_while_asking_after_the_audience_is_temporary(fake_mailchimp):
    fake_mailchimp.fail_next(503, method="GET")
    with pytest.raises(MailchimpTemporaryError):
        mailchimp_gateway().member_delete_permanently(member_hash="0" * 32)


def test_a_batch_over_500_is_refused_before_calling(fake_mailchimp):
    with pytest.raises(ValueError):
        mailchimp_gateway().members_batch(members=[{}] * 501)
    assert fake_mailchimp.calls == []
