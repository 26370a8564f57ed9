import datetime

import pytest
from django.core import mail
from django.utils import timezone

from core.signing import LinkExpired, LinkInvalid
from petitions import services
from petitions.counts import petition_tally
from petitions.models import Signature, Status
from tests.factories import SignatureFactory

pytestmark = pytest.mark.django_db


def sign(petition, email="ann@example.org", ip="203.0.113.5", **fields):
    fields.setdefault("name", "Ann Example")
    fields.setdefault("country", "GB")
    return services.signature_create(petition=petition, email=email, ip=ip, **fields)


def test_signing_stores_a_pending_signature_and_emails_a_confirmation_link(petition, committed):
    with committed():
        result = sign(petition, source_url="http://testserver/petition/")
    assert result.outcome is services.Outcome.SIGNED
    signature = Signature.objects.get()
    assert signature.status == Status.PENDING
    assert signature.email_key == "ann@example.org"
    assert [message.to for message in mail.outbox] == [["ann@example.org"]]
    assert "/petitions/confirm/" in mail.outbox[0].body
    assert petition.confirmation_email_subject in mail.outbox[0].subject


def test_the_consent_record_names_the_text_the_time_and_the_page(petition):
    before = timezone.now()
    sign(petition, source_url="http://testserver/petition/", wants_updates=True)
    signature = Signature.objects.get()
    assert signature.consent.text == petition.consent_text
    assert signature.updates_consent.text == petition.updates_text
    assert signature.consent_given_at >= before
    assert signature.source_url == "http://testserver/petition/"


def test_changing_the_consent_wording_starts_a_new_version(petition):
    sign(petition, email="a@example.org")
    petition.consent_text = "New wording."
    petition.save()
    sign(petition, email="b@example.org")
    first, second = Signature.objects.order_by("pk")
    assert first.consent.version != second.consent.version
    assert first.consent.text != "New wording."


def test_ip_addresses_are_stored_only_as_keyed_hashes(petition):
    sign(petition, ip="198.51.100.23")
    signature = Signature.objects.get()
    assert "198.51.100.23" not in signature.ip_hash
    assert len(signature.ip_hash) == 32
    for field in Signature._meta.concrete_fields:
        assert "198.51.100.23" not in str(getattr(signature, field.attname))


def test_a_second_signature_with_the_same_address_stores_nothing_and_sends_already_signed(
    petition, committed
):
    with committed():
        sign(petition, email="ann@example.org")
        result = sign(petition, email=" ANN+again@Example.org ")
    assert result.outcome is services.Outcome.DUPLICATE
    assert Signature.objects.count() == 1
    subjects = [message.subject for message in mail.outbox]
    assert len(subjects) == 2
    assert subjects[1].startswith("You have already signed")
    # Still unconfirmed: the "already signed" email carries the confirmation link.
    assert "/petitions/confirm/" in mail.outbox[1].body


def test_already_signed_email_for_a_confirmed_signer_has_no_link(petition, committed):
    SignatureFactory(petition=petition, email="bo@example.org", email_key="bo@example.org")
    with committed():
        sign(petition, email="bo@example.org")
    assert "/petitions/confirm/" not in mail.outbox[0].body
    assert "confirmed and counts" in mail.outbox[0].body


def test_the_same_address_may_sign_another_petition(petition, site_tree):
    from tests.factories import PetitionPageFactory

    other = PetitionPageFactory(parent=site_tree["home"], publish=True)
    sign(petition)
    assert sign(other).outcome is services.Outcome.SIGNED
    assert Signature.objects.count() == 2


def test_a_closed_petition_refuses_signatures(petition):
    petition.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    with pytest.raises(services.PetitionClosed):
        sign(petition)
    assert not Signature.objects.exists()


def test_a_petition_not_yet_open_refuses_signatures(petition):
    petition.opens_at = timezone.now() + datetime.timedelta(days=1)
    with pytest.raises(services.PetitionClosed):
        sign(petition)


def test_fields_the_petition_does_not_ask_for_are_not_stored(petition):
    petition.ask_postcode = petition.ask_comment = False
    sign(petition, postcode="SW1A 1AA", comment="Hello")
    signature = Signature.objects.get()
    assert signature.postcode == "" and signature.comment == ""


def test_confirming_counts_the_signature_once(petition, committed):
    result = sign(petition)
    signature = result.signature
    with committed():
        assert services.signature_confirm(signature=signature) is True
    assert petition_tally(petition.pk).total == 1
    first_confirmed_at = Signature.objects.get().confirmed_at
    with committed():
        assert services.signature_confirm(signature=signature) is False
    assert Signature.objects.get().confirmed_at == first_confirmed_at
    assert petition_tally(petition.pk).total == 1


def test_an_invalidated_signature_cannot_be_confirmed(petition):
    signature = sign(petition).signature
    services.signatures_invalidate(signatures=Signature.objects.all())
    assert services.signature_confirm(signature=signature) is False
    assert Signature.objects.get().status == Status.INVALID


def test_tokens_name_their_signature_and_expire(petition, settings):
    signature = sign(petition).signature
    token = signature.confirmation_token()
    assert services.signature_from_token(token) == signature
    settings.PETITION_CONFIRM_LINK_DAYS = 0
    with pytest.raises(LinkExpired):
        services.signature_from_token(token)
    assert services.signature_named_by_expired_token(token) == signature


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "x" + token,
        lambda token: token.split(":")[0],
    ],
)
def test_altered_tokens_are_refused(petition, mangle):
    signature = sign(petition).signature
    with pytest.raises(LinkInvalid):
        services.signature_from_token(mangle(signature.confirmation_token()))


def test_a_token_made_for_another_purpose_is_refused(petition):
    from django.core import signing

    signature = sign(petition).signature
    forged = signing.dumps([signature.pk, "whatever"], salt="supporters.something-else")
    with pytest.raises(LinkInvalid):
        services.signature_from_token(forged)


def test_resend_sends_the_link_again_only_for_a_pending_signature(petition, committed):
    with committed():
        sign(petition, email="ann@example.org")
    with committed():
        services.signature_resend_confirmation(
            petition=petition, email="Ann@example.org", ip="203.0.113.5"
        )
        services.signature_resend_confirmation(
            petition=petition, email="nobody@example.org", ip="203.0.113.5"
        )
    assert [message.to for message in mail.outbox] == [["ann@example.org"], ["ann@example.org"]]


def test_expiry_deletes_only_old_unconfirmed_signatures(petition, settings):
    settings.PETITION_UNCONFIRMED_DAYS = 30
    old = timezone.now() - datetime.timedelta(days=31)
    SignatureFactory(
        petition=petition,
        status=Status.PENDING,
        created_at=old,
        email="a@x.org",
        email_key="a@x.org",
    )
    SignatureFactory(petition=petition, status=Status.PENDING, email="b@x.org", email_key="b@x.org")
    SignatureFactory(
        petition=petition,
        status=Status.CONFIRMED,
        created_at=old,
        email="c@x.org",
        email_key="c@x.org",
    )
    assert services.signatures_expire_unconfirmed() == 1
    assert sorted(Signature.objects.values_list("email", flat=True)) == ["b@x.org", "c@x.org"]


def test_clearing_a_flag_makes_the_signature_count(petition, committed):
    flagged = SignatureFactory(petition=petition, flagged=True, flag_reason="flood")
    SignatureFactory(petition=petition)
    assert petition_tally(petition.pk).total == 1
    with committed():
        changed = services.signatures_clear_flag(signatures=Signature.objects.filter(pk=flagged.pk))
    assert changed == 1
    assert petition_tally(petition.pk).total == 2


def held(petition, email="held@example.org"):
    """A signature held for review: past the per-address limit from a busy address."""
    signature = sign(petition, email=email, ip="198.51.100.77").signature
    Signature.objects.filter(pk=signature.pk).update(
        flagged=True, flag_reason="held for review", confirmation_held=True
    )
    signature.refresh_from_db()
    return signature


def test_a_held_signature_gets_no_link_by_resending(petition, committed):
    """Resending must not open a way round the hold: the link waits for the editor."""
    with committed():
        held(petition)
    mail.outbox.clear()
    with committed():
        services.signature_resend_confirmation(
            petition=petition, email="held@example.org", ip="203.0.113.5"
        )
    assert mail.outbox == []


def test_signing_again_while_held_says_the_link_follows_a_check(petition, committed):
    with committed():
        held(petition)
    mail.outbox.clear()
    with committed():
        assert sign(petition, email="held@example.org").outcome is services.Outcome.DUPLICATE
    [notice] = mail.outbox
    assert "/petitions/confirm/" not in notice.body
    assert "once we have checked" in notice.body


def test_an_accepted_signature_has_the_whole_confirmation_window_from_acceptance(
    petition, settings, committed
):
    settings.PETITION_UNCONFIRMED_DAYS = 30
    signature = held(petition)
    Signature.objects.filter(pk=signature.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=29)
    )
    with committed():
        services.signatures_clear_flag(signatures=Signature.objects.filter(pk=signature.pk))
    Signature.objects.filter(pk=signature.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    assert services.signatures_expire_unconfirmed() == 0
    assert Signature.objects.filter(pk=signature.pk).exists()
