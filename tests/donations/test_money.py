"""Amounts typed by donors: a clear error for anything that is not money, never a crash."""

from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from donations.money import AmountError, format_money, parse_amount, to_minor


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25", "25.00"),
        ("£25.5", "25.50"),
        (" 1,000 ", "1000.00"),
        ("€0.75", "0.75"),
        (".5", "0.50"),
        # A decimal comma, as Spanish and German donors write amounts.
        ("12,50", "12.50"),
        ("€ 7,5", "7.50"),
        ("1.000,50", "1000.50"),
        ("1,000,000", "1000000.00"),
    ],
)
def test_amounts_people_type(text, expected):
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter an amount"),
        ("ten", "as a number"),
        ("1e9", "as a number"),
        ("1e999", "as a number"),
        ("NaN", "as a number"),
        ("Infinity", "as a number"),
        ("-5", "above zero"),
        ("10.005", "two decimal places"),
        ("9" * 40, "as a number"),
    ],
)
def test_what_is_not_money_is_refused_with_a_reason(text, message):
    with pytest.raises(AmountError, match=message):
        parse_amount(text)


@given(st.text(max_size=30))
def test_any_text_gives_an_amount_or_an_amount_error(text):
    try:
        value = parse_amount(text)
    except AmountError:
        return
    assert value >= 0 and value == value.quantize(Decimal("0.01"))
    assert to_minor(value) == int(value * 100)


def test_money_is_shown_as_people_write_it():
    assert format_money(2500, "GBP") == "£25"
    assert format_money(1250, "EUR") == "€12.50"
    assert format_money(1_000_000, "USD") == "$10,000"


def test_money_is_shown_as_each_language_writes_it():
    with translation.override("de"):
        assert format_money(1250, "EUR") == "12,50\u00a0€"
        assert format_money(1_000_000, "USD") == "10.000\u00a0$"
    with translation.override("es"):
        assert format_money(2500, "GBP") == "25\u00a0£"
    assert format_money(-1250, "EUR") == "-€12.50"
