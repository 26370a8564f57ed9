"""The demo's invented data comes off the site in one command, leaving real data alone."""

import datetime

import pytest
from django.core.management import call_command

from tests.factories import (
    ClassificationFactory,
    SponsorFactory,
    SponsorMappingFactory,
    TrialFactory,
)
from trials.models import (
    Classification,
    RegistryImport,
    Sponsor,
    SponsorMapping,
    SponsorRecord,
    Trial,
)
from trials.services.records import sponsor_records_refresh

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


def test_removing_sample_data_keeps_real_trials_and_their_records(capsys):
    Review = SponsorMapping.Review
    sample = SponsorFactory(name="Northwind Clinical Research", is_sample=True)
    real = SponsorFactory(name="Real Sponsor")
    SponsorMappingFactory(raw_name=sample.name, review=Review.CONFIRMED, sponsor=sample)
    SponsorMappingFactory(raw_name=real.name, review=Review.CONFIRMED, sponsor=real)
    sample_import = RegistryImport.objects.create(source=RegistryImport.Source.SAMPLE)
    for _ in range(3):
        trial = TrialFactory(lead_sponsor_name=sample.name, sponsor=sample, is_sample=True)
        ClassificationFactory(trial=trial)
    kept = TrialFactory(lead_sponsor_name=real.name, sponsor=real)
    ClassificationFactory(trial=kept)
    sponsor_records_refresh(today=TODAY)
    assert SponsorRecord.objects.filter(sponsor=sample).exists()

    call_command("trials_remove_sample_data")

    assert "Removed 3 sample trials, 1 sample sponsors" in capsys.readouterr().out
    assert list(Trial.objects.all()) == [kept]
    assert list(Sponsor.objects.all()) == [real]
    assert list(SponsorMapping.objects.values_list("raw_name", flat=True)) == [real.name]
    assert Classification.objects.filter(trial=kept).exists()
    assert not RegistryImport.objects.filter(pk=sample_import.pk).exists()
    assert set(SponsorRecord.objects.values_list("sponsor", flat=True)) == {real.pk}
