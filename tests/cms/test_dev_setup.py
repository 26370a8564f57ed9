"""The dev-only admin account that `make run` creates and announces."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def var_dir(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    return tmp_path


def _run(**kwargs) -> str:
    out = io.StringIO()
    call_command("dev_setup", stdout=out, **kwargs)
    return out.getvalue()


def test_creates_one_admin_and_prints_how_to_sign_in(var_dir):
    first = _run(base_url="http://127.0.0.1:8123")
    second = _run(base_url="http://127.0.0.1:8123")

    user = get_user_model().objects.get()
    password = (var_dir / "dev-admin-password.txt").read_text().strip()
    assert user.is_superuser and user.check_password(password)
    assert f"Sign in to http://127.0.0.1:8123/admin/ as admin@example.com / {password}" in first
    assert first == second
    assert EmailAddress.objects.get(user=user).verified


@override_settings(DEV_SETUP_ALLOWED=False)
def test_refuses_outside_the_dev_settings(var_dir):
    with pytest.raises(CommandError, match="only runs with the dev settings"):
        _run()
    assert not get_user_model().objects.exists()
