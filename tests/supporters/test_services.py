"""The listing workflows: every decision is a history row; emails go after commit."""

import pytest
from django.core import mail

from supporters import services
from supporters.models import Organisation, OrganisationDecision, Status
from supporters.names import normalise_name, sort_letter, website_domain
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Deutscher Psoriasis Bund e.V. (DPB)", "deutscher psoriasis bund"),
        (
            "Bundesverband Prostatakrebs Selbsthilfe e. V.",
            "Bundesverband Prostatakrebs Selbsthilfe",
        ),
        ("The Pernicious Anaemia Society", "Pernicious Anaemia Society"),
        (
            "Alzheimer’s Australia Dementia Research Foundation",
            "Alzheimer's Australia Dementia Research Foundation",
        ),
        ("Charité – Universitätsmedizin Berlin", "charite universitatsmedizin berlin"),
        (
            "London School of Hygiene & Tropical Medicine",
            "London School of Hygiene and Tropical Medicine",
        ),
    ],
)
def test_names_that_mean_the_same_organisation_normalise_alike(a, b):
    assert normalise_name(a) == normalise_name(b)


def test_different_organisations_stay_different():
    assert normalise_name("Critical Appraisal Skills Programme UK") != normalise_name(
        "Critical Appraisal Skills Programme Spain"
    )


def test_website_domain_and_letters():
    assert website_domain("https://WWW.Example.org/about") == "example.org"
    assert website_domain("example.org") == "example.org"
    assert website_domain("") == ""
    assert sort_letter("The Royal College of Surgeons") == "R"
    assert sort_letter("Ärzte ohne Grenzen") == "A"
    assert sort_letter("2020 Group") == "#"


def test_create_flags_a_likely_duplicate_by_name_or_website():
    first = OrganisationFactory(
        name="Cochrane Eyes and Vision Group", website="https://eyes.example.org"
    )

    by_name = services.organisation_create(
        name="The Cochrane Eyes & Vision Group", status=Status.AWAITING_REVIEW
    )
    by_site = services.organisation_create(
        name="CEV", website="http://www.eyes.example.org/contact", status=Status.AWAITING_REVIEW
    )
    unrelated = services.organisation_create(name="Someone Else", status=Status.AWAITING_REVIEW)

    assert by_name.possible_duplicate_of == first
    assert by_site.possible_duplicate_of == first
    assert unrelated.possible_duplicate_of is None
    assert Organisation.objects.count() == 4


def test_approve_and_reject_write_history_and_email_the_contact(
    admin_user, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(
        status=Status.AWAITING_REVIEW, contact_email="c@example.org", approved_at=None
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_approve(organisation=organisation, actor=admin_user, note="Welcome")

    organisation.refresh_from_db()
    assert organisation.status == Status.APPROVED and organisation.approved_at
    decision = organisation.decisions.first()
    assert (decision.actor, decision.from_status, decision.to_status, decision.note) == (
        admin_user,
        Status.AWAITING_REVIEW,
        Status.APPROVED,
        "Welcome",
    )
    assert mail.outbox[-1].to == ["c@example.org"]
    assert "now appears on the public list" in mail.outbox[-1].body

    other = OrganisationFactory(status=Status.AWAITING_REVIEW, contact_email="d@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_reject(
            organisation=other, actor=admin_user, note="Not an organisation"
        )
    other.refresh_from_db()
    assert other.status == Status.REJECTED
    assert "Not an organisation" in mail.outbox[-1].body


def test_no_email_is_sent_if_the_transaction_rolls_back(
    admin_user, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(status=Status.AWAITING_REVIEW)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.organisation_approve(organisation=organisation, actor=admin_user)
    assert callbacks  # queued for after commit...
    assert not mail.outbox  # ...and nothing sent before it


def test_pending_changes_are_applied_on_approval_and_dropped_on_rejection(admin_user):
    organisation = OrganisationFactory(name="Old", website="https://old.example.org")

    services.organisation_update(
        organisation=organisation, actor=None, data={"name": "New", "contact_role": "Chair"}
    )
    organisation.refresh_from_db()
    assert (organisation.name, organisation.pending_changes, organisation.contact_role) == (
        "Old",
        {"name": "New"},
        "Chair",
    )
    assert Organisation.objects.needing_review().filter(pk=organisation.pk).exists()
    assert Organisation.objects.approved().filter(pk=organisation.pk).exists()

    services.organisation_approve(organisation=organisation, actor=admin_user)
    organisation.refresh_from_db()
    assert (organisation.name, organisation.pending_changes) == ("New", None)

    services.organisation_update(
        organisation=organisation, actor=None, data={"website": "https://spam.example.org"}
    )
    services.organisation_reject(organisation=organisation, actor=admin_user, note="")
    organisation.refresh_from_db()
    assert organisation.status == Status.APPROVED
    assert (
        organisation.website == "https://old.example.org" and organisation.pending_changes is None
    )


def test_an_unchanged_form_creates_no_pending_changes():
    organisation = OrganisationFactory(country="DE")
    services.organisation_update(
        organisation=organisation,
        actor=None,
        data={
            "name": organisation.name,
            "country": "DE",
            "website": organisation.website,
            "statement": organisation.statement,
        },
    )
    organisation.refresh_from_db()
    assert organisation.pending_changes is None


def test_withdrawn_then_edited_goes_back_to_review():
    organisation = OrganisationFactory()
    services.organisation_withdraw(organisation=organisation, actor=None)
    services.organisation_update(
        organisation=organisation, actor=None, data={"statement": "We are back."}
    )
    organisation.refresh_from_db()
    assert organisation.status == Status.AWAITING_REVIEW
    assert [d.to_status for d in organisation.decisions.all()][:2] == [
        Status.AWAITING_REVIEW,
        Status.WITHDRAWN,
    ]


def test_withdrawing_twice_records_once():
    organisation = OrganisationFactory()
    services.organisation_withdraw(organisation=organisation, actor=None)
    services.organisation_withdraw(organisation=organisation, actor=None)
    assert (
        OrganisationDecision.objects.filter(
            organisation=organisation, to_status=Status.WITHDRAWN
        ).count()
        == 1
    )
