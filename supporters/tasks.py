"""Emails about listings, sent by the task worker after the change has committed.

Each goes out at most once per purpose (core.emails), so a task re-run by the
sweep sends nothing twice.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from core.emails import send_once_or_retry, templated_message
from core.tasks import EMAILS
from core.urls import site_url


def moderator_emails() -> list[str]:
    """Active superusers and everyone allowed to change organisations (the Moderators group)."""
    from .models import Organisation

    emails = Organisation.moderators().values_list("email", flat=True)
    return sorted({email for email in emails if email})


def _send(*, key: str, template: str, context: dict, recipients: list[str], task, args) -> None:
    """Send once under `key` (a re-run of the task sends nothing twice); a refusing mail
    server gets the task queued again for later."""
    context = {
        **context,
        "sign_in_url": site_url(reverse("account_login")),
        "review_url": site_url(reverse("supporters_organisation:list")),
    }
    send_once_or_retry(
        key=key,
        build=lambda: templated_message(
            template=f"supporters/email/{template}", context=context, to=recipients
        ),
        task=task,
        args=args,
    )


@task(queue_name=EMAILS)
def notify_moderators_of_registration(organisation_id: int, decision_id: int | None = None) -> None:
    """One email to the moderators for each step that leaves a listing to review (the
    history row `decision_id` names the step)."""
    from .models import Organisation

    organisation = Organisation.objects.filter(pk=organisation_id).first()
    recipients = moderator_emails()
    if organisation is None or not recipients:
        return
    _send(
        key=f"supporters.review:{organisation_id}:{decision_id}",
        template="moderators_review",
        context={"organisation": organisation},
        recipients=recipients,
        task=notify_moderators_of_registration,
        args=(organisation_id, decision_id),
    )


@task(queue_name=EMAILS)
def send_decision_email(decision_id: int) -> None:
    from .models import OrganisationDecision

    decision = (
        OrganisationDecision.objects.select_related("organisation").filter(pk=decision_id).first()
    )
    if decision is None:
        return
    organisation = decision.organisation
    recipient = organisation.contact_email or getattr(organisation.owner, "email", "")
    if not recipient:
        return
    # In the language the contact registered in, with its links under that prefix.
    with translation.override(organisation.language or settings.LANGUAGE_CODE):
        _send(
            key=f"supporters.decision:{decision_id}",
            template="decision",
            context={"organisation": organisation, "decision": decision},
            recipients=[recipient],
            task=send_decision_email,
            args=(decision_id,),
        )
