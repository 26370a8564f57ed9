"""Gift Aid: a UK taxpayer lets the charity claim 25p from HMRC on every £1 they give.

To claim, the charity must hold a declaration from the donor: their full name,
their home address (HMRC's claim schedule asks only for the house name or number
and the postcode, but the declaration must carry the address), the wording the
donor agreed to and the date. HMRC can ask to see declarations for six years
after the end of the accounting period of the last claim they cover, so they are
kept even when the donor asks to be erased.

Only donations in pounds sterling from UK taxpayers qualify.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The wording donors see, with the charity's name filled in. A declaration records
#: the filled-in text in core's store of consent wordings (core/consent.py), which
#: gives each new text its own version, so changing the wording never changes what
#: an earlier donor agreed to.
DECLARATION_TEXT = (
    "I am a UK taxpayer. I want {charity} to treat this donation, any donation I make "
    "in the future and any donation I have made in the past four years as a Gift Aid "
    "donation. I understand that if I pay less Income Tax and/or Capital Gains Tax in a "
    "tax year than the Gift Aid claimed on all my donations in that year, it is my "
    "responsibility to pay the difference."
)
ELIGIBLE_CURRENCY = "GBP"

# The shape of a UK postcode: outward code (area letters, district digits,
# optional letter) and inward code (digit, two letters). GIR 0AA is the one oddity.
POSTCODE_RE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2})$")
# HMRC's schedule rejects digits and most punctuation in names.
NAME_RE = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿ' .-]+$")

TITLE_MAX = 4
NAME_MAX = 35
HOUSE_MAX = 40


def declaration_text(*, charity: str) -> str:
    """The declaration as a donor giving to `charity` sees it, and as it is recorded."""
    return DECLARATION_TEXT.format(charity=charity)


def normalise_postcode(value: str) -> str:
    """' sw1a1aa ' -> 'SW1A 1AA': upper case, one space before the last three characters."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


def is_uk_postcode(value: str) -> bool:
    return bool(POSTCODE_RE.match(normalise_postcode(value)))


def house_name_or_number(address: str) -> str:
    """The first line of a home address as HMRC's schedule wants it: '12 High Street' -> '12'.

    A number at the start of the first line is the house number; otherwise the
    whole first line is taken as the house name (cut to 40 characters).
    """
    first_line = (address or "").strip().splitlines()[0].strip() if address.strip() else ""
    match = re.match(r"^(\d+[A-Za-z]?(?:-\d+[A-Za-z]?)?)\b", first_line)
    if match:
        return match.group(1)
    return first_line.split(",")[0].strip()[:HOUSE_MAX]


@dataclass(frozen=True)
class ClaimRow:
    """One line of HMRC's Gift Aid schedule of donations."""

    title: str
    first_name: str
    last_name: str
    house: str
    postcode: str
    aggregated: str
    sponsored: str
    date: str
    amount: str
    # Which payment the line claims (not one of HMRC's columns).
    payment_id: int = 0

    HEADINGS = (
        "Title",
        "First name",
        "Last name",
        "House name or number",
        "Postcode",
        "Aggregated donations",
        "Sponsored yes/blank",
        "Donation date (DD/MM/YY)",
        "Amount",
    )

    def as_list(self) -> list[str]:
        return [
            self.title,
            self.first_name,
            self.last_name,
            self.house,
            self.postcode,
            self.aggregated,
            self.sponsored,
            self.date,
            self.amount,
        ]
