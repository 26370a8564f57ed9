"""The accessibility check itself: it finds what axe-core calls serious or critical, says
where, and the screenshot helper writes a picture at each size."""

import pytest


def test_a_serious_violation_fails_with_its_rule_selector_and_help(page, assert_accessible):
    page.set_content(
        "<!doctype html><html lang='en'><title>t</title>"
        "<main><img src='data:,' id='chart'><button id='go'></button></main></html>"
    )
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page, "a page with an unlabelled image and button")
    message = str(failure.value)
    assert "[critical] image-alt" in message
    assert "#chart" in message
    assert "button-name" in message and "#go" in message
    assert "https://dequeuniversity.com/rules/axe/" in message


def test_a_clean_page_passes(page, assert_accessible):
    page.set_content(
        "<!doctype html><html lang='en'><head><title>Fine</title></head>"
        "<body><main><h1>Fine</h1><img src='data:,' alt='A chart'></main></body></html>"
    )
    assert_accessible(page)


def test_screenshots_at_desktop_and_phone_sizes(page, screenshot):
    page.set_content("<!doctype html><html lang='en'><title>t</title><p>Hello</p></html>")
    paths = screenshot(page, "hello", full_page=False)
    assert [path.name for path in paths] == ["hello-desktop.png", "hello-phone.png"]
    from PIL import Image

    assert [Image.open(path).size for path in paths] == [(1280, 800), (390, 844)]
    assert page.viewport_size == {"width": 1280, "height": 900}
