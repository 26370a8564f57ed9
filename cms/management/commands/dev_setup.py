"""Create the local admin account for `make run`. Refuses to run outside the dev settings."""

import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEV_EMAIL = "admin@example.com"


def credentials_file():
    return settings.VAR_DIR / "dev-admin-password.txt"


class Command(BaseCommand):
    help = "Create the dev-only admin account (once) and print how to sign in."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    def handle(self, *args, base_url, **options):
        if not getattr(settings, "DEV_SETUP_ALLOWED", False):
            raise CommandError("dev_setup only runs with the dev settings (config.settings.dev).")
        User = get_user_model()
        path = credentials_file()
        user = User.objects.filter(email=DEV_EMAIL).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            user = User.objects.create_superuser(DEV_EMAIL, password)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(password + "\n")
            path.chmod(0o600)
        # Sign-in goes through allauth, which wants a verified email address.
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        if path.exists():
            password_hint = path.read_text().strip()
        else:
            password_hint = (
                f"(the password you set; reset it with `manage.py changepassword {DEV_EMAIL}`)"
            )
        self.stdout.write(
            f"Sign in to {base_url}/admin/ as {user.email} / {password_hint}  (dev-only account)"
        )
