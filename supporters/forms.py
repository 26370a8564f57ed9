"""What a contact fills in to register or edit their organisation's listing."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from core.forms import CountryField, HoneypotField, HoneypotMixin, SpecificErrorsMixin

from .models import Category

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}


INVALID_WEB_ADDRESS = _("Enter a valid web address, like https://example.org.")


def validate_public_url(value: str) -> None:
    """Reject addresses that could not be a public website: no dot, an IP address, localhost."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (reading it checks it: a port past 65535 raises)
    except ValueError:
        # A bracket in the host is how an IPv6 address is written, so the parser
        # raises on a stray one ("https://exa[mple.org") instead of answering.
        raise ValidationError(INVALID_WEB_ADDRESS, code="invalid") from None
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https"):
        raise ValidationError(_("Enter a web address starting with https:// or http://."))
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        raise ValidationError(_("Enter the website's name (like example.org), not an IP address."))
    labels = host.split(".")
    if (
        len(labels) < 2
        or not labels[-1].isalpha()
        or len(labels[-1]) < 2
        or host.endswith(".local")
        or host == "localhost"
    ):
        raise ValidationError(
            _("This does not look like a public website address (like https://example.org).")
        )


class PublicURLValidator(URLValidator):
    """A well-formed web address (Django's checks) that a member of the public could open.

    The public checks run only on an address Django could read, so a malformed one
    gets one clear error rather than a pile of them.
    """

    message = INVALID_WEB_ADDRESS

    def __call__(self, value: str) -> None:
        super().__call__(value)
        validate_public_url(value)


class PublicURLField(forms.URLField):
    default_error_messages = {"invalid": INVALID_WEB_ADDRESS}
    default_validators = [PublicURLValidator()]

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        kwargs.setdefault("max_length", 300)
        super().__init__(**kwargs)


class OrganisationForm(SpecificErrorsMixin, HoneypotMixin, forms.Form):
    """A listing's details. `homepage` is the honeypot (core/forms.py; `website` is real here)."""

    name = forms.CharField(
        label=_("Organisation name"),
        max_length=200,
        error_messages={"required": _("Enter your organisation's name.")},
    )
    website = PublicURLField(
        label=_("Website"),
        help_text=_("e.g. https://example.org"),
        error_messages={
            "required": _("Enter your organisation's website, like https://example.org.")
        },
    )
    country = CountryField()
    category = forms.ChoiceField(
        label=_("Kind of organisation"),
        choices=[("", _("Choose one")), *Category.choices],
        error_messages={
            "required": _("Choose the kind of organisation yours is."),
            "invalid_choice": _("Choose the kind of organisation from the list."),
        },
    )
    statement = forms.CharField(
        label=_("Statement of support"),
        required=False,
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why your organisation supports the campaign, in up to 600 characters."),
    )
    contact_page = PublicURLField(
        label=_("Public contact page"),
        required=False,
        help_text=_("Where the public can reach you."),
    )
    logo = forms.ImageField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG, GIF or WebP, up to 2 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}
        ),
    )
    contact_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        help_text=_("Not shown publicly."),
        error_messages={"required": _("Enter your name, so a moderator knows whom to ask.")},
    )
    contact_role = forms.CharField(
        label=_("Your role"), max_length=120, required=False, help_text=_("Not shown publicly.")
    )
    homepage = HoneypotField()

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Enter your organisation's name."))
        return name

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if not logo or not hasattr(logo, "image"):
            return logo
        if logo.size > LOGO_MAX_BYTES:
            raise ValidationError(_("The logo is too large: please upload a file of at most 2 MB."))
        if (logo.image.format or "").upper() not in LOGO_FORMATS:
            raise ValidationError(_("Upload the logo as a PNG, JPEG, GIF or WebP image."))
        return logo

    def service_fields(self) -> dict:
        """The cleaned values as the services take them, the logo stored as a Wagtail image."""
        data = {
            key: value
            for key, value in self.cleaned_data.items()
            if key not in ("logo", "homepage")
        }
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "image"):
            data["logo"] = get_image_model().objects.create(title=f"{data['name']} logo", file=logo)
        elif logo is False:  # "clear" ticked on the edit form
            data["logo"] = None
        return data
