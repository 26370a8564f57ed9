"""The supporters app's share of a personal-data request (see core/personal_data.py).

A listing is about an organisation, not a person: erasing its contact removes
their name, email, role and account link, and the organisation stays listed.
"""

from __future__ import annotations

from core.identity import matching_email

from .models import Organisation, OrganisationDecision


def _listings(email: str):
    """Listings whose contact, or whose owner's account, has this address (core/identity.py)."""
    return matching_email(Organisation.objects.all(), "contact_email", "owner__email", email=email)


def export_contact(email: str) -> list[dict]:
    return [
        {
            "organisation": organisation.name,
            "status": organisation.get_status_display(),
            "contact_name": organisation.contact_name,
            "contact_email": organisation.contact_email,
            "contact_role": organisation.contact_role,
            "registered": organisation.created_at,
            "history": [
                {
                    "when": decision.created_at,
                    "to": decision.get_to_status_display(),
                    "note": decision.note,
                }
                for decision in organisation.decisions.all()
            ],
        }
        for organisation in _listings(email).prefetch_related("decisions")
    ]


def erase_contact(email: str) -> str:
    listings = list(_listings(email))
    for organisation in listings:
        organisation.contact_name = organisation.contact_email = organisation.contact_role = ""
        organisation.owner = None
        organisation.save(
            update_fields=["contact_name", "contact_email", "contact_role", "owner", "updated_at"]
        )
        OrganisationDecision.objects.create(
            organisation=organisation,
            from_status=organisation.status,
            to_status=organisation.status,
            note="The contact's personal data was erased on request.",
        )
    if not listings:
        return "no listings."
    return (
        f"removed the contact's name, email, role and account from {len(listings)} listing(s); "
        "the organisations' public listings stay (they are about the organisation, not the person)."
    )
