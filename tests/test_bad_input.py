"""Odd query strings anywhere on the public site get a page, never a server error."""

import pytest

from tests.factories import SupportersIndexPageFactory

pytestmark = pytest.mark.django_db

ODD_VALUES = ["\x00", "a\x00b", "'; DROP TABLE x; --", "%", "_", "\u202e", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "x" * 5000]


@pytest.mark.parametrize("value", ODD_VALUES)
def test_public_addresses_never_fail_on_odd_parameters(client, site_tree, value):
    supporters = SupportersIndexPageFactory(parent=site_tree["home"])
    requests = [
        ("/search/", {"q": value, "page": value}),
        (site_tree["news_index"].url, {"jurisdiction": value, "tag": value, "page": value}),
        (
            supporters.url,
            {"q": value, "letter": value, "country": value, "category": value, "page": value},
        ),
    ]
    for url, params in requests:
        assert client.get(url, params).status_code == 200, (url, params)
    assert client.get(
        "/supporters/organisations.json", {"country": value, "category": value}
    ).status_code in (200, 400)
