"""One petition in many languages: every translation signs the same petition, counts in
one total, and the signer hears back in the language they signed in."""

import re

import pytest
from django.core import mail
from django.utils import translation

from core.models import ConsentPurpose
from petitions import counts, services
from petitions.models import Signature, Status
from tests.factories import SignatureFactory, translation_of

pytestmark = pytest.mark.django_db

VALID = {"name": "Ana García", "email": "ana@example.org", "country": "ES", "consent": "on"}

SPANISH = {
    "title": "Registrad todos los ensayos",
    "ask": "Registrad cada ensayo y publicad cada resultado.",
    "consent_text": "Acepto que la campaña guarde mi nombre y mi correo para contar mi firma.",
    "confirmation_email_subject": "Confirma tu firma",
    "confirmation_email_text": "Gracias por firmar. Tu firma cuenta cuando la confirmas.",
    "already_signed_email_text": "Alguien, probablemente tú, ha intentado firmar otra vez.",
}
GERMAN = {
    "title": "Alle Studien registrieren",
    "consent_text": "Ich bin einverstanden, dass die Kampagne meine Unterschrift zählt.",
    "already_signed_email_text": "Jemand, wahrscheinlich Sie, hat noch einmal unterschrieben.",
}


@pytest.fixture
def spanish(petition):
    return translation_of(petition, "es", **SPANISH)


@pytest.fixture
def german(petition):
    return translation_of(petition, "de", **GERMAN)


def address(page, url):
    """`page.<url>()` under the page's own language (a request leaves the last one active)."""
    with translation.override(page.locale.language_code):
        return getattr(page, url)()


def sign_on(client, page, data=VALID):
    # Addresses under the page's own language (a request leaves the last one active).
    with translation.override(page.locale.language_code):
        return client.post(page.sign_url(), data)


def test_the_translation_lives_under_its_language_and_signs_its_source(petition, spanish):
    assert spanish.url.startswith("/es/")
    assert spanish.petition_for_signatures() == petition
    assert petition.petition_for_signatures() == petition
    assert spanish.is_translation and not petition.is_translation


def test_signing_the_spanish_page_counts_in_the_one_total(client, petition, spanish, committed):
    SignatureFactory(petition=petition)  # one confirmed English signature
    with committed():
        response = sign_on(client, spanish)
    assert response.status_code == 302
    signature = Signature.objects.get(email="ana@example.org")
    assert signature.petition_id == petition.pk
    services.signature_confirm(signature=signature)
    counts.petition_count_refresh(petition.pk)

    english = client.get(address(petition, "count_json_url")).json()
    translated = client.get(address(spanish, "count_json_url")).json()
    assert english["count"] == translated["count"] == 2
    assert translated["petition"] == SPANISH["title"]
    assert "/es/" in translated["url"]
    assert "<strong>2</strong>" in client.get(address(spanish, "widget_url")).content.decode()
    assert client.get(spanish.url).status_code == 200


def test_the_signature_records_its_language_and_the_consent_it_was_shown(client, petition, spanish):
    sign_on(client, spanish)
    signature = Signature.objects.select_related("consent").get()
    assert signature.language == "es"
    assert signature.consent.purpose == ConsentPurpose.PETITION_SIGNATURE
    assert signature.consent.text == SPANISH["consent_text"]
    assert signature.consent.version  # a version of its own: the Spanish wording's
    sign_on(client, petition, {**VALID, "email": "bo@example.org"})
    english = Signature.objects.select_related("consent").get(email="bo@example.org")
    assert english.language == "en-gb"
    assert english.consent.text == petition.consent_text
    assert english.consent.version != signature.consent.version


def test_the_confirmation_email_is_in_spanish_with_spanish_links(
    client, petition, spanish, committed
):
    with committed():
        sign_on(client, spanish)
    [message] = mail.outbox
    assert message.subject == f"{SPANISH['confirmation_email_subject']}: {SPANISH['title']}"
    assert SPANISH["confirmation_email_text"] in message.body
    assert "Confirma tu firma en" in message.body  # the template's own words
    link = re.search(r"http://testserver(/\S+/petitions/confirm/\S+/)", message.body).group(1)
    assert link.startswith("/es/petitions/confirm/")
    assert "http://testserver/es/" in message.body.replace(link, "")
    page = client.get(link)
    assert page.status_code == 200 and SPANISH["title"] in page.content.decode()
    client.post(link)
    assert Signature.objects.get().status == Status.CONFIRMED


def test_signing_in_german_after_english_is_already_signed_in_german(
    client, petition, german, committed
):
    with committed():
        sign_on(client, petition)
        sign_on(client, german, {**VALID, "email": "ANA@example.org"})
    assert Signature.objects.count() == 1
    english, again = mail.outbox
    assert english.subject.startswith("Please confirm your signature")
    # The notice goes to the address that signed, in the language of this attempt.
    assert again.subject.startswith("Sie haben bereits unterschrieben")
    assert GERMAN["already_signed_email_text"] in again.body
    assert "/de/petitions/confirm/" in again.body


def test_resending_on_a_translation_finds_the_signature(client, petition, spanish, committed):
    sign_on(client, petition)
    with committed():
        client.post(address(spanish, "resend_url"), {"email": "ana@example.org"})
    [message] = mail.outbox
    assert "/petitions/confirm/" in message.body


@pytest.mark.parametrize(
    ("asked", "word"),
    [("es", "firmas"), ("de", "Unterschriften"), ("xx", "signatures"), ("", "signatures")],
)
def test_the_widget_speaks_the_language_it_is_asked_for(client, petition, spanish, asked, word):
    SignatureFactory.create_batch(2, petition=petition)
    counts.petition_count_refresh(petition.pk)
    response = client.get(address(petition, "widget_url"), {"lang": asked})
    assert response.status_code == 200
    html = response.content.decode()
    assert word in html
    if asked == "es":
        assert SPANISH["title"] in html and 'lang="es"' in html


def test_the_widget_cache_keeps_languages_apart(client, petition, spanish):
    url = address(petition, "widget_url")
    first = client.get(url, {"lang": "es"}).content.decode()
    second = client.get(url, {"lang": "de"}).content.decode()
    assert "firmas" in first and "Unterschriften" in second


def test_history_and_milestones_are_the_source_petitions(client, petition, spanish):
    from petitions.history import history_snapshot_take

    SignatureFactory(petition=petition)
    report = history_snapshot_take()
    assert report.written == [petition.pk]  # one petition, however many translations
    english = client.get(address(petition, "history_json_url")).json()["snapshots"]
    translated = client.get(address(spanish, "history_json_url")).json()["snapshots"]
    assert english == translated and english[0]["total"] == 1


def test_a_translation_purges_its_own_addresses_and_the_source_each_language(petition, spanish):
    translated = spanish.get_other_cached_paths()
    assert f"/es/petitions/{spanish.pk}/widget/" in translated
    assert f"/es/petitions/{spanish.pk}/count.json" in translated
    assert f"/petitions/{petition.pk}/widget/?lang=es" in petition.get_other_cached_paths()


def test_the_personal_data_export_shows_the_language_and_the_wording_agreed_to(
    client, petition, spanish
):
    from petitions.personal_data import export_signatures

    sign_on(client, spanish)
    [exported] = export_signatures("ana@example.org")
    assert exported["language"] == "es"
    assert exported["consent"]["text"] == SPANISH["consent_text"]
    assert exported["consent"]["version"]


def test_an_unknown_language_asked_of_the_count_is_english_not_an_error(client, petition, spanish):
    response = client.get(address(petition, "count_json_url"), {"lang": "<script>"})
    assert response.status_code == 200
    assert response.json()["petition"] == petition.title
    assert response.json()["language"] == "en-gb"


def test_an_organisations_link_is_to_the_petition_in_the_language_it_reads(petition, spanish):
    # One link per petition, never one per translation.
    assert services.petitions_to_share() == [petition]
    with translation.override("es"):
        assert services.petitions_to_share() == [spanish]
    # A language without a translation shares the petition's own page.
    with translation.override("de"):
        assert services.petitions_to_share() == [petition]
