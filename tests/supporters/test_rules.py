"""The moderation rules live on Organisation, and the admin offers exactly what they allow.

One listing in every status (and an approved one with changes to check): the
model says which need review, which may be approved or rejected and which are
public; the queryset, the admin's menu, its bulk actions and the public list
must agree with it. Who may moderate is one rule too: the same users are asked
by the admin and emailed about new listings.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from supporters.admin.bulk_actions import ApproveBulkAction, RejectBulkAction
from supporters.admin.forms import RejectForm
from supporters.admin.moderation import moderation_menu_items
from supporters.models import Organisation, Status
from supporters.models.organisations import REJECTION_NEEDS_REASON
from supporters.tasks import moderator_emails
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

CHANGES = "approved, with changes to check"

# state: (needs review, may be approved, may be rejected, public)
EXPECTED = {
    Status.PENDING_VERIFICATION: (False, False, False, False),
    Status.AWAITING_REVIEW: (True, True, True, False),
    Status.APPROVED: (False, False, False, True),
    CHANGES: (True, True, True, True),
    Status.REJECTED: (False, True, False, False),
    Status.WITHDRAWN: (False, False, False, False),
}


@pytest.fixture
def every_state():
    listings = {}
    for state in EXPECTED:
        if state == CHANGES:
            listings[state] = OrganisationFactory(pending_changes={"name": "Renamed"})
        else:
            listings[state] = OrganisationFactory(status=state)
    return listings


def states_of(queryset, listings) -> set[str]:
    by_pk = {organisation.pk: state for state, organisation in listings.items()}
    return {by_pk[pk] for pk in queryset.values_list("pk", flat=True)}


def expected(column: int) -> set[str]:
    return {state for state, row in EXPECTED.items() if row[column]}


def test_the_model_says_which_decision_fits_which_listing(every_state):
    for state, organisation in every_state.items():
        needs_review, approvable, rejectable, public = EXPECTED[state]
        assert organisation.needs_review is needs_review, state
        assert organisation.can_approve() is approvable, state
        assert organisation.can_reject() is rejectable, state
        assert organisation.is_public is public, state
        assert organisation.can_withdraw is (state != Status.WITHDRAWN), state
    assert states_of(Organisation.objects.needing_review(), every_state) == expected(0)
    assert states_of(Organisation.objects.approved(), every_state) == expected(3)


def test_the_admin_offers_and_applies_exactly_what_the_model_allows(every_state, admin_user):
    for state, organisation in every_state.items():
        offered = {item.label for item in moderation_menu_items(organisation, admin_user, "")}
        _, approvable, rejectable, _ = EXPECTED[state]
        wanted = {
            label for label, fits in [("Approve", approvable), ("Reject", rejectable)] if fits
        }
        assert offered == wanted, state
        assert ApproveBulkAction.is_applicable(organisation) is organisation.can_approve()
        assert RejectBulkAction.is_applicable(organisation) is organisation.can_reject()


def test_a_rejection_needs_a_reason_in_the_form_as_on_the_model():
    with pytest.raises(ValidationError):
        Organisation.clean_rejection_note("   ")
    assert Organisation.clean_rejection_note("  Not an organisation. ") == "Not an organisation."
    blank = RejectForm({"note": "   "})
    assert not blank.is_valid()
    assert blank.errors["note"] == [REJECTION_NEEDS_REASON]
    assert RejectForm({"note": " Spam "}).is_valid()


def test_who_may_moderate_is_who_hears_of_new_listings(django_user_model, admin_user):
    moderator = django_user_model.objects.create_user("mod@example.org", "x")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    editor = django_user_model.objects.create_user("ed@example.org", "x")
    editor.groups.add(Group.objects.get(name="Editors"))
    gone = django_user_model.objects.create_user("gone@example.org", "x", is_active=False)
    gone.groups.add(Group.objects.get(name="Moderators"))

    users = [moderator, editor, gone, admin_user]
    may = {user.email for user in users if Organisation.user_can_moderate(user)}
    assert may == {"mod@example.org", admin_user.email}
    assert set(moderator_emails()) == may
    assert not moderation_menu_items(OrganisationFactory(status=Status.AWAITING_REVIEW), editor, "")


def test_the_contacts_page_offers_withdrawal_where_the_model_allows_it(
    every_state, client, django_user_model
):
    contact = django_user_model.objects.create_user("contact@example.org", "x")
    Organisation.objects.update(owner=contact)
    client.force_login(contact)
    page = client.get(reverse("supporters:account")).content.decode()
    for organisation in every_state.values():
        link = reverse("supporters:withdraw", args=[organisation.pk])
        assert (link in page) is organisation.can_withdraw, organisation.status
