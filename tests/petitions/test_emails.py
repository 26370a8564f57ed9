import pytest

from petitions.emails import email_domain, email_key


@pytest.mark.parametrize(
    "typed",
    [
        "ann@example.org",
        "Ann@Example.ORG",
        "  ann@example.org \n",
        "ann+petition@example.org",
        "ANN+Other.Tag@example.org.",
        "ａｎｎ@example.org",  # full-width letters fold to ASCII (NFKC)
    ],
)
def test_ways_of_writing_one_address_share_a_key(typed):
    assert email_key(typed) == "ann@example.org"


def test_different_people_keep_different_keys():
    assert email_key("ann@example.org") != email_key("anne@example.org")
    assert email_key("ann@example.org") != email_key("ann@example.com")


def test_an_address_that_is_only_a_tag_is_kept_whole():
    assert email_key("+tag@example.org") == "+tag@example.org"


def test_internationalised_domains_compare_in_ascii():
    assert email_key("ann@BÜCHER.de") == email_key("ann@xn--bcher-kva.de")
    assert email_domain("ann@Bücher.de") == "xn--bcher-kva.de"
