"""Staff sign in through allauth and must use TOTP two-factor authentication for the admin."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import override_settings

from tests.auth import current_totp_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_factor_required")]
PASSWORD = "a-Long-and-unusual-passphrase-42"


@pytest.fixture
def two_factor_required():
    with override_settings(STAFF_REQUIRE_2FA=True):
        yield


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_superuser("editor@example.org", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_staff_without_an_authenticator_must_set_one_up_first(client, editor):
    client.force_login(editor)

    response = client.get("/admin/pages/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/?next=%2Fadmin%2Fpages%2F")


def test_the_admin_login_page_leads_to_the_allauth_sign_in(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"


def test_sign_in_asks_for_the_code_and_then_opens_the_admin(client, editor):
    secret = generate_totp_secret()
    TOTP.activate(editor, secret)

    response = client.post(
        "/accounts/login/?next=/admin/", {"login": editor.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert client.get("/admin/").status_code == 302  # not signed in yet

    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200 and "Incorrect code" in wrong.content.decode()

    response = client.post("/accounts/2fa/authenticate/", {"code": current_totp_code(secret)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert Authenticator.objects.filter(user=editor, type=Authenticator.Type.TOTP).exists()


def test_people_without_admin_access_are_not_sent_to_two_factor_setup(client, django_user_model):
    contact = django_user_model.objects.create_user("c@example.org", PASSWORD)
    client.force_login(contact)
    response = client.get("/admin/")
    assert "/accounts/2fa/" not in response.get("Location", "")


def test_setting_up_an_authenticator_opens_the_admin(client, editor):
    signed_in = client.post(
        "/accounts/login/?next=/admin/", {"login": editor.email, "password": PASSWORD}
    )
    assert signed_in["Location"] == "/admin/"
    assert client.get("/admin/")["Location"].startswith("/accounts/2fa/totp/activate/")
    # allauth asks for the password again before a new authenticator is added.
    assert client.get("/accounts/2fa/totp/activate/")["Location"].startswith(
        "/accounts/reauthenticate/"
    )
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/?next=/admin/")
    assert page.status_code == 200
    assert 'class="site-header"' in page.content.decode()  # in the site's design
    secret = page.context["form"].secret

    response = client.post(
        "/accounts/2fa/totp/activate/?next=/admin/", {"code": current_totp_code(secret)}
    )

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=editor, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/").status_code == 200
