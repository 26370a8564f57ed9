"""Which signatures count, and which wait for an editor, is decided once, on the model.

The public count, the report's chart and totals, the petitions overview, the
dashboard panel, the "awaiting review" filter and the bulk decisions all call the
rules on `SignatureQuerySet` / `Signature`. These tests put one signature in every
state on a petition of each count mode and check that every one of those callers
gives the answer the model's rule gives, and that the rule itself says what the
campaign means by it.
"""

import re

import pytest
from django.http import QueryDict
from django.utils import timezone

from petitions import counts
from petitions.admin.bulk_actions import AcceptBulkAction, InvalidateBulkAction
from petitions.admin.charts import signatures_per_day
from petitions.admin.dashboard import SignaturesPanel
from petitions.admin.filters import filtered_signatures
from petitions.admin.reports import PetitionIndexView
from petitions.models import CountMode, Signature, Status
from tests.factories import PetitionPageFactory, SignatureFactory

pytestmark = pytest.mark.django_db

ERASED = {"erased_at": True}

# state: (fields, counted on a confirmed-only petition, counted on an all-signatures
# petition, awaiting review, confirmation withheld, may get a link)
STATES = {
    "pending": ({"status": Status.PENDING}, False, True, False, False, True),
    "confirmed": ({"status": Status.CONFIRMED}, True, True, False, False, False),
    "flagged pending": (
        {"status": Status.PENDING, "flagged": True},
        False,
        False,
        True,
        False,
        True,
    ),
    "flagged confirmed": (
        {"status": Status.CONFIRMED, "flagged": True},
        False,
        False,
        True,
        False,
        False,
    ),
    "held": (
        {"status": Status.PENDING, "flagged": True, "confirmation_held": True},
        False,
        False,
        True,
        True,
        False,
    ),
    "accepted, link not sent yet": (
        {"status": Status.PENDING, "confirmation_held": True},
        False,
        True,
        False,
        True,
        False,
    ),
    "rejected (invalidated)": ({"status": Status.INVALID}, False, False, False, False, False),
    "rejected after a flag": (
        {"status": Status.INVALID, "flagged": True},
        False,
        False,
        False,
        False,
        False,
    ),
    "erased, confirmed": (
        {"status": Status.CONFIRMED, **ERASED},
        True,
        True,
        False,
        False,
        False,
    ),
    "erased, pending": (
        {"status": Status.PENDING, **ERASED},
        False,
        True,
        False,
        False,
        True,
    ),
}


def states_where(column: int, *, include_pending: bool = False) -> set[str]:
    if column == 1 and include_pending:
        column = 2
    return {state for state, row in STATES.items() if row[column]}


@pytest.fixture(params=[CountMode.CONFIRMED, CountMode.ALL])
def every_state(request, site_tree):
    """A petition of each count mode with one signature in every state, by state."""
    petition = PetitionPageFactory(parent=site_tree["home"], publish=True, count_mode=request.param)
    signatures = {}
    for state, (fields, *_) in STATES.items():
        fields = dict(fields)
        erased = fields.pop("erased_at", False)
        signature = SignatureFactory(petition=petition, **fields)
        if erased:  # as the personal-data erasure leaves it
            signature.name = signature.email = ""
            signature.email_key = f"erased:{signature.pk}"
            signature.erased_at = timezone.now()
            signature.save()
        signatures[state] = signature
    return petition, signatures


def states_of(queryset, signatures) -> set[str]:
    by_pk = {signature.pk: state for state, signature in signatures.items()}
    return {by_pk[pk] for pk in queryset.values_list("pk", flat=True)}


def test_the_model_rules_say_what_counts_and_what_waits_for_an_editor(every_state):
    petition, signatures = every_state
    include_pending = petition.counts_pending
    mine = Signature.objects.filter(petition=petition)

    counted = states_where(1, include_pending=include_pending)
    assert states_of(mine.counted(include_pending=include_pending), signatures) == counted
    assert states_of(mine.awaiting_review(), signatures) == states_where(3)
    assert states_of(mine.confirmation_withheld(), signatures) == states_where(4)
    assert states_of(mine.may_get_link(), signatures) == states_where(5)
    # The same rules for one signature in hand.
    for state, signature in signatures.items():
        assert signature.is_counted(include_pending=include_pending) == (state in counted), state
        assert signature.is_awaiting_review == (state in states_where(3)), state
        assert signature.is_confirmation_withheld == (state in states_where(4)), state
        assert signature.may_get_link == (state in states_where(5)), state


def test_the_public_count_counts_what_the_model_counts(every_state):
    petition, _ = every_state
    expected = Signature.objects.filter(petition=petition).counted(
        include_pending=petition.counts_pending
    )
    assert counts.count_from_rows(petition.pk).total == expected.count()
    assert counts.petition_count_refresh(petition.pk).total == expected.count()


def test_the_report_chart_and_totals_agree_with_the_model(every_state, client, admin_user):
    petition, _ = every_state
    mine = Signature.objects.filter(petition=petition)
    counted = mine.counted(include_pending=petition.counts_pending).count()

    days = signatures_per_day(petition)
    assert sum(day["counted"] for day in days) == counted
    assert sum(day["total"] for day in days) == len(STATES)

    counts.petition_count_refresh(petition.pk)
    client.force_login(admin_user)
    report = client.get(f"/admin/petitions/{petition.pk}/").content.decode()
    totals = dict(re.findall(r'<td data-total="(\w+)">(\d+)</td>', report))
    assert int(totals["public"]) == counted
    assert int(totals["awaiting_review"]) == mine.awaiting_review().count()
    assert int(totals["pending"]) == mine.pending().count()
    assert int(totals["all"]) == len(STATES)


def test_the_overview_and_dashboard_agree_with_the_model(every_state):
    petition, _ = every_state
    mine = Signature.objects.filter(petition=petition)

    [row] = [row for row in PetitionIndexView().rows() if row.petition.pk == petition.pk]
    assert row.awaiting_review == mine.awaiting_review().count() == len(states_where(3))
    assert row.pending == mine.pending().count()

    panel = SignaturesPanel().get_context_data()
    assert panel["awaiting_review"] == mine.awaiting_review().count()
    assert panel["held"] == mine.awaiting_review().confirmation_withheld().count() == 1


def test_the_filter_and_bulk_decisions_act_on_what_the_model_names(every_state):
    petition, signatures = every_state
    mine = Signature.objects.filter(petition=petition)
    every = set(STATES)

    waiting = filtered_signatures(QueryDict(f"petition={petition.pk}&awaiting_review=true"))
    assert states_of(waiting, signatures) == states_where(3)
    others = filtered_signatures(QueryDict(f"petition={petition.pk}&awaiting_review=false"))
    assert states_of(others, signatures) == every - states_where(3)

    assert states_of(AcceptBulkAction.applicable(mine), signatures) == states_where(3)
    invalid = {"rejected (invalidated)", "rejected after a flag"}
    assert states_of(InvalidateBulkAction.applicable(mine), signatures) == every - invalid
