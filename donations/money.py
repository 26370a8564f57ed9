"""Amounts of money: entered as text, checked as Decimal, stored as whole minor units.

Stripe counts in the currency's smallest unit (pence, cents), and so do we: an
integer never rounds. Every currency offered here has two decimal places.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import get_format, number_format
from django.utils.translation import gettext

#: The currencies the donate page can offer, with their symbols. ISO 4217 codes, upper case.
CURRENCIES: dict[str, str] = {"GBP": "£", "EUR": "€", "USD": "$"}

#: Used when the page sets nothing for a currency: presets, minimum and maximum.
DEFAULT_PRESETS: dict[str, list[int]] = {
    "GBP": [5, 10, 25, 50],
    "EUR": [5, 10, 25, 50],
    "USD": [5, 10, 25, 50],
}
DEFAULT_MINIMUM = Decimal("2.00")
DEFAULT_MAXIMUM = Decimal("10000.00")


#: A comma followed by one or two last digits is a decimal comma; any other groups thousands.
_DECIMAL_COMMA = re.compile(r"\d,\d{1,2}\s*$")


class AmountError(ValueError):
    """Text that is not an amount of money a person could give."""


def parse_amount(text: str) -> Decimal:
    """'£25', '25.5', ' 1,000 ', '12,50' -> Decimal with two places; anything else raises AmountError."""
    cleaned = (text or "").strip()
    for symbol in CURRENCIES.values():
        cleaned = cleaned.replace(symbol, "")
    if _DECIMAL_COMMA.search(cleaned):
        # "12,50" or "1.000,50", as Spanish and German donors write: the comma is the
        # decimal point and any dot groups thousands. Read as "1250" it would charge
        # a hundred times what they meant.
        cleaned = cleaned.replace(".", "").replace(",", ".").strip()
    else:
        cleaned = cleaned.replace(",", "").strip()
    if not cleaned:
        raise AmountError(gettext("Enter an amount."))
    if cleaned.startswith("-"):
        raise AmountError(gettext("Enter an amount above zero."))
    if re.fullmatch(r"\d*\.\d{3,}", cleaned):
        raise AmountError(
            gettext("Enter the amount in whole pence or cents (at most two decimal places).")
        )
    # Plain digits only: no exponents ('1e9'), no 'NaN' or 'Infinity', nothing absurdly long.
    if not re.fullmatch(r"(\d{1,9}(\.\d{1,2})?|\.\d{1,2})", cleaned):
        raise AmountError(gettext("Enter the amount as a number, like 25 or 12.50."))
    try:
        return Decimal(cleaned).quantize(Decimal("0.01"))
    except InvalidOperation as error:  # pragma: no cover - the pattern above rules it out
        raise AmountError(gettext("Enter the amount as a number, like 25 or 12.50.")) from error


def to_minor(amount: Decimal) -> int:
    return int((amount * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def from_minor(minor: int) -> Decimal:
    return (Decimal(minor) / 100).quantize(Decimal("0.01"))


def format_money(minor: int, currency: str) -> str:
    """1050, 'GBP' -> '£10.50'; whole amounts lose their '.00' ('£10').

    Written as the active language writes numbers: in Spanish or German, whose
    decimal separator is a comma, 1050 EUR is '10,50 €' and 1000000 USD '10.000 $'.
    """
    value = from_minor(abs(minor))
    decimal_separator = get_format("DECIMAL_SEPARATOR")
    text = number_format(value, decimal_pos=2, force_grouping=True)
    if text.endswith(f"{decimal_separator}00"):
        text = text[: -len(decimal_separator) - 2]
    sign = "-" if minor < 0 else ""
    code = currency.upper()
    if decimal_separator == ",":
        return f"{sign}{text}\u00a0{CURRENCIES.get(code, code)}"
    symbol = CURRENCIES.get(code, code + " ")
    return f"{sign}{symbol}{text}"
