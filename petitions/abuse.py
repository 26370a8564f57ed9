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
from dataclasses import dataclass

from django.conf import settings
from django.utils.crypto import salted_hmac

from cms.ratelimits import count_event, ip_network_key, over, split_rate


class Verdict(enum.Enum):
    ACCEPT = "accept"
    FLAG = "flag"
    DROP = "drop"


@dataclass(frozen=True)
class Screening:
    verdict: Verdict
    reason: str = ""


def ip_hash(ip: str) -> str:
    """A keyed hash of an address: comparable between signatures, not reversible
    without the key (PETITION_IP_HASH_KEY, else derived from SECRET_KEY)."""
    return salted_hmac(
        "petitions.ip", ip_network_key(ip), secret=settings.PETITION_IP_HASH_KEY or None
    ).hexdigest()[:32]


def _ip_verdict(network: str) -> Verdict:
    """One counter per address answers both questions when the two rates share a
    period (the default): a round trip to the cache saved on every signature."""
    hard, flag = settings.PETITION_RATE_LIMIT_IP, settings.PETITION_FLAG_IP
    hard_limit, hard_period = split_rate(hard)
    flag_limit, flag_period = split_rate(flag)
    if hard_period == flag_period:
        events, _ = count_event("petitions.sign.ip", network, hard)
        if events > hard_limit:
            return Verdict.DROP
        return Verdict.FLAG if events > flag_limit else Verdict.ACCEPT
    if over("petitions.sign.ip", network, hard):
        return Verdict.DROP
    return Verdict.FLAG if over("petitions.flag.ip", network, flag) else Verdict.ACCEPT


def screen_signing(*, ip: str, email_key: str, email_domain: str) -> Screening:
    """Decide what to do with one signing attempt, counting it against every limit."""
    network = ip_network_key(ip)
    if over("petitions.sign.email", email_key, settings.PETITION_RATE_LIMIT_EMAIL):
        return Screening(Verdict.DROP, "too many attempts with this email address")
    verdict = _ip_verdict(network)
    if verdict is Verdict.DROP:
        return Screening(Verdict.DROP, "too many attempts from this address")
    if verdict is Verdict.FLAG:
        return Screening(Verdict.FLAG, "many signatures from one internet address")
    if email_domain not in settings.PETITION_FLAG_DOMAIN_EXEMPT and over(
        "petitions.flag.domain", email_domain, settings.PETITION_FLAG_DOMAIN
    ):
        return Screening(Verdict.FLAG, f"many signatures from one email domain ({email_domain})")
    return Screening(Verdict.ACCEPT)


def allow_resend(*, ip: str, email_key: str) -> bool:
    """Resending shares the per-email limit, so it cannot be used to flood an inbox."""
    if over("petitions.sign.email", email_key, settings.PETITION_RATE_LIMIT_EMAIL):
        return False
    return not over("petitions.sign.ip", ip_network_key(ip), settings.PETITION_RATE_LIMIT_IP)
