"""The Mailchimp gateway: the real SDK against the fake, errors sorted, connections bounded."""

import threading

import pytest
from django.core.cache import cache

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


def test_never_more_than_five_connections_at_once_across_threads(fake_mailchimp, settings):
    """Twelve workers call at once; the shared slots hold the fake to five open requests."""
    settings.MAILCHIMP_MAX_CONNECTIONS = 5
    settings.MAILCHIMP_TIMEOUT = 5
    fake_mailchimp.delay = 0.15
    errors = []

    def call(n):
        try:
            email = f"reader{n}@example.org"
            mailchimp_gateway().member_upsert(
                email=email, body={"email_address": email, "status_if_new": "pending"}
            )
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=call, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(fake_mailchimp.audience.members) == 12
    assert fake_mailchimp.max_open == 5


def test_busy_slots_count_as_a_temporary_failure(settings):
    settings.MAILCHIMP_MAX_CONNECTIONS = 2
    for n in range(2):
        cache.set(mailchimp.SLOT_KEY.format(n), "someone else", 60)
    with pytest.raises(MailchimpTemporaryError, match="busy"), connection_slot(wait=0.05):
        pass


def test_a_slot_is_given_back_after_the_call():
    with connection_slot(limit=1, wait=0):
        pass
    with connection_slot(limit=1, wait=0):
        pass


def test_permanent_delete_of_an_unknown_member_is_not_an_error(fake_mailchimp):
    mailchimp_gateway().member_delete_permanently(member_hash="0" * 32)
    assert fake_mailchimp.calls[0].path.endswith("/actions/delete-permanent")


def test_a_batch_over_500_is_refused_before_calling(fake_mailchimp):
    with pytest.raises(ValueError):
        mailchimp_gateway().members_batch(members=[{}] * 501)
    assert fake_mailchimp.calls == []
