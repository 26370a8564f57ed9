"""Each approved organisation's own referral link, and what it brought, in its account area."""

import pytest

from petitions.models import Signature
from supporters.models import Status
from tests.factories import OrganisationFactory, PetitionPageFactory, SignatureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition(site_tree):
    return PetitionPageFactory(parent=site_tree["home"], publish=True, slug="petition")


@pytest.fixture
def contact(client, django_user_model):
    user = django_user_model.objects.create_user("ada@patients.example.org", "a-Long-passphrase-42")
    client.force_login(user)
    return user


def test_an_approved_organisation_sees_its_link_and_the_signatures_it_brought(
    client, contact, petition
):
    organisation = OrganisationFactory(owner=contact, contact_email=contact.email)
    SignatureFactory.create_batch(3, petition=petition, referral_code=organisation.share_code)
    SignatureFactory(petition=petition, referral_code=organisation.share_code, status="pending")
    SignatureFactory(petition=petition)  # came from elsewhere
    html = client.get("/supporters/account/").content.decode()
    assert f'value="http://testserver/petition/?ref={organisation.share_code}"' in html
    assert "Your link brought <strong>3</strong> signatures." in html


def test_thousands_read_as_thousands(client, contact, petition):
    organisation = OrganisationFactory(owner=contact, contact_email=contact.email)
    first = SignatureFactory(petition=petition, referral_code=organisation.share_code)
    Signature.objects.bulk_create(
        Signature(
            petition=petition,
            name=f"Signer {n}",
            email=f"s{n}@example.org",
            email_key=f"s{n}@example.org",
            status="confirmed",
            consent=first.consent,
            referral_code=organisation.share_code,
        )
        for n in range(1239)
    )
    assert (
        "Your link brought <strong>1,240</strong> signatures."
        in client.get("/supporters/account/").content.decode()
    )


@pytest.mark.parametrize("status", [Status.AWAITING_REVIEW, Status.REJECTED, Status.WITHDRAWN])
def test_a_listing_that_is_not_approved_has_no_link(client, contact, petition, status):
    organisation = OrganisationFactory(owner=contact, contact_email=contact.email, status=status)
    html = client.get("/supporters/account/").content.decode()
    assert organisation.share_code not in html
    assert "Your link brought" not in html


def test_each_organisation_has_its_own_code(contact):
    codes = {OrganisationFactory().share_code for _ in range(20)}
    assert len(codes) == 20
