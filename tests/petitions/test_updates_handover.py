"""Signers who tick "send me campaign updates" join the updates list through its own
service, with the consent they gave on the petition, once they confirm."""

import pytest

from petitions import services

pytestmark = pytest.mark.django_db


def signed(petition, wants_updates: bool, email="ann@example.org"):
    return services.signature_create(
        petition=petition,
        name="Ann Example",
        email=email,
        country="GB",
        wants_updates=wants_updates,
        ip="203.0.113.5",
        source_url="http://testserver/petition/",
    ).signature


def test_a_confirmed_signer_who_asked_for_updates_becomes_a_subscriber(petition, committed):
    from updates.models import Subscriber

    signature = signed(petition, wants_updates=True)
    assert not Subscriber.objects.exists()  # not before the address is confirmed
    with committed():
        services.signature_confirm(signature=signature)
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "ann@example.org"
    assert subscriber.first_name == "Ann"
    assert str(subscriber.country) == "GB"
    assert subscriber.source == f"petition:{petition.slug}"
    assert subscriber.source_url == "http://testserver/petition/"


def test_the_updates_consent_is_the_one_given_on_the_petition(petition, committed):
    from updates.models import Subscriber

    signature = signed(petition, wants_updates=True)
    with committed():
        services.signature_confirm(signature=signature)
    subscriber = Subscriber.objects.get()
    consents = list(subscriber.consents.values_list("wording__text", "wording"))
    assert consents == [(petition.updates_text, signature.updates_consent_id)]


def test_signers_who_did_not_ask_for_updates_are_not_subscribed(petition, committed):
    from updates.models import Subscriber

    signature = signed(petition, wants_updates=False)
    with committed():
        services.signature_confirm(signature=signature)
    assert not Subscriber.objects.exists()


def test_a_signer_joins_the_updates_list_with_the_link_that_brought_them(petition, committed):
    from updates.models import Subscriber

    signature = services.signature_create(
        petition=petition,
        name="Ann Example",
        email="ann@example.org",
        country="GB",
        wants_updates=True,
        ip="203.0.113.5",
        attribution={
            "utm_source": "whatsapp",
            "utm_medium": "share",
            "referral_code": "abcdefghjk",
        },
    ).signature
    with committed():
        services.signature_confirm(signature=signature)
    assert Subscriber.objects.get().attribution_export() == {
        "utm_source": "whatsapp",
        "utm_medium": "share",
        "utm_campaign": "",
        "referral_code": "abcdefghjk",
    }
