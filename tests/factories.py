"""Factories for every model the tests build. Pages are added under a parent and are live."""

import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page

from cms.models import CampaignPage, HomePage, Jurisdiction, NewsIndexPage, NewsPage
from core.consent import ConsentPurpose, text_digest
from petitions.models import PetitionPage, Signature
from supporters.models import Category, Organisation, Status, SupportersIndexPage
from trials.names import normalise_sponsor_name


class ConsentWordingFactory(factory.django.DjangoModelFactory):
    """A wording in core's store; the same purpose and text give the same row, as in use."""

    class Meta:
        model = "core.ConsentWording"
        django_get_or_create = ("purpose", "digest")

    purpose = ConsentPurpose.PETITION_SIGNATURE
    text = "I agree to the campaign keeping my signature."
    digest = factory.LazyAttribute(lambda o: text_digest(o.text))
    version = factory.LazyAttribute(lambda o: o.digest[:16])


class JurisdictionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jurisdiction
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Jurisdiction {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class PageFactory(factory.django.DjangoModelFactory):
    """Creates a page under `parent` (default: the tree's root). `publish=True` goes through a revision."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))

    @classmethod
    def _create(cls, model_class, *args, parent=None, publish=False, tags=(), **kwargs):
        parent = parent or Page.get_first_root_node()
        page = model_class(*args, **kwargs)
        if tags:
            page.tags.add(*tags)
        parent.add_child(instance=page)
        if publish:
            page.save_revision().publish()
        return page


class HomePageFactory(PageFactory):
    class Meta:
        model = HomePage

    title = "Home"
    slug = factory.Sequence(lambda n: f"home-{n}")
    statement = "Every trial registered, every result reported."


class CampaignPageFactory(PageFactory):
    class Meta:
        model = CampaignPage

    intro = "Why this matters."


class NewsIndexPageFactory(PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "News"
    slug = "news"
    intro = "Regulatory news."


class NewsPageFactory(PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"News item {n}")
    date = factory.Sequence(lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(days=n))
    jurisdiction = factory.SubFactory(JurisdictionFactory, name="UK", slug="uk")
    rule_status = "adopted"
    summary = factory.LazyAttribute(lambda o: f"Summary of {o.title}.")


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An approved listing unless told otherwise. Tests of workflows use supporters.services."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    website = factory.LazyAttribute(lambda o: f"https://{slugify(o.name)}.example.org/")
    country = "GB"
    category = Category.PATIENT_GROUP
    statement = "We support the campaign."
    contact_name = "Alex Contact"
    contact_email = factory.LazyAttribute(lambda o: f"contact@{slugify(o.name)}.example.org")
    status = Status.APPROVED
    approved_at = factory.LazyFunction(timezone.now)


class SupportersIndexPageFactory(PageFactory):
    class Meta:
        model = SupportersIndexPage

    title = "Supporters"
    slug = "supporters"
    intro = "Organisations that support the campaign."
    register_text = "Does your organisation support the campaign? Add it to the list."


# --- petitions ---------------------------------------------------------------


class PetitionPageFactory(PageFactory):
    class Meta:
        model = PetitionPage

    title = factory.Sequence(lambda n: f"Petition {n}")
    slug = factory.Sequence(lambda n: f"petition-{n}")
    ask = "Register every trial and report every result."
    addressed_to = "Governments and regulators"
    goal = 1000


class SignatureFactory(factory.django.DjangoModelFactory):
    """A confirmed signature, made directly (tests of signing go through the service)."""

    class Meta:
        model = Signature

    name = factory.Sequence(lambda n: f"Signer {n}")
    email = factory.Sequence(lambda n: f"signer{n}@example.org")
    email_key = factory.LazyAttribute(lambda o: o.email.lower())
    email_domain = "example.org"
    country = "GB"
    status = "confirmed"
    consent = factory.SubFactory(ConsentWordingFactory, version="test")


# --- updates -----------------------------------------------------------------


class InterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "updates.Interest"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Interest {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    mailchimp_interest_id = factory.Sequence(lambda n: f"int{n:06d}")


def interest_mapped(slug: str, mailchimp_interest_id: str, name: str = ""):
    """An interest (the default ones exist from a migration) mapped to a Mailchimp interest id."""
    from updates.models import Interest

    interest, _ = Interest.objects.update_or_create(
        slug=slug,
        defaults={"name": name or slug.upper(), "mailchimp_interest_id": mailchimp_interest_id},
    )
    return interest


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A subscriber as the sign-up service leaves one: pending its first sync.
    Tests of the sign-up itself use updates.services.subscriber_signup."""

    class Meta:
        model = "updates.Subscriber"

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    first_name = "Robin"
    country = "GB"
    source = "updates-form"
    source_url = "/updates/"


class UpdatesPageFactory(PageFactory):
    class Meta:
        model = "updates.UpdatesPage"

    title = "Sign up for updates"
    slug = "updates"
    intro = "<p>News of the campaign.</p>"


# --- donations ---------------------------------------------------------------
# Models are named as "app.Model" strings so this section needs no imports of its own.


class DonatePageFactory(PageFactory):
    class Meta:
        model = "donations.DonatePage"

    title = "Support our work"
    slug = "donate"
    intro = "Your donation keeps the campaign independent."
    charity_name = "Trials Transparency Campaign"


class DonationFactory(factory.django.DjangoModelFactory):
    """A pending one-off £25 donation; tests of what Stripe says use donations.services."""

    class Meta:
        model = "donations.Donation"

    frequency = "one_off"
    amount_minor = 2500
    currency = "GBP"
    name = factory.Sequence(lambda n: f"Donor {n}")
    email = factory.Sequence(lambda n: f"donor{n}@example.org")


class GiftAidDeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "donations.GiftAidDeclaration"

    donation = factory.SubFactory(DonationFactory)
    title = "Dr"
    first_name = "Ada"
    last_name = "Lovelace"
    address = "12 St James's Square\nLondon"
    house_name_or_number = "12"
    postcode = "SW1Y 4JH"
    wording = factory.SubFactory(
        ConsentWordingFactory,
        purpose=ConsentPurpose.GIFT_AID_DECLARATION,
        text="I am a UK taxpayer...",
        version="2026-1",
    )


class PaymentFactory(factory.django.DjangoModelFactory):
    """A received payment for its donation, in the donation's currency."""

    class Meta:
        model = "donations.Payment"

    donation = factory.SubFactory(DonationFactory, status="paid")
    stripe_id = factory.Sequence(lambda n: f"pi_factory{n:06d}")
    stripe_payment_intent_id = factory.LazyAttribute(lambda o: o.stripe_id)
    amount_minor = factory.LazyAttribute(lambda o: o.donation.amount_minor)
    currency = factory.LazyAttribute(lambda o: o.donation.currency)
    status = "paid"
    paid_at = factory.LazyFunction(timezone.now)


# --- shared by several apps: images, stored outside events ----------------------------


def _png_file(name: str):
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 40), (30, 90, 160)).save(buffer, "PNG")
    return ImageFile(buffer, name=name)


class ImageFactory(factory.django.DjangoModelFactory):
    """A small PNG in Wagtail's image library (logos, sharing images)."""

    class Meta:
        model = "wagtailimages.Image"

    title = factory.Sequence(lambda n: f"Image {n}")
    file = factory.LazyAttribute(lambda o: _png_file(f"{slugify(o.title)}.png"))


class StripeEventFactory(factory.django.DjangoModelFactory):
    """A stored Stripe event, processed unless told otherwise."""

    class Meta:
        model = "donations.StripeEvent"

    stripe_id = factory.Sequence(lambda n: f"evt_factory{n:06d}")
    type = "checkout.session.completed"
    payload = factory.LazyAttribute(
        lambda o: {"id": o.stripe_id, "type": o.type, "data": {"object": {"id": "cs_factory"}}}
    )
    source = "webhook"
    processed_at = factory.LazyFunction(timezone.now)
    attempts = 1


class MailchimpDeletionFactory(factory.django.DjangoModelFactory):
    """A request to Mailchimp to delete a member, still waiting unless told otherwise."""

    class Meta:
        model = "updates.MailchimpDeletion"

    subscriber_hash = factory.Sequence(lambda n: f"{n:032x}")


class UpdatesConsentFactory(factory.django.DjangoModelFactory):
    """One consent a subscriber gave (the wording, its version, when and where)."""

    class Meta:
        model = "updates.Consent"

    subscriber = factory.SubFactory(SubscriberFactory)
    wording = factory.SubFactory(
        ConsentWordingFactory,
        purpose=ConsentPurpose.UPDATES_SIGNUP,
        text="Send me the campaign's updates.",
        version="test-1",
    )
    consented_at = factory.LazyFunction(timezone.now)
    source = "updates-form"
    source_url = "/updates/"


def translation_of(page, language: str, **fields):
    """A published translation of `page` (and of its untranslated parents) in `language`,
    as wagtail-localize makes one: a page of its own sharing the source's translation_key."""
    from wagtail.models import Locale

    locale, _ = Locale.objects.get_or_create(language_code=language)
    copy = page.copy_for_translation(locale, copy_parents=True)
    for parent in copy.get_ancestors().filter(depth__gt=1).specific():
        if not parent.live:
            parent.save_revision().publish()
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy


# --- trials ---


class SponsorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "trials.Sponsor"

    name = factory.Sequence(lambda n: f"Sample Sponsor {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    sponsor_class = "INDUSTRY"


class TrialFactory(factory.django.DjangoModelFactory):
    """A stored study; `sponsor` stays empty unless given (as after an import)."""

    class Meta:
        model = "trials.Trial"

    nct_id = factory.Sequence(lambda n: f"NCT{n:08d}")
    raw = factory.LazyAttribute(
        lambda o: {"protocolSection": {"identificationModule": {"nctId": o.nct_id}}}
    )
    raw_sha256 = factory.Sequence(lambda n: f"{n:064x}")
    brief_title = factory.Sequence(lambda n: f"A sample study {n}")
    lead_sponsor_name = "Sample Pharma Inc."
    lead_sponsor_class = "INDUSTRY"


class SponsorMappingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "trials.SponsorMapping"

    raw_name = factory.Sequence(lambda n: f"Sample Sponsor Name {n}")
    normalised_name = factory.LazyAttribute(lambda o: normalise_sponsor_name(o.raw_name))
    sponsor_class = "INDUSTRY"


class ClassificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "trials.Classification"

    trial = factory.SubFactory(TrialFactory)
    rule_set = "who-12m-v1"
    status = "overdue"
    judged_on = factory.LazyFunction(datetime.date.today)
