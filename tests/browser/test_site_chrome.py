"""The site's chrome in a real browser: the header on one row at 1280 px with Sign and
Donate buttons unlike the menu's links, the phone menu opening below the header's row,
the compact widget fitting the height its embed code suggests, and the site's own
address in canonical links. Screenshots at desktop (1280) and phone (390) sizes."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo_site(live_server, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_configured"  # the Donate button shows
    settings.WAGTAILADMIN_BASE_URL = "https://campaign.example"
    call_command("load_demo_content", verbosity=0)
    return live_server.url


def _box(page, selector):
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not on screen"
    return box


def _bottom(box):
    return box["y"] + box["height"]


def _overlap(a, b) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or _bottom(a) <= b["y"]
        or _bottom(b) <= a["y"]
    )


@pytest.mark.django_db(transaction=True)
def test_desktop_header_is_one_row_with_distinct_sign_and_donate_buttons(
    demo_site, browser, tmp_path
):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(demo_site + "/")

    header = page.locator("header.site-header")
    sign = header.get_by_role("link", name="Sign the petition")
    donate = header.get_by_role("link", name="Donate")
    expect(sign).to_have_attribute("href", "/petition/")
    expect(donate).to_have_attribute("href", "/donate/")
    nav = page.get_by_role("navigation", name="Main")
    # Short labels, editors' menu titles; the buttons' pages are not listed again.
    expect(nav.get_by_role("link")).to_have_text(
        ["Why it matters", "Next steps", "News", "Supporters", "Updates", "Search"]
    )

    # One row: every item's box sits on the brand's line, and the header is one line high.
    brand = _box(page, ".brand")
    middle = brand["y"] + brand["height"] / 2
    items = [*nav.get_by_role("link").all(), sign, donate]
    for item in items:
        box = item.bounding_box()
        assert abs(box["y"] + box["height"] / 2 - middle) < 6, item.text_content()
        assert box["x"] + box["width"] <= DESKTOP["width"]
    assert _box(page, "header.site-header")["height"] < 90
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]

    # Buttons, unlike the menu's plain links: filled or outlined, and unlike each other.
    def style(locator):
        return locator.evaluate(
            "el => { const s = getComputedStyle(el); return [s.backgroundColor, s.borderTopWidth, s.borderTopColor]; }"
        )

    link_style, sign_style, donate_style = (
        style(nav.get_by_role("link").first),
        style(sign),
        style(donate),
    )
    assert sign_style[0] != "rgba(0, 0, 0, 0)" and sign_style[0] != link_style[0]
    assert donate_style[1] != "0px" and donate_style != sign_style
    # The logo is the project's own file, and it loaded.
    logo = header.locator("img.brand__logo")
    expect(logo).to_have_attribute("src", re.compile(r"/static/img/logo.*\.svg$"))
    assert logo.evaluate("img => img.naturalWidth") > 0

    # The home page shows the petition's live count and asks to sign.
    petition = page.locator("section.home-petition")
    expect(petition.locator("[data-petition-total]")).to_have_text("0")
    expect(petition.get_by_role("link", name="Sign the petition")).to_have_attribute(
        "href", "/petition/"
    )

    # The site's public address, not the host this test's server answers on.
    expect(page.locator("link[rel=canonical]")).to_have_attribute(
        "href", "https://campaign.example/"
    )
    expect(page.locator("meta[property='og:image']")).to_have_attribute(
        "content", re.compile(r"^https://campaign\.example/media/.+\.png$")
    )
    page.screenshot(path=tmp_path / "site-chrome-desktop.png", full_page=True)
    context.close()


@pytest.mark.django_db(transaction=True)
def test_phone_menu_opens_below_the_header_row_without_covering_it(demo_site, browser, tmp_path):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(demo_site + "/")

    toggle = page.get_by_role("button", name="Menu")
    menu = page.locator("#site-nav-list")
    expect(toggle).to_be_visible()
    expect(menu).to_be_hidden()
    # The calls to action stay in sight with the menu closed.
    expect(page.get_by_role("link", name="Sign the petition").first).to_be_visible()
    page.screenshot(path=tmp_path / "site-chrome-phone-closed.png")

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    brand, button = _box(page, ".brand"), _box(page, ".site-nav__toggle")
    opened, header = _box(page, "#site-nav-list"), _box(page, "header.site-header")
    actions, main = _box(page, ".site-actions"), _box(page, "main")
    assert not _overlap(brand, button)
    assert abs((brand["y"] + brand["height"] / 2) - (button["y"] + button["height"] / 2)) < 6
    # The open menu starts below the brand and the button, stays inside the header,
    # and pushes the page down instead of lying over it.
    assert opened["y"] >= max(_bottom(brand), _bottom(button))
    assert not _overlap(opened, actions)
    assert _bottom(opened) <= _bottom(header) and _bottom(actions) <= _bottom(header)
    assert main["y"] >= _bottom(header)
    for link in menu.get_by_role("link").all():
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=tmp_path / "site-chrome-phone-menu.png")

    menu.get_by_role("link", name="News").click()
    expect(page).to_have_url(re.compile(r"/news/$"))
    context.close()


@pytest.mark.django_db(transaction=True)
def test_widgets_fit_the_heights_their_embed_code_suggests(demo_site, browser, tmp_path):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(demo_site + "/petition/")
    page.get_by_text("Show the count on your website").click()
    embed = page.locator("#embed-code").input_value()
    widget_url = re.search(r'src="([^"]+)"', embed).group(1)
    full_height = int(re.search(r'height="(\d+)"', embed).group(1))
    help_text = page.locator(".petition-embed").text_content()
    compact_height = int(re.search(r"set the height to (\d+)", help_text).group(1))
    path = re.sub(r"^https?://[^/]+", "", widget_url)
    context.close()

    # A frame of that height, as wide as a phone or as a narrow sidebar.
    for query, height in (("?size=compact", compact_height), ("", full_height)):
        for width in (390, 240):
            frame = browser.new_context(viewport={"width": width, "height": height})
            widget = frame.new_page()
            widget.goto(demo_site + path + query)
            button = widget.get_by_role("link", name="Sign the petition")
            expect(button).to_be_visible()
            assert _bottom(button.bounding_box()) <= height, (query, width)
            assert widget.evaluate("document.documentElement.scrollHeight") <= height, (
                query,
                width,
            )
            assert widget.evaluate("document.documentElement.scrollWidth") <= width
            widget.screenshot(path=tmp_path / f"widget{query.replace('?size=', '-')}-{width}.png")
            frame.close()
