"""The consent data migrations carry every record made before core's store of wordings.

The database is taken back to the migrations as they were before the store (the last
ones on main in each app), filled the old way through the historical models (hash
versions with their ConsentText rows, updates consents labelled "updates-2026-11",
Gift Aid declarations "2026-1"), and migrated forward: every record must then point
at the wording with the exact text its person saw. Going back restores the old fields.
Runs on SQLite and PostgreSQL alike (DATABASE_URL), outside a test transaction, and
leaves the database at the latest migrations.
"""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.factories import (
    DonatePageFactory,
    DonationFactory,
    PetitionPageFactory,
    SubscriberFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("core", "0001_initial"),
    ("petitions", "0004_signature_confirmation_held"),
    ("updates", "0004_sync_state_failing"),
    ("donations", "0006_donation_subscription_cancellation"),
]

SIGNING_TEXT = "I agree that the campaign keeps my name and email for this petition."
EDITED_SIGNING_TEXT = "I agree, in the new words."
UPDATES_TEXT = "Send me campaign updates."
UPDATES_FORM_TEXT = (
    "Yes, email me updates about the campaign. I can unsubscribe at any time with the "
    "link in every email. The emails are sent through Mailchimp, which first asks me "
    "to confirm my address."
)
GIFT_AID_TEXT = (
    "I am a UK taxpayer. I want {charity} to treat this donation, any donation I make "
    "in the future and any donation I have made in the past four years as a Gift Aid "
    "donation. I understand that if I pay less Income Tax and/or Capital Gains Tax in a "
    "tax year than the Gift Aid claimed on all my donations in that year, it is my "
    "responsibility to pay the difference."
)


def old_version(text: str) -> str:
    """How petitions labelled a text before the store (ConsentText.version_of)."""
    return hashlib.sha256(text.strip().encode()).hexdigest()[:16]


def migrate(targets):
    """Migrate to `targets` and return the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def at_main():
    """Rows whose tables the consent migrations leave alone, then the schema as on main."""
    made = {
        "petition": PetitionPageFactory(),
        "donate_page": DonatePageFactory(charity_name="Trials Transparency Campaign"),
        "reader": SubscriberFactory(email="reader@example.org"),
        "signer": SubscriberFactory(email="signer@example.org"),
    }
    made["donations"] = [DonationFactory(page=made["donate_page"]) for _ in range(3)]
    try:
        yield migrate(BEFORE), made
    finally:
        migrate(latest())


def fill_the_old_way(apps, made):
    """Consent records as the code on main wrote them."""
    ConsentText = apps.get_model("petitions", "ConsentText")
    Signature = apps.get_model("petitions", "Signature")
    Consent = apps.get_model("updates", "Consent")
    GiftAidDeclaration = apps.get_model("donations", "GiftAidDeclaration")
    long_ago = timezone.now() - datetime.timedelta(days=400)

    for text in (SIGNING_TEXT, EDITED_SIGNING_TEXT, UPDATES_TEXT):
        ConsentText.objects.create(version=old_version(text), text=text, first_used_at=long_ago)
    ConsentText.objects.create(version=old_version("Never used."), text="Never used.")

    def signature(n, text, updates_text=""):
        return Signature.objects.create(
            petition_id=made["petition"].pk,
            name=f"Signer {n}",
            email=f"s{n}@example.org",
            email_key=f"s{n}@example.org",
            consent_version=old_version(text),
            updates_consent_version=old_version(updates_text) if updates_text else "",
        )

    signatures = {
        "plain": signature(1, SIGNING_TEXT),
        "with_updates": signature(2, SIGNING_TEXT, UPDATES_TEXT),
        "edited": signature(3, EDITED_SIGNING_TEXT, UPDATES_TEXT),
    }
    consents = {
        "form": Consent.objects.create(
            subscriber_id=made["reader"].pk,
            text=UPDATES_FORM_TEXT,
            version="updates-2026-11",
            consented_at=long_ago,
            source="updates-form",
        ),
        "form_without_text": Consent.objects.create(
            subscriber_id=made["reader"].pk,
            text="",
            version="updates-2026-11",
            consented_at=timezone.now(),
            source="updates-form",
        ),
        "from_petition": Consent.objects.create(
            subscriber_id=made["signer"].pk,
            text=UPDATES_TEXT,
            version=old_version(UPDATES_TEXT),
            consented_at=timezone.now(),
            source=f"petition:{made['petition'].slug}",
        ),
    }
    as_seen = GIFT_AID_TEXT.format(charity="Trials Transparency Campaign")

    def declaration(donation, text):
        return GiftAidDeclaration.objects.create(
            donation_id=donation.pk,
            first_name="Ada",
            last_name="Lovelace",
            address="12 St James's Square\nLondon",
            house_name_or_number="12",
            postcode="SW1Y 4JH",
            declaration_version="2026-1",
            declaration_text=text,
        )

    first, second, untold = made["donations"]
    declarations = {
        "first": declaration(first, as_seen),
        "second": declaration(second, as_seen),
        "without_text": declaration(untold, ""),
    }
    return signatures, consents, declarations


def test_every_consent_record_is_carried_to_its_wording_and_back(at_main):
    old_apps, made = at_main
    signatures, consents, declarations = fill_the_old_way(old_apps, made)

    apps = migrate(latest())
    ConsentWording = apps.get_model("core", "ConsentWording")
    Signature = apps.get_model("petitions", "Signature")
    Consent = apps.get_model("updates", "Consent")
    GiftAidDeclaration = apps.get_model("donations", "GiftAidDeclaration")

    def signed(key):
        return Signature.objects.select_related("consent", "updates_consent").get(
            pk=signatures[key].pk
        )

    plain, with_updates, edited = signed("plain"), signed("with_updates"), signed("edited")
    assert (plain.consent.purpose, plain.consent.text) == ("petition_signature", SIGNING_TEXT)
    assert plain.consent.version == old_version(SIGNING_TEXT)  # labels read as before
    assert plain.updates_consent is None
    assert with_updates.consent_id == plain.consent_id  # one text, one wording
    assert (with_updates.updates_consent.purpose, with_updates.updates_consent.text) == (
        "petition_updates",
        UPDATES_TEXT,
    )
    assert edited.consent.text == EDITED_SIGNING_TEXT
    assert edited.consent_id != plain.consent_id
    assert edited.updates_consent_id == with_updates.updates_consent_id
    assert ConsentWording.objects.filter(text="Never used.").count() == 1

    def consented(key):
        return Consent.objects.select_related("wording").get(pk=consents[key].pk).wording

    form, form_without_text = consented("form"), consented("form_without_text")
    assert (form.purpose, form.version, form.text) == (
        "updates_signup",
        "updates-2026-11",
        UPDATES_FORM_TEXT,
    )
    assert form_without_text.pk == form.pk  # the text its label stood for
    # A signer handed over from a petition agreed to the petition's opt-in wording.
    assert consented("from_petition").pk == with_updates.updates_consent_id

    def declared(key):
        return GiftAidDeclaration.objects.select_related("wording").get(pk=declarations[key].pk)

    as_seen = GIFT_AID_TEXT.format(charity="Trials Transparency Campaign")
    first, second, without_text = declared("first"), declared("second"), declared("without_text")
    assert (first.wording.purpose, first.wording.version, first.wording.text) == (
        "gift_aid_declaration",
        "2026-1",
        as_seen,
    )
    assert second.wording_id == first.wording_id
    assert without_text.wording_id == first.wording_id  # filled in with the page's charity

    # Every record has its wording: nothing was left behind.
    assert not Signature.objects.filter(consent__isnull=True).exists()
    assert not Consent.objects.filter(wording__isnull=True).exists()
    assert not GiftAidDeclaration.objects.filter(wording__isnull=True).exists()

    # And back: the old fields hold the labels and texts again.
    old = migrate(BEFORE)
    ConsentText = old.get_model("petitions", "ConsentText")
    Signature = old.get_model("petitions", "Signature")
    back = Signature.objects.get(pk=signatures["with_updates"].pk)
    assert (back.consent_version, back.updates_consent_version) == (
        old_version(SIGNING_TEXT),
        old_version(UPDATES_TEXT),
    )
    assert ConsentText.objects.get(pk=back.consent_version).text == SIGNING_TEXT
    Consent = old.get_model("updates", "Consent")
    assert (
        Consent.objects.filter(pk=consents["form_without_text"].pk)
        .values_list("version", "text")
        .get()
    ) == ("updates-2026-11", UPDATES_FORM_TEXT)
    GiftAidDeclaration = old.get_model("donations", "GiftAidDeclaration")
    assert (
        GiftAidDeclaration.objects.filter(pk=declarations["without_text"].pk)
        .values_list("declaration_version", "declaration_text")
        .get()
    ) == ("2026-1", as_seen)
