"""Keeping bots and floods out of the count without turning people away.

Three lines of defence, all answered with the same page so a bot learns nothing:

- a honeypot field people never see (forms.py); a submission that fills it is
  dropped;
- hard rate limits per address and per email (PETITION_RATE_LIMIT_*), beyond
  which a submission is dropped: they stop a script, and are generous enough for
  a library or a hospital signing from one address;
- flood thresholds per address and per email domain (PETITION_FLAG_*), beyond
  which signatures are still stored but *flagged*: held out of the count until an
  editor clears or invalidates them in bulk.

Counters live in the shared cache (Redis in production; django-ratelimit's fixed
windows with atomic increments), so the limits hold across processes and hosts.
Addresses are only ever stored as keyed hashes.
"""

from __future__ import annotations

import enum
import ipaddress
import re
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils.crypto import salted_hmac
from django_ratelimit.core import get_usage


class Verdict(enum.Enum):
    ACCEPT = "accept"
    FLAG = "flag"
    DROP = "drop"


@dataclass(frozen=True)
class Screening:
    verdict: Verdict
    reason: str = ""


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


def ip_hash(ip: str) -> str:
    """A keyed hash of an address: comparable between signatures, not reversible
    without the key (PETITION_IP_HASH_KEY, else derived from SECRET_KEY)."""
    return salted_hmac(
        "petitions.ip", ip_network_key(ip), secret=settings.PETITION_IP_HASH_KEY or None
    ).hexdigest()[:32]


RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _split_rate(rate: str) -> tuple[int, int]:
    """ "100/h" → (100, 3600); "5/10m" → (5, 600)."""
    match = RATE.match(rate)
    if match is None:
        raise ValueError(f"Not a rate like 100/h: {rate!r}")
    count, multiple, period = match.groups()
    return int(count), int(multiple or 1) * PERIOD_SECONDS[period]


def _count(group: str, value: str, rate: str) -> tuple[int, int]:
    """Count one more event in `rate`'s window; return (events so far, limit)."""
    usage = get_usage(
        None, group=group, key=lambda _group, _request: value, rate=rate, increment=True
    )
    if usage is None:  # the cache could not count (RATELIMIT_FAIL_OPEN): let it through
        return 0, 0
    return usage["count"], usage["limit"]


def _over(group: str, value: str, rate: str) -> bool:
    count, limit = _count(group, value, rate)
    return count > limit > 0


def _ip_verdict(network: str) -> Verdict:
    """One counter per address answers both questions when the two rates share a
    period (the default): a round trip to the cache saved on every signature."""
    hard, flag = settings.PETITION_RATE_LIMIT_IP, settings.PETITION_FLAG_IP
    hard_limit, hard_period = _split_rate(hard)
    flag_limit, flag_period = _split_rate(flag)
    if hard_period == flag_period:
        count, _ = _count("petitions.sign.ip", network, hard)
        if count > hard_limit:
            return Verdict.DROP
        return Verdict.FLAG if count > flag_limit else Verdict.ACCEPT
    if _over("petitions.sign.ip", network, hard):
        return Verdict.DROP
    return Verdict.FLAG if _over("petitions.flag.ip", network, flag) else Verdict.ACCEPT


def screen_signing(*, ip: str, email_key: str, email_domain: str) -> Screening:
    """Decide what to do with one signing attempt, counting it against every limit."""
    network = ip_network_key(ip)
    if _over("petitions.sign.email", email_key, settings.PETITION_RATE_LIMIT_EMAIL):
        return Screening(Verdict.DROP, "too many attempts with this email address")
    verdict = _ip_verdict(network)
    if verdict is Verdict.DROP:
        return Screening(Verdict.DROP, "too many attempts from this address")
    if verdict is Verdict.FLAG:
        return Screening(Verdict.FLAG, "many signatures from one internet address")
    if email_domain not in settings.PETITION_FLAG_DOMAIN_EXEMPT and _over(
        "petitions.flag.domain", email_domain, settings.PETITION_FLAG_DOMAIN
    ):
        return Screening(Verdict.FLAG, f"many signatures from one email domain ({email_domain})")
    return Screening(Verdict.ACCEPT)


def allow_resend(*, ip: str, email_key: str) -> bool:
    """Resending shares the per-email limit, so it cannot be used to flood an inbox."""
    if _over("petitions.sign.email", email_key, settings.PETITION_RATE_LIMIT_EMAIL):
        return False
    return not _over("petitions.sign.ip", ip_network_key(ip), settings.PETITION_RATE_LIMIT_IP)
