"""The updates app's share of a personal-data request (see accounts/personal_data.py).

Erasing deletes the subscriber, their consent history and any webhook calls about
them, and asks Mailchimp (by a task after commit) to delete the member permanently,
so they cannot be re-imported there by mistake either. That request is kept (as the
address's hash) and retried until Mailchimp confirms; editors see it under
Updates > Mailchimp deletions meanwhile.
"""

from __future__ import annotations

from . import mailchimp, services
from .models import MailchimpEvent, Subscriber


def export_subscriber(email: str) -> list[dict]:
    email = services.normalise_email(email)
    return [
        {
            "email": subscriber.email,
            "first_name": subscriber.first_name,
            "country": subscriber.country.code if subscriber.country else "",
            "interests": [interest.name for interest in subscriber.interests.all()],
            "source": subscriber.source,
            "source_url": subscriber.source_url,
            "signed_up": subscriber.created_at,
            "mailchimp_status": subscriber.get_mailchimp_status_display(),
            "sync": subscriber.get_sync_state_display(),
            "consents": [
                {
                    "text": consent.text,
                    "version": consent.version,
                    "when": consent.consented_at,
                    "source": consent.source,
                    "source_url": consent.source_url,
                }
                for consent in subscriber.consents.all()
            ],
            "mailchimp_events": [
                {"type": event.type, "when": event.fired_at or event.received_at}
                for event in MailchimpEvent.objects.filter(email=subscriber.email)
            ],
        }
        for subscriber in Subscriber.objects.filter(email=email).prefetch_related(
            "interests", "consents"
        )
    ]


def erase_subscriber(email: str) -> str:
    if not services.subscriber_erase(email=email):
        return "no subscriber."
    if mailchimp.is_configured():
        return (
            "deleted the subscriber, their consent history and Mailchimp events; a background "
            "task asks Mailchimp to delete the member permanently, and tries again until "
            "Mailchimp confirms (Updates > Mailchimp deletions in the admin shows how it went)."
        )
    return (
        "deleted the subscriber, their consent history and Mailchimp events; Mailchimp is not "
        "connected, so the request to delete the member there waits until it is."
    )
