"""core/consent.py: one store of the wordings people agreed to, versioned by their text."""

import pytest

from core.consent import ConsentPurpose, text_digest, wording_export, wording_record
from core.models import ConsentWording

pytestmark = pytest.mark.django_db


def test_the_same_text_is_one_version_and_an_edited_text_a_new_one():
    first = wording_record(ConsentPurpose.UPDATES_SIGNUP, "Email me updates.")
    again = wording_record(ConsentPurpose.UPDATES_SIGNUP, "  Email me updates.\n")
    edited = wording_record(ConsentPurpose.UPDATES_SIGNUP, "Email me updates, please.")
    assert again.pk == first.pk
    assert edited.pk != first.pk and edited.version != first.version
    assert first.version == text_digest("Email me updates.")[:16]
    assert ConsentWording.objects.get(pk=first.pk).text == "Email me updates."


def test_a_text_is_versioned_separately_for_each_purpose():
    signing = wording_record(ConsentPurpose.PETITION_SIGNATURE, "I agree.")
    declaring = wording_record(ConsentPurpose.GIFT_AID_DECLARATION, "I agree.")
    assert signing.pk != declaring.pk
    assert {signing.purpose, declaring.purpose} == {"petition_signature", "gift_aid_declaration"}


def test_an_export_shows_the_words_and_the_version():
    wording = wording_record(ConsentPurpose.PETITION_UPDATES, "Send me updates.")
    assert wording_export(wording) == {"text": "Send me updates.", "version": wording.version}
    assert wording_export(None) is None


def test_erasing_a_person_keeps_the_words_they_agreed_to():
    from core.personal_data import personal_data_erase
    from tests.factories import (
        GiftAidDeclarationFactory,
        PetitionPageFactory,
        SignatureFactory,
        UpdatesConsentFactory,
    )

    signature = SignatureFactory(
        petition=PetitionPageFactory(), email="ann@example.org", email_key="ann@example.org"
    )
    consent = UpdatesConsentFactory(subscriber__email="ann@example.org")
    declaration = GiftAidDeclarationFactory(donation__email="ann@example.org")
    wordings = {signature.consent_id, consent.wording_id, declaration.wording_id}

    personal_data_erase(email="ann@example.org")

    signature.refresh_from_db()
    assert signature.is_erased and signature.consent_id in wordings
    assert ConsentWording.objects.filter(pk__in=wordings).count() == 3
