"""The layout in a right-to-left language and with German's long words at phone width,
and the language switcher by keyboard without JavaScript.

No demo content: a home page and a campaign page, translated into Arabic (switched on
here with one more language, as SITE_LANGUAGES="en-gb,es,de,ar" would) and German.
Screenshots at desktop and phone widths (var/screenshots/<test>/).
"""

import pytest
from wagtail.models import Locale

from tests.browser.keyboard import tab
from tests.factories import CampaignPageFactory

pytestmark = pytest.mark.django_db(transaction=True)

NARROW = {"width": 360, "height": 740}

# Elements meant to sit off-screen or as 1 px (for screen readers, bots, the skip link).
OFF_SCREEN = ".visually-hidden, .honeypot, .skip-link"

OVERFLOWING = """
(offScreen) => {
  const width = document.documentElement.clientWidth;
  const found = [];
  for (const element of document.body.querySelectorAll("*")) {
    if (element.closest(offScreen)) continue;
    const box = element.getBoundingClientRect();
    if (box.width < 2 || box.height < 2) continue;
    if (box.left < -1 || box.right > width + 1) {
      found.push(`${element.tagName.toLowerCase()}.${element.className}: ${Math.round(box.left)}..${Math.round(box.right)} of ${width}`);
    }
  }
  return found;
}
"""

GERMAN_TITLE = "Arzneimittelzulassungsverfahrensbeschleunigungsgesetz"
GERMAN_INTRO = (
    "Die Studienregistrierungsverpflichtungsdurchsetzungsverordnung verlangt "
    "Ergebnisveröffentlichungsfristeneinhaltungsnachweise von allen "
    "Forschungseinrichtungsverwaltungsräten."
)


def _translate(page, code, **fields):
    locale, _ = Locale.objects.get_or_create(language_code=code)
    copy = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy


@pytest.fixture
def pages(site_tree, settings):
    settings.LANGUAGES = [*settings.LANGUAGES, ("ar", "العربية")]
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES
    home = site_tree["home"]
    why = CampaignPageFactory(
        parent=home,
        title="Why it matters",
        slug="why-it-matters",
        intro="Half of all clinical trials never report their results.",
        show_in_menus=True,
        publish=True,
    )
    _translate(
        home,
        "ar",
        title="الرئيسية",
        slug="ar-home",
        statement="كل تجربة سريرية يجب أن تنشر نتائجها.",
    )
    arabic = _translate(
        why,
        "ar",
        title="لماذا يهم هذا",
        slug="limadha",
        intro="نصف التجارب السريرية لا تنشر نتائجها أبداً.",
    )
    _translate(home, "de", title="Startseite", slug="de-home")
    german = _translate(why, "de", title=GERMAN_TITLE, slug="warum", intro=GERMAN_INTRO)
    return {"arabic": arabic.url, "german": german.url, "english": why.url}


def _overflowing(page) -> list[str]:
    return page.evaluate(OVERFLOWING, OFF_SCREEN)


def _scrolls_sideways(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def test_a_right_to_left_page_is_laid_out_right_to_left(live_server, browser, pages, screenshot):
    assert pages["arabic"] == "/ar/limadha/"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    response = page.goto(live_server.url + pages["arabic"])
    assert response.status == 200
    assert page.locator("h1").inner_text() == "لماذا يهم هذا"

    html = page.locator("html")
    assert html.get_attribute("dir") == "rtl"
    assert html.get_attribute("lang") == "ar"
    # The brand starts at the right-hand edge, the way Arabic reads.
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] + brand["width"] > 1280 / 2
    # The switcher names the languages, each in itself, and Arabic is the current one.
    current = page.locator(".language-switcher a[aria-current]")
    assert current.inner_text() == "العربية"
    assert current.get_attribute("lang") == "ar"
    assert _overflowing(page) == [] and not _scrolls_sideways(page)

    for size in ({"width": 390, "height": 844}, NARROW):
        page.set_viewport_size(size)
        assert _overflowing(page) == [], size
        assert not _scrolls_sideways(page), size
    screenshot(page, "arabic")
    context.close()


def test_german_long_words_fit_a_phone(live_server, browser, pages, screenshot):
    context = browser.new_context(viewport=NARROW)
    page = context.new_page()
    assert pages["german"] == "/de/warum/"
    response = page.goto(live_server.url + pages["german"])
    assert response.status == 200

    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("h1").text_content() == GERMAN_TITLE
    # The heading wraps inside the screen instead of running off it.
    heading = page.locator("h1").bounding_box()
    assert heading["x"] >= 0 and heading["x"] + heading["width"] <= NARROW["width"]
    assert _overflowing(page) == []
    assert not _scrolls_sideways(page)
    # The header and the switcher fit too, with the menu open.
    toggle = page.locator(".site-nav__toggle")
    if toggle.is_visible():
        toggle.click()
        assert _overflowing(page) == []
    screenshot(page, "german")
    context.close()


def test_the_switcher_works_by_keyboard_without_javascript(live_server, browser, pages):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(live_server.url + pages["german"])

    # Skip link first, then the switcher, before anything else in the header; its
    # focus ring shows against the dark band (tab() checks the contrast).
    tab(page)
    assert tab(page)["text"] == "English"
    assert page.evaluate("() => document.activeElement.lang") == "en-GB"
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + pages["english"])
    assert page.locator("html").get_attribute("lang") == "en-GB"
    assert page.locator(".language-switcher a[aria-current]").inner_text() == "English"
    context.close()
