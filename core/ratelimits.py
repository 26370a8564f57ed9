"""Who is asking, and how often: the one counter behind every public form's limits.

Every limit in the project (signing and resending on petitions, sign-ups for
updates, starting a donation) counts here, in one key scheme: a counter per
(group, value, period, window) in the shared cache (Redis in production), in
fixed windows aligned to the clock and incremented atomically, so a limit holds
across processes and hosts. Two callers that count the same group and value over
the same period count on the *same* counter, whatever their limits: signing and
resending share the per-email limit, and a per-address hard limit and flood
threshold over one hour are two questions about one count.

`count_events` counts several events at once; on Redis that is one round trip (a
signing checks four or five limits; one trip instead of eight was a fifth of its
cost): one small script that increments every counter and starts the expiry of
the new ones, on a client each cache backend keeps (building a Redis client for
every call, as the cache's own methods do, was another tenth of a signature).
`over` asks about one limit.

A limit applies to one IPv4 address or one IPv6 /64 (one household or office), and
X-Forwarded-For is believed only as far as TRUSTED_PROXY_COUNT of our own proxies.
If the cache is down, RATELIMIT_FAIL_OPEN (on) lets everyone through rather than
turn every signer away.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import re
import time
from collections.abc import Sequence

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest

logger = logging.getLogger(__name__)


def client_ip(request: HttpRequest) -> str:
    """The visitor's address, trusting X-Forwarded-For only from our own proxies."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104


def ip_network_key(ip: str) -> str:
    """The unit a limit applies to: one IPv4 address, or one IPv6 /64 (one household)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def split_rate(rate: str) -> tuple[int, int]:
    """Parse a rate: "100/h" is (100, 3600), "5/10m" is (5, 600)."""
    match = RATE.match(rate)
    if match is None:
        raise ValueError(f"Not a rate like 100/h: {rate!r}")
    limit, multiple, period = match.groups()
    return int(limit), int(multiple or 1) * PERIOD_SECONDS[period]


def _counter_key(group: str, value: str, period: int, now: int) -> str:
    """One counter per group, value and window; the value (an address, an email) only
    as a digest, so the cache holds no personal data in its keys."""
    digest = hashlib.sha256(f"{group}:{value}".encode()).hexdigest()[:32]
    return f"rl:{group}:{digest}:{period}:{now // period}"


# KEYS are the counters, ARGV their lifetimes in seconds. A counter is new when its
# increment makes it 1; only then does its expiry start, so it lasts its window and a
# little more, and the script answers every count in one reply.
COUNT_SCRIPT = """
local counts = {}
for i, key in ipairs(KEYS) do
  counts[i] = redis.call('INCR', key)
  if counts[i] == 1 then redis.call('EXPIRE', key, ARGV[i]) end
end
return counts
"""
REDIS_COUNTER_ATTR = "_ratelimits_counter"


def _redis_counter(backend: RedisCache):
    """The counting script on a client of the backend's connection pool, made once per
    backend. Django keeps a backend per thread (and makes new ones when CACHES
    changes), so this lives as long as the pool it draws on and no longer."""
    counter = backend.__dict__.get(REDIS_COUNTER_ATTR)
    if counter is None:
        counter = backend._cache.get_client(write=True).register_script(COUNT_SCRIPT)
        backend.__dict__[REDIS_COUNTER_ATTR] = counter
    return counter


def _count_on_redis(backend: RedisCache, keys: list[tuple[str, int]]) -> list[int]:
    replies = _redis_counter(backend)(
        keys=[backend.make_key(key) for key, _period in keys],
        args=[period + 5 for _key, period in keys],
    )
    return [int(reply) for reply in replies]


def _count_on_other_caches(backend: BaseCache, keys: list[tuple[str, int]]) -> list[int]:
    counts = []
    for key, period in keys:
        # add() starts the window's counter (only one caller creates it) and incr() is
        # atomic on the caches that count in one place; a counter that expired between
        # the two starts again.
        backend.add(key, 0, timeout=period + 5)
        try:
            counts.append(backend.incr(key))
        except ValueError:
            backend.add(key, 1, timeout=period + 5)
            counts.append(1)
    return counts


def count_events(events: Sequence[tuple[str, str, str]]) -> list[tuple[int, int]]:
    """Count one more event against each (group, value, rate); (events so far, limit) each.

    Pass each counter once per call: two events with the same group, value and
    period are the same counter and would count twice. If the cache cannot count
    (and RATELIMIT_FAIL_OPEN is on), every answer is (0, 0): nothing is over.
    """
    backend = caches[getattr(settings, "RATELIMIT_USE_CACHE", "default")]
    now = int(time.time())
    keys, limits = [], []
    for group, value, rate in events:
        limit, period = split_rate(rate)
        keys.append((_counter_key(group, value, period, now), period))
        limits.append(limit)
    try:
        if isinstance(backend, RedisCache):
            counts = _count_on_redis(backend, keys)
        else:
            counts = _count_on_other_caches(backend, keys)
    except Exception as error:  # noqa: BLE001 - a cache outage must not stop people signing
        if getattr(settings, "RATELIMIT_FAIL_OPEN", False):
            logger.warning("Rate limits not counted (the cache failed: %s)", error)
            return [(0, 0) for _ in events]
        raise
    return list(zip(counts, limits, strict=True))


def over(group: str, value: str, rate: str) -> bool:
    """Count one more event and say whether `rate` is now exceeded."""
    [(events, limit)] = count_events([(group, value, rate)])
    return events > limit > 0
