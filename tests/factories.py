"""Factories for every model the tests build. Pages are added under a parent and are live."""

import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page

from cms.models import CampaignPage, HomePage, Jurisdiction, NewsIndexPage, NewsPage
from supporters.models import Category, Organisation, Status, SupportersIndexPage


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
