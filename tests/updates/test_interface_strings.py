"""The updates sign-up form in the visitor's language: labels, errors and the consent
wording a Spanish sign-up records."""

import pytest
from lxml import html

from tests.factories import UpdatesPageFactory, translation_of
from updates.models import Subscriber

pytestmark = pytest.mark.django_db

SPANISH_CONSENT = "Sí, enviadme novedades de la campaña por correo electrónico."


def _text(response) -> str:
    return " ".join(html.fromstring(response.content).text_content().split())


def test_the_form_on_its_own_page_speaks_spanish(client):
    response = client.get("/es/subscribe/")

    text = _text(response)
    assert response.status_code == 200
    assert "Suscríbete a las novedades" in text
    assert "Correo electrónico" in text
    assert SPANISH_CONSENT in text
    assert 'action="/es/subscribe/"' in response.content.decode()
    assert "Email address" not in text


def test_bad_input_is_explained_in_spanish(client):
    response = client.post(
        "/es/subscribe/", {"email": "", "country": "Narnia", "first_name": "Ana"}
    )

    text = _text(response)
    assert response.status_code == 400
    assert "Escribe tu dirección de correo electrónico." in text
    assert "Marca la casilla para aceptar; si no, no podemos enviarte nuestros correos." in text
    assert not Subscriber.objects.exists()


def test_a_spanish_sign_up_records_the_wording_it_agreed_to(client, fake_mailchimp):
    response = client.post("/es/subscribe/", {"email": "ana@example.org", "consent": "on"})

    assert response.status_code == 302
    wording = Subscriber.objects.get().consents.get().wording
    assert wording.text.startswith(SPANISH_CONSENT)


def test_the_updates_page_translated_into_spanish_shows_the_form_in_spanish(client, site_tree):
    page = UpdatesPageFactory(parent=site_tree["home"], publish=True)
    spanish = translation_of(page, "es")

    response = client.get(spanish.url)

    assert spanish.url == "/es/updates/"
    assert response.status_code == 200
    assert "¿Sobre qué te gustaría recibir noticias?" in _text(response)
