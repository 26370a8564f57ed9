import pytest

from tests.fakes.clinicaltrials import FakeClinicalTrials
from tests.trials.fixtures import fake_rules, tracker

__all__ = ["fake_rules", "tracker"]


@pytest.fixture
def fake_registry():
    fake = FakeClinicalTrials().start()
    yield fake
    fake.stop()


@pytest.fixture
def registry_settings(fake_registry, settings):
    """Point the tracker at the fake API (no waiting between tries)."""
    settings.CLINICALTRIALS_API_BASE = fake_registry.api_base
    settings.CLINICALTRIALS_MAX_RETRIES = 3
    settings.CLINICALTRIALS_RETRY_BASE_SECONDS = 0.001
    settings.CLINICALTRIALS_PAGE_SIZE = 1000
    return settings
