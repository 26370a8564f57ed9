"""Accounts are email addresses: no usernames anywhere, in the admin or in sign-in."""

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError

pytestmark = pytest.mark.django_db


def test_accounts_are_made_and_found_by_email():
    User = get_user_model()
    user = User.objects.create_user("Ada@Example.ORG", "a-long-passphrase-42")
    assert user.email == "Ada@example.org"  # the domain part is case-insensitive
    assert User.USERNAME_FIELD == "email"
    assert "username" not in {field.name for field in User._meta.get_fields()}
    assert user.check_password("a-long-passphrase-42")
    assert not user.is_staff
    admin = User.objects.create_superuser("boss@example.org", "another-passphrase-42")
    assert admin.is_staff and admin.is_superuser


def test_one_account_per_email_and_an_email_is_required():
    User = get_user_model()
    User.objects.create_user("one@example.org", "x")
    with pytest.raises(ValueError, match="needs an email"):
        User.objects.create_user("", "x")
    with pytest.raises(IntegrityError):
        User.objects.create_user("one@example.org", "y")


def test_an_administrator_adds_an_editor_by_email_in_the_wagtail_admin(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/users/new/").status_code == 200

    response = client.post(
        "/admin/users/new/",
        {
            "email": "editor@example.org",
            "first_name": "Ed",
            "last_name": "Itor",
            "password1": "a-Long-and-unusual-passphrase-42",
            "password2": "a-Long-and-unusual-passphrase-42",
            "is_active": "on",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    assert get_user_model().objects.filter(email="editor@example.org").exists()
