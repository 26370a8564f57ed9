"""The registration form on a phone: organisation first, then the account, and nothing
wider than the screen (no sideways scrolling), before and after errors."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH = 390


@pytest.fixture
def screenshots(tmp_path) -> Path:
    directory = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path) / "register_form"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _wider_than_the_screen(page) -> list[str]:
    """The elements that reach past the viewport's right edge, to name the culprit."""
    return page.evaluate(
        """(width) => Array.from(document.querySelectorAll('body *'))
            .filter((el) => el.getBoundingClientRect().right > width + 1)
            .map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                 + (el.className && typeof el.className === 'string' ? '.' + el.className : ''))
            .slice(0, 10)""",
        WIDTH,
    )


def test_registration_asks_about_the_organisation_first_and_fits_a_phone(
    browser, live_server, site_tree, screenshots
):
    context = browser.new_context(viewport={"width": WIDTH, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/supporters/register/")

    legends = page.locator("form.stacked-form legend").all_inner_texts()
    assert legends == ["Your organisation", "About you", "Your account"]
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, _wider_than_the_screen(
        page
    )
    page.screenshot(path=screenshots / f"register-{WIDTH}.png", full_page=True)

    page.get_by_role("button", name="Register support").click()
    summary = page.locator(".error-summary").first
    expect(summary).to_contain_text("Enter your organisation's name.")
    expect(page.locator("body")).not_to_contain_text("This field is required")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, _wider_than_the_screen(
        page
    )
    page.screenshot(path=screenshots / f"register-errors-{WIDTH}.png", full_page=True)
    context.close()
