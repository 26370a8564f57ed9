"""Signing in speaks to editors and organisations alike, sends each where they work,
and every email says the site's name and address, not the host of the request."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Permission
from django.core import mail
from wagtail.models import Site

from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "a-Long-and-unusual-passphrase-42"


def _user(django_user_model, email: str, **extra):
    user = django_user_model.objects.create_user(email, PASSWORD, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _sign_in(client, email: str, next_url: str = ""):
    data = {"login": email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post("/accounts/login/", data)


def test_an_editor_who_opens_the_admin_sign_in_lands_in_the_admin(client, django_user_model):
    editor = _user(django_user_model, "editor@example.org")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    page = client.get("/admin/login/", follow=True)
    assert page.redirect_chain[-1][0].startswith("/accounts/login/")

    response = _sign_in(client, editor.email)
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_a_superuser_lands_in_the_admin_too(client, django_user_model):
    _user(django_user_model, "owner@example.org", is_superuser=True, is_staff=True)
    assert _sign_in(client, "owner@example.org")["Location"] == "/admin/"


def test_where_an_editor_was_going_wins(client, django_user_model):
    editor = _user(django_user_model, "editor@example.org")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    response = _sign_in(client, editor.email, next_url="/admin/pages/")
    assert response["Location"] == "/admin/pages/"


def test_an_organisation_lands_in_its_account_area(client, django_user_model):
    contact = _user(django_user_model, "contact@example.org")
    factories.OrganisationFactory(owner=contact)
    response = _sign_in(client, contact.email)
    assert response["Location"] == "/supporters/account/"


def test_the_sign_in_page_speaks_to_editors_and_organisations(client):
    text = " ".join(client.get("/accounts/login/").content.decode().split())
    assert "Editors and staff" in text and "Organisations" in text
    assert "sign up first" not in text.lower()
    assert "Keep me signed in on this device" in text
    assert "Remember Me" not in text
    assert 'href="/supporters/register/"' in text


def test_an_empty_sign_in_says_what_is_missing(client):
    text = client.post("/accounts/login/", {}).content.decode()
    assert "Enter the email address you sign in with." in text
    assert "Enter your password." in text
    assert "This field is required" not in text


@pytest.fixture
def named_site(site_tree):
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Trials Campaign"
    site.save()
    return site


def test_a_password_reset_email_carries_the_sites_name_and_address(
    client, django_user_model, named_site, settings
):
    settings.WAGTAILADMIN_BASE_URL = "https://trials.example.org"
    _user(django_user_model, "contact@example.org")
    client.post("/accounts/password/reset/", {"email": "contact@example.org"})
    [message] = mail.outbox
    assert message.subject == "Set a new password for Trials Campaign"
    assert "Hello from" not in message.body and "testserver" not in message.body.split("http")[0]
    assert "your account on Trials Campaign" in message.body
    assert message.body.rstrip().endswith("Trials Campaign\nhttps://trials.example.org/")


def test_the_verification_email_after_registering_names_the_site(client, named_site):
    client.post(
        "/supporters/register/",
        {
            "name": "Patients for Trial Transparency",
            "website": "https://patients.example.org",
            "country": "GB",
            "category": "patient_group",
            "contact_name": "Ada Lovelace",
            "account-email": "ada@example.org",
            "account-password1": PASSWORD,
            "account-password2": PASSWORD,
        },
    )
    [message] = mail.outbox
    assert message.subject == "Confirm your email address for Trials Campaign"
    assert "an account on Trials Campaign" in message.body
    assert "Hello from" not in message.body
