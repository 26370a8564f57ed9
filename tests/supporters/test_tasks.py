"""Emails about listings go out once per step, however often their task runs."""

import pytest
from django.core import mail

from supporters import services, tasks
from supporters.models import Status
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_decision_email_is_sent_once_when_its_task_runs_twice(
    admin_user, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(
        status=Status.AWAITING_REVIEW, contact_email="c@example.org", approved_at=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_approve(organisation=organisation, actor=admin_user)
    assert len(mail.outbox) == 1

    # The sweep re-queues the task of a worker that died after sending.
    tasks.send_decision_email.call(organisation.decisions.first().pk)
    assert len(mail.outbox) == 1


def test_moderators_hear_once_per_step_that_needs_review(
    admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        organisation = services.organisation_create(
            name="Trials Now", status=Status.AWAITING_REVIEW
        )
    assert [message.to for message in mail.outbox] == [[admin_user.email]]
    first_step = organisation.decisions.get()
    tasks.notify_moderators_of_registration.call(organisation.pk, first_step.pk)
    assert len(mail.outbox) == 1

    # A later step (the listing edited after a rejection) is news again.
    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_reject(organisation=organisation, actor=admin_user, note="Typo")
        services.organisation_update(
            organisation=organisation, actor=admin_user, data={"name": "Trials Now UK"}
        )
    review_emails = [m for m in mail.outbox if m.to == [admin_user.email]]
    assert len(review_emails) == 2


def test_the_emails_link_to_the_site_in_full(admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        organisation = services.organisation_create(
            name="Trials Now", status=Status.AWAITING_REVIEW, contact_email="c@example.org"
        )
    assert "http://testserver/admin/supporters/organisation/" in mail.outbox[-1].body
    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_approve(organisation=organisation, actor=admin_user)
    assert "http://testserver/accounts/login/" in mail.outbox[-1].body
