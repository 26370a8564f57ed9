"""Signed, expiring links (core/signing.py), and the two purposes that use them.

Links already in people's inboxes must keep working: the tokens below are made
exactly as petitions/tokens.py and donations/tokens.py made them before the two
became one mechanism.
"""

import hashlib

import pytest
from django.core import signing

from core.signing import LinkExpired, LinkInvalid, SignedLink
from donations.services import manage_token_make, manage_token_read
from petitions import services as petition_services
from petitions.models import CONFIRMATION_LINK
from tests.factories import DonationFactory, PetitionPageFactory, SignatureFactory

LINK = SignedLink(salt="tests.a-purpose", max_age_setting="PETITION_CONFIRM_LINK_DAYS")


def test_a_link_reads_back_what_it_was_made_with(settings):
    assert LINK.read(LINK.make({"a": [1, "two"]})) == {"a": [1, "two"]}


def test_an_old_link_is_expired_and_read_expired_still_says_what_it_names(settings):
    token = LINK.make([7, "x"])
    settings.PETITION_CONFIRM_LINK_DAYS = 0
    with pytest.raises(LinkExpired):
        LINK.read(token)
    assert LINK.read_expired(token) == [7, "x"]


def test_expired_is_a_kind_of_invalid():
    assert issubclass(LinkExpired, LinkInvalid)


def test_the_max_age_is_read_when_the_link_is_read(settings):
    settings.PETITION_CONFIRM_LINK_DAYS = 3
    assert LINK.max_age_seconds == 3 * 86400
    settings.PETITION_CONFIRM_LINK_DAYS = 1
    assert LINK.max_age_seconds == 86400


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "x" + token,
        lambda token: token.split(":")[0],
        lambda token: "",
    ],
)
def test_an_altered_link_is_invalid_and_names_nothing(mangle):
    token = mangle(LINK.make([1, "x"]))
    with pytest.raises(LinkInvalid):
        LINK.read(token)
    assert LINK.read_expired(token) is None


def test_a_link_for_another_purpose_is_invalid():
    other = SignedLink(salt="tests.another-purpose", max_age_setting="PETITION_CONFIRM_LINK_DAYS")
    with pytest.raises(LinkInvalid):
        LINK.read(other.make([1, "x"]))
    assert LINK.read_expired(other.make([1, "x"])) is None


def test_a_compressed_link_reads_like_any_other():
    short = SignedLink(salt="tests.a-purpose", max_age_setting="X", compress=True)
    assert LINK.read(short.make({"donation": 5})) == {"donation": 5}


def test_the_salts_are_those_of_links_already_emailed():
    assert CONFIRMATION_LINK.salt == "petitions.signature-confirm"
    assert CONFIRMATION_LINK.max_age_setting == "PETITION_CONFIRM_LINK_DAYS"


@pytest.mark.django_db
def test_a_confirmation_link_made_the_old_way_still_confirms(site_tree):
    petition = PetitionPageFactory(parent=site_tree["home"], publish=True)
    signature = SignatureFactory(petition=petition, email="Ann+Petition@Example.org")
    digest = hashlib.sha256(signature.email_key.encode()).hexdigest()[:12]
    old_token = signing.dumps([signature.pk, digest], salt="petitions.signature-confirm")
    assert petition_services.signature_from_token(old_token) == signature
    # and a link made now reads the old way (the format has not moved)
    assert signing.loads(signature.confirmation_token(), salt="petitions.signature-confirm") == [
        signature.pk,
        digest,
    ]


@pytest.mark.django_db
def test_a_manage_link_made_the_old_way_still_opens():
    donation = DonationFactory(frequency="monthly")
    old_token = signing.dumps(
        {"donation": donation.pk}, salt="donations.manage-monthly", compress=True
    )
    assert manage_token_read(old_token) == donation.pk
    new_token = manage_token_make(donation_pk=donation.pk)
    assert signing.loads(new_token, salt="donations.manage-monthly") == {"donation": donation.pk}


@pytest.mark.parametrize("payload", [[1, 2], {"donation": "1"}, "1", None])
def test_a_manage_link_with_an_unexpected_payload_names_no_donation(payload):
    token = signing.dumps(payload, salt="donations.manage-monthly")
    assert manage_token_read(token) is None


def test_a_manage_link_expires(settings):
    token = manage_token_make(donation_pk=1)
    assert manage_token_read(token) == 1
    settings.DONATIONS_MANAGE_LINK_MAX_AGE_DAYS = 0
    assert manage_token_read(token) is None
