"""Who may see the petitions admin and who may decide on signatures."""

from __future__ import annotations

from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry

from ..models import Signature


class SignaturePermissionPolicy(ModelPermissionPolicy):
    """The model's own permissions, except that nobody adds or deletes signatures here.

    Signatures come from the signing form only, and leave through expiry or a
    personal-data erasure (which keep the count right and the consent record);
    deleting rows from the admin would do neither.
    """

    REFUSED_ACTIONS = frozenset({"add", "delete"})

    def user_has_permission(self, user, action):
        if action in self.REFUSED_ACTIONS:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        allowed = [action for action in actions if action not in self.REFUSED_ACTIONS]
        if not allowed:
            return super().users_with_any_permission([]).none()
        return super().users_with_any_permission(allowed)


def signature_policy():
    return policy_registry.get_by_type(Signature)


def can_view_signatures(user) -> bool:
    return signature_policy().user_has_any_permission(user, ["view", "change"])


def can_review_signatures(user) -> bool:
    return signature_policy().user_has_permission(user, "change")
