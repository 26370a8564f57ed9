"""The counters behind the public forms' limits: one mechanism, tested on memory and on Redis."""

import pytest
import redis
from django.core.cache import caches

from core import ratelimits
from tests.shared_cache import rate_limit_cache, redis_cache  # noqa: F401 - fixtures


def test_several_limits_count_together(rate_limit_cache):  # noqa: F811
    events = [("a", "x", "3/h"), ("b", "y", "1/m")]
    assert ratelimits.count_events(events) == [(1, 3), (1, 1)]
    assert ratelimits.count_events(events) == [(2, 3), (2, 1)]
    # Another group or value is another counter.
    assert ratelimits.count_events([("a", "z", "3/h")]) == [(1, 3)]


def test_one_limit_is_one_counter_whichever_call_counts_it(rate_limit_cache):  # noqa: F811
    """Signing counts with count_events and resending with over: the same limit, the same
    counter, so five events in all reach a limit of five (on Redis they once counted in
    two key spaces, and an inbox got six emails)."""
    rate = "5/h"
    for _ in range(3):
        ratelimits.count_events([("petitions.sign.email", "ann@example.org", rate)])
    assert [ratelimits.over("petitions.sign.email", "ann@example.org", rate) for _ in range(3)] == [
        False,
        False,
        True,
    ]
    assert ratelimits.count_events([("petitions.sign.email", "ann@example.org", rate)]) == [(7, 5)]


def test_limits_of_the_same_period_share_a_counter_whatever_their_size(rate_limit_cache):  # noqa: F811
    """A hard limit and a flood threshold over one hour are two questions about one count."""
    ratelimits.count_events([("ip", "203.0.113.9", "500/h")])
    assert ratelimits.count_events([("ip", "203.0.113.9", "100/h")]) == [(2, 100)]
    # Another period is another window, so another counter.
    assert ratelimits.count_events([("ip", "203.0.113.9", "100/d")]) == [(1, 100)]


def test_signing_checks_all_its_limits_in_one_round_trip_on_redis(redis_cache, monkeypatch):  # noqa: F811
    ratelimits.count_events([("warm", "up", "1/h")])  # a Redis new to the script learns it
    sends = []
    send = redis.connection.AbstractConnection.send_packed_command

    def counted(self, command, *args, **kwargs):
        sends.append(command)
        return send(self, command, *args, **kwargs)

    monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", counted)
    events = [("e", "x", "5/h"), ("i", "y", "500/h"), ("f", "y", "100/10m"), ("d", "z", "3/h")]
    assert ratelimits.count_events(events) == [(1, 5), (1, 500), (1, 100), (1, 3)]
    assert ratelimits.count_events(events) == [(2, 5), (2, 500), (2, 100), (2, 3)]
    assert len(sends) == 2  # one each


def test_a_redis_that_forgot_the_script_still_counts(redis_cache):  # noqa: F811
    """After a Redis restart (or SCRIPT FLUSH) the script is sent again, and nothing is lost."""
    assert ratelimits.count_events([("r", "v", "5/h")]) == [(1, 5)]
    redis_cache._cache.get_client(write=True).script_flush()
    assert ratelimits.count_events([("r", "v", "5/h")]) == [(2, 5)]


def test_counters_expire_with_their_window(redis_cache):  # noqa: F811
    ratelimits.count_events([("w", "v", "5/m")])
    client = redis_cache._cache.get_client()
    [key] = [key for key in client.keys(f"{redis_cache.key_prefix}:*") if b":rl:w:" in key]
    assert 0 < client.ttl(key) <= 65


def test_a_cache_outage_lets_people_through(settings):
    """Refusing every signer because Redis is down would be worse than a missed limit."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    settings.RATELIMIT_FAIL_OPEN = True
    assert ratelimits.count_events([("a", "x", "1/h"), ("b", "y", "1/h")]) == [(0, 0), (0, 0)]
    assert ratelimits.over("a", "x", "1/h") is False
    settings.RATELIMIT_FAIL_OPEN = False
    with pytest.raises(redis.RedisError):
        ratelimits.count_events([("a", "x", "1/h")])
    caches["default"].close()


@pytest.mark.parametrize(
    ("rate", "parsed"), [("100/h", (100, 3600)), ("5/10m", (5, 600)), ("2/d", (2, 86400))]
)
def test_rates_read_as_count_and_seconds(rate, parsed):
    assert ratelimits.split_rate(rate) == parsed


def test_a_rate_that_is_not_one_is_refused():
    with pytest.raises(ValueError, match="100/h"):
        ratelimits.split_rate("lots")
