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
