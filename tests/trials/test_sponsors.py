"""Sponsor mappings: every registry name waits for review with a suggestion, and only
confirmed mappings attribute trials to anyone in public."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    ClassificationFactory,
    OrganisationFactory,
    SponsorFactory,
    SponsorMappingFactory,
    TrialFactory,
)
from trials.models import Sponsor, SponsorMapping, SponsorRecord, Trial
from trials.services import sponsors
from trials.services.records import organisation_records, sponsor_records_refresh

pytestmark = pytest.mark.django_db
Review = SponsorMapping.Review
TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(email="editor@example.org", password="x")


def trials_of(name: str, n: int = 1, **kwargs):
    return [TrialFactory(lead_sponsor_name=name, **kwargs) for _ in range(n)]


# --- mappings_refresh ------------------------------------------------------------


def test_refresh_creates_one_unreviewed_mapping_per_distinct_name_with_counts():
    trials_of("Pfizer Inc.", 3)
    trials_of("Univ. of Oxford", 2, lead_sponsor_class="OTHER")
    trials_of("", 1)  # no lead sponsor: no mapping
    assert sponsors.mappings_refresh() == 2
    mappings = {m.raw_name: m for m in SponsorMapping.objects.all()}
    assert set(mappings) == {"Pfizer Inc.", "Univ. of Oxford"}
    assert mappings["Pfizer Inc."].trial_count == 3
    assert mappings["Pfizer Inc."].normalised_name == "pfizer"
    assert mappings["Univ. of Oxford"].sponsor_class == "OTHER"
    assert {m.review for m in mappings.values()} == {Review.UNREVIEWED}
    # Twice changes nothing but the counts.
    trials_of("Pfizer Inc.", 1)
    assert sponsors.mappings_refresh() == 0
    assert SponsorMapping.objects.get(raw_name="Pfizer Inc.").trial_count == 4


def test_unreviewed_mappings_never_set_a_trials_sponsor():
    pfizer = SponsorFactory(name="Pfizer")
    trials_of("Pfizer Inc.", 2)
    sponsors.mappings_refresh()
    mapping = SponsorMapping.objects.get()
    assert mapping.suggested_sponsor == pfizer  # suggested, not applied
    assert not Trial.objects.filter(sponsor__isnull=False).exists()


def test_suggestion_by_a_sponsors_own_normalised_name():
    oxford = SponsorFactory(name="University of Oxford")
    trials_of("UNIV. OF OXFORD")
    trials_of("Somewhere Else Entirely")
    sponsors.mappings_refresh()
    assert SponsorMapping.objects.get(raw_name="UNIV. OF OXFORD").suggested_sponsor == oxford
    assert SponsorMapping.objects.get(raw_name="Somewhere Else Entirely").suggested_sponsor is None


def test_suggestion_from_another_confirmed_spelling(editor):
    roche = SponsorFactory(name="Roche")
    trials_of("Hoffmann-La Roche")
    sponsors.mappings_refresh()
    sponsors.mapping_confirm(mapping=SponsorMapping.objects.get(), sponsor=roche, user=editor)
    trials_of("Hoffmann-La Roche AG")
    sponsors.mappings_refresh()
    assert SponsorMapping.objects.get(raw_name="Hoffmann-La Roche AG").suggested_sponsor == roche


def test_a_name_already_waiting_gets_its_suggestion_once_a_sponsor_matches(editor):
    trials_of("Univ. of Eastmarch")
    trials_of("University of Eastmarch")
    sponsors.mappings_refresh()
    assert not SponsorMapping.objects.filter(suggested_sponsor__isnull=False).exists()
    eastmarch = SponsorFactory(name="University of Eastmarch")
    sponsors.mapping_confirm(
        mapping=SponsorMapping.objects.get(raw_name="University of Eastmarch"),
        sponsor=eastmarch,
        user=editor,
    )
    sponsors.mappings_refresh()
    waiting = SponsorMapping.objects.get(raw_name="Univ. of Eastmarch")
    assert waiting.suggested_sponsor == eastmarch
    assert waiting.review == Review.UNREVIEWED  # suggested, still not applied


def test_refresh_sets_sponsors_from_confirmed_mappings_and_clears_the_rest(editor):
    pfizer = SponsorFactory(name="Pfizer")
    confirmed = SponsorMappingFactory(raw_name="Pfizer", review=Review.CONFIRMED, sponsor=pfizer)
    SponsorMappingFactory(raw_name="Pfizer Inc.", suggested_sponsor=pfizer)
    SponsorMappingFactory(raw_name="Dr Somebody", review=Review.EXCLUDED)
    counted = trials_of(confirmed.raw_name, 2)
    # Stale sponsors, as if a mapping had been changed behind the service's back.
    waiting = trials_of("Pfizer Inc.", 1, sponsor=pfizer)
    excluded = trials_of("Dr Somebody", 1, sponsor=pfizer)
    sponsors.mappings_refresh()
    assert {t.pk for t in Trial.objects.filter(sponsor=pfizer)} == {t.pk for t in counted}
    assert Trial.objects.get(pk=waiting[0].pk).sponsor is None
    assert Trial.objects.get(pk=excluded[0].pk).sponsor is None


def test_refresh_runs_a_constant_number_of_queries():
    SponsorFactory(name="Pfizer")

    def refresh_queries(n_names: int) -> int:
        for i in range(n_names):
            trials_of(f"Sponsor number {i} {n_names}", 2)
        with CaptureQueriesContext(connection) as captured:
            sponsors.mappings_refresh()
        return len(captured)

    assert refresh_queries(3) == refresh_queries(60)


# --- Decisions -------------------------------------------------------------------


def test_confirm_attributes_the_names_trials_and_records_who(editor):
    pfizer = SponsorFactory(name="Pfizer")
    trials_of("Pfizer Inc.", 2)
    trials_of("Pfizer Ltd", 1)
    sponsors.mappings_refresh()
    mapping = SponsorMapping.objects.get(raw_name="Pfizer Inc.")
    sponsors.mapping_confirm(mapping=mapping, sponsor=pfizer, user=editor)
    mapping.refresh_from_db()
    assert mapping.review == Review.CONFIRMED
    assert mapping.sponsor == pfizer
    assert mapping.reviewed_by == editor
    assert mapping.reviewed_at is not None
    assert Trial.objects.filter(sponsor=pfizer).count() == 2
    assert Trial.objects.get(lead_sponsor_name="Pfizer Ltd").sponsor is None


def test_confirm_with_a_new_sponsor_creates_it_with_a_unique_slug(editor):
    SponsorFactory(name="Acme Research", slug="acme-research")
    trials_of("ACME Research Ltd")
    sponsors.mappings_refresh()
    mapping = SponsorMapping.objects.get()
    sponsors.mapping_confirm_new_sponsor(
        mapping=mapping, name="  Acme   Research ", sponsor_class="OTHER", user=editor
    )
    mapping.refresh_from_db()
    assert mapping.sponsor.name == "Acme Research"
    assert mapping.sponsor.slug == "acme-research-2"
    assert mapping.sponsor.sponsor_class == "OTHER"
    assert Trial.objects.get().sponsor == mapping.sponsor


@pytest.mark.parametrize(("name", "sponsor_class"), [("   ", "OTHER"), ("Fine", "NOT_A_CLASS")])
def test_a_new_sponsor_needs_a_name_and_a_known_class(editor, name, sponsor_class):
    mapping = SponsorMappingFactory()
    with pytest.raises(ValidationError):
        sponsors.mapping_confirm_new_sponsor(
            mapping=mapping, name=name, sponsor_class=sponsor_class, user=editor
        )
    assert not Sponsor.objects.exists()
    mapping.refresh_from_db()
    assert mapping.review == Review.UNREVIEWED


def test_exclude_and_reopen_take_the_trials_out_of_public_counts(
    editor, django_capture_on_commit_callbacks
):
    pfizer = SponsorFactory(name="Pfizer")
    trial = trials_of("Pfizer Inc.")[0]
    ClassificationFactory(trial=trial, status="reported_on_time")
    sponsors.mappings_refresh()
    mapping = SponsorMapping.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        sponsors.mapping_confirm(mapping=mapping, sponsor=pfizer, user=editor)
    assert SponsorRecord.objects.filter(sponsor=pfizer).exists()  # recounted after commit

    with django_capture_on_commit_callbacks(execute=True):
        sponsors.mapping_exclude(mapping=mapping, user=editor)
    mapping.refresh_from_db()
    assert (mapping.review, mapping.sponsor) == (Review.EXCLUDED, None)
    assert Trial.objects.get().sponsor is None
    assert not SponsorRecord.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        sponsors.mapping_confirm(mapping=mapping, sponsor=pfizer, user=editor)
        sponsors.mapping_reopen(mapping=mapping, user=editor)
    mapping.refresh_from_db()
    assert mapping.review == Review.UNREVIEWED
    assert mapping.sponsor is None
    assert mapping.suggested_sponsor == pfizer  # one click to confirm again
    assert Trial.objects.get().sponsor is None
    assert not SponsorRecord.objects.exists()


def test_confirming_the_suggestions_in_bulk_skips_those_without_or_decided(editor):
    pfizer = SponsorFactory(name="Pfizer")
    trials_of("Pfizer Inc.")
    trials_of("Nobody Known")
    trials_of("Pfizer Ltd")
    sponsors.mappings_refresh()
    excluded = SponsorMapping.objects.get(raw_name="Pfizer Ltd")
    sponsors.mapping_exclude(mapping=excluded, user=editor)
    done = sponsors.mappings_confirm_suggested(mappings=SponsorMapping.objects.all(), user=editor)
    assert done == 1
    assert SponsorMapping.objects.get(raw_name="Pfizer Inc.").sponsor == pfizer
    assert SponsorMapping.objects.get(raw_name="Nobody Known").review == Review.UNREVIEWED
    assert SponsorMapping.objects.get(raw_name="Pfizer Ltd").review == Review.EXCLUDED


def test_unreviewed_mappings_never_show_in_records_or_beside_an_organisation(editor):
    organisation = OrganisationFactory(name="Sample Hospital")
    sponsor = SponsorFactory(name="Sample Hospital", organisation=organisation)
    for status in ("overdue", "reported_late"):
        ClassificationFactory(
            trial=TrialFactory(lead_sponsor_name="Sample Hospital Ltd"), status=status
        )
    sponsors.mappings_refresh()
    assert SponsorMapping.objects.get().suggested_sponsor == sponsor
    sponsor_records_refresh(today=TODAY)
    assert not SponsorRecord.objects.exists()
    assert organisation_records([organisation.pk]) == {}


def test_linking_an_organisation(editor):
    organisation = OrganisationFactory()
    sponsor = SponsorFactory()
    sponsors.sponsor_link_organisation(
        sponsor=sponsor, organisation_id=organisation.pk, user=editor
    )
    sponsor.refresh_from_db()
    assert sponsor.organisation == organisation
    with pytest.raises(ValidationError):
        sponsors.sponsor_link_organisation(sponsor=sponsor, organisation_id=10**9, user=editor)
    sponsors.sponsor_link_organisation(sponsor=sponsor, organisation_id=None, user=editor)
    sponsor.refresh_from_db()
    assert sponsor.organisation is None
