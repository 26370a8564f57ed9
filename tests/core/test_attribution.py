"""First-touch attribution: what a visitor's campaign tags and referral code become."""

import pytest
from django.http import QueryDict
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from core.attribution import (
    CODE_LENGTH,
    attribution_clean,
    attribution_from_address,
    clean_code,
    new_share_code,
)


def test_codes_are_short_random_and_typeable():
    codes = {new_share_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(code) == CODE_LENGTH and clean_code(code) == code for code in codes)
    assert not any(set(code) & set("0o1li") for code in codes)


def test_plain_values_are_kept_and_odd_ones_dropped():
    data = QueryDict(mutable=True)
    data.update(
        {
            "utm_source": "  newsletter ",
            "utm_medium": "email\n\x00",  # control characters: dropped
            "utm_campaign": "x" * 500,  # over-long: cut to fit
            "referral_code": "ABCDEFGHJK",  # typed in capitals
        }
    )
    cleaned = attribution_clean(data)
    assert cleaned["utm_source"] == "newsletter"
    assert cleaned["utm_medium"] == "email"
    assert cleaned["utm_campaign"] == "x" * 100
    assert cleaned["referral_code"] == "abcdefghjk"
    bad = attribution_clean({"utm_source": "<script>", "referral_code": "../../etc"})
    assert bad == {"utm_source": "", "utm_medium": "", "utm_campaign": "", "referral_code": ""}


@given(st.dictionaries(st.sampled_from(["utm_source", "utm_medium", "utm_campaign",
                                        "referral_code"]), st.text()))  # fmt: skip
def test_any_input_gives_short_clean_strings(data):
    cleaned = attribution_clean(data)
    assert set(cleaned) == {"utm_source", "utm_medium", "utm_campaign", "referral_code"}
    for field, value in cleaned.items():
        assert isinstance(value, str) and len(value) <= 100
        assert "<" not in value and "\n" not in value
        if field == "referral_code":
            assert value == "" or clean_code(value) == value


@pytest.mark.parametrize(
    "path, referrer, expected_source",
    [
        ("/sign/?utm_source=partner&ref=abcdefghjk", "", "partner"),
        ("/sign/", "http://testserver/petition/?utm_source=partner&ref=abcdefghjk", "partner"),
        # Another site's address says nothing about where the visitor came from here.
        ("/sign/", "http://elsewhere.example/?utm_source=partner&ref=abcdefghjk", ""),
    ],
)
def test_an_uncached_page_reads_its_own_address_or_the_page_before(path, referrer, expected_source):
    request = (
        RequestFactory().get(path, HTTP_REFERER=referrer)
        if referrer
        else RequestFactory().get(path)
    )
    found = attribution_from_address(request)
    assert found["utm_source"] == expected_source
    assert found["referral_code"] == ("abcdefghjk" if expected_source else "")
