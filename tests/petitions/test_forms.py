"""The signing form: what each petition asks, and forms sharing their fields safely."""

import pytest

from petitions.forms import SignatureForm
from petitions.models import PetitionPage

pytestmark = pytest.mark.django_db  # a new page looks up its locale

VALID = {"name": "Ada Lovelace", "email": "ada@example.org", "country": "GB", "consent": "on"}


def _petition(**asks) -> PetitionPage:
    return PetitionPage(title="Register all trials", **asks)


def test_a_form_asks_what_its_petition_asks_in_its_words():
    asks_all = _petition(
        ask_country=True,
        ask_postcode=True,
        ask_comment=True,
        consent_text="I agree, in the first petition's words.",
        updates_text="Tell me what happens next.",
    )
    asks_little = _petition(
        ask_country=False,
        ask_postcode=False,
        ask_comment=False,
        consent_text="I agree, in the second petition's words.",
    )

    full = SignatureForm(petition=asks_all)
    short = SignatureForm(petition=asks_little)
    again = SignatureForm(petition=asks_all)

    assert {"country", "postcode", "comment"} <= set(full.fields)
    assert not {"country", "postcode", "comment"} & set(short.fields)
    assert full.fields["consent"].label == "I agree, in the first petition's words."
    assert full.fields["wants_updates"].label == "Tell me what happens next."
    assert short.fields["consent"].label == "I agree, in the second petition's words."
    assert again.fields["consent"].label == "I agree, in the first petition's words."
    assert "I agree, in the first petition&#x27;s words." in str(full["consent"].label_tag())


def test_new_wording_gives_new_labels_and_leaves_the_declared_fields_alone():
    petition = _petition(consent_text="The old wording.")
    SignatureForm(petition=petition)
    petition.consent_text = "The new wording."

    assert SignatureForm(petition=petition).fields["consent"].label == "The new wording."
    # Labels are set on the form's copies, never on the class's declared fields.
    assert SignatureForm.base_fields["consent"].label is None
    assert set(SignatureForm.base_fields) >= {"country", "postcode", "comment"}


def test_each_form_has_its_own_list_of_fields():
    petition = _petition(ask_postcode=True)
    first = SignatureForm(petition=petition)
    del first.fields["postcode"]

    assert "postcode" in SignatureForm(petition=petition).fields


def test_forms_that_share_fields_validate_and_report_errors_each_on_their_own():
    petition = _petition(ask_postcode=True)
    good = SignatureForm({**VALID, "postcode": " sw1a 1aa "}, petition=petition)
    bad = SignatureForm({**VALID, "consent": "", "postcode": "<b>"}, petition=petition)

    assert good.is_valid(), good.errors
    assert good.cleaned_data["postcode"] == "SW1A 1AA"
    assert not bad.is_valid()
    assert set(bad.errors) == {"consent", "postcode"}
    assert not good.errors
    assert SignatureForm(petition=petition).is_bound is False
