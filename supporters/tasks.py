"""Emails about listings, sent by the task worker after the change has committed."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django_tasks import task

from core.tasks import EMAILS


def moderator_emails() -> list[str]:
    """Active superusers and everyone allowed to change organisations (the Moderators group)."""
    User = get_user_model()
    moderators = User.objects.filter(is_active=True).filter(
        Q(is_superuser=True)
        | Q(groups__permissions__codename="change_organisation")
        | Q(user_permissions__codename="change_organisation")
    )
    return sorted({email for email in moderators.values_list("email", flat=True) if email})


def _send(template: str, context: dict, recipients: list[str]) -> None:
    context = {**context, "base_url": settings.WAGTAILADMIN_BASE_URL}
    subject = render_to_string(f"supporters/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"supporters/email/{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


@task(queue_name=EMAILS)
def notify_moderators_of_registration(organisation_id: int) -> None:
    from .models import Organisation

    organisation = Organisation.objects.filter(pk=organisation_id).first()
    recipients = moderator_emails()
    if organisation is None or not recipients:
        return
    _send("moderators_review", {"organisation": organisation}, recipients)


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
    _send("decision", {"organisation": organisation, "decision": decision}, [recipient])
