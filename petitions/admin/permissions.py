"""Who may see the petitions admin and who may decide on signatures.

The model's own permissions, through `core.admin.AdminPermissionPolicy`, except
that nobody adds or deletes signatures here: signatures come from the signing
form only, and leave through expiry or a personal-data erasure (which keep the
count right and the consent record); deleting rows from the admin would do neither.
"""

from __future__ import annotations

from core.admin import AdminPermissionPolicy, user_can

from ..models import Signature

REFUSED_ACTIONS = frozenset({"add", "delete"})


def signature_permission_policy() -> AdminPermissionPolicy:
    return AdminPermissionPolicy(Signature, refused=REFUSED_ACTIONS)


def can_view_signatures(user) -> bool:
    return user_can(user, Signature, "view", "change")


def can_review_signatures(user) -> bool:
    return user_can(user, Signature, "change")
