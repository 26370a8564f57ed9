"""Signing in, and the emails allauth sends, in the language of the address they start from."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.messages import get_messages
from django.core import mail

pytestmark = pytest.mark.django_db

PASSWORD = "a-Long-and-unusual-passphrase-42"


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def test_the_sign_in_page_at_es_is_in_spanish(client, site_tree):
    text = _text(client.get("/es/accounts/login/"))
    assert "<h1>Iniciar sesión</h1>" in text
    assert "Correo electrónico" in text
    assert "Mantener la sesión iniciada en este dispositivo" in text
    # The way to register leads to the Spanish form.
    assert 'href="/es/supporters/register/"' in text


def test_an_empty_sign_in_says_what_is_missing_in_german(client, site_tree):
    response = client.post("/de/accounts/login/", {"login": "", "password": ""})
    text = _text(response)
    assert "Bitte beheben Sie die folgenden 2 Probleme" in text
    assert "Geben Sie die E-Mail-Adresse ein, mit der Sie sich anmelden." in text
    assert "Geben Sie Ihr Passwort ein." in text
    assert "This field is required" not in text and "Dieses Feld ist zwingend" not in text


def test_the_english_sign_in_page_is_unchanged(client, site_tree):
    text = _text(client.get("/accounts/login/"))
    assert "<h1>Sign in</h1>" in text and "Iniciar" not in text


def test_a_password_reset_asked_for_in_spanish_is_emailed_in_spanish(
    client, site_tree, django_user_model, settings
):
    settings.WAGTAILADMIN_BASE_URL = "https://trials.example.org"
    user = django_user_model.objects.create_user("contact@example.org", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    client.post("/es/accounts/password/reset/", {"email": "contact@example.org"})

    [message] = mail.outbox
    assert message.subject == "Elige una contraseña nueva para Test campaign"
    assert message.body.startswith("Hola:")
    assert "ha pedido una contraseña nueva para tu cuenta en Test campaign" in message.body
    # The link opens the Spanish page for choosing the password.
    assert "/es/accounts/password/reset/key/" in message.body


def test_an_unknown_address_hears_in_german_where_to_register(client, site_tree, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://trials.example.org"
    client.post("/de/accounts/password/reset/", {"email": "nobody@example.org"})
    [message] = mail.outbox
    assert message.subject == "Ihre Anfrage bei Test campaign"
    assert "aber kein Konto verwendet diese Adresse" in message.body
    assert "https://trials.example.org/de/supporters/register/" in message.body


def test_the_same_request_in_english_stays_english(client, site_tree, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://trials.example.org"
    client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    [message] = mail.outbox
    assert message.subject == "Your request on Test campaign"
    assert "https://trials.example.org/supporters/register/" in message.body


def test_choosing_a_new_password_from_a_spanish_email_is_spanish_to_the_end(
    client, site_tree, django_user_model, settings
):
    settings.WAGTAILADMIN_BASE_URL = "http://testserver"
    user = django_user_model.objects.create_user("contact@example.org", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    assert "¿Has olvidado tu contraseña?" in _text(client.get("/es/accounts/login/"))

    done = client.post("/es/accounts/password/reset/", {"email": user.email}, follow=True)
    assert "<h1>Revisa tu correo</h1>" in _text(done)
    [message] = mail.outbox
    link = next(word for word in message.body.split() if "/es/accounts/password/reset/key/" in word)

    form = client.get(link.removeprefix("http://testserver"), follow=True)
    assert "<h1>Elige una contraseña nueva</h1>" in _text(form)
    new = "another-Long-passphrase-for-2027"
    changed = client.post(
        form.redirect_chain[-1][0], {"password1": new, "password2": new}, follow=True
    )
    assert "<h1>Contraseña cambiada</h1>" in _text(changed)
    user.refresh_from_db()
    assert user.check_password(new)


def test_an_old_reset_link_says_so_in_german(client, site_tree):
    response = client.get("/de/accounts/password/reset/key/zz-set-password/", follow=True)
    assert "Dieser Link funktioniert nicht mehr" in _text(response)


def test_confirming_an_address_in_german(client, site_tree, django_user_model):
    from allauth.account.models import EmailConfirmationHMAC

    user = django_user_model.objects.create_user("kontakt@example.org", PASSWORD)
    address = EmailAddress.objects.create(user=user, email=user.email, primary=True)
    key = EmailConfirmationHMAC(address).key

    page = _text(client.get(f"/de/accounts/confirm-email/{key}/"))
    assert "Bestätigen Sie Ihre E-Mail-Adresse" in page
    assert "Meine Adresse bestätigen</button>" in page
    client.post(f"/de/accounts/confirm-email/{key}/")
    address.refresh_from_db()
    assert address.verified


def test_a_broken_confirmation_link_says_what_to_do_in_spanish(client, site_tree):
    page = _text(client.get("/es/accounts/confirm-email/not-a-key/"))
    assert "Este enlace ha caducado o no funciona." in page


def test_changing_a_password_is_offered_in_spanish(client, site_tree, django_user_model):
    user = django_user_model.objects.create_user("contact@example.org", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)
    page = _text(client.get("/es/accounts/password/change/"))
    assert "<h1>Cambia tu contraseña</h1>" in page
    assert "Tu contraseña actual" in page and "Cerrar sesión" in page


def test_signing_in_and_out_is_announced_in_german(client, site_tree, django_user_model):
    from tests.factories import OrganisationFactory

    user = django_user_model.objects.create_user("kontakt@example.org", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    OrganisationFactory(owner=user)
    signed_in = client.post(
        "/de/accounts/login/", {"login": user.email, "password": PASSWORD}, follow=True
    )
    assert "Sie sind als kontakt@example.org angemeldet." in _text(signed_in)
    signed_out = client.post("/de/accounts/logout/")
    assert [str(m) for m in get_messages(signed_out.wsgi_request)] == ["Sie sind abgemeldet."]


def test_signing_out_in_spanish_leads_to_the_spanish_home_page(
    client, site_tree, django_user_model
):
    from wagtail.models import Locale

    home = site_tree["home"]
    home.copy_for_translation(Locale.objects.create(language_code="es")).save_revision().publish()
    client.force_login(django_user_model.objects.create_user("contact@example.org", PASSWORD))
    assert client.post("/es/accounts/logout/")["Location"] == "/es/"
    client.force_login(django_user_model.objects.get())
    assert client.post("/accounts/logout/")["Location"] == "/"


def test_managing_addresses_in_spanish(client, site_tree, django_user_model):
    user = django_user_model.objects.create_user("contact@example.org", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)
    page = _text(client.get("/es/accounts/email/"))
    assert "<h1>Tus direcciones de correo</h1>" in page
    assert "contact@example.org (confirmada, la que usamos para escribirte)" in page

    added = client.post(
        "/es/accounts/email/", {"action_add": "", "email": "otra@example.org"}, follow=True
    )
    assert EmailAddress.objects.filter(email="otra@example.org", verified=False).exists()
    assert "Hemos enviado a otra@example.org un enlace para confirmar la dirección." in _text(added)
    [message] = mail.outbox
    assert message.subject == "Confirma tu dirección de correo para Test campaign"
