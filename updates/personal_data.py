"""The updates app's share of a personal-data request (see core/personal_data.py).

Erasing deletes the subscriber, their consent history and any webhook calls about
them, and asks Mailchimp (by a task after commit) to delete the member permanently,
so they cannot be re-imported there by mistake either. That request is kept (as the
address's hash) and retried until Mailchimp confirms; editors see it under
Updates > Mailchimp deletions meanwhile.
"""

from __future__ import annotations

from core.consent import wording_export
from core.identity import matching_email
from core.personal_data import Erased, Step

from . import mailchimp, services
from .models import MailchimpDeletion, MailchimpEvent, Subscriber, subscriber_hash


def export_subscriber(email: str) -> list[dict]:
    return [
        {
            "email": subscriber.email,
            "first_name": subscriber.first_name,
            "country": subscriber.country.code if subscriber.country else "",
            "interests": [interest.name for interest in subscriber.interests.all()],
            "source": subscriber.source,
            "source_url": subscriber.source_url,
            "came_from": subscriber.attribution_export(),
            "signed_up": subscriber.created_at,
            "mailchimp_status": subscriber.get_mailchimp_status_display(),
            "sync": subscriber.get_sync_state_display(),
            "consents": [
                {
                    **wording_export(consent.wording),
                    "when": consent.consented_at,
                    "source": consent.source,
                    "source_url": consent.source_url,
                }
                for consent in subscriber.consents.all()
            ],
            "mailchimp_events": [
                {"type": event.type, "when": event.fired_at or event.received_at}
                for event in matching_email(
                    MailchimpEvent.objects.all(), "email", email=subscriber.email
                )
            ],
        }
        for subscriber in matching_email(
            Subscriber.objects.prefetch_related("interests", "consents__wording"),
            "email",
            email=email,
        )
    ]


def erase_subscriber(email: str) -> str | Erased:
    if not services.subscriber_erase(email=email):
        return "no subscriber."
    if not mailchimp.is_configured():
        return (
            "deleted the subscriber, their consent history and Mailchimp events; Mailchimp is "
            "not connected, so the request to delete the member there waits until it is."
        )
    member_hash = subscriber_hash(services.subscriber_address(email))
    return Erased(
        summary=(
            "deleted the subscriber, their consent history and Mailchimp events, and asked "
            "Mailchimp to delete the member permanently (retried until Mailchimp confirms; "
            "Updates > Mailchimp deletions in the admin shows how it went)."
        ),
        finish=lambda: [_deletion_step(member_hash)],
    )


def _deletion_step(member_hash: str) -> Step:
    """Where the Mailchimp deletion stands, trying it now if no run has yet."""
    deletion = MailchimpDeletion.objects.get(subscriber_hash=member_hash)
    if deletion.done_at is None and deletion.attempts == 0:
        services.mailchimp_deletion_send(deletion_id=deletion.pk)
        deletion.refresh_from_db()
    if deletion.done_at is not None:
        return Step(name="Mailchimp member", done=True, status="deleted permanently")
    return Step(
        name="Mailchimp member",
        done=False,
        status=f"not deleted yet ({deletion.error or 'no answer yet'}); retrying in the background",
    )
