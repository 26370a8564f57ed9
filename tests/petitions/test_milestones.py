"""Milestones: editors set them in the page editor, the page shows the next and the
reached ones, and reaching one is recorded once and emailed to the editors once."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection, connections
from django.urls import reverse

from petitions import counts, milestones, services
from petitions.models import MilestoneReached, PetitionMilestone, Signature, Status
from tests.factories import PetitionPageFactory, SignatureFactory

THREADS = 8


def milestone_emails():
    return [m for m in mail.outbox if m.subject.startswith("Milestone reached")]


def add_milestone(petition, threshold, description):
    return PetitionMilestone.objects.create(
        page=petition, threshold=threshold, description=description
    )


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user(email="moderator@example.org", password="x")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


# --- Recorded once, emailed once ------------------------------------------------------


@pytest.mark.django_db
def test_reaching_a_milestone_is_recorded_once_and_emails_the_editors(
    petition, admin_user, moderator, django_user_model, committed
):
    django_user_model.objects.create_user(email="nobody@example.org", password="x")
    add_milestone(petition, 3, "At 3 we write to the regulator.")
    add_milestone(petition, 10, "At 10 we deliver it to the EMA.")
    SignatureFactory.create_batch(2, petition=petition)
    with committed():
        counts.petition_count_refresh(petition.pk)
    assert not MilestoneReached.objects.exists()

    SignatureFactory(petition=petition)
    with committed():
        counts.petition_count_refresh(petition.pk)
        counts.petition_count_refresh(petition.pk)  # a second refresh changes nothing
    reached = MilestoneReached.objects.get()
    assert (reached.threshold, reached.count) == (3, 3)
    assert reached.description == "At 3 we write to the regulator."

    [email] = milestone_emails()
    assert sorted(email.to) == ["admin@example.com", "moderator@example.org"]
    assert "“Register all trials” has reached 3 signatures" in email.body
    assert "At 3 we write to the regulator." in email.body
    assert reverse("petitions_admin:report", args=[petition.pk]) in email.body

    # The task run again (the sweep re-queues a dead worker's task): no second email.
    milestones.notify_editors_of_milestone.call(reached.pk)
    assert len(milestone_emails()) == 1


@pytest.mark.django_db
def test_a_count_past_several_milestones_records_each_once(petition, admin_user, committed):
    for threshold in (1, 2, 50):
        add_milestone(petition, threshold, f"Milestone {threshold}")
    SignatureFactory.create_batch(5, petition=petition)
    with committed():
        counts.petition_count_refresh(petition.pk)
    assert list(MilestoneReached.objects.values_list("threshold", flat=True)) == [1, 2]
    assert len(milestone_emails()) == 2


@pytest.mark.django_db
def test_a_draft_petition_reaches_nothing(site_tree, admin_user, committed):
    draft = PetitionPageFactory(parent=site_tree["home"], live=False)
    add_milestone(draft, 1, "At one")
    SignatureFactory(petition=draft)
    with committed():
        counts.petition_count_refresh(draft.pk)
    assert not MilestoneReached.objects.exists()
    assert not milestone_emails()


@pytest.mark.django_db
def test_publishing_again_never_forgets_a_milestone_reached(petition, admin_user, committed):
    add_milestone(petition, 1, "At one we celebrate.")
    SignatureFactory(petition=petition)
    with committed():
        counts.petition_count_refresh(petition.pk)
    # An editor rewrites the milestones (inline rows come back from the revision).
    petition.milestones.all().delete()
    petition.milestones.add(PetitionMilestone(threshold=1, description="At one we celebrate!"))
    petition.save_revision().publish()
    with committed():
        counts.petition_count_refresh(petition.pk)
    assert MilestoneReached.objects.count() == 1
    assert len(milestone_emails()) == 1


def run_together(function, count):
    """Run `function` in `count` threads released at the same moment."""
    barrier = threading.Barrier(count)

    def call(i):
        try:
            barrier.wait()
            return function(i)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(call, range(count)))


needs_real_concurrency = pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite serialises writers; the race exists on PostgreSQL"
)


@needs_real_concurrency
@pytest.mark.django_db(transaction=True)
def test_signers_confirming_at_once_across_a_milestone_record_it_once(site_tree, admin_user):
    petition = PetitionPageFactory(parent=site_tree["home"], publish=True, goal=100)
    add_milestone(petition, 4, "At 4 we hand it in.")
    pending = SignatureFactory.create_batch(THREADS, petition=petition, status=Status.PENDING)

    results = run_together(
        lambda i: services.signature_confirm(signature=Signature.objects.get(pk=pending[i].pk)),
        THREADS,
    )
    assert all(results)
    assert counts.petition_count_refresh(petition.pk).total == THREADS
    assert MilestoneReached.objects.filter(petition=petition).count() == 1
    assert len(milestone_emails()) == 1


@needs_real_concurrency
@pytest.mark.django_db(transaction=True)
def test_refreshes_racing_past_a_milestone_make_one_row_and_one_email(site_tree, admin_user):
    petition = PetitionPageFactory(parent=site_tree["home"], publish=True, goal=100)
    add_milestone(petition, 5, "At 5 we hand it in.")
    SignatureFactory.create_batch(6, petition=petition)

    made = run_together(lambda i: milestones.milestones_reach(petition.pk, 6), THREADS)
    assert sum(len(rows) for rows in made) == 1
    assert MilestoneReached.objects.filter(petition=petition).count() == 1
    assert len(milestone_emails()) == 1


# --- On the page ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_shows_the_next_milestone_and_the_reached_ones(client, petition, committed):
    add_milestone(petition, 2, "At 2 we write to the regulator.")
    add_milestone(petition, 1000, "At 1,000 we deliver it to the EMA.")
    html = client.get(petition.url).content.decode()
    assert 'data-next-milestone="2"' in html
    assert "At 2 we write to the regulator." in html
    assert "data-milestone-reached" not in html

    SignatureFactory.create_batch(3, petition=petition)
    with committed():
        counts.petition_count_refresh(petition.pk)
    html = client.get(petition.url).content.decode()
    assert 'data-milestone-reached="2"' in html
    assert 'data-next-milestone="1000"' in html
    assert "Next: 1,000 signatures" in html
    assert "(997 to go)" in html


@pytest.mark.django_db
def test_a_page_without_milestones_shows_none(client, petition):
    assert "Milestones" not in client.get(petition.url).content.decode()


@pytest.mark.django_db
def test_editors_set_milestones_in_the_page_editor_and_duplicates_are_refused(
    client, petition, admin_user
):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:edit", args=[petition.pk])

    def post(*rows):
        data = nested_form_data(
            {
                "title": petition.title,
                "slug": petition.slug,
                "ask": petition.ask,
                "addressed_to": petition.addressed_to,
                "body": rich_text(""),
                "goal": 1000,
                "count_mode": "confirmed",
                "earlier_signatures": 0,
                "include_earlier_signatures": "on",
                "ask_country": "on",
                "consent_text": petition.consent_text,
                "updates_text": petition.updates_text,
                "thank_you_text": rich_text("<p>Thank you.</p>"),
                "confirmation_email_subject": petition.confirmation_email_subject,
                "confirmation_email_text": petition.confirmation_email_text,
                "already_signed_email_text": petition.already_signed_email_text,
                "milestones": inline_formset([{"threshold": t, "description": d} for t, d in rows]),
            }
        )
        data["action-publish"] = "action-publish"
        return client.post(url, data)

    response = post((500, "At 500 we write to ministers."), (500, "Again"))
    assert response.status_code == 200
    assert "Another milestone already has this number." in response.content.decode()
    assert not PetitionMilestone.objects.exists()

    response = post((500, "At 500 we write to ministers."), (900, "At 900 we deliver it."))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(
        PetitionMilestone.objects.filter(page=petition).values_list("threshold", "description")
    ) == [(500, "At 500 we write to ministers."), (900, "At 900 we deliver it.")]
