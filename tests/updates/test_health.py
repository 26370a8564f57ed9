"""The Mailchimp backlog the health status and the Operations panel show."""

import pytest
from django.test import override_settings
from django.utils import timezone

from tests.factories import MailchimpDeletionFactory, SubscriberFactory
from updates.health import mailchimp_backlog
from updates.models import SyncState

pytestmark = pytest.mark.django_db


@override_settings(MAILCHIMP_API_KEY="key-us1", MAILCHIMP_LIST_ID="list1")
def test_counts_sign_ups_and_erasures_waiting_and_leaves_out_refused_ones():
    SubscriberFactory.create_batch(2)  # never synced
    SubscriberFactory(sync_state=SyncState.FAILING)
    SubscriberFactory(sync_state=SyncState.FAILED)  # refused for good: an editor's call
    SubscriberFactory(synced_version=1, sync_state=SyncState.SYNCED)
    MailchimpDeletionFactory(error="Mailchimp answered 500")
    MailchimpDeletionFactory(done_at=timezone.now())

    backlog = mailchimp_backlog()

    assert backlog.connected
    assert backlog.waiting == 4  # three sign-ups, one erasure
    assert backlog.failing == 2
    assert backlog.details == {"signups_waiting": 3, "signups_refused": 1, "deletions_waiting": 1}


@override_settings(MAILCHIMP_API_KEY="")
def test_says_when_mailchimp_is_not_connected():
    SubscriberFactory()
    assert mailchimp_backlog().connected is False
