"""The tracker's pages, its imports and records, and trials that have a sponsor (the
bare rows are in tests/factories.py)."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from tests import factories as base
from tests.factories import PageFactory
from trials.models import (
    MethodologyPage,
    RegistryImport,
    SponsorRecord,
    SponsorSnapshot,
    TrackerPage,
)

DEFAULT_RULES = "who-12m-v1"


class RegistryImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistryImport

    source = RegistryImport.Source.FILE
    label = "studies.jsonl"
    outcome = RegistryImport.Outcome.SUCCEEDED
    finished_at = factory.LazyFunction(timezone.now)


class SponsorFactory(base.SponsorFactory):
    name = factory.Sequence(lambda n: f"Sponsor {n:05d}")


class TrialFactory(base.TrialFactory):
    """A study judged under its sponsor, as once its sponsor's name is reviewed."""

    brief_title = factory.Sequence(lambda n: f"A study of treatment {n}")
    sponsor = factory.SubFactory(SponsorFactory)
    lead_sponsor_name = factory.LazyAttribute(lambda o: o.sponsor.name if o.sponsor else "")
    overall_status = "COMPLETED"
    study_type = "INTERVENTIONAL"
    start_date = datetime.date(2019, 1, 15)
    primary_completion_date = datetime.date(2021, 6, 30)
    primary_completion_type = "ACTUAL"


class ClassificationFactory(base.ClassificationFactory):
    trial = factory.SubFactory(TrialFactory)
    reason = "no-results"
    due_on = datetime.date(2022, 6, 30)
    days_late = 400
    judged_on = datetime.date(2023, 8, 4)


class SponsorRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SponsorRecord

    sponsor = factory.SubFactory(SponsorFactory)
    sponsor_name = factory.LazyAttribute(lambda o: o.sponsor.name)
    sponsor_class = factory.LazyAttribute(lambda o: o.sponsor.sponsor_class)
    rule_set = DEFAULT_RULES
    due = 10
    reported = 6
    overdue = 4
    total = 12
    percent_reported = factory.LazyAttribute(
        lambda o: (Decimal(o.reported * 100) / o.due).quantize(Decimal("0.1")) if o.due else None
    )
    trend = Decimal("2.5")
    computed_on = datetime.date(2026, 11, 30)


class SponsorSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SponsorSnapshot

    sponsor = factory.SubFactory(SponsorFactory)
    rule_set = DEFAULT_RULES
    taken_on = datetime.date(2026, 1, 1)
    due = 10
    reported = 5
    overdue = 5
    percent_reported = Decimal("50.0")


class TrackerPageFactory(PageFactory):
    class Meta:
        model = TrackerPage

    title = "Trials tracker"
    slug = "trials"
    intro = "<p>How well sponsors report their trials.</p>"


class MethodologyPageFactory(PageFactory):
    class Meta:
        model = MethodologyPage

    title = "How we judge trials"
    slug = "methodology"
    intro = "The rules behind the tracker."
