import pytest
import redis
from django.core import mail
from django.test import RequestFactory

from core import ratelimits
from petitions import abuse, services
from petitions.counts import petition_count_refresh
from petitions.models import Signature
from tests.factories import PetitionPageFactory
from tests.shared_cache import REDIS_URL, rate_limit_cache, redis_cache  # noqa: F401 - fixtures

# Every test here counts, so each runs on the suite's memory and on the real Redis.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rate_limit_cache")]


def attempt(petition, n, *, email="person{}@example.org", ip="203.0.113.7"):
    return [
        services.signature_create(
            petition=petition, name="Person", email=email.format(i), ip=ip, country="GB"
        ).outcome
        for i in range(n)
    ]


def test_a_library_behind_one_address_can_sign_many_times_unflagged(petition):
    outcomes = attempt(petition, 60)
    assert set(outcomes) == {services.Outcome.SIGNED}
    assert Signature.objects.filter(flagged=False).count() == 60


def test_a_flood_from_one_address_is_stored_flagged_and_still_emailed(
    petition, settings, committed
):
    """A flood threshold asks whether a crowd is real, which the count must wait for;
    the people in it may be real, so each still gets the link and can confirm."""
    settings.PETITION_FLAG_IP = "5/h"
    with committed():
        outcomes = attempt(petition, 8)
    assert outcomes[:5] == [services.Outcome.SIGNED] * 5
    assert outcomes[5:] == [services.Outcome.FLAGGED] * 3
    flagged = Signature.objects.filter(flagged=True)
    assert flagged.count() == 3
    assert not flagged.filter(confirmation_held=True).exists()
    assert "one internet address" in flagged.first().flag_reason
    assert len(mail.outbox) == 8


def test_beyond_the_per_address_limit_signatures_are_held_not_dropped(
    petition, settings, committed
):
    """A hospital behind one address keeps every signer past the 500th in an hour: each is
    stored, held out of the count, and gets no email until an editor accepts it."""
    settings.PETITION_RATE_LIMIT_IP = "4/h"
    with committed():
        outcomes = attempt(petition, 6)
    assert Signature.objects.count() == 6  # today: 4, the last two dropped without a word
    assert outcomes == [services.Outcome.SIGNED] * 4 + [services.Outcome.HELD] * 2
    held = Signature.objects.filter(confirmation_held=True)
    assert sorted(held.values_list("email", "flagged")) == [
        ("person4@example.org", True),
        ("person5@example.org", True),
    ]
    assert "held for review" in held.first().flag_reason
    assert sorted(message.to[0] for message in mail.outbox) == [
        f"person{i}@example.org" for i in range(4)
    ]
    assert petition_count_refresh(petition.pk).total == 0  # none confirmed yet
    assert Signature.objects.counted(include_pending=True).count() == 4


def test_beyond_the_per_email_limit_nothing_more_is_sent_to_that_inbox(petition, committed):
    """Five attempts (PETITION_RATE_LIMIT_EMAIL, 5/h): one confirmation and four notices;
    the attempts after them store nothing new and send nothing."""
    with committed():
        outcomes = attempt(petition, 7, email="same@example.org")
    assert outcomes == [services.Outcome.SIGNED] + [services.Outcome.DUPLICATE] * 6
    assert len(mail.outbox) == 5
    assert Signature.objects.count() == 1


def test_a_new_signature_past_the_per_email_limit_is_held_not_dropped(
    petition, site_tree, settings, committed
):
    """The per-email limit counts across petitions; a real signer past it on another
    petition is kept, and emailed once an editor accepts."""
    settings.PETITION_RATE_LIMIT_EMAIL = "2/h"
    other = PetitionPageFactory(parent=site_tree["home"], publish=True, title="Another")
    with committed():
        attempt(petition, 2, email="ann@example.org")
        result = services.signature_create(
            petition=other, name="Ann", email="ann@example.org", ip="198.51.100.1", country="GB"
        )
    assert result.outcome is services.Outcome.HELD
    assert result.signature.confirmation_held and result.signature.flagged
    assert len(mail.outbox) == 2  # the confirmation and one notice, on the first petition


def test_the_ceiling_refuses_and_counts_what_it_refuses(petition, settings):
    settings.PETITION_RATE_LIMIT_IP = "2/h"
    settings.PETITION_IP_CEILING = "4/h"
    outcomes = attempt(petition, 7)
    assert outcomes == (
        [services.Outcome.SIGNED] * 2 + [services.Outcome.HELD] * 2 + [services.Outcome.DROPPED] * 3
    )
    assert Signature.objects.count() == 4
    attempt(petition, 6, ip="198.51.100.9", email="other{}@example.org")
    assert abuse.refusals_in_last_hour() == abuse.Refusals(attempts=5, addresses=2)


def test_refusals_are_counted_by_the_minute_for_the_last_hour():
    start = 1_800_000_000.0
    abuse.refusal_record(network="203.0.113.7", now=start)
    abuse.refusal_record(network="203.0.113.7", now=start + 1)
    abuse.refusal_record(network="203.0.113.7", now=start + 30 * 60)
    abuse.refusal_record(network="2001:db8::", now=start + 30 * 60)
    assert abuse.refusals_in_last_hour(now=start + 31 * 60) == abuse.Refusals(4, 2)
    # Seventy-five minutes on, only the two from half an hour in are within the hour.
    assert abuse.refusals_in_last_hour(now=start + 75 * 60).attempts == 2


def test_a_flood_from_one_email_domain_is_flagged_across_addresses(petition, settings):
    settings.PETITION_FLAG_DOMAIN = "3/h"
    outcomes = [
        services.signature_create(
            petition=petition, name="Bot", email=f"bot{i}@junk.example", ip=f"198.51.100.{i}"
        ).outcome
        for i in range(5)
    ]
    assert outcomes.count(services.Outcome.FLAGGED) == 2
    assert "junk.example" in Signature.objects.filter(flagged=True).first().flag_reason


def test_big_providers_are_never_a_domain_flood(petition, settings):
    settings.PETITION_FLAG_DOMAIN = "2/h"
    outcomes = [
        services.signature_create(
            petition=petition, name="P", email=f"p{i}@gmail.com", ip=f"198.51.100.{i}"
        ).outcome
        for i in range(5)
    ]
    assert set(outcomes) == {services.Outcome.SIGNED}


def test_limits_are_kept_in_the_shared_cache(petition, settings, request):
    """Another process sees the same counters: they live in the cache, not in memory."""
    settings.PETITION_RATE_LIMIT_IP = "1/h"
    settings.PETITION_IP_CEILING = "2/h"
    attempt(petition, 2)
    if "redis_cache" in request.fixturenames:
        cache = request.getfixturevalue("redis_cache")
        other_process = redis.Redis.from_url(REDIS_URL)
        keys = list(other_process.scan_iter(match=f"{cache.key_prefix}:*:rl:petitions.sign.ip:*"))
        assert [int(other_process.get(key)) for key in keys] == [2]
    assert attempt(petition, 1, email="late{}@example.org") == [services.Outcome.DROPPED]


def test_resending_and_signing_share_the_per_email_limit(petition, committed):
    """Five attempts with one address send five emails; a resend after them sends none
    (it counts against the same limit: PETITION_RATE_LIMIT_EMAIL, 5/h)."""
    with committed():
        outcomes = attempt(petition, 5, email="ann@example.org")
    assert outcomes == [services.Outcome.SIGNED] + [services.Outcome.DUPLICATE] * 4
    assert len(mail.outbox) == 5
    with committed():
        services.signature_resend_confirmation(
            petition=petition, email="ann@example.org", ip="198.51.100.20"
        )
    assert len(mail.outbox) == 5


def test_ipv6_addresses_share_a_limit_per_64(petition, settings):
    settings.PETITION_RATE_LIMIT_IP = "2/h"
    settings.PETITION_IP_CEILING = "2/h"
    services.signature_create(petition=petition, name="A", email="a@x.org", ip="2001:db8::1")
    services.signature_create(petition=petition, name="B", email="b@x.org", ip="2001:db8::2")
    third = services.signature_create(
        petition=petition, name="C", email="c@x.org", ip="2001:db8::ffff"
    )
    assert third.outcome is services.Outcome.DROPPED
    assert abuse.ip_hash("2001:db8::1") == abuse.ip_hash("2001:db8::2")


def test_forwarded_addresses_are_trusted_only_from_our_proxies(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9"
    )
    settings.TRUSTED_PROXY_COUNT = 0
    assert ratelimits.client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert ratelimits.client_ip(request) == "203.0.113.9"
    garbage = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="not-an-ip")
    assert ratelimits.client_ip(garbage) == "10.0.0.1"


def test_the_address_hash_depends_on_a_key(settings):
    first = abuse.ip_hash("203.0.113.9")
    settings.PETITION_IP_HASH_KEY = "another-key"
    assert abuse.ip_hash("203.0.113.9") != first
