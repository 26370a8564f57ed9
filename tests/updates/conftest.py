import pytest

from tests.fakes.mailchimp import FakeMailchimp

WEBHOOK_SECRET = "hook-secret-0123456789"


@pytest.fixture
def fake_mailchimp(settings):
    """The real SDK pointed at a fake Mailchimp on 127.0.0.1, with short timeouts."""
    fake = FakeMailchimp().start()
    for name, value in fake.settings().items():
        setattr(settings, name, value)
    settings.MAILCHIMP_TIMEOUT = 1.0  # hangs in these tests last 2 s; a loaded machine needs room
    settings.MAILCHIMP_WEBHOOK_SECRET = WEBHOOK_SECRET
    yield fake
    fake.stop()
