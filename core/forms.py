"""What every public form shares: the bot trap and the country list.

**The honeypot.** A `HoneypotField` is a text box people never see (moved off screen
by the `.honeypot` CSS, `aria-hidden` so screen readers skip it, out of the tab order,
autocomplete off) and form-filling bots fill in. A form with `HoneypotMixin` answers
`is_bot` once valid; its view then does nothing (nothing stored, nobody emailed) and
shows the same success page as for a person, so a bot learns nothing. The field is
usually named `website`, a name bots cannot resist; a form with a real website field
names it otherwise. `components/form_field.html` renders it as a honeypot by itself.

**The country list.** `CountryField` is a required-or-optional choice of every
country django-countries knows, in the active language, under one prompt, with one
wording of its errors. The list is a callable (Django's public `choices=callable`),
so it is built once per language and shared: Django deep-copies each field for every
form it builds, and copying some 250 countries was a sixth of the work of one signature.
A submitted code is checked against a set of the codes (the same in every language),
not by Django's walk through the list: that walk was another seventh of a signature.
"""

from __future__ import annotations

from functools import cache

from django import forms
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

COUNTRY_PROMPT = _("Choose a country")
COUNTRY_ERRORS = {
    "required": _("Choose your country."),
    "invalid_choice": _("Choose your country from the list."),
}


@cache
def _country_choices_in(language: str | None) -> tuple[tuple[str, str], ...]:
    # Called with `language` active: the names and their order are that language's.
    return (("", str(COUNTRY_PROMPT)), *((code, str(name)) for code, name in countries))


def country_choices() -> tuple[tuple[str, str], ...]:
    """The prompt, then every country by name, in the active language (built once per language)."""
    return _country_choices_in(get_language())


@cache
def country_codes() -> frozenset[str]:
    """Every code on the list; names change with the language, codes do not."""
    return frozenset(code for code, _name in countries)


class CountryField(forms.ChoiceField):
    """One country (its ISO code), chosen from the one list every public form shows."""

    def __init__(self, *, label: str = _("Country"), required: bool = True, **kwargs):
        kwargs["error_messages"] = {**COUNTRY_ERRORS, **kwargs.get("error_messages", {})}
        super().__init__(choices=country_choices, label=label, required=required, **kwargs)

    def valid_value(self, value) -> bool:
        """A code on the list: one set lookup. Choices set on the field since (a form that
        offers fewer countries) are checked as Django checks them."""
        if getattr(self.choices, "func", None) is country_choices:
            return str(value) in country_codes()
        return super().valid_value(value)


class HoneypotField(forms.CharField):
    """The bot trap: see the module's docstring. Never required, never an error."""

    is_honeypot = True

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Leave this empty"))
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1", "aria-hidden": "true"}),
        )
        super().__init__(required=False, **kwargs)


class HoneypotMixin:
    """`is_bot`: whether any HoneypotField of the form was filled in (after is_valid())."""

    @property
    def is_bot(self) -> bool:
        return any(
            str(self.cleaned_data.get(name) or "").strip()
            for name, field in self.fields.items()
            if isinstance(field, HoneypotField)
        )


class MastodonShareForm(forms.Form):
    """Which Mastodon instance to share on (the share step's `share_mastodon` view).

    A GET form that changes nothing: it only leads to the instance's own share page,
    so it needs neither a CSRF token nor a honeypot.
    """

    instance = forms.CharField(
        label=_("Your Mastodon server"),
        max_length=260,
        help_text=_(
            "For example mastodon.social, or your whole address like @you@mastodon.social."
        ),
        error_messages={
            "required": _("Enter the name of your Mastodon server, like mastodon.social.")
        },
    )
    text = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
    url = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def clean_instance(self) -> str:
        from .sharing import InvalidInstance, mastodon_host

        try:
            return mastodon_host(self.cleaned_data["instance"])
        except InvalidInstance:
            raise forms.ValidationError(
                gettext("Enter a server name like mastodon.social (no spaces, no path).")
            ) from None


# Django's own words for an empty field (lazy: compared in the language of the form).
GENERIC_REQUIRED = forms.Field.default_error_messages["required"]


def _as_noun(label: str) -> str:
    """A field's label as English reads it inside a sentence: "Email address" → "email
    address" (not an abbreviation like "UK postcode"). Other languages quote the label
    as it stands ("Rellena el campo «Correo electrónico»."), so it keeps its capital.
    """
    english = (get_language() or "en").split("-")[0] == "en"
    if not label or label[:2].isupper() or not english:
        return label
    return label[:1].lower() + label[1:]


def required_message(field: forms.Field) -> str:
    """What an empty field says when its form gave it no words of its own: named after
    the field ("Enter your password."), never Django's "This field is required."."""
    noun = _as_noun(str(field.label or "").strip().rstrip(":").strip())
    # Translators: in the three messages below, `field` is the field's label as the form
    # shows it (lower-cased in English only): quote it rather than fit it to a sentence.
    if isinstance(field, forms.BooleanField):
        return gettext("Tick the box to go on.")
    if isinstance(field, forms.FileField):
        if noun:
            return gettext("Choose a file for %(field)s.") % {"field": noun}
        return gettext("Choose a file.")
    if isinstance(field, forms.ChoiceField):
        if noun:
            return gettext("Choose %(field)s.") % {"field": noun}
        return gettext("Choose one.")
    if noun:
        return gettext("Enter %(field)s.") % {"field": noun}
    return gettext("Fill this in.")


class SpecificErrorsMixin:
    """Gives every required field without a message of its own one that names it.

    Forms the site writes say exactly what to do ("Enter your email address."); this
    catches the fields of forms from libraries (allauth's sign-in and password forms)
    and any field a form forgot, so no public form says "This field is required.".
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if str(field.error_messages.get("required", "")) == str(GENERIC_REQUIRED):
                field.error_messages["required"] = required_message(field)
