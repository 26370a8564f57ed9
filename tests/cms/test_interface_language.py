"""The site's shell speaks the visitor's language: /es/ is Spanish, /de/ German, and the
unprefixed addresses stay English. Dates and counts follow the language too."""

import datetime

import pytest
from django.utils import translation
from wagtail.models import Locale

from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.fixture
def translated_home(site_tree):
    """The home page with a published Spanish and German translation."""
    home = site_tree["home"]
    copies = {}
    for code, statement in (
        ("es", "Cada ensayo registrado, cada resultado publicado."),
        ("de", "Jede Studie registriert, jedes Ergebnis veröffentlicht."),
    ):
        copy = home.copy_for_translation(Locale.objects.get_or_create(language_code=code)[0])
        copy.statement = statement
        copy.save_revision().publish()
        copies[code] = copy
    return {**site_tree, "translations": copies}


@pytest.mark.parametrize(
    ("prefix", "words", "statement"),
    [
        ("/", ["Skip to main content", "Latest regulatory news", "Search"], "Every trial"),
        (
            "/es/",
            ["Saltar al contenido principal", "Últimas noticias normativas", "Buscar"],
            "Cada ensayo",
        ),
        (
            "/de/",
            ["Zum Hauptinhalt springen", "Aktuelle Meldungen zur Regulierung", "Suche"],
            "Jede Studie",
        ),
    ],
)
def test_the_home_page_shell_is_in_the_language_of_its_address(
    client, translated_home, prefix, words, statement
):
    text = _text(client.get(prefix))
    assert statement in text
    for word in words:
        assert word in text


def test_a_cached_header_in_one_language_is_never_shown_in_another(client, translated_home):
    """The header and footer are cached fragments: each language has its own."""
    assert "Saltar al contenido principal" in _text(client.get("/es/"))
    english = _text(client.get("/"))
    assert ">Search</a>" in english and "Buscar" not in english
    assert ">Suchen</a>" in _text(client.get("/de/"))


def test_the_brand_link_leads_to_the_home_page_in_the_visitors_language(client, translated_home):
    assert 'class="brand" href="/es/"' in _text(client.get("/es/"))
    assert 'class="brand" href="/"' in _text(client.get("/"))


@pytest.mark.parametrize(
    ("address", "heading", "advice"),
    [
        ("/no-such-page/", "We can’t find that page", "Go to the home page"),
        ("/es/no-such-page/", "No encontramos esa página", "Ir a la página de inicio"),
        ("/de/no-such-page/", "Diese Seite finden wir nicht", "Zur Startseite"),
    ],
)
def test_the_not_found_page_speaks_the_language_of_the_address(
    client, translated_home, address, heading, advice
):
    response = client.get(address)
    assert response.status_code == 404
    text = _text(response)
    assert heading in text and advice in text


def test_the_not_found_page_leads_home_in_its_language(client, translated_home):
    assert '<a href="/de/">Zur Startseite</a>' in _text(client.get("/de/no-such-page/"))


def test_search_speaks_spanish_with_a_plural_in_spanish(client, site_tree):
    text = _text(client.get("/es/search/", {"q": "nothing-will-match-this"}))
    assert "Buscar en el sitio" in text
    assert "0 resultados para «nothing-will-match-this»" in text
    assert "No hay coincidencias." in text


def test_a_search_too_long_is_refused_in_german(client, site_tree):
    response = client.get("/de/search/", {"q": "x" * 201})
    assert response.status_code == 200
    assert "höchstens 200 Zeichen" in _text(response)


@pytest.mark.parametrize(
    ("prefix", "date"),
    [("/", "28 April 2026"), ("/es/", "28 de abril de 2026"), ("/de/", "28. April 2026")],
)
def test_a_news_date_is_written_as_the_language_writes_dates(client, site_tree, prefix, date):
    item = NewsPageFactory(
        parent=site_tree["news_index"],
        publish=True,
        date=datetime.date(2026, 4, 28),
        jurisdiction=site_tree["jurisdictions"]["uk"],
    )
    # Only the English news page exists: its address under /es/ is the same page
    # with the Spanish interface (the news stays English until translated).
    text = _text(client.get(prefix.rstrip("/") + item.url))
    assert f">{date}</time>" in text


def test_a_spanish_month_name_is_spanish(client, site_tree):
    NewsPageFactory(
        parent=site_tree["news_index"],
        publish=True,
        date=datetime.date(2026, 12, 1),
        jurisdiction=site_tree["jurisdictions"]["uk"],
    )
    text = _text(client.get("/es/news/"))
    assert "1 de diciembre de 2026" in text and "December" not in text
    # The rule's status and the count of items are Spanish too.
    assert "Aprobada" in text and "1 noticia" in text


@pytest.mark.parametrize(
    ("language", "written"), [("en-gb", "12,400"), ("es", "12.400"), ("de", "12.400")]
)
def test_a_count_is_grouped_as_the_language_groups_thousands(language, written):
    from django.template import Context, Template

    template = Template('{{ count|floatformat:"0g" }}')
    with translation.override(language):
        assert template.render(Context({"count": 12400})) == written
