"""Many people signing at once: one row per person, none lost.

These run in real transactions on separate connections (one per thread), so on
PostgreSQL they exercise the unique constraint under true concurrency.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from petitions import services
from petitions.models import Signature
from tests.factories import PetitionPageFactory

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8


@pytest.fixture
def live_petition(site_tree):
    return PetitionPageFactory(parent=site_tree["home"], publish=True)


def run_in_threads(function, arguments):
    def call(argument):
        try:
            return function(argument)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return list(pool.map(call, arguments))


def sign(petition, email, i):
    return services.signature_create(
        petition=petition, name=f"Signer {i}", email=email, ip=f"198.51.100.{i % 250}", country="GB"
    ).outcome


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite serialises writers; the race exists on PostgreSQL"
)
def test_many_threads_signing_the_same_address_make_one_signature(live_petition, settings):
    # The race under test is the insert, not the per-email limit: past that limit the
    # winner of the race would be held for review (whichever of the 40 got there first).
    settings.PETITION_RATE_LIMIT_EMAIL = "100/h"
    variants = ["same@example.org", "Same@Example.org", " same+x@example.org", "SAME@example.org"]
    outcomes = run_in_threads(
        lambda i: sign(live_petition, variants[i % len(variants)], i), range(40)
    )
    assert Signature.objects.filter(petition=live_petition).count() == 1
    assert outcomes.count(services.Outcome.SIGNED) == 1
    assert outcomes.count(services.Outcome.DUPLICATE) == 39


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite serialises writers; the race exists on PostgreSQL"
)
def test_many_threads_signing_different_addresses_make_exactly_that_many(live_petition):
    outcomes = run_in_threads(
        lambda i: sign(live_petition, f"person{i}@example.org", i), range(200)
    )
    assert outcomes.count(services.Outcome.SIGNED) == 200
    assert Signature.objects.filter(petition=live_petition).count() == 200
    assert (
        Signature.objects.filter(petition=live_petition).values("email_key").distinct().count()
        == 200
    )


def test_signing_in_turn_from_several_connections_loses_nothing(live_petition):
    """The same bookkeeping where SQLite can run it: one signer after another."""
    outcomes = [sign(live_petition, f"p{i}@example.org", i) for i in range(30)]
    outcomes += [sign(live_petition, "p0@example.org", 99)]
    assert outcomes.count(services.Outcome.SIGNED) == 30
    assert Signature.objects.filter(petition=live_petition).count() == 30
