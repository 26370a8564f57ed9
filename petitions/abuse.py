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

Counters live in the shared cache (Redis in production; see cms/ratelimits.py), so
the limits hold across processes and hosts.
Addresses are only ever stored as keyed hashes.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.conf import settings
from django.utils.crypto import salted_hmac

from cms.ratelimits import count_events, ip_network_key, split_rate


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


def screen_signing(*, ip: str, email_key: str, email_domain: str) -> Screening:
    """Decide what to do with one signing attempt, counting it against every limit.

    Every attempt counts against all of them at once (one round trip to the cache):
    the email's limit, the address's hard limit and flood threshold, and the email
    domain's flood threshold (big providers excepted).
    """
    network = ip_network_key(ip)
    email_rate, hard_rate = settings.PETITION_RATE_LIMIT_EMAIL, settings.PETITION_RATE_LIMIT_IP
    flag_rate, domain_rate = settings.PETITION_FLAG_IP, settings.PETITION_FLAG_DOMAIN
    same_window = split_rate(hard_rate)[1] == split_rate(flag_rate)[1]
    events = [
        ("petitions.sign.email", email_key, email_rate),
        ("petitions.sign.ip", network, hard_rate),
    ]
    if not same_window:
        events.append(("petitions.flag.ip", network, flag_rate))
    check_domain = email_domain not in settings.PETITION_FLAG_DOMAIN_EXEMPT
    if check_domain:
        events.append(("petitions.flag.domain", email_domain, domain_rate))
    counts = count_events(events)
    (email_count, email_limit), (ip_count, ip_limit) = counts[0], counts[1]
    if email_count > email_limit > 0:
        return Screening(Verdict.DROP, "too many attempts with this email address")
    if ip_count > ip_limit > 0:
        return Screening(Verdict.DROP, "too many attempts from this address")
    # One counter per address answers both questions when the two rates share a period.
    flag_count, flag_limit = (ip_count, split_rate(flag_rate)[0]) if same_window else counts[2]
    if flag_count > flag_limit > 0:
        return Screening(Verdict.FLAG, "many signatures from one internet address")
    if check_domain:
        domain_count, domain_limit = counts[-1]
        if domain_count > domain_limit > 0:
            return Screening(
                Verdict.FLAG, f"many signatures from one email domain ({email_domain})"
            )
    return Screening(Verdict.ACCEPT)


def allow_resend(*, ip: str, email_key: str) -> bool:
    """Resending counts on signing's own counters (per email, per address), so it
    cannot be used to flood an inbox past the limit signing keeps."""
    counts = count_events(
        [
            ("petitions.sign.email", email_key, settings.PETITION_RATE_LIMIT_EMAIL),
            ("petitions.sign.ip", ip_network_key(ip), settings.PETITION_RATE_LIMIT_IP),
        ]
    )
    return not any(count > limit > 0 for count, limit in counts)
