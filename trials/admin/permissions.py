"""Who may do what in the tracker's admin: the models' own permissions, through
`core.admin.AdminPermissionPolicy`, minus what the admin never offers.

Mappings are made by the refresh after an import, never typed in or deleted (a
deleted one would come back unreviewed at the next refresh); "change sponsor
mapping" is what reviewing needs. Sponsors are made by confirming a mapping to a
new sponsor, and not deleted here (their snapshots are the public history).
Registry imports are read only.
"""

from __future__ import annotations

from core.admin import WRITE_ACTIONS, AdminPermissionPolicy, user_can

from ..models import RegistryImport, Sponsor, SponsorMapping

MAPPING_REFUSED = frozenset({"add", "delete"})
SPONSOR_REFUSED = frozenset({"add", "delete"})


def mapping_permission_policy() -> AdminPermissionPolicy:
    return AdminPermissionPolicy(SponsorMapping, refused=MAPPING_REFUSED)


def sponsor_permission_policy() -> AdminPermissionPolicy:
    return AdminPermissionPolicy(Sponsor, refused=SPONSOR_REFUSED)


def import_permission_policy() -> AdminPermissionPolicy:
    return AdminPermissionPolicy(RegistryImport, refused=WRITE_ACTIONS)


def can_review_mappings(user) -> bool:
    return user_can(user, SponsorMapping, "change")


def can_view_mappings(user) -> bool:
    return user_can(user, SponsorMapping, "view", "change")
