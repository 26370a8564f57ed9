"""A subscriber's language: recorded at sign-up, and Mailchimp's member `language`."""

import pytest
from django.db import transaction

from core.consent import ConsentPurpose, wording_record
from updates import mailchimp, services

pytestmark = pytest.mark.django_db


def signup(django_capture_on_commit_callbacks, **fields):
    consent = wording_record(ConsentPurpose.UPDATES_SIGNUP, "Sí, enviadme novedades.")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        return services.subscriber_signup(
            email="ana@example.org", source="updates-form", consent=consent, **fields
        )


def test_a_spanish_sign_up_reaches_mailchimp_as_spanish(
    fake_mailchimp, django_capture_on_commit_callbacks
):
    subscriber = signup(django_capture_on_commit_callbacks, language="es")
    assert subscriber.language == "es"
    [put] = fake_mailchimp.calls_to("PUT", r"/members/")
    assert put.body["language"] == "es"
    assert fake_mailchimp.member("ana@example.org")["language"] == "es"


def test_signing_up_again_in_another_language_moves_the_member(
    fake_mailchimp, django_capture_on_commit_callbacks
):
    signup(django_capture_on_commit_callbacks, language="es")
    subscriber = signup(django_capture_on_commit_callbacks, language="de")
    assert subscriber.language == "de"
    assert fake_mailchimp.member("ana@example.org")["language"] == "de"
    # A sign-up that names no language (or one the site does not offer) keeps the last one.
    assert signup(django_capture_on_commit_callbacks, language="xx").language == "de"


def test_the_default_language_is_english_for_mailchimp(
    fake_mailchimp, django_capture_on_commit_callbacks
):
    subscriber = signup(django_capture_on_commit_callbacks)
    assert subscriber.language == "en-gb"
    assert services.member_body(subscriber)["language"] == "en"


@pytest.mark.parametrize(
    ("language", "member"), [("en-gb", "en"), ("es", "es"), ("de", "de"), ("pt-pt", "pt_PT")]
)
def test_member_languages(language, member):
    assert mailchimp.member_language(language) == member


def test_a_petition_signer_joins_the_list_in_the_language_they_signed_in(
    fake_mailchimp, site_tree, django_capture_on_commit_callbacks
):
    from petitions import services as petitions
    from tests.factories import PetitionPageFactory

    petition = PetitionPageFactory(parent=site_tree["home"], publish=True)
    with django_capture_on_commit_callbacks(execute=True):
        result = petitions.signature_create(
            petition=petition,
            name="Ana García",
            email="ana@example.org",
            country="ES",
            wants_updates=True,
            ip="203.0.113.9",
            language="es",
        )
        petitions.signature_confirm(signature=result.signature)
    assert fake_mailchimp.member("ana@example.org")["language"] == "es"
