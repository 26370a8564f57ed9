"""The checks themselves: axe-core's serious and critical findings fail with where they
are; a focus that cannot be seen fails; the skip link must come first; the screenshot
helper writes a picture at each size."""

import pytest

from tests.browser.keyboard import FocusNotVisible, skip_to_main, tab


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


def page_with(page, style: str, body: str) -> None:
    page.set_content(
        f"<!doctype html><html lang='en'><title>t</title><style>{style}</style>"
        f"<body>{body}</body></html>"
    )


def test_focus_without_an_indicator_fails(page):
    page_with(page, "button:focus { outline: none; }", "<button>Go</button>")
    with pytest.raises(FocusNotVisible, match="'Go' shows no outline or box-shadow"):
        tab(page)


def test_a_focus_outline_too_faint_for_its_background_fails(page):
    style = "nav { background: #0f1b2d; } a:focus-visible { outline: 3px solid #1d4ed8; }"
    page_with(page, style, "<nav><a href='#x'>News</a></nav>")
    with pytest.raises(FocusNotVisible, match=r"outline of <a> 'News' contrasts only 2\.\d:1"):
        tab(page)


def test_a_contrasting_outline_or_box_shadow_passes(page):
    style = (
        "nav { background: #0f1b2d; } a:focus-visible { outline: 3px solid #ffd23f; }"
        "button:focus { outline: none; box-shadow: 0 0 0 3px #1d4ed8; }"
    )
    page_with(page, style, "<nav><a href='#x'>News</a></nav><button>Go</button>")
    assert tab(page)["indicator"]["kind"] == "outline"
    assert tab(page)["indicator"]["kind"] == "box-shadow"


def test_the_first_tab_must_reach_a_skip_link(page):
    page_with(page, "", "<a href='/news/'>News</a><main id='main' tabindex='-1'>Hi</main>")
    with pytest.raises(AssertionError, match="should reach a 'Skip to main content' link"):
        skip_to_main(page)
    page_with(
        page,
        "",
        "<a href='#main'>Skip to main content</a><a href='/news/'>News</a>"
        "<main id='main' tabindex='-1'><a href='/x'>In main</a></main>",
    )
    skip_to_main(page)
    assert tab(page)["text"] == "In main"
