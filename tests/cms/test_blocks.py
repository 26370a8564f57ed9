"""Block rules editors meet in the admin."""

import pytest
from wagtail.blocks.struct_block import StructBlockValidationError

from cms.blocks import CallToActionBlock, LinkBlock, SocialLinkBlock

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"page": None, "url": ""}, "Choose a page or enter an address, not both."),
        (
            {"page": None, "url": "javascript:alert(1)"},
            "Start the address with https://, http://, / or mailto:.",
        ),
        ({"page": None, "url": "petition"}, "Start the address with"),
    ],
)
def test_link_needs_exactly_one_safe_target(value, message):
    block = LinkBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python(value))
    assert message in str(error.value.block_errors["url"])


def test_link_to_a_page_or_an_address(site_tree):
    block = LinkBlock()
    assert block.clean(block.to_python({"page": None, "url": "/petition/"})).href == "/petition/"
    by_page = block.clean(block.to_python({"page": site_tree["news_index"].pk, "url": ""}))
    assert by_page.href == "/news/"
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"page": site_tree["news_index"].pk, "url": "/news/"}))


def test_call_to_action_renders_its_link():
    block = CallToActionBlock()
    value = block.to_python(
        {
            "heading": "Act now",
            "text": "",
            "button_label": "Sign",
            "link": {"page": None, "url": "/petition/"},
        }
    )
    html = block.render(value)
    assert 'href="/petition/"' in html and "Act now" in html


def test_social_link_label_falls_back_to_the_network_name():
    block = SocialLinkBlock()
    assert (
        block.to_python(
            {"network": "bluesky", "url": "https://example.org/", "label": ""}
        ).display_label
        == "Bluesky"
    )
    assert (
        block.to_python(
            {"network": "other", "url": "https://example.org/", "label": "Our blog"}
        ).display_label
        == "Our blog"
    )
