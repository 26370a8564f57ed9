"""What every public form shares, in the visitor's language: the country list and the
words of an empty field."""

import pytest
from django import forms
from django.utils import translation

from core.forms import CountryField, SpecificErrorsMixin


def _choices(language: str) -> dict[str, str]:
    with translation.override(language):
        return dict(CountryField().choices)


def test_country_names_and_the_prompt_are_in_the_active_language():
    german, spanish, english = _choices("de"), _choices("es"), _choices("en-gb")
    assert german["DE"] == "Deutschland" and german[""] == "Land auswählen"
    assert spanish["DE"] == "Alemania" and spanish[""] == "Elige un país"
    assert english["DE"] == "Germany" and english[""] == "Choose a country"


def test_the_list_is_in_the_alphabetical_order_of_the_language():
    with translation.override("de"):
        names = [name for code, name in CountryField().choices if code]
    assert names.index("Österreich") < names.index("Schweiz")
    assert names.index("Deutschland") < names.index("Frankreich")


class _Form(SpecificErrorsMixin, forms.Form):
    email_address = forms.CharField(label="Email address")
    consent = forms.BooleanField()


def test_an_empty_field_names_itself_in_the_active_language():
    with translation.override("de"):
        errors = _Form({}).errors
        assert errors["email_address"] == ["Bitte füllen Sie aus: Email address."]
        assert errors["consent"] == ["Setzen Sie das Häkchen, um fortzufahren."]
    with translation.override("es"):
        assert _Form({}).errors["email_address"] == ["Rellena el campo «Email address»."]
    with translation.override("en-gb"):
        assert _Form({}).errors["email_address"] == ["Enter email address."]


@pytest.mark.django_db
def test_the_operations_panel_speaks_the_admins_language(client, django_user_model):
    from wagtail.users.models import UserProfile

    boss = django_user_model.objects.create_superuser("boss@example.org", "passphrase-42-x")
    profile = UserProfile.get_for_user(boss)
    profile.preferred_language = "de"
    profile.save()
    client.force_login(boss)
    page = " ".join(client.get("/admin/").content.decode().split())
    assert "Betrieb" in page
    assert "Warteschlangen für Hintergrundaufgaben" in page or "Alles läuft" in page
