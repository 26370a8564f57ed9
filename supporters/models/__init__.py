from .organisations import (
    PUBLIC_FIELDS,
    Category,
    Organisation,
    OrganisationDecision,
    OrganisationQuerySet,
    Status,
)
from .pages import SupportersIndexPage

__all__ = [
    "PUBLIC_FIELDS",
    "Category",
    "Organisation",
    "OrganisationDecision",
    "OrganisationQuerySet",
    "Status",
    "SupportersIndexPage",
]
