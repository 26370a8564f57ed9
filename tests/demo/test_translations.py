"""The demo site in Spanish and German: real wagtail-localize translations, complete,
published, reached under /es/ and /de/, with the news left in English and marked."""

import io
import re

import pytest
from django.core.management import call_command
from django.utils import translation
from wagtail.models import Locale
from wagtail_localize.models import Translation

from cms.models import HomePage, Jurisdiction, NewsPage, SiteText
from updates.models import Interest

pytestmark = pytest.mark.django_db

PAGES = [
    "",
    "why-it-matters/",
    "next-steps/",
    "trials/",
    "trials/methodology/",
    "privacy/",
    "news/",
    "petition/",
    "updates/",
    "donate/",
    "supporters/",
]
SAMPLES = {  # a sentence of each language's demo text, and its interest and jurisdiction names
    "es": ("Firma la petición", "Noticias de la UE", "Reino Unido", "Noticias en inglés"),
    "de": (
        "Petition unterschreiben",
        "Nachrichten aus der EU",
        "Vereinigtes Königreich",
        "Nachrichten auf Englisch",
    ),
}


def _load() -> str:
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_demo_pages_and_snippets_are_published_translations_in_spanish_and_german(client):
    output = _load()
    assert "Translations (Spanish, German): 40 published" in output
    home = HomePage.objects.get(locale=Locale.get_default())

    for language, (action, interest, jurisdiction, _) in SAMPLES.items():
        locale = Locale.objects.get(language_code=language)
        # Every translation is complete, so the admin shows none waiting.
        translations = Translation.objects.filter(target_locale=locale)
        assert translations.count() == 20
        for item in translations:
            total, done = item.get_progress()
            assert done == total, f"{item.source.object_repr} has untranslated text in {language}"
        for path in PAGES:
            english = _html(client, f"/{path}")
            translated = _html(client, f"/{language}/{path}")
            assert re.search(r'<html lang="([^"]+)"', translated).group(1) == language
            assert translated != english
        assert action in _html(client, f"/{language}/")
        # The home page's buttons lead on in the same language.
        assert f'href="/{language}/petition/"' in _html(client, f"/{language}/")
        with translation.override(language):
            assert Interest.objects.originals().get(slug="eu").translated.name == interest
            assert Jurisdiction.objects.originals().get(slug="uk").translated.name == jurisdiction
        assert SiteText.objects.filter(locale=locale).exists()

    # The English site is as it was.
    assert home.get_children().live().count() == 9  # with the trials tracker
    assert "Sign the petition" in _html(client, "/")
    # Again: nothing new, nothing changed.
    assert "0 published, 40 already there" in _load()
    assert Translation.objects.count() == 40


def test_translated_news_indexes_list_the_english_news_marked_as_english(client):
    _load()
    english_titles = set(NewsPage.objects.live().values_list("title", flat=True))
    assert NewsPage.objects.exclude(locale=Locale.get_default()).count() == 0
    for language, (*_, marker) in SAMPLES.items():
        html = _html(client, f"/{language}/news/")
        assert marker in html
        cards = re.findall(
            r'<article class="news-card" lang="en-gb">.*?<a href="([^"]+)">([^<]+)</a>', html, re.S
        )
        assert cards and {title for _, title in cards} <= english_titles
        assert all(not url.startswith(f"/{language}/") for url, _ in cards)
    assert "Noticias en inglés" not in _html(client, "/news/")
