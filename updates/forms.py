"""The sign-up form, the same on the /updates/ page, in the page block and on its own page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CountryField, HoneypotField, HoneypotMixin

from .consent import CONSENT_TEXT
from .models import Interest


def safe_local_path(value: str) -> str:
    """The page someone signed up on, if it is a path on this site; otherwise nothing."""
    value = (value or "").strip()
    if (
        not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
        or any(ord(char) < 32 for char in value)
    ):
        return ""
    return value[:500]


class SubscribeForm(HoneypotMixin, forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        error_messages={"required": _("Enter your email address.")},
    )
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    country = CountryField(required=False)
    interests = forms.ModelMultipleChoiceField(
        label=_("What would you like to hear about?"),
        queryset=Interest.objects.none(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose none for the campaign's main news only."),
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": _("Tick the box to agree, or we cannot send you our emails.")},
    )
    # Where the form was: kept only if it is a path on this site, never an error.
    source_url = forms.Field(required=False, widget=forms.HiddenInput)
    website = HoneypotField()  # core/forms.py: a filled one is a bot

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interests"].queryset = Interest.objects.originals().filter(active=True)
        # Each original, named in the visitor's language.
        self.fields["interests"].label_from_instance = lambda interest: interest.translated.name

    def clean_source_url(self) -> str:
        return safe_local_path(self.cleaned_data.get("source_url", ""))
