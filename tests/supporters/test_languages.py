"""The supporters pages in the visitor's language: the register form at /es/, the public
list with its organisation kinds in German at /de/, filters that work by value."""

import pytest
from django.core import mail
from django.utils import translation
from lxml import html

from supporters import services
from supporters.models import Category, Status
from tests.factories import OrganisationFactory, SupportersIndexPageFactory, translation_of

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    assert response.status_code in (200, 400), response.status_code
    return " ".join(html.fromstring(response.content).text_content().split())


def test_the_register_form_speaks_spanish_at_es(client):
    text = _text(client.get("/es/supporters/register/"))

    assert "Registra el apoyo de tu organización" in text
    assert "Nombre de la organización" in text
    assert "Tipo de organización" in text
    assert "Asociación de pacientes o cuidadores" in text  # a kind, in the choice list
    assert "Organisation name" not in text


def test_the_register_form_explains_bad_input_in_spanish(client):
    response = client.post(
        "/es/supporters/register/",
        {"name": "Pacientes", "website": "http://192.168.1.10/", "category": "nonsense"},
    )

    text = _text(response)
    assert "Escribe el nombre del sitio web (como example.org), no una dirección IP." in text
    assert "Elige el tipo de organización de la lista." in text
    assert "Escribe tu nombre, para que un moderador sepa a quién preguntar." in text
    assert "Enter the website" not in text


def test_the_english_form_is_unchanged_at_its_old_address(client):
    text = _text(client.get("/supporters/register/"))

    assert "Organisation name" in text and "Nombre de la organización" not in text


@pytest.fixture
def lists(site_tree):
    index = SupportersIndexPageFactory(parent=site_tree["home"], publish=True)
    OrganisationFactory(name="Charité Trials", country="DE", category=Category.RESEARCH)
    OrganisationFactory(name="Patients Together", country="GB", category=Category.PATIENT_GROUP)
    return index, translation_of(index, "de")


def test_the_list_shows_organisation_kinds_and_countries_in_german_at_de(client, lists):
    _english, german = lists
    assert german.url == "/de/supporters/"

    text = _text(client.get("/de/supporters/"))

    assert "2 Organisationen unterstützen die Kampagne" in text
    assert "Art der Organisation" in text
    assert "Universität oder Forschungsinstitut" in text
    assert "Patienten- oder Angehörigengruppe" in text
    assert "Deutschland" in text and "Vereinigtes Königreich" in text
    assert "University or research institute" not in text


def test_a_kind_filter_works_by_value_in_every_language(client, lists, settings):
    for cached in (False, True):
        settings.PAGE_CACHE_ENABLED = cached
        german = _text(client.get("/de/supporters/?category=research"))
        english = _text(client.get("/supporters/?category=research"))

        assert "1 Organisation in „Universität oder Forschungsinstitut“" in german
        assert "Charité Trials" in german and "Patients Together" not in german
        # The counts are shared between languages; the names are not.
        assert "1 organisation in “University or research institute”" in english


def test_an_unknown_kind_is_a_notice_in_german(client, lists):
    text = _text(client.get("/de/supporters/?category=Forschung"))

    assert "Auf der Liste gibt es keine Kategorie namens „Forschung“." in text


def test_a_page_not_yet_translated_names_kinds_in_the_visitors_language(client, lists, settings):
    """With no Spanish copy of the list, /es/ shows the English page with Spanish words:
    the counts cached for one language must not carry its names into another."""
    settings.PAGE_CACHE_ENABLED = True
    english = _text(client.get("/supporters/"))
    spanish = _text(client.get("/es/supporters/"))

    assert "University or research institute" in english
    assert "Universidad o instituto de investigación" in spanish
    assert "University or research institute" not in spanish


def test_a_listing_registered_in_spanish_hears_of_its_approval_in_spanish(
    admin_user, django_user_model, django_capture_on_commit_callbacks
):

    contact = django_user_model.objects.create_user(email="ana@example.org", password="x" * 20)
    with translation.override("es"):
        organisation = services.organisation_register(
            user=contact,
            email_verified=True,
            name="Asociación de Pacientes",
            country="ES",
            category=Category.PATIENT_GROUP,
            contact_name="Ana",
            contact_email="ana@example.org",
        )
    assert organisation.language == "es"
    # The moderator works in English; the email follows the registration's language.
    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_approve(organisation=organisation, actor=admin_user)
    message = mail.outbox[-1]
    assert message.to == ["ana@example.org"]
    assert message.body.startswith("Hola, Ana:")
    assert "Asociación de Pacientes" in message.body and "/es/accounts/login/" in message.body
    assert "now appears on the public list" not in message.body


def test_a_listing_from_before_languages_hears_in_english(
    admin_user, django_capture_on_commit_callbacks
):

    organisation = OrganisationFactory(status=Status.AWAITING_REVIEW, contact_email="c@example.org")
    assert organisation.language == ""
    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_approve(organisation=organisation, actor=admin_user)
    assert "now appears on the public list" in mail.outbox[-1].body
