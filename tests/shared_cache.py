"""The real Redis for tests of counters that production keeps there (rate limits).

The suite's own cache is per-process memory, which hides what only Redis shows
(two key spaces that memory happened to merge, expiry, pipelining). Tests that
count take `rate_limit_cache`, which runs them once on memory and once on Redis at
REDIS_URL (default redis://127.0.0.1:6379/13). Without a Redis they are skipped
locally and fail under CI, where .ci/run starts one.

Each test writes under a key prefix of its own and deletes only those keys, so
parallel workers (pytest -n) and other users of the same Redis database never see
each other's counters.
"""

from __future__ import annotations

import os
import uuid

import pytest
import redis
from django.core.cache import caches

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/13"


def require_redis() -> None:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        message = f"no Redis at {REDIS_URL} ({error})"
        if os.environ.get("CI"):
            pytest.fail(f"CI runs the rate-limit tests on Redis: {message}")
        pytest.skip(message)


@pytest.fixture
def redis_cache(settings):
    """The default cache on Redis, under a key prefix of this test's own."""
    require_redis()
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        },
    }
    yield caches["default"]
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture(params=["memory", "redis"])
def rate_limit_cache(request):
    """The default cache, once as the suite's memory and once on the real Redis."""
    if request.param == "redis":
        return request.getfixturevalue("redis_cache")
    return caches["default"]
