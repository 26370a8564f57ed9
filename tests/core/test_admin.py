"""core/admin.py: the one permission policy and the one yes/no filter every admin list uses."""

import pytest
from django.contrib.auth.models import Permission

from core.admin import AdminPermissionPolicy, SubsetFilter, user_can
from petitions.models import Signature
from supporters.models import Organisation, Status
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_refused_actions_are_refused_even_to_superusers(admin_user):
    policy = AdminPermissionPolicy(Signature, refused={"add", "delete"})
    assert policy.user_has_permission(admin_user, "view")
    assert policy.user_has_permission(admin_user, "change")
    assert not policy.user_has_permission(admin_user, "add")
    assert not policy.user_has_any_permission(admin_user, ["add", "delete"])
    assert not policy.users_with_any_permission(["delete"]).exists()


def test_other_actions_follow_the_models_own_permissions(django_user_model):
    user = django_user_model.objects.create_user(email="viewer@example.org", password="x")
    user.user_permissions.add(Permission.objects.get(codename="view_signature"))
    user = django_user_model.objects.get(pk=user.pk)  # permissions are cached per instance
    policy = AdminPermissionPolicy(Signature, refused={"add", "delete"})
    assert policy.user_has_permission(user, "view")
    assert not policy.user_has_permission(user, "change")
    assert list(policy.users_with_any_permission(["view", "delete"])) == [user]


def test_user_can_asks_the_registered_policy(admin_user):
    # wagtail_hooks registers the petitions policy: nobody deletes a signature.
    assert user_can(admin_user, Signature, "view", "change")
    assert not user_can(admin_user, Signature, "delete")


def test_subset_filter_keeps_the_subset_the_rest_or_everything():
    waiting = OrganisationFactory(status=Status.AWAITING_REVIEW, approved_at=None)
    listed = OrganisationFactory(status=Status.APPROVED)
    subset = SubsetFilter.of(Organisation.objects.needing_review, label="Needs review")
    everything = Organisation.objects.all()
    assert list(subset.filter(everything, True)) == [waiting]
    assert list(subset.filter(everything, False)) == [listed]
    assert set(subset.filter(everything, None)) == {waiting, listed}
