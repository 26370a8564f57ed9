import json

import pytest
from django.core.management import call_command

from core.personal_data import personal_data_erase, personal_data_export
from petitions import services
from petitions.counts import count_from_rows, petition_count_refresh
from petitions.models import Signature

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(petition):
    result = services.signature_create(
        petition=petition,
        name="Ann Example",
        email="Ann+petition@Example.org",
        country="GB",
        postcode="SW1A 1AA",
        comment="Because.",
        ip="203.0.113.5",
        source_url="http://testserver/petition/",
    )
    services.signature_confirm(signature=result.signature)
    services.signature_create(
        petition=petition, name="Bo", email="bo@example.org", ip="203.0.113.6"
    )
    return result.signature


def test_export_finds_signatures_whatever_the_case_of_the_address(signed, petition):
    exported = personal_data_export(email=" ann+PETITION@example.org")["petitions"]
    assert len(exported) == 1
    record = exported[0]
    assert record["petition"] == petition.title
    assert record["name"] == "Ann Example"
    assert record["consent"]["text"] == petition.consent_text
    assert record["consent"]["page"] == "http://testserver/petition/"


def test_erasure_removes_the_person_and_keeps_the_count(signed, petition):
    petition_count_refresh(petition.pk)
    before = count_from_rows(petition.pk)
    message = personal_data_erase(email="ANN+petition@example.ORG")["petitions"]
    assert "still count" in message
    row = Signature.objects.get(pk=signed.pk)
    assert (row.name, row.email, row.postcode, row.comment, row.ip_hash, row.source_url) == (
        "",
    ) * 6
    assert row.erased_at is not None
    after = count_from_rows(petition.pk)
    assert (after.total, after.by_country) == (before.total, before.by_country)
    assert personal_data_export(email="ann+petition@example.org")["petitions"] == []
    # Someone else's signature is untouched.
    assert Signature.objects.get(email="bo@example.org").name == "Bo"


def test_an_untagged_address_is_another_persons_and_finds_nothing(signed):
    # One signature per inbox (email_key folds the +tag), but whose data it is
    # follows core/identity.py: ann@ and ann+petition@ may be two people.
    assert personal_data_export(email="ann@example.org")["petitions"] == []
    assert "No petition signatures" in personal_data_erase(email="ann@example.org")["petitions"]
    assert Signature.objects.get(pk=signed.pk).erased_at is None


def test_after_erasure_the_address_can_sign_again(signed, petition):
    personal_data_erase(email="ann+petition@example.org")
    again = services.signature_create(
        petition=petition, name="Ann", email="ann@example.org", ip="203.0.113.5"
    )
    assert again.outcome is services.Outcome.SIGNED


def test_the_command_exports_and_erases_signatures(signed, capsys):
    call_command("personal_data", "export", "Ann+Petition@example.org")
    exported = json.loads(capsys.readouterr().out)
    assert exported["petitions"][0]["name"] == "Ann Example"
    call_command("personal_data", "erase", "ann+petition@EXAMPLE.org", "--yes")
    assert "still count" in capsys.readouterr().out
    assert Signature.objects.get(pk=signed.pk).name == ""


def test_where_a_signer_came_from_is_exported_and_erased_with_them(petition):
    result = services.signature_create(
        petition=petition,
        name="Cy",
        email="cy@example.org",
        country="GB",
        ip="203.0.113.9",
        attribution={
            "utm_source": "newsletter",
            "utm_campaign": "spring",
            "referral_code": "abcdefghjk",
        },
    )
    signature = result.signature
    [record] = personal_data_export(email="cy@example.org")["petitions"]
    assert record["came_from"] == {
        "utm_source": "newsletter",
        "utm_medium": "",
        "utm_campaign": "spring",
        "referral_code": "abcdefghjk",
    }
    assert record["own_referral_code"] == signature.share_code

    personal_data_erase(email="cy@example.org")
    signature.refresh_from_db()
    assert (signature.utm_source, signature.utm_campaign, signature.referral_code) == ("", "", "")
    assert signature.share_code == ""
