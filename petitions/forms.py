"""The signing and resend forms. What each petition asks is set on its page."""

from __future__ import annotations

import copy
import functools
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import CountryField, HoneypotField, HoneypotMixin

# Control characters and angle brackets have no place in a name shown on a list.
NAME_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f<>]")
POSTCODE_ALLOWED = re.compile(r"^[A-Za-z0-9 \-]{2,12}$")
# The signing and the resend forms word a bad address alike.
EMAIL_ERRORS = {
    "required": _("Enter your email address."),
    "invalid": _("Enter an email address like name@example.org."),
}


class SignatureForm(HoneypotMixin, forms.Form):
    """Name, email, country and the optional fields the petition asks for.

    `website` is the honeypot (core/forms.py): a filled one is a bot, and `sign`
    answers it like anyone else while storing nothing.
    """

    name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        error_messages={
            "required": _("Enter your name."),
            "max_length": _("Names can be at most 100 characters long."),
        },
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("We send you a link to confirm your signature."),
        error_messages={
            **EMAIL_ERRORS,
            "max_length": _("Email addresses can be at most 254 characters long."),
        },
    )
    country = CountryField()
    postcode = forms.CharField(
        label=_("Postcode"),
        required=False,
        max_length=12,
        error_messages={"max_length": _("Postcodes can be at most 12 characters long.")},
    )
    comment = forms.CharField(
        label=_("Why are you signing?"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Comments can be at most 500 characters long.")},
    )
    show_name = forms.BooleanField(label=_("Show my name on the list of signers"), required=False)
    wants_updates = forms.BooleanField(required=False)
    consent = forms.BooleanField(
        error_messages={"required": _("Tick the box to agree, or we cannot count your signature.")}
    )
    website = HoneypotField()

    def __init__(self, *args, petition, **kwargs):
        # Django gives every form its own deep copy of all declared fields (about 150 µs
        # a signing: README, "Signing on a busy day"). They depend only on what the
        # petition asks and how it words the consent, and nothing changes a field once
        # built (validating and rendering read them), so forms share one copy per
        # wording (_fields_for).
        self.base_fields = {}  # what Django's __init__ copies, for this instance only
        super().__init__(*args, **kwargs)
        del self.base_fields
        self.fields = _fields_for(
            ask_country=petition.ask_country,
            ask_postcode=petition.ask_postcode,
            ask_comment=petition.ask_comment,
            consent_label=petition.consent_text,
            updates_label=petition.updates_text,
        ).copy()
        self.petition = petition

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Enter your name."))
        if NAME_FORBIDDEN.search(name):
            raise ValidationError(_("Use letters, spaces and punctuation only in your name."))
        return name

    def clean_postcode(self) -> str:
        postcode = " ".join(self.cleaned_data.get("postcode", "").split()).upper()
        if postcode and not POSTCODE_ALLOWED.match(postcode):
            raise ValidationError(_("Enter a postcode using letters, numbers and spaces only."))
        return postcode


@functools.lru_cache(maxsize=128)
def _fields_for(
    *,
    ask_country: bool,
    ask_postcode: bool,
    ask_comment: bool,
    consent_label: str,
    updates_label: str,
) -> dict[str, forms.Field]:
    """SignatureForm's fields for a petition that asks these questions with these
    labels, made once per process (a copy of the declared ones, as Django makes per
    form). Forms share them and never change them: a form that must change one (a
    label, a widget's attributes) would have to copy it first."""
    fields = copy.deepcopy(SignatureForm.base_fields)
    for name, asked in (
        ("country", ask_country),
        ("postcode", ask_postcode),
        ("comment", ask_comment),
    ):
        if not asked:
            del fields[name]
    fields["consent"].label = consent_label
    fields["wants_updates"].label = updates_label
    return fields


class ResendForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address you signed with"),
        max_length=254,
        error_messages=EMAIL_ERRORS,
    )
