"""Keeping bots and floods out of the count without losing a real signer.

A hospital, a university or a library can put hundreds of people behind one
internet address in an hour, so nothing short of a ceiling that protects the
database turns a signer away. The lines of defence, all answered with the same
page so a bot learns nothing:

- a honeypot field people never see (forms.py): a submission that fills it is
  dropped;
- flood thresholds per address and per email domain (PETITION_FLAG_IP,
  PETITION_FLAG_DOMAIN): beyond them a signature is stored *flagged*, held out
  of the count until an editor accepts or invalidates it. Its confirmation email
  still goes out at once: the threshold doubts the crowd, not the person, and
  the email volume is already bounded by the limits below;
- limits per address and per email (PETITION_RATE_LIMIT_IP, _EMAIL): they bound
  how much mail one address can make the site send, and to one inbox. Beyond
  them a new signature is stored flagged *and* `confirmation_held`: no email
  goes out until an editor accepts it, when its confirmation link is sent (once).
  So a script cannot use the site to mail strangers, and no signer is lost. An
  attempt beyond them with an address that has signed sends no "already signed"
  notice either;
- a ceiling per address (PETITION_IP_CEILING, far above the limits): beyond it
  attempts are refused and stored nowhere, so a flood cannot fill the database.
  What it refuses is counted in the shared cache (never as rows) for the
  editors' dashboard: attempts and addresses in the last hour.

Counters live in the shared cache (Redis in production; see core/ratelimits.py),
so the limits hold across processes and hosts; resending a link counts on the
same per-email and per-address counters as signing. Addresses are only ever
stored as keyed hashes.
"""

from __future__ import annotations

import enum
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

from core.ratelimits import count_events, ip_network_key, split_rate

logger = logging.getLogger(__name__)


class Verdict(enum.Enum):
    ACCEPT = "accept"
    FLAG = "flag"  # stored, held out of the count, emailed at once
    HOLD = "hold"  # stored, held out of the count, emailed only once accepted
    REFUSE = "refuse"  # stored nowhere (the ceiling)


@dataclass(frozen=True)
class Screening:
    verdict: Verdict
    reason: str = ""


HELD_FOR_REVIEW = "held for review"


def ip_hash(ip: str) -> str:
    """A keyed hash of an address: comparable between signatures, not reversible
    without the key (PETITION_IP_HASH_KEY, else derived from SECRET_KEY)."""
    return salted_hmac(
        "petitions.ip", ip_network_key(ip), secret=settings.PETITION_IP_HASH_KEY or None
    ).hexdigest()[:32]


def _over(count: int, rate: str) -> bool:
    limit = split_rate(rate)[0]
    return count > limit > 0


def screen_signing(*, ip: str, email_key: str, email_domain: str) -> Screening:
    """Decide what to do with one signing attempt, counting it against every limit.

    Every attempt counts against all of them at once (one round trip to the cache):
    the email's limit, the address's ceiling, limit and flood threshold (one counter
    per period: over one hour, all three are questions about one count), and the
    email domain's flood threshold (big providers excepted).
    """
    network = ip_network_key(ip)
    ceiling, limit = settings.PETITION_IP_CEILING, settings.PETITION_RATE_LIMIT_IP
    flood, domain_flood = settings.PETITION_FLAG_IP, settings.PETITION_FLAG_DOMAIN
    address_rates: dict[int, str] = {}
    for rate in (ceiling, limit, flood):
        address_rates.setdefault(split_rate(rate)[1], rate)
    events = [("petitions.sign.email", email_key, settings.PETITION_RATE_LIMIT_EMAIL)]
    events += [("petitions.sign.ip", network, rate) for rate in address_rates.values()]
    check_domain = email_domain not in settings.PETITION_FLAG_DOMAIN_EXEMPT
    if check_domain:
        events.append(("petitions.flag.domain", email_domain, domain_flood))
    counts = [count for count, _limit in count_events(events)]
    by_period = dict(zip(address_rates, counts[1 : 1 + len(address_rates)], strict=True))

    def address_over(rate: str) -> bool:
        return _over(by_period[split_rate(rate)[1]], rate)

    if address_over(ceiling):
        refusal_record(network=network)
        return Screening(Verdict.REFUSE, "over the ceiling for one internet address")
    if _over(counts[0], settings.PETITION_RATE_LIMIT_EMAIL):
        return Screening(Verdict.HOLD, f"past the limit for one email address: {HELD_FOR_REVIEW}")
    if address_over(limit):
        return Screening(
            Verdict.HOLD, f"past the limit for one internet address: {HELD_FOR_REVIEW}"
        )
    if address_over(flood):
        return Screening(Verdict.FLAG, "many signatures from one internet address")
    if check_domain and _over(counts[-1], domain_flood):
        return Screening(Verdict.FLAG, f"many signatures from one email domain ({email_domain})")
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


# --- What the ceiling refused, for the dashboard ------------------------------------------

#: Refusals are counted per minute; the dashboard adds up the last hour's minutes.
REFUSAL_MINUTES = 60


@dataclass(frozen=True)
class Refusals:
    attempts: int
    addresses: int


def _refusal_key(kind: str, minute: int) -> str:
    return f"petitions:refused:{kind}:{minute}"


def refusal_record(*, network: str, now: float | None = None) -> None:
    """Count one attempt the ceiling refused, and its address if it is new this hour.

    In the shared cache only: under attack, writing a row per refusal would be the
    very load the ceiling is there to stop. An address counts once an hour (a
    marker that lives an hour), so "addresses" is the number of addresses the
    ceiling started refusing within the hour.
    """
    minute = int((time.time() if now is None else now) // 60)
    lifetime = (REFUSAL_MINUTES + 2) * 60
    try:
        kinds = ["attempts"]
        if cache.add(f"petitions:refused:seen:{ip_hash(network)}", 1, REFUSAL_MINUTES * 60):
            kinds.append("addresses")
        for kind in kinds:
            key = _refusal_key(kind, minute)
            cache.add(key, 0, lifetime)
            cache.incr(key)
    except Exception:  # noqa: BLE001 - a figure for the dashboard is not worth an error
        logger.warning("A refused signing attempt was not counted", exc_info=True)


def refusals_in_last_hour(*, now: float | None = None) -> Refusals:
    """Attempts the ceiling refused in the last hour, and from how many addresses."""
    minute = int((time.time() if now is None else now) // 60)
    minutes = range(minute - REFUSAL_MINUTES + 1, minute + 1)
    keys = [_refusal_key(kind, m) for kind in ("attempts", "addresses") for m in minutes]
    try:
        found = cache.get_many(keys)
    except Exception:  # noqa: BLE001
        logger.warning("Refused signing attempts could not be read", exc_info=True)
        found = {}
    attempts = sum(int(found.get(_refusal_key("attempts", m), 0)) for m in minutes)
    addresses = sum(int(found.get(_refusal_key("addresses", m), 0)) for m in minutes)
    return Refusals(attempts=attempts, addresses=addresses)
