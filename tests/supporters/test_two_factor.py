"""Staff sign in through allauth and must use TOTP two-factor authentication for the admin.

Before a staff account's first authenticator is added, its owner proves they read the
account's email: signing in with the password alone sends a short-lived code there, and
only a session that entered it may add an authenticator. Otherwise anyone who learnt a
staff password could enrol their own authenticator and keep the account."""

import re
import time
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.test import Client, override_settings

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
    signed_in = _sign_in_with_password(client, editor)
    client.post(signed_in["Location"], {"code": _emailed_code()})

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


def _emailed_code() -> str:
    message = mail.outbox[-1]
    assert message.to == ["editor@example.org"]
    return re.search(r"^\s*([A-Z0-9]{4,}(?:-[A-Z0-9]{4,})*)\s*$", message.body, re.M).group(1)


def _sign_in_with_password(client, user):
    return client.post("/accounts/login/?next=/admin/", {"login": user.email, "password": PASSWORD})


def _enrol(client, *, reauthenticate: bool = True):
    """Try to add an authenticator the way a person would; the response to the last step."""
    page = client.get("/accounts/2fa/totp/activate/?next=/admin/")
    if reauthenticate and page.status_code == 302 and "/reauthenticate/" in page["Location"]:
        client.post("/accounts/reauthenticate/", {"password": PASSWORD})
        page = client.get("/accounts/2fa/totp/activate/?next=/admin/")
    if page.status_code != 200:
        return page
    secret = page.context["form"].secret
    return client.post(
        "/accounts/2fa/totp/activate/?next=/admin/", {"code": current_totp_code(secret)}
    )


def _has_authenticator(user) -> bool:
    return Authenticator.objects.filter(user=user).exists()


def test_the_password_alone_sends_a_code_to_the_accounts_email_and_signs_nobody_in(client, editor):
    response = _sign_in_with_password(client, editor)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/code/confirm/")
    assert len(mail.outbox) == 1 and _emailed_code()
    assert "/admin/" in mail.outbox[0].body or "two-factor" in mail.outbox[0].body
    # Not signed in: the admin and enrolment both lead back to signing in.
    assert client.get("/admin/")["Location"].startswith("/accounts/login/")
    assert client.get("/accounts/2fa/totp/activate/")["Location"].startswith("/accounts/login/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'class="site-header"' in page.content.decode()  # in the site's design
    assert "editor@example.org" in page.content.decode()


def test_a_session_that_never_entered_the_code_cannot_add_an_authenticator(client, editor):
    """A session that signed in before this rule, or before the account became staff."""
    client.force_login(editor)

    admin = client.get("/admin/pages/")
    assert admin.status_code == 403
    assert "sign in again" in admin.content.decode().lower()
    assert 'action="/accounts/logout/"' in admin.content.decode()

    response = _enrol(client)

    assert response.status_code == 403
    assert not _has_authenticator(editor)
    secret = generate_totp_secret()
    posted = client.post("/accounts/2fa/totp/activate/", {"code": current_totp_code(secret)})
    assert posted.status_code == 403
    assert not _has_authenticator(editor)


def test_with_the_emailed_code_the_first_authenticator_is_added(client, editor):
    signed_in = _sign_in_with_password(client, editor)
    confirmed = client.post(signed_in["Location"], {"code": _emailed_code()})

    assert confirmed.status_code == 302
    assert client.get("/admin/")["Location"].startswith("/accounts/2fa/totp/activate/")
    response = _enrol(client)

    assert response.status_code == 302
    assert _has_authenticator(editor)
    assert client.get("/admin/").status_code == 200


def test_the_code_expires(client, editor, settings):
    signed_in = _sign_in_with_password(client, editor)
    code = _emailed_code()

    later = time.time() + settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT + 1
    with mock.patch("time.time", return_value=later):
        response = client.post(signed_in["Location"], {"code": code})

    assert response.status_code == 302
    assert client.get("/admin/")["Location"].startswith("/accounts/login/")
    assert not _has_authenticator(editor)


def test_the_code_works_once(client, editor):
    signed_in = _sign_in_with_password(client, editor)
    first_code = _emailed_code()
    assert client.post(signed_in["Location"], {"code": first_code}).status_code == 302
    client.post("/accounts/logout/")

    again = _sign_in_with_password(client, editor)
    reused = client.post(again["Location"], {"code": first_code})

    assert reused.status_code == 200  # "incorrect code", still not signed in
    assert client.get("/admin/")["Location"].startswith("/accounts/login/")
    assert client.post(again["Location"], {"code": _emailed_code()}).status_code == 302
    assert client.get("/admin/")["Location"].startswith("/accounts/2fa/totp/activate/")


def test_wrong_codes_end_the_attempt(client, editor):
    signed_in = _sign_in_with_password(client, editor)
    code = _emailed_code()
    for _ in range(3):
        client.post(signed_in["Location"], {"code": "WRNG-WRNG"})

    client.post(signed_in["Location"], {"code": code})

    assert client.get("/admin/")["Location"].startswith("/accounts/login/")


def test_codes_sent_to_one_account_are_rate_limited(editor):
    """Each sign-in from a new browser sends a code; a stranger with the password cannot
    fill the owner's inbox (allauth's `request_login_code` limit, per address)."""
    answers = [_sign_in_with_password(Client(), editor).status_code for _ in range(4)]

    assert answers == [302, 302, 302, 429]
    assert len(mail.outbox) == 3


def test_staff_with_an_authenticator_sign_in_as_before(client, editor):
    secret = generate_totp_secret()
    TOTP.activate(editor, secret)

    response = _sign_in_with_password(client, editor)

    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert mail.outbox == []


def test_contacts_sign_in_with_their_password_alone(client, django_user_model):
    contact = django_user_model.objects.create_user("c@example.org", PASSWORD)
    EmailAddress.objects.create(user=contact, email=contact.email, verified=True, primary=True)

    response = client.post("/accounts/login/", {"login": contact.email, "password": PASSWORD})

    assert response["Location"] == "/supporters/account/"
    assert mail.outbox == []


@override_settings(STAFF_REQUIRE_2FA=False)
def test_without_required_two_factor_staff_sign_in_with_the_password(client, editor):
    assert _sign_in_with_password(client, editor)["Location"] == "/admin/"
    assert mail.outbox == []
