"""Factories for the tracker's rows and pages (to join tests/factories.py when merged)."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from django.utils.text import slugify

from tests.factories import PageFactory
from trials.models import (
    Classification,
    MethodologyPage,
    RegistryImport,
    Sponsor,
    SponsorClass,
    SponsorRecord,
    SponsorSnapshot,
    TrackerPage,
    Trial,
)

DEFAULT_RULES = "who-12m-v1"


class RegistryImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistryImport

    source = RegistryImport.Source.FILE
    label = "studies.jsonl"
    outcome = RegistryImport.Outcome.SUCCEEDED
    finished_at = factory.LazyFunction(timezone.now)


class SponsorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sponsor

    name = factory.Sequence(lambda n: f"Sponsor {n:05d}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    sponsor_class = SponsorClass.INDUSTRY


class TrialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trial

    nct_id = factory.Sequence(lambda n: f"NCT{n:08d}")
    raw = factory.LazyAttribute(
        lambda o: {"protocolSection": {"identificationModule": {"nctId": o.nct_id}}}
    )
    raw_sha256 = factory.Sequence(lambda n: f"{n:064x}")
    brief_title = factory.Sequence(lambda n: f"A study of treatment {n}")
    sponsor = factory.SubFactory(SponsorFactory)
    lead_sponsor_name = factory.LazyAttribute(lambda o: o.sponsor.name if o.sponsor else "")
    overall_status = "COMPLETED"
    study_type = "INTERVENTIONAL"
    start_date = datetime.date(2019, 1, 15)
    primary_completion_date = datetime.date(2021, 6, 30)
    primary_completion_type = "ACTUAL"


class ClassificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Classification

    trial = factory.SubFactory(TrialFactory)
    rule_set = DEFAULT_RULES
    status = "overdue"
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
