"""The site in English, Spanish and German: addresses, `lang`, `hreflang`, the switcher,
the caches, feeds, the sitemap and the CDN purge, each per language."""

import pytest
from lxml import etree, html
from wagtail.models import Locale

from core.page_cache import clear_page_cache
from tests.factories import (
    CampaignPageFactory,
    NewsPageFactory,
    PetitionPageFactory,
    SupportersIndexPageFactory,
    UpdatesPageFactory,
)

pytestmark = pytest.mark.django_db

SPANISH_SLUGS = {"home": "inicio", "news": "noticias", "why": "por-que"}
GERMAN_SLUGS = {"home": "startseite", "news": "nachrichten", "why": "warum"}


def translate(page, locale, *, title, slug):
    """The page's translation in `locale`, published, as wagtail-localize leaves it."""
    copy = page.copy_for_translation(locale)
    copy.title = title
    copy.slug = slug
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy.specific


@pytest.fixture
def site_in_three_languages(site_tree):
    """Home, news index and a campaign page in English; Spanish and German copies with
    their own slugs (the German site has no campaign page)."""
    home, index = site_tree["home"], site_tree["news_index"]
    why = CampaignPageFactory(parent=home, title="Why it matters", slug="why-it-matters")
    es = Locale.objects.create(language_code="es")
    de = Locale.objects.create(language_code="de")
    pages = {"en-gb": {"home": home, "news": index, "why": why}, "es": {}, "de": {}}
    for locale, slugs, titles in [
        (es, SPANISH_SLUGS, {"home": "Inicio", "news": "Noticias", "why": "Por qué importa"}),
        (de, GERMAN_SLUGS, {"home": "Startseite", "news": "Nachrichten", "why": None}),
    ]:
        for name in ("home", "news", "why"):
            if titles[name] is None:
                continue
            pages[locale.language_code][name] = translate(
                pages["en-gb"][name], locale, title=titles[name], slug=slugs[name]
            )
    clear_page_cache()
    return {**site_tree, "pages": pages, "why": why}


def _tree(response):
    return html.fromstring(response.content)


def _switcher(tree):
    nav = tree.find(".//nav[@class='language-switcher']")
    assert nav is not None
    return {a.get("hreflang"): a for a in nav.iter("a")}


# --- Routing -------------------------------------------------------------------


def test_each_language_has_its_own_address(client, site_in_three_languages):
    pages = site_in_three_languages["pages"]
    assert pages["es"]["news"].url == "/es/noticias/"
    assert pages["de"]["news"].url == "/de/nachrichten/"
    for address, title, lang in [
        ("/", "Home", "en-GB"),
        ("/es/", "Inicio", "es"),
        ("/de/", "Startseite", "de"),
        ("/es/noticias/", "Noticias", "es"),
        ("/de/nachrichten/", "Nachrichten", "de"),
    ]:
        response = client.get(address)
        assert response.status_code == 200, address
        tree = _tree(response)
        assert tree.get("lang") == lang
        assert tree.get("dir") == "ltr"
        assert tree.findtext(".//title").startswith(title)
        assert response["Content-Language"] == lang.lower()


def test_an_unknown_language_prefix_is_not_found(client, site_in_three_languages):
    assert client.get("/xx/").status_code == 404
    assert client.get("/xx/noticias/").status_code == 404
    # A Spanish slug is no English address, and the reverse.
    assert client.get("/noticias/").status_code == 404
    assert client.get("/es/news/").status_code == 404


@pytest.mark.parametrize(
    "address",
    [
        "/",
        "/news/",
        "/news/feed/",
        "/news/feed/uk/",
        "/why-it-matters/",
        "/search/",
        "/supporters/register/",
        "/accounts/login/",
        "/sitemap.xml",
        "/robots.txt",
        "/healthz/",
    ],
)
def test_every_english_address_works_as_it_always_did(client, site_in_three_languages, address):
    """English, the default language, has no prefix: no old link breaks or redirects."""
    response = client.get(address)
    assert response.status_code == 200, address
    if response["Content-Type"].startswith("text/html"):
        assert _tree(response).get("lang") == "en-GB"


@pytest.fixture
def every_kind_of_page(site_in_three_languages):
    home = site_in_three_languages["home"]
    petition = PetitionPageFactory(parent=home, title="Sign", slug="sign-it", publish=True)
    SupportersIndexPageFactory(parent=home, publish=True)
    UpdatesPageFactory(parent=home, publish=True)
    return petition


def test_the_apps_english_addresses_are_unchanged_and_exist_in_each_language(
    client, every_kind_of_page
):
    petition = every_kind_of_page
    addresses = [
        "/sign-it/",
        f"/petitions/{petition.pk}/count.json",
        f"/petitions/{petition.pk}/widget/",
        f"/petitions/{petition.pk}/history.json",
        "/supporters/",
        "/supporters/organisations.json",
        "/updates/",
    ]
    for address in addresses:
        assert client.get(address).status_code == 200, address
    # The views that are not pages answer under each prefix too, in that language.
    for prefix in ("/es", "/de"):
        for address in addresses[1:3] + ["/supporters/register/", "/accounts/login/"]:
            response = client.get(prefix + address)
            assert response.status_code == 200, prefix + address
            assert response["Content-Language"] == prefix[1:]


def test_a_non_page_view_is_in_the_language_of_its_prefix(client, site_in_three_languages):
    for prefix, lang in [("", "en-GB"), ("/es", "es"), ("/de", "de")]:
        response = client.get(f"{prefix}/search/")
        assert response.status_code == 200
        assert _tree(response).get("lang") == lang


def test_signing_up_and_sharing_to_mastodon_keep_the_language(client, site_in_three_languages):
    # Signing up starts at the registration form, in the language it was asked in.
    response = client.get("/es/accounts/signup/")
    assert response.status_code == 302 and response["Location"] == "/es/supporters/register/"
    assert client.get("/accounts/signup/")["Location"] == "/supporters/register/"
    # The Mastodon step asks for the server in the sharer's language.
    for prefix, lang in [("", "en-GB"), ("/de", "de")]:
        response = client.get(
            f"{prefix}/share/mastodon/", {"text": "t", "url": "http://testserver/petition/"}
        )
        assert response.status_code == 200
        assert _tree(response).get("lang") == lang


# --- hreflang and the switcher ---------------------------------------------------


def _alternates(tree):
    return {
        link.get("hreflang"): link.get("href") for link in tree.iter("link") if link.get("hreflang")
    }


def test_each_translation_lists_every_language_with_hreflang(client, site_in_three_languages):
    expected = {
        "en-GB": "http://localhost/news/",
        "es": "http://localhost/es/noticias/",
        "de": "http://localhost/de/nachrichten/",
        "x-default": "http://localhost/news/",
    }
    for address in ["/news/", "/es/noticias/", "/de/nachrichten/"]:
        assert _alternates(_tree(client.get(address))) == expected, address


def test_hreflang_leaves_out_a_language_without_this_page(client, site_in_three_languages):
    assert _alternates(_tree(client.get("/es/por-que/"))) == {
        "en-GB": "http://localhost/why-it-matters/",
        "es": "http://localhost/es/por-que/",
        "x-default": "http://localhost/why-it-matters/",
    }


def test_the_switcher_leads_to_the_same_page_in_each_language(client, site_in_three_languages):
    links = _switcher(_tree(client.get("/es/noticias/")))
    assert {tag: a.get("href") for tag, a in links.items()} == {
        "en-GB": "/news/",
        "es": "/es/noticias/",
        "de": "/de/nachrichten/",
    }
    # Each language named in itself, marked as such; the one shown is the current one.
    assert [(a.text_content(), a.get("lang")) for a in links.values()] == [
        ("English", "en-GB"),
        ("Español", "es"),
        ("Deutsch", "de"),
    ]
    assert links["es"].get("aria-current") == "true"
    assert links["en-GB"].get("aria-current") is None
    # In the page's header band, outside its cached fragment, with no script needed.
    tree = _tree(client.get("/news/"))
    assert _switcher(tree)["en-GB"].get("aria-current") == "true"


def test_a_page_without_a_translation_leads_to_that_languages_home(client, site_in_three_languages):
    links = _switcher(_tree(client.get("/why-it-matters/")))
    assert links["es"].get("href") == "/es/por-que/"
    german = links["de"]
    assert german.get("href") == "/de/"
    # Says so, in the language it leads to, to the eye and to a screen reader.
    assert german.get("title") == (
        "Diese Seite ist noch nicht übersetzt: Dieser Link führt zur Startseite."
    )
    assert german.get("title") in german.text_content()


def test_a_language_with_nothing_published_is_not_offered(client, site_tree):
    """Spanish and German switched on, but no page translated yet: nothing to switch to."""
    tree = _tree(client.get("/"))
    assert tree.find(".//nav[@class='language-switcher']") is None
    assert _alternates(tree) == {}


def test_the_switcher_on_a_form_keeps_the_form(client, site_in_three_languages):
    links = _switcher(_tree(client.get("/es/supporters/register/")))
    assert links["en-GB"].get("href") == "/supporters/register/"
    assert links["de"].get("href") == "/de/supporters/register/"
    assert links["es"].get("aria-current") == "true"


def test_the_switcher_on_a_missing_page_leads_home(client, site_in_three_languages):
    response = client.get("/es/no-such-page/")
    assert response.status_code == 404
    links = _switcher(_tree(response))
    assert links["en-GB"].get("href") == "/"
    assert links["de"].get("href") == "/de/"


def test_the_header_links_to_the_home_and_menu_of_the_visitors_language(
    client, site_in_three_languages
):
    pages = site_in_three_languages["pages"]
    for page in (pages["en-gb"]["news"], pages["es"]["news"]):
        page.show_in_menus = True
        page.save_revision().publish()
    clear_page_cache()
    spanish = _tree(client.get("/es/"))
    assert spanish.find(".//a[@class='brand']").get("href") == "/es/"
    menu = [a.get("href") for a in spanish.find(".//nav[@class='site-nav']").iter("a")]
    assert "/es/noticias/" in menu and "/news/" not in menu
    english = _tree(client.get("/"))
    assert english.find(".//a[@class='brand']").get("href") == "/"
    assert "/news/" in [a.get("href") for a in english.find(".//nav[@class='site-nav']").iter("a")]


# --- Feeds ---------------------------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def test_each_news_index_has_its_own_feed_in_its_language(client, site_in_three_languages):
    pages, uk = site_in_three_languages["pages"], site_in_three_languages["jurisdictions"]["uk"]
    NewsPageFactory(parent=pages["en-gb"]["news"], title="UK rules", jurisdiction=uk)
    NewsPageFactory(parent=pages["es"]["news"], title="Normas británicas", jurisdiction=uk)
    # A translated index lists its own news, and the English news not translated into
    # its language (news may stay English).
    both = {"Normas británicas", "UK rules"}
    for address, lang, title, items in [
        ("/news/feed/", "en-GB", "Test campaign: News", {"UK rules"}),
        ("/news/feed/uk/", "en-GB", "Test campaign: News (UK)", {"UK rules"}),
        ("/es/noticias/feed/", "es", "Test campaign: Noticias", both),
        ("/es/noticias/feed/uk/", "es", "Test campaign: Noticias (UK)", both),
        ("/de/nachrichten/feed/", "de", "Test campaign: Nachrichten", {"UK rules"}),
    ]:
        response = client.get(address)
        assert response.status_code == 200, address
        feed = etree.fromstring(response.content)
        assert feed.get(XML_LANG) == lang, address
        assert feed.findtext(f"{ATOM}title") == title
        assert {entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")} == items, (
            address
        )
        links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
        prefix = address.rsplit("feed/", 1)[0]
        assert links["alternate"].startswith(f"http://localhost{prefix}")
        assert links["self"] == f"http://localhost{address}"


def test_a_spanish_feed_address_in_english_is_not_found(client, site_in_three_languages):
    assert client.get("/es/news/feed/").status_code == 404


# --- Sitemap -------------------------------------------------------------------

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def _sitemap(client) -> dict[str, dict[str, str]]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return {
        url.findtext(f"{SITEMAP}loc"): {
            link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")
        }
        for url in etree.fromstring(response.content).iter(f"{SITEMAP}url")
    }


def test_the_sitemap_lists_every_translation_with_its_alternates(client, site_in_three_languages):
    news_in_every_language = {
        "en-GB": "http://localhost/news/",
        "es": "http://localhost/es/noticias/",
        "de": "http://localhost/de/nachrichten/",
        "x-default": "http://localhost/news/",
    }
    urls = _sitemap(client)
    assert set(urls) == {
        "http://localhost/",
        "http://localhost/es/",
        "http://localhost/de/",
        "http://localhost/news/",
        "http://localhost/es/noticias/",
        "http://localhost/de/nachrichten/",
        "http://localhost/why-it-matters/",
        "http://localhost/es/por-que/",
    }
    for address in ("http://localhost/news/", "http://localhost/es/noticias/"):
        assert urls[address] == news_in_every_language
    assert urls["http://localhost/es/por-que/"] == {
        "en-GB": "http://localhost/why-it-matters/",
        "es": "http://localhost/es/por-que/",
        "x-default": "http://localhost/why-it-matters/",
    }


def test_a_draft_translation_is_neither_listed_nor_an_alternate(client, site_in_three_languages):
    german = site_in_three_languages["pages"]["de"]["news"]
    german.unpublish()
    urls = _sitemap(client)
    assert "http://localhost/de/nachrichten/" not in urls
    assert "de" not in urls["http://localhost/news/"]


# --- The page cache --------------------------------------------------------------


def test_each_language_is_cached_and_served_in_its_own_language(
    client, site_in_three_languages, settings
):
    settings.PAGE_CACHE_ENABLED = True
    addresses = {"/news/": "en-GB", "/es/noticias/": "es", "/de/nachrichten/": "de"}
    for address in addresses:
        assert client.get(address)["X-Page-Cache"] == "miss"
    for address, lang in addresses.items():
        again = client.get(address)
        assert again["X-Page-Cache"] == "hit", address
        tree = _tree(again)
        assert tree.get("lang") == lang, address
        assert _switcher(tree)[lang].get("aria-current") == "true"


def test_a_spanish_render_is_never_served_at_the_english_address(
    client, site_in_three_languages, settings
):
    """Spanish first, with every Spanish hint a browser can give: the unprefixed
    address is English all the same, and so is its cached copy."""
    settings.PAGE_CACHE_ENABLED = True
    spanish = {"HTTP_ACCEPT_LANGUAGE": "es"}
    assert _tree(client.get("/es/", **spanish)).get("lang") == "es"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    first = client.get("/", **spanish)
    assert first["X-Page-Cache"] == "miss"
    assert _tree(first).get("lang") == "en-GB"
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    again = client.get("/")
    assert again["X-Page-Cache"] == "hit"
    assert _tree(again).get("lang") == "en-GB"
    assert _tree(client.get("/es/")).get("lang") == "es"


def test_the_header_and_footer_fragments_are_kept_per_language(client, site_in_three_languages):
    """The fragments (cached without the page cache) hold the menu in their language."""
    pages = site_in_three_languages["pages"]
    for code in ("en-gb", "es", "de"):
        pages[code]["news"].show_in_menus = True
        pages[code]["news"].save_revision().publish()
    menus = {}
    for address in ["/de/", "/es/", "/", "/de/"]:
        nav = _tree(client.get(address)).find(".//nav[@class='site-nav']")
        menus[address] = [a.get("href") for a in nav.iter("a")][0]
    assert menus == {"/de/": "/de/nachrichten/", "/es/": "/es/noticias/", "/": "/news/"}


def test_a_cdn_keeps_one_copy_of_each_address_whatever_the_browser_prefers(
    client, site_in_three_languages
):
    """The language is in the address, so a shared cache needs no copy per Accept-Language."""
    for address in ("/", "/es/", "/news/feed/"):
        response = client.get(address, HTTP_ACCEPT_LANGUAGE="de")
        assert "public" in response["Cache-Control"], address
        assert "accept-language" not in response.get("Vary", "").lower(), address
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de")["Content-Language"] == "en-gb"
