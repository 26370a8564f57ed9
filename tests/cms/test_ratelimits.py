"""The counters behind the public forms' limits, on the shared cache production uses."""

import uuid

import pytest
import redis
from django.core.cache import caches

from cms import ratelimits

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_cache(settings):
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379 (CI starts one)")
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        },
    }
    yield caches["default"]
    caches["default"].clear()


def test_several_limits_count_in_one_round_trip_on_redis(redis_cache):
    events = [("a", "x", "3/h"), ("b", "y", "1/m")]
    assert ratelimits.count_events(events) == [(1, 3), (1, 1)]
    assert ratelimits.count_events(events) == [(2, 3), (2, 1)]
    # Another group or value is another counter.
    assert ratelimits.count_events([("a", "z", "3/h")]) == [(1, 3)]


def test_counters_expire_with_their_window(redis_cache):
    ratelimits.count_events([("w", "v", "5/m")])
    client = redis_cache._cache.get_client()
    [key] = [key for key in client.keys("*") if b":rl2:w:" in key]
    assert 0 < client.ttl(key) <= 65


def test_other_caches_count_the_same_way(settings):
    events = [("a", "x", "3/h"), ("b", "y", "1/m")]
    assert ratelimits.count_events(events) == [(1, 3), (1, 1)]
    assert ratelimits.count_events(events) == [(2, 3), (2, 1)]


@pytest.mark.parametrize(
    ("rate", "parsed"), [("100/h", (100, 3600)), ("5/10m", (5, 600)), ("2/d", (2, 86400))]
)
def test_rates_read_as_count_and_seconds(rate, parsed):
    assert ratelimits.split_rate(rate) == parsed


def test_a_rate_that_is_not_one_is_refused():
    with pytest.raises(ValueError, match="100/h"):
        ratelimits.split_rate("lots")
