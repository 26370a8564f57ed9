"""Wagtail's Moderators group can moderate supporters out of the box, and hears of registrations."""

import pytest
from django.contrib.auth.models import Group

from supporters.tasks import moderator_emails

pytestmark = pytest.mark.django_db


def test_moderators_can_view_and_decide_but_not_delete(django_user_model):
    codenames = set(
        Group.objects.get(name="Moderators").permissions.values_list("codename", flat=True)
    )
    assert {"view_organisation", "change_organisation"} <= codenames
    assert "delete_organisation" not in codenames

    moderator = django_user_model.objects.create_user("mod@example.org", "x")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    editor = django_user_model.objects.create_user("ed@example.org", "x")
    editor.groups.add(Group.objects.get(name="Editors"))
    assert moderator_emails() == ["mod@example.org"]
