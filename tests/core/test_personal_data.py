"""`manage.py personal_data export|erase EMAIL`: one request covers every app."""

import io
import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from core.personal_data import handlers, personal_data_erase
from supporters.models import Organisation, Status
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
EMAIL = "Ada@Patients.example.org"


@pytest.fixture
def person():
    user = get_user_model().objects.create_user(
        "ada@patients.example.org", "a-passphrase-42", first_name="Ada"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    listing = OrganisationFactory(
        name="Patients for Results",
        owner=user,
        contact_name="Ada Lovelace",
        contact_email=user.email,
    )
    bystander = OrganisationFactory(name="Someone Else", contact_email="other@example.org")
    return user, listing, bystander


def _run(*args) -> str:
    out = io.StringIO()
    call_command("personal_data", *args, stdout=out)
    return out.getvalue()


def test_every_app_that_keeps_people_is_registered():
    assert {handler.name for handler in handlers()} >= {"account", "supporters"}


def test_export_gathers_the_person_from_every_app_whatever_the_case(person):
    data = json.loads(_run("export", EMAIL))

    assert data["account"][0]["email"] == "ada@patients.example.org"
    assert data["account"][0]["email_addresses"][0]["verified"] is True
    assert [entry["organisation"] for entry in data["supporters"]] == ["Patients for Results"]
    assert data["supporters"][0]["contact_name"] == "Ada Lovelace"
    assert "Someone Else" not in json.dumps(data)


def test_erase_removes_the_person_and_keeps_the_organisation(person):
    user, listing, bystander = person

    out = _run("erase", EMAIL, "--yes")

    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert not EmailAddress.objects.filter(email__iexact=EMAIL).exists()
    listing.refresh_from_db()
    assert (listing.contact_name, listing.contact_email, listing.owner) == ("", "", None)
    assert listing.status == Status.APPROVED  # the organisation stays listed
    assert listing.decisions.first().note == "The contact's personal data was erased on request."
    bystander.refresh_from_db()
    assert bystander.contact_email == "other@example.org"
    assert "deleted the account" in out and "listings stay" in out
    exported = json.loads(_run("export", EMAIL))
    assert exported["account"] == [] and exported["supporters"] == []


def test_erasing_someone_unknown_changes_nothing():
    OrganisationFactory()
    said = personal_data_erase(email="nobody@example.org")
    assert said["account"] == "no account."
    assert said["supporters"] == "no listings."
    # Every app that registered answers, each saying it held nothing.
    assert set(said) >= {"account", "supporters", "petitions"}
    assert Organisation.objects.count() == 1


def test_bad_email_and_unconfirmed_erase_are_refused(person):
    with pytest.raises(CommandError, match="not an email address"):
        _run("export", "not-an-email")
    with pytest.raises(CommandError, match="add --yes"):
        _run("erase", EMAIL)
    assert get_user_model().objects.filter(email__iexact=EMAIL).exists()
