"""Jurisdictions, interests and site text in several languages: editors translate them,
readers see their language, and everything that links to them keeps the original."""

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Site
from wagtail_localize.models import Translation, TranslationSource

from cms.models import Jurisdiction, SiteSettings, SiteText
from cms.site_text import site_words
from core.consent import ConsentPurpose, wording_record
from tests.factories import NewsPageFactory
from updates.forms import SubscribeForm
from updates.models import Interest
from updates.services.signup import subscriber_signup

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanish(db):
    return Locale.objects.get_or_create(language_code="es")[0]


def _translated(original, locale, **fields):
    """A translation as wagtail-localize makes it: same key, other locale, synced fields kept."""
    copy = original.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    return copy


def test_the_snippet_listings_offer_translate(client, admin_user, site_tree, spanish):
    client.force_login(admin_user)
    uk = site_tree["jurisdictions"]["uk"]
    listing = client.get(reverse("wagtailsnippets_cms_jurisdiction:list")).content.decode()
    assert (
        reverse("wagtail_localize:submit_snippet_translation", args=["cms", "jurisdiction", uk.pk])
        in listing
    )

    response = client.post(
        reverse("wagtail_localize:submit_snippet_translation", args=["cms", "jurisdiction", uk.pk]),
        {"locales": [spanish.pk]},
    )
    assert response.status_code == 302
    spanish_uk = uk.get_translation(spanish)
    assert spanish_uk.slug == "uk" and spanish_uk.sort_order == uk.sort_order
    source = TranslationSource.objects.get_for_instance(uk)
    assert Translation.objects.filter(source=source, target_locale=spanish).exists()

    interest = Interest.objects.originals().get(slug="uk")
    interests = client.get(reverse("updates_interest:list")).content.decode()
    assert (
        reverse(
            "wagtail_localize:submit_snippet_translation", args=["updates", "interest", interest.pk]
        )
        in interests
    )


def test_readers_see_the_name_in_their_language_and_links_keep_the_original(
    client, site_tree, spanish
):
    uk = site_tree["jurisdictions"]["uk"]
    _translated(uk, spanish, name="Reino Unido")
    NewsPageFactory(parent=site_tree["news_index"], title="UK rules", jurisdiction=uk)

    assert list(Jurisdiction.objects.originals().filter(slug="uk")) == [uk]
    with translation.override("es"):
        assert Jurisdiction.objects.get(pk=uk.pk).translated.name == "Reino Unido"
    assert Jurisdiction.objects.get(pk=uk.pk).translated.name == "UK"
    # The feed by slug and the filter find the original (which the news links to).
    index = site_tree["news_index"]
    assert "UK rules" in client.get(f"{index.url}feed/uk/").content.decode()
    assert "UK rules" in client.get(f"{index.url}?jurisdiction=uk").content.decode()


def test_the_signup_form_names_interests_in_the_visitors_language_and_keeps_the_original(
    site_tree, spanish
):
    eu = Interest.objects.originals().get(slug="eu")
    _translated(eu, spanish, name="Noticias de la UE")
    with translation.override("es"):
        form = SubscribeForm()
        labels = [label for _, label in form.fields["interests"].choices]
    assert "Noticias de la UE" in labels
    assert labels.count("Noticias de la UE") == 1 and "EU news" not in labels

    subscriber = subscriber_signup(
        email="lector@example.org",
        interests=["eu"],
        consent=wording_record(ConsentPurpose.UPDATES_SIGNUP, "I agree."),
        source="test",
    )
    assert list(subscriber.interests.all()) == [eu]


def test_site_text_in_the_visitors_language_with_the_settings_as_fallback(rf, site_tree, spanish):
    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    settings.tagline, settings.footer_text = "Every trial reported.", "A campaign."
    settings.save()

    def words(language):
        request = rf.get("/")
        with translation.override(language):
            return site_words(request)

    assert words("es").tagline == "Every trial reported."  # no site text yet: the settings
    original = SiteText.objects.create(
        site=site, tagline="Every trial reported, always.", footer_text=""
    )
    _translated(original, spanish, tagline="Todos los ensayos publicados.")
    assert words("en-gb").tagline == "Every trial reported, always."
    assert words("es").tagline == "Todos los ensayos publicados."
    assert words("es").footer_text == "A campaign."  # blank in both texts: the settings
    assert words("de").tagline == "Every trial reported, always."  # not translated: the original
